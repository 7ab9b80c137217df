"""Checkpoints anchor the access log: a cut tail, a hidden gap or a recomputed chain shows.

Each attack is made as someone with write access to the database would make it: straight SQL,
past the application (and on PostgreSQL with the append-only trigger switched off, which the
table's owner can do).
"""

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mydirection.access import checkpoints
from mydirection.access.log import entry_hash, record, verify_chain
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.tasks import checkpoint_access_log, hourly_access_log_checkpoint
from mydirection.notifications.testing import run_tasks
from mydirection.testing import World, acting

pytestmark = pytest.mark.django_db


def _entries(world: World, count: int) -> list[AccessLogEntry]:
    return [
        record(
            actor=acting(world.cm, world.person),
            operation=Operation.CONSULT,
            what=f"Page {n}",
            subject_id=world.person.pk,
        )
        for n in range(count)
    ]


def _tamper(sql: str, params: list[str | int]) -> None:
    """Change rows behind the application's back, as an attacker with database access would."""
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


def _delete(*entries: AccessLogEntry) -> None:
    for entry in entries:
        _tamper("DELETE FROM access_accesslogentry WHERE id = %s", [entry.id])


def _recompute_chain_from(first_id: int) -> None:
    """What a capable attacker does after a change: rehash every entry from there on, so the
    chain is valid again."""
    previous = (
        AccessLogEntry.objects.filter(id__lt=first_id)
        .order_by("-id")
        .values_list("entry_hash", flat=True)
        .first()
    ) or "0" * 64
    for entry in AccessLogEntry.objects.filter(id__gte=first_id).order_by("id"):
        entry.previous_hash = previous
        previous = entry_hash(entry)
        _tamper(
            "UPDATE access_accesslogentry SET previous_hash = %s, entry_hash = %s WHERE id = %s",
            [entry.previous_hash, previous, entry.id],
        )


def _verify() -> tuple[int | None, str]:
    report = verify_chain(checkpoints.read(checkpoints.path()))
    return report.first_broken_id, report.problem


