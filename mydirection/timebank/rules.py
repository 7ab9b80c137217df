"""The Time Bank's rules as plain functions: time in whole minutes, what an exchange may be
given its members' conditions, and how far a balance may fall.

The messages are read by members, coordinators and people on probation alike: they name the
condition ("takes part in group activities only"), never a reason, and never say probation.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from mydirection.interventions.models import Condition
from mydirection.timebank.models import Place

# One exchange is at most a day's time for each receiver.
MAX_MINUTES = 24 * 60


def minutes_of(hours: int | None, minutes: int | None) -> int:
    """Hours and minutes typed into a form as whole minutes, or a ``ValidationError`` on
    ``minutes`` saying what is wrong."""
    hours, minutes = hours or 0, minutes or 0
    if hours < 0 or minutes < 0:
        raise ValidationError({"minutes": "The time cannot be less than 0"})
    if minutes >= 60:
        raise ValidationError({"minutes": "Minutes must be 59 or fewer: add the hours above"})
    total = hours * 60 + minutes
    if total == 0:
        raise ValidationError({"minutes": "Enter the time given, more than 0 minutes"})
    if total > MAX_MINUTES:
        raise ValidationError({"minutes": "An exchange can be 24 hours at most"})
    return total


def hours_and_minutes(total: int) -> str:
    """Minutes as members read time: "1 hour 30 minutes", "45 minutes", "minus 2 hours"."""
    sign = "minus " if total < 0 else ""
    hours, minutes = divmod(abs(total), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return sign + " ".join(parts)


@dataclass(frozen=True)
class Taking:
    """A member as an exchange's rules see them."""

    id: object
    name: str
    conditions: frozenset[str] = frozenset()
    no_contact_with: frozenset[object] = frozenset()
    active: bool = True


@dataclass(frozen=True)
class Proposal:
    giver: Taking
    receivers: Sequence[Taking]
    is_group: bool
    place: str
    involves_children: bool = False
    minutes: int = 60
    everyone: Sequence[Taking] = field(default=())


# Each refusal names the form field a person would change to put it right (an exchange's
# forms share these names); the forms show it there, and at the top when the form has no such
# field (a member taking up an offer cannot change who gives it).
Refusal = tuple[str | None, str]


def _condition_refusals(member: Taking, proposal: Proposal, others: list[Taking]) -> list[Refusal]:
    refusals: list[Refusal] = []
    conditions = member.conditions
    if Condition.GROUP_ONLY.value in conditions and not proposal.is_group:
        refusals.append(("is_group", f"{member.name} takes part in group activities only"))
    elif (
        Condition.PUBLIC_PLACES_ONLY.value in conditions
        and not proposal.is_group
        and proposal.place == Place.HOME
    ):
        refusals.append(
            (
                "place",
                f"{member.name} takes part in group activities and in public places only: "
                "not in someone's home",
            )
        )
    if Condition.NO_CHILDREN.value in conditions and proposal.involves_children:
        refusals.append(
            ("involves_children", f"{member.name} cannot take part in exchanges with children")
        )
    for other in others:
        if other.id in member.no_contact_with or member.id in other.no_contact_with:
            pair = sorted([member.name, other.name])
            refusals.append(
                ("receivers", f"{pair[0]} and {pair[1]} cannot take part in an exchange together")
            )
    return refusals


def refusals_by_field(proposal: Proposal) -> dict[str | None, list[str]]:
    """Why an exchange cannot go ahead as proposed, by the field to change (empty: it can)."""
    refusals: list[Refusal] = []
    receivers = list(proposal.receivers)
    # A group activity opens before anyone signs up; credits move only once someone has.
    if not receivers and not proposal.is_group:
        refusals.append(("receivers", "Choose who receives the time"))
    if any(receiver.id == proposal.giver.id for receiver in receivers):
        refusals.append(("receivers", "You cannot exchange time with yourself"))
    if len({receiver.id for receiver in receivers}) != len(receivers):
        refusals.append(("receivers", "Each member can be in an exchange once"))
    if not proposal.is_group and len(receivers) > 1:
        refusals.append(("is_group", "An exchange with more than one receiver is a group activity"))
    if not 0 < proposal.minutes <= MAX_MINUTES:
        refusals.append(("hours", "Enter the time given, more than 0 minutes and 24 hours at most"))
    people = [proposal.giver, *receivers]
    refusals.extend(
        (None, f"{member.name} is no longer a member") for member in people if not member.active
    )
    for index, member in enumerate(people):
        refusals.extend(_condition_refusals(member, proposal, people[index + 1 :]))
    by_field: dict[str | None, list[str]] = {}
    for name, message in refusals:
        if message not in by_field.get(name, []):
            by_field.setdefault(name, []).append(message)
    return by_field


def exchange_refusals(proposal: Proposal) -> list[str]:
    """Why an exchange cannot go ahead as proposed (empty: it can)."""
    return [message for messages in refusals_by_field(proposal).values() for message in messages]


@dataclass(frozen=True)
class Payer:
    name: str
    balance: int
    hard_floor: int


def balance_refusals(payers: Sequence[Payer], minutes: int) -> list[str]:
    """A payer may not go below their hard floor (eLAND's hard limit)."""
    return [
        f"This would take {payer.name} below the {hours_and_minutes(-payer.hard_floor)} "
        "of credit the Time Bank allows: they can give time first"
        for payer in payers
        if payer.balance - minutes < payer.hard_floor
    ]


def flagged(balance: int, soft_floor: int) -> bool:
    """Past the soft floor: the coordinator follows it up (TimeOverflow's flag)."""
    return balance < soft_floor
