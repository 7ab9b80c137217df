"""Volunteers' out-of-pocket expenses, with receipts, in an append-only ledger in pence.

Accounts (``ExpenseAccount``): approving a claim moves its amount from ``cost`` (the
programme's spending on expenses) to ``owed`` to the volunteer; paying it moves it from
``owed`` to ``paid``. So what is owed to a volunteer is minus their ``owed`` balance, never
more than they claimed, and an expense is paid once: each step locks the claim's row.
"""

from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from mydirection.access.actor import Actor, StaffActor
from mydirection.access.models import Operation
from mydirection.ledger import legs
from mydirection.staff.models import User
from mydirection.uploads.models import Purpose
from mydirection.uploads.services import store
from mydirection.versioning import StaleEdit
from mydirection.volunteering import rules
from mydirection.volunteering.models import (
    Expense,
    ExpenseAccount,
    ExpenseEntry,
    ExpenseMovement,
    ExpenseStatus,
    Volunteer,
)
from mydirection.volunteering.services.log import log_volunteer

WHAT = "Volunteer expenses"


def claim(
    *,
    actor: Actor,
    volunteer: Volunteer,
    spent_on: date,
    what: str,
    amount: int,
    receipt: bytes | IO[bytes] | None,
) -> Expense:
    refusals = rules.expense_refusals(amount, spent_on, timezone.localdate(), receipt is not None)
    if not what.strip():
        refusals["what"] = "Say what the money was spent on"
    if refusals:
        raise ValidationError(refusals)
    assert receipt is not None  # noqa: S101 (refused above when missing)
    with transaction.atomic():
        stored = store(
            actor=actor,
            upload=receipt,
            purpose=Purpose.EXPENSE_RECEIPT,
            person=volunteer.person,
        )
        expense = Expense.objects.create(
            volunteer=volunteer, spent_on=spent_on, what=what.strip(), amount=amount, receipt=stored
        )
        log_volunteer(actor, Operation.COLLECT, WHAT, volunteer, expense=expense.pk)
    return expense


def _locked(expense: Expense, expected_version: int | None, status: ExpenseStatus) -> Expense:
    found = Expense.objects.select_for_update().select_related("volunteer").get(pk=expense.pk)
    if expected_version is not None and found.version != expected_version:
        raise StaleEdit
    if found.status != status:
        raise ValidationError(f"This claim is already {found.get_status_display().lower()}")
    return found


def _post(expense: Expense, by: User, *pairs: tuple[ExpenseAccount, int]) -> None:
    movement = ExpenseMovement.objects.create(expense=expense, by_user=by)
    ExpenseEntry.objects.bulk_create(
        ExpenseEntry(
            movement=movement, account=leg.key, volunteer=expense.volunteer, amount=leg.amount
        )
        for leg in legs(*pairs)
    )


def approve(*, actor: StaffActor, expense: Expense, expected_version: int) -> None:
    with transaction.atomic():
        expense = _locked(expense, expected_version, ExpenseStatus.CLAIMED)
        _post(
            expense,
            actor.user,
            (ExpenseAccount.COST, expense.amount),
            (ExpenseAccount.OWED, -expense.amount),
        )
        _decide(expense, actor, ExpenseStatus.APPROVED)


def decline(*, actor: StaffActor, expense: Expense, reason: str, expected_version: int) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the claim is declined"})
    with transaction.atomic():
        expense = _locked(expense, expected_version, ExpenseStatus.CLAIMED)
        _decide(expense, actor, ExpenseStatus.DECLINED, reason=reason.strip())


def pay(*, actor: StaffActor, expense: Expense) -> None:
    with transaction.atomic():
        expense = _locked(expense, None, ExpenseStatus.APPROVED)
        _post(
            expense,
            actor.user,
            (ExpenseAccount.OWED, expense.amount),
            (ExpenseAccount.PAID, -expense.amount),
        )
        _decide(expense, actor, ExpenseStatus.PAID)


def _decide(expense: Expense, actor: StaffActor, status: ExpenseStatus, reason: str = "") -> None:
    values = {"status": status, "version": expense.version + 1}
    if status != ExpenseStatus.PAID:
        values |= {"decided_by": actor.user, "decided_at": timezone.now(), "reason": reason}
    Expense.objects.filter(pk=expense.pk).update(**values)
    log_volunteer(
        actor, Operation.ALTER, WHAT, expense.volunteer, expense=expense.pk, status=status
    )


def owed_to(volunteer: Volunteer) -> int:
    """Approved and not yet paid, in pence."""
    total = ExpenseEntry.objects.filter(volunteer=volunteer, account=ExpenseAccount.OWED).aggregate(
        total=Sum("amount")
    )["total"]
    return -int(total or 0)
