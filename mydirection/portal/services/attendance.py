"""Registering attendance at a service (a group, a Time Bank exchange, coaching, a partner
venue) with a short code shown at the venue.

Codes are 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B,
6/G), work only while the session is on, and are limited to a few wrong tries an hour per
person. A person learns only that they are registered: never who else is. The reads (an office's
sessions, a person's attendances) are in ``portal.selectors``.
"""

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people.models import Person
from mydirection.portal.models import Attendance, CodeAttempt, ServiceSession

ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
LENGTH = 6
WRONG_TRIES_AN_HOUR = 5
# People arrive early: the code works from a little before the start.
EARLY = timedelta(minutes=15)


class Refused(Exception):
    """The code does not register anyone: the message says why, in plain words."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    return "".join(code.split()).upper()


def open_sessions(code: str, now: datetime) -> QuerySet[ServiceSession]:
    return ServiceSession.objects.filter(code=code, starts_at__lte=now + EARLY, ends_at__gte=now)


@transaction.atomic
def create_session(
    *,
    actor: StaffActor,
    kind: str,
    title: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
) -> ServiceSession:
    if actor.user.team is None:
        raise ValidationError("Only staff in an office can run sessions")
    if ends_at <= starts_at:
        raise ValidationError({"ends": "The end must be after the start"})
    # A code unique among sessions that overlap, so one code never means two sessions.
    while True:
        code = new_code()
        clash = ServiceSession.objects.filter(
            code=code, starts_at__lt=ends_at + EARLY, ends_at__gt=starts_at - EARLY
        )
        if not clash.exists():
            break
    session = ServiceSession.objects.create(
        kind=kind,
        title=title.strip(),
        place=place.strip(),
        office=actor.user.team.office,
        starts_at=starts_at,
        ends_at=ends_at,
        code=code,
        created_by=actor.user,
    )
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Service session created",
        details={"session": str(session.pk)},
    )
    return session


def wrong_tries(person: Person, now: datetime) -> int:
    return CodeAttempt.objects.filter(person=person, at__gt=now - timedelta(hours=1)).count()


def register(*, person: Person, code: str, now: datetime | None = None) -> Attendance:
    """The person registers with a code. A wrong code is remembered (and counts towards the
    limit) even though nothing else is saved."""
    now = now or timezone.now()
    if wrong_tries(person, now) >= WRONG_TRIES_AN_HOUR:
        raise Refused("You have tried too many codes. Try again in an hour, or ask staff")
    session = open_sessions(normalise(code), now).first()
    if session is None:
        CodeAttempt.objects.create(person=person)
        raise Refused("That code does not work. Check it and try again")
    with transaction.atomic():
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(session=session, person=person)
        except IntegrityError:
            attendance = Attendance.objects.get(session=session, person=person)
            return attendance
        record(
            actor=PersonActor(person),
            operation=Operation.COLLECT,
            what="Attendance registered in the app",
            subject_id=person.pk,
            details={"session": str(session.pk), "attendance": str(attendance.pk)},
        )
    return attendance


@transaction.atomic
def confirm(*, actor: StaffActor, attendance: Attendance) -> None:
    updated = Attendance.objects.filter(pk=attendance.pk, confirmed_at__isnull=True).update(
        confirmed_by=actor.user, confirmed_at=timezone.now()
    )
    if updated:
        record(
            actor=actor,
            operation=Operation.ALTER,
            what="Attendance confirmed",
            subject_id=attendance.person_id,
            details={"attendance": str(attendance.pk)},
        )
