"""Staff learning's rules, without the database."""

import uuid
from datetime import date

import pytest

from mydirection.learning import rules
from mydirection.learning.models import SetStatus

TODAY = date(2026, 12, 6)


def test_only_the_author_reads_a_log_entry() -> None:
    author, someone_else = uuid.uuid4(), uuid.uuid4()
    assert rules.may_read_entry(author, author)
    assert not rules.may_read_entry(someone_else, author)


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (3, "Select at least 4 members: a set needs 4 to 8"),
        (4, ""),
        (8, ""),
        (9, "Select no more than 8 members: a set needs 4 to 8"),
    ],
)
def test_a_set_has_four_to_eight_members(count: int, message: str) -> None:
    assert rules.members_problem(count) == message


def test_attendance_waits_for_the_day() -> None:
    assert rules.attendance_problem(TODAY, TODAY) == ""
    assert rules.attendance_problem(date(2026, 12, 7), TODAY) == (
        "You can record who attended once the day has happened"
    )


def test_a_set_moves_forward_only() -> None:
    assert rules.status_problem(SetStatus.FORMING, SetStatus.ACTIVE) == ""
    assert rules.status_problem(SetStatus.ACTIVE, SetStatus.CLOSED) == ""
    assert rules.status_problem(SetStatus.ACTIVE, SetStatus.ACTIVE) == ""
    assert rules.status_problem(SetStatus.CLOSED, SetStatus.ACTIVE) == (
        "A set that is closed cannot become active"
    )
    assert rules.status_problem(SetStatus.ACTIVE, SetStatus.FORMING) == (
        "A set that is active cannot become forming"
    )


def test_a_meeting_is_recorded_once_held_and_not_for_a_closed_set() -> None:
    assert rules.meeting_problem(SetStatus.ACTIVE, TODAY, TODAY) == ""
    assert rules.meeting_problem(SetStatus.ACTIVE, date(2026, 12, 8), TODAY) == (
        "Record a meeting once it has happened"
    )
    assert "closed" in rules.meeting_problem(SetStatus.CLOSED, TODAY, TODAY)


def test_a_log_entry_is_not_dated_in_the_future() -> None:
    assert rules.entry_date_problem(TODAY, TODAY) == ""
    assert rules.entry_date_problem(date(2026, 12, 7), TODAY) != ""
