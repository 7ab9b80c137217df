"""A volunteer's forms, on the staff site and in the app. They read what was typed; the rules
(who may sign up, when minutes are due, what an expense needs) live in ``rules`` and the
services, whose refusals go on the form by field name (``mydirection.forms.add_errors``)."""

import re
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone

from mydirection.forms import GovUKDateField, PoundsField
from mydirection.uploads.forms import UploadField
from mydirection.volunteering.models import Role, Volunteer


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def _short_text(label: str, required: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=200,
        error_messages={"required": required, "max_length": "Use 200 characters or fewer"},
        **kwargs,
    )


def parse_time(text: str) -> time | None:
    """Times as people type them: 10:30, 10.30, 1030, 2pm, 2:15pm, 14:15."""
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*([ap]\.?m\.?)?\s*", text.lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        kwargs.setdefault("help_text", "For example, 10:30am or 14:15")
        kwargs.setdefault("error_messages", {"required": "Enter the time"})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> time:
        parsed = parse_time(super().clean(value))
        if parsed is None:
            raise forms.ValidationError("Enter a real time, like 10:30am or 14:15")
        return parsed


# --- Sessions -------------------------------------------------------------------------------


class SignUpForm(forms.Form):
    role = forms.ChoiceField(
        label="Which role will you take?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role you will take"},
    )

    def __init__(self, *args: Any, roles: Iterable[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = {str(role.pk): role for role in roles}
        field = cast(forms.ChoiceField, self.fields["role"])
        field.choices = [(key, role.name) for key, role in self.roles.items()]
        if len(self.roles) == 1:
            self.fields["role"].initial = next(iter(self.roles))

    def chosen(self) -> Role:
        return self.roles[self.cleaned_data["role"]]


# --- Hours ----------------------------------------------------------------------------------


class _TimeGiven(forms.Form):
    hours = forms.IntegerField(
        label="Hours",
        min_value=0,
        max_value=24,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
        error_messages={
            "required": "Enter the hours, or 0",
            "invalid": "Hours must be a whole number, like 2",
            "min_value": "Hours must be 0 or more",
            "max_value": "Hours must be 24 or fewer",
        },
    )
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=0,
        max_value=59,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
        error_messages={
            "required": "Enter the minutes, or 0",
            "invalid": "Minutes must be a whole number, like 30",
            "min_value": "Minutes must be from 0 to 59",
            "max_value": "Minutes must be from 0 to 59",
        },
    )
    what = _short_text(
        "What did you do?",
        "Say what you did",
        help_text="For example, 'Set up the room for the recovery group'",
    )

    def total(self) -> int:
        return int(self.cleaned_data["hours"]) * 60 + int(self.cleaned_data["minutes"])

    def add_error(self, field: str | None, error: Any) -> None:
        # The services speak of the total, "minutes": it goes by the hours box.
        super().add_error("hours" if field == "minutes" else field, error)


class HoursForm(_TimeGiven):
    on = GovUKDateField(label="Date", not_future=True, help_text="For example, 27 3 2026")
    field_order = ["on", "hours", "minutes", "what"]


class ChangeHoursForm(_TimeGiven):
    reason = forms.CharField(
        label="Why should it change?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The coordinator reads this before they accept the change",
    )
    version = _version()

    def __init__(self, *args: Any, approved: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not approved:
            del self.fields["reason"]


# --- Expenses -------------------------------------------------------------------------------


class ClaimForm(forms.Form):
    spent_on = GovUKDateField(label="When did you spend it?", subject="The date", not_future=True)
    what = _short_text(
        "What was it for?",
        "Say what the money was spent on",
        help_text="For example, 'Bus fare to the recovery group'",
    )
    amount = PoundsField(label="Amount, in pounds", error_messages={"required": "Enter the amount"})
    receipt = UploadField(
        label="A photo or scan of the receipt",
        error_messages={"required": "Attach a photo or scan of the receipt"},
    )


# --- Circles --------------------------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]


class MeetingForm(forms.Form):
    held_at = GovUKDateField(label="Date of the meeting", subject="The date", not_future=True)
    time = TimeField(label="Time it started")
    person_attended = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select yes if they came"},
    )
    attended = forms.MultipleChoiceField(
        label="Which volunteers came?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    minutes = forms.CharField(
        label="Minutes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="You can write them now, or within 48 hours of the meeting",
    )

    def __init__(self, *args: Any, focus: str, members: Iterable[Volunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(v.pk): v for v in members}
        self.fields["person_attended"].label = f"Did {focus} come?"
        attended = cast(forms.MultipleChoiceField, self.fields["attended"])
        attended.choices = [(k, v.first_name) for k, v in self.members.items()]

    def when(self) -> datetime:
        return datetime.combine(
            self.cleaned_data["held_at"],
            self.cleaned_data["time"],
            tzinfo=timezone.get_current_timezone(),
        )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_at": self.when(),
            "person_attended": data["person_attended"] == "yes",
            "attended": [self.members[k] for k in data["attended"] if k in self.members],
            "minutes": data["minutes"],
        }


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label="Minutes",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What was talked about, what was agreed and who will do what",
        error_messages={"required": "Write the minutes"},
    )
    version = _version()


class ConcernForm(forms.Form):
    what = forms.CharField(
        label="What worries you?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Say what worries you"},
    )
