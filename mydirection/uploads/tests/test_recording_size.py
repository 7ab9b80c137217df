"""A story's recording has its own size limit (``RECORDING_MAX_BYTES``, 200MB by default;
photos and PDFs keep 10MB), streams to a temporary file as it arrives, is checked by its first
bytes and kept by copying a chunk at a time: never read whole into memory."""

import io
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mydirection.cocreation import testing as cocreation_testing
from mydirection.cocreation.models import Story
from mydirection.testing import World, acting, sign_in
from mydirection.uploads import files
from mydirection.uploads.models import Purpose, StoredFile
from mydirection.uploads.testing import a_pdf, an_mp3, stored_now, uploaded

MiB = 1024 * 1024


def a_recording(size: int) -> bytes:
    return (an_mp3() + bytes(size))[:size]


@pytest.fixture
def small_limits(settings: Any) -> Any:
    settings.UPLOAD_MAX_BYTES = 1 * MiB
    settings.RECORDING_MAX_BYTES = 2 * MiB
    return settings


def test_the_defaults_give_recordings_their_own_limit() -> None:
    assert 10 * MiB == django_settings.UPLOAD_MAX_BYTES
    assert 200 * MiB == django_settings.RECORDING_MAX_BYTES
    assert files.max_bytes(files.MEDIA) == 200 * MiB
    assert files.max_bytes(files.DOCUMENTS) == 10 * MiB
    assert files.hint(files.MEDIA).endswith("smaller than 200MB")
    # A whole form may carry one recording; a file bigger than a photo streams to disk.
    assert django_settings.UPLOAD_MAX_SIZE >= django_settings.RECORDING_MAX_BYTES
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == django_settings.UPLOAD_MAX_BYTES


def test_each_kind_has_its_limit(small_limits: Any) -> None:
    between = 3 * MiB // 2
    assert files.inspect(uploaded(a_recording(between), "story.mp3"), files.MEDIA) is (
        files.Kind.MP3
    )
    assert files.inspect(a_recording(between), files.MEDIA) is files.Kind.MP3
    for too_big in (uploaded(a_recording(3 * MiB), "story.mp3"), a_recording(3 * MiB)):
        with pytest.raises(ValidationError) as refused:
            files.inspect(too_big, files.MEDIA)
        assert refused.value.messages == ["The selected file must be smaller than 2MB"]
    pdf = a_pdf() + bytes(between)
    with pytest.raises(ValidationError) as refused:
        files.inspect(uploaded(pdf, "receipt.pdf"))
    assert refused.value.messages == ["The selected file must be smaller than 1MB"]


class Watched(io.BytesIO):
    """An uploaded file that remembers the largest read asked of it."""

    largest = 0

    def read(self, size: int | None = -1) -> bytes:
        asked = len(self.getvalue()) if size is None or size < 0 else size
        self.largest = max(self.largest, asked)
        return super().read(size)


def test_a_recording_is_never_read_whole_into_memory(
    world: World, small_limits: Any, private_files: Path
) -> None:
    content = a_recording(3 * MiB // 2)
    upload = Watched(content)
    upload.name = "story.mp3"
    prepared = files.prepare(upload, files.MEDIA)
    assert prepared.source is upload and prepared.content == b""
    assert (prepared.size, prepared.sha256) == (len(content), sha256(content).hexdigest())
    assert upload.largest <= files.CHUNK < len(content)

    stored = stored_now(
        actor=acting(world.cm, world.person),
        upload=Watched(content),
        purpose=Purpose.STORY,
        person=world.person,
        kinds=files.MEDIA,
    )
    assert (private_files / stored.storage_name).read_bytes() == content
    assert (stored.size, stored.sha256) == (len(content), sha256(content).hexdigest())


@pytest.fixture
def reporter_client(world: World) -> Client:
    cocreation_testing.scene(world)
    return sign_in(Client(), world.colleague)


def capture(client: Client, recording: bytes) -> Any:
    return client.post(
        reverse("cocreation:capture"),
        {
            "title": "A long video",
            "technique": "personal",
            "storyteller_role": "staff",
            "storyteller_name": "Jo Staff",
            "text": "",
            "transcript": "What I said.",
            "recording": uploaded(recording, "story.mp3"),
        },
    )


@pytest.mark.django_db
def test_a_recording_too_big_is_refused_on_the_form_and_nothing_stored(
    world: World, reporter_client: Client, small_limits: Any, private_files: Path
) -> None:
    stories, stored = Story.objects.count(), StoredFile.objects.count()
    before = sorted(private_files.rglob("*")) if private_files.exists() else []
    response = capture(reporter_client, a_recording(5 * MiB // 2))
    assert response.status_code == 200
    assert "The selected file must be smaller than 2MB" in response.content.decode()
    assert (Story.objects.count(), StoredFile.objects.count()) == (stories, stored)
    after = sorted(private_files.rglob("*")) if private_files.exists() else []
    assert after == before


@pytest.mark.django_db
def test_a_recording_over_the_memory_limits_streams_and_is_kept(
    world: World,
    reporter_client: Client,
    settings: Any,
    private_files: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Bigger than a photo's limit (so it streams to a temporary file) and than Django's limit
    # on a form's fields (which never counts files: no 400 or 413 page first).
    settings.UPLOAD_MAX_BYTES = 1 * MiB
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1 * MiB
    content = a_recording(3 * MiB)
    assert len(content) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    with django_capture_on_commit_callbacks(execute=True):
        response = capture(reporter_client, content)
    assert response.status_code == 302
    story = Story.objects.get(title="A long video")
    assert story.media is not None
    assert (private_files / story.media.storage_name).read_bytes() == content
