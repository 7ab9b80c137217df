"""The assessment's and the tools' pages cost the same number of queries however long the
history (versions, statements) grows."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.assessment.testing import area_answer
from mydirection.person_centred.selectors import latest_number
from mydirection.person_centred.services import StatementInput, save_tool
from mydirection.person_centred.testing import PROFILE, one_page_profile
from mydirection.practice import Area, Tool
from mydirection.testing import World, acting, page_queries, sign_in

pytestmark = pytest.mark.django_db


def grow(world: World, n: int) -> None:
    for i in range(n):
        for area in Area:
            area_answer(world.person, by=world.cm, area=area)
        extra = [StatementInput("important", f"Thing {i} {j}", "person") for j in range(3)]
        one_page_profile(world.person, by=world.cm, statements=[*PROFILE, *extra])
        save_tool(
            actor=acting(world.cm, world.person),
            person=world.person,
            tool=Tool.RELATIONSHIP_CIRCLE,
            statements=[StatementInput("intimate", f"Friend {i}", "person", sector="friends")],
            expected_version=latest_number(world.person, Tool.RELATIONSHIP_CIRCLE),
        )


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("assessment:summary", []),
        ("assessment:history", []),
        ("assessment:area", ["accommodation"]),
        ("assessment:version", ["accommodation", 2]),
        ("person_centred:index", []),
        ("person_centred:tool", ["one-page-profile"]),
        ("person_centred:tool", ["relationship-circle"]),
        ("person_centred:edit", ["one-page-profile"]),
        ("person_centred:edit", ["relationship-circle"]),
        ("person_centred:version", ["relationship-circle", 2]),
        ("people:overview", []),
    ],
)
def test_pages_do_not_grow_with_the_history(world: World, name: str, extra: list[object]) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse(name, args=[world.person.pk, *extra])
    grow(world, 2)
    small = page_queries(client, url)
    grow(world, 5)
    assert page_queries(client, url) == small


def test_the_overview_with_a_handover_and_profile_does_not_grow(world: World) -> None:
    from mydirection.caseload.services import HandoverNote, reallocate

    client = sign_in(Client(), world.colleague)
    grow(world, 2)
    reallocate(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=world.person,
        to=world.colleague,
        reason="Cover",
        handover=HandoverNote("Work", "History"),
    )
    url = reverse("people:overview", args=[world.person.pk])
    small = page_queries(client, url)
    grow(world, 5)
    assert page_queries(client, url) == small
