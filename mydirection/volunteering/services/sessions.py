"""Group sessions volunteers help run, their sign-ups and check-ins, and volunteers' hours:
logged by the volunteer, approved by the coordinator, changed once approved only by a request
with a reason."""

import uuid
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import Actor, StaffActor
from mydirection.access.models import Operation
from mydirection.staff.models import Office
from mydirection.versioning import StaleEdit, save_if_unchanged
from mydirection.volunteering import rules
from mydirection.volunteering.models import (
    ChangeStatus,
    Hours,
    HoursChange,
    HoursStatus,
    Need,
    Role,
    Session,
    Shift,
    Volunteer,
)
from mydirection.volunteering.services.log import log, log_volunteer

# A weekly series is made a year ahead at most.
MAX_WEEKS = 52


def add_sessions(
    *,
    actor: StaffActor,
    name: str,
    office: Office,
    place: str,
    starts_at: datetime,
    minutes: int,
    needs: Mapping[Role, int],
    weeks: int = 1,
    **fields: Any,
) -> list[Session]:
    """One session, or a weekly series of ``weeks``, each needing ``needs`` volunteers."""
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = "The first session must be in the future"
    if not 1 <= weeks <= MAX_WEEKS:
        errors["weeks"] = f"Enter a number of weeks from 1 to {MAX_WEEKS}"
    if not 0 < minutes <= rules.MAX_MINUTES:
        errors["minutes"] = "Enter how long it lasts, up to 24 hours"
    if not any(count > 0 for count in needs.values()):
        errors["needs"] = "Say how many volunteers it needs in at least one role"
    if errors:
        raise ValidationError(errors)
    series = uuid.uuid4() if weeks > 1 else None
    with transaction.atomic():
        sessions = Session.objects.bulk_create(
            Session(
                name=name.strip(),
                office=office,
                place=place.strip(),
                starts_at=starts_at + timedelta(weeks=week),
                minutes=minutes,
                series=series,
                created_by=actor.user,
                **fields,
            )
            for week in range(weeks)
        )
        Need.objects.bulk_create(
            Need(session=session, role=role, count=count)
            for session in sessions
            for role, count in needs.items()
            if count > 0
        )
        log(actor, Operation.COLLECT, "Volunteer session", None, sessions=len(sessions))
    return sessions


def sign_up(*, actor: Actor, session: Session, volunteer: Volunteer, role: Role) -> Shift:
    with transaction.atomic():
        # Sign-ups for one session take turns, so two volunteers cannot both take the last place.
        session = Session.objects.select_for_update().get(pk=session.pk)
        need = Need.objects.filter(session=session, role=role).first()
        taken = Shift.objects.filter(session=session, role=role, withdrawn_at__isnull=True)
        refusals = rules.shift_refusals(
            needed=need.count if need else 0,
            taken=taken.count(),
            placed_in_role=volunteer.placements.filter(role=role, ended_on__isnull=True).exists(),
            session_started=session.starts_at <= timezone.now() or session.cancelled,
        )
        if Shift.objects.filter(
            session=session, volunteer=volunteer, withdrawn_at__isnull=True
        ).exists():
            refusals.append("You are already signed up for this session")
        if refusals:
            raise ValidationError(refusals)
        shift = Shift.objects.create(session=session, volunteer=volunteer, role=role)
        log_volunteer(actor, Operation.COLLECT, "Volunteer sign-up", volunteer, shift=shift.pk)
    return shift


