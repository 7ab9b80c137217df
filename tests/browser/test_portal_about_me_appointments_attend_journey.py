"""About me, my appointments and "I am here" on a phone: the person confirms a statement of
their profile and adds one, asks to move an appointment and registers at a group with the
venue's code; the case manager sees each, accepts the move and confirms the attendance. (Another
person's 404s are in tests/test_authorisation.py and the portal's view tests.)"""

import re

import pytest
from playwright.sync_api import expect

from mydirection.person_centred.testing import one_page_profile
from mydirection.portal.models import MoveRequest, MoveStatus
from mydirection.portal.testing import a_session, active_account, upcoming_appointment
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in
from tests.browser.page_checks import fits_the_screen
from tests.browser.test_portal_journey import sign_in_on_a_phone


def checked(page, name: str) -> None:
    assert fits_the_screen(page), name
    assert_accessible(page)
    save_screenshot(page, name)


@pytest.mark.screenshots
def test_about_me_appointments_and_attendance(live_server, page, browser) -> None:
    world = build_world()
    person = world.person
    person.phone = "07700 900 983"
    person.save()
    one_page_profile(person, by=world.cm)
    appointment = upcoming_appointment(person, world.cm)
    session = a_session(world.cm)
    active_account(person)
    sign_in(page, live_server.url, world.cm)

    mobile = sign_in_on_a_phone(browser, page, live_server.url, "07700900983")

    # About me: confirm what the case manager wrote, and add something.
    mobile.get_by_role("link", name="About me").click()
    expect(mobile).to_have_url(re.compile(r"/my/about-me/$"))
    checked(mobile, "portal-about-me")
    mobile.get_by_role("button", name="This is right").first.click()
    expect(mobile.get_by_text("You said this is right").first).to_be_visible()
    mobile.get_by_role("link", name="Add something").click()
    expect(mobile).to_have_url(re.compile(r"/my/about-me/add/$"))
    mobile.get_by_label("How best to support me").check()
    mobile.get_by_label("What do you want to say?").fill("Text me the day before")
    checked(mobile, "portal-about-me-add")
    mobile.get_by_role("button", name="Add it").click()
    expect(mobile.get_by_text("“Text me the day before”")).to_be_visible()

    # My appointments: ask to move one.
    mobile.goto(f"{live_server.url}/my/appointments/")
    checked(mobile, "portal-appointments")
    mobile.get_by_role("link", name="See more").first.click()
    expect(mobile).to_have_url(re.compile(r"/my/appointments/[0-9a-f-]+/$"))
    checked(mobile, "portal-appointments-one")
    mobile.get_by_role("link", name="I need to move it").click()
    expect(mobile).to_have_url(re.compile(r"/move/$"))
    mobile.get_by_label("Why do you need to move it?").fill("I have a hospital appointment")
    checked(mobile, "portal-appointments-move")
    mobile.get_by_role("button", name="Ask to move it").click()
    expect(mobile.get_by_text("You asked to move this appointment")).to_be_visible()

    # I am here: the venue's code.
    mobile.goto(f"{live_server.url}/my/attend/")
    mobile.get_by_label("Code").fill(session.code)
    mobile.get_by_role("button", name="Send").click()
    expect(mobile.get_by_text("You are registered at Cooking group")).to_be_visible()
    checked(mobile, "portal-attend")

    # The case manager: About me says Alex; the request is on the Appointments tab.
    page.goto(f"{live_server.url}/people/{person.pk}/about-me/one-page-profile/")
    expect(page.get_by_text("Text me the day before").first).to_be_visible()
    page.goto(f"{live_server.url}/people/{person.pk}/appointments/")
    page.get_by_role("link", name="supervision").first.click()
    page.get_by_role("link", name="Choose a new time").click()
    expect(page.get_by_label("Why")).to_have_value("I have a hospital appointment")
    later = appointment.starts_at.date()
    page.get_by_label("Day").fill(str(later.day))
    page.get_by_label("Month").fill(str(later.month))
    page.get_by_label("Year").fill(str(later.year))
    page.get_by_label("New time").fill("15:30")
    page.get_by_role("button", name="Move appointment").click()
    expect(page.get_by_text("Appointment moved")).to_be_visible()
    assert MoveRequest.objects.get().status == MoveStatus.ACCEPTED

    # Confirm the attendance on the session's page.
    page.goto(f"{live_server.url}/attendance/{session.pk}/")
    checked(page, "portal-attend-staff")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"By {world.cm.display_name}")).to_be_visible()

    # Sessions are in the menu; the list shows this one.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sessions").click()
    expect(page.get_by_role("heading", name="Sessions and attendance codes")).to_be_visible()
    expect(page.get_by_role("link", name="Cooking group")).to_be_visible()
    checked(page, "portal-sessions-staff")
