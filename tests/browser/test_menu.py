"""The header's menu in a real browser: the widest menus (a senior case manager's twelve
items, with an unread count of two digits; a case manager's nine) stay on one row at 1280
pixels, the rest under "More", whose page lists every item; on a phone the menu opens from
its button. The estimate of a link's width (``context_processors.in_one_row``) is checked
here against Chromium's layout."""

from typing import Any

import pytest
from playwright.sync_api import expect

from mydirection.messaging.testing import from_person
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.browser.journeys import sign_in
from tests.browser.page_checks import WIDE, fits_the_screen

PHONE = {"width": 320, "height": 800}


def rows(page: Any) -> set[int]:
    """The distinct top edges of the menu's links: one row if one value."""
    tops = page.eval_on_selector_all(
        ".govuk-service-navigation__item", "items => items.map(i => i.getBoundingClientRect().top)"
    )
    return {round(top) for top in tops}


@pytest.mark.screenshots
def test_the_widest_menus_keep_to_one_row_and_more_lists_the_rest(live_server, browser) -> None:
    world = build_world()
    for _ in range(12):  # "Messages 12 new": the badge takes room too
        from_person(world.person)
    menu_of = {}
    for user in (world.senior, world.cm):
        context = browser.new_context(viewport=WIDE, locale="en-GB", timezone_id="Europe/London")
        page = context.new_page()
        page.set_default_timeout(DEFAULT_TIMEOUT_MS)
        sign_in(page, live_server.url, user)
        page.goto(f"{live_server.url}/caseload/")
        navigation = page.get_by_role("navigation", name="Menu")
        expect(navigation.get_by_role("link", name="Messages 12 new")).to_be_visible()
        assert len(rows(page)) == 1, user.username
        menu_of[user.username] = navigation.get_by_role("link").all_inner_texts()
        context.close()

    senior = menu_of[world.senior.username]
    assert senior[:2] == ["Caseload", "Diary"] and senior[2].startswith("Messages")
    assert senior[-1] == "More"
    assert "Learning" not in senior  # folded into "More"

    # "More" lists every item, the folded ones included, and leads to them.
    context = browser.new_context(viewport=WIDE, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    sign_in(page, live_server.url, world.senior)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="More").click()
    expect(page.get_by_role("heading", name="Your pages")).to_be_visible()
    main = page.get_by_role("main")
    for text in ("Caseload", "Team", "Learning", "My learning", "You said, we did"):
        expect(main.get_by_role("link", name=text, exact=True)).to_be_visible()
    expect(main.get_by_text("Training days and Action Learning Sets for staff.")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "menu-more-1280")
    main.get_by_role("link", name="Learning", exact=True).click()
    expect(page.get_by_role("heading", name="Staff learning")).to_be_visible()
    # On a page folded into "More", "More" is the section one is in.
    more = page.get_by_role("navigation", name="Menu").get_by_role("link", name="More")
    expect(more).to_have_attribute("aria-current", "true")

    # On a phone the menu is behind its button, the same items and "More".
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Menu").click()
    expect(more).to_be_visible()
    assert fits_the_screen(page)
    save_screenshot(page, "menu-phone-320")
    context.close()
