"""What a file is and what is kept of it: pure checks, no database.

The type comes from the content, never from the name or the browser; refusals say what to
do in plain words; images come out as new files with nothing of the original but pixels.
"""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, PngImagePlugin

from mydirection.uploads import files
from mydirection.uploads.files import Kind, clean_name, download_name, inspect, prepare
from mydirection.uploads.testing import (
    CAMERA,
    MARK,
    a_pdf,
    a_photo,
    a_png,
    uploaded,
)

MiB = 1024 * 1024


def refusal(data, message: str | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        inspect(data)
    if message is not None:
        assert refused.value.messages == [message]
    return refused.value


# --- The type comes from the content -------------------------------------------------------


def test_a_pdf_named_like_a_photo_is_a_pdf() -> None:
    assert inspect(uploaded(a_pdf(), "receipt.jpg", "image/jpeg")) is Kind.PDF


def test_a_png_named_like_a_pdf_is_a_png() -> None:
    assert inspect(uploaded(a_png(), "receipt.pdf", "application/pdf")) is Kind.PNG


def test_a_photo_is_a_jpeg_whatever_it_is_called() -> None:
    assert inspect(uploaded(a_photo(), "IMG_0001", "")) is Kind.JPEG
    assert inspect(a_photo()) is Kind.JPEG


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"<!DOCTYPE html><html><script>alert(1)</script></html>", id="html"),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
            id="svg",
        ),
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", id="windows exe"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00", id="elf"),
        pytest.param(b"PK\x03\x04\x14\x00\x00\x00\x08\x00", id="zip"),
        pytest.param(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", id="heic"),
        pytest.param(b"GIF89a\x01\x00\x01\x00\x80\x00\x00", id="gif"),
        pytest.param(b"RIFF\x1a\x00\x00\x00WEBPVP8 ", id="webp"),
        pytest.param(b" %PDF-1.4 starts late", id="pdf not at the start"),
        pytest.param(b"just some text", id="text"),
    ],
)
def test_anything_else_is_refused_whatever_its_name(content: bytes) -> None:
    error = refusal(uploaded(content, "photo.jpg", "image/jpeg"), files.WRONG_TYPE)
    assert error.code == "wrong_type"
    assert files.WRONG_TYPE == "The selected file must be a photo (JPG or PNG) or a PDF"


def test_an_empty_file_is_refused() -> None:
    assert refusal(uploaded(b"", "photo.jpg"), "The selected file is empty").code == "empty"
    refusal(b"", "The selected file is empty")


def test_a_file_over_the_limit_is_refused(settings) -> None:
    assert settings.UPLOAD_MAX_BYTES == 10_485_760
    big = b"\xff\xd8\xff" + bytes(10 * MiB)
    error = refusal(big, "The selected file must be smaller than 10MB")
    assert error.code == "too_big"
    refusal(uploaded(big, "photo.jpg"), "The selected file must be smaller than 10MB")


def test_a_file_over_the_limit_is_refused_before_it_is_read() -> None:
    class Huge(io.BytesIO):
        size = 11 * MiB

        def read(self, *args):
            raise AssertionError("read")

    refusal(Huge(), "The selected file must be smaller than 10MB")


def test_a_file_is_left_ready_to_be_read_again() -> None:
    upload = uploaded(a_photo(), "photo.jpg")
    upload.read(10)
    inspect(upload)
    assert upload.read() == a_photo()


# --- PDFs ----------------------------------------------------------------------------------


def _flate_object_stream(body: bytes) -> bytes:
    packed = zlib.compress(b"6 0 " + body)
    return (
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\n"
        b"endstream" % (len(packed), packed)
    )


def test_a_password_protected_pdf_is_refused() -> None:
    error = refusal(a_pdf(encrypted=True))
    assert error.code == "password_protected"
    assert "password protected" in error.messages[0]


def test_a_pdf_with_javascript_is_refused() -> None:
    error = refusal(a_pdf(javascript=True))
    assert error.code == "active_content"
    assert error.messages == [files.ACTIVE_CONTENT]


