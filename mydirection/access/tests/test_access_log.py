"""The access log: append-only, hash-chained, verifiable."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from mydirection.access import log
from mydirection.access.actor import StaffActor
from mydirection.access.log import (
    GENESIS_HASH,
    Entries,
    entry_hash,
    record,
    record_groups,
    record_many,
    subject_key,
    verify_chain,
)
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.testing import World, acting

# ``COPY_FROM`` for a run that writes every batch by ``INSERT``.
NEVER = 10**9

pytestmark = pytest.mark.django_db


def _three_entries(world: World) -> list[AccessLogEntry]:
    return [
        record(
            actor=acting(world.cm, world.person),
            operation=Operation.CONSULT,
            what=f"Page {n}",
            subject_id=world.person.pk,
        )
        for n in range(3)
    ]


def _tamper(sql: str, params: list[str | int]) -> None:
    """Change a row behind the application's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE access_accesslogentry DISABLE TRIGGER access_log_append_only"
            )
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE access_accesslogentry ENABLE TRIGGER access_log_append_only"
            )


def test_it_chains_each_entry_to_the_one_before(world: World) -> None:
    first, second, third = _three_entries(world)
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert verify_chain().intact


def test_it_records_who_when_what_and_about_whom(world: World) -> None:
    entry = record(
        actor=StaffActor(world.colleague, Relation.TEAM, justification="Covering for Carol"),
        operation=Operation.CONSULT,
        what="Person overview",
        subject_id=world.person.pk,
    )
    entry.refresh_from_db()
    assert entry.actor_id == world.colleague.pk
    assert entry.actor_role == "case_manager"
    assert entry.subject_key == subject_key(world.person.pk)
    assert entry.justification == "Covering for Carol"
    assert entry.occurred_at is not None


def test_it_logs_a_list_as_one_entry_per_person(world: World) -> None:
    people = [world.person.pk, world.restricted_person.pk]
    entries = record_many(
        actor=acting(world.cm, world.person),
        operation=Operation.CONSULT,
        what="My caseload",
        subject_ids=people,
    )
    assert [entry.subject_id for entry in entries] == people
    assert verify_chain().intact


@pytest.mark.parametrize("copy_from", [NEVER, 1], ids=["insert", "copy"])
def test_groups_are_written_at_once_as_separate_batches_would_be(
    world: World, monkeypatch: pytest.MonkeyPatch, copy_from: int
) -> None:
    """A page's lists (and the relations they reach people by) go in one write: each group's
    entries as ``record_many`` would write them, chained in the groups' order, and the next
    write chains on from the last."""
    monkeypatch.setattr(log, "COPY_FROM", copy_from)
    groups = [
        Entries(acting(world.cm, world.person), "My caseload", [world.person.pk]),
        Entries(StaffActor(world.cm, Relation.TEAM), "My caseload", [world.unallocated_person.pk]),
        Entries(acting(world.cm, world.person), "Nobody", []),
        Entries(
            acting(world.cm, world.person),
            "Needs attention",
            [world.person.pk, world.restricted_person.pk],
            {"panel": "caseload"},
        ),
    ]
    with CaptureQueriesContext(connection) as queries:
        written = record_groups(operation=Operation.CONSULT, groups=groups)
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "COPY"))]
    assert len(writes) == 1
    assert [[entry.subject_id for entry in entries] for entries in written] == [
        [world.person.pk],
        [world.unallocated_person.pk],
        [world.person.pk, world.restricted_person.pk],
    ]
    stored = list(AccessLogEntry.objects.order_by("id"))
    assert [(e.what, e.relation, e.subject_id, e.details) for e in stored] == [
        ("My caseload", Relation.CASE_MANAGER, world.person.pk, {}),
        ("My caseload", Relation.TEAM, world.unallocated_person.pk, {}),
        ("Needs attention", Relation.CASE_MANAGER, world.person.pk, {"panel": "caseload"}),
        (
            "Needs attention",
            Relation.CASE_MANAGER,
            world.restricted_person.pk,
            {"panel": "caseload"},
        ),
    ]
    assert [e.entry_hash for e in stored] == [e.entry_hash for w in written for e in w]
    assert stored[0].previous_hash == GENESIS_HASH
    last = record(
        actor=acting(world.cm, world.person),
        operation=Operation.CONSULT,
        what="After",
        subject_id=world.person.pk,
    )
    assert last.previous_hash == stored[-1].entry_hash
    assert verify_chain().intact
    assert record_groups(operation=Operation.CONSULT, groups=[groups[2]]) == []


