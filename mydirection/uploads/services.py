"""Keeping an uploaded file: ``store``. The one way any app keeps a file someone uploaded."""

import functools
import logging
import uuid
from typing import IO

from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import Actor, PersonActor, StaffActor, log_details
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people.models import Person
from mydirection.uploads import disk, files
from mydirection.uploads.models import Purpose, StoredFile

logger = logging.getLogger(__name__)


def _write(stored_id: uuid.UUID, storage_name: str, content: bytes | IO[bytes]) -> None:
    try:
        disk.write(storage_name, content)
    except Exception:
        # Identifiers only: the row is committed, its file is not there (served as a 404).
        logger.exception("Stored file %s could not be written to the private directory", stored_id)
        raise


def store(
    *,
    actor: Actor,
    upload: bytes | IO[bytes],
    purpose: Purpose,
    person: Person | None,
    kinds: frozenset[files.Kind] = files.DOCUMENTS,
) -> StoredFile:
    """Check the file, re-encode it if it is an image, keep it in the private directory and
    record it, with an access-log entry (a collection), in one transaction.

    ``upload`` is a Django ``UploadedFile`` (from ``request.FILES``; its name is kept,
    cleaned, as ``original_name``) or bytes. ``person`` is whose data it is (``None`` for a
    file about nobody on probation); a ``PersonActor`` stores their own, or one about
    nobody. ``actor`` decides ``uploaded_by_user`` (staff) or ``uploaded_by_person`` (the
    person in their app).

    ``kinds``: what the file may be (``files.DOCUMENTS``: a photo or a PDF; ``files.MEDIA``:
    a story's audio or video recording).

    Refuses the file with a ``ValidationError`` (see ``files.inspect``), before anything is
    written. The file is written when the transaction commits (to a temporary file, then
    renamed): a transaction that rolls back, this one or the caller's, leaves no file behind.
    """
    # A person never attaches a file to another person's record; a file about nobody on
    # probation's record (a peer's story a reporter on probation recorded) is theirs to add.
    if isinstance(actor, PersonActor) and person is not None and person != actor.person:
        raise ValueError("A person uploads files of their own only")
    name = files.clean_name(getattr(upload, "name", None))
    prepared = files.prepare(upload, kinds)
    disk.ready()
    # A recording is copied now, a chunk at a time, from the request's temporary file.
    content = prepared.content if prepared.source is None else disk.staged(prepared.source)
    file_id = uuid.uuid4()
    now = timezone.now()
    storage_name = f"{now:%Y}/{now:%m}/{file_id}.{prepared.kind.extension}"
    with transaction.atomic():
        stored = StoredFile.objects.create(
            id=file_id,
            purpose=purpose,
            person=person,
            content_type=prepared.kind.content_type,
            size=prepared.size,
            sha256=prepared.sha256,
            original_name=name,
            storage_name=storage_name,
            uploaded_at=now,
            uploaded_by_user=actor.user if isinstance(actor, StaffActor) else None,
            uploaded_by_person=actor.person if isinstance(actor, PersonActor) else None,
        )
        record(
            actor=actor,
            operation=Operation.COLLECT,
            what=f"{Purpose(purpose).label}: file uploaded",
            subject_id=person.pk if person else None,
            details=log_details(actor, file=str(stored.pk), purpose=str(purpose)),
        )
        transaction.on_commit(functools.partial(_write, stored.pk, storage_name, content))
    return stored
