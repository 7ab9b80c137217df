"""Writing and verifying the access log (Data Protection Act 2018, section 62).

Every entry is chained to the one before it by a SHA-256 hash over its canonical form, so a
changed, removed or inserted entry breaks the chain from that point on. Writers serialise on
a lock for the length of their transaction so the chain is a single line even under
concurrent requests: a PostgreSQL advisory lock, or on SQLite the database write lock that
``transaction_mode=IMMEDIATE`` takes at the start of every transaction.
"""

import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from mydirection.access.actor import Actor, PersonActor, StaffActor
from mydirection.access.models import AccessLogEntry, Operation

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
        previous = (
            AccessLogEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        ) or GENESIS_HASH
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
        return AccessLogEntry.objects.bulk_create(entries)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def _entries_in_order(chunk_size: int = 5000) -> Iterator[AccessLogEntry]:
    return AccessLogEntry.objects.order_by("id").iterator(chunk_size=chunk_size)


def verify_chain() -> ChainReport:
    """Recompute the chain from the first entry and name the first entry that breaks it."""
    expected_previous = GENESIS_HASH
    checked = 0
    for entry in _entries_in_order():
        if entry.previous_hash != expected_previous:
            return ChainReport(
                checked, entry.id, "an entry before it was removed, inserted or changed"
            )
        if entry_hash(entry) != entry.entry_hash:
            return ChainReport(checked, entry.id, "its contents were changed")
        expected_previous = entry.entry_hash
        checked += 1
    return ChainReport(checked, None)
