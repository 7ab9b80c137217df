"""Changes to appointments and the delivery of the order: one transaction each, logged.

Problems with what was asked are raised as ``ValidationError({field: message})`` so the view
can put each message next to its field. Nothing is written until every check has passed: a
repeating series is inserted whole or not at all.

Reminders (``reminders.py`` says when and what) are queued through the notifications app in
the same transaction as the change: arranging queues one per appointment, rescheduling cancels
the old one's and queues the new one's, cancelling cancels it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.appointments import reminders, rules
from mydirection.appointments.models import (
    ATTENDED,
    ENFORCEABLE,
    Appointment,
    ContactNote,
    Decision,
    EnforcementDecision,
    Format,
    Location,
    NeedDiscussed,
    NoteKind,
    Outcome,
    OutcomeGoal,
    OutcomeKind,
    Place,
    Series,
    Status,
    ToolUsed,
    UnpaidWorkEntry,
)
from mydirection.notifications.models import Purpose
from mydirection.notifications.services import cancel_messages, queue_message
from mydirection.people.models import Order, Person, Requirement, RequirementStatus, RequirementType
from mydirection.plans import services as plans
from mydirection.plans.models import Goal
from mydirection.practice import ConversationKind
from mydirection.staff.models import User
from mydirection.versioning import StaleEdit, save_if_unchanged


@dataclass
class Details:
    """What is arranged, whatever the dates."""

    appointment_type: str
    duration_minutes: int
    place: str = Place.LISTED
    location: Location | None = None
    address: str = ""
    format: str = Format.ONE_TO_ONE
    keyworker_name: str = ""
    keyworker_agency: str = ""
    requirement: Requirement | None = None
    sensitive: bool = False
    counts_as_rar: bool = False
    notes: str = ""


@dataclass
class Clash:
    starts_at: datetime
    whose: str  # "person" or "staff"
    other: Appointment


@dataclass
class Plan:
    starts: list[datetime]
    clashes: list[Clash] = field(default_factory=list)


def _live(queryset: Any) -> Any:
    return queryset.filter(status=Status.ARRANGED)


def check_details(person: Person, details: Details) -> None:
    problems: dict[str, str] = {}
    if details.place == Place.LISTED and details.location is None:
        problems["location"] = "Select a location from the list"
    if details.location is not None and details.location.office_id != person.team.office_id:
        problems["location"] = "Select a location of the person's office"
    if details.place == Place.OTHER and not details.address.strip():
        problems["address"] = "Enter the address"
    if details.format == Format.THREE_WAY and not (
        details.keyworker_name.strip() and details.keyworker_agency.strip()
    ):
        problems["keyworker_name"] = "Enter the keyworker's name and agency for a three-way meeting"
    if details.requirement is not None and details.requirement.order.person_id != person.pk:
        problems["requirement"] = "Select one of the person's requirements"
    if problems:
        raise ValidationError(problems)


def plan(
    *,
    person: Person,
    staff: User,
    starts: list[datetime],
    duration_minutes: int,
    now: datetime | None = None,
    replacing: Appointment | None = None,
) -> Plan:
    """Check the dates (refusing what cannot be) and find clashes to warn about.

    Refused: in the past, outside any order running on the day, overlapping another of the
    person's appointments (they cannot be in two places). Warned, with a confirm: the case
    manager has another appointment at the time, or the person has another one that day.
    """
    now = now or timezone.now()
    length = timedelta(minutes=duration_minutes)
    if not starts:
        raise ValidationError({"repeat_until": "The series has no appointments: check the dates"})
    if starts[0] < now:
        raise ValidationError({"date": "The appointment must be in the future"})
    orders = list(Order.objects.filter(person=person, ended_early_on__isnull=True))
    for start in starts:
        day = timezone.localtime(start).date()
        if not any(order.start_date <= day <= order.end_date for order in orders):
            field_name = "date" if start == starts[0] else "repeat_count"
            ends = max((order.end_date for order in orders), default=None)
            message = f"The appointment on {day:%-d %B %Y} is outside the order" + (
                f", which ends on {ends:%-d %B %Y}" if ends else ": there is no order"
            )
            raise ValidationError({field_name: message})
    window = Q(starts_at__lt=starts[-1] + length, starts_at__gt=starts[0] - timedelta(days=1))
    others = _live(Appointment.objects.filter(window).filter(Q(person=person) | Q(staff=staff)))
    if replacing is not None:
        others = others.exclude(pk=replacing.pk)
    result = Plan(starts)
    for other in others.select_related("person"):
        for start in starts:
            end = start + length
            same_time = rules.overlaps(start, end, other.starts_at, other.ends_at)
            if other.person_id == person.pk and same_time:
                raise ValidationError(
                    {
                        "time": f"{person.known_as} already has an appointment at "
                        f"{timezone.localtime(other.starts_at):%-I:%M%p on %-d %B %Y}".replace(
                            "AM", "am"
                        ).replace("PM", "pm")
                    }
                )
            if same_time:
                result.clashes.append(Clash(start, "staff", other))
            elif (
                other.person_id == person.pk
                and timezone.localtime(other.starts_at).date() == timezone.localtime(start).date()
            ):
                result.clashes.append(Clash(start, "person", other))
    return result


@transaction.atomic
def arrange(
    *,
    actor: StaffActor,
    person: Person,
    staff: User,
    first: datetime,
    details: Details,
    frequency: str = "",
    count: int | None = None,
    until: date | None = None,
    confirm_clashes: bool = False,
) -> tuple[list[Appointment], Plan]:
    """Arrange one appointment or a series; none yet while clashes wait for a confirm."""
    check_details(person, details)
    starts = rules.occurrences(first, frequency, count=count, until=until)
    checked = plan(
        person=person, staff=staff, starts=starts, duration_minutes=details.duration_minutes
    )
    if checked.clashes and not confirm_clashes:
        return [], checked
    series = None
    if frequency:
        series = Series.objects.create(
            person=person, frequency=frequency, count=count, until=until, created_by=actor.user
        )
    appointments = [
        Appointment(
            person=person,
            staff=staff,
            series=series,
            starts_at=start,
            created_by=actor.user,
            **details.__dict__,
        )
        for start in starts
    ]
    for appointment in appointments:
        appointment.full_clean(exclude=["series", "person", "staff", "created_by"])
    Appointment.objects.bulk_create(appointments)
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Appointments arranged" if series else "Appointment arranged",
        subject_id=person.pk,
        details={
            "appointments": [str(a.pk) for a in appointments],
            "series": str(series.pk) if series else "",
            "clashes_confirmed": len(checked.clashes),
        },
    )
    # In this transaction: a refused series (an error above) queues nothing.
    for appointment in appointments:
        _schedule_reminder(appointment)
    return appointments, checked


# What a replacement appointment does not inherit from the one it replaces.
_NOT_COPIED = {
    "id",
    "starts_at",
    "version",
    "created_by_id",
    "created_at",
    "status",
    "superseded_by_id",
    "rescheduled_by",
    "change_reason",
}


@transaction.atomic
def reschedule(
    *,
    actor: StaffActor,
    appointment: Appointment,
    new_start: datetime,
    rescheduled_by: str,
    reason: str,
    expected_version: int,
    confirm_clashes: bool = False,
) -> tuple[Appointment | None, Plan]:
    """Move an appointment: a new row, the old one kept as superseded and pointing at it."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the appointment is being moved"})
    checked = plan(
        person=appointment.person,
        staff=appointment.staff,
        starts=[new_start],
        duration_minutes=appointment.duration_minutes,
        replacing=appointment,
    )
    if checked.clashes and not confirm_clashes:
        return None, checked
    old = (
        Appointment.objects.select_for_update()
        .filter(pk=appointment.pk, version=expected_version, status=Status.ARRANGED)
        .first()
    )
    if old is None:
        raise StaleEdit
    kept = {
        f.attname: getattr(old, f.attname)
        for f in Appointment._meta.concrete_fields
        if f.attname not in _NOT_COPIED
    }
    new = Appointment(**kept, starts_at=new_start, created_by=actor.user)
    new.save(force_insert=True)
    Appointment.objects.filter(pk=old.pk).update(
        status=Status.SUPERSEDED,
        superseded_by=new,
        rescheduled_by=rescheduled_by,
        change_reason=reason,
        version=F("version") + 1,
    )
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Appointment rescheduled",
        subject_id=old.person_id,
        details={
            "appointment": str(old.pk),
            "replacement": str(new.pk),
            "asked_by": rescheduled_by,
        },
    )
    cancel_messages(_reminder_reference(old))
    _schedule_reminder(new)
    return new, checked


