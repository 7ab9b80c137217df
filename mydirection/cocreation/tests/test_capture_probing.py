"""Capturing a story by a person on probation's case reference tells a reporter who may not
open that person's record (a volunteer) nothing: the answer is the same whether or not the
reference exists."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.guard import cocreation_actor
from mydirection.cocreation import testing
from mydirection.cocreation.models import Reporter, Story
from mydirection.cocreation.services import reporters
from mydirection.cocreation.views.reporting import NOT_LINKED
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db


def capture(client: Client, reference: str) -> str:
    response = client.post(
        reverse("cocreation:capture"),
        {
            "title": "Reception",
            "technique": "snapshot",
            "storyteller_role": "person",
            "case_reference": reference,
            "text": "The reception staff smiled.",
            "transcript": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode().replace(reference, "REFERENCE")
    # Tokens that differ on every page: the CSRF token and the script nonce.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    page = re.sub(r'"X-CSRFToken": "[^"]*"', "", page)
    return re.sub(r'nonce="[^"]*"', "", page)


def test_a_volunteer_cannot_learn_whether_a_case_reference_exists(world: World) -> None:
    testing.scene(world)
    reporter = Reporter.objects.get(user=world.volunteer)
    reporters.record_training(
        actor=cocreation_actor(world.programme_manager),
        reporter=reporter,
        trained_on=timezone.localdate(),
        trained_by="People's Voice Media",
    )
    client = sign_in(Client(), world.volunteer)
    before = Story.objects.count()

    real = capture(client, world.person.case_reference)
    made_up = capture(client, "ZZ" + world.person.case_reference[2:] + "9")

    assert real == made_up
    assert NOT_LINKED.split(".")[0] in real
    assert world.person.first_name not in real and world.person.last_name not in real
    assert Story.objects.count() == before


def test_staff_who_may_open_the_record_link_the_story(world: World) -> None:
    testing.scene(world)
    client = sign_in(Client(), world.colleague)  # in Alex's team
    response = client.post(
        reverse("cocreation:capture"),
        {
            "title": "Reception",
            "technique": "snapshot",
            "storyteller_role": "person",
            "case_reference": world.person.case_reference.lower(),
            "text": "The reception staff smiled.",
            "transcript": "",
        },
    )
    assert response.status_code == 302
    assert Story.objects.get(title="Reception").storyteller_person == world.person
