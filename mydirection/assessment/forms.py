from typing import Any

from django import forms

from mydirection.assessment.models import AnsweredBy, AreaAnswer, Motivation
from mydirection.assessment.services import Answers

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": message},
    )


class AreaForm(forms.Form):
    """One area's answers. ``version`` is the version the editor started from."""

    motivation = forms.ChoiceField(
        choices=Motivation.choices,
        widget=forms.RadioSelect,
        help_text="Ask the person and record their own answer",
    )
    answered_by = forms.ChoiceField(
        label="Who answered?",
        choices=AnsweredBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who answered"},
    )
    strengths = forms.CharField(
        label="Strengths and protective factors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "What is going well, what they are good at, strategies that have worked, and the "
            "people and networks who support them"
        ),
    )
    linked_to_harm = _yes_no(
        "Is this area linked to risk of serious harm?",
        "Select yes if this area is linked to risk of serious harm",
    )
    harm_details = forms.CharField(
        label="Details of the link to risk of serious harm",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you answered yes",
    )
    linked_to_reoffending = _yes_no(
        "Is this area linked to risk of reoffending?",
        "Select yes if this area is linked to risk of reoffending",
    )
    reoffending_details = forms.CharField(
        label="Details of the link to risk of reoffending",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you answered yes",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, question: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["motivation"].label = question
        self.fields["motivation"].error_messages["required"] = (
            "Select the person's answer about making changes"
        )

    @staticmethod
    def initial_from(answer: AreaAnswer | None, version: int) -> dict[str, Any]:
        if answer is None:
            return {"version": version, "answered_by": AnsweredBy.PERSON_WITH_CASE_MANAGER}
        return {
            "version": version,
            "motivation": answer.motivation,
            "answered_by": answer.answered_by,
            "strengths": answer.strengths,
            "linked_to_harm": "yes" if answer.linked_to_harm else "no",
            "harm_details": answer.harm_details,
            "linked_to_reoffending": "yes" if answer.linked_to_reoffending else "no",
            "reoffending_details": answer.reoffending_details,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("linked_to_harm") and not data.get("harm_details", "").strip():
            self.add_error("harm_details", "Give details of the link to risk of serious harm")
        if data.get("linked_to_reoffending") and not data.get("reoffending_details", "").strip():
            self.add_error("reoffending_details", "Give details of the link to risk of reoffending")
        return data

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            motivation=data["motivation"],
            strengths=data["strengths"],
            linked_to_harm=data["linked_to_harm"],
            harm_details=data["harm_details"],
            linked_to_reoffending=data["linked_to_reoffending"],
            reoffending_details=data["reoffending_details"],
            answered_by=data["answered_by"],
        )
