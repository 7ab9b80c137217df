"""The referral rules, as plain functions: testable without the database or HTTP.

A referral moves along one path, and each step belongs to someone: the provider accepts or
declines, records sessions and ends it; the case manager may withdraw it while it is open and
may close it as completed or ended early once started (a provider without a login, or one
that stopped answering, must not leave it open for ever).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.core.exceptions import ValidationError

from mydirection.interventions.models import Availability, Status, Suitability


class By(StrEnum):
    PROVIDER = "provider"
    CASE_MANAGER = "case_manager"


# (from, to) -> who may make the move.
MOVES: dict[tuple[Status, Status], frozenset[By]] = {
    (Status.SENT, Status.ACCEPTED): frozenset({By.PROVIDER}),
    (Status.SENT, Status.DECLINED): frozenset({By.PROVIDER}),
    (Status.SENT, Status.WITHDRAWN): frozenset({By.CASE_MANAGER}),
    (Status.ACCEPTED, Status.STARTED): frozenset({By.PROVIDER}),
    (Status.ACCEPTED, Status.WITHDRAWN): frozenset({By.CASE_MANAGER}),
    (Status.ACCEPTED, Status.ENDED_EARLY): frozenset({By.PROVIDER}),
    (Status.STARTED, Status.COMPLETED): frozenset({By.PROVIDER, By.CASE_MANAGER}),
    (Status.STARTED, Status.ENDED_EARLY): frozenset({By.PROVIDER, By.CASE_MANAGER}),
}


def may_move(current: Status, to: Status, by: By) -> bool:
    return by in MOVES.get((current, to), frozenset())


def moves_from(current: Status, by: By) -> list[Status]:
    """The statuses ``by`` may move a referral on to, in the path's order."""
    return [to for (start, to), who in MOVES.items() if start == current and by in who]


def check_move(current: Status, to: Status, by: By) -> None:
    if not may_move(current, to, by):
        raise ValidationError(
            f"This referral is {Status(current).label.lower()}: it cannot be marked "
            f"{Status(to).label.lower()} now."
        )


def availability_on(availability: Availability, paused_until: date | None, today: date) -> str:
    """A pause with an end date is over the day after it; withdrawn is for good."""
    if availability == Availability.PAUSED and paused_until is not None and paused_until < today:
        return Availability.OPEN
    return availability


@dataclass(frozen=True)
class Proposal:
    """A case manager's decision, as the rules need to see it."""

    suitability: Suitability
    reason: str
    consent: bool
    # Where the intervention is: its availability today, its capacity and open referrals.
    availability: str
    capacity: int | None
    open_referrals: int
    already_open: bool


def refusals(proposal: Proposal) -> ValidationError | None:
    """Why this decision cannot be saved, each message by its field; None if it can.

    A decision not to refer always can (with its reason): the pilot needs every "not
    suitable" on record, whatever the intervention's state.
    """
    errors: dict[str, list[str]] = {}
    if proposal.suitability != Suitability.SUITABLE:
        if not proposal.reason:
            errors["reason"] = ["Select why they are not suitable"]
        return ValidationError(errors) if errors else None
    if proposal.already_open:
        errors["intervention"] = [
            "They already have an open referral to this intervention: see it on their "
            "Interventions page"
        ]
    elif proposal.availability == Availability.PAUSED:
        errors["intervention"] = ["This intervention is paused: it is not taking referrals"]
    elif proposal.availability == Availability.WITHDRAWN:
        errors["intervention"] = ["This intervention has been withdrawn"]
    elif proposal.capacity is not None and proposal.open_referrals >= proposal.capacity:
        errors["intervention"] = [
            f"This intervention is full ({proposal.capacity} places taken): record the "
            "decision as 'not suitable now' with the reason 'No places'"
        ]
    if not proposal.consent:
        errors["consent"] = [
            "They must agree to their details being shared with the provider before you refer"
        ]
    return ValidationError(errors) if errors else None


def places_left(capacity: int | None, open_referrals: int) -> int | None:
    return None if capacity is None else max(capacity - open_referrals, 0)