@transaction.atomic
def cancel(
    *, actor: StaffActor, appointment: Appointment, reason: str, expected_version: int
) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the appointment is cancelled"})
    save_if_unchanged(
        Appointment.objects.filter(status=Status.ARRANGED),
        pk=appointment.pk,
        expected_version=expected_version,
        status=Status.CANCELLED,
        change_reason=reason,
    )
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Appointment cancelled",
        subject_id=appointment.person_id,
        details={"appointment": str(appointment.pk)},
    )
    cancel_messages(_reminder_reference(appointment))


def _reminder_reference(appointment: Appointment) -> str:
    return f"appointment:{appointment.pk}"


def _reminder_place(appointment: Appointment) -> str:
    """Where the reminder says the appointment is: a name the person knows, never notes."""
    if appointment.place == Place.LISTED and appointment.location_id:
        return Location.objects.only("name").get(pk=appointment.location_id).name
    if appointment.place == Place.HOME:
        return "your home"
    if appointment.place == Place.OTHER:
        return appointment.address.splitlines()[0] if appointment.address else ""
    return ""  # a phone or video call has no place


def _office_phone(appointment: Appointment) -> str:
    """The phone number of the person's office (their team's), or "" when none is recorded."""
    phone = (
        Person.objects.filter(pk=appointment.person_id)
        .values_list("team__office__phone", flat=True)
        .first()
    )
    return phone or ""


