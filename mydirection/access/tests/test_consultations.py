"""A page showing a person's record is a consultation in the access log whatever the method:
``person_for`` writes it at once on GET, and on other methods when the response shows the
page (``access.middleware.consult_when_shown``). The matrix test
``test_a_form_posted_with_errors_is_in_the_access_log`` covers every form page."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.testing import World, sign_in

PREFERENCES = {"channel": "email", "reminders": "yes", "earliest_hour": "8", "latest_hour": "20"}


def _operations_after(last_id: int) -> list[str]:
    entries = AccessLogEntry.objects.filter(id__gt=last_id).order_by("id")
    return list(entries.values_list("operation", flat=True))


def _last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.django_db
def test_a_change_that_redirects_logs_the_change_and_no_consultation(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("notifications:preferences", args=[world.person.pk])
    last = _last_id()
    assert client.post(url, PREFERENCES | {"version": "1"}).status_code == 302
    assert _operations_after(last) == [Operation.ALTER]


@pytest.mark.django_db
def test_a_save_from_an_old_version_shows_the_record_again_and_is_logged(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("notifications:preferences", args=[world.person.pk])
    assert client.post(url, PREFERENCES | {"version": "1"}).status_code == 302
    last = _last_id()
    response = client.post(url, PREFERENCES | {"channel": "sms", "version": "1"})
    assert response.status_code == 200
    assert "Someone else has changed these preferences" in response.content.decode()
    entry = AccessLogEntry.objects.get(id__gt=last)
    assert (entry.operation, entry.subject_id, entry.actor_id) == (
        Operation.CONSULT,
        world.person.pk,
        world.cm.pk,
    )


@pytest.mark.django_db
def test_an_error_page_after_the_guard_logs_nothing(world: World) -> None:
    """A goal that is not this person's is a 404 page: nothing of the record is shown."""
    client = sign_in(Client(), world.cm)
    url = reverse("plans:edit-goal", args=[world.person.pk, uuid.uuid4()])
    last = _last_id()
    assert client.post(url, {}).status_code == 404
    assert _operations_after(last) == []


@pytest.mark.django_db
def test_a_head_request_shows_no_page_and_logs_nothing(world: World) -> None:
    client = sign_in(Client(), world.cm)
    last = _last_id()
    assert client.head(reverse("people:overview", args=[world.person.pk])).status_code == 200
    assert _operations_after(last) == []
