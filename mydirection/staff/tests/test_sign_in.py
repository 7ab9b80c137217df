"""Staff sign in with a password and then a code from an authenticator app."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mydirection.testing import PASSWORD, World, sign_in, verified_device

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


def _ends(client: Client) -> datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_ends_two_hours_after_its_last_request(world: World) -> None:
    """Each request moves the session's end to two hours on (``SESSION_COOKIE_AGE``), writing
    it at most once a minute; two hours without a request and the next one is signed out."""
    client = sign_in(Client(), world.cm)
    home = reverse("caseload:home")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert client.get(home).status_code == 200
        first = _ends(client)
        assert first == timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        traveller.shift(timedelta(seconds=30))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(home).status_code == 200
        assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
        assert _ends(client) == first  # within the minute: not written
        traveller.shift(timedelta(seconds=31))
        assert client.get(home).status_code == 200
        later = _ends(client)
        assert later == timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        traveller.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:sign-in"))


def test_a_visitor_is_given_no_session_and_signing_out_leaves_none(world: World) -> None:
    client = Client()
    assert client.get(reverse("staff:sign-in")).status_code == 200
    assert not Session.objects.exists()
    sign_in(client, world.cm)
    assert client.get(reverse("caseload:home")).status_code == 200
    client.post(reverse("staff:sign-out"))
    assert not Session.objects.exists()
