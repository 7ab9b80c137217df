"""An administrator adds staff, switches accounts off and records training."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.staff.models import Training, User
from mydirection.testing import PASSWORD, World, sign_in

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


def test_changing_my_password_signs_me_out_elsewhere(world: World) -> None:
    here = sign_in(Client(), world.cm)
    elsewhere = sign_in(Client(), world.cm)
    response = here.post(
        reverse("staff:change-password"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new and longer passphrase",
            "new_password2": "a new and longer passphrase",
        },
    )
    assert response.status_code == 302
    assert here.get(reverse("caseload:home")).status_code == 200
    assert elsewhere.get(reverse("caseload:home")).status_code == 302


def test_a_weak_new_password_is_refused(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(
        reverse("staff:change-password"),
        {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"},
    )
    page = response.content.decode()
    assert "too short" in page or "too common" in page
    world.cm.refresh_from_db()
    assert world.cm.check_password(PASSWORD)


def test_resetting_the_authenticator_ends_sessions_and_asks_for_set_up(world: World) -> None:
    victim = sign_in(Client(), world.colleague)
    admin = sign_in(Client(), world.administrator)
    admin.post(reverse("staff:member", args=[world.colleague.pk]), {"kind": "reset-authenticator"})
    assert victim.get(reverse("caseload:home")).status_code == 302
    fresh = Client()
    fresh.post(reverse("staff:sign-in"), {"username": "colleague", "password": PASSWORD})
    assert (
        "Set up your authenticator app"
        in fresh.get(reverse("staff:second-factor")).content.decode()
    )
