"""The ledger's invariants over random sequences of everything that moves money (hypothesis):
whatever is asked, approved, paid, cancelled, cut or closed, in any order, by anyone."""

import contextlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.fund.models import Category, Entry, Fund, PaymentMethod, Request, Status
from mydirection.fund.selectors import balances, used_by
from mydirection.fund.services import pots
from mydirection.fund.services.posting import committed_to
from mydirection.fund.services.requests import approve, cancel, decline, pay
from mydirection.fund.testing import a_fund, a_request
from mydirection.people.models import Person
from mydirection.testing import PersonFactory, World, acting, allocate
from mydirection.versioning import StaleEdit

amounts = st.integers(min_value=1, max_value=1_500)
ask = st.tuples(
    st.just("ask"),
    st.integers(0, 1),
    amounts,
    st.sampled_from([Category.FOOD, Category.OTHER, Category.ACCOMMODATION]),
)
approval = st.tuples(st.just("approve"), st.integers(0, 9), st.sampled_from(["cm", "senior", "pm"]))
# Asking and approving are drawn more often than the rest: the edges (an empty pot, a person
# at their limit) need several of each in one sequence.
operations = st.lists(
    st.one_of(
        ask,
        approval,
        ask,
        approval,
        st.tuples(st.just("add"), amounts),
        st.tuples(st.just("cut"), amounts),
        st.tuples(st.just("decline"), st.integers(0, 9)),
        st.tuples(st.just("pay"), st.integers(0, 9), st.floats(0.01, 1.0)),
        st.tuples(st.just("cancel"), st.integers(0, 9)),
    ),
    min_size=8,
    max_size=40,
)
# Closing ends everything, so it comes (or not) at the end of a sequence.
endings: st.SearchStrategy[list[Any]] = st.one_of(st.just([]), st.just([("close",)]))


def check_invariants(fund: Fund, people: list[Person]) -> None:
    fund.refresh_from_db()
    assert Entry.objects.aggregate(total=Sum("amount"))["total"] == 0
    for movement_total in Entry.objects.values("movement").annotate(total=Sum("amount")):
        assert movement_total["total"] == 0
    position = balances(fund)
    assert position.available >= 0
    assert position.put_in == position.available + position.committed + position.spent
    if fund.is_closed:
        assert position.available == 0
    for request in Request.objects.filter(fund=fund):
        expected = request.amount if request.status == Status.APPROVED else 0
        assert committed_to(request) == expected, request.status
        spent = Entry.objects.filter(request=request, account="spent").aggregate(
            total=Sum("amount")
        )["total"]
        assert (spent or 0) == (request.paid_amount if request.status == Status.PAID else 0)
    for person in people:
        assert used_by(fund, person) <= fund.person_limit


def run(world: World, fund: Fund, people: list[Person], operation: tuple[Any, ...]) -> None:
    requests = list(Request.objects.filter(fund=fund).order_by("asked_at"))
    pm = StaffActor(user=world.programme_manager, relation=Relation.FUND)
    kind = operation[0]
    if kind == "add":
        pots.add_money(actor=pm, fund_id=fund.pk, amount=operation[1])
    elif kind == "cut":
        pots.cut(actor=pm, fund_id=fund.pk, amount=operation[1])
    elif kind == "ask":
        a_request(fund, people[operation[1]], world.cm, amount=operation[2], category=operation[3])
    elif kind == "close":
        waiting = frozenset(r.pk for r in requests if r.status == Status.WAITING)
        half = frozenset(list(waiting)[: len(waiting) // 2])
        pots.close(
            actor=StaffActor.about_no_person(world.programme_manager),
            fund_id=fund.pk,
            expected_version=fund.version,
            closing=pots.Closing(approve=half, seen=waiting),
        )
    else:
        # Each operation picks among the requests it can apply to, so sequences reach the
        # edges (a pot emptied by approvals) instead of mostly being refused.
        wanted = {
            "approve": [Status.WAITING],
            "decline": [Status.WAITING],
            "pay": [Status.APPROVED],
            "cancel": [Status.WAITING, Status.APPROVED],
        }[kind]
        candidates = [r for r in requests if r.status in wanted] or requests
        if not candidates:
            return
        request = candidates[operation[1] % len(candidates)]
        approvers = {"cm": world.cm, "senior": world.senior}
        by = (
            pm
            if kind == "approve" and operation[2] == "pm"
            else acting(approvers.get(operation[2], world.cm), request.person)
            if kind == "approve"
            else acting(world.cm, request.person)
        )
        if kind == "approve":
            approve(actor=by, request_id=request.pk, expected_version=request.version)
        elif kind == "decline":
            decline(actor=by, request_id=request.pk, expected_version=request.version, reason="No")
        elif kind == "pay":
            amount = max(1, int(request.amount * operation[2]))
            pay(
                actor=by,
                request_id=request.pk,
                expected_version=request.version,
                method=PaymentMethod.PURCHASE_ORDER,
                amount=amount,
            )
        elif kind == "cancel":
            cancel(actor=by, request_id=request.pk, expected_version=request.version, reason="Gone")


# The sequences' reach does not depend on the database: PostgreSQL (three times slower here)
# runs a sample, SQLite the full search; racing threads are test_concurrency.py's job.
EXAMPLES = 60 if connection.vendor == "sqlite" else 15


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=operations, ending=endings)
def test_no_sequence_of_operations_breaks_the_ledger(
    world: World, sequence: list[Any], ending: list[Any]
) -> None:
    with transaction.atomic():
        fund = a_fund(world.hull, world.programme_manager, amount=2_000, person_limit=1_500)
        people = [world.person] + [
            allocate(PersonFactory.create(team=world.team_a), world.cm) for _ in range(1)
        ]
        for operation in sequence + ending:
            fund.refresh_from_db()
            # A refusal is part of the sequence: the invariants must hold after it too.
            with contextlib.suppress(ValidationError, StaleEdit):
                run(world, fund, people, operation)
            check_invariants(fund, people)
        transaction.set_rollback(True)