def _schedule_reminder(appointment: Appointment) -> None:
    """Queue the reminder of a future appointment (none when it is too close or past)."""
    reminder = reminders.reminder_for(
        starts_at=appointment.starts_at,
        sensitive=appointment.sensitive,
        place_name="" if appointment.sensitive else _reminder_place(appointment),
        now=timezone.now(),
        office_phone=_office_phone(appointment),
    )
    if reminder is None:
        return
    person = appointment.person
    queue_message(
        person,
        Purpose.APPOINTMENT_REMINDER,
        "appointment_reminder",
        {
            "first_name": person.known_as,
            "date": reminder.date,
            "time": reminder.time,
            "place": reminder.place,
            "contact": reminder.contact,
        },
        send_after=reminder.due_at,
        reference=_reminder_reference(appointment),
    )


CRISIS_ELSEWHERE = (
    "Record a crisis (conversation 2) on the plan's Record a conversation page: it needs an "
    "emergency plan"
)


@dataclass
class OutcomeDetails:
    outcome: str
    absence_reason: str = ""
    actual_minutes: int | None = None
    attended_by: str = ""
    conversation: str = ""
    needs: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    # Ids of goals of the person's plan discussed (only theirs are accepted).
    goals: list[str] = field(default_factory=list)
    actions_agreed: str = ""
    referrals_made: str = ""
    facts: str = ""
    assessment: str = ""


def check_outcome(appointment: Appointment, details: OutcomeDetails, now: datetime) -> None:
    problems: dict[str, str] = {}
    if appointment.starts_at > now:
        problems["outcome"] = "You can record an outcome once the appointment has started"
    if not appointment.is_live:
        problems["outcome"] = (
            "This appointment was moved or cancelled: record the outcome on the new one"
        )
    attended = details.outcome in ATTENDED
    if details.outcome == OutcomeKind.ACCEPTABLE_ABSENCE and not details.absence_reason:
        problems["absence_reason"] = "Select the reason for the acceptable absence"
    if attended and not details.actual_minutes:
        problems["actual_minutes"] = "Enter how long the appointment lasted, in minutes"
    if details.conversation == ConversationKind.CRISIS:
        # A crisis needs an emergency plan, which only the plan's own page records.
        problems["conversation"] = CRISIS_ELSEWHERE
    if not attended and (details.needs or details.tools or details.actual_minutes):
        problems["needs"] = "Needs, tools and length are only for appointments the person attended"
    if details.goals:
        wanted = {str(goal) for goal in details.goals}
        own = Goal.objects.filter(plan__person_id=appointment.person_id, pk__in=wanted)
        if not attended:
            problems["goals"] = "Goals discussed are only for appointments the person attended"
        elif own.count() != len(wanted):
            problems["goals"] = "Select only goals from this person's plan"
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def record_outcome(
    *,
    actor: StaffActor,
    appointment: Appointment,
    details: OutcomeDetails,
    expected_version: int | None,
    now: datetime | None = None,
) -> Outcome:
    """Record (or correct) what happened. ``expected_version`` is None for a first record."""
    now = now or timezone.now()
    check_outcome(appointment, details, now)
    values = {
        "outcome": details.outcome,
        "absence_reason": details.absence_reason
        if details.outcome == OutcomeKind.ACCEPTABLE_ABSENCE
        else "",
        "actual_minutes": details.actual_minutes,
        "attended_by": details.attended_by,
        "conversation": details.conversation,
        "actions_agreed": details.actions_agreed,
        "referrals_made": details.referrals_made,
        "recorded_by": actor.user,
        "recorded_at": now,
    }
    existing = Outcome.objects.select_for_update().filter(appointment=appointment).first()
    if existing is None:
        if expected_version is not None:
            raise StaleEdit
        outcome = Outcome.objects.create(appointment=appointment, **values)
    else:
        if expected_version != existing.version:
            raise StaleEdit
        Outcome.objects.filter(pk=existing.pk).update(**values, version=F("version") + 1)
        outcome = Outcome.objects.get(pk=existing.pk)
        NeedDiscussed.objects.filter(outcome=outcome).delete()
        ToolUsed.objects.filter(outcome=outcome).delete()
        OutcomeGoal.objects.filter(outcome=outcome).delete()
    if details.conversation and (existing is None or existing.conversation != details.conversation):
        # The plan's phase follows contacts: the conversation goes on the plan, once.
        plans.record_conversation(
            person=appointment.person,
            kind=details.conversation,
            on=timezone.localtime(appointment.starts_at).date(),
            actor=actor,
        )
    NeedDiscussed.objects.bulk_create(
        [NeedDiscussed(outcome=outcome, area=area) for area in sorted(set(details.needs))]
    )
    ToolUsed.objects.bulk_create(
        [ToolUsed(outcome=outcome, tool=tool) for tool in sorted(set(details.tools))]
    )
    OutcomeGoal.objects.bulk_create(
        [
            OutcomeGoal(outcome=outcome, goal_id=goal)
            for goal in sorted(set(map(str, details.goals)))
        ]
    )
    notes = [
        ContactNote(
            appointment=appointment,
            kind=kind,
            text=text.strip(),
            written_by=actor.user,
            written_at=now,
        )
        for kind, text in (
            (NoteKind.FACT, details.facts),
            (NoteKind.ASSESSMENT, details.assessment),
        )
        if text.strip()
    ]
    ContactNote.objects.bulk_create(notes)
    record(
        actor=actor,
        operation=Operation.COLLECT if existing is None else Operation.ALTER,
        what="Appointment outcome recorded" if existing is None else "Appointment outcome changed",
        subject_id=appointment.person_id,
        details={"appointment": str(appointment.pk), "outcome": details.outcome},
    )
    return outcome


