"""The coordinator's forms. They read what was typed; the rules (who may be given a role,
which check may be asked for, when a circle may meet) live in ``rules`` and the services,
whose refusals come keyed by these fields' names and go on the form with
``mydirection.forms.add_errors``."""

import re
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from mydirection.forms import GovUKDateField
from mydirection.staff.models import User
from mydirection.volunteering.models import (
    CheckLevel,
    ConcernOutcome,
    Course,
    Decision,
    Mode,
    ReviewKind,
    Role,
    Stage,
    SuitabilityDecision,
    SupervisionKind,
    Volunteer,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def _yes_no(label: str, required: str, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": required},
        **kwargs,
    )


def _text(label: str, required: str | None = None, **kwargs: Any) -> forms.CharField:
    kwargs.setdefault("max_length", 200)
    messages = {"max_length": f"Use {kwargs['max_length']} characters or fewer"}
    if required:
        messages["required"] = required
    return forms.CharField(
        label=label, required=required is not None, error_messages=messages, **kwargs
    )


def _long_text(label: str, required: str | None = None, **kwargs: Any) -> forms.CharField:
    kwargs.setdefault("max_length", 3000)
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
    return _text(label, required, **kwargs)


def _name_of(volunteer: Volunteer) -> str:
    return f"{volunteer.first_name} {volunteer.last_name}"


def _short_name(volunteer: Volunteer) -> str:
    """First name and last initial: what a mentor is chosen by."""
    return f"{volunteer.first_name} {volunteer.last_name[:1]}".strip()


class ChosenField(forms.ChoiceField):
    """One of ``objects`` (set by the form with ``offer``), by id."""

    def __init__(self, **kwargs: Any) -> None:
        required = (kwargs.get("error_messages") or {}).get("required")
        super().__init__(**kwargs)
        self.objects: dict[str, Any] = {}
        # One no longer offered (taken meanwhile) reads as not chosen, never as an id.
        self.error_messages["invalid_choice"] = required or "Select one from the list"

    def offer(self, objects: Iterable[Any], label: Any = str, blank: str = "") -> None:
        self.objects = {str(o.pk): o for o in objects}
        choices: list[tuple[str, str]] = [("", blank)] if blank else []
        self.choices = choices + [(key, label(o)) for key, o in self.objects.items()]

    def chosen(self, value: str) -> Any:
        return self.objects.get(value)


# --- Volunteers -----------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    first_name = _text("First name", "Enter their first name", max_length=60)
    last_name = _text("Last name", "Enter their last name", max_length=60)
    phone = _text(
        "Phone number",
        max_length=30,
        help_text="Optional",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="Optional",
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    lived_experience = _yes_no(
        "Do they have lived experience of the justice system?",
        "Select whether they have lived experience of the justice system",
        help_text="A suitability decision is then made before any role, separate from checks",
    )
    motivation = _long_text("Why they want to volunteer, in their words", help_text="Optional")
    availability = _text("When they are free", help_text="Optional. For example, weekday mornings")
    account = ChosenField(
        label="Their account to sign in with",
        required=False,
        help_text="Optional. An account the administrator made for them, with the volunteer "
        "role. Without one, you record their hours and check them in",
    )

    def __init__(self, *args: Any, accounts: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenField = self.fields["account"]  # type: ignore[assignment]
        field.offer(
            accounts,
            lambda user: f"{user.display_name} ({user.username})",
            blank="No account: they do not sign in",
        )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        field: ChosenField = self.fields["account"]  # type: ignore[assignment]
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "phone": data["phone"].strip(),
            "email": data["email"].strip(),
            "lived_experience": data["lived_experience"],
            "motivation": data["motivation"].strip(),
            "availability": data["availability"].strip(),
            "user": field.chosen(data["account"]),
        }


class ReferenceForm(forms.Form):
    referee = _text("Referee's name", "Enter the referee's name", max_length=120)
    relationship = _text(
        "How they know the volunteer",
        "Say how the referee knows them",
        max_length=120,
        help_text="For example, employer, tutor or support worker",
    )


class ReceiveReferenceForm(forms.Form):
    satisfactory = _yes_no(
        "Is the reference satisfactory?", "Select whether the reference is satisfactory"
    )


class CheckRoleForm(forms.Form):
    """The first step of asking for a check: the role it is for."""

    role = ChosenField(
        label="Which role is the check for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role the check is for"},
    )

    def __init__(self, *args: Any, roles: Iterable[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenField = self.fields["role"]  # type: ignore[assignment]
        field.offer(roles, lambda r: f"{r.name}: {r.get_check_level_display().lower()}")


class LevelField(forms.TypedChoiceField):
    """Offers the levels up to the role's, and takes any level: one above the role's is
    refused by the service, with the reason (it is an offence to ask for it)."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in {str(level) for level in CheckLevel.values}


class CheckForm(forms.Form):
    """The level to ask for: only up to the role's (the service refuses any above)."""

    role = forms.CharField(widget=forms.HiddenInput)
    level = LevelField(
        label="Which level of check?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of check to ask for"},
    )

    def __init__(self, *args: Any, role: Role, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: LevelField = self.fields["level"]  # type: ignore[assignment]
        field.choices = [
            (value, label)
            for value, label in CheckLevel.choices
            if CheckLevel.NONE < value <= role.check_level
        ]
        field.help_text = (
            f"{role.name} is eligible for {role.get_check_level_display().lower()} at most"
        )
        self.initial.setdefault("role", str(role.pk))


class DecideCheckForm(forms.Form):
    version = _version()
    certificate_number = _text(
        "Certificate number",
        "Enter the 12-digit certificate number",
        max_length=20,
        help_text="12 digits, at the top of the certificate",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    issued_on = GovUKDateField(
        label="Date of issue", not_future=True, help_text="For example, 27 3 2026"
    )
    update_service = _yes_no(
        "Is the certificate on the update service?",
        "Select whether the certificate is on the update service",
    )
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(Decision.CLEAR, "Cleared for the role"), (Decision.NOT_CLEAR, "Not cleared")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the volunteer is cleared for the role"},
    )


class SuitabilityForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=SuitabilityDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    factors = _long_text(
        "What was weighed",
        "Say what was weighed",
        help_text="The role, when and what the offence was, whether the role gives a realistic "
        "chance to offend, and the supervision they will have. The coordinator and the case "
        "manager read this; the volunteer does not",
    )


class TrainingForm(forms.Form):
    course = forms.ChoiceField(
        label="Training",
        choices=Course.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the training they did"},
    )
    completed_on = GovUKDateField(
        label="Date they completed it", not_future=True, help_text="For example, 27 3 2026"
    )


class BoundariesForm(forms.Form):
    version = _version()
    on = GovUKDateField(
        label="Date they signed the agreement", not_future=True, help_text="For example, 27 3 2026"
    )


class GiveRoleForm(forms.Form):
    role = ChosenField(
        label="Which role?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role to give"},
    )

    def __init__(self, *args: Any, roles: Iterable[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenField = self.fields["role"]  # type: ignore[assignment]
        field.offer(roles)


STAGE_CHOICES = [
    (Stage.ON_HOLD, "Put on hold"),
    (Stage.LEFT, "They have left (their roles end)"),
    (Stage.ACTIVE, "Active again"),
]


class StageForm(forms.Form):
    version = _version()
    stage = forms.ChoiceField(
        label="What is changing?",
        choices=STAGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is changing"},
    )
    stage_reason = _long_text(
        "Why", help_text="Needed when they go on hold or leave", max_length=1000
    )
    on_hold_until = GovUKDateField(
        label="On hold until",
        required=False,
        future=True,
        help_text="Optional. For example, 1 6 2027",
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ChoiceField = self.fields["stage"]  # type: ignore[assignment]
        field.choices = [
            (value, label)
            for value, label in STAGE_CHOICES
            if value != current and (value != Stage.ACTIVE or current == Stage.ON_HOLD)
        ]


WELLBEING = [
    ("1", "1: struggling"),
    ("2", "2: finding it hard"),
    ("3", "3: getting by"),
    ("4", "4: well"),
    ("5", "5: very well"),
]


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was it?",
        choices=SupervisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select supervision or a wellbeing check-in"},
    )
    held_on = GovUKDateField(label="Date", not_future=True, help_text="For example, 27 3 2026")
    wellbeing = forms.TypedChoiceField(
        label="How are they doing?",
        choices=WELLBEING,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Optional for supervision. A 1 or 2 shows on your home page to follow up",
    )
    notes = _long_text("Notes", help_text="Optional", max_length=3000)


# --- The role catalogue ---------------------------------------------------------------------


class RoleForm(forms.Form):
    version = _version()
    name = _text("Name of the role", "Enter the role's name", max_length=120)
    description = _long_text("What the role involves", help_text="Optional", max_length=2000)
    check_level = forms.TypedChoiceField(
        label="Criminal record check the role is eligible for",
        choices=CheckLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="No check above this can be asked for a volunteer in this role",
        error_messages={"required": "Select the level of check"},
    )
    training = forms.MultipleChoiceField(
        label="Training it needs",
        choices=Course.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    supervision_days = forms.IntegerField(
        label="Supervised at least every (days)",
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        help_text="For example, 42 for every 6 weeks",
        error_messages={
            "required": "Enter how often they are supervised, in days",
            "invalid": "Enter a whole number of days",
            "min_value": "Enter how often they are supervised, from 1 to 365 days",
            "max_value": "Enter how often they are supervised, from 1 to 365 days",
        },
    )
    mentoring = forms.BooleanField(label="A peer mentor role", required=False)
    circles = forms.BooleanField(label="A Life Links circle role", required=False)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "check_level": data["check_level"],
            "training": list(data["training"]),
            "supervision_days": data["supervision_days"],
            "mentoring": data["mentoring"],
            "circles": data["circles"],
        }


class ChangeRoleForm(RoleForm):
    active = forms.BooleanField(
        label="Offered now",
        required=False,
        help_text="Untick to stop giving this role. Volunteers who hold it keep it",
    )

    def values(self) -> dict[str, Any]:
        return super().values() | {"active": self.cleaned_data["active"]}


def role_initial(role: Role) -> dict[str, Any]:
    return {
        "version": role.version,
        "name": role.name,
        "description": role.description,
        "check_level": role.check_level,
        "training": list(role.training),
        "supervision_days": role.supervision_days,
        "mentoring": role.mentoring,
        "circles": role.circles,
        "active": role.active,
    }


# --- Sessions and hours ---------------------------------------------------------------------


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


DURATIONS = [
    (60, "1 hour"),
    (90, "1 hour 30 minutes"),
    (120, "2 hours"),
    (150, "2 hours 30 minutes"),
    (180, "3 hours"),
    (240, "4 hours"),
    (420, "A day (7 hours)"),
]


class SessionForm(forms.Form):
    name = _text(
        "Name of the session",
        "Enter the session's name",
        max_length=120,
        help_text="For example, Induction or Recovery group",
    )
    place = _text("Where", "Enter where it is", max_length=120)
    starts_at = GovUKDateField(
        label="Date", subject="Date of the first session", help_text="For example, 3 3 2027"
    )
    time = TimeField(label="Start time")
    minutes = forms.TypedChoiceField(
        label="How long it lasts",
        choices=DURATIONS,
        coerce=int,
        initial=120,
        error_messages={"required": "Select how long it lasts"},
    )
    weeks = forms.IntegerField(
        label="How many weeks",
        min_value=1,
        max_value=52,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        help_text="1 for a single session; more for the same day and time each week",
        error_messages={
            "required": "Enter a number of weeks from 1 to 52",
            "invalid": "Enter a number of weeks from 1 to 52",
            "min_value": "Enter a number of weeks from 1 to 52",
            "max_value": "Enter a number of weeks from 1 to 52",
        },
    )

    def __init__(self, *args: Any, roles: Iterable[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = list(roles)
        for role in self.roles:
            self.fields[self.need_name(role)] = forms.IntegerField(
                label=role.name,
                min_value=0,
                max_value=20,
                required=False,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
                error_messages={
                    "invalid": "Enter a number of volunteers from 0 to 20",
                    "min_value": "Enter a number of volunteers from 0 to 20",
                    "max_value": "Enter a number of volunteers from 0 to 20",
                },
            )

    @staticmethod
    def need_name(role: Role) -> str:
        return f"need_{role.pk.hex}"

    def need_fields(self) -> list[forms.BoundField]:
        return [self[self.need_name(role)] for role in self.roles]

    def first_need(self) -> str:
        return self.need_name(self.roles[0]) if self.roles else "name"

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        starts = datetime.combine(
            data["starts_at"], data["time"], tzinfo=timezone.get_current_timezone()
        )
        return {
            "name": data["name"],
            "place": data["place"],
            "starts_at": starts,
            "minutes": data["minutes"],
            "weeks": data["weeks"],
            "needs": {role: data.get(self.need_name(role)) or 0 for role in self.roles},
        }


class VersionForm(forms.Form):
    version = _version()


class HoursDecisionForm(forms.Form):
    version = _version()
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")],
        error_messages={"required": "Choose whether to approve the hours"},
    )


class ChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("refuse", "Refuse")],
        error_messages={"required": "Choose whether to accept the change"},
    )


# --- Expenses -------------------------------------------------------------------------------


class ExpenseDecisionForm(forms.Form):
    version = _version()
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the claim"), ("decline", "Decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the claim"},
    )
    reason = _long_text(
        "Why it is declined",
        help_text="Needed if you decline it. The volunteer reads this",
        max_length=1000,
    )


# --- Peer mentors ---------------------------------------------------------------------------


class MentorForm(forms.Form):
    mentor = ChosenField(
        label="Choose a peer mentor",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a peer mentor"},
    )

    def __init__(self, *args: Any, mentors: Iterable[Volunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenField = self.fields["mentor"]  # type: ignore[assignment]
        field.offer(mentors, _short_name)


class ConflictForm(forms.Form):
    mentor = forms.CharField(widget=forms.HiddenInput)
    co_defendant = _yes_no("Were they co-defendants?", "Select whether they were co-defendants")
    victim = _yes_no(
        "Was either of them a victim of the other?",
        "Select whether either of them was a victim of the other",
    )
    family = _yes_no("Are they family?", "Select whether they are family")
    known_associate = _yes_no(
        "Are they known associates?", "Select whether they are known associates"
    )


class EndMatchForm(forms.Form):
    reason = _long_text("Why the mentoring ends", "Say why the mentoring ends", max_length=1000)


# --- Circles --------------------------------------------------------------------------------


class CircleForm(forms.Form):
    chosen_on = GovUKDateField(
        label="When did the person choose to have a circle?",
        subject="The date they chose it",
        not_future=True,
        help_text="For example, 27 3 2026",
    )
    purpose = _long_text(
        "The circle's purpose, in their words",
        "Write the circle's purpose in the person's words",
        max_length=2000,
        help_text="What they want the circle to help with. They read this in their app",
    )
    mode = forms.ChoiceField(
        label="What kind of circle?",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of circle"},
    )


class CircleVolunteerForm(forms.Form):
    volunteer = ChosenField(
        label="Volunteer",
        error_messages={"required": "Select a volunteer"},
        help_text="Active volunteers with a circle role",
    )

    def __init__(self, *args: Any, volunteers: Iterable[Volunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenField = self.fields["volunteer"]  # type: ignore[assignment]
        field.offer(volunteers, _name_of, blank="Choose a volunteer")


class OuterMemberForm(forms.Form):
    name = _text("Name", "Enter their name", max_length=120)
    organisation = _text(
        "Organisation",
        "Enter their organisation",
        max_length=120,
        help_text="For example, Humberside Police or the Probation Service",
    )
    role = _text("Their role", "Enter their role", max_length=120)


class TaskForm(forms.Form):
    what = _text("What needs doing", "Say what needs doing", max_length=200)
    volunteer = ChosenField(label="Who does it", required=False, help_text="Optional")
    due_on = GovUKDateField(
        label="Due by", required=False, help_text="Optional. For example, 3 3 2027"
    )

    def __init__(self, *args: Any, volunteers: Iterable[Volunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ChosenField = self.fields["volunteer"]  # type: ignore[assignment]
        field.offer(volunteers, _name_of, blank="Anyone in the circle")


class TriageForm(forms.Form):
    version = _version()
    outcome = forms.ChoiceField(
        label="What was done?",
        choices=ConcernOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was done"},
    )
    outcome_note = _long_text("What was done and why", "Say what was done and why", max_length=3000)


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which review?",
        choices=ReviewKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which review"},
    )
    notes = _long_text(
        "What the person and the circle said",
        "Write what the person and the circle said",
        help_text="What went well, what changes",
    )
    end_reason = _long_text(
        "Why the circle ends",
        help_text="For an end-of-circle review only: the circle ends when you save it",
        max_length=1000,
    )