@pytest.mark.parametrize("copy_from", [NEVER, 1], ids=["insert", "copy"])
def test_a_batch_is_written_as_returned_and_chains_on(
    world: World, monkeypatch: pytest.MonkeyPatch, copy_from: int
) -> None:
    """Written by one raw insert (or PostgreSQL's COPY, from ``COPY_FROM`` entries), a batch
    holds exactly the entries ``record_many`` returns, each hashed as ``verify_chain`` hashes
    it, in chain order, and the next write chains on from its last entry."""
    monkeypatch.setattr(log, "COPY_FROM", copy_from)
    first = record(
        actor=acting(world.cm, world.person),
        operation=Operation.CONSULT,
        what="Before",
        subject_id=world.person.pk,
    )
    people = [world.person.pk, None, world.restricted_person.pk, world.person.pk]
    entries = record_many(
        actor=StaffActor(world.colleague, Relation.TEAM, justification='Cover: "ünïcode"'),
        operation=Operation.COMBINE,
        what="A cohort",
        subject_ids=people,
        recipients="Analysts",
        details={"office": "Hull", "people": 4, "when": first.occurred_at},
    )
    last = record(
        actor=acting(world.cm, world.person),
        operation=Operation.CONSULT,
        what="After",
        subject_id=world.person.pk,
    )
    stored = list(AccessLogEntry.objects.filter(id__in=[e.id for e in entries]).order_by("id"))
    assert [e.id for e in entries] == [e.id for e in stored]
    assert [e.subject_id for e in stored] == people
    assert [e.subject_key for e in stored] == [subject_key(p) if p else "" for p in people]
    for returned, row in zip(entries, stored, strict=True):
        assert entry_hash(row) == row.entry_hash == returned.entry_hash
        assert (returned.occurred_at, returned.details) == (row.occurred_at, row.details)
    assert entries[0].previous_hash == first.entry_hash
    assert last.previous_hash == entries[-1].entry_hash
    assert verify_chain().intact


def test_a_batch_larger_than_one_statement_stays_in_order(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two rows a statement: the batch goes in as three inserts, still one chain.
    monkeypatch.setattr(connection.features, "max_query_params", 2 * 15)
    people = [world.person.pk, world.restricted_person.pk] * 3
    entries = record_many(
        actor=acting(world.cm, world.person),
        operation=Operation.CONSULT,
        what="My caseload",
        subject_ids=people,
    )
    stored = AccessLogEntry.objects.order_by("id")
    assert [e.subject_id for e in stored] == people
    assert [e.id for e in stored] == [e.id for e in entries]
    assert verify_chain().intact


def test_it_names_the_first_altered_entry(world: World) -> None:
    _, second, _ = _three_entries(world)
    _tamper(
        "UPDATE access_accesslogentry SET justification = %s WHERE id = %s", ["made up", second.id]
    )
    report = verify_chain()
    assert report.first_broken_id == second.id
    assert "changed" in report.problem


def test_it_names_the_entry_after_a_removed_one(world: World) -> None:
    _, second, third = _three_entries(world)
    _tamper("DELETE FROM access_accesslogentry WHERE id = %s", [second.id])
    assert verify_chain().first_broken_id == third.id


def test_the_command_fails_and_names_the_entry(world: World) -> None:
    first, *_ = _three_entries(world)
    call_command("verify_access_log")
    _tamper("UPDATE access_accesslogentry SET what = %s WHERE id = %s", ["Nothing", first.id])
    with pytest.raises(CommandError, match=f"broken at entry {first.id}"):
        call_command("verify_access_log")


def test_a_rolled_back_change_leaves_no_entry(world: World) -> None:
    before = AccessLogEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(
            actor=acting(world.cm, world.person),
            operation=Operation.ALTER,
            what="Change",
            subject_id=world.person.pk,
        )
        raise RuntimeError
    assert AccessLogEntry.objects.count() == before


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigger")
@pytest.mark.parametrize(
    "statement",
    ["UPDATE access_accesslogentry SET what = 'x'", "DELETE FROM access_accesslogentry"],
)
def test_postgresql_refuses_update_and_delete(world: World, statement: str) -> None:
    _three_entries(world)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.parametrize("copy_from", [NEVER, 2], ids=["insert", "copy"])
def test_concurrent_writers_keep_one_unbroken_chain(
    world: World, monkeypatch: pytest.MonkeyPatch, copy_from: int
) -> None:
    """Eight writers at once, each entry alone and three at a time (by COPY in the second run)."""
    monkeypatch.setattr(log, "COPY_FROM", copy_from)
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def write() -> None:
        try:
            barrier.wait()
            for n in range(10):
                record_many(
                    actor=acting(world.cm, world.person),
                    operation=Operation.CONSULT,
                    what=f"Page {n}",
                    subject_ids=[world.person.pk] * (1 + n % 2 * 2),
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AccessLogEntry.objects.count() >= 8 * 20
    assert verify_chain().intact
