"""Backups and restores (``mydirection backup``, ``mydirection restore``; docs/operations.md).

A backup is one directory, ``mydirection-backup-<UTC time>``, readable by its owner only:

    access-log-checkpoints.jsonl  the access log's checkpoints, a new one of its head included
    database.dump                 pg_dump --format=custom of the database
    files.tar                     the uploaded files (MYDIRECTION_FILES_DIR)
    MANIFEST.sha256               the SHA-256 of each, as ``sha256sum --check`` reads it

In that order, so that each part is consistent with the one before: the checkpoints vouch for
entries the dump holds (a checkpoint only names committed entries, and the dump's snapshot is
taken after), and every file the dump refers to is in the archive (an upload kept after the
snapshot is in the archive too, unreferenced, which does no harm).

A restore goes into an empty database, an empty files directory and no checkpoint file, checks
the manifest first, and ends by verifying the access log's chain against the restored
checkpoints (``mydirection verify-access-log``).
"""

import hashlib
import importlib
import os
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from mydirection.access import checkpoints

DUMP = "database.dump"
FILES = "files.tar"
CHECKPOINTS = "access-log-checkpoints.jsonl"
MANIFEST = "MANIFEST.sha256"
PARTS = (CHECKPOINTS, DUMP, FILES)


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why, in plain words."""


@dataclass(frozen=True)
class Restored:
    """What a restore put back."""

    tables: int
    files: int
    checkpoints: int


def _postgres_environment() -> dict[str, str]:
    """The connection the application uses, as libpq's variables (no password on a command
    line, where other users of the machine could read it)."""
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL). A SQLite database is copied as a file "
            "while the service is stopped."
        )
    database = settings.DATABASES["default"]
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = str(database.get(key) or "")
        if value:
            environment[variable] = value
        else:
            environment.pop(variable, None)
    return environment


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not on PATH: install PostgreSQL's client programs, of the server's "
            "version or newer"
        )
    return found


def _run(command: list[str]) -> None:
    result = subprocess.run(  # noqa: S603  (a fixed program, arguments as a list)
        command, env=_postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _private(path: Path) -> None:
    path.chmod(0o700 if path.is_dir() else 0o600)


def _files(directory: Path) -> Iterator[Path]:
    if directory.is_dir():
        yield from sorted(path for path in directory.rglob("*") if path.is_file())


def back_up(into: Path, *, now: datetime | None = None) -> Path:
    """Write a backup into a new directory under ``into`` and return that directory."""
    environment = _postgres_environment()  # refuses SQLite before anything is written
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = into / f"mydirection-backup-{stamp}"
    into.mkdir(parents=True, exist_ok=True)
    try:
        target.mkdir(mode=0o700)
    except FileExistsError:
        raise BackupError(f"{target} already exists") from None

    # 1. The checkpoints, with one of the head as it is now: they vouch for the dump's entries.
    checkpoints.take()
    source = checkpoints.path()
    if source.exists():
        shutil.copyfile(source, target / CHECKPOINTS)
    else:
        (target / CHECKPOINTS).touch()
    # 2. The database, in one snapshot.
    _run(
        [
            _program("pg_dump"),
            "--format=custom",
            "--no-password",
            f"--file={target / DUMP}",
            environment.get("PGDATABASE", ""),
        ]
    )
    # 3. The uploaded files, named relative to their directory.
    files_dir = Path(settings.PRIVATE_FILES_DIR)
    with tarfile.open(target / FILES, "w") as archive:
        for path in _files(files_dir):
            archive.add(path, arcname=str(path.relative_to(files_dir)), recursive=False)

    lines = [f"{sha256(target / name)}  {name}\n" for name in PARTS]
    (target / MANIFEST).write_text("".join(lines), encoding="utf-8")
    for name in (*PARTS, MANIFEST):
        _private(target / name)
    return target


def check_manifest(backup: Path) -> None:
    """Every part is there with the hash the manifest gives it."""
    try:
        text = (backup / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BackupError(f"{backup} has no {MANIFEST}: it is not a MyDirection backup") from None
    listed = {}
    for line in text.splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    for name in PARTS:
        if name not in listed:
            raise BackupError(f"{MANIFEST} does not list {name}")
        if not (backup / name).is_file():
            raise BackupError(f"{name} is missing from {backup}")
        if sha256(backup / name) != listed[name]:
            raise BackupError(f"{name} does not match its SHA-256 in {MANIFEST}: it has changed")


def _refuse_anything_there() -> None:
    tables = connection.introspection.table_names()
    if tables:
        database = settings.DATABASES["default"]["NAME"]
        raise BackupError(
            f"The database {database} is not empty ({len(tables)} tables): restore into a new, "
            "empty database"
        )
    files_dir = Path(settings.PRIVATE_FILES_DIR)
    if any(_files(files_dir)):
        raise BackupError(f"{files_dir} already holds files: restore into an empty directory")
    target = checkpoints.path()
    if target.exists() and target.stat().st_size:
        raise BackupError(
            f"{target} already holds checkpoints: restore the backup's own (move that file away)"
        )


def _revoke_access_log_privileges() -> None:
    """The restoring role now owns the tables: take UPDATE, DELETE and TRUNCATE on the access
    log from it as the migration did (the dump's own grants name the old owner, so they are
    not restored)."""
    migration = importlib.import_module(
        "mydirection.access.migrations.0005_access_log_no_update_delete_truncate"
    )
    with connection.schema_editor() as editor:
        migration.forwards(None, editor)


def restore(backup: Path) -> Restored:
    """Put a backup back into the (empty) database, files directory and checkpoint file the
    settings name. The caller verifies the access log afterwards."""
    check_manifest(backup)
    _refuse_anything_there()
    _run(
        [
            _program("pg_restore"),
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(backup / DUMP),
        ]
    )
    _revoke_access_log_privileges()

    files_dir = Path(settings.PRIVATE_FILES_DIR)
    files_dir.mkdir(parents=True, exist_ok=True)
    _private(files_dir)
    with tarfile.open(backup / FILES) as archive:
        # The "data" filter refuses absolute names, links out of the directory and devices.
        archive.extractall(files_dir, filter="data")
    restored_files = 0
    for path in files_dir.rglob("*"):
        _private(path)
        restored_files += path.is_file()

    target = checkpoints.path()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(backup / CHECKPOINTS, target)
    target.chmod(0o640)
    return Restored(
        tables=len(connection.introspection.table_names()),
        files=restored_files,
        checkpoints=len(checkpoints.read(target)),
    )
