"""Writing and verifying the access log (Data Protection Act 2018, section 62).

Every entry is chained to the one before it by a SHA-256 hash over its canonical form, so a
changed, removed or inserted entry breaks the chain from that point on. Writers serialise on
a lock for the length of their transaction so the chain is a single line even under
concurrent requests: a PostgreSQL advisory lock, or on SQLite the database write lock that
``transaction_mode=IMMEDIATE`` takes at the start of every transaction.

A chain cannot show its own newest entries cut off, nor a chain recomputed by someone who can
write to the database: checkpoints of its head, kept outside the database by the task worker
(``checkpoints.py``), anchor it, and ``verify_chain`` compares the log with them.
"""

import hashlib
import hmac
import json
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC
from itertools import accumulate
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from mydirection.access import checkpoints
from mydirection.access.actor import Actor, PersonActor, StaffActor
from mydirection.access.checkpoints import Checkpoint
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.wording import counted

GENESIS_HASH = "0" * 64
# An arbitrary constant naming the access log's advisory lock on PostgreSQL.
_LOCK_KEY = 620_620_062


def subject_key(subject_id: UUID) -> str:
    """A keyed hash of a person's id that survives their erasure and reveals nothing."""
    key = settings.PSEUDONYM_KEY.encode()
    return hmac.new(key, b"person:" + str(subject_id).encode(), hashlib.sha256).hexdigest()


