"""The programme manager's forms: interventions, their availability, partner organisations."""

from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from mydirection.forms import GovUKDateField
from mydirection.interventions.models import Intervention, Kind
from mydirection.interventions.services.catalogue import INTERVENTION_FIELDS
from mydirection.staff.models import Office, Organisation


class InterventionForm(forms.ModelForm[Intervention]):
    """Adding or changing an intervention (its availability has forms of its own)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Intervention
        fields = list(INTERVENTION_FIELDS)
        labels = {
            "office": "Which office offers it?",
            "name": "Name",
            "kind": "What kind of intervention is it?",
            "provider": "Who runs it?",
            "offer": "What it offers",
            "eligibility": "Who it is for",
            "capacity": "How many people can it work with at once?",
        }
        help_texts = {
            "name": "As people know it. For example, 'Hull Time Bank'",
            "offer": "In plain words: people on probation read this in their app",
            "eligibility": "Optional. For example, 'Women on probation in Hull'",
            "capacity": "Optional. Leave empty if there is no limit",
        }
        widgets = {
            "offer": forms.Textarea(attrs={"rows": 4}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "capacity": forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        }
        error_messages = {
            "office": {"required": "Select the office that offers it"},
            "name": {"required": "Enter the name of the intervention"},
            "kind": {"required": "Select what kind of intervention it is"},
            "offer": {"required": "Say what it offers, in plain words"},
            "capacity": {
                "invalid": "The number of places must be a whole number, like 12",
                "min_value": "The number of places must be 0 or more",
            },
            NON_FIELD_ERRORS: {
                "unique_together": "The office already has an intervention with this name: "
                "choose another name"
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = cast(forms.ModelChoiceField[Office], self.fields["office"])
        office.empty_label = "Select an office"
        provider = cast(forms.ModelChoiceField[Organisation], self.fields["provider"])
        provider.empty_label = "The probation service itself"
        kind = cast(forms.TypedChoiceField, self.fields["kind"])
        kind.choices = [("", "Select a kind"), *Kind.choices]

    @property
    def values(self) -> dict[str, Any]:
        """What the catalogue services take."""
        return {name: self.cleaned_data[name] for name in INTERVENTION_FIELDS}


class PauseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why is it paused?",
        help_text="Case managers and the provider see this, and people with open referrals "
        "are told",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why it is paused"},
    )
    until = GovUKDateField(
        label="When will it take referrals again?",
        subject="The date the pause ends",
        help_text="Optional. Leave empty if you do not know yet. For example, 27 3 2027",
        required=False,
    )


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why is it being withdrawn?",
        help_text="This goes into the history of every referral it ends",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why it is being withdrawn"},
    )


class OrganisationForm(forms.ModelForm[Organisation]):
    website = forms.URLField(
        label="Website",
        help_text="Optional. For example, www.example.org",
        assume_scheme="https",
        required=False,
        error_messages={"invalid": "Enter a website address like https://www.example.org"},
    )

    class Meta:
        model = Organisation
        fields = ["name", "description", "phone", "email", "website"]
        labels = {
            "name": "Name",
            "description": "What it does",
            "phone": "Phone number",
            "email": "Email address",
        }
        help_texts = {
            "description": "Optional. One line case managers read when they refer",
            "phone": "Optional",
            "email": "Optional",
        }
        widgets = {
            "phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the organisation",
                "unique": "There is already an organisation with this name",
            },
            "email": {"invalid": "Enter an email address like name@example.org"},
        }
