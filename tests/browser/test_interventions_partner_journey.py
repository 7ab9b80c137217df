"""Interventions beyond the case manager: the partner worker answers a referral, records a
session and closes it; the volunteer reads the first names in their group; the person finds
something that can help them on their phone and says they are interested, and their case
manager sees it on their home page. Every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from mydirection.interventions.models import Interest, Referral, Status
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.portal.testing import active_account
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in, sign_out
from tests.browser.page_checks import fits_the_screen
from tests.browser.test_portal_journey import PHONE_SIZE, sign_in_on_a_phone


def checked(page, name: str) -> None:
    assert_accessible(page)
    save_screenshot(page, name)


@pytest.mark.screenshots
def test_the_partner_answers_records_and_closes_a_referral(live_server, page) -> None:
    world = build_world()
    assert world.partner.organisation is not None
    time_bank = an_intervention(world.hull, provider=world.partner.organisation)
    referral = a_referral(
        world.person,
        time_bank,
        world.cm,
        shares_note=True,
        shares_availability=True,
        availability_note="Weekday mornings",
    )

    sign_in(page, live_server.url, world.partner)
    expect(page).to_have_url(re.compile(r"/partner/$"))
    expect(page.get_by_role("heading", name="Time Bank")).to_be_visible()
    checked(page, "partner-referrals")

    page.get_by_role("link", name=f"Open the referral of {world.person.full_name}").click()
    expect(page.get_by_text("Weekday mornings")).to_be_visible()
    checked(page, "partner-referral")

    page.get_by_role("link", name="Accept or decline").click()
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Select whether you can take this referral")
    checked(page, "partner-respond-errors")
    page.get_by_label("Yes, accept it").check()
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("Referral accepted")).to_be_visible()

    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Yes, they came").check()
    page.get_by_label("Note (optional)").fill("Good first session")
    checked(page, "partner-session")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("The referral has started")).to_be_visible()
    expect(page.get_by_text("Good first session")).to_be_visible()

    page.get_by_role("link", name="Close the referral").click()
    page.get_by_label("Completed").check()
    checked(page, "partner-close")
    page.get_by_role("button", name="Close referral").click()
    expect(page.get_by_text("Referral closed: completed")).to_be_visible()
    expect(page.get_by_text("There are no open referrals")).to_be_visible()
    assert Referral.objects.get(pk=referral.pk).status == Status.COMPLETED


def test_the_volunteer_sees_first_names_in_their_group(live_server, page) -> None:
    world = build_world()
    group = an_intervention(world.hull, name="Recovery group")
    group.volunteers.add(world.volunteer)
    a_referral(world.person, group, world.cm, status=Status.STARTED)

    sign_in(page, live_server.url, world.volunteer)
    expect(page).to_have_url(re.compile(r"/interventions/groups/$"))
    expect(page.get_by_text(world.person.first_name, exact=True)).to_be_visible()
    expect(page.get_by_text(world.person.last_name)).to_have_count(0)
    checked(page, "volunteer-groups")


@pytest.mark.screenshots
def test_the_person_says_they_are_interested_and_the_case_manager_sees_it(
    live_server, page, browser
) -> None:
    world = build_world()
    person = world.person
    person.phone = "07700 900 984"
    person.save()
    active_account(person)
    an_intervention(
        world.hull, name="Recovery group", offer="Meet people who know what it is like."
    )
    sign_in(page, live_server.url, world.cm)

    mobile = sign_in_on_a_phone(browser, page, live_server.url, "07700900984")
    assert mobile.viewport_size == PHONE_SIZE
    mobile.get_by_role("link", name="Things that can help me").click()
    expect(mobile).to_have_url(re.compile(r"/my/help/$"))
    assert fits_the_screen(mobile)
    checked(mobile, "portal-help")
    mobile.get_by_role("link", name="Find out more about Recovery group").click()
    expect(mobile.get_by_text("Meet people who know what it is like.")).to_be_visible()
    assert fits_the_screen(mobile)
    checked(mobile, "portal-help-intervention")
    mobile.get_by_label("Anything you want to tell your case manager?").fill("My friend goes")
    mobile.get_by_role("button", name="I\u2019m interested").click()
    expect(mobile.get_by_text("We told your case manager you are interested")).to_be_visible()
    expect(mobile.get_by_text("You said you are interested")).to_be_visible()
    assert Interest.objects.get().note == "My friend goes"

    page.goto(f"{live_server.url}/caseload/")
    banner = page.get_by_role("region", name="Interested in an intervention")
    expect(banner).to_contain_text(f"{person.full_name}: Recovery group")
    expect(banner).to_contain_text("My friend goes")
    checked(page, "caseload-interests")
    sign_out(page)
