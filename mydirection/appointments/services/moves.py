"""Asking to move an appointment from the app, and the case manager's answer.

The person asks (a ``MoveRequest``, pending). The case manager accepts by rescheduling on the
usual page, prefilled with "asked by the person" and the reason: ``arranging.reschedule`` with
``answering=`` the request marks it accepted (``accept``) in the reschedule's transaction. Or
they decline, with a note the person reads. The reads (pending requests, the person's own) are
in ``appointments.selectors``.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.appointments.models import Appointment
from mydirection.people.models import Person
from mydirection.portal.models import MoveRequest, MoveStatus

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


def accept(*, actor: StaffActor, move: MoveRequest, replacement: Appointment) -> None:
    """The request is answered by the move: only ``arranging.reschedule`` calls this, inside
    its transaction, once the replacement exists."""
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
