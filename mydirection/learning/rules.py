"""The rules of staff learning, as plain functions (no database): who reads a log entry, how
many members a set has, when attendance can be recorded, how a set's status moves."""

from datetime import date
from uuid import UUID

from mydirection.learning.models import SetStatus

FEWEST_MEMBERS = 4
MOST_MEMBERS = 8

# Forming, then active, then closed; never back.
_NEXT = {
    SetStatus.FORMING: {SetStatus.ACTIVE, SetStatus.CLOSED},
    SetStatus.ACTIVE: {SetStatus.CLOSED},
    SetStatus.CLOSED: set(),
}


def may_read_entry(reader_id: UUID, author_id: UUID) -> bool:
    """A reflective log entry is its author's alone: whatever the reader's role."""
    return reader_id == author_id


def members_problem(count: int) -> str:
    """Why a set of ``count`` members cannot be kept ("" when it can)."""
    if count < FEWEST_MEMBERS:
        return f"Select at least {FEWEST_MEMBERS} members: a set needs {FEWEST_MEMBERS} to 8"
    if count > MOST_MEMBERS:
        return f"Select no more than {MOST_MEMBERS} members: a set needs 4 to {MOST_MEMBERS}"
    return ""


def attendance_problem(held_on: date, today: date) -> str:
    """Attendance is recorded once the day has happened."""
    if held_on > today:
        return "You can record who attended once the day has happened"
    return ""


def status_problem(current: str, wanted: str) -> str:
    if wanted == current:
        return ""
    if SetStatus(wanted) not in _NEXT[SetStatus(current)]:
        return f"A set that is {SetStatus(current).label.lower()} cannot become " + (
            SetStatus(wanted).label.lower()
        )
    return ""


def meeting_problem(status: str, held_on: date, today: date) -> str:
    if status == SetStatus.CLOSED:
        return "The set is closed: reopen it as a new set to meet again"
    if held_on > today:
        return "Record a meeting once it has happened"
    return ""


def entry_date_problem(written_on: date, today: date) -> str:
    if written_on > today:
        return "The date must be today or in the past"
    return ""
