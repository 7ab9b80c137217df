"""Files for tests: a phone photo with its GPS position, a PNG, a PDF, an upload of either.

a_photo(gps=True)        JPEG bytes carrying EXIF (GPS position, camera, orientation)
a_png()                  PNG bytes
a_pdf()                  a small valid PDF (javascript=True or encrypted=True to refuse)
uploaded(data, name)     a SimpleUploadedFile, as request.FILES holds one
stored_now(**store_args) ``store`` with its file written at once: a test's transaction
                         never commits, and ``store`` writes the file when it does
"""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from mydirection.uploads.models import StoredFile

# Somewhere in Hull, as a phone writes it: degrees, minutes, seconds.
GPS_LATITUDE = (53.0, 44.0, 37.0)
GPS_LONGITUDE = (0.0, 19.0, 58.0)
CAMERA = "Pixelphone 9"
# The colour of the photo's top left corner as the camera saw it (the rest is grey).
MARK = (220, 30, 30)


def _exif(*, gps: bool, orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Pixelphone"  # Make
    exif[0x0110] = CAMERA  # Model
    exif[0x0112] = orientation  # Orientation
    exif[0x0131] = "Camera 1.0"  # Software
    if gps:
        exif[0x8825] = {  # GPSInfo
            1: "N",
            2: GPS_LATITUDE,
            3: "W",
            4: GPS_LONGITUDE,
        }
    return exif


def a_photo(gps: bool = True, *, size: tuple[int, int] = (64, 48), orientation: int = 1) -> bytes:
    """A JPEG as a phone takes one: EXIF with the camera, the orientation and (``gps``) where
    it was taken, an XMP packet and a comment; grey, with a red top left corner."""
    image = Image.new("RGB", size, (128, 128, 128))
    image.paste(MARK, (0, 0, size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        quality=95,
        exif=_exif(gps=gps, orientation=orientation),
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>',
        comment=b"Taken at home",
    )
    return out.getvalue()


def a_png(size: tuple[int, int] = (32, 24), mode: str = "RGB") -> bytes:
    """A blue PNG (``mode`` "RGB", "RGBA" with half transparency, or "L")."""
    image = Image.new(mode, size, (10, 120, 200, 128)[: len(mode)])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def a_pdf(*, javascript: bool = False, encrypted: bool = False) -> bytes:
    """A one-page PDF saying "Receipt". ``javascript``: it runs a script when opened;
    ``encrypted``: its trailer names an encryption dictionary (as a password-protected PDF's
    does)."""
    text = b"BT /F1 24 Tf 72 720 Td (Receipt) Tj ET"
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects = [
        catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    trailer = b""
    if javascript:
        objects[0] = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>"
        objects.append(b"<< /Type /Action /S /JavaScript /JS (app.alert('Hello')) >>")
    if encrypted:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O (x) /U (x) /P -4 >>")
        trailer = b"/Encrypt %d 0 R " % len(objects)
    return _pdf(objects, trailer)


def uploaded(data: bytes, name: str = "receipt.jpg", content_type: str = "") -> SimpleUploadedFile:
    """``data`` as an uploaded file called ``name``; the browser's content type is whatever
    it claims (``content_type``), and nothing decides anything on it."""
    return SimpleUploadedFile(name, data, content_type=content_type or "application/octet-stream")


def stored_now(**store_args: Any) -> StoredFile:
    """``services.store(**store_args)``, with the file written now (as at commit)."""
    from mydirection.uploads.services import store

    with TestCase.captureOnCommitCallbacks(execute=True):
        return store(**store_args)


def an_mp3() -> bytes:
    """The first bytes of an MP3 with an ID3 tag (a story's audio recording)."""
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64


def an_mp4(*, audio_only: bool = False) -> bytes:
    """The first box of an MP4 (video) or M4A (audio) file."""
    brand = b"M4A " if audio_only else b"isom"
    return b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x02\x00isommp41" + b"\x00" * 64
