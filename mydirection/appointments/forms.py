"""Forms for arranging, rescheduling, outcomes, decisions, hours and locations."""

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone

from mydirection.access.policy import Capability, may
from mydirection.appointments.models import (
    AbsenceReason,
    AppointmentType,
    Decision,
    Format,
    Frequency,
    Location,
    LocationKind,
    OutcomeKind,
    Place,
    RescheduledBy,
)
from mydirection.appointments.services.arranging import Details
from mydirection.appointments.services.outcomes import CRISIS_ELSEWHERE, OutcomeDetails
from mydirection.forms import GovUKDateField
from mydirection.people.models import Person, Requirement
from mydirection.practice import Area, ConversationKind, Tool
from mydirection.staff.models import Office

DURATIONS = [(m, f"{m} minutes") for m in (15, 30, 45)] + [
    (60, "1 hour"),
    (90, "1 hour 30 minutes"),
    (120, "2 hours"),
    (180, "3 hours"),
    (420, "7 hours (a full unpaid work day)"),
]


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
        text = super().clean(value)
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError("Enter a real time, like 10:30am or 14:15")
        return parsed


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())


class ArrangeForm(forms.Form):
    appointment_type = forms.ChoiceField(
        label="Type of appointment",
        choices=AppointmentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of appointment"},
    )
    date = GovUKDateField(label="Date", help_text="For example, 3 3 2027")
    time = TimeField(label="Time")
    duration_minutes = forms.TypedChoiceField(
        label="Expected length",
        coerce=int,
        choices=DURATIONS,
        initial=45,
        error_messages={"required": "Select the expected length"},
    )
    place = forms.ChoiceField(
        label="Where",
        choices=Place.choices,
        widget=forms.RadioSelect,
        initial=Place.LISTED,
        error_messages={"required": "Select where the appointment is"},
    )
    location = forms.ModelChoiceField(
        label="Location from the list",
        queryset=Location.objects.none(),
        required=False,
        empty_label="Select a location",
    )
    address = forms.CharField(
        label="Other address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only when the place is another address",
    )
    format = forms.ChoiceField(
        label="Format",
        choices=Format.choices,
        widget=forms.RadioSelect,
        initial=Format.ONE_TO_ONE,
        error_messages={"required": "Select the format"},
    )
    keyworker_name = forms.CharField(
        label="Keyworker's name",
        required=False,
        max_length=120,
        help_text="For a three-way meeting",
    )
    keyworker_agency = forms.CharField(
        label="Keyworker's agency",
        required=False,
        max_length=120,
        help_text="For example, the drug and alcohol service",
    )
    requirement = forms.ModelChoiceField(
        label="Requirement it delivers",
        queryset=Requirement.objects.none(),
        required=False,
        empty_label="None",
    )
    counts_as_rar = forms.BooleanField(
        label="Counts as a rehabilitation activity day", required=False
    )
    sensitive = forms.BooleanField(
        label="Sensitive: reminders and calendars show no detail", required=False
    )
    notes = forms.CharField(
        label="Notes for the appointment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the person needs to bring or know. Reminders never include these",
    )
    frequency = forms.ChoiceField(
        label="Repeat",
        choices=[("", "Does not repeat"), *Frequency.choices],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
    )
    repeat_count = forms.IntegerField(
        label="How many appointments in the series",
        required=False,
        min_value=2,
        max_value=52,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        help_text="Or give an end date below",
        error_messages={
            "min_value": "A series has at least 2 appointments",
            "max_value": "A series has at most 52 appointments",
        },
    )
    repeat_until = GovUKDateField(label="Or repeat until", required=False)
    confirm_clashes = forms.BooleanField(
        label="I have checked the clashes: arrange anyway", required=False
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.ModelChoiceField[Any], fields["location"]).queryset = Location.objects.filter(
            office_id=person.team.office_id, active=True
        )
        cast(
            forms.ModelChoiceField[Any], fields["requirement"]
        ).queryset = Requirement.objects.filter(order__person=person).select_related("order")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("frequency"):
            if not data.get("repeat_count") and not data.get("repeat_until"):
                self.add_error(
                    "repeat_count", "Enter how many appointments, or the date to repeat until"
                )
            elif data.get("repeat_count") and data.get("repeat_until"):
                self.add_error(
                    "repeat_count", "Enter how many appointments or an end date, not both"
                )
        return data

    def first_start(self) -> datetime:
        return at(self.cleaned_data["date"], self.cleaned_data["time"])

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            appointment_type=data["appointment_type"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            location=data["location"] if data["place"] == Place.LISTED else None,
            address=data["address"] if data["place"] == Place.OTHER else "",
            format=data["format"],
            keyworker_name=data["keyworker_name"],
            keyworker_agency=data["keyworker_agency"],
            requirement=data["requirement"],
            sensitive=data["sensitive"],
            counts_as_rar=data["counts_as_rar"],
            notes=data["notes"],
        )


