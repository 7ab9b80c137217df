"""The person's app on a phone: the case manager invites, the person enrols from the outbox
link, signs in with a code and PIN, changes how they hear from us and withdraws a consent;
the case manager sees it. Every page is checked with axe and photographed at phone size."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry
from mydirection.notifications.models import ContactPreferences
from mydirection.people.models import Consent, ConsentPurpose
from mydirection.portal.testing import PIN
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.browser.journeys import sign_in
from tests.browser.page_checks import fits_the_screen, what_does_not_fit

PHONE_SIZE = {"width": 320, "height": 720}


def latest_outbox_text(page, base_url: str, pattern: str) -> str:
    page.goto(f"{base_url}/notifications/outbox/")
    match = re.search(pattern, page.locator("table").inner_text())
    assert match is not None, pattern
    return match.group(1)


def sign_in_on_a_phone(browser, staff_page, base_url: str, phone_number: str):
    """The person signs in on their phone with a code (read from the outbox, on a signed-in
    member of staff's page) and their PIN; returns the phone's page."""
    phone = browser.new_context(viewport=PHONE_SIZE, locale="en-GB", is_mobile=True)
    mobile = phone.new_page()
    mobile.set_default_timeout(DEFAULT_TIMEOUT_MS)
    mobile.goto(f"{base_url}/my/sign-in/")
    mobile.get_by_label("Your mobile number or email address").fill(phone_number)
    mobile.get_by_role("button", name="Send me a code").click()
    code = latest_outbox_text(staff_page, base_url, r"Your MyDirection code is (\d{6})")
    mobile.get_by_label("Code").fill(code)
    mobile.get_by_label("PIN", exact=True).fill(PIN)
    mobile.get_by_role("button", name="Sign in").click()
    return mobile


@pytest.mark.screenshots
def test_a_person_enrols_signs_in_and_makes_choices(live_server, page, browser) -> None:
    world = build_world()
    person = world.person
    person.phone = "07700 900 982"
    person.save()
    consent = Consent.objects.create(
        person=person,
        purpose=ConsentPurpose.SHARE_PLAN,
        given_on=timezone.localdate(),
        details="With my sister",
        recorded_by=world.cm,
    )

    # The case manager invites the person from their record.
    sign_in(page, live_server.url, world.cm)
    page.goto(f"{live_server.url}/people/{person.pk}/app/")
    page.get_by_role("button", name="Invite to the app").click()
    expect(page.get_by_text("Invitation sent by text message")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/notifications/outbox/")
    link = page.get_by_role("link", name=re.compile("Open the link")).first.get_attribute("href")
    assert link and "/my/enrol/" in link
    # The link in the text is long and has no spaces: it wraps instead of widening the page.
    assert what_does_not_fit(page) == []
    assert_accessible(page)
    save_screenshot(page, "portal-outbox")

    # The person opens the link on their phone and chooses a PIN.
    phone = browser.new_context(viewport=PHONE_SIZE, locale="en-GB", is_mobile=True)
    mobile = phone.new_page()
    mobile.set_default_timeout(DEFAULT_TIMEOUT_MS)
    mobile.goto(link)
    expect(mobile.get_by_role("heading", name=f"Hello {person.known_as}")).to_be_visible()
    expect(mobile.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    assert fits_the_screen(mobile)
    assert_accessible(mobile)
    save_screenshot(mobile, "portal-enrol")
    mobile.get_by_label("Choose a PIN").fill("123456")
    mobile.get_by_label("Type your PIN again").fill("123456")
    mobile.get_by_role("button", name="Save my PIN").click()
    expect(mobile.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(mobile)
    save_screenshot(mobile, "portal-enrol-error")
    mobile.get_by_label("Choose a PIN").fill("274951")
    mobile.get_by_label("Type your PIN again").fill("274951")
    mobile.get_by_role("button", name="Save my PIN").click()

    # Sign in: phone number, then the code from the text and the PIN.
    expect(mobile.get_by_text("Your PIN is set. Now sign in")).to_be_visible()
    assert_accessible(mobile)
    save_screenshot(mobile, "portal-sign-in")
    mobile.get_by_label("Your mobile number or email address").fill("07700900982")
    mobile.get_by_role("button", name="Send me a code").click()
    expect(mobile.get_by_text("If we know you, we've sent you a code")).to_be_visible()
    assert_accessible(mobile)
    code = latest_outbox_text(page, live_server.url, r"Your MyDirection code is (\d{6})")
    mobile.get_by_label("Code").fill(code)
    mobile.get_by_label("PIN", exact=True).fill("274951")
    save_screenshot(mobile, "portal-code")
    mobile.get_by_role("button", name="Sign in").click()
    expect(mobile.get_by_role("heading", name=f"Hello {person.known_as}")).to_be_visible()
    assert fits_the_screen(mobile)
    assert_accessible(mobile)
    save_screenshot(mobile, "portal-home")

    # My choices: email, no reminders; then say no to sharing the plan.
    mobile.get_by_role("link", name="My choices").click()
    mobile.get_by_label("Email").check()
    mobile.get_by_label("No reminders").check()
    mobile.get_by_role("button", name="Save my choices").click()
    expect(mobile.get_by_text("Your choices are saved")).to_be_visible()
    mobile.get_by_role("button", name=re.compile("Say no now")).click()
    expect(mobile.get_by_text("You have said no to: Share my plan")).to_be_visible()
    expect(mobile.get_by_text(re.compile("You said no on"))).to_be_visible()
    assert fits_the_screen(mobile)
    assert_accessible(mobile)
    save_screenshot(mobile, "portal-choices")

    # The service worker has stored static files and the offline page, nothing personal.
    cached = mobile.evaluate(
        """async () => {
            await navigator.serviceWorker.ready;
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
            }
            return urls;
        }"""
    )
    assert "/my/offline/" in cached
    assert all(url.startswith("/static/") or url == "/my/offline/" for url in cached), cached
    phone.close()

    preferences = ContactPreferences.objects.get(person=person)
    assert (preferences.channel, preferences.reminders_opted_out) == ("email", True)
    consent.refresh_from_db()
    assert not consent.is_active
    assert AccessLogEntry.objects.filter(actor_person_id=person.pk).exists()
    assert verify_chain().intact

    # The case manager sees the withdrawn consent and can end access.
    page.goto(f"{live_server.url}/people/{person.pk}/consents/")
    expect(page.get_by_text(re.compile("Withdrawn"))).to_be_visible()
    page.goto(f"{live_server.url}/people/{person.pk}/app/")
    expect(page.get_by_role("button", name="End access now")).to_be_visible()
    expect(page.get_by_text(re.compile("Using the app since"))).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "portal-staff-app")
    page.goto(f"{live_server.url}/people/{person.pk}/messages/")
    expect(page.get_by_text("Not sent: the person chose not to get reminders")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "portal-staff-messages")


def test_the_app_works_without_javascript(live_server, browser) -> None:
    context = browser.new_context(viewport=PHONE_SIZE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/my/sign-in/")
    exit_page = page.get_by_role("button", name="Emergency Exit this page")
    expect(exit_page).to_have_attribute("href", "https://www.bbc.co.uk/weather")
    page.get_by_label("Your mobile number or email address").fill("07700900000")
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", name="Enter your code and PIN")).to_be_visible()
    page.goto(f"{live_server.url}/my/offline/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    context.close()
