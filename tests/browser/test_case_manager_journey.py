"""Issue 2's journey in a real browser: sign in with a second factor, see only my caseload,
add a person, reallocate with a handover, and the new case manager reads it first. Issue 20,
item 1: what needs attention comes first, on the caseload home and on the overview of a person
in crisis, each item leading to where it is dealt with."""

import re

import pytest
from playwright.sync_api import expect

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.caseload.testing import everything_for
from mydirection.people.models import Person
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in, sign_out
from tests.browser.page_checks import WIDE, checked


@pytest.mark.screenshots
def test_a_case_manager_adds_and_hands_over_a_person(live_server, page) -> None:
    world = build_world()
    everything_for(world.person, world.cm)  # in crisis, with one thing of each kind to do
    page.set_viewport_size(WIDE)
    sign_in(page, live_server.url, world.cm)

    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(world.person.last_name)).first).to_be_visible()
    expect(page.locator("table").get_by_text(world.other_person.last_name)).to_have_count(0)
    expect(page.locator("table").get_by_text(world.excluded_from_person.last_name)).to_have_count(0)
    # What needs attention comes first, risk first, each item naming the person.
    panel = page.get_by_role("region", name="Needs attention")
    expect(panel.get_by_text("5 things to do for 1 person")).to_be_visible()
    expect(panel.locator(".govuk-tag").first).to_have_text("Message to check")
    expect(panel.get_by_role("link", name=re.compile("^Alex Quinn: Crisis since"))).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "caseload")
    checked(page, "caseload-attention")

    # The overview of the person in crisis: the same items, and the next appointment.
    page.locator("table").get_by_role("link", name=re.compile(world.person.last_name)).click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    panel = page.get_by_role("region", name="Needs attention")
    expect(panel.get_by_text("5 things to do, most urgent first")).to_be_visible()
    expect(panel.get_by_text("Next appointment")).to_be_visible()
    checked(page, "overview-attention")
    # Each item leads to where it is dealt with: the crisis to the plan's emergency plan.
    panel.get_by_role("link", name=re.compile("^Crisis since")).click()
    expect(page.get_by_role("heading", name="Crisis", exact=True)).to_be_visible()
    expect(page.get_by_text("Night shelter on Wincolmlee")).to_be_visible()
    page.goto(f"{live_server.url}/caseload/")

    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Enter their first name").first).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "add-person-errors")

    page.get_by_label("Case reference number").fill("H654321")
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Ellis")
    born = page.get_by_role("group", name="Date of birth")
    born.get_by_label("Day").fill("14")
    born.get_by_label("Month").fill("2")
    born.get_by_label("Year").fill("1991")
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Index offence category").select_option("theft")
    page.get_by_label("Previous offending events").fill("4")
    page.get_by_role("button", name="Add person").click()

    expect(page.get_by_text("Jordan Ellis has been added to your caseload")).to_be_visible()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "person-overview")
    jordan = Person.objects.get(case_reference="H654321")

    page.get_by_role("link", name="Allocation", exact=True).click()
    page.get_by_role("link", name="Reallocate the case").click()
    page.get_by_label(f"{world.colleague.display_name} (Team A)").check()
    page.get_by_label("Why is the case moving?").fill("Carol is moving to the courts team")
    page.get_by_label("What matters to the person").fill("Getting back to work as a joiner")
    page.get_by_label("Key history").fill("Tenancy at risk after arrears in spring")
    assert_accessible(page)
    save_screenshot(page, "reallocate")
    page.get_by_role("button", name="Reallocate").click()
    expect(page.get_by_text(f"case is now with {world.colleague.display_name}")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Ellis"))).to_have_count(0)

    sign_out(page)
    sign_in(page, live_server.url, world.colleague)
    page.get_by_role("link", name=re.compile("Ellis")).click()
    expect(page.get_by_role("heading", name="Read this first")).to_be_visible()
    expect(page.get_by_text("Getting back to work as a joiner")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "handover-first")
    page.get_by_role("button", name="I have read the handover").click()
    expect(page.get_by_role("heading", name="Read this first")).to_have_count(0)

    logged = set(
        AccessLogEntry.objects.filter(subject_id=jordan.pk).values_list("operation", "what")
    )
    assert (Operation.COLLECT, "Person added") in logged
    assert (Operation.ALTER, "Case reallocated with a handover") in logged
    assert (Operation.CONSULT, "Person overview") in logged
    needing = AccessLogEntry.objects.filter(subject_id=world.person.pk, what="Needs attention")
    assert needing.filter(operation=Operation.CONSULT, actor_id=world.cm.pk).exists()
    assert verify_chain().intact


def test_need_to_know_in_the_browser(live_server, page) -> None:
    world = build_world()
    sign_in(page, live_server.url, world.elsewhere)
    response = page.goto(f"{live_server.url}/people/{world.person.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)

    sign_out(page)
    sign_in(page, live_server.url, world.excluded)
    response = page.goto(f"{live_server.url}/people/{world.excluded_from_person.pk}/")
    assert response is not None and response.status == 403
    expect(page.get_by_text("conflict of interest")).to_be_visible()
    assert_accessible(page)


@pytest.mark.screenshots
def test_oversight_pages(live_server, page) -> None:
    """The senior's team view, redacted search, the exclusion message and the access log."""
    world = build_world()
    sign_in(page, live_server.url, world.senior)
    page.get_by_role("link", name="Team", exact=True).click()
    expect(page.get_by_role("heading", name="Team caseload")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "team")

    sign_out(page)
    sign_in(page, live_server.url, world.colleague)
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Name or case reference number").fill(world.restricted_person.case_reference)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Restricted access")).to_be_visible()
    expect(page.locator("table").get_by_text(world.restricted_person.last_name)).to_have_count(0)
    assert_accessible(page)
    save_screenshot(page, "search-redacted")

    sign_out(page)
    sign_in(page, live_server.url, world.excluded)
    page.goto(f"{live_server.url}/people/{world.excluded_from_person.pk}/")
    save_screenshot(page, "exclusion-message")

    sign_out(page)
    sign_in(page, live_server.url, world.dpo)
    page.get_by_label("Case reference number").fill(world.excluded_from_person.case_reference)
    page.get_by_label("Why are you checking this record's access log?").fill("Complaint")
    page.get_by_role("button", name="Show the access log").click()
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
    expect(page.get_by_text("Refused").first).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "access-log")
