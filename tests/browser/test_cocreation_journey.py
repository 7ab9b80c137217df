"""Co-creation, as issue 15's "done when" has it, in a real browser: a trained reporter (not
the storyteller's case manager) captures a story from a person on probation and takes their
layered consent; the risk screen redacts a name; the co-creation lead highlights and themes
it, makes an insight of it and records a workshop that uses it with a change action; the
storyteller sees "you said, we did" in their app; withdrawing consent flags the insight.
Everything is in the access log with the relation ``cocreation``. Every page is checked with
axe; screenshots at 1280 and 320 pixels wide (docs/screenshots/cocreation-*)."""

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mydirection.access.models import AccessLogEntry
from mydirection.cocreation import testing
from mydirection.cocreation.models import Story
from mydirection.portal.testing import PIN, active_account
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.browser.journeys import sign_in
from tests.browser.page_checks import fits_the_screen
from tests.browser.test_portal_journey import latest_outbox_text

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 720}
TRANSCRIPT = (
    "When I started, my officer Dave Smith listened. The waiting room felt cold and I nearly "
    "left. Having a peer mentor made me come back."
)


def checked(page: Any, name: str) -> None:
    """axe and a screenshot at this width, then the same at the other width (fitting it)."""
    wide = page.viewport_size["width"] > PHONE["width"]
    for size in (DESKTOP, PHONE) if wide else (PHONE, DESKTOP):
        page.set_viewport_size(size)
        assert_accessible(page)
        if size is PHONE:
            assert fits_the_screen(page), name
        save_screenshot(page, f"{name}-{'desktop' if size is DESKTOP else 'phone'}")
    page.set_viewport_size(DESKTOP if wide else PHONE)


