"""Writing the fund's ledger: one movement, its entries checked to sum to zero, after the pot
is locked. Every service that moves money calls ``locked`` first and ``post`` inside the same
transaction, so approvals, cuts and payments on one pot happen one at a time and each sees
the balances the one before it left."""

from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone

from mydirection.fund.models import Account, Entry, Fund, Movement, MovementKind, Request
from mydirection.ledger import legs
from mydirection.staff.models import User


def locked(fund_id: Any) -> Fund:
    """The pot, locked until the transaction ends (PostgreSQL; SQLite's transactions are
    serialised by ``transaction_mode=IMMEDIATE``)."""
    return Fund.objects.select_for_update().get(pk=fund_id)


def available(fund: Fund) -> int:
    total = Entry.objects.filter(fund=fund, account=Account.AVAILABLE).aggregate(
        total=Sum("amount")
    )["total"]
    return int(total or 0)


def used_by(fund: Fund, person_id: Any) -> int:
    """What the pot has committed to or spent on one person."""
    total = Entry.objects.filter(
        Q(account=Account.COMMITTED) | Q(account=Account.SPENT),
        fund=fund,
        request__person_id=person_id,
    ).aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


def committed_to(request: Request) -> int:
    total = Entry.objects.filter(request=request, account=Account.COMMITTED).aggregate(
        total=Sum("amount")
    )["total"]
    return int(total or 0)


def post(
    *,
    fund: Fund,
    kind: MovementKind,
    by: User | None,
    pairs: list[tuple[Account, int]],
    request: Request | None = None,
    note: str = "",
) -> Movement:
    """Write one movement. ``pairs`` are (account, signed pence); a ``committed`` or
    ``spent`` leg belongs to ``request``."""
    checked = legs(*pairs)
    movement = Movement.objects.create(
        fund=fund, kind=kind, request=request, note=note, by_user=by, at=timezone.now()
    )
    Entry.objects.bulk_create(
        Entry(
            movement=movement,
            fund=fund,
            account=leg.key,
            request=request if leg.key in (Account.COMMITTED, Account.SPENT) else None,
            amount=leg.amount,
        )
        for leg in checked
    )
    return movement
