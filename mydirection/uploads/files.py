"""What an uploaded file is, and making it safe to keep: pure functions, no database, no disk.

* ``inspect(data)``: the file's ``Kind`` (JPEG, PNG or PDF), decided from its first bytes and
  never from its name or the content type the browser sent; anything else is refused with a
  ``ValidationError`` a person understands, as are files that are empty or too big, PDFs
  that are password protected or carry scripts, actions or attached files, and images that
  cannot be read or would take too much memory to open (decompression bombs).
* ``prepare(data)``: ``inspect``, then images re-encoded (``reencode``) so that nothing of the
  original file but its pixels is kept: no EXIF (so no GPS position), no XMP, no ICC profile,
  no comments, nothing appended. The orientation the camera recorded is applied first and
  large photos are made smaller.
* ``clean_name(name)``: the name a file was uploaded with, safe to show; ``download_name``:
  a plain ASCII file name for the ``Content-Disposition`` header.

Every message follows the GOV.UK Design System's file upload pattern.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
import warnings
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from hashlib import sha256
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps

# An image over this many pixels is refused before it is decoded (a 48 megapixel phone
# photo is just under). Pillow's own guard is set to the same, for every use of Pillow in the
# process: it warns over the limit (made an error here) and refuses twice the limit itself.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Photos are kept at most this many pixels on their longer side: plenty to read a receipt.
MAX_SIDE = 4000
JPEG_QUALITY = 85
# What the PDF check may decompress (object streams, page contents), all streams together.
MAX_PDF_INFLATED = 64 * 1024 * 1024

ACCEPT = "image/jpeg,image/png,application/pdf"
# A story's recording: audio or video (``MEDIA``), checked by its first bytes the same way.
ACCEPT_MEDIA = "audio/*,video/mp4,video/webm"


def max_bytes(kinds: Iterable[Kind] | None = None) -> int:
    """The most one file of ``kinds`` may weigh: a recording ``RECORDING_MAX_BYTES`` (200MB),
    a photo or a PDF ``UPLOAD_MAX_BYTES`` (10MB)."""
    return max(kind.max_bytes for kind in (kinds or DOCUMENTS))


def max_megabytes(kinds: Iterable[Kind] | None = None) -> int:
    return int(max_bytes(kinds) // (1024 * 1024))


def hint(kinds: frozenset[Kind] | None = None) -> str:
    """The hint under a file upload field."""
    if kinds == MEDIA:
        return f"MP3, M4A, WAV, OGG, MP4 or WEBM, smaller than {max_megabytes(kinds)}MB"
    return f"JPG, PNG or PDF, smaller than {max_megabytes(kinds)}MB"


WRONG_TYPE = "The selected file must be a photo (JPG or PNG) or a PDF"
WRONG_MEDIA = "The selected file must be a recording (MP3, M4A, WAV, OGG, MP4 or WEBM)"
EMPTY = "The selected file is empty"
UNREADABLE_IMAGE = "The selected file could not be read. Try taking the photo again"
UNREADABLE_PDF = "The selected file could not be read. Try saving the PDF again"
TOO_MANY_PIXELS = "The selected photo is too big to open. Take the photo again, or choose another"
LOCKED = "The selected file is password protected. Save it without a password, or upload a photo"
ACTIVE_CONTENT = (
    "The selected PDF contains a script or an attached file. Save it again as a plain PDF, "
    "or upload a photo"
)


def too_big(kinds: Iterable[Kind] | None = None) -> str:
    return f"The selected file must be smaller than {max_megabytes(kinds)}MB"


class Kind(StrEnum):
    """A kind of file MyDirection keeps; the value is its content type."""

    JPEG = "image/jpeg"
    PNG = "image/png"
    PDF = "application/pdf"
    # Recordings (stories): kept as uploaded, served as downloads.
    MP3 = "audio/mpeg"
    M4A = "audio/mp4"
    WAV = "audio/wav"
    OGG = "audio/ogg"
    MP4 = "video/mp4"
    WEBM = "video/webm"

    @property
    def content_type(self) -> str:
        return self.value

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self.value]

    @property
    def is_image(self) -> bool:
        return self in (Kind.JPEG, Kind.PNG)

    @property
    def is_media(self) -> bool:
        return self in MEDIA

    @property
    def max_bytes(self) -> int:
        """One file of this kind at most (settings: a recording's own limit, else 10MB)."""
        if self.is_media:
            return int(settings.RECORDING_MAX_BYTES)
        return int(settings.UPLOAD_MAX_BYTES)

    @property
    def pillow_format(self) -> str:
        return "PNG" if self is Kind.PNG else "JPEG"


_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/wav": "wav",
    "audio/ogg": "ogg",
    "video/mp4": "mp4",
    "video/webm": "webm",
}