@pytest.mark.parametrize(
    "action",
    [
        b"<< /S /Launch /F (cmd.exe) >>",
        b"<< /Type /Filespec /EF << /F 7 0 R >> /Type /EmbeddedFile >>",
        b"<< /Names << /EmbeddedFiles 7 0 R >> >>",
        b"<< /S /JavaScript /JS 7 0 R >>",
        # Names may be written with #xx escapes: a PDF reader reads /J#61vaScript as
        # /JavaScript.
        b"<< /S /J#61vaScript /#4aS (app.alert(1)) >>",
    ],
)
def test_a_pdf_that_runs_or_carries_something_is_refused(action: bytes) -> None:
    pdf = a_pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction " + action)
    assert refusal(pdf).code == "active_content"


def test_a_script_hidden_in_a_compressed_object_stream_is_found() -> None:
    hidden = _flate_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    pdf = a_pdf().replace(b"%%EOF", b"7 0 obj\n" + hidden + b"\nendobj\n%%EOF")
    assert b"JavaScript" not in pdf
    assert refusal(pdf).code == "active_content"


def test_a_pdf_with_compressed_pages_is_accepted() -> None:
    page = zlib.compress(b"BT /F1 24 Tf 72 720 Td (Receipt for 2 bus tickets) Tj ET")
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(page), page)
    pdf = a_pdf().replace(b"%%EOF", b"7 0 obj\n" + stream + b"\nendobj\n%%EOF")
    assert inspect(pdf) is Kind.PDF


def test_a_pdf_that_inflates_without_end_is_refused() -> None:
    bomb = zlib.compress(bytes(files.MAX_PDF_INFLATED + 1), 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(bomb), bomb)
    pdf = a_pdf().replace(b"%%EOF", b"7 0 obj\n" + stream + b"\nendobj\n%%EOF")
    assert len(pdf) < 100_000
    assert refusal(pdf, files.UNREADABLE_PDF).code == "unreadable"


def test_a_pdf_that_is_cut_short_is_refused() -> None:
    error = refusal(a_pdf()[:200], files.UNREADABLE_PDF)
    assert error.code == "unreadable"


def test_a_pdf_is_kept_as_it_was_uploaded() -> None:
    assert prepare(a_pdf()) == files.Prepared(Kind.PDF, a_pdf())


# --- Images that cannot be read, or would take too much memory to open ----------------------