class RescheduleForm(forms.Form):
    date = GovUKDateField(label="New date")
    time = TimeField(label="New time")
    rescheduled_by = forms.ChoiceField(
        label="Who asked to move it",
        choices=RescheduledBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who asked to move the appointment"},
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the appointment is being moved"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm_clashes = forms.BooleanField(
        label="I have checked the clashes: move it anyway", required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the appointment is cancelled"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=OutcomeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    absence_reason = forms.ChoiceField(
        label="Reason for the acceptable absence",
        choices=[("", "Select a reason"), *AbsenceReason.choices],
        required=False,
    )
    actual_minutes = forms.IntegerField(
        label="How long it lasted, in minutes",
        required=False,
        min_value=1,
        max_value=480,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "min_value": "Length must be between 1 and 480 minutes",
            "max_value": "Length must be between 1 and 480 minutes",
        },
    )
    attended_by = forms.CharField(
        label="Who else attended",
        required=False,
        max_length=300,
        help_text="For example, a keyworker, a family member or an interpreter",
    )
    needs = forms.MultipleChoiceField(
        label="Needs discussed",
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )
    tools = forms.MultipleChoiceField(
        label="Person-centred tools used",
        choices=Tool.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )
    # A crisis needs an emergency plan, recorded on the plan's own page (see services).
    goals = forms.MultipleChoiceField(
        label="Goals of the plan discussed",
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": "Select only goals from this person's plan"},
    )
    conversation = forms.ChoiceField(
        label="Conversation",
        choices=[
            ("", "Not recorded"),
            *((value, label) for value, label in ConversationKind.choices if value != "2"),
        ],
        required=False,
        help_text="Recorded on the plan too.",
        error_messages={"invalid_choice": CRISIS_ELSEWHERE},
    )
    actions_agreed = forms.CharField(
        label="Actions agreed", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    referrals_made = forms.CharField(
        label="Referrals made", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    facts = forms.CharField(
        label="Note: what happened (fact)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was said and done, as it happened",
    )
    assessment = forms.CharField(
        label="Note: your professional assessment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your judgement, marked as such so the person and others can tell it from fact",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, goals: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        """``goals``: (id, title) of the person's goals that may be ticked."""
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["goals"]).choices = list(goals)
        if not goals:
            del self.fields["goals"]

    def details(self) -> OutcomeDetails:
        data = self.cleaned_data
        return OutcomeDetails(
            outcome=data["outcome"],
            absence_reason=data["absence_reason"],
            actual_minutes=data["actual_minutes"],
            attended_by=data["attended_by"],
            conversation=data["conversation"],
            needs=list(data["needs"]),
            tools=list(data["tools"]),
            goals=list(data.get("goals", [])),
            actions_agreed=data["actions_agreed"],
            referrals_made=data["referrals_made"],
            facts=data["facts"],
            assessment=data["assessment"],
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision"},
    )
    reason = forms.CharField(
        label="Reason for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the decision"},
    )


class HoursForm(forms.Form):
    worked_on = GovUKDateField(label="Date worked", not_future=True)
    hours = forms.IntegerField(
        label="Hours worked",
        min_value=1,
        max_value=12,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
        error_messages={
            "required": "Enter the hours worked",
            "min_value": "Hours must be between 1 and 12 in a day",
            "max_value": "Hours must be between 1 and 12 in a day",
            "invalid": "Hours must be a whole number, like 6",
        },
    )
    project = forms.CharField(label="Project", required=False, max_length=200)


class LocationForm(forms.ModelForm[Location]):
    class Meta:
        model = Location
        fields = ["office", "name", "kind", "address", "active"]
        widgets = {"kind": forms.RadioSelect, "address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Enter the name of the location"},
            "kind": {"required": "Select the kind of location"},
            "office": {"required": "Select the office"},
        }

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = cast(forms.ModelChoiceField[Any], self.fields["office"])
        office.queryset = offices
        # One office (a senior's own): chosen already; several: a plain prompt, not "------".
        office.empty_label = None if offices.count() == 1 else "Select an office"
        cast(forms.ChoiceField, self.fields["kind"]).choices = LocationKind.choices
        self.fields["active"].label = "In use (shown when arranging)"


def offices_for(user: Any) -> Any:
    """An administrator manages every office's locations; a senior their own office's."""
    if may(user, Capability.ADMINISTER_STAFF):
        return Office.objects.all()
    return Office.objects.filter(teams__id=user.team_id)
