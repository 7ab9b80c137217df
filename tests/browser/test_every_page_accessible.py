"""Every page a persona can open: axe-core finds no WCAG 2.2 A or AA violation, the browser
reports no console error (a Content Security Policy violation is one) and no script error,
and it fits a 1280 px window, tables included."""

from django.urls import reverse

from mydirection.testing import build_world
from tests.browser.axe import axe_violations, format_violations
from tests.browser.journeys import sign_in
from tests.browser.page_checks import ConsoleErrors, fits_the_screen, what_does_not_fit
from tests.browser.test_portal_journey import PHONE_SIZE
from tests.test_authorisation import FOOTER_PAGES, MATRIX, _subjects, _url, all_url_names

# Each page is checked once, as the first persona in this order that may open it.
PREFERENCE = (
    "cm",
    "senior",
    "dpo",
    "administrator",
    "colleague",
    "elsewhere",
    "evaluator",
    "programme_manager",
    "partner",
    "volunteer",
    # A Time Bank member's own pages (timebank:me, timebank:profile).
    "community_member",
    # The volunteer coordinator's pages (volunteering).
    "coordinator",
)
# Not pages: downloads, the API's schema (JSON), and the app's manifest and service worker
# script. The app's own pages (for a signed-in person) are checked in
# tests/browser/test_portal_journey.py.
NOT_PAGES = {
    "api:openapi-json",
    "appointments:calendar",
    "evaluation:fund-csv",
    "evaluation:report-csv",
    "fund:receipt",
    "volunteering:expense-receipt",
    "cocreation:recording",
    "plans:pdf",
    "portal:manifest",
    "portal:service-worker",
}


def test_every_page_passes_axe_with_no_console_error_and_fits(live_server, page) -> None:
    world = build_world()
    subjects = _subjects(world)
    signed_in_as = None
    failures: list[str] = []
    console = ConsoleErrors(page)
    for name, pattern in all_url_names():
        statuses = MATRIX[name].get("GET", {})
        persona = next((p for p in PREFERENCE if statuses.get(p) == 200), None)
        if persona is None or name == "health" or name in NOT_PAGES:
            continue
        if persona != signed_in_as:
            page.context.clear_cookies()
            sign_in(page, live_server.url, world.personas()[persona])
            signed_in_as = persona
            failures.extend(f"signing in as {persona}: {error}" for error in console.take())
        url = _url(name, pattern, subjects)
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, (name, response and response.status)
        # The page itself, not a sign-in page it was sent to on the way.
        assert page.url == live_server.url + url, (name, page.url)
        violations = axe_violations(page)
        if violations:
            failures.append(format_violations(violations, url))
        failures.extend(f"{url}: {problem}" for problem in what_does_not_fit(page))
        failures.extend(f"{url}: {error}" for error in console.take())
    assert not failures, "\n".join(failures)


def test_the_sign_in_page_passes_axe_with_no_console_error(live_server, page) -> None:
    console = ConsoleErrors(page)
    page.goto(f"{live_server.url}/sign-in/")
    assert not axe_violations(page)
    assert not console.take()


def test_the_footer_pages_pass_axe_signed_out_on_a_small_screen(live_server, browser) -> None:
    """The accessibility statement, privacy notices and cookies page are read before signing
    in, often on a phone: each passes axe and fits a 320 px screen, signed out."""
    context = browser.new_context(viewport=PHONE_SIZE, locale="en-GB", is_mobile=True)
    page = context.new_page()
    console = ConsoleErrors(page)
    failures: list[str] = []
    for name in sorted(FOOTER_PAGES):
        url = reverse(name)
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, name
        assert fits_the_screen(page), name
        violations = axe_violations(page)
        if violations:
            failures.append(format_violations(violations, url))
        failures.extend(f"{url}: {error}" for error in console.take())
    context.close()
    assert not failures, "\n".join(failures)
