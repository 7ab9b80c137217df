"""The contact-hours rule on both sides of each boundary, and across the clock changes.

Reminders are sent from 08:00 up to (not including) 20:00 UK local time unless the person
chose other hours; anything queued outside is moved to the next 08:00. The rule is a plain
function, so no database and no real clock.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from mydirection.notifications.hours import within_hours
from mydirection.notifications.models import ContactPreferences

LONDON = ZoneInfo("Europe/London")
DEFAULT_HOURS = ContactPreferences(earliest_hour=8, latest_hour=20)


def london(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("queued", "sent"),
    [
        pytest.param(london(2026, 5, 13, 7, 59), london(2026, 5, 13, 8, 0), id="07:59 waits"),
        pytest.param(london(2026, 5, 13, 8, 0), london(2026, 5, 13, 8, 0), id="08:00 goes"),
        pytest.param(london(2026, 5, 13, 19, 59), london(2026, 5, 13, 19, 59), id="19:59 goes"),
        pytest.param(london(2026, 5, 13, 20, 0), london(2026, 5, 14, 8, 0), id="20:00 waits"),
        pytest.param(london(2026, 5, 13, 0, 0), london(2026, 5, 13, 8, 0), id="midnight waits"),
        pytest.param(london(2026, 12, 31, 23, 30), london(2027, 1, 1, 8, 0), id="new year"),
    ],
)
def test_messages_go_between_eight_and_eight_local_time(queued: datetime, sent: datetime) -> None:
    assert within_hours(queued, DEFAULT_HOURS) == sent


def test_the_boundaries_are_local_time_not_utc_in_summer() -> None:
    # 07:30 UTC is 08:30 British Summer Time: inside the hours, so not moved.
    summer_morning = datetime(2026, 7, 1, 7, 30, tzinfo=UTC)
    assert within_hours(summer_morning, DEFAULT_HOURS) == summer_morning
    # 19:30 UTC is 20:30 BST: too late, so 08:00 BST (07:00 UTC) the next day.
    summer_evening = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)
    assert within_hours(summer_evening, DEFAULT_HOURS) == datetime(2026, 7, 2, 7, 0, tzinfo=UTC)


def test_the_night_the_clocks_go_forward() -> None:
    # 28 March 2027: at 01:00 UTC the clocks jump from 01:00 GMT to 02:00 BST.
    evening_before = london(2027, 3, 27, 21, 0)  # GMT
    moved = within_hours(evening_before, DEFAULT_HOURS)
    assert moved == london(2027, 3, 28, 8, 0)
    assert moved.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert moved == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)
    just_after_the_jump = datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 02:30 BST
    assert within_hours(just_after_the_jump, DEFAULT_HOURS) == datetime(
        2027, 3, 28, 7, 0, tzinfo=UTC
    )
    # 07:59 BST is 06:59 UTC: still too early on the first morning of summer time.
    assert within_hours(datetime(2027, 3, 28, 6, 59, tzinfo=UTC), DEFAULT_HOURS) == datetime(
        2027, 3, 28, 7, 0, tzinfo=UTC
    )


def test_the_night_the_clocks_go_back() -> None:
    # 31 October 2027: at 01:00 UTC the clocks fall back from 02:00 BST to 01:00 GMT, so
    # 01:30 local happens twice. Both are moved to 08:00 GMT, which is 08:00 UTC.
    first_half_past_one = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 BST
    second_half_past_one = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 01:30 GMT
    eight_gmt = datetime(2027, 10, 31, 8, 0, tzinfo=UTC)
    assert within_hours(first_half_past_one, DEFAULT_HOURS) == eight_gmt
    assert within_hours(second_half_past_one, DEFAULT_HOURS) == eight_gmt
    # 19:59 GMT on the first evening of winter time still goes; 20:00 waits for the morning.
    assert within_hours(london(2027, 10, 31, 19, 59), DEFAULT_HOURS) == london(2027, 10, 31, 19, 59)
    assert within_hours(london(2027, 10, 31, 20, 0), DEFAULT_HOURS) == london(2027, 11, 1, 8, 0)


def test_a_persons_own_hours_are_kept_at_their_edges() -> None:
    nine_to_five = ContactPreferences(earliest_hour=9, latest_hour=17)
    assert within_hours(london(2026, 5, 13, 8, 59), nine_to_five) == london(2026, 5, 13, 9, 0)
    assert within_hours(london(2026, 5, 13, 9, 0), nine_to_five) == london(2026, 5, 13, 9, 0)
    assert within_hours(london(2026, 5, 13, 16, 59), nine_to_five) == london(2026, 5, 13, 16, 59)
    assert within_hours(london(2026, 5, 13, 17, 0), nine_to_five) == london(2026, 5, 14, 9, 0)
