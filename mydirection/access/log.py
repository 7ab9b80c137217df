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

import functools
import hashlib
import hmac
import json
import secrets
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any, cast, overload
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from mydirection.access import checkpoints
from mydirection.access.actor import Actor, PersonActor, StaffActor
from mydirection.access.checkpoints import Checkpoint
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.dates import start_of
from mydirection.wording import counted

GENESIS_HASH = "0" * 64
# An arbitrary constant naming the access log's advisory lock on PostgreSQL.
_LOCK_KEY = 620_620_062


def subject_key(subject_id: UUID) -> str:
    """A keyed hash of a person's id that survives their erasure and reveals nothing."""
    keyed = _keyed_prefix(settings.PSEUDONYM_KEY).copy()
    keyed.update(str(subject_id).encode())
    return keyed.hexdigest()


@functools.lru_cache(maxsize=4)
def _keyed_prefix(key: str) -> hmac.HMAC:
    """The HMAC with the key and the prefix taken in, copied for each id: a batch of 50,000
    entries does the key's set-up once."""
    return hmac.new(key.encode(), b"person:", hashlib.sha256)


def _fields(
    entry: AccessLogEntry,
    *,
    occurred_at: str,
    previous_hash: str,
    subject_id: str,
    subject_key: str,
) -> dict[str, Any]:
    """The canonical form's fields: ``entry``'s, but the four that differ between the entries of
    one batch (``_Batch``) given as text."""
    fields: dict[str, Any] = {
        "occurred_at": occurred_at,
        "operation": entry.operation,
        "actor_id": str(entry.actor_id) if entry.actor_id else "",
        "actor_name": entry.actor_name,
        "actor_role": entry.actor_role,
        "subject_id": subject_id,
        "subject_key": subject_key,
        "what": entry.what,
        "relation": entry.relation,
        "justification": entry.justification,
        "recipients": entry.recipients,
        "details": entry.details,
        "previous_hash": previous_hash,
    }
    # Only entries with a person as actor carry the key, so entries written before it existed
    # keep their hashes and the chain still verifies.
    if entry.actor_person_id:
        fields["actor_person_id"] = str(entry.actor_person_id)
    return fields


def _dumps(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)


def _at(occurred_at: datetime) -> str:
    return occurred_at.astimezone(UTC).isoformat(timespec="microseconds")


def _canonical(entry: AccessLogEntry) -> bytes:
    return _dumps(
        _fields(
            entry,
            occurred_at=_at(entry.occurred_at),
            previous_hash=entry.previous_hash,
            subject_id=str(entry.subject_id) if entry.subject_id else "",
            subject_key=entry.subject_key,
        )
    ).encode()


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
) -> Sequence[AccessLogEntry]:
    """Append one entry per subject in one insert: a list page consults everyone on it.

    Everything but the time and the links is prepared before the chain's lock: the rows'
    values, each entry's keyed subject hash and its canonical form around the two gaps
    (``_Batch``). Under the lock only the head is read, the hashes chained in plain Python and
    the rows written, with PostgreSQL's ``COPY`` for a large batch and otherwise one raw
    multi-row ``INSERT`` (``_insert``): no per-field preparation by the ORM for each row.
    """
    if not subject_ids:
        return []
    batch = _batch(actor, operation, what, subject_ids, recipients, details)
    return _write([batch])[0]


@dataclass(frozen=True)
class Entries:
    """One group of entries for ``record_groups``: ``record_many``'s arguments but the
    operation."""

    actor: Actor
    what: str
    subject_ids: Sequence[UUID | None]
    details: dict[str, Any] | None = None


def record_groups(*, operation: Operation, groups: Sequence[Entries]) -> "list[Written]":
    """``record_many`` for several groups at once (a page consulting the people of several
    lists, or people it reaches by different relations): the same entries, chained in the
    groups' order, under one lock, one read of the head and one insert."""
    batches = [
        _batch(group.actor, operation, group.what, group.subject_ids, "", group.details)
        for group in groups
        if group.subject_ids
    ]
    return _write(batches) if batches else []


def _batch(
    actor: Actor,
    operation: Operation,
    what: str,
    subject_ids: Sequence[UUID | None],
    recipients: str,
    details: dict[str, Any] | None,
) -> "_Batch":
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
    prototype = AccessLogEntry(
        operation=operation,
        actor_id=actor.user.pk if actor.user else None,
        actor_person_id=actor.person.pk if actor.person else None,
        actor_name=actor_name,
        actor_role=actor_role,
        what=what,
        relation=relation,
        justification=justification,
        recipients=recipients,
        details=stored_details,
    )
    return _Batch(prototype, subject_ids)


