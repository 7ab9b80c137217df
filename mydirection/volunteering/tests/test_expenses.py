"""Out-of-pocket expenses: a receipt with every claim, approved then paid once, in a ledger
whose movements sum to zero and whose entries are never changed."""

import contextlib
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mydirection.ledger import ChangedEntry
from mydirection.staff.models import User
from mydirection.testing import World
from mydirection.uploads.models import Purpose
from mydirection.uploads.testing import a_png
from mydirection.versioning import StaleEdit
from mydirection.volunteering.models import (
    Expense,
    ExpenseEntry,
    ExpenseStatus,
    Role,
    Volunteer,
)
from mydirection.volunteering.services import expenses
from mydirection.volunteering.testing import a_role, as_coordinator, coordinator, vetted


@pytest.fixture
def helper(coord: User, helper_role: Role) -> Volunteer:
    return vetted(coord, helper_role)


def a_claim(coord: User, volunteer: Volunteer, amount: int = 640) -> Expense:
    return expenses.claim(
        actor=as_coordinator(coord),
        volunteer=volunteer,
        spent_on=timezone.localdate() - timedelta(days=2),
        what="Bus fares to the recovery group",
        amount=amount,
        receipt=a_png(),
    )


def test_a_claim_keeps_its_receipt_through_the_uploads_module(
    coord: User, helper: Volunteer
) -> None:
    expense = a_claim(coord, helper)
    assert expense.receipt is not None
    assert expense.receipt.purpose == Purpose.EXPENSE_RECEIPT
    assert expense.receipt.content_type == "image/png"


def test_a_claim_without_a_receipt_or_amount_is_refused_and_nothing_saved(
    coord: User, helper: Volunteer
) -> None:
    with pytest.raises(ValidationError) as refused:
        expenses.claim(
            actor=as_coordinator(coord),
            volunteer=helper,
            spent_on=timezone.localdate(),
            what="",
            amount=0,
            receipt=None,
        )
    assert set(refused.value.message_dict) == {"amount", "receipt", "what"}
    assert not Expense.objects.exists()


def test_approved_is_owed_and_paid_once(coord: User, helper: Volunteer) -> None:
    actor = as_coordinator(coord)
    expense = a_claim(coord, helper)
    expenses.approve(actor=actor, expense=expense, expected_version=1)
    assert expenses.owed_to(helper) == 640
    expenses.pay(actor=actor, expense=expense)
    assert expenses.owed_to(helper) == 0
    with pytest.raises(ValidationError) as again:
        expenses.pay(actor=actor, expense=expense)
    assert again.value.messages == ["This claim is already paid"]
    assert ExpenseEntry.objects.aggregate(total=Sum("amount"))["total"] == 0
    assert Expense.objects.get().status == ExpenseStatus.PAID


def test_a_declined_claim_says_why_and_moves_nothing(coord: User, helper: Volunteer) -> None:
    expense = a_claim(coord, helper)
    with pytest.raises(ValidationError):
        expenses.decline(
            actor=as_coordinator(coord), expense=expense, reason=" ", expected_version=1
        )
    expenses.decline(
        actor=as_coordinator(coord),
        expense=expense,
        reason="Not a volunteering cost",
        expected_version=1,
    )
    assert not ExpenseEntry.objects.exists()
    with pytest.raises(ValidationError):
        expenses.approve(actor=as_coordinator(coord), expense=expense, expected_version=2)


def test_written_entries_are_never_changed(coord: User, helper: Volunteer) -> None:
    expense = a_claim(coord, helper)
    expenses.approve(actor=as_coordinator(coord), expense=expense, expected_version=1)
    entry = ExpenseEntry.objects.first()
    assert entry is not None
    with pytest.raises(ChangedEntry):
        entry.save()
    with pytest.raises(ChangedEntry):
        ExpenseEntry.objects.update(amount=1)


def check_ledger(volunteers: list[Volunteer]) -> None:
    assert (ExpenseEntry.objects.aggregate(total=Sum("amount"))["total"] or 0) == 0
    for row in ExpenseEntry.objects.values("movement").annotate(total=Sum("amount")):
        assert row["total"] == 0
    for volunteer in volunteers:
        approved = Expense.objects.filter(volunteer=volunteer, status=ExpenseStatus.APPROVED)
        assert expenses.owed_to(volunteer) == sum(expense.amount for expense in approved)
    for expense in Expense.objects.all():
        moved = ExpenseEntry.objects.filter(movement__expense=expense, amount__gt=0).count()
        assert moved == {"claimed": 0, "declined": 0, "approved": 1, "paid": 2}[expense.status]


# The reach of the sequences does not depend on the database: PostgreSQL runs a sample.
EXAMPLES = 40 if connection.vendor == "sqlite" else 10

operations = st.lists(
    st.one_of(
        st.tuples(st.just("claim"), st.integers(0, 1), st.integers(1, 20_000)),
        st.tuples(st.sampled_from(["approve", "decline", "pay"]), st.integers(0, 9)),
    ),
    min_size=4,
    max_size=25,
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=operations)
def test_no_sequence_of_claims_and_decisions_breaks_the_ledger(
    world: World, sequence: list[Any]
) -> None:
    with transaction.atomic():
        coord = coordinator(world)
        actor = as_coordinator(coord)
        role = a_role(name="Transport", check_level=1, training=[])
        volunteers = [vetted(coord, role, first_name=name) for name in ("Ash", "Bea")]
        for operation in sequence:
            claims = list(Expense.objects.order_by("claimed_at"))
            with contextlib.suppress(ValidationError, StaleEdit):
                if operation[0] == "claim":
                    a_claim(coord, volunteers[operation[1]], amount=operation[2])
                elif claims:
                    expense = claims[operation[1] % len(claims)]
                    if operation[0] == "approve":
                        expenses.approve(
                            actor=actor, expense=expense, expected_version=expense.version
                        )
                    elif operation[0] == "decline":
                        expenses.decline(
                            actor=actor,
                            expense=expense,
                            reason="No",
                            expected_version=expense.version,
                        )
                    else:
                        expenses.pay(actor=actor, expense=expense)
            check_ledger(volunteers)
        transaction.set_rollback(True)