def test_a_checkpoint_records_the_head_in_its_file_and_the_server_log(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    entries = _entries(world, 4)
    checkpoint = checkpoints.take()
    assert checkpoint is not None
    assert (checkpoint.id, checkpoint.hash) == (entries[-1].id, entries[-1].entry_hash)
    assert checkpoint.entries == AccessLogEntry.objects.count()
    assert checkpoints.read(checkpoints.path()) == [checkpoint]
    [line] = [r.getMessage() for r in caplog.records if checkpoints.LOG_PREFIX in r.getMessage()]
    # One line of identifiers and hashes: the same checkpoint, readable from the server log.
    assert line == f"{checkpoints.LOG_PREFIX} {checkpoint.line()}"
    assert checkpoints.parse(line) == checkpoint


def test_a_cut_tail_is_reported_naming_the_first_missing_entry(world: World) -> None:
    entries = _entries(world, 10)
    checkpoints.take()
    assert verify_chain(checkpoints.read(checkpoints.path())).intact
    _delete(*entries[-3:])
    # The chain that is left is valid: without the checkpoint the cut would not show.
    assert verify_chain().intact
    first_broken_id, problem = _verify()
    assert first_broken_id == entries[7].id
    assert "the newest entries were removed" in problem
    assert f"the log ends at entry {entries[6].id}" in problem
    assert f"3 entries after entry {entries[6].id}, up to entry {entries[9].id}, are missing" in (
        problem
    )


def test_a_cut_tail_still_shows_after_new_entries_are_written(world: World) -> None:
    entries = _entries(world, 6)
    checkpoints.take()
    _delete(*entries[-2:])
    # The application goes on writing: the new entries chain on from what is left.
    after = _entries(world, 2)
    assert verify_chain().intact
    first_broken_id, problem = _verify()
    assert first_broken_id == after[0].id
    assert f"the entries after entry {entries[3].id} and before it were removed" in problem
    assert f"entry {entries[4].id} was in the log when the checkpoint" in problem


def test_a_gap_hidden_by_a_recomputed_chain_is_named(world: World) -> None:
    entries = _entries(world, 10)
    checkpoints.take()
    _delete(entries[3], entries[4])
    _recompute_chain_from(entries[5].id)
    assert verify_chain().intact
    first_broken_id, problem = _verify()
    assert first_broken_id == entries[5].id
    assert f"the entries after entry {entries[2].id} and before it were removed" in problem
    assert f"entry {entries[3].id} was in the log when the checkpoint" in problem


def test_a_gap_in_the_chain_names_the_entry_after_it(world: World) -> None:
    entries = _entries(world, 5)
    checkpoints.take()
    _delete(entries[1], entries[2])
    first_broken_id, problem = _verify()
    assert first_broken_id == entries[3].id
    assert problem == f"the entries after entry {entries[0].id} and before it were removed"


def test_a_rewritten_entry_hidden_by_a_recomputed_chain_is_caught_at_the_next_checkpoint(
    world: World,
) -> None:
    entries = _entries(world, 5)
    checkpoints.take()
    entries += _entries(world, 5)
    checkpoints.take()
    _tamper(
        "UPDATE access_accesslogentry SET justification = %s WHERE id = %s",
        ["Covering for a colleague", entries[6].id],
    )
    _recompute_chain_from(entries[6].id)
    assert verify_chain().intact
    first_broken_id, problem = _verify()
    assert first_broken_id == entries[9].id
    assert "its hash is not the one the checkpoint" in problem
    # The change lies between the checkpoint that still matches and this one.
    assert (
        f"between entry {entries[4].id} (the newest checkpoint the log still matches) "
        f"and entry {entries[9].id} was changed"
    ) in problem


def test_a_rolled_back_write_is_no_false_alarm(world: World) -> None:
    """On PostgreSQL the rolled-back entry's id stays unused: a gap that is not a removal."""
    _entries(world, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        _entries(world, 3)
        raise RuntimeError
    _entries(world, 2)
    checkpoints.take()
    _entries(world, 1)
    checkpoints.take()
    assert verify_chain(checkpoints.read(checkpoints.path())).intact


def test_an_entry_slipped_into_an_unused_id_is_caught_by_the_count(world: World) -> None:
    entries = _entries(world, 6)
    # Removed before any checkpoint saw it, the entry's id is recorded as unused...
    _delete(entries[2])
    _recompute_chain_from(entries[3].id)
    checkpoint = checkpoints.take()
    assert checkpoint is not None and checkpoint.unused[-1] == (entries[2].id, entries[2].id)
    assert verify_chain(checkpoints.read(checkpoints.path())).intact
    # ...so a forged entry put there later is no removal, but the count shows it.
    _tamper(
        "INSERT INTO access_accesslogentry (id, occurred_at, operation, actor_name, actor_role,"
        " subject_key, what, relation, justification, recipients, details, previous_hash,"
        " entry_hash) SELECT %s, occurred_at, operation, actor_name, actor_role, subject_key,"
        " 'Forged', relation, justification, recipients, details, previous_hash, %s"
        " FROM access_accesslogentry WHERE id = %s",
        [entries[2].id, "f" * 64, entries[1].id],
    )
    _recompute_chain_from(entries[2].id)
    assert verify_chain().intact
    first_broken_id, problem = _verify()
    assert first_broken_id == entries[5].id
    assert "counted 5 entries up to it and the log holds 6" in problem
    assert "were inserted" in problem


def test_a_rewritten_entry_without_a_recomputed_chain_is_named_by_the_chain(world: World) -> None:
    entries = _entries(world, 4)
    checkpoints.take()
    _tamper("UPDATE access_accesslogentry SET what = %s WHERE id = %s", ["Nothing", entries[1].id])
    assert _verify() == (entries[1].id, "its contents were changed")


def test_the_command_exits_non_zero_and_names_the_cut(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = _entries(world, 5)
    call_command("checkpoint_access_log")
    call_command("verify_access_log")
    assert "The access log is intact: 5 entries checked against 1 checkpoint," in (
        capsys.readouterr().out
    )
    _delete(*entries[-3:])
    with pytest.raises(CommandError) as raised:
        call_command("verify_access_log")
    # The exit status `mydirection verify-access-log` ends with (run_from_argv exits with it).
    assert raised.value.returncode == 1
    message = str(raised.value)
    assert message.startswith(
        f"The access log is broken at entry {entries[2].id}: the newest entries were removed"
    )
    assert f"up to entry {entries[4].id}, are missing" in message


def test_the_command_checks_checkpoints_from_the_server_log(
    world: World, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    entries = _entries(world, 4)
    checkpoints.take()
    server_log = tmp_path / "server.log"
    lines = [
        '2026-11-23 10:00:00,000 INFO django.server "GET /health/ HTTP/1.1" 200 {}',
        *(f"2026-11-23 10:00:01,000 INFO {r.name} {r.getMessage()}" for r in caplog.records),
    ]
    server_log.write_text("\n".join(lines) + "\n")
    # The checkpoint file is gone too: the server log's copy still anchors the log.
    checkpoints.path().unlink()
    _delete(entries[-1])
    with pytest.raises(CommandError, match=f"broken at entry {entries[3].id}: the newest"):
        call_command("verify_access_log", checkpoints=[server_log])


def test_an_unreadable_checkpoint_is_an_error_naming_its_line(world: World) -> None:
    _entries(world, 2)
    checkpoints.take()
    with checkpoints.path().open("a") as file:
        file.write('{"at": "yesterday", "id": 2}\n')
    with pytest.raises(CommandError, match=r"access-log-checkpoints\.jsonl, line 2"):
        call_command("verify_access_log")


def test_the_next_checkpoint_raises_the_alarm_when_the_log_no_longer_matches(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    entries = _entries(world, 4)
    checkpoints.take()
    _delete(entries[-1])
    later = checkpoints.take()
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [
        f"access log no longer matches its checkpoint at entry {entries[-1].id}: "
        "run mydirection verify-access-log"
    ]
    # It anchors what is there, counted afresh; the earlier checkpoint still shows the cut.
    assert later is not None and later.entries == 3
    assert _verify()[0] == entries[3].id


@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_a_checkpoint_every_n_entries(world: World, settings: Any) -> None:
    settings.ACCESS_LOG_CHECKPOINT_EVERY = 5
    queued = DBTaskResult.objects.filter(task_path=checkpoint_access_log.module_path)
    [previous] = _entries(world, 1)
    queued.delete()  # whatever the first entry after an empty log asked for
    crossings = 0
    for _ in range(5):
        [entry] = _entries(world, 1)
        # Queued in the writing transaction when the ids reach a multiple of 5: once here.
        crossings += entry.id // 5 > previous.id // 5
        assert queued.count() == crossings
        previous = entry
    assert crossings == 1
    # One waiting is enough: it takes the head as it is when it runs.
    for _ in range(5):
        _entries(world, 1)
    assert queued.count() == 1
    run_tasks()
    [checkpoint] = checkpoints.read(checkpoints.path())
    head = AccessLogEntry.objects.order_by("-id").first()
    assert head is not None
    assert (checkpoint.id, checkpoint.hash) == (head.id, head.entry_hash)
    assert checkpoint.entries == AccessLogEntry.objects.count()
    # It (re)starts the hourly checkpoints too.
    assert len(checkpoints.hourly_waiting()) == 1


@pytest.mark.django_db(transaction=True)
def test_the_hourly_checkpoint_is_scheduled_once_and_queues_the_next(world: World) -> None:
    _entries(world, 2)
    call_command("checkpoint_access_log", "--schedule")
    call_command("checkpoint_access_log", "--schedule")
    assert len(checkpoints.read(checkpoints.path())) == 2
    [due] = checkpoints.hourly_waiting()
    assert due > timezone.now() + timedelta(minutes=59)
    run_tasks()  # not due yet
    assert len(checkpoints.read(checkpoints.path())) == 2
    [entry] = _entries(world, 1)
    with time_machine.travel(due + timedelta(seconds=1), tick=False):
        run_tasks()
        [after] = checkpoints.hourly_waiting()
        assert after == timezone.now() + checkpoints.HOURLY
    newest = checkpoints.read(checkpoints.path())[-1]
    assert (newest.id, newest.hash) == (entry.id, entry.entry_hash)
    succeeded = DBTaskResult.objects.filter(
        task_path=hourly_access_log_checkpoint.module_path, status=TaskResultStatus.SUCCESSFUL
    )
    assert succeeded.count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL privileges")
def test_the_application_role_may_not_update_delete_or_truncate_the_log(world: World) -> None:
    """The application's role owns the table (it ran the migrations) and is no superuser."""
    role = f"mydirection_app_{uuid.uuid4().hex[:12]}"
    actor = acting(world.cm, world.person)  # reads other tables, which this role may not
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOSUPERUSER")
        cursor.execute(f"ALTER TABLE access_accesslogentry OWNER TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
    try:
        # It writes and reads the log as ever.
        entry = record(
            actor=actor,
            operation=Operation.CONSULT,
            what="Page",
            subject_id=world.person.pk,
        )
        assert AccessLogEntry.objects.filter(id=entry.id).exists()
        for statement in (
            "UPDATE access_accesslogentry SET what = 'x'",
            "DELETE FROM access_accesslogentry",
            "TRUNCATE access_accesslogentry",
        ):
            with (
                pytest.raises(DatabaseError, match="permission denied for table"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AccessLogEntry.objects.filter(id=entry.id).exists()
