import pytest
from django.test import Client
from django.urls import reverse

from mydirection.people.models import Consent, Order, Requirement
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_it_adds_an_order_and_a_requirement(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(
        reverse("people:add-order", args=[world.person.pk]),
        {
            "order_type": "suspended_sentence",
            "court": "Hull Crown Court",
            "sentence_date_0": "1",
            "sentence_date_1": "9",
            "sentence_date_2": "2026",
            "start_date_0": "1",
            "start_date_1": "9",
            "start_date_2": "2026",
            "end_date_0": "1",
            "end_date_1": "9",
            "end_date_2": "2027",
        },
    )
    assert response.status_code == 302
    order = Order.objects.get(person=world.person, court="Hull Crown Court")
    client.post(
        reverse("people:add-requirement", args=[world.person.pk, order.pk]),
        {"requirement_type": "unpaid_work", "amount": "120"},
    )
    requirement = Requirement.objects.get(order=order)
    assert (requirement.amount, requirement.unit) == (120, "hours")


def test_it_refuses_an_order_that_ends_before_it_starts(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(
        reverse("people:add-order", args=[world.person.pk]),
        {
            "order_type": "community_order",
            "court": "Hull Magistrates' Court",
            "sentence_date_0": "1",
            "sentence_date_1": "9",
            "sentence_date_2": "2026",
            "start_date_0": "1",
            "start_date_1": "9",
            "start_date_2": "2026",
            "end_date_0": "1",
            "end_date_1": "8",
            "end_date_2": "2026",
        },
    )
    assert "End date must be after the start date" in response.content.decode()
    assert world.person.orders.count() == 1


def test_unpaid_work_needs_its_hours(world: World) -> None:
    client = sign_in(Client(), world.cm)
    order = world.person.orders.get()
    response = client.post(
        reverse("people:add-requirement", args=[world.person.pk, order.pk]),
        {"requirement_type": "unpaid_work"},
    )
    assert "Enter the hours of unpaid work" in response.content.decode()
    assert not Requirement.objects.exists()


def test_withdrawing_a_consent_keeps_the_record(world: World) -> None:
    client = sign_in(Client(), world.cm)
    client.post(
        reverse("people:add-consent", args=[world.person.pk]),
        {
            "purpose": "share_plan",
            "given_on_0": "1",
            "given_on_1": "10",
            "given_on_2": "2026",
            "details": "Her sister, Dawn",
        },
    )
    consent = Consent.objects.get(person=world.person)
    assert consent.is_active
    client.post(reverse("people:withdraw-consent", args=[world.person.pk, consent.pk]))
    assert not Consent.objects.get(pk=consent.pk).is_active
    assert (
        "Withdrawn"
        in client.get(reverse("people:consents", args=[world.person.pk])).content.decode()
    )
