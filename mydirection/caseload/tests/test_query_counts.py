"""Pages cost the same number of queries whatever the caseload size or history length."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.caseload.services import HandoverNote, reallocate
from mydirection.people.services import record_consent
from mydirection.testing import (
    OrderFactory,
    PersonFactory,
    World,
    acting,
    allocate,
    page_queries,
    sign_in,
)

pytestmark = pytest.mark.django_db


def grow_caseload(world: World, n: int) -> None:
    for _ in range(n):
        person = allocate(PersonFactory.create(team=world.team_a), world.cm)
        OrderFactory.create(person=person)


def grow_history(world: World, n: int) -> None:
    for i in range(n):
        OrderFactory.create(person=world.person)
        record_consent(
            actor=acting(world.cm, world.person),
            person=world.person,
            purpose="reminders",
            given_on=world.person.orders.earliest("start_date").start_date,
            details="",
        )
        to, back = (world.colleague, world.cm) if i % 2 == 0 else (world.cm, world.colleague)
        reallocate(
            actor=StaffActor(back, Relation.CASE_MANAGER),
            person=world.person,
            to=to,
            reason="Cover",
            handover=HandoverNote("Work", "History"),
        )


@pytest.mark.parametrize("name", ["caseload:home", "caseload:team", "caseload:search"])
def test_list_pages_do_not_grow_with_the_caseload(world: World, name: str) -> None:
    user = world.senior if name == "caseload:team" else world.cm
    client = sign_in(Client(), user)
    url = reverse(name) + ("?q=a" if name == "caseload:search" else "")
    grow_caseload(world, 3)
    small = page_queries(client, url)
    grow_caseload(world, 25)
    assert page_queries(client, url) == small


@pytest.mark.parametrize(
    "name",
    [
        "people:overview",
        "people:details",
        "people:sentence",
        "people:consents",
        "people:history",
        "caseload:allocation",
    ],
)
def test_person_pages_do_not_grow_with_the_history(world: World, name: str) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse(name, args=[world.person.pk])
    grow_history(world, 2)
    small = page_queries(client, url)
    grow_history(world, 6)
    assert page_queries(client, url) == small
