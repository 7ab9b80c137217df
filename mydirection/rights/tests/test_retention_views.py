"""The data protection officer's retention pages (the review list, a review: confirm, hold,
erase) and requests to correct a record."""

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.people.models import Person
from mydirection.rights import retention
from mydirection.rights.models import (
    Decision,
    ErasureReview,
    RectificationRequest,
    RequestStatus,
    ReviewStatus,
)
from mydirection.rights.tests.test_erasure import ended_long_ago
from mydirection.testing import OrderFactory, World, page_queries, sign_in


def proposed(person: Person) -> ErasureReview:
    ended_long_ago(person)
    (review,) = retention.find_expired().proposed
    return review


def test_the_list_shows_case_references_and_logs_a_consultation_of_each(world: World) -> None:
    review = proposed(world.person)
    client = sign_in(Client(), world.dpo)
    page = client.get(reverse("rights:reviews")).content.decode()
    assert world.person.case_reference in page and world.person.last_name not in page
    assert "How long records are kept" in page and "7 years after the case ends" in page
    assert reverse("rights:review", args=[review.pk]) in page
    assert AccessLogEntry.objects.filter(
        what="Erasure reviews", operation=Operation.CONSULT, subject_id=world.person.pk
    ).exists()


def test_the_list_costs_the_same_however_many_reviews(world: World) -> None:
    proposed(world.person)
    client = sign_in(Client(), world.dpo)
    url = reverse("rights:reviews")
    one = page_queries(client, url)
    for person in (world.other_person, world.unallocated_person, world.excluded_from_person):
        if not person.orders.exists():
            OrderFactory.create(person=person)
        ended_long_ago(person)
    assert len(retention.find_expired().proposed) == 3
    assert page_queries(client, url) == one


def decide(client: Client, review: ErasureReview, decision: str, **data: Any) -> Any:
    review.refresh_from_db()
    return client.post(
        reverse("rights:decide", args=[review.pk]),
        {"decision": decision, "version": str(review.version)} | data,
        follow=True,
    )


def test_confirming_needs_a_reason_then_erasure_leaves_a_record_of_it(world: World) -> None:
    review = proposed(world.person)
    client = sign_in(Client(), world.dpo)
    page = decide(client, review, "confirm", reason="").content.decode()
    assert "Say why the records may be erased" in page and "govuk-error-summary" in page
    review.refresh_from_db()
    assert review.status == ReviewStatus.PROPOSED

    page = decide(client, review, "confirm", reason="Past 7 years, nothing open").content.decode()
    assert "Confirmed for erasure" in page and "Erase the records" in page
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONFIRMED and review.decided_by == world.dpo

    response = client.post(
        reverse("rights:erase", args=[review.pk]), {"version": str(review.version)}, follow=True
    )
    page = response.content.decode()
    assert "The records were erased" in page and "Erased records" in page
    assert world.person.last_name not in page
    assert Person.objects.get(pk=world.person.pk).erased_on == timezone.localdate()
    assert AccessLogEntry.objects.filter(
        operation=Operation.ERASE, subject_id=world.person.pk
    ).exists()
    assert verify_chain().intact
    # The record is gone from every page; the list keeps the erasure, naming nobody.
    assert client.get(reverse("people:overview", args=[world.person.pk])).status_code == 404
    listed = client.get(reverse("rights:reviews")).content.decode()
    assert "Erased on" in listed and world.person.case_reference not in listed


def test_a_hold_keeps_the_records_with_its_reason(world: World) -> None:
    review = proposed(world.person)
    client = sign_in(Client(), world.dpo)
    page = decide(client, review, "hold", reason="Covid inquiry hold").content.decode()
    assert "Held: the records stay" in page and "Covid inquiry hold" in page
    refused = client.post(
        reverse("rights:erase", args=[review.pk]), {"version": "2"}, follow=True
    ).content.decode()
    assert "Confirm the review before erasing the records" in refused
    assert Person.objects.get(pk=world.person.pk).erased_on is None
    entry = AccessLogEntry.objects.filter(operation=Operation.ALTER, what=retention.WHAT).get()
    assert entry.details["status"] == "held" and "Covid" not in entry.justification


def test_a_stale_decision_is_refused(world: World) -> None:
    review = proposed(world.person)
    client = sign_in(Client(), world.dpo)
    page = client.post(
        reverse("rights:decide", args=[review.pk]),
        {"decision": "hold", "version": "7", "reason": "Claim"},
        follow=True,
    ).content.decode()
    assert "Someone else changed this review" in page


def test_others_cannot_reach_the_review(world: World) -> None:
    review = proposed(world.person)
    client = sign_in(Client(), world.cm)
    assert client.get(reverse("rights:review", args=[review.pk])).status_code == 404
    assert client.get(reverse("rights:reviews")).status_code == 404


def record_correction(client: Client, world: World, **change: str) -> Any:
    received = timezone.localdate() - timedelta(days=1)
    data = {
        "case_reference": world.person.case_reference,
        "received_on_0": str(received.day),
        "received_on_1": str(received.month),
        "received_on_2": str(received.year),
        "requester": "The person, by email",
        "what_is_wrong": "My date of birth is a day out",
    } | change
    return client.post(reverse("rights:open_correction"), data, follow=True)


def test_a_correction_is_recorded_decided_and_logged(world: World) -> None:
    client = sign_in(Client(), world.dpo)
    page = record_correction(client, world, what_is_wrong="").content.decode()
    assert "Say what the person says is wrong" in page
    assert not RectificationRequest.objects.exists()

    page = record_correction(client, world).content.decode()
    correction = RectificationRequest.objects.get()
    assert "Answer it by" in page and "My date of birth is a day out" in page
    assert correction.due_on > correction.received_on

    url = reverse("rights:decide_correction", args=[correction.pk])
    page = client.post(
        url, {"decision": Decision.NOT_CORRECTED, "decision_reason": "", "version": "1"}
    ).content.decode()
    assert "Say why the record was not corrected" in page
    page = client.post(
        url,
        {
            "decision": Decision.NOT_CORRECTED,
            "decision_reason": "The court record shows the date we hold",
            "version": "1",
        },
        follow=True,
    ).content.decode()
    assert "Decision recorded" in page and "The court record shows" in page
    correction.refresh_from_db()
    assert correction.status == RequestStatus.COMPLETED and correction.completed_by == world.dpo
    entries = AccessLogEntry.objects.filter(
        what="Rectification request", subject_id=world.person.pk
    )
    assert {entry.operation for entry in entries} >= {Operation.COLLECT, Operation.ALTER}
    listed = client.get(reverse("rights:corrections")).content.decode()
    assert "not corrected" in listed