def _write(batches: "list[_Batch]") -> "list[Written]":
    """Chain and write the batches' entries, in order, in one transaction under the lock."""
    with transaction.atomic():
        _lock_chain()
        head = AccessLogEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        head_id, head_hash = head or (0, GENESIS_HASH)
        now = timezone.now()
        total = sum(len(batch.subject_ids) for batch in batches)
        copy = connection.vendor == "postgresql" and total >= COPY_FROM
        chains, rows = [], []
        for batch in batches:
            links = batch.chain(now, head_hash)
            head_hash = links[-1]
            chains.append(links)
            rows += batch.rows(now, links, copy=copy)
        # The rows go in in chain order, so their ids follow the chain.
        ids = _insert(rows, copy=copy)
        checkpoints.when_due(head_id, ids[-1])
    written, start = [], 0
    for batch, links in zip(batches, chains, strict=True):
        end = start + len(batch.subject_ids)
        written.append(Written(batch, ids[start:end], now, links))
        start = end
    return written


def record_many_once_a_day(
    *,
    actor: StaffActor,
    operation: Operation,
    what: str,
    subject_ids: Sequence[UUID],
    details: dict[str, Any],
) -> Sequence[AccessLogEntry]:
    """``record_many``, unless this actor logged the same operation on exactly these people
    with the same details earlier today (local time): then nothing, and ``[]``.

    For a combination seen again and again (an evaluation's cohort on its page, its printed
    report, its CSV): the first view of the day says, for each person, whose data were combined
    into which report, by whom and when, and the views after it the same day add nothing. A
    different window or office (other details), another person in the cohort or one fewer,
    another actor or another day logs everyone again.

    The entries carry ``details["digest"]``, a hash of the operation, the details and the
    people's ids, so one indexed look-up of the first person's entries tells whether the whole
    batch is in the log: a batch is written in one transaction, all of it or none.
    """
    if not subject_ids:
        return []
    people = sorted(subject_ids)
    digest = hashlib.sha256(
        _dumps({"operation": operation, "details": details, "people": people}).encode()
    ).hexdigest()
    today = start_of(timezone.localdate())
    logged = AccessLogEntry.objects.filter(
        subject_id=people[0],
        operation=operation,
        actor_id=actor.user.pk,
        occurred_at__gte=today,
        details__digest=digest,
    )
    if logged.exists():
        return []
    return record_many(
        actor=actor,
        operation=operation,
        what=what,
        subject_ids=subject_ids,
        details={**details, "digest": digest},
    )


_FIELDS = AccessLogEntry._meta.concrete_fields  # in the model's order, the id first
_ATTNAMES = [field.attname for field in _FIELDS]
_INSERTED = [field for field in _FIELDS if not field.primary_key]
# Which values of a row ``_Batch.rows`` fills in for each entry.
_AT, _SUBJECT, _KEY, _DETAILS, _PREVIOUS, _HASH = (
    [field.name for field in _INSERTED].index(name)
    for name in (
        "occurred_at",
        "subject_id",
        "subject_key",
        "details",
        "previous_hash",
        "entry_hash",
    )
)
# From this many entries, PostgreSQL takes them by ``COPY``; fewer (and SQLite's) go in
# multi-row ``INSERT``s. ``COPY`` takes two round trips (the ids first), yet a page's entries
# go in faster: the ``INSERT``'s placeholders, fifteen an entry, are parsed by psycopg in
# Python (50 entries: 1.9 ms by ``COPY``, 3.9 ms by ``INSERT``; 200: 4.5 and 14.5 ms). One
# entry by ``COPY`` costs a tenth of a millisecond more, and keeps a page's statements the
# same however many people it lists.
COPY_FROM = 1