# What a receipt may be (the default everywhere), and what a story's recording may be.
DOCUMENTS = frozenset({Kind.JPEG, Kind.PNG, Kind.PDF})
MEDIA = frozenset({Kind.MP3, Kind.M4A, Kind.WAV, Kind.OGG, Kind.MP4, Kind.WEBM})

# The leading bytes ("magic numbers") of each kind.
SIGNATURES = (
    (b"\xff\xd8\xff", Kind.JPEG),
    (b"\x89PNG\r\n\x1a\n", Kind.PNG),
    (b"%PDF-", Kind.PDF),
    (b"ID3", Kind.MP3),
    (b"\xff\xfb", Kind.MP3),
    (b"\xff\xf3", Kind.MP3),
    (b"\xff\xf2", Kind.MP3),
    (b"OggS", Kind.OGG),
)


def _media_kind(content: bytes) -> Kind | None:
    """The containers whose signature is not simply their first bytes."""
    if content[:4] == b"RIFF" and content[8:12] == b"WAVE":
        return Kind.WAV
    if content[4:8] == b"ftyp":
        return Kind.M4A if content[8:12] in (b"M4A ", b"M4B ") else Kind.MP4
    if content.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in content[:64]:
        return Kind.WEBM
    return None


@dataclass(frozen=True)
class Prepared:
    """A file ready to keep: its kind and the bytes to write (re-encoded, for an image), or
    for a recording uploaded as a file the file itself (``source``, rewound), never read
    whole into memory: its size and digest were taken a chunk at a time."""

    kind: Kind
    content: bytes
    source: IO[bytes] | None = None
    source_size: int = 0
    source_sha256: str = ""

    @cached_property
    def sha256(self) -> str:
        return self.source_sha256 or sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return self.source_size if self.source is not None else len(self.content)


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


# --- Reading -------------------------------------------------------------------------------


# Enough of a file's first bytes to tell every kind (``kind_of``, ``_media_kind``).
HEAD = 4096
CHUNK = 1024 * 1024


