"""Approvals at once, on PostgreSQL with real threads: the pot never goes below zero and a
person never passes their limit, however many approvers press "Approve" together."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import Sum

from mydirection.access.actor import StaffActor
from mydirection.fund.models import Entry, Fund, Request, Status
from mydirection.fund.selectors import balances, used_by
from mydirection.fund.services import pots
from mydirection.fund.services.requests import approve
from mydirection.fund.testing import a_fund, a_request
from mydirection.people.models import Person
from mydirection.testing import PersonFactory, World, acting, allocate, at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"
    ),
]


def approval(world: World, request: Request) -> Callable[[], object]:
    return lambda: approve(
        actor=acting(world.cm, request.person), request_id=request.pk, expected_version=1
    )


def test_many_simultaneous_approvals_never_overspend_the_pot(world: World) -> None:
    fund = a_fund(world.hull, world.programme_manager, amount=10_000)
    people: list[Person] = [
        allocate(PersonFactory.create(team=world.team_a), world.cm) for _ in range(12)
    ]
    requests = [a_request(fund, person, world.cm, amount=3500) for person in people]
    made, refused = at_once([approval(world, request) for request in requests])
    assert made == 2  # £70 of £100; a third £35 would take the pot below zero
    assert len(refused) == 10
    assert all("available" in str(error) for error in refused)
    position = balances(fund)
    assert (position.available, position.committed) == (3000, 7000)
    assert Request.objects.filter(status=Status.APPROVED).count() == 2
    assert Entry.objects.aggregate(total=Sum("amount"))["total"] == 0


def test_a_person_never_passes_their_limit_when_approvals_race(world: World) -> None:
    fund = a_fund(world.hull, world.programme_manager, amount=100_000, person_limit=10_000)
    requests = [a_request(fund, world.person, world.cm, amount=3000) for _ in range(8)]
    made, refused = at_once([approval(world, request) for request in requests])
    assert made == 3  # £90 of Alex's £100
    assert len(refused) == 5
    assert used_by(fund, world.person) == 9000


def test_a_cut_racing_approvals_never_takes_promised_money(world: World) -> None:
    fund = a_fund(world.hull, world.programme_manager, amount=10_000)
    people = [allocate(PersonFactory.create(team=world.team_a), world.cm) for _ in range(4)]
    requests = [a_request(fund, person, world.cm, amount=2500) for person in people]
    cut = lambda: pots.cut(  # noqa: E731
        actor=StaffActor.about_no_person(world.programme_manager),
        fund_id=fund.pk,
        amount=6000,
    )
    at_once([cut, *[approval(world, request) for request in requests]])
    fund = Fund.objects.get(pk=fund.pk)
    position = balances(fund)
    assert position.available >= 0
    assert position.put_in == position.available + position.committed
    assert position.committed == 2500 * Request.objects.filter(status=Status.APPROVED).count()


def test_written_entries_cannot_be_changed_even_in_sql(world: World) -> None:
    fund = a_fund(world.hull, world.programme_manager)
    with pytest.raises(Exception, match="never changed or deleted"), connection.cursor() as cursor:
        cursor.execute("UPDATE fund_entry SET amount = amount + 1 WHERE fund_id = %s", [fund.pk])
