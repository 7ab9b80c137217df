"""Staff sign in with a password and then a code from an authenticator app."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mydirection.testing import PASSWORD, World, verified_device

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def password_step(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("staff:sign-in"), {"username": username, "password": password})


def test_it_asks_for_a_code_after_the_password(world: World) -> None:
    device = verified_device(world.cm)
    client = Client()
    response = password_step(client, "cm")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:second-factor"))
    # The password alone opens nothing.
    assert client.get(reverse("caseload:home"))["Location"].startswith(
        reverse("staff:second-factor")
    )
    response = client.post(reverse("staff:second-factor"), {"code": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("caseload:home")).status_code == 200


def test_it_rotates_the_session_at_sign_in(world: World) -> None:
    client = Client()
    client.get(reverse("staff:sign-in"))
    client.session.save()
    before = client.session.session_key
    password_step(client, "cm")
    assert client.session.session_key != before


def test_it_refuses_a_wrong_password_without_saying_which_part(world: World) -> None:
    response = password_step(Client(), "cm", "not the password")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    unknown = password_step(Client(), "nobody", "not the password")
    assert "Enter a correct username and password" in unknown.content.decode()


def test_it_refuses_a_wrong_code(world: World) -> None:
    device = verified_device(world.cm)
    client = Client()
    password_step(client, "cm")
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post(reverse("staff:second-factor"), {"code": wrong})
    assert response.status_code == 200
    assert "not right" in response.content.decode()
    assert client.get(reverse("caseload:home")).status_code == 302


def test_it_explains_a_badly_formed_code(world: World) -> None:
    verified_device(world.cm)
    client = Client()
    password_step(client, "cm")
    response = client.post(reverse("staff:second-factor"), {"code": "12ab"})
    assert "The security code must be 6 digits" in response.content.decode()


def test_it_sets_up_an_authenticator_at_first_sign_in(world: World) -> None:
    client = Client()
    password_step(client, "cm")
    page = client.get(reverse("staff:second-factor")).content.decode()
    assert "Set up your authenticator app" in page
    assert "<svg" in page  # the QR code
    device = TOTPDevice.objects.get(user=world.cm, confirmed=False)
    client.post(reverse("staff:second-factor"), {"code": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("caseload:home")).status_code == 200


def test_it_locks_out_after_repeated_failures(world: World) -> None:
    client = Client()
    for _ in range(5):
        password_step(client, "cm", "wrong password")
    response = password_step(client, "cm")  # even the right password, now
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()


@override_settings(DEMO_MODE=True)
def test_the_demo_shows_the_code(world: World) -> None:
    device = verified_device(world.cm)
    client = Client()
    password_step(client, "cm")
    page = client.get(reverse("staff:second-factor")).content.decode()
    shown = re.search(r'data-testid="demo-code">(\d{6})<', page)
    assert shown is not None
    # The code shown is one the device accepts (robust to a 30-second window turning over).
    assert device.verify_token(shown.group(1))


def test_the_real_service_never_shows_the_code(world: World) -> None:
    verified_device(world.cm)
    client = Client()
    password_step(client, "cm")
    assert (
        'data-testid="demo-code"' not in client.get(reverse("staff:second-factor")).content.decode()
    )


def test_signing_out_ends_the_session(world: World) -> None:
    device = verified_device(world.cm)
    client = Client()
    password_step(client, "cm")
    client.post(reverse("staff:second-factor"), {"code": current_code(device)})
    client.post(reverse("staff:sign-out"))
    assert client.get(reverse("caseload:home")).status_code == 302
