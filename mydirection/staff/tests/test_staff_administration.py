"""An administrator adds staff, switches accounts off and records training."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.staff.models import Training, User
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_it_adds_a_member_of_staff_who_can_then_sign_in(world: World) -> None:
    admin = sign_in(Client(), world.administrator)
    response = admin.post(
        reverse("staff:add"),
        {
            "first_name": "Priya",
            "last_name": "Shah",
            "username": "priya.shah",
            "role": "case_manager",
            "team": str(world.team_a.pk),
        },
    )
    page = response.content.decode()
    assert "Account added" in page
    password = re.search(r"<code>([a-z0-9-]{19})</code>", page)
    assert password is not None
    member = User.objects.get(username="priya.shah")
    assert member.check_password(password.group(1))
    assert member.password.startswith("argon2")

    signing_in = Client().post(
        reverse("staff:sign-in"), {"username": "priya.shah", "password": password.group(1)}
    )
    assert signing_in["Location"].startswith(reverse("staff:second-factor"))


def test_a_case_manager_needs_a_team(world: World) -> None:
    admin = sign_in(Client(), world.administrator)
    response = admin.post(
        reverse("staff:add"),
        {"first_name": "Priya", "last_name": "Shah", "username": "priya", "role": "case_manager"},
    )
    assert "Select a team" in response.content.decode()
    assert not User.objects.filter(username="priya").exists()


def test_switching_an_account_off_ends_its_sessions(world: World) -> None:
    colleague = sign_in(Client(), world.colleague)
    assert colleague.get(reverse("caseload:home")).status_code == 200
    admin = sign_in(Client(), world.administrator)
    admin.post(
        reverse("staff:member", args=[world.colleague.pk]), {"kind": "status", "is_active": "False"}
    )
    response = colleague.get(reverse("caseload:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:sign-in"))


def test_it_records_training(world: World) -> None:
    admin = sign_in(Client(), world.administrator)
    admin.post(
        reverse("staff:member", args=[world.cm.pk]),
        {
            "kind": "training",
            "training-course": "person_centred",
            "training-completed_on_0": "12",
            "training-completed_on_1": "3",
            "training-completed_on_2": "2026",
        },
    )
    assert Training.objects.get(user=world.cm).course == "person_centred"


def test_an_administrator_cannot_open_a_case(world: World) -> None:
    admin = sign_in(Client(), world.administrator)
    assert admin.get(reverse("people:overview", args=[world.person.pk])).status_code == 404
