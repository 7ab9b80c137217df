"""Exchanges recorded at once, on PostgreSQL with real threads: nobody passes their hard
floor and the ledger sums to zero."""

import functools
from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import Sum

from mydirection.testing import World, at_once
from mydirection.timebank.models import Exchange, ExchangeStatus, Place, Posting
from mydirection.timebank.services import exchanges
from mydirection.timebank.services.posting import balances
from mydirection.timebank.testing import a_bank, a_member, an_exchange, coordinator

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"
    ),
]


def test_simultaneous_exchanges_never_take_a_member_past_their_floor(world: World) -> None:
    assert world.partner.organisation is not None
    bank = a_bank(world.partner.organisation, starter_minutes=120, soft_floor=0, hard_floor=-60)
    payer = a_member(bank, world.partner, "Jo")
    givers = [a_member(bank, world.partner, f"Giver {n}") for n in range(8)]
    found = [
        an_exchange(bank, world.partner, giver, [payer], minutes=60, agreed=True)
        for giver in givers
    ]

    def recording(exchange: Exchange) -> Callable[[], object]:
        return lambda: exchanges.record(actor=coordinator(world.partner), exchange_id=exchange.pk)

    made, refused = at_once([recording(exchange) for exchange in found])
    assert made == 3  # 2 hours' credit and 1 hour below zero
    assert len(refused) == 5
    assert balances([payer])[payer.pk] == -60
    assert Posting.objects.aggregate(t=Sum("minutes"))["t"] == 0
    assert Exchange.objects.filter(status=ExchangeStatus.CONFIRMED).count() == 3


def test_a_group_session_and_one_to_ones_racing_keep_every_invariant(world: World) -> None:
    assert world.partner.organisation is not None
    bank = a_bank(world.partner.organisation, starter_minutes=60, soft_floor=0, hard_floor=-60)
    people = [a_member(bank, world.partner, f"Member {n}") for n in range(5)]
    session = an_exchange(
        bank, world.partner, people[0], [], is_group=True, place=Place.HUB, minutes=60
    )
    actor = coordinator(world.partner)
    for attendee in people[1:]:
        exchanges.join_group(actor=actor, exchange_id=session.pk, member=attendee)
    one_to_ones = [
        an_exchange(bank, world.partner, people[0], [attendee], minutes=60, agreed=True)
        for attendee in people[1:]
    ]
    calls: list[Callable[[], object]] = [
        functools.partial(exchanges.record, actor=actor, exchange_id=exchange.pk)
        for exchange in [session, *one_to_ones]
    ]
    made, refused = at_once(calls)
    # Each attendee pays an hour twice from an hour's credit: exactly at the floor.
    assert (made, refused) == (5, [])
    owed = balances(people)
    assert all(owed[p.pk] >= -60 for p in people[1:])
    assert Posting.objects.aggregate(t=Sum("minutes"))["t"] == 0


def test_written_postings_cannot_be_changed_even_in_sql(world: World) -> None:
    assert world.partner.organisation is not None
    bank = a_bank(world.partner.organisation)
    a_member(bank, world.partner, "Jo")
    with pytest.raises(Exception, match="never changed or deleted"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM timebank_posting WHERE bank_id = %s", [bank.pk])
