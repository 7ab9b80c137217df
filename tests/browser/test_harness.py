"""The browser harness itself: Chromium starts, reaches the live server, and axe-core runs."""

import pytest

from tests.browser.axe import SCREENSHOTS, assert_accessible, axe_violations, save_screenshot

TINY_ACCESSIBLE_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Harness check</title></head>
<body><main><h1>Harness check</h1><p>Nothing to see here.</p></main></body>
</html>"""

TINY_INACCESSIBLE_PAGE = """<!doctype html>
<html>
<head><meta charset="utf-8"><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body>
</html>"""


def test_it_reaches_the_live_server(live_server, page):
    response = page.goto(f"{live_server.url}/health/")

    assert response is not None
    assert response.status == 200
    assert page.locator("body").inner_text().strip() == "ok"


def test_it_sends_an_anonymous_visitor_to_sign_in(live_server, page):
    response = page.goto(f"{live_server.url}/")

    assert response is not None
    assert response.status == 200
    assert page.url.startswith(f"{live_server.url}/sign-in/?next=")
    # axe-core goes in through the DevTools protocol, so the page's CSP does not stop it.
    assert isinstance(axe_violations(page), list)


def test_it_passes_an_accessible_page(page):
    page.set_content(TINY_ACCESSIBLE_PAGE)

    assert_accessible(page)


def test_it_lists_violations_readably(page):
    page.set_content(TINY_INACCESSIBLE_PAGE)

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    message = str(failure.value)
    assert "- html-has-lang (serious): <html> element must have a lang attribute" in message
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "    at img" in message


def test_it_takes_full_page_screenshots_without_writing_docs(page, monkeypatch):
    monkeypatch.delenv("MYDIRECTION_SCREENSHOTS", raising=False)
    page.set_content(TINY_ACCESSIBLE_PAGE)
    before = set(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.exists() else set()

    png = save_screenshot(page, "harness-check")

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert not (SCREENSHOTS / "harness-check.png").exists()
    assert (set(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.exists() else set()) == before