def read(data: bytes | IO[bytes], limit: int | None = None, kinds: Iterable[Kind] = ()) -> bytes:
    """The file's bytes, refusing it as too big (over ``limit``, by default 10MB) before
    reading more than the limit (a Django upload's ``size`` is checked before a byte is read).
    A file is rewound afterwards, so that ``inspect`` in a form's ``clean`` leaves it to be
    read again."""
    limit = settings.UPLOAD_MAX_BYTES if limit is None else limit
    message = too_big(kinds or None)
    if isinstance(data, bytes | bytearray | memoryview):
        content = bytes(data)
        if len(content) > limit:
            raise refuse(message, "too_big")
        return content
    declared = getattr(data, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise refuse(message, "too_big")
    if data.seekable():
        data.seek(0)
    content = data.read(limit + 1)
    if data.seekable():
        data.seek(0)
    if len(content) > limit:
        raise refuse(message, "too_big")
    return content


def _head(data: IO[bytes]) -> bytes:
    """The first ``HEAD`` bytes of a file, which is left rewound."""
    if data.seekable():
        data.seek(0)
    head = data.read(HEAD)
    if data.seekable():
        data.seek(0)
    return head


def _streamed(data: IO[bytes], limit: int, kinds: Iterable[Kind]) -> tuple[int, str]:
    """A file's size and SHA-256, read a chunk at a time (never whole), refused as soon as it
    goes over ``limit``; the file is left rewound."""
    digest = sha256()
    size = 0
    data.seek(0)
    while chunk := data.read(CHUNK):
        size += len(chunk)
        if size > limit:
            data.seek(0)
            raise refuse(too_big(kinds), "too_big")
        digest.update(chunk)
    data.seek(0)
    return size, digest.hexdigest()


def kind_of(content: bytes, kinds: frozenset[Kind] = DOCUMENTS) -> Kind:
    """The kind the first bytes say, if it is one of ``kinds``, or the refusal."""
    if not content:
        raise refuse(EMPTY, "empty")
    found = next((kind for signature, kind in SIGNATURES if content.startswith(signature)), None)
    found = found or _media_kind(content)
    if found is None or found not in kinds:
        raise refuse(WRONG_MEDIA if kinds == MEDIA else WRONG_TYPE, "wrong_type")
    return found


def _check(content: bytes, kind: Kind) -> None:
    if kind is Kind.PDF:
        check_pdf(content)
    elif kind.is_image:
        check_image(content, kind)
    # A recording is kept as it came and only ever downloaded (``serving.response``): its
    # first bytes say what it is, and nothing in the browser plays it from the download.


def _examined(
    data: bytes | IO[bytes], kinds: frozenset[Kind]
) -> tuple[Kind, bytes, tuple[int, str] | None]:
    """The file's kind and its bytes; or, for a recording uploaded as a file (told by its first
    bytes, so never read whole into memory), no bytes but its size and digest, streamed."""
    declared = getattr(data, "size", None)
    if isinstance(declared, int) and declared > max_bytes(kinds):
        raise refuse(too_big(kinds), "too_big")  # by the size a Django upload declares
    if not isinstance(data, bytes | bytearray | memoryview) and data.seekable():
        kind = kind_of(_head(data), kinds)
        if kind.is_media:
            return kind, b"", _streamed(data, kind.max_bytes, [kind])
    content = read(data, max_bytes(kinds), kinds)
    kind = kind_of(content, kinds)
    if len(content) > kind.max_bytes:
        raise refuse(too_big([kind]), "too_big")
    _check(content, kind)
    return kind, content, None


def inspect(data: bytes | IO[bytes], kinds: frozenset[Kind] = DOCUMENTS) -> Kind:
    """The kind of file ``data`` is, if MyDirection may keep it as one of ``kinds``; else a
    ``ValidationError`` with the message to show (its ``code``: too_big, empty, wrong_type,
    unreadable, too_many_pixels, password_protected or active_content). Each kind has its own
    size limit (``Kind.max_bytes``)."""
    return _examined(data, kinds)[0]


def prepare(data: bytes | IO[bytes], kinds: frozenset[Kind] = DOCUMENTS) -> Prepared:
    """``inspect``, and for an image its re-encoded bytes: what ``store`` writes. A recording
    uploaded as a file is kept by copying the file (``Prepared.source``)."""
    kind, content, streamed = _examined(data, kinds)
    if streamed is not None and not isinstance(data, bytes | bytearray | memoryview):
        return Prepared(kind, b"", data, *streamed)
    if kind.is_image:
        return Prepared(kind, reencode(content, kind))
    return Prepared(kind, content)


# --- Images --------------------------------------------------------------------------------


def _open(content: bytes, kind: Kind) -> Image.Image:
    """Pillow's image, as the kind the first bytes said and no other (Pillow would otherwise
    try every format it knows); only the header is read."""
    image = Image.open(io.BytesIO(content), formats=[kind.pillow_format])
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise refuse(TOO_MANY_PIXELS, "too_many_pixels")
    return image


class _Unreadable(Exception):
    pass


@contextmanager
def _reading(content: bytes, kind: Kind) -> Iterator[Image.Image]:
    """Open the image with Pillow's decompression-bomb warning made an error; every other
    failure of a parser given a broken (or hostile) file becomes ``_Unreadable``."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield _open(content, kind)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise refuse(TOO_MANY_PIXELS, "too_many_pixels") from error
        except Exception as error:
            # Pillow's parsers raise OSError, SyntaxError, ValueError, struct.error, EOFError
            # and more on a broken file: all of them mean "cannot be read".
            raise _Unreadable from error


def check_image(content: bytes, kind: Kind) -> None:
    """The image's header is sound and its size within ``MAX_PIXELS`` (Pillow's ``verify``:
    no pixels decoded)."""
    try:
        with _reading(content, kind) as image:
            image.verify()
    except _Unreadable as error:
        raise refuse(UNREADABLE_IMAGE, "unreadable") from error


def _pixels_only(image: Image.Image, kind: Kind) -> Image.Image:
    """A new image holding the pixels and nothing else: no EXIF, XMP, ICC profile, comment
    or text chunk can come along, whatever the encoder would otherwise copy from ``info``."""
    if kind is Kind.JPEG:
        wanted = image.mode if image.mode in ("L", "RGB") else "RGB"
    elif image.mode in ("L", "LA", "RGB", "RGBA"):
        wanted = image.mode
    elif image.mode in ("PA", "La", "RGBa") or "transparency" in image.info:
        wanted = "RGBA"
    elif image.mode == "1":
        wanted = "L"
    else:
        wanted = "RGB"
    converted = image if image.mode == wanted else image.convert(wanted)
    return Image.frombytes(wanted, converted.size, converted.tobytes())


def reencode(content: bytes, kind: Kind) -> bytes:
    """The image drawn again as a new JPEG or PNG: the camera's orientation applied, at most
    ``MAX_SIDE`` pixels on its longer side, and no metadata at all."""
    try:
        with _reading(content, kind) as image:
            if kind is Kind.JPEG:
                # Decode a large JPEG at a reduced scale (still at least MAX_SIDE).
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            clean = _pixels_only(upright, kind)
    except _Unreadable as error:
        raise refuse(UNREADABLE_IMAGE, "unreadable") from error
    out = io.BytesIO()
    if kind is Kind.JPEG:
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        clean.save(out, "PNG")
    return out.getvalue()


# --- PDFs ----------------------------------------------------------------------------------

# Names that make a PDF do something when opened, or carry another file inside it.
ACTIVE_NAMES = (
    b"JS",
    b"JavaScript",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"GoToE",
)
# What ends a name: white space or a delimiter (PDF 32000-1, 7.2.2 and 7.3.5).
_NAME_END = rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# "stream" at the start of a stream's data (not the end of "endstream").
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")


def name_pattern(*names: bytes) -> re.Pattern[bytes]:
    """Any of ``names`` as a whole PDF name, each character written as itself or as a ``#xx``
    escape, as a PDF reader reads them: ``/J#61vaScript`` is ``/JavaScript``."""

    def either(byte: int) -> bytes:
        return b"(?:%s|#(?i:%02x))" % (re.escape(bytes([byte])), byte)

    spelled = [b"".join(either(byte) for byte in name) for name in names]
    return re.compile(b"/(?:%s)%s" % (b"|".join(spelled), _NAME_END))


