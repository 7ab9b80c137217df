"""Arranging, moving and cancelling appointments: one transaction each, logged.

Problems with what was asked are raised as ``ValidationError({field: message})`` so the view
can put each message next to its field. Nothing is written until every check has passed: a
repeating series is inserted whole or not at all.

Reminders (``appointments/reminders.py`` says when and what; ``services/reminders.py`` queues
them) go through the notifications app in the same transaction as the change: arranging queues
one per appointment, rescheduling cancels the old one's and queues the new one's, cancelling
cancels it.
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
from mydirection.appointments import rules
from mydirection.appointments.models import (
    Appointment,
    Format,
    Location,
    Place,
    Series,
    Status,
)
from mydirection.appointments.services import moves, reminders
from mydirection.people.models import Order, Person, Requirement
from mydirection.portal.models import MoveRequest
from mydirection.staff.models import User
from mydirection.summaries import services as summaries
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
        reminders.schedule(appointment)
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
    "has_outcome",
    "absence_undecided",
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
    answering: MoveRequest | None = None,
) -> tuple[Appointment | None, Plan]:
    """Move an appointment: a new row, the old one kept as superseded and pointing at it.

    ``answering``: the person's request (from the app) to move this appointment, which the
    move accepts, in the same transaction.
    """
    if answering is not None and answering.appointment_id != appointment.pk:
        raise ValueError("The request is to move another appointment")
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
    with summaries.tracking([appointment.pk]):
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
    reminders.cancel(old)
    reminders.schedule(new)
    if answering is not None:
        moves.accept(actor=actor, move=answering, replacement=new)
    return new, checked


@transaction.atomic
def cancel(
    *, actor: StaffActor, appointment: Appointment, reason: str, expected_version: int
) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the appointment is cancelled"})
    with summaries.tracking([appointment.pk]):
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
    reminders.cancel(appointment)
