"""The browser harness: Playwright (pytest-playwright) driving Debian's /usr/bin/chromium.

- Every test in this folder gets the ``browser`` marker.
- Use pytest-django's ``live_server`` (it brings ``transactional_db``) and pytest-playwright's
  ``page``; ``page`` here has a 20-second default timeout instead of 30 (CI shares 2 cores).
- No browser is ever downloaded: Playwright launches /usr/bin/chromium (``make test`` installs
  Debian's ``chromium`` when missing).
- Playwright's sync API leaves an asyncio loop running in the test thread from the moment it
  starts until the end of the session, and Django refuses ORM calls from a thread with a
  running loop. So DJANGO_ALLOW_ASYNC_UNSAFE=true is set when Playwright starts, and the
  browser tests run after all the others (on each xdist worker too), so that no other test
  runs with the loop present or with that variable in its environment (it would leak, say,
  into a ``check --deploy`` subprocess, which rightly refuses it).
- ``screenshots``-marked tests also run in the ordinary suite; only ``make screenshots``
  (MYDIRECTION_SCREENSHOTS=1) writes docs/screenshots/ (see ``tests.browser.axe``).
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import get_resolver

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # root on CI, and no user namespaces in the sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machines reach nothing but package registries: stop Chromium calling home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 20_000
HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "screenshots: takes the documentation screenshots (make screenshots)"
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser_tests = [item for item in items if HERE in item.path.parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
    # Browser tests last. xdist's load scheduling hands tests to each worker in this order,
    # so on every worker the other tests have finished before Playwright starts.
    chosen = set(browser_tests)
    items[:] = [item for item in items if item not in chosen] + browser_tests


@pytest.fixture(scope="session")
def playwright(playwright: Any) -> Iterator[Any]:
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield playwright
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-test-system.sh (apt chromium)")
    args = list(CHROMIUM_ARGS)
    if browser_type_launch_args.get("headless", True):
        args.insert(0, "--headless")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
        "viewport": {"width": 1280, "height": 800},
    }


@pytest.fixture
def page(page: Any) -> Any:
    # Import every view before the first page is asked for: otherwise the live server does it
    # on that request, and on a busy machine that alone can outlast the navigation timeout.
    get_resolver().url_patterns  # noqa: B018
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return page
