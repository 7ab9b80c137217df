"""Appointments, what happened at them, enforcement decisions and delivery of the order.

Each occurrence of a repeating appointment is its own row, linked to its series. A
rescheduled appointment keeps its row (status ``superseded``) and points at its replacement,
so the record shows what was arranged and who moved it.

The pilot's monitoring figures (attendance rate, needs discussed, tools used) are computed in
the database from ``Outcome``, ``NeedDiscussed`` and ``ToolUsed``: one row per need or tool,
so they aggregate with plain SQL on SQLite and PostgreSQL (see ``evaluation/monitoring.py``).
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from mydirection.practice import Area, ConversationKind, Tool
from mydirection.wording import counted


class LocationKind(models.TextChoices):
    OFFICE_ROOM = "office_room", "Office room"
    COMMUNITY_VENUE = "community_venue", "Community venue"
    PARTNER_VENUE = "partner_venue", "Partner venue (for example a women's centre)"


class Location(models.Model):
    """A place appointments happen, in the list an office manages."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    office = models.ForeignKey("staff.Office", on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=LocationKind.choices)
    address = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["office__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"], name="location_name_unique_in_office"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AppointmentType(models.TextChoices):
    SUPERVISION = "supervision", "Supervision"
    HOME_VISIT = "home_visit", "Home visit"
    UNPAID_WORK = "unpaid_work", "Unpaid work"
    PROGRAMME_SESSION = "programme_session", "Programme session"
    REHABILITATION_ACTIVITY = "rehabilitation_activity", "Rehabilitation activity"
    INDUCTION = "induction", "Induction"
    THREE_WAY = "three_way_review", "Review with a partner agency"
    OTHER = "other", "Other"


class Place(models.TextChoices):
    LISTED = "listed", "A location from the office's list"
    HOME = "home", "The person's home"
    OTHER = "other", "Another address"
    NONE = "none", "No place (phone or video)"


class Format(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "One-to-one"
    THREE_WAY = "three_way", "Three-way, with a keyworker from another agency"
    FAMILY = "family", "With family"
    GROUP = "group", "Group"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    FOUR_WEEKLY = "four_weekly", "Every 4 weeks"


class Status(models.TextChoices):
    ARRANGED = "arranged", "Arranged"
    SUPERSEDED = "superseded", "Rescheduled"
    CANCELLED = "cancelled", "Cancelled"


class RescheduledBy(models.TextChoices):
    PERSON = "person", "The person on probation"
    STAFF = "staff", "Staff"


class Series(models.Model):
    """A repeating appointment: how often, and how many or until when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="appointment_series"
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    count = models.PositiveSmallIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.get_frequency_display()


class Appointment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="appointments"
    )
    # Whose diary it is in: the case manager (or the member of staff) seeing the person.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    appointment_type = models.CharField(max_length=30, choices=AppointmentType.choices)
    place = models.CharField(max_length=10, choices=Place.choices, default=Place.LISTED)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    address = models.TextField(blank=True, help_text="For another address only")
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.ONE_TO_ONE)
    keyworker_name = models.CharField(max_length=120, blank=True)
    keyworker_agency = models.CharField(max_length=120, blank=True)
    requirement = models.ForeignKey(
        "people.Requirement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    sensitive = models.BooleanField(default=False)
    counts_as_rar = models.BooleanField("Counts as a rehabilitation activity day", default=False)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ARRANGED)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    rescheduled_by = models.CharField(max_length=10, choices=RescheduledBy.choices, blank=True)
    change_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # Kept by the outcome service in the outcome's transaction, so that what is still to do
    # (an outcome to record, an absence to decide) is an index lookup, not a visit to every
    # past appointment's outcome.
    has_outcome = models.BooleanField(default=False)
    absence_undecided = models.BooleanField(
        default=False, help_text="Its outcome is a failure to attend, the reason not yet known"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["staff", "starts_at"]),
            models.Index(fields=["person", "starts_at"]),
            models.Index(fields=["starts_at"]),
            # Overdue outcomes: a member of staff's live appointments in time order, with the
            # id (PostgreSQL) so the check for an outcome needs no visit to the table.
            models.Index(
                fields=["staff", "starts_at"],
                include=["id"],
                condition=models.Q(status="arranged"),
                name="appointment_live_staff_idx",
            ),
            # Outcomes to record in a member of staff's diary, and a person's appointments
            # still to follow up: only the rows that are due.
            models.Index(
                fields=["staff", "starts_at"],
                condition=models.Q(status="arranged", has_outcome=False),
                name="appointment_no_outcome_idx",
            ),
            models.Index(
                fields=["person", "starts_at"],
                condition=models.Q(status="arranged")
                & (models.Q(has_outcome=False) | models.Q(absence_undecided=True)),
                name="appointment_follow_up_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="appointment_duration_5_to_480",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_appointment_type_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_live(self) -> bool:
        return self.status == Status.ARRANGED

    @property
    def place_text(self) -> str:
        if self.place == Place.LISTED and self.location is not None:
            return self.location.name
        if self.place == Place.HOME:
            return "Home visit"
        if self.place == Place.OTHER:
            return self.address
        return self.get_format_display()


class OutcomeKind(models.TextChoices):
    ATTENDED_COMPLIED = "attended_complied", "Attended and complied"
    ATTENDED_FAILED_TO_COMPLY = "attended_failed_to_comply", "Attended but failed to comply"
    ACCEPTABLE_ABSENCE = "acceptable_absence", "Acceptable absence"
    UNACCEPTABLE_ABSENCE = "unacceptable_absence", "Unacceptable absence"
    FAILED_TO_ATTEND = "failed_to_attend", "Failed to attend (reason not yet known)"
    TO_BE_RESCHEDULED = "to_be_rescheduled", "To be rescheduled"


ATTENDED = (OutcomeKind.ATTENDED_COMPLIED, OutcomeKind.ATTENDED_FAILED_TO_COMPLY)
# Outcomes that count as a failure to comply for enforcement (National Standards).
ENFORCEABLE = (OutcomeKind.UNACCEPTABLE_ABSENCE, OutcomeKind.ATTENDED_FAILED_TO_COMPLY)


class AbsenceReason(models.TextChoices):
    MEDICAL = "medical", "Medical"
    COURT = "court", "Court or legal"
    EMPLOYMENT = "employment", "Employment or training"
    FAMILY = "family", "Family or childcare"
    RELIGIOUS = "religious", "Religious observance"
    HOLIDAY = "holiday", "Agreed holiday"
    PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"


class Outcome(models.Model):
    """What happened at an appointment. One per appointment; edits keep a version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="outcome"
    )
    outcome = models.CharField(max_length=30, choices=OutcomeKind.choices)
    absence_reason = models.CharField(max_length=30, choices=AbsenceReason.choices, blank=True)
    actual_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    attended_by = models.CharField(
        "Who attended", max_length=300, blank=True, help_text="Besides the person and you"
    )
    conversation = models.CharField(max_length=1, choices=ConversationKind.choices, blank=True)
    actions_agreed = models.TextField(blank=True)
    referrals_made = models.TextField(blank=True)
    # Goals discussed: the plan app adds a through table (OutcomeGoal) after merge, like
    # NeedDiscussed below, so it aggregates the same way.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["outcome"])]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def attended(self) -> bool:
        return self.outcome in ATTENDED


