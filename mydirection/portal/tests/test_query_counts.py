"""The app's pages and the staff pages about it cost the same number of queries however much
the person has said, asked or attended."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.actor import PersonActor
from mydirection.appointments.services import moves
from mydirection.people.models import Person
from mydirection.person_centred.selectors import latest_number
from mydirection.person_centred.testing import one_page_profile
from mydirection.portal.services import attendance, profile
from mydirection.portal.testing import a_session, active_account, portal_sign_in
from mydirection.portal.testing import upcoming_appointment as appointment_in
from mydirection.practice import Tool
from mydirection.testing import PersonFactory, World, allocate, page_queries, sign_in

pytestmark = pytest.mark.django_db


def say_more(person: Person, n: int) -> None:
    for i in range(n):
        version = latest_number(person, Tool.ONE_PAGE_PROFILE)
        profile.add_my_words(
            actor=PersonActor(person),
            section="important",
            text=f"My dog, {i}",
            expected_version=version,
        )


def test_about_me_does_not_grow_with_what_was_said(world: World) -> None:
    one_page_profile(world.person, by=world.cm)
    active_account(world.person)
    client = portal_sign_in(Client(), world.person)
    url = reverse("portal:about-me")
    say_more(world.person, 1)
    small = page_queries(client, url)
    say_more(world.person, 8)
    assert page_queries(client, url) == small


def ask_to_move(world: World, n: int, start: int) -> None:
    for i in range(n):
        appointment = appointment_in(world.person, world.cm, days=start + 7 * i)
        moves.ask(person=world.person, appointment=appointment, reason="Work")


def test_the_staff_app_page_does_not_grow_with_move_requests(world: World) -> None:
    active_account(world.person)
    client = sign_in(Client(), world.cm)
    url = reverse("app-access:page", args=[world.person.pk])
    ask_to_move(world, 1, start=3)
    small = page_queries(client, url)
    ask_to_move(world, 5, start=20)
    assert page_queries(client, url) == small


def register_people(world: World, session, n: int) -> None:
    for _ in range(n):
        person = allocate(PersonFactory.create(team=world.team_a), world.cm)
        attendance.register(person=person, code=session.code)


@pytest.mark.parametrize("page", ["session", "sessions"])
def test_attendance_pages_do_not_grow_with_sessions_or_people(world: World, page: str) -> None:
    session = a_session(world.cm)
    client = sign_in(Client(), world.cm)
    url = (
        reverse("app-access:session", args=[session.pk])
        if page == "session"
        else reverse("app-access:sessions")
    )
    register_people(world, session, 1)
    small = page_queries(client, url)
    register_people(world, session, 6)
    for hours in (3, 5, 7):
        a_session(world.cm, hours_from_now=hours)
    assert page_queries(client, url) == small
