"""Checkpoints: the access log's head, anchored outside the database.

A hash chain shows an entry changed, removed or inserted in the middle, but not the newest
entries cut off the end, nor a chain that someone with write access to the database has
recomputed after changing it: what remains is a valid chain. So the task worker writes down,
where the application's database role cannot rewrite it, the log's head as it stood:

    {"at": "2026-11-23T10:00:00.000000+00:00", "entries": 1200, "hash": "9f2c...", "id": 1234,
     "since": 1180, "unused": [[1201, 1203]]}

``id`` and ``hash`` are the newest entry's id and hash, ``entries`` how many entries the log
held up to and including it, ``since`` the previous checkpoint's id and ``unused`` the ids
between the two that held no entry (on PostgreSQL a rolled-back write uses up ids, so ids alone
do not show a removal; with these, a missing id that held an entry does). Each checkpoint is
one line appended to the file ``settings.ACCESS_LOG_CHECKPOINTS``
(``MYDIRECTION_ACCESS_LOG_CHECKPOINTS``; in ``var/`` by default, outside the web root) and the
same line in the server log, so a copy also lands wherever the server log is collected. It
holds identifiers and hashes only.

When they are taken:

* every ``ACCESS_LOG_CHECKPOINT_EVERY`` entries (``MYDIRECTION_ACCESS_LOG_CHECKPOINT_EVERY``,
  1000): ``log.record_many`` enqueues ``tasks.checkpoint_access_log`` in the writing
  transaction when the new entries' ids cross a multiple of it. That many ids hold at most that
  many entries, so the worker is asked at least once per that many entries. This costs the
  write path nothing but one task row per crossing: the previous entry's id comes with the
  hash ``record_many`` reads anyway.
* every hour: ``tasks.hourly_access_log_checkpoint`` takes one and queues itself again an hour
  later. ``mydirection checkpoint-access-log --schedule`` starts it (``make demo`` runs it before
  the worker; run it at every deployment), and every checkpoint task restarts it if it has
  gone, so a worker killed mid-task does not stop the hourly checkpoints for long.

``log.verify_chain`` compares the chain with every checkpoint (see there).
"""

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from mydirection.access.models import AccessLogEntry

logger = logging.getLogger(__name__)

HOURLY = timedelta(hours=1)
# The start of the line each checkpoint is printed as in the server log.
LOG_PREFIX = "access log checkpoint"
# Enough to hold the file's last line: a checkpoint is about 150 bytes.
_TAIL_BYTES = 4096


class CheckpointError(Exception):
    """A checkpoint file, or one of its lines, cannot be read."""


@dataclass(frozen=True)
class Checkpoint:
    """The log's head as the worker saw it, and what it saw of the ids since the checkpoint
    before (``since``): ``unused`` are the ranges of ids up to the head that held no entry, as
    a rolled-back write leaves on PostgreSQL. Every other id after ``since`` held one, so an
    entry missing later was removed."""

    id: int
    entries: int
    hash: str
    at: datetime
    since: int = 0
    unused: tuple[tuple[int, int], ...] = ()

    def line(self) -> str:
        fields = {
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "entries": self.entries,
            "hash": self.hash,
            "id": self.id,
            "since": self.since,
            "unused": [list(ids) for ids in self.unused],
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":"))

    @property
    def when(self) -> str:
        return f"{self.at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"

    def first_in_use(self, first: int, last: int) -> int | None:
        """The lowest id from ``first`` to ``last`` that held an entry when this was taken, if
        this checkpoint saw any of them."""
        # The head itself held an entry, whatever ``since`` says (an hourly checkpoint of an
        # unchanged log has nothing after ``since``).
        head = self.id if first <= self.id <= last else None
        candidate, highest = max(first, self.since + 1), min(last, self.id)
        for start, end in sorted(self.unused):
            if candidate > highest or candidate < start:
                break
            candidate = max(candidate, end + 1)
        found = candidate if candidate <= highest else None
        return min(found, head) if found and head else found or head


def path() -> Path:
    return Path(settings.ACCESS_LOG_CHECKPOINTS)


def parse(line: str) -> Checkpoint:
    """One checkpoint from its line: the file's own, or the server log's (the JSON after any
    prefix), so lines taken from a log collector can be checked too."""
    start = line.find("{", max(0, line.find(LOG_PREFIX)))
    if start < 0:
        raise ValueError("no checkpoint on this line")
    data: Any = json.loads(line[start:])
    at = datetime.fromisoformat(data["at"])
    checkpoint = Checkpoint(
        id=int(data["id"]),
        entries=int(data["entries"]),
        hash=str(data["hash"]),
        at=at,
        since=int(data["since"]),
        unused=tuple((int(first), int(last)) for first, last in data["unused"]),
    )
    if checkpoint.id < 1 or checkpoint.entries < 1 or len(checkpoint.hash) != 64:
        raise ValueError("not a checkpoint")
    if not 0 <= checkpoint.since <= checkpoint.id:
        raise ValueError("not a checkpoint")
    if at.tzinfo is None:
        raise ValueError("a checkpoint's time has its offset")
    return checkpoint


