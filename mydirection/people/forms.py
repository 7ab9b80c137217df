from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone

from mydirection.forms import GovUKDateField
from mydirection.people.ending import NOTE_LENGTH
from mydirection.people.models import (
    Consent,
    ConsentPurpose,
    Ethnicity,
    OffenceCategory,
    Order,
    Person,
    Requirement,
    RequirementType,
    TerminationReason,
)
from mydirection.people.services import EDITABLE_FIELDS


def _width(size: int) -> dict[str, str]:
    return {"class": f"govuk-input govuk-input--width-{size}"}


class PersonForm(forms.ModelForm[Person]):
    """Add or change a person. ``version`` carries the version the editor started from."""

    date_of_birth = GovUKDateField(label="Date of birth", help_text="For example, 27 3 1990")
    programme_start = GovUKDateField(
        label="Joined the MyDirection programme",
        required=False,
        help_text="Leave blank if they are not on the programme",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "case_reference": forms.TextInput(attrs=_width(10) | {"spellcheck": "false"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "pronouns": forms.TextInput(attrs=_width(10)),
            "gender": forms.RadioSelect,
            "phone": forms.TextInput(attrs=_width(20) | {"type": "tel"}),
            "postcode": forms.TextInput(attrs=_width(10)),
            "address": forms.Textarea(attrs={"rows": 3}),
            "contact_preference": forms.RadioSelect,
            "accommodation": forms.RadioSelect,
            "employment": forms.Select,
            "deprivation_decile": forms.NumberInput(attrs=_width(2)),
            "previous_events": forms.NumberInput(attrs=_width(3)),
            "ogrs3": forms.NumberInput(attrs=_width(3)),
            "risk_level": forms.RadioSelect,
        }
        help_texts = {
            "preferred_name": "What they like to be called, if not their first name",
            "pronouns": "For example, she/her",
            "ethnicity": "As the person describes it. Leave as not recorded if they have not said",
        }
        error_messages = {
            "case_reference": {
                "required": "Enter the case reference number",
                "unique": "Another person already has this case reference number",
            },
            "first_name": {"required": "Enter their first name"},
            "last_name": {"required": "Enter their last name"},
            "gender": {"required": "Select their gender"},
            "index_offence": {"required": "Select the index offence category"},
            "previous_events": {
                "required": "Enter the number of previous offending events, or 0 if none",
                "max_value": "Previous offending events must be 500 or fewer",
            },
            "ogrs3": {
                "max_value": "OGRS3 score must be between 0 and 99",
                "min_value": "OGRS3 score must be between 0 and 99",
            },
            "deprivation_decile": {
                "max_value": "Deprivation decile must be between 1 and 10",
                "min_value": "Deprivation decile must be between 1 and 10",
            },
            "postcode": {"max_length": "Enter a real postcode, like HU1 2AB"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ethnicity"]).choices = [
            ("", "Not recorded"),
            *Ethnicity.choices,
        ]
        cast(forms.ChoiceField, self.fields["index_offence"]).choices = [
            ("", "Select a category"),
            *OffenceCategory.choices,
        ]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_case_reference(self) -> str:
        return str(self.cleaned_data["case_reference"]).strip().upper()

    def clean_postcode(self) -> str:
        return str(self.cleaned_data.get("postcode") or "").strip().upper()

    def clean_date_of_birth(self) -> date:
        born: date = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born >= today:
            raise forms.ValidationError("Date of birth must be in the past")
        if (today - born).days < 365 * 10:
            raise forms.ValidationError("The person must be at least 10 years old")
        if born.year < 1900:
            raise forms.ValidationError("Date of birth must be after 1900")
        return born

    def details(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in EDITABLE_FIELDS if key in self.cleaned_data}


class OrderForm(forms.ModelForm[Order]):
    sentence_date = GovUKDateField(label="Date of sentence")
    start_date = GovUKDateField(label="Start date")
    end_date = GovUKDateField(label="End date")

    class Meta:
        model = Order
        fields = ["order_type", "court", "sentence_date", "start_date", "end_date"]
        widgets = {"order_type": forms.RadioSelect}
        error_messages = {
            "order_type": {"required": "Select the type of order"},
            "court": {"required": "Enter the court that made the order"},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        sentenced, start, end = (
            cleaned.get("sentence_date"),
            cleaned.get("start_date"),
            cleaned.get("end_date"),
        )
        if sentenced and start and start < sentenced:
            self.add_error("start_date", "Start date must be on or after the date of sentence")
        if start and end and end <= start:
            self.add_error("end_date", "End date must be after the start date")
        return cleaned


class RequirementForm(forms.ModelForm[Requirement]):
    class Meta:
        model = Requirement
        fields = ["requirement_type", "description", "amount"]
        widgets = {
            "requirement_type": forms.RadioSelect,
            "amount": forms.NumberInput(attrs=_width(4)),
        }
        labels = {"amount": "How many hours, days or sessions"}
        error_messages = {"requirement_type": {"required": "Select the type of requirement"}}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        needs_amount = {
            RequirementType.UNPAID_WORK: "Enter the hours of unpaid work",
            RequirementType.REHABILITATION_ACTIVITY: "Enter the number of activity days",
        }
        kind = cleaned.get("requirement_type")
        if kind in needs_amount and not cleaned.get("amount"):
            self.add_error("amount", needs_amount[RequirementType(kind)])
        return cleaned


class ConsentForm(forms.ModelForm[Consent]):
    given_on = GovUKDateField(label="Date given")

    class Meta:
        model = Consent
        fields = ["purpose", "given_on", "details"]
        widgets = {"purpose": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 3})}
        labels = {"purpose": "What did the person agree to?"}
        error_messages = {"purpose": {"required": "Select what the person agreed to"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["purpose"]).choices = ConsentPurpose.choices

    def clean_given_on(self) -> date:
        given: date = self.cleaned_data["given_on"]
        if given > timezone.localdate():
            raise forms.ValidationError("Date given must be today or in the past")
        return given


class EndOrderForm(forms.Form):
    """How an order ended. The checks that matter are the service's (``ending.check_ending``);
    ``version`` carries the version of the order the editor started from."""

    reason = forms.ChoiceField(
        label="Why did the order end?",
        choices=TerminationReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the order ended"},
    )
    ended_on = GovUKDateField(
        label="When did the order end?",
        subject="The date the order ended",
        not_future=True,
        help_text="For example, 27 3 2026",
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="What happened, for whoever reads the record next. Needed if the reason is Other",
        max_length=NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The note must be {NOTE_LENGTH} characters or fewer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, order: Order) -> dict[str, Any]:
        """What is recorded, for a correction; an order past its end date ended on it."""
        ended = order.termination_reason or order.end_date < timezone.localdate()
        return {
            "reason": order.termination_reason or None,
            "ended_on": order.ends_on if ended else None,
            "note": order.termination_note,
            "version": order.version,
        }