class _Batch:
    """One ``record_many`` call's entries, made as far as they can be before the chain's lock:
    they differ only in their subject, and the time and the links come under the lock.

    The canonical form (``_canonical``) of each is the same text but for four gaps, always in
    this order as the keys are sorted: the time, the previous hash, the subject's id and its
    keyed hash. The text around them is dumped once, with markers in the gaps, and each
    entry's text after the previous hash is made here, so under the lock the chain is one
    SHA-256 of three joined byte strings an entry. The rows' values are the fields' database
    values, prepared once (the subject's for each entry), not per field and row by the ORM.
    """

    def __init__(self, prototype: AccessLogEntry, subject_ids: Sequence[UUID | None]) -> None:
        self.prototype = prototype
        self.subject_ids = subject_ids
        self.subject_keys = [subject_key(subject) if subject else "" for subject in subject_ids]
        marker = secrets.token_hex(16)
        gaps = [f"{marker}{n}" for n in range(4)]
        text = _dumps(
            _fields(
                prototype,
                occurred_at=gaps[0],
                previous_hash=gaps[1],
                subject_id=gaps[2],
                subject_key=gaps[3],
            )
        )
        before_at, rest = text.split(gaps[0])
        before_previous, rest = rest.split(gaps[1])
        before_subject, rest = rest.split(gaps[2])
        before_key, after = rest.split(gaps[3])
        self.around_at = before_at, before_previous
        self.tails = [
            f"{before_subject}{subject or ''}{before_key}{key}{after}".encode()
            for subject, key in zip(subject_ids, self.subject_keys, strict=True)
        ]
        self.prepared = [
            field.get_db_prep_save(getattr(prototype, field.attname), connection)
            for field in _INSERTED
        ]
        # ``UUIDField.get_db_prep_value`` for each subject, without the ORM's calls per row.
        native = connection.features.has_native_uuid_field
        self.prepared_subjects = [
            subject if native or subject is None else subject.hex for subject in subject_ids
        ]
        # For ``COPY``, the details' JSON text once, not adapted again on every row.
        self.details_text = json.dumps(prototype.details)

    def chain(self, now: datetime, head_hash: str) -> list[str]:
        """The links: the head's hash, then each entry's, over the one before."""
        before = f"{self.around_at[0]}{_at(now)}{self.around_at[1]}".encode()
        links = [head_hash]
        for tail in self.tails:
            links.append(hashlib.sha256(before + links[-1].encode() + tail).hexdigest())
        return links

    def rows(self, now: datetime, links: list[str], *, copy: bool) -> list[tuple[Any, ...]]:
        """The rows' database values, in ``_INSERTED``'s order, in chain order: as parameters,
        or for ``COPY``."""
        row = list(self.prepared)
        row[_AT] = _INSERTED[_AT].get_db_prep_save(now, connection)
        if copy:
            row[_DETAILS] = self.details_text
        rows = []
        for n, (subject, key) in enumerate(
            zip(self.prepared_subjects, self.subject_keys, strict=True)
        ):
            row[_SUBJECT], row[_KEY], row[_PREVIOUS], row[_HASH] = (
                subject,
                key,
                links[n],
                links[n + 1],
            )
            rows.append(tuple(row))
        return rows

    def entry(self, n: int, entry_id: int, now: datetime, links: list[str]) -> AccessLogEntry:
        """The ``n``th entry as written, as if read back."""
        values = [getattr(self.prototype, field.attname) for field in _INSERTED]
        values[_AT], values[_SUBJECT], values[_KEY] = now, self.subject_ids[n], self.subject_keys[n]
        values[_PREVIOUS], values[_HASH] = links[n], links[n + 1]
        return AccessLogEntry.from_db(connection.alias, _ATTNAMES, [entry_id, *values])


class Written(Sequence[AccessLogEntry]):
    """The entries ``record_many`` wrote, in chain order, each made when it is asked for: most
    callers only log, and 50,000 model instances would take seconds."""

    def __init__(self, batch: _Batch, ids: list[int], now: datetime, links: list[str]) -> None:
        self.batch, self.ids, self.now, self.links = batch, ids, now, links

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> AccessLogEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[AccessLogEntry]: ...

    def __getitem__(self, index: int | slice) -> AccessLogEntry | list[AccessLogEntry]:
        if isinstance(index, slice):
            return [self[n] for n in range(len(self))[index]]
        n = range(len(self))[index]  # negative indices, and IndexError beyond the end
        return self.batch.entry(n, self.ids[n], self.now, self.links)


def _insert(rows: list[tuple[Any, ...]], *, copy: bool) -> list[int]:
    """Write the rows, in ``_INSERTED``'s columns, in order, with ``COPY`` (PostgreSQL) or in
    multi-row ``INSERT``s; their ids, ascending, which are in the rows' order (identity values
    are drawn in insertion order, under the chain's lock)."""
    quote = connection.ops.quote_name
    table = quote(AccessLogEntry._meta.db_table)
    columns = ", ".join(quote(cast(str, field.column)) for field in _INSERTED)
    # The table's and columns' names come from the model, the values are parameters.
    with connection.cursor() as cursor:
        if copy:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [AccessLogEntry._meta.db_table, len(rows)],
            )
            ids = sorted(entry_id for (entry_id,) in cursor.fetchall())
            with cursor.copy(f"COPY {table} (id, {columns}) FROM STDIN") as copying:
                for entry_id, row in zip(ids, rows, strict=True):
                    copying.write_row((entry_id, *row))
            return ids
        placeholders = f"({', '.join(['%s'] * len(_INSERTED))})"
        most = connection.features.max_query_params
        per_statement = most // len(_INSERTED) if most else len(rows)
        ids = []
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join([placeholders] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING id",  # noqa: S608
                [value for row in chunk for value in row],
            )
            ids.extend(entry_id for (entry_id,) in cursor.fetchall())
        return sorted(ids)


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
