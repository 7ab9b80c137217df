"""What a caseload table's row shows, worked out once per row in Python.

The caseload pages list up to 50 people; each cell worked out by the template (a ``{% url %}``,
a date filter, a choice's label, a tag colour) cost a quarter of a millisecond a row. Here each
is a plain value, so the template only places them.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.urls import reverse
from django.utils.dateformat import format as format_date

from mydirection.people.models import OrderType, Person, RiskLevel, TerminationReason
from mydirection.templatetags.govuk import risk_colour

ORDER_LABELS = dict(OrderType.choices)
ENDED_LABELS = dict(TerminationReason.choices)
RISK_LABELS = dict(RiskLevel.choices)
NONE = "\N{EN DASH}"  # no current order, so no end date
# The record's address for one person, reversed once: its id replaces this placeholder.
_PLACEHOLDER = UUID(int=0)


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str


@dataclass(frozen=True)
class Row:
    person: Person
    href: str
    name: str
    known_as: str
    case_reference: str
    order: str
    # Said in grey when there is no current order, with how the latest one ended.
    no_order: str
    ends: str
    risk: Tag
    case_manager: str
    flags: tuple[Tag, ...]


def rows(people: list[Person]) -> list[Row]:
    """The rows of people annotated by ``selectors.annotate_for_lists``."""
    overview = reverse("people:overview", args=[_PLACEHOLDER])
    return [_row(person, overview.replace(str(_PLACEHOLDER), str(person.pk))) for person in people]


def _row(person: Person, href: str) -> Row:
    # The columns ``annotate_for_lists`` adds, which the model does not declare.
    listed: Any = person
    flags = (
        Tag("Handover to read", "purple") if listed.handover_unread else None,
        Tag("Restricted", "grey") if listed.is_restricted else None,
        Tag("Programme", "turquoise") if person.programme_start else None,
    )
    return Row(
        person=person,
        href=href,
        name=f"{person.last_name}, {person.first_name}",
        known_as=person.preferred_name,
        case_reference=person.case_reference,
        order=ORDER_LABELS.get(listed.current_order_type or "", ""),
        no_order=_no_order(listed.current_order_type, listed.ended_reason),
        ends=format_date(listed.current_order_end, "j M Y") if listed.current_order_end else NONE,
        risk=Tag(RISK_LABELS.get(person.risk_level, ""), risk_colour(person.risk_level)),
        case_manager=_holder(listed),
        flags=tuple(flag for flag in flags if flag),
    )


def _no_order(order_type: str | None, ended_reason: str | None) -> str:
    if order_type:
        return ""
    ended = ENDED_LABELS.get(ended_reason or "")
    return f"No current order: ended, {ended.lower()}" if ended else "No current order"


def _holder(listed: Any) -> str:
    """The case manager's name as ``User.display_name`` gives it (the username when the name
    is blank), or that nobody holds the case."""
    if listed.case_manager_id is None:
        return "Not allocated"
    name = f"{listed.holder_first_name} {listed.holder_last_name}".strip()
    return name or listed.holder_username