_ENCRYPTED = name_pattern(b"Encrypt")
_ACTIVE = name_pattern(*ACTIVE_NAMES)


def pdf_names(content: bytes) -> set[bytes]:
    """Every name (``/Something``) in ``content``, ``#xx`` escapes decoded (for a stream's
    dictionary: short)."""
    return {
        _ESCAPE.sub(lambda escape: bytes([int(escape[1], 16)]), name)
        for name in _NAME.findall(content)
    }


def _inflated_streams(content: bytes) -> Iterator[bytes]:
    """The decompressed data of the PDF's Flate-compressed streams other than images, where
    dictionaries hide in object streams; at most ``MAX_PDF_INFLATED`` bytes in all."""
    budget = MAX_PDF_INFLATED
    for found in _STREAM.finditer(content):
        dictionary = content[max(0, content.rfind(b"obj", 0, found.start())) : found.start()]
        names = pdf_names(dictionary)
        if b"FlateDecode" not in names or b"Image" in names:
            continue
        end = content.find(b"endstream", found.end())
        data = content[found.end() : end if end >= 0 else len(content)]
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data, budget + 1)
        except zlib.error:
            continue  # a broken stream: a reader cannot run anything in it either
        budget -= len(inflated)
        if budget < 0:
            raise refuse(UNREADABLE_PDF, "unreadable")
        yield inflated


def check_pdf(content: bytes) -> None:
    """A PDF that is whole, not encrypted, and has no scripts, launch actions or attached
    files, in its dictionaries or in its compressed object streams.

    This reads names the way a PDF reader does, but it is not a PDF reader: a file built to
    hide a script from it could. Served PDFs are therefore downloads, never shown in the
    browser (``serving.response``).
    """
    if b"%%EOF" not in content:
        raise refuse(UNREADABLE_PDF, "unreadable")
    for part in itertools.chain([content], _inflated_streams(content)):
        if _ENCRYPTED.search(part):
            raise refuse(LOCKED, "password_protected")
        if _ACTIVE.search(part):
            raise refuse(ACTIVE_CONTENT, "active_content")


# --- Names ---------------------------------------------------------------------------------

MAX_NAME = 120


def clean_name(name: str | None) -> str:
    """The uploaded name, safe to keep and show: its last part only (no folders, whichever
    way the browser wrote them), no control or invisible characters (a right-to-left override
    can make "gpj.exe" read "exe.jpg"), at most ``MAX_NAME`` characters (keeping the
    extension)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    kept = (
        " " if unicodedata.category(ch).startswith("Z") else ch
        for ch in text
        if not unicodedata.category(ch).startswith("C")
    )
    text = " ".join("".join(kept).split()).lstrip(".").strip()
    if len(text) <= MAX_NAME:
        return text
    stem, dot, extension = text.rpartition(".")
    if dot and stem and len(extension) <= 10:
        return f"{stem[: MAX_NAME - len(extension) - 1].rstrip()}.{extension}"
    return text[:MAX_NAME]


def download_name(original_name: str, kind: Kind, fallback: str) -> str:
    """A plain ASCII file name for ``Content-Disposition``: the uploaded name's letters and
    digits (accents dropped), the extension of what the file really is, or ``fallback``."""
    stem = original_name.rpartition(".")[0] or original_name
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9 ._-]+", "_", ascii_stem)
    safe = re.sub(r"\s+", " ", safe).strip(" ._-")[:80].strip(" ._-")
    return f"{safe or fallback}.{kind.extension}"
