"""Allocating and reallocating with a handover the new case manager reads first."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.caseload.models import Allocation, Handover
from mydirection.caseload.selectors import continuity
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db

HANDOVER = {
    "reason": "Carol is moving to the courts team",
    "what_matters": "Getting back to work as a joiner; his daughter's football on Saturdays",
    "key_history": "Tenancy at risk after rent arrears in spring",
    "open_actions": "Housing referral made on 3 November",
}


def reallocate(client: Client, world: World, to_pk: object, **data: str):
    return client.post(
        reverse("caseload:reallocate", args=[world.person.pk]),
        HANDOVER | {"case_manager": str(to_pk)} | data,
    )


def test_it_reallocates_with_a_handover_the_new_case_manager_sees_first(world: World) -> None:
    response = reallocate(sign_in(Client(), world.cm), world, world.colleague.pk)
    assert response.status_code == 302
    world.person.refresh_from_db()
    assert world.person.case_manager == world.colleague
    old, new = Allocation.objects.filter(person=world.person).order_by("started_at")
    assert old.ended_at is not None and new.ended_at is None
    assert continuity(world.person) == 2

    colleague = sign_in(Client(), world.colleague)
    page = colleague.get(reverse("people:overview", args=[world.person.pk])).content.decode()
    assert "Read this first" in page
    assert page.index("Read this first") < page.index("Current order")
    assert "football on Saturdays" in page

    handover = Handover.objects.get()
    colleague.post(reverse("caseload:handover-read", args=[world.person.pk, handover.pk]))
    handover.refresh_from_db()
    assert handover.read_at is not None
    page = colleague.get(reverse("people:overview", args=[world.person.pk])).content.decode()
    assert "Read this first" not in page


def test_a_reallocation_needs_a_reason_and_a_handover(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = reallocate(client, world, world.colleague.pk, reason="", what_matters="")
    page = response.content.decode()
    assert "Enter why the case is moving" in page
    assert "Enter what matters to the person" in page
    world.person.refresh_from_db()
    assert world.person.case_manager == world.cm
    assert Allocation.objects.filter(person=world.person).count() == 1


def test_it_will_not_give_a_case_to_someone_excluded_from_it(world: World) -> None:
    client = sign_in(Client(), world.colleague)
    response = client.post(
        reverse("caseload:reallocate", args=[world.excluded_from_person.pk]),
        HANDOVER | {"case_manager": str(world.excluded.pk)},
    )
    assert "is excluded from this case" in response.content.decode()
    world.excluded_from_person.refresh_from_db()
    assert world.excluded_from_person.case_manager == world.colleague


def test_reallocation_is_in_the_access_log(world: World) -> None:
    reallocate(sign_in(Client(), world.cm), world, world.colleague.pk)
    entry = AccessLogEntry.objects.filter(operation=Operation.ALTER).latest("id")
    assert entry.what == "Case reallocated with a handover"
    assert entry.subject_id == world.person.pk
    assert entry.details["to"] == str(world.colleague.pk)


def test_the_senior_allocates_a_waiting_case(world: World) -> None:
    client = sign_in(Client(), world.senior)
    response = client.post(
        reverse("caseload:reallocate", args=[world.unallocated_person.pk]),
        {"case_manager": str(world.colleague.pk), "reason": "New case"},
    )
    assert response.status_code == 302
    world.unallocated_person.refresh_from_db()
    assert world.unallocated_person.case_manager == world.colleague