def withdraw(*, actor: Actor, shift: Shift) -> None:
    with transaction.atomic():
        if shift.session.starts_at <= timezone.now():
            raise ValidationError("The session has started: tell the coordinator instead")
        Shift.objects.filter(pk=shift.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        log_volunteer(actor, Operation.ALTER, "Volunteer sign-up", shift.volunteer, shift=shift.pk)


def check_in(*, actor: Actor, shift: Shift) -> Hours:
    """The volunteer arrives: checked in, and the session's time logged for approval."""
    session = shift.session
    now = timezone.now()
    if shift.withdrawn_at is not None:
        raise ValidationError("This sign-up was withdrawn")
    if now < session.starts_at - timedelta(hours=1):
        raise ValidationError("Check in on the day, up to an hour before the session")
    with transaction.atomic():
        if not Shift.objects.filter(pk=shift.pk, checked_in_at__isnull=True).update(
            checked_in_at=now
        ):
            raise ValidationError("You have already checked in")
        hours = Hours.objects.create(
            volunteer=shift.volunteer,
            shift=shift,
            on=timezone.localdate(session.starts_at),
            minutes=session.minutes,
            what=session.name,
        )
        log_volunteer(actor, Operation.COLLECT, "Volunteer hours", shift.volunteer, hours=hours.pk)
    return hours


def log_hours(*, actor: Actor, volunteer: Volunteer, on: date, minutes: int, what: str) -> Hours:
    refusals = rules.hours_refusals(minutes, on, timezone.localdate())
    if not what.strip():
        refusals["what"] = "Say what you did"
    if refusals:
        raise ValidationError(refusals)
    with transaction.atomic():
        hours = Hours.objects.create(volunteer=volunteer, on=on, minutes=minutes, what=what.strip())
        log_volunteer(actor, Operation.COLLECT, "Volunteer hours", volunteer, hours=hours.pk)
    return hours


def decide_hours(*, actor: StaffActor, hours: Hours, approve: bool, expected_version: int) -> None:
    with transaction.atomic():
        save_if_unchanged(
            Hours.objects.filter(status=HoursStatus.LOGGED),
            pk=hours.pk,
            expected_version=expected_version,
            status=HoursStatus.APPROVED if approve else HoursStatus.DECLINED,
            decided_by=actor.user,
            decided_at=timezone.now(),
        )
        log_volunteer(actor, Operation.ALTER, "Volunteer hours", hours.volunteer, hours=hours.pk)


def change_hours(
    *, actor: Actor, hours: Hours, minutes: int, what: str, reason: str, expected_version: int
) -> Hours | HoursChange:
    """Hours still waiting change in place; approved ones by a request with a reason."""
    refusals = rules.hours_refusals(minutes, hours.on, timezone.localdate())
    if not what.strip():
        refusals["what"] = "Say what you did"
    if hours.status == HoursStatus.APPROVED and not reason.strip():
        refusals["reason"] = "Say why the approved hours should change"
    if refusals:
        raise ValidationError(refusals)
    with transaction.atomic():
        if hours.status == HoursStatus.LOGGED:
            save_if_unchanged(
                Hours.objects.filter(status=HoursStatus.LOGGED),
                pk=hours.pk,
                expected_version=expected_version,
                minutes=minutes,
                what=what.strip(),
            )
            log_volunteer(
                actor, Operation.ALTER, "Volunteer hours", hours.volunteer, hours=hours.pk
            )
            return hours
        if hours.status != HoursStatus.APPROVED:
            raise ValidationError("Hours that were not approved cannot be changed: log them again")
        if hours.version != expected_version:
            raise StaleEdit
        if hours.changes.filter(status=ChangeStatus.REQUESTED).exists():
            raise ValidationError("A change to these hours is already waiting for a decision")
        change = HoursChange.objects.create(
            hours=hours, minutes=minutes, what=what.strip(), reason=reason.strip()
        )
        log_volunteer(
            actor, Operation.COLLECT, "Volunteer hours change", hours.volunteer, change=change.pk
        )
    return change


def decide_change(*, actor: StaffActor, change: HoursChange, accept: bool) -> None:
    with transaction.atomic():
        change = HoursChange.objects.select_for_update().select_related("hours").get(pk=change.pk)
        if change.status != ChangeStatus.REQUESTED:
            raise ValidationError("This change has already been decided")
        hours = change.hours
        values: dict[str, Any] = {
            "status": ChangeStatus.ACCEPTED if accept else ChangeStatus.REFUSED,
            "decided_by": actor.user,
            "decided_at": timezone.now(),
        }
        if accept:
            values |= {"was_minutes": hours.minutes, "was_what": hours.what}
            save_if_unchanged(
                Hours.objects,
                pk=hours.pk,
                expected_version=hours.version,
                minutes=change.minutes,
                what=change.what,
            )
        HoursChange.objects.filter(pk=change.pk).update(**values)
        log_volunteer(
            actor, Operation.ALTER, "Volunteer hours change", hours.volunteer, change=change.pk
        )
