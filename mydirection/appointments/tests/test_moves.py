"""Requests from the app to move an appointment: the person asks, the case manager accepts by
rescheduling (one service call, one transaction) or declines with a note."""

import pytest
from django.core.exceptions import ValidationError

from mydirection.access.actor import StaffActor
from mydirection.access.models import AccessLogEntry
from mydirection.access.policy import Relation
from mydirection.appointments.models import Appointment, RescheduledBy, Status
from mydirection.appointments.services import arranging, moves
from mydirection.appointments.testing import local
from mydirection.portal.models import MoveRequest, MoveStatus
from mydirection.portal.testing import upcoming_appointment
from mydirection.testing import World
from mydirection.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def test_asking_records_a_pending_request_logged_as_the_person(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    move = moves.ask(
        person=world.person, appointment=appointment, reason="Hospital", preferred_times="Fri"
    )
    assert move.status == MoveStatus.PENDING
    entry = AccessLogEntry.objects.latest("id")
    assert entry.actor_person_id == world.person.pk and entry.what == "Asked to move an appointment"
    with pytest.raises(ValidationError, match="already asked"):
        moves.ask(person=world.person, appointment=appointment, reason="Again")


def test_no_request_without_a_reason_or_for_the_past(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    with pytest.raises(ValidationError):
        moves.ask(person=world.person, appointment=appointment, reason="  ")
    past = upcoming_appointment(world.person, world.cm, days=-2)
    with pytest.raises(ValidationError):
        moves.ask(person=world.person, appointment=past, reason="Too late")
    assert not MoveRequest.objects.exists()


def test_declining_needs_a_note_and_happens_once(world: World) -> None:
    move = moves.ask(
        person=world.person,
        appointment=upcoming_appointment(world.person, world.cm),
        reason="Work",
    )
    with pytest.raises(ValidationError):
        moves.decline(actor=StaffActor(world.cm, Relation.CASE_MANAGER), move=move, note="")
    moves.decline(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        move=move,
        note="Court date, it must stay",
    )
    move.refresh_from_db()
    assert (move.status, move.decided_by) == (MoveStatus.DECLINED, world.cm)
    with pytest.raises(ValidationError, match="already answered"):
        moves.decline(actor=StaffActor(world.cm, Relation.CASE_MANAGER), move=move, note="Again")


def test_rescheduling_in_answer_accepts_the_request_with_the_move(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    move = moves.ask(person=world.person, appointment=appointment, reason="Hospital")
    new, _ = arranging.reschedule(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        appointment=appointment,
        new_start=local(8, hour=14),
        rescheduled_by=RescheduledBy.PERSON,
        reason="Hospital",
        expected_version=appointment.version,
        answering=move,
    )
    move.refresh_from_db()
    assert new is not None
    assert (move.status, move.decided_by, move.replacement) == (MoveStatus.ACCEPTED, world.cm, new)
    whats = list(AccessLogEntry.objects.order_by("-id").values_list("what", flat=True)[:2])
    assert whats == ["Request to move an appointment accepted", "Appointment rescheduled"]


def test_a_refused_reschedule_leaves_the_request_waiting(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    move = moves.ask(person=world.person, appointment=appointment, reason="Hospital")
    with pytest.raises(StaleEdit):
        arranging.reschedule(
            actor=StaffActor(world.cm, Relation.CASE_MANAGER),
            appointment=appointment,
            new_start=local(8, hour=14),
            rescheduled_by=RescheduledBy.PERSON,
            reason="Hospital",
            expected_version=appointment.version + 1,  # someone changed it meanwhile
            answering=move,
        )
    move.refresh_from_db()
    assert move.status == MoveStatus.PENDING and move.replacement is None
    assert Appointment.objects.get(pk=appointment.pk).status == Status.ARRANGED


def test_a_request_answers_only_its_own_appointment(world: World) -> None:
    appointment = upcoming_appointment(world.person, world.cm)
    other = upcoming_appointment(world.person, world.cm, days=9)
    move = moves.ask(person=world.person, appointment=other, reason="Work")
    with pytest.raises(ValueError):
        arranging.reschedule(
            actor=StaffActor(world.cm, Relation.CASE_MANAGER),
            appointment=appointment,
            new_start=local(8, hour=14),
            rescheduled_by=RescheduledBy.PERSON,
            reason="Work",
            expected_version=appointment.version,
            answering=move,
        )
    assert MoveRequest.objects.get().status == MoveStatus.PENDING
