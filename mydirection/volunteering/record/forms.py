"""The case manager's volunteering forms: talking about volunteering with the person (their
readiness) and putting them forward as a volunteer. The services' refusals come back by field
name (``mydirection.forms.add_errors``)."""

from typing import Any

from django import forms

from mydirection.forms import GovUKDateField
from mydirection.volunteering.models import Pathway, ReadinessOutcome


class ReadinessForm(forms.Form):
    stability = forms.CharField(
        label="How settled is life now?",
        help_text="Housing, health, money, the people around them",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say how settled things are (housing, health, money, people)"},
    )
    wants = forms.CharField(
        label="What do they want from volunteering, in their words?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the person wants from volunteering, in their words"},
    )
    training = forms.CharField(
        label="Training done or wanted",
        help_text="Optional. For example, a first aid course, or peer mentoring (OCN level 2)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    pathway = forms.TypedChoiceField(
        label="Where are they on the pathway?",
        choices=Pathway.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where they are on the pathway"},
    )
    outcome = forms.ChoiceField(
        label="What did you decide together?",
        choices=ReadinessOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you decided"},
    )
    review_on = GovUKDateField(
        label="When will you talk about it again?",
        subject="The review date",
        required=False,
        future=True,
        help_text="Optional. For example, 27 3 2026",
    )

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PutForwardForm(forms.Form):
    motivation = forms.CharField(
        label="What would they like to do, in their words?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what they would like to do"},
    )
    availability = forms.CharField(
        label="When are they free?",
        help_text="For example, 'Weekday mornings'",
        max_length=200,
        error_messages={
            "required": "Say when they are free",
            "max_length": "Use 200 characters or fewer",
        },
    )
