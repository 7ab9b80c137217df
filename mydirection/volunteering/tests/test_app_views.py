"""Volunteering in the person's app: a person on probation who volunteers uses the same pages
as a volunteer with an account (/my/volunteering/), and a focus person sees their circle
(/my/circle/). Anyone else gets 404; the people they read of are logged, never themselves."""

from collections.abc import Iterator
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.portal.testing import portal_sign_in
from mydirection.staff.models import User
from mydirection.testing import World, sign_in
from mydirection.volunteering.models import Shift, Volunteer
from mydirection.volunteering.services import circles
from mydirection.volunteering.testing import as_coordinator, vetted
from mydirection.volunteering.tests.builders import (
    a_circle,
    a_session,
    circle_role,
    circle_volunteers,
    helper_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def afternoon() -> Iterator[None]:
    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime.combine(datetime.now(london).date(), time(14), london)):
        yield


@pytest.fixture
def alex(world: World, coord: User) -> Volunteer:
    """The world's person on probation (Alex) as a volunteer with lived experience."""
    return vetted(
        coord,
        helper_role(),
        first_name=world.person.known_as,
        last_name=world.person.last_name,
        person=world.person,
        lived_experience=True,
    )


def test_a_person_who_volunteers_uses_the_pages_from_their_app(
    world: World, coord: User, alex: Volunteer
) -> None:
    session = a_session(world, coord, helper_role())
    client = portal_sign_in(Client(), world.person)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:volunteering") in home
    page = client.get(reverse("portal:volunteering"))
    assert page.status_code == 200
    assert "portal/base.html" in [t.name for t in page.templates]
    assert "Recovery group helper" in page.content.decode()
    response = client.post(
        reverse("portal:volunteering-sign-up", args=[session.pk]),
        {"role": str(helper_role().pk)},
    )
    assert response["Location"] == reverse("portal:volunteering-session", args=[session.pk])
    assert Shift.objects.get(volunteer=alex).session == session
    entry = AccessLogEntry.objects.filter(what="Volunteer sign-up").get()
    assert (entry.actor_person_id, entry.subject_id) == (world.person.pk, world.person.pk)


def test_someone_who_does_not_volunteer_gets_404(world: World, alex: Volunteer) -> None:
    client = portal_sign_in(Client(), world.other_person)
    assert reverse("portal:volunteering") not in client.get(reverse("portal:home")).content.decode()
    assert client.get(reverse("portal:volunteering")).status_code == 404
    assert client.get(reverse("portal:volunteering-hours")).status_code == 404
    # A volunteer with an account is not signed in to the app: sent to its sign-in.
    staff = sign_in(Client(), world.volunteer).get(reverse("portal:volunteering"))
    assert staff.status_code == 302


def test_a_volunteer_on_probation_reads_the_focus_person_by_first_name_logged(
    world: World, coord: User
) -> None:
    alex = vetted(
        coord,
        circle_role(),
        first_name=world.person.known_as,
        last_name=world.person.last_name,
        person=world.person,
        lived_experience=True,
    )
    circle = a_circle(
        world,
        coord,
        person=world.unallocated_person,
        volunteers=[alex, *circle_volunteers(coord, 2)],
    )
    client = portal_sign_in(Client(), world.person)
    page = client.get(reverse("portal:volunteering-circle", args=[circle.pk])).content.decode()
    assert f"Circle with {world.unallocated_person.known_as}" in page
    assert world.unallocated_person.last_name not in page
    consulted = AccessLogEntry.objects.filter(
        actor_person_id=world.person.pk, operation=Operation.CONSULT, what="Volunteering: a circle"
    )
    assert [e.subject_id for e in consulted] == [world.unallocated_person.pk]


def test_the_focus_person_sees_their_circle_in_their_app(world: World, coord: User) -> None:
    members = circle_volunteers(coord, 3)
    circle = a_circle(world, coord, volunteers=members)
    circles.add_task(
        actor=as_coordinator(coord), circle=circle, what="Visit the food bank together"
    )
    client = portal_sign_in(Client(), world.person)
    assert reverse("portal:circle") in client.get(reverse("portal:home")).content.decode()
    page = client.get(reverse("portal:circle")).content.decode()
    assert "settle in my flat" in page and "Visit the food bank together" in page
    assert all(m.first_name in page for m in members)
    assert "Whitley" not in page  # the volunteers' surnames
    assert (
        portal_sign_in(Client(), world.other_person).get(reverse("portal:circle")).status_code
        == 404
    )
