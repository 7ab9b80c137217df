"""The retention schedule's rules, without the database."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mydirection.rights import rules
from mydirection.rights.rules import Period, Trigger


@dataclass
class AnOrder:
    start_date: date
    end_date: date
    ended_early_on: date | None = None


SCHEDULE = rules.schedule()
CASE = SCHEDULE["case"]
SERIOUS = SCHEDULE["case_serious_harm"]
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


def test_every_period_gives_its_reason_and_the_case_record_is_kept_seven_years() -> None:
    assert all(period.reason for period in SCHEDULE.values())
    assert (CASE.years, CASE.trigger) == (7, Trigger.CASE_END)
    assert SERIOUS.until_age == 100
    assert SCHEDULE["sign_in_codes"].review is False


def test_the_setting_changes_a_period_only_with_its_reason() -> None:
    changed = rules.schedule({"case": {"years": 6, "reason": "Our records owner's schedule"}})
    assert changed["case"].years == 6 and changed["case"].reason == "Our records owner's schedule"
    assert changed["messages"] == SCHEDULE["messages"]
    with pytest.raises(ValueError, match="reason"):
        rules.schedule({"case": {"years": 1}})
    with pytest.raises(ValueError, match="No record type"):
        rules.schedule({"cases": {"years": 1, "reason": "typo"}})


def test_a_case_ends_when_its_last_order_does() -> None:
    today = date(2030, 6, 1)
    early = AnOrder(date(2020, 1, 1), date(2024, 1, 1), ended_early_on=date(2022, 3, 4))
    late = AnOrder(date(2021, 1, 1), date(2023, 5, 6))
    assert rules.case_ended_on([early, late], today) == date(2023, 5, 6)
    assert rules.case_ended_on([early], today) == date(2022, 3, 4)
    # Still running, or nothing recorded yet: not ended.
    assert rules.case_ended_on([late, AnOrder(date(2029, 1, 1), date(2031, 1, 1))], today) is None
    assert rules.case_ended_on([], today) is None


def test_a_case_is_past_its_period_the_day_after_its_seventh_anniversary() -> None:
    ended = date(2020, 3, 10)
    last = rules.keep_until(CASE, ended)
    assert last == date(2027, 3, 10)
    assert not rules.is_past(last, date(2027, 3, 10))
    assert rules.is_past(last, date(2027, 3, 11))


def test_29_february_is_kept_to_28_february() -> None:
    assert rules.keep_until(CASE, date(2024, 2, 29)) == date(2031, 2, 28)


def test_serious_harm_is_kept_to_the_100th_birthday_and_never_less_than_seven_years() -> None:
    assert rules.period_for_case(SCHEDULE, "very_high") == SERIOUS
    assert rules.period_for_case(SCHEDULE, "high") == SERIOUS
    assert rules.period_for_case(SCHEDULE, "medium") == CASE
    assert rules.keep_until(SERIOUS, date(2020, 1, 1), date(1960, 5, 2)) == date(2060, 5, 2)
    assert rules.keep_until(SERIOUS, date(2020, 1, 1), date(1910, 5, 2)) == date(2027, 1, 1)


def test_a_row_level_period_counts_days() -> None:
    codes = Period("codes", "Codes", Trigger.RECORDED, "short", days=28)
    assert rules.keep_until(codes, date(2026, 1, 1)) == date(2026, 1, 29)


@given(ended=days, today=days, years=st.integers(min_value=0, max_value=30))
def test_past_means_strictly_after_the_last_day(ended: date, today: date, years: int) -> None:
    period = Period("p", "P", Trigger.CASE_END, "r", years=years)
    last = rules.keep_until(period, ended)
    assert rules.is_past(last, today) == (today > last)
    assert last == rules.add_years(ended, years) and last >= ended


@given(born=days, ended=days)
def test_until_age_never_shortens_a_period(born: date, ended: date) -> None:
    assert rules.keep_until(SERIOUS, ended, born) >= rules.keep_until(CASE, ended)
    assert rules.keep_until(SERIOUS, ended, born) >= rules.add_years(born, 100)


@given(
    ends=st.lists(st.tuples(days, st.integers(min_value=0, max_value=3000)), min_size=1),
    today=days,
)
def test_a_case_has_ended_only_when_no_order_runs_on(
    ends: list[tuple[date, int]], today: date
) -> None:
    orders = [AnOrder(end - timedelta(days=length), end) for end, length in ends]
    ended = rules.case_ended_on(orders, today)
    if ended is None:
        assert any(order.end_date >= today for order in orders)
    else:
        assert ended < today and ended == max(order.end_date for order in orders)