@transaction.atomic
def decide_enforcement(
    *, actor: StaffActor, appointment: Appointment, decision: str, reason: str
) -> EnforcementDecision:
    """A named person's decision, with their reason. Only on a failure to comply."""
    outcome = Outcome.objects.filter(appointment=appointment).first()
    if outcome is None or outcome.outcome not in ENFORCEABLE:
        raise ValidationError(
            {"decision": "Only an unacceptable absence or a failure to comply needs a decision"}
        )
    if decision not in Decision.values:
        raise ValidationError({"decision": "Select a decision"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the decision"})
    made = EnforcementDecision.objects.create(
        appointment=appointment,
        person_id=appointment.person_id,
        decision=decision,
        reason=reason.strip(),
        decided_by=actor.user,
        decided_at=timezone.now(),
    )
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Enforcement decision recorded",
        subject_id=appointment.person_id,
        details={"appointment": str(appointment.pk), "decision": decision},
    )
    return made


@transaction.atomic
def log_unpaid_work(
    *,
    actor: StaffActor,
    requirement: Requirement,
    worked_on: date,
    hours: int,
    project: str,
) -> UnpaidWorkEntry:
    """Add hours to the ledger and to the requirement's total, under a row lock.

    ``select_for_update`` makes concurrent loggers queue on the requirement row, so each
    reads the total the last one wrote and none is lost or pushes it past the order's hours.
    """
    locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if locked.requirement_type != RequirementType.UNPAID_WORK:
        raise ValidationError({"hours": "Hours can only be logged against unpaid work"})
    if worked_on > timezone.localdate():
        raise ValidationError({"worked_on": "The date worked must be today or in the past"})
    if not 1 <= hours <= 12:
        raise ValidationError({"hours": "Hours must be between 1 and 12 in a day"})
    if locked.amount is not None and locked.completed + hours > locked.amount:
        left = locked.amount - locked.completed
        raise ValidationError({"hours": f"Only {left} hours are left on this requirement"})
    entry = UnpaidWorkEntry.objects.create(
        requirement=locked,
        person_id=locked.order.person_id,
        worked_on=worked_on,
        hours=hours,
        project=project,
        logged_by=actor.user,
        logged_at=timezone.now(),
    )
    completed = locked.completed + hours
    status = (
        RequirementStatus.COMPLETED
        if locked.amount is not None and completed >= locked.amount
        else RequirementStatus.IN_PROGRESS
    )
    Requirement.objects.filter(pk=locked.pk).update(completed=completed, status=status)
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Unpaid work hours logged",
        subject_id=locked.order.person_id,
        details={"requirement": str(locked.pk), "hours": hours},
    )
    requirement.completed, requirement.status = completed, status
    return entry


@transaction.atomic
def save_location(*, actor: StaffActor, location: Location) -> Location:
    location.full_clean()
    location.save()
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Appointment location saved",
        details={"location": str(location.pk), "office": str(location.office_id)},
    )
    return location
