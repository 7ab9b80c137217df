"""Asking to move an appointment from the app, and the case manager's answer.

The person asks (a ``MoveRequest``, pending). The case manager accepts by rescheduling on the
usual page, prefilled with "asked by the person" and the reason: ``accepted`` is called in
the same transaction as the reschedule. Or they decline, with a note the person reads.
"""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.access.policy import visible_to
from mydirection.appointments.models import Appointment
from mydirection.people.models import Person
from mydirection.portal.models import MoveRequest, MoveStatus
from mydirection.staff.models import User

MAX_LENGTH = 1000


def can_ask(appointment: Appointment, now: datetime | None = None) -> bool:
    """Only an arranged appointment still to come can be moved."""
    return appointment.is_live and appointment.starts_at > (now or timezone.now())


@transaction.atomic
def ask(
    *, person: Person, appointment: Appointment, reason: str, preferred_times: str = ""
) -> MoveRequest:
    if appointment.person_id != person.pk:
        raise ValueError("Not this person's appointment")
    reason, preferred_times = reason.strip(), preferred_times.strip()
    if not reason:
        raise ValidationError({"reason": "Say why you need to move it"})
    if len(reason) > MAX_LENGTH or len(preferred_times) > MAX_LENGTH:
        raise ValidationError({"reason": f"Use {MAX_LENGTH} letters or less"})
    if not can_ask(appointment):
        raise ValidationError({"reason": "This appointment cannot be moved now"})
    try:
        with transaction.atomic():
            move = MoveRequest.objects.create(
                person=person,
                appointment=appointment,
                reason=reason,
                preferred_times=preferred_times,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"reason": "You have already asked to move this one. Wait for an answer"}
        ) from error
    record(
        actor=PersonActor(person),
        operation=Operation.COLLECT,
        what="Asked to move an appointment",
        subject_id=person.pk,
        details={"appointment": str(appointment.pk), "move_request": str(move.pk)},
    )
    return move


def pending_for(person: Person, move_id: UUID | str | None) -> MoveRequest | None:
    """A pending request of ``person``'s, or None (also for another person's ids)."""
    if not move_id:
        return None
    try:
        return (
            MoveRequest.objects.filter(person=person, pk=move_id, status=MoveStatus.PENDING)
            .select_related("appointment")
            .first()
        )
    except ValidationError:  # not a UUID
        return None


def accepted(*, actor: StaffActor, move: MoveRequest, replacement: Appointment) -> None:
    """Call inside the reschedule's transaction: the request is answered by the move."""
    MoveRequest.objects.filter(pk=move.pk, status=MoveStatus.PENDING).update(
        status=MoveStatus.ACCEPTED,
        decided_by=actor.user,
        decided_at=timezone.now(),
        replacement=replacement,
    )
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Request to move an appointment accepted",
        subject_id=move.person_id,
        details={"move_request": str(move.pk), "replacement": str(replacement.pk)},
    )


@transaction.atomic
def decline(*, actor: StaffActor, move: MoveRequest, note: str) -> None:
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say why, for the person to read"})
    updated = MoveRequest.objects.filter(pk=move.pk, status=MoveStatus.PENDING).update(
        status=MoveStatus.DECLINED, decided_by=actor.user, decided_at=timezone.now(), note=note
    )
    if not updated:
        raise ValidationError({"note": "Someone already answered this request"})
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Request to move an appointment declined",
        subject_id=move.person_id,
        details={"move_request": str(move.pk)},
    )


def pending_of_person(person: Person) -> list[MoveRequest]:
    return list(
        MoveRequest.objects.filter(person=person, status=MoveStatus.PENDING)
        .select_related("appointment")
        .order_by("created_at")
    )


def pending_for_case_manager(user: User) -> QuerySet[MoveRequest]:
    """Requests waiting on the people ``user`` holds and may see: their home page."""
    return (
        MoveRequest.objects.filter(
            person__case_manager=user, person__in=visible_to(user), status=MoveStatus.PENDING
        )
        .select_related("appointment", "person")
        .order_by("created_at")
    )


def mine(person: Person) -> list[MoveRequest]:
    """The person's requests, newest first: what they asked and what the answer was."""
    return list(
        MoveRequest.objects.filter(person=person)
        .select_related("appointment")
        .order_by("-created_at")[:10]
    )
