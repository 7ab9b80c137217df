"""The evaluation's Time Bank figures: people on probation taking part and their hours,
suppressed when fewer than 5 people would be described."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.testing import PersonFactory, World, sign_in
from mydirection.timebank.models import MemberKind
from mydirection.timebank.services import exchanges
from mydirection.timebank.testing import a_member, an_exchange, coordinator, worlds_bank

pytestmark = pytest.mark.django_db


def take_part(world: World, people: int) -> None:
    bank, robin = worlds_bank(world)
    for _ in range(people):
        member = a_member(
            bank,
            world.partner,
            "Sam",
            kind=MemberKind.REFERRED,
            person=PersonFactory.create(team=world.team_a),
        )
        exchange = an_exchange(bank, world.partner, member, [robin], minutes=60, agreed=True)
        exchanges.record(actor=coordinator(world.partner), exchange_id=exchange.pk)


def test_a_few_people_are_not_described(world: World) -> None:
    take_part(world, 2)
    response = sign_in(Client(), world.evaluator).get(reverse("evaluation:time-bank"))
    [row] = response.context["rows"]
    assert (row.joined, row.exchanged, row.given) == ("fewer than 5", "fewer than 5", "not shown")
    assert "2 hours" not in response.content.decode()


def test_enough_people_are_counted_with_their_hours(world: World) -> None:
    take_part(world, 5)
    response = sign_in(Client(), world.programme_manager).get(reverse("evaluation:time-bank"))
    [row] = response.context["rows"]
    assert (row.joined, row.exchanged, row.given, row.received) == (
        "5",
        "5",
        "5 hours",
        "0 minutes",
    )
    assert response.context["rows"][0].bank == "Hull Time Bank"


def test_only_evaluators_see_it(world: World) -> None:
    for user in (world.cm, world.partner, world.community_member):
        assert sign_in(Client(), user).get(reverse("evaluation:time-bank")).status_code == 404
