"""Giving a stored file out: its own type, never sniffed or cached, a policy that runs
nothing, PDFs downloaded under a safe name; each view in the access log; a missing file a 404.

The page at the end is what a caller (the fund's receipt page) looks like: ``person_for``
decides, ``response`` serves. It is checked through the whole middleware, which must not
replace the file's headers with the site's.
"""

import uuid
from pathlib import Path

import pytest
from django.http import FileResponse, Http404
from django.test import Client
from django.urls import include, path

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.guard import person_for
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.http import StaffRequest
from mydirection.testing import World, acting, sign_in
from mydirection.uploads.models import Purpose, StoredFile
from mydirection.uploads.selectors import file_of
from mydirection.uploads.serving import FILE_POLICY, response
from mydirection.uploads.testing import a_pdf, a_photo, stored_now, uploaded


def receipt(request: StaffRequest, person_id: uuid.UUID, file_id: uuid.UUID) -> FileResponse:
    """A caller's page: the person through the access policy, their file through them."""
    person, actor = person_for(request, person_id, what="Receipt")
    stored = file_of(person, file_id, purpose=Purpose.RECEIPT)
    if stored is None:
        raise Http404
    return response(actor=actor, stored=stored, what="Receipt")


urlpatterns = [
    path("test-receipt/<uuid:person_id>/<uuid:file_id>/", receipt, name="test-receipt"),
    path("", include("mydirection.urls")),
]
handler404 = "mydirection.errors.not_found"


def a_receipt(world: World, data: bytes, name: str) -> StoredFile:
    return stored_now(
        actor=acting(world.cm, world.person),
        upload=uploaded(data, name),
        purpose=Purpose.RECEIPT,
        person=world.person,
    )


def body(served) -> bytes:
    return b"".join(served.streaming_content)


def views_of(stored: StoredFile):
    return AccessLogEntry.objects.filter(operation=Operation.CONSULT, details__file=str(stored.pk))


def test_a_photo_is_shown_with_headers_that_let_it_do_nothing(world: World) -> None:
    stored = a_receipt(world, a_photo(), "Reçu «bus».jpeg")
    actor = acting(world.cm, world.person)

    served = response(actor=actor, stored=stored, what="Receipt")

    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Cache-Control"] == "private, no-store"
    assert served["Content-Security-Policy"] == (
        "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'"
    )
    assert served["Content-Disposition"] == 'inline; filename="Recu bus.jpg"'
    assert served["Content-Length"] == str(stored.size)
    assert len(body(served)) == stored.size


def test_a_pdf_is_downloaded_never_shown_in_the_page(world: World) -> None:
    stored = a_receipt(world, a_pdf(), "receipt.jpg")
    served = response(actor=acting(world.cm, world.person), stored=stored, what="Receipt")
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == 'attachment; filename="receipt.pdf"'
    assert body(served) == a_pdf()


def test_each_view_is_logged_with_the_file_id_and_never_its_name(world: World) -> None:
    stored = a_receipt(world, a_photo(), "Alex Quinn bus ticket.jpg")
    actor = acting(world.cm, world.person)

    response(actor=actor, stored=stored, what="Receipt")

    entry = views_of(stored).get()
    assert entry.actor_id == world.cm.pk
    assert entry.subject_id == world.person.pk
    assert entry.relation == actor.relation
    assert entry.what == "Receipt"
    assert entry.details == {"file": str(stored.pk)}


def test_the_person_is_given_their_own_files_only(world: World) -> None:
    stored = a_receipt(world, a_photo(), "receipt.jpg")

    served = response(actor=PersonActor(world.person), stored=stored, what="Your receipt")
    assert served.status_code == 200
    assert views_of(stored).get().actor_person_id == world.person.pk

    with pytest.raises(Http404):
        response(actor=PersonActor(world.other_person), stored=stored, what="Your receipt")
    assert views_of(stored).count() == 1


def test_a_file_missing_from_disk_is_a_404_and_a_warning(
    world: World, private_files: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stored = a_receipt(world, a_photo(), "receipt.jpg")
    (private_files / stored.storage_name).unlink()

    with pytest.raises(Http404):
        response(actor=acting(world.cm, world.person), stored=stored, what="Receipt")

    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert [r.getMessage() for r in warnings] == [
        f"Stored file {stored.pk} is missing from the private directory"
    ]
    assert not views_of(stored).exists()


def test_a_file_without_a_person_is_served_to_staff_with_a_log_entry(world: World) -> None:
    stored = stored_now(
        actor=StaffActor.about_no_person(world.volunteer),
        upload=a_pdf(),
        purpose=Purpose.EXPENSE_RECEIPT,
        person=None,
    )
    served = response(
        actor=StaffActor.about_no_person(world.programme_manager), stored=stored, what="Expenses"
    )
    assert served["Content-Disposition"] == 'attachment; filename="expenses-receipt.pdf"'
    assert views_of(stored).get().subject_id is None


# --- Through the whole middleware, as a caller's page -------------------------------------


@pytest.mark.urls(__name__)
def test_the_middleware_keeps_the_files_headers(
    world: World, client: Client, private_files: Path
) -> None:
    stored = a_receipt(world, a_photo(), "receipt.jpg")
    sign_in(client, world.cm)

    served = client.get(f"/test-receipt/{world.person.pk}/{stored.pk}/")

    assert served.status_code == 200
    assert served["Content-Security-Policy"] == FILE_POLICY
    assert served["Cache-Control"] == "private, no-store"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["X-Frame-Options"] == "DENY"
    assert served["Cross-Origin-Resource-Policy"] == "same-origin"
    assert served["Content-Type"] == "image/jpeg"
    assert body(served) == (private_files / stored.storage_name).read_bytes()
    # The page's consultation (person_for), and the file's own entry.
    assert views_of(stored).count() == 1


@pytest.mark.urls(__name__)
def test_someone_the_policy_refuses_gets_404_and_no_file(world: World, client: Client) -> None:
    stored = a_receipt(world, a_photo(), "receipt.jpg")
    sign_in(client, world.elsewhere)
    assert client.get(f"/test-receipt/{world.person.pk}/{stored.pk}/").status_code == 404
    assert not views_of(stored).exists()


@pytest.mark.urls(__name__)
def test_a_missing_file_is_the_404_page_through_the_middleware(
    world: World, client: Client, private_files: Path
) -> None:
    stored = a_receipt(world, a_photo(), "receipt.jpg")
    (private_files / stored.storage_name).unlink()
    sign_in(client, world.cm)
    answer = client.get(f"/test-receipt/{world.person.pk}/{stored.pk}/")
    assert answer.status_code == 404
    assert "Page not found" in answer.content.decode()


def test_a_file_is_reached_only_through_its_person(world: World) -> None:
    stored = a_receipt(world, a_photo(), "receipt.jpg")
    assert file_of(world.person, stored.pk) == stored
    assert file_of(world.person, stored.pk, purpose=Purpose.RECEIPT) == stored
    assert file_of(world.person, stored.pk, purpose=Purpose.STORY) is None
    assert file_of(world.other_person, stored.pk) is None
