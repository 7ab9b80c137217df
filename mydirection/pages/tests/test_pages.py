"""The footer's pages: real, public, and saying what the service really does."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mydirection.context_processors import FOOTER_LINKS
from mydirection.notifications.models import Message, Purpose
from mydirection.pages.cookies import cookies_in_use, duration
from mydirection.portal.testing import PIN, active_account
from mydirection.testing import PASSWORD, World, sign_in, verified_device

pytestmark = pytest.mark.django_db

# The links of the person's app footer, which has its own layout.
APP_FOOTER = ("pages:app-privacy", "pages:cookies", "pages:accessibility")


def test_every_footer_link_reverses_and_answers_200_to_anyone(world: World) -> None:
    signed_in = Client()
    signed_in.force_login(world.cm)
    verified = sign_in(Client(), world.cm)
    footer = Client().get(reverse("staff:sign-in")).content.decode()
    for text, name in FOOTER_LINKS:
        url = reverse(name)
        assert f'href="{url}">{text}</a>' in footer, name
        # Signed out, between the password and the code, and fully signed in.
        for client in (Client(), signed_in, verified):
            response = client.get(url)
            assert response.status_code == 200, (name, response.status_code)


def test_the_apps_footer_links_its_plain_privacy_notice_cookies_and_accessibility() -> None:
    page = Client().get(reverse("portal:sign-in")).content.decode()
    for name in APP_FOOTER:
        assert f'href="{reverse(name)}"' in page, name
        assert Client().get(reverse(name)).status_code == 200, name
    # The plain-words notice wears the app's layout (with "Exit this page"), not the staff one.
    plain = Client().get(reverse("pages:app-privacy")).content.decode()
    assert "Exit this page" in plain
    assert "How we use your details" in plain


def test_the_pages_quote_the_timeouts_the_service_enforces() -> None:
    with override_settings(SESSION_COOKIE_AGE=3600, JUSTIFICATION_SECONDS=4 * 3600):
        accessibility = Client().get(reverse("pages:accessibility")).content.decode()
        privacy = Client().get(reverse("pages:privacy")).content.decode()
    assert "(1 hour for staff, 30 minutes in the app)" in accessibility
    assert "Your session ends after 1 hour without use" in privacy
    assert "lasts 4 hours" in privacy
    assert "works for 10 minutes" in privacy


def test_durations_read_in_whole_units() -> None:
    assert duration(2 * 3600) == "2 hours"
    assert duration(30 * 60) == "30 minutes"
    assert duration(60 * 60 * 24 * 7 * 52) == "52 weeks"
    assert duration(86400) == "1 day"
    assert duration(90) == "90 seconds"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _cookies_set_by_the_journeys(world: World) -> set[str]:
    """Every cookie the service sets along its journeys: a member of staff signs in with both
    factors, is told their password changed, and signs out; a person signs in to the app
    with a code and their PIN and saves their choices."""
    staff = Client()
    device = verified_device(world.cm)
    staff.get(reverse("staff:sign-in"))
    staff.post(reverse("staff:sign-in"), {"username": world.cm.username, "password": PASSWORD})
    staff.post(reverse("staff:second-factor"), {"code": _code(device)})
    assert staff.get(reverse("caseload:home")).status_code == 200
    new_password = "a much longer passphrase 41"
    response = staff.post(
        reverse("staff:change-password"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    staff.get(response["Location"], follow=True)
    staff.post(reverse("staff:sign-out"))

    world.person.phone = "07700 900 982"
    world.person.save()
    active_account(world.person)
    person = Client()
    person.get(reverse("portal:sign-in"))
    person.post(reverse("portal:sign-in"), {"contact": "07700 900 982"})
    code = Message.objects.filter(purpose=Purpose.SIGN_IN_CODE).latest("created_at")
    response = person.post(
        reverse("portal:code"), {"code": code.personalisation["code"], "pin": PIN}
    )
    assert response["Location"] == reverse("portal:home")
    page = person.get(reverse("portal:choices"))
    assert page.status_code == 200
    choices = {"channel": "sms", "reminders": "yes", "earliest_hour": 9, "latest_hour": 20}
    version = page.context["form"]["version"].value()
    response = person.post(reverse("portal:choices"), choices | {"version": version})
    assert response.status_code == 302
    assert "Your choices are saved" in person.get(response["Location"]).content.decode()
    return set(staff.cookies) | set(person.cookies)


def test_the_cookies_page_lists_exactly_the_cookies_the_service_sets(world: World) -> None:
    set_by_the_service = _cookies_set_by_the_journeys(world)
    listed = {cookie.name for cookie in cookies_in_use()}
    assert set_by_the_service == listed
    page = Client().get(reverse("pages:cookies")).content.decode()
    for cookie in cookies_in_use():
        assert cookie.name in page
        assert cookie.expires in page
    assert "no cookie banner" in page


@override_settings(SESSION_COOKIE_NAME="__Host-sessionid", CSRF_COOKIE_NAME="__Host-csrftoken")
def test_the_cookies_page_names_the_production_cookies_in_production() -> None:
    page = Client().get(reverse("pages:cookies")).content.decode()
    assert "__Host-sessionid" in page and "__Host-csrftoken" in page
