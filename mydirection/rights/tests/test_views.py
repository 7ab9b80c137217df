"""The data protection officer records a subject access request, releases the information in
three forms (each a logged disclosure) and completes it."""

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.rights.models import Release, RequestStatus, SubjectAccessRequest
from mydirection.testing import World, sign_in


def record_request(client: Client, world: World, **change: str) -> Any:
    received = timezone.localdate() - timedelta(days=2)
    data = {
        "case_reference": world.person.case_reference.lower(),
        "received_on_0": str(received.day),
        "received_on_1": str(received.month),
        "received_on_2": str(received.year),
        "requester": "The person, by letter",
        "identity_checked": "Passport seen at the office",
    } | change
    return client.post(reverse("rights:open"), data)


def test_a_request_is_recorded_with_its_deadline(world: World) -> None:
    client = sign_in(Client(), world.dpo)
    response = record_request(client, world)
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    assert sar.person == world.person
    assert sar.due_on > sar.received_on
    entry = AccessLogEntry.objects.get(what="Subject access request", operation=Operation.COLLECT)
    assert entry.subject_id == world.person.pk
    assert entry.justification.startswith("Subject access request received")


def test_a_bad_request_says_why_by_the_field_and_saves_nothing(world: World) -> None:
    client = sign_in(Client(), world.dpo)
    page = record_request(client, world, requester="").content.decode()
    assert "Say who made the request" in page
    page = record_request(client, world, case_reference="Z999999").content.decode()
    assert "No person has this case reference number" in page
    assert not SubjectAccessRequest.objects.exists()


def test_each_release_is_a_recorded_disclosure_and_completion_needs_one(world: World) -> None:
    client = sign_in(Client(), world.dpo)
    record_request(client, world)
    sar = SubjectAccessRequest.objects.get()
    refused = client.post(reverse("rights:complete", args=[sar.pk]), {"version": "1"}, follow=True)
    assert "Release the information before completing the request" in refused.content.decode()

    pdf = client.post(reverse("rights:release", args=[sar.pk]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    as_json = json.loads(
        client.post(reverse("rights:release", args=[sar.pk]), {"format": "json"}).content
    )
    titles = {section["source"] for section in as_json["sections"]}
    assert {"people.Person", "plans.Plan", "access.AccessLogEntry"} <= titles
    archive = zipfile.ZipFile(
        io.BytesIO(client.post(reverse("rights:release", args=[sar.pk]), {"format": "csv"}).content)
    )
    assert "people.Person.csv" in archive.namelist()
    assert "redactions.csv" in archive.namelist()

    assert Release.objects.filter(request=sar).count() == 3
    disclosures = AccessLogEntry.objects.filter(
        operation=Operation.DISCLOSE, subject_id=world.person.pk
    )
    assert disclosures.count() == 3
    assert set(disclosures.values_list("recipients", flat=True)) == {"The person, by letter"}

    client.post(reverse("rights:complete", args=[sar.pk]), {"version": "1"})
    sar.refresh_from_db()
    assert (sar.status, sar.completed_by) == (RequestStatus.COMPLETED, world.dpo)


def test_the_list_shows_case_references_and_deadlines_not_names(world: World) -> None:
    client = sign_in(Client(), world.dpo)
    record_request(client, world)
    page = client.get(reverse("rights:requests")).content.decode()
    assert world.person.case_reference in page
    assert world.person.last_name not in page
    # A case reference is personal data: the list is a consultation of each person on it.
    listed = AccessLogEntry.objects.get(what="Subject access requests")
    assert (listed.subject_id, listed.operation) == (world.person.pk, Operation.CONSULT)
