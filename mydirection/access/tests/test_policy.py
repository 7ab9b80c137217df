"""The access policy, persona by persona, without HTTP."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from mydirection.access.models import Exclusion, Restriction
from mydirection.access.policy import (
    Action,
    Relation,
    decide,
    in_scope_of,
    relation_of,
    visible_to,
    with_limited_access,
)
from mydirection.people.models import Person
from mydirection.testing import World, acting

pytestmark = pytest.mark.django_db


def _decide(world: World, username: str, person: Person, action: Action = Action.VIEW):
    user = world.personas()[username]
    loaded = with_limited_access(Person.objects.all(), user).get(pk=person.pk)
    return decide(user, loaded, action)


@pytest.mark.parametrize(
    ("username", "relation", "allowed", "needs_justification"),
    [
        ("cm", Relation.CASE_MANAGER, True, False),
        ("senior", Relation.TEAM_MANAGER, True, False),
        ("colleague", Relation.TEAM, True, True),
        ("excluded", Relation.TEAM, True, True),
        ("elsewhere", Relation.NONE, False, False),
        ("volunteer", Relation.NONE, False, False),
        ("partner", Relation.NONE, False, False),
        ("evaluator", Relation.NONE, False, False),
        ("administrator", Relation.NONE, False, False),
        ("programme_manager", Relation.NONE, False, False),
        ("dpo", Relation.DATA_PROTECTION, False, False),
    ],
)
def test_it_decides_viewing_by_relation(
    world: World, username: str, relation: Relation, allowed: bool, needs_justification: bool
) -> None:
    decision = _decide(world, username, world.person)
    assert decision.relation is relation
    assert decision.allowed is allowed
    assert decision.needs_justification is needs_justification


def test_it_lets_only_the_data_protection_officer_see_the_access_log(world: World) -> None:
    allowed = {
        name
        for name in world.personas()
        if _decide(world, name, world.person, Action.VIEW_ACCESS_LOG).allowed
    }
    assert allowed == {"dpo"}


def test_it_lets_only_the_holder_and_the_senior_reallocate(world: World) -> None:
    allowed = {
        name
        for name in world.personas()
        if _decide(world, name, world.person, Action.ALLOCATE).allowed
    }
    assert allowed == {"cm", "senior"}


def test_it_bars_an_excluded_officer_with_the_exclusion_message(world: World) -> None:
    decision = _decide(world, "excluded", world.excluded_from_person)
    assert not decision.allowed
    assert decision.may_know_it_exists
    assert "conflict of interest" in decision.limited_access_message


def test_it_bars_everyone_not_named_on_a_restriction(world: World) -> None:
    assert _decide(world, "cm", world.restricted_person).allowed
    assert _decide(world, "senior", world.restricted_person).allowed
    barred = _decide(world, "colleague", world.restricted_person)
    assert not barred.allowed
    assert "restricted" in barred.limited_access_message
    assert _decide(world, "elsewhere", world.restricted_person).relation is Relation.NONE


def test_it_lifts_an_exclusion_once_it_has_ended(world: World) -> None:
    Exclusion.objects.filter(person=world.excluded_from_person).update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    assert _decide(world, "excluded", world.excluded_from_person).allowed


def test_it_lifts_a_restriction_once_it_has_ended(world: World) -> None:
    Restriction.objects.filter(person=world.restricted_person).update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    assert _decide(world, "colleague", world.restricted_person).allowed


def test_it_gives_an_inactive_user_nothing(world: World) -> None:
    world.cm.is_active = False
    world.cm.save()
    assert relation_of(world.cm, world.person) is Relation.NONE
    assert not visible_to(world.cm).exists()


def test_visible_to_matches_the_decision_for_every_persona_and_person(world: World) -> None:
    """The list querysets and the per-record decision must never disagree."""
    people = list(Person.objects.all())
    for name, user in world.personas().items():
        visible = set(visible_to(user).values_list("pk", flat=True))
        for person in people:
            loaded = with_limited_access(Person.objects.all(), user).get(pk=person.pk)
            decision = decide(
                user, loaded, Action.VIEW_ACCESS_LOG if name == "dpo" else Action.VIEW
            )
            assert (person.pk in visible) is decision.allowed, (name, person.case_reference)


def test_search_scope_includes_restricted_cases_for_redaction(world: World) -> None:
    scope = set(in_scope_of(world.colleague).values_list("pk", flat=True))
    visible = set(visible_to(world.colleague).values_list("pk", flat=True))
    assert world.restricted_person.pk in scope
    assert world.restricted_person.pk not in visible
    assert world.other_person.pk not in scope


def test_within_a_request_the_rule_is_built_once_and_reads_the_rules_as_they_are_then(
    world: World, django_assert_num_queries: Any
) -> None:
    """A page builds each user's ``visible_to`` rule once (``one_request``), yet a
    restriction or exclusion written during the request bars at once, and every caller gets
    its own queryset (one evaluated never hands its rows to the next)."""
    from mydirection.access import policy

    with policy.one_request():
        first = policy.visible_to(world.colleague)
        assert world.person in first
        again = policy.visible_to(world.colleague)
        assert again is not first and again.query is not first.query
        with django_assert_num_queries(0):
            policy.visible_to(world.colleague)  # built, not read
        # Written half-way through the request: the kept rule reads it when it runs.
        Exclusion.objects.create(
            person=world.person,
            user=world.colleague,
            reason="Known to the family",
            message="You are excluded from this case.",
            created_by=world.senior,
        )
        assert world.person not in policy.visible_to(world.colleague)
        restriction = Restriction.objects.create(
            person=world.other_person,
            reason="Works here",
            message="Restricted.",
            created_by=world.senior,
        )
        assert world.other_person not in policy.visible_to(world.elsewhere)
        restriction.allowed_users.add(world.elsewhere)
        assert world.other_person in policy.visible_to(world.elsewhere)
        # A user whose team changed is a new rule, not the kept one.
        assert world.unallocated_person in policy.visible_to(world.colleague)
        world.colleague.team = world.team_b
        assert world.unallocated_person not in policy.visible_to(world.colleague)
    # Outside a request nothing is kept.
    assert policy._rules.get() is None


def test_within_a_request_a_rule_ended_or_replaced_counts_at_once(world: World) -> None:
    """The kept rule reads the people barred once: ending an exclusion (an update, which
    sends no signal) or replacing a restriction forgets it."""
    from mydirection.access import policy, services

    actor = acting(world.senior, world.person)
    with policy.one_request():
        exclusion = services.exclude(
            actor=actor,
            person=world.person,
            user=world.colleague,
            reason="Family",
            message="No.",
            ends_at=None,
        )
        assert world.person not in policy.visible_to(world.colleague)
        services.end_exclusion(actor=actor, exclusion=exclusion)
        assert world.person in policy.visible_to(world.colleague)
        services.restrict(
            actor=actor,
            person=world.person,
            allowed=[world.cm],
            reason="Staff",
            message="No.",
            ends_at=None,
        )
        assert world.person not in policy.visible_to(world.colleague)
        services.restrict(
            actor=actor,
            person=world.person,
            allowed=[world.cm, world.colleague],
            reason="Staff",
            message="No.",
            ends_at=None,
        )
        assert world.person in policy.visible_to(world.colleague)
