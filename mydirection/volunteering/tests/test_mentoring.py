"""Readiness to volunteer, and peer mentor matches made only after a clear conflict check."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.staff.models import User
from mydirection.testing import PersonFactory, World, allocate
from mydirection.volunteering.models import (
    CheckLevel,
    ConflictCheck,
    Match,
    Pathway,
    ReadinessOutcome,
    Role,
    Volunteer,
)
from mydirection.volunteering.services import mentoring
from mydirection.volunteering.testing import a_role, as_coordinator, vetted

NO_CONFLICT = {"co_defendant": False, "victim": False, "family": False, "known_associate": False}


@pytest.fixture
def mentor_role(db: None) -> Role:
    return a_role(name="Peer mentor", check_level=CheckLevel.ENHANCED, mentoring=True)


@pytest.fixture
def mentor(world: World, coord: User, mentor_role: Role) -> Volunteer:
    """Jordan: the world's person on probation, on Carol's caseload, vetted as a mentor."""
    return vetted(coord, mentor_role, person=world.person, first_name="Jordan")


def test_readiness_keeps_what_was_said_and_where_the_order_stands(world: World) -> None:
    readiness = mentoring.record_readiness(
        actor=StaffActor(user=world.cm, relation=Relation.CASE_MANAGER),
        person=world.person,
        stability="Own flat since March; working part time",
        training="Wants the peer mentoring course",
        wants="To help people in the first weeks, as someone helped me",
        pathway=Pathway.TAKING_PART,
        outcome=ReadinessOutcome.READY,
    )
    order = world.person.orders.get()
    assert readiness.order_position == (
        f"On an order until {order.end_date:%-d %B %Y} (10 months left)"
    )
    assert readiness.by == world.cm


def test_readiness_needs_the_persons_words_and_a_future_review(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        mentoring.record_readiness(
            actor=StaffActor(user=world.cm, relation=Relation.CASE_MANAGER),
            person=world.person,
            stability=" ",
            training="",
            wants="",
            pathway=Pathway.TAKING_PART,
            outcome=ReadinessOutcome.NOT_YET,
            review_on=timezone.localdate(),
        )
    assert set(refused.value.message_dict) == {"stability", "wants", "review_on"}


def test_a_clear_check_makes_the_match(world: World, coord: User, mentor: Volunteer) -> None:
    check, match = mentoring.check_and_match(
        actor=as_coordinator(coord), mentor=mentor, mentee=world.other_person, **NO_CONFLICT
    )
    assert check.clear
    assert match is not None
    assert (match.mentor, match.mentee, match.conflict_check) == (mentor, world.other_person, check)


def test_a_conflict_keeps_the_check_and_makes_no_match(
    world: World, coord: User, mentor: Volunteer
) -> None:
    check, match = mentoring.check_and_match(
        actor=as_coordinator(coord),
        mentor=mentor,
        mentee=world.other_person,
        **(NO_CONFLICT | {"known_associate": True}),
    )
    assert match is None
    assert not Match.objects.exists()
    assert ConflictCheck.objects.get() == check
    assert not check.clear


def test_a_supervised_mentor_is_not_matched_on_their_own_case_managers_caseload(
    world: World, coord: User, mentor: Volunteer
) -> None:
    # Jordan is on an order, on Carol's caseload; so is the mentee.
    mentee = allocate(PersonFactory.create(team=world.team_a), world.cm)
    check, match = mentoring.check_and_match(
        actor=as_coordinator(coord), mentor=mentor, mentee=mentee, **NO_CONFLICT
    )
    assert match is None
    assert check.same_caseload
    # Once Jordan's order has ended, the same pair may be matched.
    world.person.orders.update(ended_early_on=timezone.localdate() - timedelta(days=1))
    check, match = mentoring.check_and_match(
        actor=as_coordinator(coord), mentor=mentor, mentee=mentee, **NO_CONFLICT
    )
    assert match is not None
    assert not check.same_caseload


def test_only_a_peer_mentor_is_matched(world: World, coord: User, helper_role: Role) -> None:
    helper = vetted(coord, helper_role)
    with pytest.raises(ValidationError) as refused:
        mentoring.check_and_match(
            actor=as_coordinator(coord), mentor=helper, mentee=world.other_person, **NO_CONFLICT
        )
    assert refused.value.message_dict == {"mentor": ["Dana has no peer mentor role"]}
    assert not ConflictCheck.objects.exists()


def test_a_match_ends_with_a_reason(world: World, coord: User, mentor: Volunteer) -> None:
    _, match = mentoring.check_and_match(
        actor=as_coordinator(coord), mentor=mentor, mentee=world.other_person, **NO_CONFLICT
    )
    assert match is not None
    with pytest.raises(ValidationError):
        mentoring.end_match(actor=as_coordinator(coord), match=match, reason="")
    mentoring.end_match(actor=as_coordinator(coord), match=match, reason="Finished their order")
    match.refresh_from_db()
    assert match.ended_on == timezone.localdate()
