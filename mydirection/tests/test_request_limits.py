"""Requests over the size limits, or with a body that cannot be read, get a GOV.UK page (413
when too large, 400 otherwise) and one log line naming the user's id, the path without its
query string and the limit; never a traceback.

The clients enforce CSRF checks as a browser's requests meet them: CsrfViewMiddleware reads
the form before any view, which is where Django would raise.
"""

import logging
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from mydirection.plans.models import ProgressNote
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db

TOO_LARGE = "What you sent is too large"
CANNOT_READ = "Sorry, there is a problem with what you sent"


def note_url(world: World) -> str:
    return reverse("plans:add-note", args=[world.person.pk])


def a_file(name: str, size: int = 10) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size, content_type="application/octet-stream")


def heading(response: Any) -> str:
    found = re.search(r'<h1 class="govuk-heading-l">(.*?)</h1>', response.content.decode())
    return found.group(1) if found else ""


def the_one_line(caplog: pytest.LogCaptureFixture) -> logging.LogRecord:
    """The request's only log record at warning or above, checked to carry no traceback."""
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1, [r.getMessage() for r in records]
    (record,) = records
    assert record.exc_info is None and record.exc_text is None
    assert "Traceback" not in caplog.text
    return record


SMALL_UPLOAD_LIMIT = 100_000

# (what is sent, as keyword arguments of Client.post; the limit named; status; heading)
OVER_EACH_LIMIT: dict[str, tuple[Callable[[], dict[str, Any]], str, int, str]] = {
    "a form's text over DATA_UPLOAD_MAX_MEMORY_SIZE": (
        lambda: {
            "data": urlencode({"text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}),
            "content_type": "application/x-www-form-urlencoded",
        },
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        413,
        TOO_LARGE,
    ),
    "a form with files whose text is over DATA_UPLOAD_MAX_MEMORY_SIZE": (
        lambda: {
            "data": {
                "text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
                "receipt": a_file("receipt.pdf"),
            }
        },
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        413,
        TOO_LARGE,
    ),
    "more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS": (
        lambda: {
            "data": {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
        },
        "DATA_UPLOAD_MAX_NUMBER_FIELDS",
        400,
        CANNOT_READ,
    ),
    "more files than DATA_UPLOAD_MAX_NUMBER_FILES": (
        lambda: {
            "data": {
                "receipt": [
                    a_file(f"receipt{n}.pdf")
                    for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
                ]
            }
        },
        "DATA_UPLOAD_MAX_NUMBER_FILES",
        400,
        CANNOT_READ,
    ),
    "files over UPLOAD_MAX_SIZE": (
        # A small upload limit keeps the test light (the middleware reads the setting per
        # request); the rule is the same at 20 MB.
        lambda: {"data": {"recording": a_file("story.m4a", SMALL_UPLOAD_LIMIT + 1)}},
        "UPLOAD_MAX_SIZE",
        413,
        TOO_LARGE,
    ),
    "a form with files and no boundary": (
        lambda: {"data": b"--x\r\n\r\n", "content_type": "multipart/form-data"},
        "malformed multipart body",
        400,
        CANNOT_READ,
    ),
}


@pytest.mark.parametrize("case", OVER_EACH_LIMIT, ids=list(OVER_EACH_LIMIT))
def test_a_request_over_a_limit_gets_a_page_and_one_log_line(
    case: str, world: World, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    request, limit, status, expected_heading = OVER_EACH_LIMIT[case]
    if limit == "UPLOAD_MAX_SIZE":
        settings.UPLOAD_MAX_SIZE = SMALL_UPLOAD_LIMIT
    client = sign_in(Client(enforce_csrf_checks=True), world.cm)
    # The query string can hold a name (the search page's ?q=): it is not logged.
    url = f"{note_url(world)}?q={world.person.last_name}"
    caplog.clear()

    response = client.post(url, **request())

    assert response.status_code == status
    assert heading(response) == expected_heading
    assert "Nothing has been saved" in response.content.decode()
    record = the_one_line(caplog)
    assert record.name == "mydirection.requests"
    assert record.getMessage() == (
        f"Request refused: status={status} limit={limit} method=POST "
        f"path={note_url(world)} user={world.cm.pk}"
    )
    assert not ProgressNote.objects.exists()


def test_a_signed_out_request_is_logged_as_anonymous(caplog: pytest.LogCaptureFixture) -> None:
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    caplog.clear()

    response = Client(enforce_csrf_checks=True).post(reverse("staff:sign-in"), fields)

    assert response.status_code == 400
    assert heading(response) == CANNOT_READ
    assert the_one_line(caplog).getMessage() == (
        "Request refused: status=400 limit=DATA_UPLOAD_MAX_NUMBER_FIELDS method=POST "
        f"path={reverse('staff:sign-in')} user=anonymous"
    )


def test_a_query_string_over_the_number_of_fields_is_refused(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    client = sign_in(Client(), world.cm)
    query = "&".join(f"f{n}=x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    caplog.clear()

    response = client.get(f"{reverse('caseload:search')}?{query}")

    assert response.status_code == 400
    assert heading(response) == CANNOT_READ
    assert the_one_line(caplog).getMessage() == (
        "Request refused: status=400 limit=DATA_UPLOAD_MAX_NUMBER_FIELDS method=GET "
        f"path={reverse('caseload:search')} user={world.cm.pk}"
    )


def test_a_form_within_the_limits_still_needs_its_csrf_token_and_saves(world: World) -> None:
    """Reading the form before CsrfViewMiddleware does leaves its check working."""
    client = sign_in(Client(enforce_csrf_checks=True), world.cm)
    note = {
        "kind": "progress",
        "text": "Came to the session and talked about the course",
        "needs_support": "no",
        "person_involved": "yes",
    }
    assert client.post(note_url(world), note).status_code == 403
    client.get(note_url(world))  # sets the CSRF cookie, as the form page does
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(note_url(world), note | {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert ProgressNote.objects.get().text == note["text"]