def a_new_page(browser: Any, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return page


@pytest.mark.screenshots
def test_a_story_from_capture_to_you_said_we_did(live_server, page, browser) -> None:
    world = build_world()
    base = live_server.url
    group = testing.a_group(world)
    testing.a_reporter(group, user=world.colleague)
    alex = world.person
    alex.phone = "07700900986"
    alex.save()
    active_account(alex)

    # --- The reporter (a colleague, not Alex's case manager) captures Alex's story.
    desk = a_new_page(browser, DESKTOP)
    sign_in(desk, base, world.colleague)
    desk.goto(f"{base}{reverse('cocreation:home')}")
    desk.get_by_role("link", name="Capture a story").click()
    desk.get_by_label("Title").fill("Coming back")
    desk.get_by_label("Dialogue interview").check()
    desk.get_by_label("Person on probation").check()
    desk.get_by_label("Their case reference").fill(alex.case_reference)
    desk.get_by_label("The story").fill(TRANSCRIPT)
    checked(desk, "cocreation-capture")
    desk.get_by_role("button", name="Save the story").click()
    expect(desk.get_by_text("The story is saved")).to_be_visible()
    story = Story.objects.get()

    # Layered consent, taken by the reporter.
    desk.get_by_label("They agree to it being analysed").check()
    desk.get_by_label("They agree to it being used in workshops").check()
    desk.get_by_label("Reports inside the service").check()
    desk.get_by_label("First name only").check()
    checked(desk, "cocreation-consent")
    desk.get_by_role("button", name="Record consent").click()
    expect(desk.get_by_text("Consent is recorded")).to_be_visible()

    # The risk screen: a name redacted, then the checklist.
    desk.get_by_role("link", name="Remove words").click()
    desk.get_by_label("Words to remove").fill("Dave Smith")
    desk.get_by_label("Why").fill("Names a member of staff")
    desk.get_by_role("button", name="Remove the words").click()
    expect(desk.get_by_text("The words are removed from every output")).to_be_visible()
    desk.get_by_role("link", name="Screen the story").click()
    desk.get_by_label(re.compile("^Nobody who was harmed")).check()
    desk.get_by_label("There are no details of any offence").check()
    desk.get_by_label(re.compile("^Nothing could breach licence conditions")).check()
    checked(desk, "cocreation-screen")
    desk.get_by_role("button", name="Save the risk screen").click()
    expect(desk.get_by_text("The story passed the risk screen")).to_be_visible()
    desk.goto(f"{base}{reverse('cocreation:home')}")
    checked(desk, "cocreation-stories")
    desk.get_by_role("link", name="Coming back").click()
    redacted = desk.get_by_test_id("redacted")
    expect(redacted).to_contain_text("[name removed]")
    expect(redacted).not_to_contain_text("Dave Smith")
    checked(desk, "cocreation-story")

    # --- The co-creation lead themes, highlights, makes an insight and runs a workshop.
    lead = a_new_page(browser, DESKTOP)
    sign_in(lead, base, world.programme_manager)
    lead.goto(f"{base}{reverse('cocreation:group', args=[group.pk])}")
    lead.get_by_role("link", name="Add a theme").click()
    lead.get_by_label("Theme").fill("The office")
    lead.get_by_role("button", name="Add the theme").click()
    lead.get_by_role("link", name="Add a theme").click()
    lead.get_by_label("Theme").fill("Waiting room")
    lead.get_by_label("The office").check()
    lead.get_by_role("button", name="Add the theme").click()
    expect(lead.get_by_text("The theme The office: Waiting room is added")).to_be_visible()
    # A second person signs the screen off before the story is used (never the screener).
    lead.goto(f"{base}{reverse('cocreation:story', args=[story.pk])}")
    lead.get_by_role("link", name="Sign off the risk screen").click()
    lead.get_by_role("button", name="Sign off the risk screen").click()
    expect(lead.get_by_text("The risk screen is signed off")).to_be_visible()
    lead.goto(f"{base}{reverse('cocreation:highlight', args=[story.pk])}")
    lead.get_by_label("Words to highlight").fill("The waiting room felt cold")
    lead.get_by_label("The office: Waiting room").check()
    checked(lead, "cocreation-highlight")
    lead.get_by_role("button", name="Save the highlight").click()
    expect(lead.get_by_text("The highlight is saved")).to_be_visible()
    lead.goto(f"{base}{reverse('cocreation:add-insight', args=[group.pk])}")
    lead.get_by_label("Insight").fill("The waiting room puts people off")
    lead.get_by_label(re.compile("The waiting room felt cold")).check()
    lead.get_by_role("button", name="Save the insight").click()
    expect(lead.get_by_text("The insight is saved")).to_be_visible()
    expect(lead.get_by_text("Consent:")).to_be_visible()
    lead.goto(f"{base}{reverse('cocreation:add-workshop', args=[group.pk])}")
    lead.get_by_label("Workshop").fill("Reception workshop")
    lead.get_by_label("The waiting room puts people off").check()
    lead.get_by_label("Decisions").fill("Make reception welcoming")
    lead.get_by_role("button", name="Save the workshop").click()
    expect(lead.get_by_text("The workshop is recorded")).to_be_visible()
    lead.get_by_role("link", name="Add a change").click()
    lead.get_by_label("You said: what was heard").fill("The waiting room feels cold")
    lead.get_by_label("We did: what will change").fill("A greeter, new chairs and a kettle")
    lead.get_by_label("The waiting room puts people off").check()
    lead.get_by_label("Owner").select_option(label=world.senior.display_name)
    lead.get_by_role("button", name="Save the change").click()
    expect(lead.get_by_text("1 storyteller told")).to_be_visible()
    expect(lead.locator("main")).not_to_contain_text("Dave Smith")
    checked(lead, "cocreation-workshop")
    lead.goto(f"{base}{reverse('cocreation:group', args=[group.pk])}")
    checked(lead, "cocreation-group")
    lead.get_by_role("navigation", name="Menu").get_by_role("link", name="More").click()
    lead.get_by_role("main").get_by_role("link", name="You said, we did").click()
    expect(lead.get_by_text("A greeter, new chairs and a kettle")).to_be_visible()
    checked(lead, "cocreation-you-said-we-did")

    # --- Alex, on their phone, sees the change their story led to.
    outbox = a_new_page(browser, DESKTOP)
    sign_in(outbox, base, world.cm)
    mobile = a_new_page(browser, PHONE)
    mobile.goto(f"{base}/my/sign-in/")
    mobile.get_by_label("Your mobile number or email address").fill("07700900986")
    mobile.get_by_role("button", name="Send me a code").click()
    code = latest_outbox_text(outbox, base, r"Your MyDirection code is (\d{6})")
    mobile.get_by_label("Code").fill(code)
    mobile.get_by_label("PIN", exact=True).fill(PIN)
    mobile.get_by_role("button", name="Sign in").click()
    mobile.get_by_role("link", name="You said, we did").click()
    expect(mobile.get_by_text("Your story helped")).to_be_visible()
    expect(mobile.get_by_text("A greeter, new chairs and a kettle")).to_be_visible()
    checked(mobile, "cocreation-app-you-said-we-did")

    # --- Alex withdraws consent (through the reporter): the insight is flagged.
    desk.goto(f"{base}{reverse('cocreation:story', args=[story.pk])}")
    desk.get_by_role("link", name="Withdraw consent").click()
    desk.get_by_role("button", name="Withdraw consent").click()
    expect(desk.get_by_text("Consent is withdrawn")).to_be_visible()
    lead.goto(f"{base}{reverse('cocreation:group', args=[group.pk])}")
    lead.get_by_role("link", name="The waiting room puts people off").click()
    expect(lead.get_by_text("A story behind this insight was withdrawn")).to_be_visible()
    checked(lead, "cocreation-insight-flagged")

    # Everything about Alex is in the access log, with the relation that let each in.
    about_alex = AccessLogEntry.objects.filter(subject_id=alex.pk, relation="cocreation")
    whats = set(about_alex.values_list("what", flat=True))
    assert {"Story captured", "Story consent", "Story redaction", "Story risk screen"} <= whats
    assert {"Story highlight", "Insight", "Story consent withdrawn"} <= whats
