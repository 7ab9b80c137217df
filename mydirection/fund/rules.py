"""The Enabling Fund's rules, as plain functions of numbers: amounts, who may approve what,
and what a request or an approval is refused for. The services apply them under the pot's
lock; the forms and the person's app use the same words."""

from dataclasses import dataclass

from mydirection.fund.models import Category, CategoryRule, Level
from mydirection.money import parse_pounds, pounds

__all__ = ["parse_pounds", "pounds"]  # the fund's forms and pages read money through here

# The most one request may ask for, whatever the pot (a typing slip of £45,000 is refused
# before anyone reads it).
MAX_REQUEST = 100_000  # £1,000


@dataclass(frozen=True)
class Limits:
    """A pot's approval rules, in pence."""

    case_manager: int
    senior: int
    person: int
    category_rules: dict[str, str]

    def rule_for(self, category: str) -> CategoryRule:
        return CategoryRule(self.category_rules.get(category, CategoryRule.ALLOWED.value))


def required_level(limits: Limits, *, category: str, amount: int) -> Level:
    """Who must approve: the case manager within their limit (the fast lane), a senior case
    manager within theirs or for a category that needs one, the programme manager above."""
    if amount > limits.senior:
        return Level.PROGRAMME_MANAGER
    if amount > limits.case_manager or limits.rule_for(category) is CategoryRule.SENIOR:
        return Level.SENIOR
    return Level.CASE_MANAGER


@dataclass(frozen=True)
class Asking:
    """A request as asked, with what the pot and the person have already used."""

    category: str
    amount: int
    person_first_name: str
    person_used: int
    fund_closed: bool
    # The person asked from their app: the messages speak to them ("You have ...").
    by_person: bool = False


def ask_refusals(limits: Limits, asking: Asking) -> dict[str, str]:
    """Why a request cannot be made, field by field (empty: it can)."""
    refusals: dict[str, str] = {}
    if asking.fund_closed:
        refusals["__all__"] = "The Enabling Fund is closed: no new requests can be made"
    if limits.rule_for(asking.category) is CategoryRule.NOT_ALLOWED:
        refusals["category"] = (
            f"The fund does not pay for {Category(asking.category).label.lower()}"
        )
    left = max(limits.person - asking.person_used, 0)
    if asking.amount > MAX_REQUEST:
        refusals["amount"] = f"A request can be for {pounds(MAX_REQUEST)} at most"
    elif asking.amount > left:
        who_has = "You have" if asking.by_person else f"{asking.person_first_name} has"
        refusals["amount"] = (
            f"{who_has} {pounds(left)} left of the {pounds(limits.person)} "
            "this fund gives one person: ask for that or less"
        )
    return refusals


@dataclass(frozen=True)
class Approving:
    """An approval as it would be posted, read under the pot's lock."""

    amount: int
    required: Level
    approver_level: Level | None
    approver_asked: bool
    available: int
    person_first_name: str
    person_used: int
    fund_closed: bool


def approval_refusals(limits: Limits, approving: Approving) -> list[str]:
    """Why an approval is refused (empty: it may be approved). The system never approves by
    itself: there is always an approver, and beyond the fast lane it is not the asker."""
    refusals: list[str] = []
    if approving.fund_closed:
        refusals.append("The fund is closed: requests can no longer be approved")
    if approving.approver_level is None or approving.approver_level < approving.required:
        refusals.append(f"This request needs a {approving.required.label.lower()} to approve it")
    elif approving.approver_asked and approving.required > Level.CASE_MANAGER:
        refusals.append("You asked for this request: someone else must approve it")
    if approving.amount > approving.available:
        refusals.append(
            f"The fund has {pounds(approving.available)} available: "
            f"{pounds(approving.amount)} cannot be approved until money is added"
        )
    left = max(limits.person - approving.person_used, 0)
    if approving.amount > left:
        refusals.append(
            f"{approving.person_first_name} has {pounds(left)} left of the "
            f"{pounds(limits.person)} this fund gives one person"
        )
    return refusals


def limits_of(fund: object) -> Limits:
    """A pot's ``Limits`` (``fund`` is a ``models.Fund``)."""
    return Limits(
        case_manager=fund.case_manager_limit,  # type: ignore[attr-defined]
        senior=fund.senior_limit,  # type: ignore[attr-defined]
        person=fund.person_limit,  # type: ignore[attr-defined]
        category_rules=dict(fund.category_rules),  # type: ignore[attr-defined]
    )
