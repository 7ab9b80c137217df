"""The programme manager's pots: opening one, adding money, cutting it, its rules and
approved providers, and closing it.

A cut never takes money that is already promised, and closing a pot decides every waiting
request in the same transaction (approved before it closes, or declined because it closed),
so no request is left waiting on a pot that can no longer answer it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.access.policy import Relation
from mydirection.fund.models import (
    FUND_CLOSED_REASON,
    Account,
    CategoryRule,
    Fund,
    MovementKind,
    Provider,
    Status,
)
from mydirection.fund.rules import pounds
from mydirection.fund.services import requests
from mydirection.fund.services.posting import available, locked, post
from mydirection.versioning import StaleEdit, save_if_unchanged

WHAT = "Enabling Fund"
RULE_FIELDS = (
    "name",
    "ends_on",
    "case_manager_limit",
    "senior_limit",
    "person_limit",
    "category_rules",
    "receipt_days",
)


def _log(actor: StaffActor, operation: Operation, fund: Fund, **details: Any) -> None:
    record(actor=actor, operation=operation, what=WHAT, details={"fund": str(fund.pk), **details})


def open_fund(*, actor: StaffActor, amount: int, **fields: Any) -> Fund:
    """A new pot with ``amount`` pence in it."""
    if amount <= 0:
        raise ValidationError({"amount": "The amount must be more than £0"})
    with transaction.atomic():
        fund = Fund(**fields)
        fund.full_clean()
        _refuse_overlap(fund)
        fund.save()
        post(
            fund=fund,
            kind=MovementKind.FUNDED,
            by=actor.user,
            pairs=[(Account.SOURCE, -amount), (Account.AVAILABLE, amount)],
            note="Opened",
        )
        _log(actor, Operation.COLLECT, fund, amount=amount)
    return fund


def _refuse_overlap(fund: Fund) -> None:
    """One open pot per office at a time, so a person's requests go to one pot."""
    overlapping = Fund.objects.filter(
        office=fund.office,
        closed_on__isnull=True,
        starts_on__lte=fund.ends_on,
        ends_on__gte=fund.starts_on,
    ).exclude(pk=fund.pk)
    if overlapping.exists():
        raise ValidationError(
            {"starts_on": "Another open fund covers these dates for this office: close it first"}
        )


def add_money(*, actor: StaffActor, fund_id: UUID, amount: int, note: str = "") -> None:
    if amount <= 0:
        raise ValidationError({"amount": "The amount must be more than £0"})
    with transaction.atomic():
        fund = locked(fund_id)
        if fund.is_closed:
            raise ValidationError("The fund is closed: money cannot be added to it")
        post(
            fund=fund,
            kind=MovementKind.FUNDED,
            by=actor.user,
            pairs=[(Account.SOURCE, -amount), (Account.AVAILABLE, amount)],
            note=note,
        )
        _log(actor, Operation.ALTER, fund, added=amount)


def cut(*, actor: StaffActor, fund_id: UUID, amount: int, note: str = "") -> None:
    """Take money out of the pot: never more than is available (approved requests keep
    theirs)."""
    if amount <= 0:
        raise ValidationError({"amount": "The amount must be more than £0"})
    with transaction.atomic():
        fund = locked(fund_id)
        if fund.is_closed:
            raise ValidationError("The fund is closed: there is nothing left to cut")
        free = available(fund)
        if amount > free:
            raise ValidationError(
                {
                    "amount": f"Only {pounds(free)} is not yet committed to requests: "
                    f"the fund can be cut by {pounds(free)} at most"
                }
            )
        post(
            fund=fund,
            kind=MovementKind.CUT,
            by=actor.user,
            pairs=[(Account.AVAILABLE, -amount), (Account.SOURCE, amount)],
            note=note,
        )
        _log(actor, Operation.ALTER, fund, cut=amount)


