"""Staff learning in a real browser: Hull's senior case manager organises a training day
(refused first, with the messages beside the fields), records who attended, and the case
manager who attended writes in their reflective log from My learning; the senior cannot open
the entry (404). Every page is checked with axe and fits 1280 and 320 pixels; screenshots in
docs/screenshots/learning-*."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mydirection.access.models import AccessLogEntry
from mydirection.learning.models import LogEntry, SetMeeting
from mydirection.learning.testing import a_set
from mydirection.staff.models import Training
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.browser.journeys import sign_in
from tests.browser.page_checks import WIDE, fits_the_screen

SMALL = {"width": 320, "height": 800}


def checked(page: Any, name: str) -> None:
    """axe and a screenshot at 1280 pixels, then the same at 320 (the page must fit)."""
    assert_accessible(page)
    assert fits_the_screen(page), name
    save_screenshot(page, f"{name}-1280")
    page.set_viewport_size(SMALL)
    assert_accessible(page)
    assert fits_the_screen(page), f"{name} at 320"
    save_screenshot(page, f"{name}-320")
    page.set_viewport_size(WIDE)


def a_new_page(browser: Any) -> Any:
    context = browser.new_context(viewport=WIDE, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return page


def fill_date(page: Any, group: str, day: Any) -> None:
    fieldset = page.get_by_role("group", name=re.compile(group))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


@pytest.mark.screenshots
def test_a_training_day_is_organised_and_a_member_writes_their_log(live_server, browser) -> None:
    world = build_world()
    a_set(world)  # Hull set one: Carol, Priya, Dominic and Colin; Stewart facilitates
    base = live_server.url
    yesterday = timezone.localdate() - timedelta(days=1)

    # --- The senior organises a training day for two of the team.
    senior = a_new_page(browser)
    sign_in(senior, base, world.senior)
    # A senior's menu is long: "Learning" is under "More", which lists every page.
    senior.get_by_role("navigation", name="Menu").get_by_role("link", name="More").click()
    senior.get_by_role("main").get_by_role("link", name="Learning", exact=True).click()
    expect(senior.get_by_role("heading", name="Staff learning")).to_be_visible()
    senior.get_by_role("link", name="Organise a training day").click()
    senior.get_by_role("button", name="Organise the training day").click()
    expect(senior.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(senior.get_by_role("link", name="Select the staff invited")).to_be_visible()
    checked(senior, "learning-day-errors")
    senior.get_by_label("Office").select_option(label="Hull")
    senior.get_by_label("The Three Conversations").check()
    fill_date(senior, "Date", yesterday)
    senior.get_by_label("Place").fill("Hull probation office, training room 1")
    senior.get_by_label("Facilitator").fill("Partners for Change")
    senior.get_by_label("Carol Mercer").check()
    senior.get_by_label("Priya Natarajan").check()
    senior.get_by_role("button", name="Organise the training day").click()
    expect(senior.get_by_text("Training day organised")).to_be_visible()

    # --- The day happened: Carol came, Priya did not.
    senior.get_by_role("group", name="Who attended?").get_by_label("Carol Mercer").check()
    senior.get_by_role("button", name="Save attendance").click()
    expect(senior.get_by_text("Attendance recorded")).to_be_visible()
    expect(senior.get_by_role("row", name=re.compile("Carol Mercer.*Attended"))).to_be_visible()
    expect(
        senior.get_by_role("row", name=re.compile("Priya Natarajan.*Did not attend"))
    ).to_be_visible()
    checked(senior, "learning-day")
    assert list(Training.objects.values_list("user", flat=True)) == [world.cm.pk]
    senior.get_by_role("link", name="Staff learning").click()
    expect(senior.get_by_role("heading", level=1, name="Staff learning")).to_be_visible()
    checked(senior, "learning-home")

    # --- The set met yesterday: Carol and Priya came.
    senior.get_by_role("link", name="Hull set one").click()
    fill_date(senior, "Date of the meeting", yesterday)
    came = senior.get_by_role("group", name="Who came?")
    came.get_by_label("Carol Mercer").check()
    came.get_by_label("Priya Natarajan").check()
    senior.get_by_role("button", name="Record the meeting").click()
    expect(senior.get_by_text("Meeting recorded")).to_be_visible()
    expect(senior.get_by_text("Dominic Roberts: did not attend")).to_be_visible()
    checked(senior, "learning-set")
    assert set(SetMeeting.objects.get().present.all()) == {world.cm, world.colleague}

    # --- Carol writes in her reflective log about the day.
    carol = a_new_page(browser)
    sign_in(carol, base, world.cm)
    carol.get_by_role("navigation", name="Menu").get_by_role("link", name="More").click()
    carol.get_by_role("main").get_by_role("link", name="My learning").click()
    expect(carol.get_by_role("heading", name="My learning", exact=True)).to_be_visible()
    carol.get_by_role("link", name="Write in your log").click()
    carol.get_by_role("button", name="Save the entry").click()
    expect(carol.get_by_role("link", name="Enter what happened")).to_be_visible()
    carol.get_by_label("Training day (optional)").select_option(index=1)
    carol.get_by_label("What happened").fill(
        "The Three Conversations day: listen and connect first"
    )
    carol.get_by_label("What I learnt").fill("I move to the plan too early")
    carol.get_by_label("What I will do differently").fill("Keep the first conversation open")
    checked(carol, "learning-entry-form")
    carol.get_by_role("button", name="Save the entry").click()
    expect(carol.get_by_text("Entry saved. Only you can read it")).to_be_visible()
    expect(carol.get_by_text("I move to the plan too early")).to_be_visible()
    checked(carol, "learning-entry")
    entry_url = carol.url
    carol.get_by_role("link", name="My learning").first.click()
    training = carol.get_by_role("listitem").filter(has_text="The Three Conversations")
    expect(training.get_by_text("Attended")).to_be_visible()
    checked(carol, "learning-mine")

    # --- Nobody else opens it: the senior who organised the day gets 404.
    response = senior.goto(entry_url)
    assert response is not None and response.status == 404
    expect(senior.get_by_text("I move to the plan too early")).to_have_count(0)

    entry = LogEntry.objects.get()
    assert entry.author == world.cm
    logged = AccessLogEntry.objects.filter(actor_id=world.cm.pk, subject_id__isnull=True)
    assert {"Reflective log entry written", "Reflective log entry read"} <= set(
        logged.values_list("what", flat=True)
    )
    assert AccessLogEntry.objects.filter(
        actor_id=world.senior.pk, what="Training day attendance recorded"
    ).exists()
