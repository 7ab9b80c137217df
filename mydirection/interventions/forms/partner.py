"""Forms of the partner worker's pages: answering a referral, recording a session, closing it.

The rules (who may move a referral where, a decline needs a reason, a session date not in the
future) live in ``interventions.rules`` and the services; these forms only read what was typed.
"""

from typing import Any, cast

from django import forms

from mydirection.forms import GovUKDateField
from mydirection.interventions.models import EndReason, Status

ACCEPT, DECLINE = "accept", "decline"
COMPLETED, ENDED_EARLY = "completed", "ended_early"

# The reasons a provider can know of; the case manager records the rest (a breach, a sentence
# that ended, consent withdrawn) by withdrawing or closing the referral themselves.
PROVIDER_END_REASONS = [
    (reason.value, reason.label)
    for reason in (
        EndReason.PERSON_STOPPED,
        EndReason.PERSON_CHANGED_MIND,
        EndReason.CIRCUMSTANCES,
        EndReason.INTERVENTION_STOPPED,
        EndReason.OTHER,
    )
]


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        label="Can you take this referral?",
        choices=[(ACCEPT, "Yes, accept it"), (DECLINE, "No, decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you can take this referral"},
    )
    note = forms.CharField(
        label="If you decline it, say why",
        help_text="The case manager reads this. Do not write anything you would not say to "
        "the person.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Reason must be 1000 characters or fewer"},
    )
    version = _version()

    @property
    def accepted(self) -> bool:
        return bool(self.cleaned_data["answer"] == ACCEPT)


class SessionForm(forms.Form):
    on = GovUKDateField(
        label="Date of the session",
        help_text="For example, 27 3 2027",
        not_future=True,
    )
    attended = forms.TypedChoiceField(
        label="Did they come?",
        choices=[("yes", "Yes, they came"), ("no", "No, they did not come")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select whether they came to the session"},
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="A line about the session, for the case manager",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Note must be 300 characters or fewer"},
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="How did it end?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how it ended",
            "invalid_choice": "Select how it ended",
        },
    )
    end_reason = forms.ChoiceField(
        label="If it ended early, why?",
        choices=PROVIDER_END_REASONS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select why it ended early"},
    )
    note = forms.CharField(
        label="Anything the case manager should know (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Note must be 1000 characters or fewer"},
    )
    version = _version()

    def __init__(self, *args: Any, moves: list[Status], **kwargs: Any) -> None:
        """``moves``: where the provider may take the referral now (``rules.moves_from``)."""
        super().__init__(*args, **kwargs)
        choices = []
        if Status.COMPLETED in moves:
            choices.append((COMPLETED, "Completed"))
        if Status.ENDED_EARLY in moves:
            choices.append((ENDED_EARLY, "Ended early"))
        cast(forms.ChoiceField, self.fields["outcome"]).choices = choices

    @property
    def can_close(self) -> bool:
        """False before the provider has accepted it (they decline it instead)."""
        return bool(cast(forms.ChoiceField, self.fields["outcome"]).choices)

    @property
    def completed(self) -> bool:
        return bool(self.cleaned_data["outcome"] == COMPLETED)