def _png_header(width: int, height: int) -> bytes:
    """A PNG that is only its header: Pillow learns the size from it without decoding."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims another size."""
    photo = bytearray(a_photo(gps=False))
    frame = photo.index(b"\xff\xc0")
    photo[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(photo)


@pytest.mark.parametrize(
    "bomb",
    [
        pytest.param(_png_header(100_000, 100_000), id="png far over (Pillow's error)"),
        pytest.param(_png_header(8_000, 7_000), id="png just over (Pillow's warning)"),
        pytest.param(_jpeg_claiming(65_000, 65_000), id="jpeg"),
    ],
)
def test_a_decompression_bomb_is_refused(bomb: bytes) -> None:
    error = refusal(bomb, files.TOO_MANY_PIXELS)
    assert error.code == "too_many_pixels"
    with pytest.raises(ValidationError):
        prepare(bomb)


def test_the_pixel_limit_holds_even_if_pillows_is_switched_off(monkeypatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    refusal(_png_header(8_000, 7_000), files.TOO_MANY_PIXELS)


def test_a_broken_png_is_refused() -> None:
    png = bytearray(a_png())
    png[20] ^= 0xFF  # inside IHDR: its checksum no longer matches
    error = refusal(bytes(png), "The selected file could not be read. Try taking the photo again")
    assert error.code == "unreadable"


def test_a_photo_cut_short_is_refused_when_it_is_drawn_again() -> None:
    photo = a_photo(size=(400, 300))
    with pytest.raises(ValidationError) as refused:
        prepare(photo[: len(photo) // 2])
    assert refused.value.messages == [files.UNREADABLE_IMAGE]


# --- Images are drawn again, with nothing but their pixels ---------------------------------


def test_the_test_photo_really_carries_a_gps_position() -> None:
    exif = Image.open(io.BytesIO(a_photo())).getexif()
    assert exif.get_ifd(0x8825)[2] == (53.0, 44.0, 37.0)
    assert exif[0x0110] == CAMERA


def test_a_phone_photo_is_kept_without_any_metadata() -> None:
    original = a_photo(gps=True)
    prepared = prepare(uploaded(original, "IMG_2041.jpg", "image/jpeg"))

    assert prepared.kind is Kind.JPEG
    kept = Image.open(io.BytesIO(prepared.content))
    assert kept.format == "JPEG"
    assert not kept.getexif()
    assert not kept.getexif().get_ifd(0x8825)
    assert not {"exif", "xmp", "icc_profile", "comment", "photoshop"} & set(kept.info)
    for trace in (b"Exif", b"Pixelphone", CAMERA.encode(), b"xmpmeta", b"Taken at home"):
        assert trace not in prepared.content
    assert prepared.size == len(prepared.content)


def test_the_orientation_the_camera_recorded_is_applied() -> None:
    # Orientation 6: the camera was turned, the picture is shown turned 90 degrees clockwise.
    prepared = prepare(a_photo(size=(64, 48), orientation=6))
    kept = Image.open(io.BytesIO(prepared.content))
    assert kept.size == (48, 64)
    assert is_red(kept.getpixel((kept.width - 1, 0))), "the red corner is now top right"
    assert not is_red(kept.getpixel((0, 0)))


def is_red(pixel) -> bool:
    """Near ``MARK`` (JPEG moves colours a little)."""
    assert isinstance(pixel, tuple)
    return all(abs(have - want) < 40 for have, want in zip(pixel, MARK, strict=True))


def test_something_appended_to_a_photo_is_not_kept() -> None:
    polyglot = a_photo(gps=False) + b"<html><script>alert(1)</script></html>"
    assert b"<script>" not in prepare(polyglot).content


def test_a_large_photo_is_made_smaller() -> None:
    kept = Image.open(io.BytesIO(prepare(a_photo(size=(4800, 200))).content))
    assert kept.size == (4000, 167)


def test_a_png_keeps_its_transparency_and_loses_its_text_and_colour_profile() -> None:
    image = Image.new("RGBA", (20, 10), (10, 120, 200, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Alex Quinn")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, icc_profile=b"not really a profile")

    prepared = prepare(out.getvalue())

    kept = Image.open(io.BytesIO(prepared.content))
    assert prepared.kind is Kind.PNG
    assert kept.mode == "RGBA"
    assert kept.getpixel((0, 0)) == (10, 120, 200, 128)
    assert not {"Author", "icc_profile", "exif"} & set(kept.info)
    assert b"Alex Quinn" not in prepared.content


def test_a_palette_png_is_kept() -> None:
    image = Image.new("P", (8, 8), 3)
    out = io.BytesIO()
    image.save(out, "PNG", transparency=3)
    assert Image.open(io.BytesIO(prepare(out.getvalue()).content)).mode == "RGBA"
    assert Image.open(io.BytesIO(prepare(a_png(mode="L")).content)).mode == "L"


# --- Names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("receipt.jpg", "receipt.jpg"),
        ("C:\\Users\\alex\\Pictures\\receipt.jpg", "receipt.jpg"),
        ("../../etc/passwd", "passwd"),
        ("..", ""),
        (".hidden.pdf", "hidden.pdf"),
        ("bus\x00ticket\r\n.pdf", "busticket.pdf"),
        # A right-to-left override would make "receipt\u202egpj.exe" read "receiptexe.jpg".
        ("receipt\u202egpj.exe", "receiptgpj.exe"),
        ("  two   spaces\u2028.png ", "two spaces .png"),
        (None, ""),
    ],
)
def test_an_uploaded_name_is_cleaned(name, cleaned) -> None:
    assert clean_name(name) == cleaned


def test_a_long_name_is_cut_keeping_its_extension() -> None:
    cleaned = clean_name("a" * 300 + ".jpeg")
    assert len(cleaned) == 120
    assert cleaned.endswith("a.jpeg")


def test_the_download_name_is_plain_ascii_with_the_real_extension() -> None:
    assert download_name("Reçu été.jpeg", Kind.JPEG, "receipt") == "Recu ete.jpg"
    assert download_name('bad"name;\\x.exe', Kind.PDF, "receipt") == "bad_name_x.pdf"
    assert download_name("", Kind.PNG, "story") == "story.png"
    assert download_name("قسيمة.pdf", Kind.PDF, "receipt") == "receipt.pdf"
