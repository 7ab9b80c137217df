"""Checks any page can take in a browser test: its console errors, and whether it fits.

``ConsoleErrors(page)`` listens to the page from then on: console messages of type error (a
Content Security Policy violation is one: an inline style refused, say) and uncaught script
errors. ``take()`` returns them and starts afresh, so one listener serves a walk over many
pages.

``fits_the_screen(page)``: the page does not scroll sideways. ``checked(page, name)``: axe,
and the screenshots wide and narrow (the page must fit the narrow screen).

``what_does_not_fit(page)`` names each table wider than the page's column (hidden in a
scroller or cut at its edge), and says so when the page itself scrolls sideways.
"""

from typing import Any

from tests.browser.axe import assert_accessible, save_screenshot

NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}


class ConsoleErrors:
    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", self._page_error)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text}")

    def _page_error(self, error: Any) -> None:
        self.errors.append(f"page error: {error}")

    def take(self) -> list[str]:
        taken, self.errors = self.errors, []
        return taken


_WHAT_DOES_NOT_FIT = """() => {
    const found = [];
    const page = document.documentElement;
    if (page.scrollWidth > window.innerWidth) {
        found.push(`the page is ${page.scrollWidth} px wide in a ${window.innerWidth} px window`);
    }
    for (const table of document.querySelectorAll("table")) {
        const column = table.closest(".govuk-width-container") || document.body;
        const right = table.getBoundingClientRect().right;
        const edge = column.getBoundingClientRect().right;
        if (right > edge + 1) {
            const caption = table.querySelector("caption, th");
            const name = caption ? caption.textContent.trim().slice(0, 60) : "a table";
            found.push(`${name}: ${Math.round(right - edge)} px past the page's edge`);
        }
    }
    return found;
}"""


def what_does_not_fit(page: Any) -> list[str]:
    page.wait_for_load_state("domcontentloaded")
    found: list[str] = page.evaluate(_WHAT_DOES_NOT_FIT)
    return found


def fits_the_screen(page: Any) -> bool:
    # A page that has only just navigated may not have parsed its <html> yet.
    page.wait_for_load_state("domcontentloaded")
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def checked(page: Any, name: str) -> None:
    """axe, and the screenshots, wide and narrow (the page must fit the narrow screen)."""
    assert_accessible(page)
    save_screenshot(page, name)
    page.set_viewport_size(NARROW)
    assert fits_the_screen(page), name
    save_screenshot(page, f"{name}-390")
    page.set_viewport_size(WIDE)