def read(source: Path) -> list[Checkpoint]:
    """Every checkpoint in a file (none when there is no file yet): the checkpoint file, or a
    server log, whose other lines are passed over. A line that looks like a checkpoint (it
    starts with ``{`` or carries the log's prefix) but does not parse is an error, named by its
    line number: it may have been tampered with."""
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    checkpoints = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.lstrip().startswith("{") and LOG_PREFIX not in line:
            continue
        try:
            checkpoints.append(parse(line))
        except (ValueError, KeyError, TypeError) as error:
            raise CheckpointError(f"{source}, line {number}: not a checkpoint ({error})") from None
    return checkpoints


def read_all(sources: Iterable[Path]) -> list[Checkpoint]:
    return sorted({c for source in sources for c in read(source)}, key=lambda c: (c.id, c.at))


def last(source: Path) -> Checkpoint | None:
    """The file's newest line, read from its end: the file only grows."""
    try:
        with source.open("rb") as file:
            file.seek(0, os.SEEK_END)
            size = file.tell()
            file.seek(max(0, size - _TAIL_BYTES))
            lines = file.read().decode("utf-8", "replace").splitlines()
    except FileNotFoundError:
        return None
    for line in reversed(lines):
        try:
            return parse(line)
        except (ValueError, KeyError, TypeError):
            continue
    return None


def _append(target: Path, line: str) -> None:
    """Append one line in one write (O_APPEND: concurrent workers never interleave within a
    line) and make it durable before the task reports success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (line + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _stretch(since: int, head_id: int) -> tuple[int, tuple[tuple[int, int], ...]]:
    """How many entries hold the ids after ``since`` up to the head, and which ids there hold
    none. Every entry up to the head is committed by now: writers hold the chain's lock from
    taking their ids to their commit, so ids are committed in order."""
    ids = (
        AccessLogEntry.objects.filter(id__gt=since, id__lte=head_id)
        .order_by("id")
        .values_list("id", flat=True)
    )
    count, expected, unused = 0, since + 1, []
    for entry_id in ids.iterator(chunk_size=5000):
        if entry_id > expected:
            unused.append((expected, entry_id - 1))
        expected = entry_id + 1
        count += 1
    return count, tuple(unused)


def take() -> Checkpoint | None:
    """Append a checkpoint of the log's head to the checkpoint file and the server log.
    Nothing to anchor in an empty log.

    It counts on from the file's newest checkpoint while the log still matches it, so a
    checkpoint reads the ids written since, not the whole log."""
    target = path()
    # The previous checkpoint first, then the head: a checkpoint another worker writes
    # meanwhile may be of a newer head than the one read here.
    previous = last(target)
    head = AccessLogEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
    if head is None:
        return None
    head_id, head_hash = head
    since, before = 0, 0
    if previous is not None:
        since = min(previous.id, head_id)
        if AccessLogEntry.objects.filter(id=previous.id, entry_hash=previous.hash).exists():
            before = previous.entries
        else:
            # Caught early, between full verifications: say so loudly, then anchor what is
            # there. The earlier checkpoints still show what was lost.
            logger.error(
                "access log no longer matches its checkpoint at entry %s: "
                "run mydirection verify-access-log",
                previous.id,
            )
            before = AccessLogEntry.objects.filter(id__lte=since).count()
    count, unused = _stretch(since, head_id)
    checkpoint = Checkpoint(
        id=head_id,
        entries=before + count,
        hash=head_hash,
        at=timezone.now(),
        since=since,
        unused=unused,
    )
    _append(target, checkpoint.line())
    logger.info("%s %s", LOG_PREFIX, checkpoint.line())
    return checkpoint


def when_due(previous_id: int, last_id: int) -> None:
    """Called by ``record_many`` inside its transaction: ask the worker for a checkpoint when the
    new ids cross a multiple of ``ACCESS_LOG_CHECKPOINT_EVERY`` (0 turns it off), unless one is
    already waiting (it will take the head as it is when it runs). The task is queued in the
    same transaction, so a rolled-back write queues nothing."""
    every = settings.ACCESS_LOG_CHECKPOINT_EVERY
    if every > 0 and last_id // every > previous_id // every:
        from mydirection.access.tasks import checkpoint_access_log

        if not _waiting(checkpoint_access_log.module_path):
            checkpoint_access_log.enqueue()


def _waiting(task_path: str) -> list[datetime]:
    """When the queued tasks of that path are due (read from the database task backend's own
    table, the one ``db_worker`` runs)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY)
    return list(waiting.values_list("run_after", flat=True))


def hourly_waiting() -> list[datetime]:
    from mydirection.access.tasks import hourly_access_log_checkpoint

    return _waiting(hourly_access_log_checkpoint.module_path)


def schedule_hourly(after: timedelta = HOURLY) -> bool:
    """Queue the hourly checkpoint unless one is already waiting. True if it queued one."""
    from mydirection.access.tasks import hourly_access_log_checkpoint

    if hourly_waiting():
        return False
    hourly_access_log_checkpoint.using(run_after=timezone.now() + after).enqueue()
    return True
