"""The evaluation's volunteering figures: volunteers by stage, hours, sessions, circles,
meetings and minutes, referrals to circles and why some did not become one; small numbers
suppressed."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.interventions.models import EndReason, Kind, Status
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.testing import PersonFactory, World, sign_in
from mydirection.volunteering.figures import figures
from mydirection.volunteering.models import Meeting
from mydirection.volunteering.services import circles, sessions
from mydirection.volunteering.testing import a_volunteer, as_coordinator, coordinator
from mydirection.volunteering.tests.builders import a_circle, circle_volunteers

pytestmark = pytest.mark.django_db


def page(world: World) -> dict[str, list[tuple[str, str]]]:
    response = sign_in(Client(), world.evaluator).get(reverse("evaluation:volunteering"))
    assert response.status_code == 200
    return {
        key: [(line.label, line.value) for line in lines]
        for key, lines in response.context["sections"].items()
    }


def test_a_few_volunteers_and_their_hours_are_not_described(world: World) -> None:
    coord = coordinator(world)
    volunteer = a_volunteer(coord)
    hours = sessions.log_hours(
        actor=as_coordinator(coord),
        volunteer=volunteer,
        on=timezone.localdate(),
        minutes=120,
        what="Set up",
    )
    sessions.decide_hours(
        actor=as_coordinator(coord), hours=hours, approve=True, expected_version=1
    )
    shown = page(world)
    assert ("Applied", "fewer than 5") in shown["volunteers"]
    assert ("Hours approved", "not shown") in shown["time"]
    assert figures().hours_minutes == 120


def test_circles_meetings_minutes_and_referrals(world: World) -> None:
    coord = coordinator(world)
    actor = as_coordinator(coord)
    life_links = an_intervention(world.hull, name="Life Links", kind=Kind.LIFE_LINKS)
    referrals = [
        a_referral(PersonFactory.create(team=world.team_a), life_links, world.cm, status=status)
        for status in [Status.ACCEPTED] * 6 + [Status.WITHDRAWN] * 5 + [Status.SENT]
    ]
    for referral in referrals[6:11]:
        referral.end_reason = EndReason.PERSON_CHANGED_MIND
        referral.save()
    members = circle_volunteers(coord, 3)
    for referral in referrals[:6]:
        circle = a_circle(world, coord, person=referral.person, referral=referral)
        for volunteer in members:
            circles.add_volunteer(actor=actor, circle=circle, volunteer=volunteer)
        meeting = circles.record_meeting(
            actor=actor,
            circle=circle,
            by=members[0],
            held_at=timezone.now() - timedelta(days=3),
            person_attended=True,
            attended=members,
            minutes="We met",
        )
    # One written late.
    Meeting.objects.filter(pk=meeting.pk).update(minutes_at=timezone.now())
    found = figures()
    assert (found.circles_formed, found.meetings, found.minutes_due) == (6, 6, 6)
    assert (found.referrals, found.became_circles, found.waiting) == (12, 6, 1)
    assert found.not_circles == [("The person changed their mind", 5)]
    shown = page(world)
    assert ("Circles formed", "6") in shown["circles"]
    # 5 of 6 on time: the one late would reveal fewer than 5, so the share is suppressed.
    assert ("Minutes in within 48 hours", "fewer than 5") in shown["circles"]
    assert shown["why"] == [("The person changed their mind", "5")]


def test_only_evaluators_see_it(world: World) -> None:
    for user in (world.cm, world.volunteer, coordinator(world)):
        assert sign_in(Client(), user).get(reverse("evaluation:volunteering")).status_code == 404
    response = sign_in(Client(), world.programme_manager).get(reverse("evaluation:volunteering"))
    assert response.status_code == 200
