"""A pytest plugin that runs the whole suite with the clock moved (loaded by ``-p`` in addopts).

``MYDIRECTION_TEST_CLOCK=2027-03-28T00:30 make test-sqlite`` starts every test process (each
xdist worker too) at that instant, UK local time unless an offset is given, with the clock
ticking on from there. The suite must pass at any time of day and on the days the clocks
change; this is how to prove it without waiting for 02:30. Unset, the real clock is used.

Tests that depend on the time of day freeze their own instant with ``time_machine.travel``;
that nests inside this one and hands back to it when it ends.
"""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

VARIABLE = "MYDIRECTION_TEST_CLOCK"
LONDON = ZoneInfo("Europe/London")

_traveller: time_machine.travel | None = None


def parse_instant(text: str) -> datetime:
    """An ISO 8601 date and time; without an offset it is UK local time."""
    try:
        instant = datetime.fromisoformat(text.strip())
    except ValueError:
        raise pytest.UsageError(
            f"{VARIABLE}={text!r} is not an ISO 8601 date and time, such as 2027-03-28T00:30"
        ) from None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=LONDON)
    return instant


def pytest_configure(config: pytest.Config) -> None:
    global _traveller  # noqa: PLW0603  (one clock for the whole process)
    text = os.environ.get(VARIABLE, "")
    if not text:
        return
    _traveller = time_machine.travel(parse_instant(text), tick=True)
    _traveller.start()


def pytest_report_header(config: pytest.Config) -> str | None:
    text = os.environ.get(VARIABLE, "")
    return f"clock moved: the suite starts at {parse_instant(text).isoformat()}" if text else None


def pytest_unconfigure(config: pytest.Config) -> None:
    global _traveller  # noqa: PLW0603
    if _traveller is not None:
        _traveller.stop()
        _traveller = None
