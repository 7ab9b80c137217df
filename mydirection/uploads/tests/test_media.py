"""A story's recording: audio and video, told by their first bytes, refused elsewhere."""

import pytest
from django.core.exceptions import ValidationError

from mydirection.testing import World, acting
from mydirection.uploads import files
from mydirection.uploads.forms import UploadField
from mydirection.uploads.models import Purpose
from mydirection.uploads.testing import a_pdf, a_photo, an_mp3, an_mp4, stored_now, uploaded

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40
OGG = b"OggS\x00\x02" + b"\x00" * 40
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 40


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (an_mp3(), files.Kind.MP3),
        (an_mp4(), files.Kind.MP4),
        (an_mp4(audio_only=True), files.Kind.M4A),
        (WAV, files.Kind.WAV),
        (OGG, files.Kind.OGG),
        (WEBM, files.Kind.WEBM),
    ],
)
def test_recordings_are_told_by_their_content(content: bytes, kind: files.Kind) -> None:
    assert files.inspect(content, files.MEDIA) is kind
    assert files.prepare(content, files.MEDIA).content == content
    assert not kind.is_image and kind.is_media


def test_a_receipt_is_never_a_recording_nor_a_recording_a_photo() -> None:
    with pytest.raises(ValidationError) as refused:
        files.inspect(an_mp3())
    assert refused.value.messages == [files.WRONG_TYPE]
    for document in (a_photo(), a_pdf(), b"<html><script>alert(1)</script>"):
        with pytest.raises(ValidationError) as refused:
            files.inspect(document, files.MEDIA)
        assert refused.value.messages == [files.WRONG_MEDIA]


def test_a_recording_named_as_a_photo_is_still_a_recording() -> None:
    field = UploadField(kinds=files.MEDIA)
    assert "MP3" in str(field.help_text)
    assert field.clean(uploaded(an_mp3(), "story.jpg")) is not None
    with pytest.raises(ValidationError):
        field.clean(uploaded(a_photo(), "story.mp3"))


def test_the_size_limit_holds_for_recordings(settings: object) -> None:
    settings.RECORDING_MAX_BYTES = 100  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as refused:
        files.inspect(an_mp3(), files.MEDIA)
    assert refused.value.code == "too_big"


def test_a_recording_is_stored_outside_the_web_root_and_logged(world: World) -> None:
    stored = stored_now(
        actor=acting(world.cm, world.person),
        upload=uploaded(an_mp4(), "story.mp4"),
        purpose=Purpose.STORY,
        person=world.person,
        kinds=files.MEDIA,
    )
    assert stored.content_type == "video/mp4"
    assert stored.storage_name.endswith(".mp4")
