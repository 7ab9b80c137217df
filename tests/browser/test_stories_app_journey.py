"""Stories in the person's app, in a real browser on a 390 pixel phone: Alex, a person on
probation and a trained Community Reporter, captures a peer's story with the consent the peer
gave them; then, as the storyteller of an earlier story, sees what it led to and withdraws
their consent after a confirmation. axe on every page; screenshots at 390 and 320 pixels
(docs/screenshots/cocreation-app-*)."""

from typing import Any

import pytest
from playwright.sync_api import expect

from mydirection.cocreation import testing
from mydirection.cocreation.models import Consent, Reporter, Story
from mydirection.portal.testing import active_account
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in
from tests.browser.page_checks import fits_the_screen
from tests.browser.test_cocreation_journey import a_new_page
from tests.browser.test_portal_journey import sign_in_on_a_phone

PHONE = {"width": 390, "height": 844}
SMALL = {"width": 320, "height": 720}


def checked(page: Any, name: str) -> None:
    """axe, fitting the screen and a screenshot at 390, then at 320 pixels wide."""
    for size, suffix in ((PHONE, "phone"), (SMALL, "small")):
        page.set_viewport_size(size)
        assert_accessible(page)
        assert fits_the_screen(page), name
        save_screenshot(page, f"{name}-{suffix}")
    page.set_viewport_size(PHONE)


@pytest.mark.screenshots
def test_a_reporter_on_probation_captures_a_story_in_the_app(
    live_server: Any, browser: Any
) -> None:
    world = build_world()
    base = live_server.url
    scene = testing.scene(world)
    group = Reporter.objects.get(user=world.colleague).group
    testing.a_reporter(group, person=world.person)
    alex = world.person
    alex.phone = "07700900986"
    alex.save()
    active_account(alex)

    outbox = a_new_page(browser, {"width": 1280, "height": 800})
    sign_in(outbox, base, world.cm)
    mobile = sign_in_on_a_phone(browser, outbox, base, "07700900986")
    mobile.set_viewport_size(PHONE)

    mobile.get_by_role("link", name="Stories", exact=True).click()
    expect(mobile.get_by_role("link", name="Capture a story")).to_be_visible()
    checked(mobile, "cocreation-app-stories")
    mobile.get_by_role("link", name="Capture a story").click()
    mobile.get_by_label("Give the story a title").fill("The first week")
    mobile.get_by_label("A peer: someone else on probation").check()
    mobile.get_by_label("Their first name (optional)").fill("Sam")
    mobile.get_by_label("Snapshot story").check()
    mobile.get_by_label("The story", exact=True).fill(
        "Nobody told me where to go on the first day. A peer showed me round."
    )
    mobile.get_by_label("They agree to it being analysed").check()
    mobile.get_by_label("They agree to it being shown in workshops").check()
    mobile.get_by_label("First name only").check()
    checked(mobile, "cocreation-app-capture")
    mobile.get_by_role("button", name="Save the story").click()
    expect(mobile.get_by_text("The story and its consent are saved")).to_be_visible()
    expect(mobile.get_by_text("Waiting for staff to check it")).to_be_visible()
    story = Story.objects.get(title="The first week")
    assert story.storyteller_person is None and story.storyteller_name == "Sam"
    assert story.consent.taken_by_reporter is not None

    # --- Alex's own story (the scene's): what it led to, then withdrawing after confirming.
    mobile.get_by_role("link", name="Coming back").click()
    expect(mobile.get_by_text("New chairs, a kettle and plants in reception")).to_be_visible()
    checked(mobile, "cocreation-app-your-story")
    mobile.get_by_role("link", name="Withdraw my consent").click()
    expect(mobile.get_by_role("button", name="Yes, withdraw my consent")).to_be_visible()
    checked(mobile, "cocreation-app-withdraw")
    mobile.get_by_role("button", name="Yes, withdraw my consent").click()
    expect(mobile.get_by_text("Your consent is withdrawn")).to_be_visible()
    assert Consent.objects.get(story_id=str(scene["story_id"])).withdrawn_at is not None
