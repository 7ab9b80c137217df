"""Keeping an uploaded file: the row, the file in the private directory (0600, outside the web
root), the access-log entry naming who uploaded it; and nothing at all when it is refused or
its transaction rolls back."""

import hashlib
import io
import re
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from PIL import Image

import mydirection
from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.testing import World, acting
from mydirection.uploads import disk
from mydirection.uploads.models import Purpose, StoredFile
from mydirection.uploads.services import store
from mydirection.uploads.testing import a_pdf, a_photo, stored_now, uploaded


def files_in(directory: Path) -> list[Path]:
    return [path for path in directory.rglob("*") if path.is_file()] if directory.exists() else []


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_photo_is_kept_in_the_private_directory_and_logged(
    world: World, private_files: Path, django_capture_on_commit_callbacks
) -> None:
    actor = acting(world.cm, world.person)
    with django_capture_on_commit_callbacks(execute=True):
        stored = store(
            actor=actor,
            upload=uploaded(a_photo(gps=True), "C:\\Phone\\IMG_2041 bus\u202e.jpg", "image/jpeg"),
            purpose=Purpose.RECEIPT,
            person=world.person,
        )

    stored.refresh_from_db()
    assert stored.purpose == Purpose.RECEIPT
    assert stored.person == world.person
    assert stored.content_type == "image/jpeg"
    assert stored.original_name == "IMG_2041 bus.jpg"
    assert stored.uploaded_by_user == world.cm
    assert stored.uploaded_by_person is None
    assert re.fullmatch(rf"\d{{4}}/\d{{2}}/{stored.pk}\.jpg", stored.storage_name)
    assert stored.storage_name == f"{stored.uploaded_at:%Y/%m}/{stored.pk}.jpg"

    path = private_files / stored.storage_name
    assert files_in(private_files) == [path]
    content = path.read_bytes()
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert not Image.open(io.BytesIO(content)).getexif(), "kept as re-encoded, no EXIF"
    assert mode(path) == 0o600
    for directory in (private_files, path.parent, path.parent.parent):
        assert mode(directory) == 0o700

    resolved = path.resolve()
    package = Path(mydirection.__file__).resolve().parent
    static_root = Path(settings.STATIC_ROOT).resolve()
    assert package not in resolved.parents
    assert static_root not in resolved.parents

    entry = AccessLogEntry.objects.get(operation=Operation.COLLECT)
    assert entry.actor_id == world.cm.pk
    assert entry.actor_person_id is None
    assert entry.subject_id == world.person.pk
    assert entry.relation == actor.relation
    assert entry.what == "Receipt: file uploaded"
    assert entry.details == {"file": str(stored.pk), "purpose": "receipt", "author": "staff"}


def test_the_person_uploads_in_their_app(
    world: World, private_files: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        stored = store(
            actor=PersonActor(world.person),
            upload=uploaded(a_pdf(), "story.pdf"),
            purpose=Purpose.STORY,
            person=world.person,
        )

    assert stored.uploaded_by_person == world.person
    assert stored.uploaded_by_user is None
    assert stored.content_type == "application/pdf"
    assert (private_files / stored.storage_name).read_bytes() == a_pdf()
    entry = AccessLogEntry.objects.get(operation=Operation.COLLECT)
    assert (entry.actor_id, entry.actor_person_id) == (None, world.person.pk)
    assert entry.details["author"] == "person"


def test_a_volunteers_receipt_is_about_nobody_on_probation(world: World) -> None:
    stored = stored_now(
        actor=StaffActor.about_no_person(world.volunteer),
        upload=a_photo(),
        purpose=Purpose.EXPENSE_RECEIPT,
        person=None,
    )
    assert stored.person is None
    assert stored.uploaded_by_user == world.volunteer
    assert stored.original_name == ""
    assert AccessLogEntry.objects.get(operation=Operation.COLLECT).subject_id is None


def test_a_person_cannot_upload_for_someone_else(world: World, private_files: Path) -> None:
    with pytest.raises(ValueError):
        stored_now(
            actor=PersonActor(world.person),
            upload=a_photo(),
            purpose=Purpose.STORY,
            person=world.other_person,
        )
    assert not StoredFile.objects.exists()
    assert files_in(private_files) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>", r"must be a photo \(JPG or PNG\) or a PDF"),
        (b"", "is empty"),
        (a_pdf(javascript=True), "contains a script"),
    ],
)
def test_a_refused_file_leaves_no_row_no_file_and_no_entry(
    world: World, private_files: Path, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        stored_now(
            actor=acting(world.cm, world.person),
            upload=uploaded(content, "receipt.jpg", "image/jpeg"),
            purpose=Purpose.RECEIPT,
            person=world.person,
        )
    assert not StoredFile.objects.exists()
    assert files_in(private_files) == []
    assert not AccessLogEntry.objects.filter(operation=Operation.COLLECT).exists()


def test_a_rolled_back_transaction_leaves_no_file(
    world: World, private_files: Path, django_capture_on_commit_callbacks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        store(
            actor=acting(world.cm, world.person),
            upload=a_photo(),
            purpose=Purpose.RECEIPT,
            person=world.person,
        )
        raise RuntimeError("the caller's next step failed")
    assert callbacks == []
    assert not StoredFile.objects.exists()
    assert files_in(private_files) == []


def test_a_log_entry_that_cannot_be_written_leaves_no_row_and_no_file(
    world: World, private_files: Path, django_capture_on_commit_callbacks
) -> None:
    # A staff entry about a person needs the relation that let them in: the log refuses it.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError):
        store(
            actor=StaffActor(world.cm, None),
            upload=a_photo(),
            purpose=Purpose.RECEIPT,
            person=world.person,
        )
    assert not StoredFile.objects.exists()
    assert files_in(private_files) == []


def test_the_file_is_written_when_the_transaction_commits(
    world: World, private_files: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        stored = store(
            actor=acting(world.cm, world.person),
            upload=a_photo(),
            purpose=Purpose.RECEIPT,
            person=world.person,
        )
        assert files_in(private_files) == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert files_in(private_files) == [private_files / stored.storage_name]


def test_a_write_that_fails_leaves_no_partial_file(
    private_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", full_disk)
    name = "2026/12/0b5e3c1e-8a1f-4d0e-9d57-3f0b4b1c2a11.jpg"
    with pytest.raises(OSError):
        disk.write(name, b"\xff\xd8\xff")
    assert files_in(private_files) == []


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "2026/12/../../x.jpg", "/etc/passwd", "2026/12/receipt.jpg.exe"],
)
def test_a_stored_name_cannot_reach_outside_the_private_directory(name: str) -> None:
    with pytest.raises(ValueError):
        disk.path_of(name)


@pytest.mark.parametrize(
    "inside",
    [lambda: Path(settings.STATIC_ROOT) / "files", lambda: Path(mydirection.__file__).parent],
)
def test_the_private_directory_may_not_be_served_or_in_the_code(settings, inside) -> None:
    from mydirection.uploads.checks import private_files_outside_the_web_root

    settings.PRIVATE_FILES_DIR = inside()
    with pytest.raises(ImproperlyConfigured):
        disk.root()
    assert [error.id for error in private_files_outside_the_web_root(None)] == ["mydirection.E004"]


def test_the_default_private_directory_is_outside_the_web_root_and_the_code() -> None:
    from mydirection.uploads.checks import private_files_outside_the_web_root

    # The autouse fixture points PRIVATE_FILES_DIR to the test's own directory; the setting's
    # own default is var/files.
    assert disk.misplaced(Path(settings.VAR_DIR) / "files") == ""
    assert private_files_outside_the_web_root(None) == []
