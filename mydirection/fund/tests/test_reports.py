"""The Enabling Fund's figures: the pilot's, from the demo's closed pot; which day counts;
what a decision is; the percentiles; a fixed number of queries however many requests."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.demo.fund import ARREARS_REASON, PILOT_CUT, PILOT_OPENED_WITH
from mydirection.demo.testing import a_demo_fund, hull_people
from mydirection.fund import reports
from mydirection.fund.models import (
    FUND_CLOSED_REASON,
    Account,
    Category,
    Entry,
    Fund,
    Level,
    PaymentMethod,
    Request,
    Status,
)
from mydirection.fund.reports import By, Scope, percentile
from mydirection.fund.services.requests import approve, pay
from mydirection.fund.testing import a_request
from mydirection.people.models import Person
from mydirection.testing import World, acting


def test_the_demo_pilot_pot_gives_the_pilots_figures(world: World) -> None:
    demo = a_demo_fund(world)
    assert demo.pilot is not None and demo.pilot.is_closed
    figures = reports.report(Scope(fund=demo.pilot))

    overall = figures.overall
    assert (overall.uses, overall.people, overall.total) == (10, 9, 45_340)  # £453.40
    assert (overall.largest, overall.mean) == (8_400, 4_534)  # £84, £45.34
    categories = [(row.label, row.uses) for row in figures.by[By.CATEGORY]]
    assert categories == [("Accommodation", 4), ("Food", 3), ("Clothing", 2), ("ID documents", 1)]
    assert sum(row.total for row in figures.by[By.CATEGORY]) == 45_340
    assert [(row.label, row.uses, row.people) for row in figures.by[By.OFFICE]] == [("Hull", 10, 9)]
    assert sum(row.uses for row in figures.by[By.MONTH]) == 10
    assert sum(row.uses for row in figures.by[By.PROVIDER]) == 10
    # Receipts in for most: two never came, long overdue.
    assert (overall.without_receipt, overall.overdue) == (2, 2)

    statuses = figures.statuses
    assert (statuses.asked, statuses.paid, statuses.waiting, statuses.approved) == (12, 10, 0, 0)
    # The arrears declined by a senior, and the request still waiting when the pot closed.
    assert (statuses.declined, statuses.declined_fund_closed) == (2, 1)
    assert Request.objects.filter(fund=demo.pilot, reason=FUND_CLOSED_REASON).count() == 1
    assert Request.objects.filter(fund=demo.pilot, reason=ARREARS_REASON).count() == 1
    assert (statuses.decided, statuses.approved_decisions) == (11, 10)
    # Decided by case managers (most in the fast lane) and a senior.
    assert statuses.decided_at_level == {
        Level.CASE_MANAGER: 8,
        Level.SENIOR: 3,
        Level.PROGRAMME_MANAGER: 0,
    }
    # Cut once, then closed: what was left went back.
    assert figures.money.put_in == PILOT_OPENED_WITH
    assert figures.money.cut == PILOT_CUT
    assert figures.money.returned == PILOT_OPENED_WITH - PILOT_CUT - 45_340
    assert (figures.money.pots, figures.money.closed) == (1, 1)


def test_the_uses_are_what_the_ledger_spent(world: World) -> None:
    demo = a_demo_fund(world)
    for fund in (demo.pilot, demo.now):
        assert fund is not None
        spent = Entry.objects.filter(fund=fund, account=Account.SPENT).aggregate(t=Sum("amount"))
        assert reports.spending(Scope(fund=fund)).total == spent["t"]


def test_the_demo_pot_now_has_requests_in_each_state(world: World) -> None:
    demo = a_demo_fund(world)
    assert demo.now is not None and not demo.now.is_closed
    statuses = reports.statuses(Scope(fund=demo.now))
    assert (statuses.waiting, statuses.approved, statuses.paid) == (2, 1, 2)
    assert (statuses.declined, statuses.cancelled) == (1, 1)
    waiting = Request.objects.filter(fund=demo.now, status=Status.WAITING)
    boots = waiting.get(level=Level.CASE_MANAGER)
    assert (boots.amount, boots.asked_by_person) == (3500, True)
    assert boots.person.case_manager == world.cm  # the persona's, from the person's app
    deposit = waiting.get(level=Level.SENIOR)
    assert (deposit.amount, deposit.category) == (12_000, Category.ACCOMMODATION)
    assert deposit.person.team == world.senior.team
    overall = reports.spending(Scope(fund=demo.now))
    assert (overall.uses, overall.without_receipt, overall.overdue) == (2, 1, 1)
    # Every demo receipt is a file in the private directory.
    assert len(demo.receipts) == 9


def test_the_period_counts_uses_by_the_day_paid_and_requests_by_the_day_asked(
    world: World, fund: Fund
) -> None:
    request = a_request(fund, world.person, world.cm, approve_now=True)
    today = timezone.localdate()
    request.refresh_from_db()
    pay(
        actor=StaffActor(world.programme_manager, Relation.FUND),
        request_id=request.pk,
        expected_version=request.version,
        method=PaymentMethod.VOUCHER,
        amount=3000,
    )
    yesterday = Scope(fund=fund, end=today - timedelta(days=1))
    assert reports.spending(yesterday).uses == 0
    assert reports.statuses(yesterday).asked == 0
    this_day = Scope(fund=fund, start=today, end=today)
    assert reports.spending(this_day).total == 3000
    assert reports.statuses(this_day).asked == 1
    assert reports.people_in(this_day) == [world.person.pk]
    assert reports.people_in(yesterday) == []


def test_percentiles_interpolate_between_neighbours() -> None:
    hours = [timedelta(hours=h) for h in (0, 1, 2, 3, 10)]
    assert percentile(hours, 0.5) == timedelta(hours=2)
    assert percentile(hours, 0.9) == timedelta(hours=7.2)
    assert percentile(hours[:1], 0.9) == timedelta(0)
    assert percentile([], 0.5) is None


def test_decision_times_by_level_leave_out_requests_the_fund_closing_declined(
    world: World,
) -> None:
    demo = a_demo_fund(world)
    times = {t.level: t for t in reports.decision_times(Scope(fund=demo.pilot))}
    assert times[None].decisions == 11
    assert times[Level.PROGRAMME_MANAGER].median is None
    # The fast lane decides at once; the senior's took days.
    fast = times[Level.CASE_MANAGER]
    assert fast.median is not None and fast.median < timedelta(days=1)
    senior = times[Level.SENIOR]
    assert senior.median is not None and senior.median >= timedelta(days=2)
    assert senior.ninetieth is not None and senior.ninetieth >= senior.median


def test_every_pot_and_a_fixed_number_of_queries_however_many_requests(
    world: World, fund: Fund
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            reports.report(Scope())
        return len(queries)

    hull_people(world, 6, prefix="Q")
    first = count()
    for person in Person.objects.filter(case_reference__startswith="Q").select_related(
        "case_manager"
    ):
        assert person.case_manager is not None
        request = a_request(fund, person, person.case_manager, amount=4000)
        approve(
            actor=acting(world.senior, person),
            request_id=request.pk,
            expected_version=request.version,
        )
        request.refresh_from_db()
        pay(
            actor=StaffActor(world.programme_manager, Relation.FUND),
            request_id=request.pk,
            expected_version=request.version,
            method=PaymentMethod.PURCHASE_ORDER,
            amount=4000,
        )
    assert count() == first == 9
    overall = reports.spending(Scope())
    assert (overall.uses, overall.people, overall.total) == (6, 6, 24_000)


@pytest.mark.parametrize("by", list(By))
def test_each_grouping_is_one_query(world: World, fund: Fund, by: By) -> None:
    a_request(fund, world.person, world.cm, approve_now=True)
    with CaptureQueriesContext(connection) as queries:
        reports.spending_by(Scope(), by)
    assert len(queries) == 1