class NeedDiscussed(models.Model):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(max_length=30, choices=Area.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["outcome", "area"], name="need_discussed_once")
        ]
        indexes = [models.Index(fields=["area", "outcome"])]

    def __str__(self) -> str:
        return self.get_area_display()


class ToolUsed(models.Model):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="tools")
    tool = models.CharField(max_length=30, choices=Tool.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["outcome", "tool"], name="tool_used_once")]

    def __str__(self) -> str:
        return self.get_tool_display()


class OutcomeGoal(models.Model):
    """A goal of the person's plan discussed at the appointment: one row each, so that
    "contacts that worked on the plan" aggregates in SQL like ``NeedDiscussed``."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="goals")
    goal = models.ForeignKey("plans.Goal", on_delete=models.CASCADE, related_name="discussed_at")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["outcome", "goal"], name="goal_discussed_once")
        ]
        indexes = [models.Index(fields=["goal", "outcome"])]

    def __str__(self) -> str:
        return str(self.goal)


class NoteKind(models.TextChoices):
    FACT = "fact", "Fact"
    ASSESSMENT = "assessment", "Professional assessment"


class ContactNote(models.Model):
    """A note on a contact, marked as fact or as the case manager's professional assessment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="notes_list"
    )
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["written_at"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Decision(models.TextChoices):
    WARNING = "warning", "Warning"
    BREACH = "breach", "Breach (return to court) or recall"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    PENDING = "pending", "Decision pending (waiting for the person's response)"


class EnforcementDecision(models.Model):
    """A named person's decision on a failure to comply. The system never decides one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="enforcement_decisions"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="enforcement_decisions"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return self.get_decision_display()


class UnpaidWorkEntry(models.Model):
    """Hours worked, logged against an unpaid work requirement: the ledger behind its total."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requirement = models.ForeignKey(
        "people.Requirement", on_delete=models.PROTECT, related_name="hour_entries"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="unpaid_work_entries"
    )
    worked_on = models.DateField()
    hours = models.PositiveSmallIntegerField()
    project = models.CharField(max_length=200, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField()

    class Meta:
        ordering = ["-worked_on", "-logged_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=1, hours__lte=12), name="unpaid_work_1_to_12_hours"
            )
        ]

    def __str__(self) -> str:
        return f"{counted(self.hours, 'hour')} on {self.worked_on}"
