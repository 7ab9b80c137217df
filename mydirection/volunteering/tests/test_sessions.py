"""Group sessions, sign-ups and check-ins, and hours: logged, approved, changed by request."""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mydirection.staff.models import User
from mydirection.testing import World
from mydirection.versioning import StaleEdit
from mydirection.volunteering.models import (
    ChangeStatus,
    Hours,
    HoursChange,
    HoursStatus,
    Role,
    Session,
    Volunteer,
)
from mydirection.volunteering.services import sessions
from mydirection.volunteering.testing import a_volunteer, as_coordinator, vetted


@pytest.fixture
def helper(coord: User, helper_role: Role) -> Volunteer:
    return vetted(coord, helper_role)


def weekly(world: World, coord: User, role: Role, weeks: int = 4, needed: int = 1) -> list[Session]:
    return sessions.add_sessions(
        actor=as_coordinator(coord),
        name="Recovery group",
        office=world.hull,
        place="Hull office, room 2",
        starts_at=timezone.now() + timedelta(days=1),
        minutes=90,
        needs={role: needed},
        weeks=weeks,
    )


def test_a_weekly_series_is_one_session_a_week_each_with_its_needs(
    world: World, coord: User, helper_role: Role
) -> None:
    found = weekly(world, coord, helper_role)
    assert len(found) == 4
    assert len({session.series for session in found}) == 1
    gaps = {later.starts_at - earlier.starts_at for earlier, later in itertools.pairwise(found)}
    assert gaps == {timedelta(weeks=1)}
    assert all(session.needs.get().count == 1 for session in found)


def test_a_session_needs_a_future_start_and_some_volunteers(
    world: World, coord: User, helper_role: Role
) -> None:
    with pytest.raises(ValidationError) as refused:
        sessions.add_sessions(
            actor=as_coordinator(coord),
            name="Induction",
            office=world.hull,
            place="Room 1",
            starts_at=timezone.now() - timedelta(hours=1),
            minutes=60,
            needs={helper_role: 0},
            weeks=60,
        )
    assert set(refused.value.message_dict) == {"starts_at", "weeks", "needs"}
    assert not Session.objects.exists()


def test_only_volunteers_given_the_role_sign_up_and_only_until_it_is_full(
    world: World, coord: User, helper_role: Role, helper: Volunteer
) -> None:
    session = weekly(world, coord, helper_role, weeks=1)[0]
    applicant = a_volunteer(coord, first_name="Lee")
    with pytest.raises(ValidationError) as refused:
        sessions.sign_up(
            actor=as_coordinator(coord), session=session, volunteer=applicant, role=helper_role
        )
    assert refused.value.messages == ["Only a volunteer given this role can sign up for it"]
    sessions.sign_up(
        actor=as_coordinator(coord), session=session, volunteer=helper, role=helper_role
    )
    second = vetted(coord, helper_role, first_name="Kim")
    with pytest.raises(ValidationError) as full:
        sessions.sign_up(
            actor=as_coordinator(coord), session=session, volunteer=second, role=helper_role
        )
    assert full.value.messages == ["This role is already filled for the session"]


def test_checking_in_logs_the_sessions_time_for_approval(
    world: World, coord: User, helper_role: Role, helper: Volunteer
) -> None:
    session = weekly(world, coord, helper_role, weeks=1)[0]
    shift = sessions.sign_up(
        actor=as_coordinator(coord), session=session, volunteer=helper, role=helper_role
    )
    with pytest.raises(ValidationError):
        sessions.check_in(actor=as_coordinator(coord), shift=shift)  # tomorrow: too early
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    shift.refresh_from_db()
    hours = sessions.check_in(actor=as_coordinator(coord), shift=shift)
    assert (hours.minutes, hours.what, hours.status) == (90, "Recovery group", HoursStatus.LOGGED)
    with pytest.raises(ValidationError):
        sessions.check_in(actor=as_coordinator(coord), shift=shift)
    assert Hours.objects.count() == 1


def test_approved_hours_change_only_by_a_request_with_a_reason(
    coord: User, helper: Volunteer
) -> None:
    actor = as_coordinator(coord)
    today = timezone.localdate()
    hours = sessions.log_hours(
        actor=actor, volunteer=helper, on=today, minutes=60, what="Set up the room"
    )
    # Still waiting: changed in place.
    sessions.change_hours(
        actor=actor, hours=hours, minutes=75, what="Set up the room", reason="", expected_version=1
    )
    hours.refresh_from_db()
    assert hours.minutes == 75
    sessions.decide_hours(actor=actor, hours=hours, approve=True, expected_version=hours.version)
    hours.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        sessions.change_hours(
            actor=actor,
            hours=hours,
            minutes=120,
            what="Set up and cleared",
            reason="",
            expected_version=hours.version,
        )
    assert "reason" in refused.value.message_dict
    change = sessions.change_hours(
        actor=actor,
        hours=hours,
        minutes=120,
        what="Set up and cleared",
        reason="I stayed to clear up",
        expected_version=hours.version,
    )
    assert isinstance(change, HoursChange)
    assert Hours.objects.get().minutes == 75  # unchanged until decided
    sessions.decide_change(actor=actor, change=change, accept=True)
    change.refresh_from_db()
    assert Hours.objects.get().minutes == 120
    assert (change.status, change.was_minutes, change.was_what) == (
        ChangeStatus.ACCEPTED,
        75,
        "Set up the room",
    )


def test_two_coordinators_deciding_the_same_hours_do_not_both_win(
    coord: User, helper: Volunteer
) -> None:
    actor = as_coordinator(coord)
    hours = sessions.log_hours(
        actor=actor, volunteer=helper, on=timezone.localdate(), minutes=60, what="Texts"
    )
    sessions.decide_hours(actor=actor, hours=hours, approve=True, expected_version=1)
    with pytest.raises(StaleEdit):
        sessions.decide_hours(actor=actor, hours=hours, approve=False, expected_version=1)
    assert Hours.objects.get().status == HoursStatus.APPROVED