def change_rules(*, actor: StaffActor, fund_id: UUID, expected_version: int, **fields: Any) -> None:
    """Limits, category rules, the receipt deadline, the name and end date. Waiting requests
    keep the level they were asked at; new ones follow the new rules."""
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"Not a rule of the fund: {sorted(unknown)}")
    rules = fields.get("category_rules", {})
    if any(value not in CategoryRule.values for value in rules.values()):
        raise ValueError(f"Unknown category rule in {rules!r}")
    with transaction.atomic():
        fund = locked(fund_id)
        if fund.is_closed:
            raise ValidationError("The fund is closed: its rules can no longer change")
        changed = Fund(**{**_current(fund), **fields})
        # Not a new pot: its id is taken by itself (``validate_unique`` would say so).
        changed.full_clean(exclude=["office", "closed_by"], validate_unique=False)
        changed.office_id = fund.office_id
        _refuse_overlap(changed)  # a later end date may reach another open pot
        save_if_unchanged(Fund.objects, pk=fund_id, expected_version=expected_version, **fields)
        _log(actor, Operation.ALTER, fund, fields=sorted(fields))


def _current(fund: Fund) -> dict[str, Any]:
    return {
        "pk": fund.pk,
        "name": fund.name,
        "starts_on": fund.starts_on,
        "ends_on": fund.ends_on,
        "case_manager_limit": fund.case_manager_limit,
        "senior_limit": fund.senior_limit,
        "person_limit": fund.person_limit,
        "category_rules": fund.category_rules,
        "receipt_days": fund.receipt_days,
    }


def add_provider(*, actor: StaffActor, fund_id: UUID, name: str, sells: str = "") -> Provider:
    with transaction.atomic():
        fund = Fund.objects.get(pk=fund_id)
        if Provider.objects.filter(fund=fund, name__iexact=name.strip()).exists():
            raise ValidationError({"name": "This provider is already on the fund's list"})
        provider = Provider.objects.create(fund=fund, name=name.strip(), sells=sells.strip())
        _log(actor, Operation.COLLECT, fund, provider=str(provider.pk))
    return provider


def set_provider_active(*, actor: StaffActor, provider_id: UUID, active: bool) -> None:
    """Take a provider off the list (waiting requests to it can still be decided) or back."""
    with transaction.atomic():
        provider = Provider.objects.select_related("fund").get(pk=provider_id)
        Provider.objects.filter(pk=provider_id).update(active=active)
        _log(actor, Operation.ALTER, provider.fund, provider=str(provider_id), active=active)


@dataclass(frozen=True)
class Closing:
    """The programme manager's answer for each waiting request: approve it before the pot
    closes (``approve``), or decline it because the pot closed (the rest)."""

    approve: frozenset[UUID]
    # Every waiting request the page showed: one that arrived since is not closed blind.
    seen: frozenset[UUID]


def close(*, actor: StaffActor, fund_id: UUID, expected_version: int, closing: Closing) -> None:
    """Close the pot: decide every waiting request as ``closing`` says, then return what is
    left to the source. Approved requests keep their money and are paid as usual."""
    with transaction.atomic():
        fund = locked(fund_id)
        if fund.version != expected_version:
            raise StaleEdit
        if fund.is_closed:
            raise ValidationError("The fund is already closed")
        waiting = list(fund.requests.filter(status=Status.WAITING).select_related("person", "fund"))
        arrived = {request.pk for request in waiting} - closing.seen
        if arrived:
            raise ValidationError(
                "A request arrived while you were closing the fund: check it and close again"
            )
        # Each decision is about a person: logged with the programme manager's relation to a
        # request of the pot they close.
        on_request = StaffActor(user=actor.user, relation=Relation.FUND)
        for request in waiting:
            if request.pk in closing.approve:
                requests.approve_locked(actor=on_request, fund=fund, request=request)
            else:
                requests.decline_locked(
                    actor=on_request, request=request, reason=FUND_CLOSED_REASON
                )
        left = available(fund)
        if left:
            post(
                fund=fund,
                kind=MovementKind.CLOSED,
                by=actor.user,
                pairs=[(Account.AVAILABLE, -left), (Account.SOURCE, left)],
                note="Closed",
            )
        save_if_unchanged(
            Fund.objects,
            pk=fund.pk,
            expected_version=expected_version,
            closed_on=timezone.localdate(),
            closed_by=actor.user,
        )
        _log(actor, Operation.ALTER, fund, closed=True, returned=left)


def period_covers(fund: Fund, day: date) -> bool:
    return fund.starts_on <= day <= fund.ends_on
