"""The access log: append-only, hash-chained, verifiable."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from mydirection.access.actor import StaffActor
from mydirection.access.log import GENESIS_HASH, record, record_many, subject_key, verify_chain
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.testing import World, acting

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
def test_concurrent_writers_keep_one_unbroken_chain(world: World) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def write() -> None:
        try:
            barrier.wait()
            for n in range(10):
                record(
                    actor=acting(world.cm, world.person),
                    operation=Operation.CONSULT,
                    what=f"Page {n}",
                    subject_id=world.person.pk,
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
    assert AccessLogEntry.objects.count() >= 80
    assert verify_chain().intact
