"""Referrals at once, on PostgreSQL with real threads: an intervention's last place is taken
once, and one person never has two open referrals to one intervention."""

from collections.abc import Callable

import pytest
from django.db import connection

from mydirection.interventions.models import Referral, Shared, Status, Suitability
from mydirection.interventions.services.referrals import Decision, decide
from mydirection.interventions.testing import an_intervention
from mydirection.people.models import Person
from mydirection.testing import PersonFactory, World, acting, allocate, at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"
    ),
]


def referral_of(world: World, person: Person, intervention) -> Callable[[], object]:
    decision = Decision(
        intervention=intervention,
        suitability=Suitability.SUITABLE,
        consent=True,
        shares=frozenset({Shared.CONTACT}),
    )
    return lambda: decide(actor=acting(world.cm, person), person=person, decision=decision)


def test_the_last_places_are_taken_once(world: World) -> None:
    intervention = an_intervention(world.hull, provider=world.partner.organisation, capacity=3)
    people = [allocate(PersonFactory.create(team=world.team_a), world.cm) for _ in range(8)]
    made, refused = at_once([referral_of(world, person, intervention) for person in people])
    assert made == 3
    assert len(refused) == 5
    assert all("full" in str(error) for error in refused)
    assert Referral.objects.filter(status=Status.SENT).count() == 3


def test_one_person_is_referred_once_however_many_press_refer(world: World) -> None:
    intervention = an_intervention(world.hull, provider=world.partner.organisation)
    made, refused = at_once([referral_of(world, world.person, intervention) for _ in range(6)])
    assert made == 1
    assert len(refused) == 5
    assert Referral.objects.filter(person=world.person).count() == 1
