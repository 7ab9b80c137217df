"""Series dates, the enforcement count and reminders: pure functions."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from mydirection.appointments import reminders, rules
from mydirection.people.models import OrderType

LONDON = ZoneInfo("Europe/London")


def test_a_weekly_series_by_count() -> None:
    first = datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)
    starts = rules.occurrences(first, "weekly", count=4)
    assert [s.date() for s in starts] == [date(2027, 3, d) for d in (1, 8, 15, 22)]


def test_a_fortnightly_series_until_a_date_includes_that_date() -> None:
    first = datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)
    starts = rules.occurrences(first, "fortnightly", until=date(2027, 4, 12))
    assert [s.date() for s in starts] == [
        date(2027, 3, 1),
        date(2027, 3, 15),
        date(2027, 3, 29),
        date(2027, 4, 12),
    ]


def test_a_series_keeps_its_local_time_across_the_clocks_changing() -> None:
    first = datetime(2027, 3, 22, 10, 30, tzinfo=LONDON)  # British Summer Time starts 28 March
    starts = rules.occurrences(first, "weekly", count=2)
    assert [s.hour for s in starts] == [10, 10]
    assert starts[1].utcoffset() == timedelta(hours=1)


def test_a_series_is_capped() -> None:
    first = datetime(2027, 1, 4, 10, tzinfo=LONDON)
    assert len(rules.occurrences(first, "weekly", until=date(2030, 1, 1))) == rules.MAX_OCCURRENCES


def test_only_failures_within_twelve_months_count() -> None:
    rule = rules.rule_for(OrderType.COMMUNITY_ORDER)
    on = date(2027, 6, 1)
    days = [date(2026, 5, 1), date(2027, 1, 10)]
    assert rules.failures_in_period(days, on, rule) == 1
    assert not rules.breach_threshold_reached(days, on, rule)
    assert rules.breach_threshold_reached([*days, date(2027, 5, 30)], on, rule)


def test_a_reminder_goes_the_day_before_and_says_nothing_of_the_case() -> None:
    starts = datetime(2027, 3, 2, 10, 30, tzinfo=LONDON)
    reminder = reminders.reminder_for(
        starts_at=starts,
        sensitive=False,
        place_name="Hull office",
        now=datetime(2027, 2, 1, tzinfo=UTC),
    )
    assert reminder is not None
    assert reminder.due_at == datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)
    assert reminder.text.startswith(
        "You have an appointment on Tuesday 2 March at 10:30am at Hull office."
    )


def test_a_sensitive_reminder_names_no_place() -> None:
    starts = datetime(2027, 3, 2, 14, 0, tzinfo=LONDON)
    reminder = reminders.reminder_for(
        starts_at=starts,
        sensitive=True,
        place_name="Women's centre",
        now=datetime(2027, 2, 1, tzinfo=UTC),
    )
    assert reminder is not None
    assert "centre" not in reminder.text
    assert "Tuesday 2 March at 2pm." in reminder.text


def test_no_reminder_at_the_last_minute() -> None:
    starts = datetime(2027, 3, 2, 10, 0, tzinfo=LONDON)
    late = starts - timedelta(hours=1)
    assert (
        reminders.reminder_for(starts_at=starts, sensitive=False, place_name="", now=late) is None
    )
    evening = starts - timedelta(hours=14)
    soon = reminders.reminder_for(starts_at=starts, sensitive=False, place_name="", now=evening)
    assert soon is not None and soon.due_at == evening


def test_a_reminder_says_how_to_reach_the_office_not_to_reply() -> None:
    starts = datetime(2027, 3, 2, 10, 30, tzinfo=LONDON)
    now = starts - timedelta(days=30)
    with_phone = reminders.reminder_for(
        starts_at=starts, sensitive=False, place_name="", now=now, office_phone="01632 960001"
    )
    without = reminders.reminder_for(starts_at=starts, sensitive=False, place_name="", now=now)
    assert with_phone is not None and without is not None
    assert with_phone.text.endswith("If you cannot come or need to change it, call 01632 960001.")
    assert with_phone.contact == "If you cannot come or need to change it, call 01632 960001."
    assert without.text.endswith("call the office as soon as you can.")
    for reminder in (with_phone, without):
        assert "reply" not in reminder.text.lower()
        assert "probation" not in reminder.text.lower()
