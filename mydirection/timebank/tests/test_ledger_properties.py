"""The credits ledger's invariants over random sequences of exchanges (hypothesis): whoever
gives, receives, joins, confirms, records or cancels, in any order."""

import contextlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mydirection.testing import World
from mydirection.timebank.models import Exchange, ExchangeStatus, Member, Place, Posting, TimeBank
from mydirection.timebank.services import exchanges
from mydirection.timebank.services.posting import balances
from mydirection.timebank.testing import a_bank, a_member, an_exchange, coordinator
from mydirection.versioning import StaleEdit

member = st.integers(0, 3)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("one"), member, member, st.sampled_from([30, 60, 90, 120, 240])),
        st.tuples(st.just("one"), member, member, st.sampled_from([30, 60, 90, 120, 240])),
        st.tuples(st.just("group"), member, st.sampled_from([60, 120])),
        st.tuples(st.just("join"), st.integers(0, 9), member),
        st.tuples(st.just("accept"), st.integers(0, 9)),
        st.tuples(st.just("confirm"), st.integers(0, 9), member),
        st.tuples(st.just("record"), st.integers(0, 9)),
        st.tuples(st.just("record"), st.integers(0, 9)),
        st.tuples(st.just("cancel"), st.integers(0, 9)),
    ),
    min_size=8,
    max_size=40,
)


def check_invariants(bank: TimeBank, members: list[Member]) -> None:
    assert (Posting.objects.filter(bank=bank).aggregate(t=Sum("minutes"))["t"] or 0) == 0
    for row in Posting.objects.values("transfer").annotate(t=Sum("minutes")):
        assert row["t"] == 0
    owed = balances(members)
    for one in members:
        floor = bank.hard_floor if one.hard_floor is None else one.hard_floor
        assert owed[one.pk] >= floor
    moved = Exchange.objects.filter(bank=bank).annotate(transfers=Count("transfer"))
    for exchange in moved:
        assert exchange.transfers == (1 if exchange.status == ExchangeStatus.CONFIRMED else 0)


def run(world: World, bank: TimeBank, members: list[Member], operation: tuple[Any, ...]) -> None:
    actor = coordinator(world.partner)
    kind = operation[0]
    if kind == "one":
        an_exchange(
            bank,
            world.partner,
            members[operation[1]],
            [members[operation[2]]],
            minutes=operation[3],
        )
        return
    if kind == "group":
        an_exchange(
            bank,
            world.partner,
            members[operation[1]],
            [],
            is_group=True,
            place=Place.HUB,
            minutes=operation[2],
        )
        return
    found = list(Exchange.objects.filter(bank=bank).order_by("created_at"))
    if not found:
        return
    exchange = found[operation[1] % len(found)]
    if kind == "join":
        exchanges.join_group(actor=actor, exchange_id=exchange.pk, member=members[operation[2]])
    elif kind == "accept":
        other = exchange.parties.first()
        if other is not None:
            exchanges.accept(
                actor=actor,
                exchange_id=exchange.pk,
                by=other.member,
                expected_version=exchange.version,
            )
    elif kind == "confirm":
        exchanges.confirm(actor=actor, exchange_id=exchange.pk, by=members[operation[2]])
    elif kind == "record":
        exchanges.record(actor=actor, exchange_id=exchange.pk)
    elif kind == "cancel":
        exchanges.cancel(actor=actor, exchange_id=exchange.pk, by=None, reason="Rained off")


# The sequences' reach does not depend on the database: PostgreSQL (three times slower here)
# runs a sample, SQLite the full search; racing threads are test_concurrency.py's job.
EXAMPLES = 50 if connection.vendor == "sqlite" else 15


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=operations)
def test_no_sequence_of_exchanges_breaks_the_ledger(world: World, sequence: list[Any]) -> None:
    assert world.partner.organisation is not None
    with transaction.atomic():
        bank = a_bank(
            world.partner.organisation, starter_minutes=60, soft_floor=-60, hard_floor=-120
        )
        members = [a_member(bank, world.partner, name) for name in ("Ann", "Bo", "Cy", "Di")]
        for operation in sequence:
            # A refusal is part of the sequence: the invariants must hold after it too.
            with contextlib.suppress(ValidationError, StaleEdit):
                run(world, bank, members, operation)
            check_invariants(bank, members)
        transaction.set_rollback(True)
