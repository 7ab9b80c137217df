"""The private directory (``settings.PRIVATE_FILES_DIR``) where uploaded files are kept.

Outside the web root and the package, readable by the application's user only: directories
0700, files 0600. No URL serves it. Names in it are ``<yyyy>/<mm>/<uuid>.<ext>``, made by
``services.store`` and checked here again before any path is built, so a name read from the
database can never reach outside the directory.
"""

import os
import re
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import IO, BinaryIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600
COPY_CHUNK = 1024 * 1024
PACKAGE = Path(__file__).resolve().parent.parent
STORAGE_NAME = re.compile(
    r"[0-9]{4}/[0-9]{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"\.(?:jpg|png|pdf|mp3|m4a|wav|ogg|mp4|webm)"
)


def _inside(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


def misplaced(directory: Path) -> str:
    """Why ``directory`` must not hold uploaded files ("" if it may): it must not be, or be
    inside, a directory served as static files or the application's code."""
    directory = directory.resolve()
    served = [Path(settings.STATIC_ROOT), *map(Path, getattr(settings, "STATICFILES_DIRS", []))]
    for each in [*served, PACKAGE]:
        place = each.resolve()
        if _inside(directory, place) or _inside(place, directory):
            return f"PRIVATE_FILES_DIR ({directory}) must be outside {place}"
    return ""


def root() -> Path:
    directory = Path(settings.PRIVATE_FILES_DIR).resolve()
    problem = misplaced(directory)
    if problem:
        raise ImproperlyConfigured(problem)
    return directory


def path_of(storage_name: str) -> Path:
    if not STORAGE_NAME.fullmatch(storage_name):
        raise ValueError("Not the name of a stored file")
    return root() / storage_name


def _directory(path: Path) -> None:
    """``path`` and its parents up to the root, each made 0700 if it is new."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for each in reversed(missing):
        with suppress(FileExistsError):  # made meanwhile by another request
            each.mkdir(mode=DIRECTORY_MODE)
            os.chmod(each, DIRECTORY_MODE)  # mkdir's mode is cut by the umask


def ready() -> None:
    """The private directory exists and may be written to (checked before a transaction
    commits to a file that would then be written)."""
    directory = root()
    _directory(directory)
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ImproperlyConfigured(f"PRIVATE_FILES_DIR ({directory}) cannot be written to")


def write(storage_name: str, content: bytes | IO[bytes]) -> None:
    """Write the file whole or not at all: into a temporary file beside it (0600), flushed to
    disk, then renamed into place. ``content``: the bytes, or a file copied a chunk at a time
    from its start (a recording, never read whole into memory)."""
    target = path_of(storage_name)
    _directory(target.parent)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), FILE_MODE)
            if isinstance(content, bytes):
                out.write(content)
            else:
                content.seek(0)
                shutil.copyfileobj(content, out, COPY_CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def staged(source: IO[bytes]) -> IO[bytes]:
    """A copy of an uploaded file the caller holds until it is written (``write``), copied a
    chunk at a time into an unnamed temporary file in the private directory: the upload's own
    temporary file is closed and deleted when the request ends, which may come before the
    transaction commits; this one disappears with its last reference, written or not."""
    held = tempfile.TemporaryFile(dir=root())  # noqa: SIM115  (kept open until written)
    source.seek(0)
    shutil.copyfileobj(source, held, COPY_CHUNK)
    held.seek(0)
    source.seek(0)
    return held


def open_file(storage_name: str) -> BinaryIO:
    """The stored file, opened for reading (never through a symbolic link);
    ``FileNotFoundError`` if it is missing."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.fdopen(os.open(path_of(storage_name), flags), "rb")