def _canonical(entry: AccessLogEntry) -> bytes:
    fields: dict[str, Any] = {
        "occurred_at": entry.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "operation": entry.operation,
        "actor_id": str(entry.actor_id) if entry.actor_id else "",
        "actor_name": entry.actor_name,
        "actor_role": entry.actor_role,
        "subject_id": str(entry.subject_id) if entry.subject_id else "",
        "subject_key": entry.subject_key,
        "what": entry.what,
        "relation": entry.relation,
        "justification": entry.justification,
        "recipients": entry.recipients,
        "details": entry.details,
        "previous_hash": entry.previous_hash,
    }
    # Only entries with a person as actor carry the key, so entries written before it existed
    # keep their hashes and the chain still verifies.
    if entry.actor_person_id:
        fields["actor_person_id"] = str(entry.actor_person_id)
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def entry_hash(entry: AccessLogEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def record(
    *,
    actor: Actor,
    operation: Operation,
    what: str,
    subject_id: UUID | None = None,
    recipients: str = "",
    details: dict[str, Any] | None = None,
) -> AccessLogEntry:
    """Append one entry. Call it inside the transaction of the change it records.

    ``details`` must hold identifiers and field names only: never special-category content.
    """
    entries = record_many(
        actor=actor,
        operation=operation,
        what=what,
        subject_ids=[subject_id],
        recipients=recipients,
        details=details,
    )
    return entries[0]


def _who(actor: Actor) -> tuple[str, str]:
    if isinstance(actor, StaffActor):
        return actor.user.display_name, actor.user.role
    if isinstance(actor, PersonActor):
        return actor.person.full_name, "person"
    return "MyDirection (system)", "system"


def record_many(
    *,
    actor: Actor,
    operation: Operation,
    what: str,
    subject_ids: Sequence[UUID | None],
    recipients: str = "",
    details: dict[str, Any] | None = None,
) -> list[AccessLogEntry]:
    """Append one entry per subject in one insert: a list page consults everyone on it."""
    if not subject_ids:
        return []
    relation = ""
    justification = ""
    if isinstance(actor, StaffActor):
        if actor.relation is None and any(subject_ids):
            # The relation is what let them in: an entry about a person must say it.
            raise ValueError(f"A staff entry about a person needs the relation ({what!r})")
        relation, justification = actor.relation or "", actor.justification
    # Round-trip the details through JSON so the hash covers what the database stores.
    stored_details = json.loads(json.dumps(details or {}, default=str))
    actor_name, actor_role = _who(actor)
    with transaction.atomic():
        _lock_chain()
        head = AccessLogEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        head_id, previous = head or (0, GENESIS_HASH)
        now = timezone.now()
        entries = []
        for subject_id in subject_ids:
            entry = AccessLogEntry(
                occurred_at=now,
                operation=operation,
                actor_id=actor.user.pk if actor.user else None,
                actor_person_id=actor.person.pk if actor.person else None,
                actor_name=actor_name,
                actor_role=actor_role,
                subject_id=subject_id,
                subject_key=subject_key(subject_id) if subject_id else "",
                what=what,
                relation=relation,
                justification=justification,
                recipients=recipients,
                details=stored_details,
                previous_hash=previous,
            )
            entry.entry_hash = previous = entry_hash(entry)
            entries.append(entry)
        # The rows go in in chain order, so their ids follow the chain.
        created = AccessLogEntry.objects.bulk_create(entries)
        checkpoints.when_due(head_id, created[-1].id)
        return created


@dataclass(frozen=True)
class ChainReport:
    """What ``verify_chain`` found. ``first_broken_id`` names the first entry that is wrong, or
    that follows removed ones (for a cut tail: the id after the last entry left); ``checked``
    counts the intact entries before it."""

    checked: int
    first_broken_id: int | None
    problem: str = ""
    # The checkpoints compared, and the newest of them (None when there were none).
    checkpoints: int = 0
    newest_checkpoint: Checkpoint | None = None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def _entries_in_order(chunk_size: int = 5000) -> Iterator[AccessLogEntry]:
    return AccessLogEntry.objects.order_by("id").iterator(chunk_size=chunk_size)


def _between(matched: Checkpoint | None, entry_id: int) -> str:
    """The stretch a checkpoint vouches for beyond the newest one that still matches."""
    if matched is None:
        return f"between the start of the log and entry {entry_id}"
    return (
        f"between entry {matched.id} (the newest checkpoint the log still matches) "
        f"and entry {entry_id}"
    )


def verify_chain(anchors: Iterable[Checkpoint] = ()) -> ChainReport:
    """Recompute the chain from the first entry, compare it with every checkpoint, and name the
    first entry that is wrong.

    The chain alone shows an entry changed, removed or inserted (the next link breaks). The
    checkpoints show what a valid chain cannot: the newest entries cut off (a checkpoint
    recorded a head the log no longer reaches), and a chain recomputed after a removal (ids
    that held entries when a checkpoint was taken are missing) or after a change (a
    checkpointed entry's hash, or the number of entries up to it, differs). Entries written
    since the newest checkpoint have the chain's protection alone.

    Ids alone are not a sequence without gaps: on PostgreSQL a rolled-back write uses up ids.
    So missing ids count as removed entries only where the chain breaks there or a checkpoint
    saw them in use.
    """
    ordered = sorted(anchors, key=lambda c: (c.id, c.at))
    pending = deque(ordered)
    newest = ordered[-1] if ordered else None
    seen = _Coverage(ordered)

    def broken(checked: int, entry_id: int, problem: str) -> ChainReport:
        return ChainReport(checked, entry_id, problem, len(ordered), newest)

    expected_previous = GENESIS_HASH
    checked = 0
    previous_id = 0
    matched: Checkpoint | None = None  # the newest checkpoint the log matches so far
    for entry in _entries_in_order():
        removed = f"the entries after entry {previous_id} and before it were removed"
        if previous_id == 0:
            removed = "the entries before it were removed"
        if entry.previous_hash != expected_previous:
            if entry.id > previous_id + 1:
                return broken(checked, entry.id, removed)
            return broken(checked, entry.id, "the entry before it was changed, or its link was")
        if entry_hash(entry) != entry.entry_hash:
            return broken(checked, entry.id, "its contents were changed")
        if entry.id > previous_id + 1:
            lost = seen.first_in_use(previous_id + 1, entry.id - 1)
            if lost is not None:
                lost_id, anchor = lost
                return broken(
                    checked,
                    entry.id,
                    f"{removed}, though the chain runs on unbroken (recomputed, or written on "
                    f"from there): entry {lost_id} was in the log when the checkpoint of "
                    f"{anchor.when} was taken",
                )
        checked += 1
        while pending and pending[0].id <= entry.id:
            anchor = pending.popleft()
            if anchor.entries != checked:
                what = "removed" if anchor.entries > checked else "inserted"
                return broken(
                    checked - 1,
                    entry.id,
                    f"the checkpoint of {anchor.when} counted {anchor.entries} entries up to "
                    f"it and the log holds {checked}: entries {_between(matched, anchor.id)} "
                    f"were {what}, and the chain recomputed to hide it",
                )
            if anchor.hash != entry.entry_hash:
                return broken(
                    checked - 1,
                    entry.id,
                    f"its hash is not the one the checkpoint of {anchor.when} recorded: an "
                    f"entry {_between(matched, anchor.id)} was changed, and the chain "
                    "recomputed to hide it",
                )
            matched = anchor
        expected_previous = entry.entry_hash
        previous_id = entry.id
    if pending:
        anchor = newest or pending[-1]
        ends = f"the log ends at entry {previous_id}" if previous_id else "the log is empty"
        missing = anchor.entries - checked
        # Fewer missing than none only if entries were also slipped in lower down.
        how_many = counted(missing, "entry") if missing > 0 else "the entries"
        return broken(
            checked,
            previous_id + 1,
            f"the newest entries were removed: {ends} ({checked} entries), but the checkpoint "
            f"of {anchor.when} recorded entry {anchor.id} as its head ({anchor.entries} "
            f"entries), so {how_many} after entry {previous_id}, up to "
            f"entry {anchor.id}, are missing",
        )
    return ChainReport(checked, None, "", len(ordered), newest)


class _Coverage:
    """Which ids the checkpoints saw holding entries: each saw the ids after its ``since`` up
    to its head, less its ``unused``."""

    def __init__(self, ordered: list[Checkpoint]) -> None:
        self.ordered = ordered
        self.heads = [c.id for c in ordered]
        # The lowest ``since`` from each checkpoint on: where a scan for a range can stop.
        self.lowest_since = list(accumulate(reversed([c.since for c in ordered]), min))[::-1]

    def first_in_use(self, first: int, last: int) -> tuple[int, Checkpoint] | None:
        """The lowest id from ``first`` to ``last`` that a checkpoint saw holding an entry."""
        found: tuple[int, Checkpoint] | None = None
        index = bisect_left(self.heads, first)
        while index < len(self.ordered) and self.lowest_since[index] <= last:
            anchor = self.ordered[index]
            in_use = anchor.first_in_use(first, last)
            if in_use is not None and (found is None or in_use < found[0]):
                found = (in_use, anchor)
            index += 1
        return found
