"""Volunteering's rules as plain functions, tested without the database.

Who may be given a role, which check may be asked for, when supervision is due, whether a peer
mentor may meet a mentee, when a circle may meet and when its minutes are late. The messages
are read by coordinators; what a volunteer reads never names a conflict's reason.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mydirection.volunteering.models import CheckLevel, Course, Pathway, Stage

# References a volunteer needs, satisfactory, before a role.
REFERENCES_NEEDED = 2
# A circle: one focus person and 3 to 6 volunteers (Circles UK's 4 to 6, Community Circles'
# smaller ones).
CIRCLE_MIN_VOLUNTEERS = 3
CIRCLE_MAX_VOLUNTEERS = 6
# Minutes reach the coordinator within 48 hours of the meeting.
MINUTES_WITHIN = timedelta(hours=48)
# A meeting circle is reviewed each quarter.
REVIEW_EVERY = timedelta(days=91)
# A circle that has not met for this long is stalled (the coordinator follows it up).
STALLED_AFTER = timedelta(days=28)
# Expenses are claimed within three months, with a receipt.
EXPENSES_WITHIN = timedelta(days=92)
# One entry of hours is a day at most.
MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class RoleNeeds:
    name: str
    check_level: int
    training: Collection[str] = ()


@dataclass(frozen=True)
class Vetting:
    """What is known of a volunteer, as the role rules need it."""

    name: str
    stage: str = Stage.APPLIED
    satisfactory_references: int = 0
    # The highest level of check cleared (``CheckLevel.NONE`` when none).
    cleared_level: int = CheckLevel.NONE
    courses: Collection[str] = ()
    boundaries_agreed: bool = False
    lived_experience: bool = False
    # The latest suitability decision's value, or None when none is recorded.
    suitability: str | None = None


def check_refusal(level: int, role: RoleNeeds) -> str | None:
    """A check may be asked for only up to the role's eligibility: asking for a higher one is
    an offence (Police Act 1997, part V)."""
    if level > role.check_level:
        return (
            f"{role.name} is eligible for {_a(CheckLevel(role.check_level).label)} at most, "
            f"so {_a(CheckLevel(level).label)} cannot be asked for"
        )
    if level == CheckLevel.NONE:
        return "Choose the level of check to ask for"
    return None


def _a(label: str) -> str:
    lower = label.lower()
    return f"{'an' if lower[0] in 'aeiou' else 'a'} {lower}"


def missing_courses(role: RoleNeeds, courses: Iterable[str]) -> list[str]:
    done = set(courses)
    return [Course(course).label for course in role.training if course not in done]


def placement_refusals(role: RoleNeeds, volunteer: Vetting) -> list[str]:
    """Why ``volunteer`` cannot be given ``role`` yet (empty: they can)."""
    refusals = []
    if volunteer.stage in (Stage.LEFT, Stage.ON_HOLD):
        refusals.append(f"{volunteer.name} is {Stage(volunteer.stage).label.lower()}")
    if volunteer.satisfactory_references < REFERENCES_NEEDED:
        refusals.append(
            f"{volunteer.name} needs {REFERENCES_NEEDED} satisfactory references "
            f"({volunteer.satisfactory_references} so far)"
        )
    if volunteer.cleared_level < role.check_level:
        refusals.append(f"{role.name} needs a cleared {CheckLevel(role.check_level).label.lower()}")
    missing = missing_courses(role, volunteer.courses)
    if missing:
        refusals.append(f"{volunteer.name} has not done the training: {', '.join(missing)}")
    if not volunteer.boundaries_agreed:
        refusals.append(f"{volunteer.name} has not signed the boundaries agreement")
    if volunteer.lived_experience and volunteer.suitability != "suitable":
        refusals.append(
            f"{volunteer.name} has lived experience: record a suitability decision of "
            "suitable first (it is separate from any check)"
        )
    return refusals


def supervision_due(role_days: Iterable[int], last: date | None, started: date) -> date | None:
    """When the next supervision is due: the most frequent of the volunteer's roles counts,
    from the last supervision (or the first role's start). None: no role, none due."""
    days = min(role_days, default=None)
    if days is None:
        return None
    return (last or started) + timedelta(days=days)


# --- Peer mentors ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflicts:
    co_defendant: bool
    victim: bool
    family: bool
    known_associate: bool
    same_caseload: bool

    @property
    def clear(self) -> bool:
        return not self.reasons()

    def reasons(self) -> list[str]:
        """For the coordinator and the case manager only: never shown to a volunteer."""
        found = [
            (self.co_defendant, "a co-defendant"),
            (self.victim, "a victim of the mentor or the mentee"),
            (self.family, "a family member"),
            (self.known_associate, "a known associate"),
            (self.same_caseload, "on the same caseload while the mentor is still supervised"),
        ]
        return [reason for flagged, reason in found if flagged]


def same_caseload(
    mentor_case_manager: object | None, mentor_supervised: bool, mentee_case_manager: object
) -> bool:
    """A peer mentor still on an order does not mentor someone on their own case manager's
    caseload."""
    return mentor_supervised and mentor_case_manager == mentee_case_manager


# What a volunteer is told when a match is not made: nothing of why.
NOT_MATCHED = "This match cannot be made. The coordinator will suggest someone else."


def next_on_pathway(now: int) -> Pathway | None:
    return Pathway(now + 1) if now < Pathway.PAID_ROLE else None


# --- Sessions and hours ---------------------------------------------------------------------


def hours_refusals(minutes: int, on: date, today: date) -> dict[str, str]:
    refusals = {}
    if not 0 < minutes <= MAX_MINUTES:
        refusals["minutes"] = "Enter the time given, more than 0 minutes and 24 hours at most"
    if on > today:
        refusals["on"] = "The date must be today or in the past"
    return refusals


def shift_refusals(
    *, needed: int, taken: int, placed_in_role: bool, session_started: bool
) -> list[str]:
    refusals = []
    if session_started:
        refusals.append("This session has already started")
    if not placed_in_role:
        refusals.append("Only a volunteer given this role can sign up for it")
    if taken >= needed:
        refusals.append("This role is already filled for the session")
    return refusals


def expense_refusals(amount: int, spent_on: date, today: date, has_receipt: bool) -> dict[str, str]:
    refusals = {}
    if amount <= 0:
        refusals["amount"] = "Enter the amount, more than £0"
    if spent_on > today:
        refusals["spent_on"] = "The date must be today or in the past"
    elif today - spent_on > EXPENSES_WITHIN:
        refusals["spent_on"] = "Expenses are claimed within 3 months of spending the money"
    if not has_receipt:
        refusals["receipt"] = "Attach a photo or scan of the receipt"
    return refusals


# --- Circles --------------------------------------------------------------------------------


def join_refusal(volunteers_now: int) -> str | None:
    if volunteers_now >= CIRCLE_MAX_VOLUNTEERS:
        return f"A circle has {CIRCLE_MAX_VOLUNTEERS} volunteers at most"
    return None


def meeting_refusal(volunteers_now: int, ended: bool) -> str | None:
    if ended:
        return "This circle has ended"
    if volunteers_now < CIRCLE_MIN_VOLUNTEERS:
        return (
            f"A circle meets once it has {CIRCLE_MIN_VOLUNTEERS} volunteers "
            f"({volunteers_now} so far)"
        )
    return None


def minutes_due(held_at: datetime) -> datetime:
    return held_at + MINUTES_WITHIN


def minutes_overdue(held_at: datetime, minutes_at: datetime | None, now: datetime) -> bool:
    """Minutes not in by the deadline (late ones stay late once written)."""
    due = minutes_due(held_at)
    return (minutes_at or now) > due


def review_due(started_on: date | None, last_review: date | None) -> date | None:
    """A meeting circle's next quarterly review."""
    if started_on is None:
        return None
    return (last_review or started_on) + REVIEW_EVERY


def stalled(status: str, last_met: datetime | None, formed: datetime, now: datetime) -> bool:
    """A circle not ended that has not met (or never met) for ``STALLED_AFTER``."""
    if status == "ended":
        return False
    return now - (last_met or formed) > STALLED_AFTER


def months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def order_position(ends: date | None, today: date) -> str:
    """Time left on the order, or since it ended, in the words the readiness record keeps."""
    if ends is None:
        return "No order recorded"
    if ends >= today:
        left = months_between(today, ends)
        return f"On an order until {ends:%-d %B %Y} ({_months(left)} left)"
    since = months_between(ends, today)
    return f"Order ended on {ends:%-d %B %Y} ({_months(since)} ago)"


def _months(count: int) -> str:
    if count < 1:
        return "less than a month"
    return f"{count} month{'s' if count != 1 else ''}"
