"""The case manager's Volunteering panel on the Interventions tab (the pathway, readiness, a
peer mentor, a circle) and its pages: talking about volunteering (readiness, with the order's
position worked out) and putting a ready person forward as a volunteer to their team's
office. Reached through ``person_for``: logged, 404 for anyone who may not know the case."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.staff.models import User
from mydirection.testing import World, page_queries, sign_in
from mydirection.volunteering.models import (
    Pathway,
    Readiness,
    ReadinessOutcome,
    Stage,
    Volunteer,
)
from mydirection.volunteering.services import circles, mentoring
from mydirection.volunteering.testing import a_role, as_coordinator, vetted
from mydirection.volunteering.tests.builders import a_circle, circle_volunteers

pytestmark = pytest.mark.django_db


def tab(world: World) -> str:
    return reverse("interventions:person", args=[world.person.pk])


def talk_url(world: World) -> str:
    return reverse("volunteering:readiness", args=[world.person.pk])


def forward_url(world: World) -> str:
    return reverse("volunteering:put-forward", args=[world.person.pk])


def ready(world: World, outcome: str = ReadinessOutcome.READY) -> Readiness:
    return mentoring.record_readiness(
        actor=as_coordinator(world.cm),
        person=world.person,
        stability="Settled in his flat since March",
        training="Wants peer mentoring",
        wants="To help others the way I was helped",
        pathway=Pathway.TAKING_PART,
        outcome=outcome,
    )


def test_the_panel_shows_the_pathway_and_offers_a_talk(world: World) -> None:
    page = sign_in(Client(), world.cm).get(tab(world))
    text = page.content.decode()
    assert "Volunteering" in text and "Not talked about yet" in text
    assert [s.state for s in page.context["panels"][-1]["steps"]] == ["now", "next", "next", "next"]
    assert talk_url(world) in text
    assert forward_url(world) not in text


def test_the_case_manager_records_readiness_with_the_order_worked_out(world: World) -> None:
    client = sign_in(Client(), world.cm)
    page = client.get(talk_url(world)).content.decode()
    assert "On an order until" in page
    response = client.post(
        talk_url(world),
        {
            "stability": "Settled in his flat since March",
            "wants": "To help others the way I was helped",
            "training": "",
            "pathway": "1",
            "outcome": "ready",
        },
        follow=True,
    )
    assert "is ready to volunteer. You can put them forward now" in response.content.decode()
    readiness = Readiness.objects.get(person=world.person)
    assert readiness.by == world.cm and readiness.order_position.startswith("On an order until")
    assert forward_url(world) in response.content.decode()


def test_a_talk_posted_empty_is_refused_and_nothing_saved(world: World) -> None:
    response = sign_in(Client(), world.cm).post(talk_url(world), {})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Say how settled things are" in text and "Select what you decided" in text
    assert not Readiness.objects.exists()


def test_a_ready_person_is_put_forward_to_their_offices_coordinator(
    world: World, coord: User
) -> None:
    ready(world)
    client = sign_in(Client(), world.cm)
    page = client.get(forward_url(world)).content.decode()
    assert "The volunteer coordinator in Hull takes it from here" in page
    response = client.post(
        forward_url(world),
        {"motivation": "To help others the way I was helped", "availability": "Weekday mornings"},
        follow=True,
    )
    assert "is put forward as a volunteer" in response.content.decode()
    volunteer = Volunteer.objects.get(person=world.person)
    assert (volunteer.office, volunteer.stage, volunteer.lived_experience) == (
        world.hull,
        Stage.APPLIED,
        True,
    )
    assert volunteer.first_name == world.person.known_as and volunteer.user is None
    again = client.post(forward_url(world), {"motivation": "x", "availability": "y"})
    assert "is already a volunteer" in again.content.decode()
    assert Volunteer.objects.filter(person=world.person).count() == 1


def test_someone_not_ready_is_not_put_forward(world: World) -> None:
    ready(world, ReadinessOutcome.NOT_YET)
    client = sign_in(Client(), world.cm)
    response = client.post(forward_url(world), {"motivation": "x", "availability": "y"})
    assert response.status_code == 200
    assert "record them as ready to volunteer" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_the_panel_shows_the_peer_mentor_and_the_circle(world: World, coord: User) -> None:
    mentor_role = a_role(name="Peer mentor", check_level=1, training=[], mentoring=True)
    mentor = vetted(coord, mentor_role, first_name="Dave", last_name="Ackroyd")
    mentoring.check_and_match(
        actor=as_coordinator(coord),
        mentor=mentor,
        mentee=world.person,
        co_defendant=False,
        victim=False,
        family=False,
        known_associate=False,
    )
    a_circle(world, coord, volunteers=circle_volunteers(coord, 2))
    text = sign_in(Client(), world.cm).get(tab(world)).content.decode()
    assert "Dave, since" in text and "Ackroyd" not in text
    assert "Forming" in text and "2 volunteers" in text


def test_the_pathway_follows_the_volunteering_records(world: World, coord: User) -> None:
    ready(world)
    role = a_role(name="Peer mentor", check_level=1, training=[], mentoring=True)
    mentor = vetted(
        coord,
        role,
        first_name="Alex",
        last_name="Quinn",
        person=world.person,
        lived_experience=True,
    )
    assert mentor.stage == Stage.ACTIVE
    page = sign_in(Client(), world.cm).get(tab(world))
    panel = page.context["panels"][-1]
    assert panel["position"] == Pathway.PEER_MENTOR
    assert [s.state for s in panel["steps"]] == ["done", "done", "now", "next"]


def test_the_pages_are_logged_and_closed_to_others(world: World, coord: User) -> None:
    client = sign_in(Client(), world.cm)
    client.get(talk_url(world))
    assert AccessLogEntry.objects.filter(
        actor_id=world.cm.pk,
        subject_id=world.person.pk,
        what="Talk about volunteering",
        operation=Operation.CONSULT,
    ).exists()
    for user in (world.elsewhere, world.volunteer, world.partner, coord):
        assert sign_in(Client(), user).get(talk_url(world)).status_code == 404
        assert sign_in(Client(), user).get(forward_url(world)).status_code == 404


def test_the_interventions_tab_costs_the_same_with_more_volunteering(
    world: World, coord: User
) -> None:
    client = sign_in(Client(), world.cm)
    ready(world)
    members = circle_volunteers(coord, 3)
    circle = a_circle(world, coord, volunteers=members)
    before = page_queries(client, tab(world))
    for _ in range(3):
        ready(world, ReadinessOutcome.NOT_YET)
    for days in (1, 2):
        circles.record_meeting(
            actor=as_coordinator(coord),
            circle=circle,
            by=members[0],
            held_at=timezone.now() - timedelta(days=days),
            person_attended=True,
            attended=members,
        )
    assert page_queries(client, tab(world)) == before
