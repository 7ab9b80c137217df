"""A partner organisation's worker belongs to the organisation whose referrals they see; nobody
else belongs to one. The administrator sets it when adding or changing an account."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry
from mydirection.staff.forms import StaffForm
from mydirection.staff.models import Organisation, User
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db


def details(**fields: Any) -> dict[str, Any]:
    return {"first_name": "Ade", "last_name": "Bello", "username": "ade.bello"} | fields


def test_the_form_needs_an_organisation_for_a_partner_worker(world: World) -> None:
    form = StaffForm(details(role="partner_worker"))
    assert not form.is_valid()
    assert form.errors["organisation"] == [
        "Select the organisation they work for: they see its referrals"
    ]
    organisation = Organisation.objects.get()
    assert StaffForm(details(role="partner_worker", organisation=str(organisation.pk))).is_valid()


def test_the_form_refuses_an_organisation_for_anyone_else(world: World) -> None:
    organisation = Organisation.objects.get()
    form = StaffForm(details(role="volunteer", organisation=str(organisation.pk)))
    assert not form.is_valid()
    assert form.errors["organisation"] == [
        "Only a partner organisation worker belongs to an organisation: select 'No organisation'"
    ]


def test_the_administrator_adds_a_partner_worker(world: World) -> None:
    organisation = Organisation.objects.get()
    admin = sign_in(Client(), world.administrator)
    response = admin.post(reverse("staff:add"), details(role="partner_worker"))
    assert "Select the organisation they work for" in response.content.decode()
    assert not User.objects.filter(username="ade.bello").exists()
    response = admin.post(
        reverse("staff:add"), details(role="partner_worker", organisation=str(organisation.pk))
    )
    assert "Account added" in response.content.decode()
    assert User.objects.get(username="ade.bello").organisation == organisation


def test_the_administrator_changes_a_members_details(world: World) -> None:
    organisation = Organisation.objects.get()
    admin = sign_in(Client(), world.administrator)
    url = reverse("staff:change", args=[world.volunteer.pk])
    page = admin.get(url).content.decode()
    assert 'value="volunteer"' in page and "No organisation" in page
    current = {
        "first_name": world.volunteer.first_name,
        "last_name": world.volunteer.last_name,
        "username": world.volunteer.username,
        "role": "volunteer",
    }
    response = admin.post(url, current | {"organisation": str(organisation.pk)})
    assert response.status_code == 200
    assert "Only a partner organisation worker belongs to an organisation" in (
        response.content.decode()
    )
    world.volunteer.refresh_from_db()
    assert world.volunteer.organisation is None
    # Now a partner worker, at the Time Bank.
    response = admin.post(
        url, current | {"role": "partner_worker", "organisation": str(organisation.pk)}
    )
    assert response["Location"] == reverse("staff:member", args=[world.volunteer.pk])
    changed = User.objects.get(pk=world.volunteer.pk)
    assert (changed.role, changed.organisation) == ("partner_worker", organisation)
    entry = AccessLogEntry.objects.filter(what="Staff account changed").get()
    assert entry.details["fields"] == ["organisation", "role"]
    page = admin.get(reverse("staff:member", args=[world.volunteer.pk])).content.decode()
    assert "Hull Time Bank" in page


def test_a_username_taken_by_someone_else_is_refused_on_change(world: World) -> None:
    admin = sign_in(Client(), world.administrator)
    response = admin.post(
        reverse("staff:change", args=[world.volunteer.pk]),
        {"first_name": "Vic", "last_name": "Lane", "username": "cm", "role": "volunteer"},
    )
    assert "Someone already has this username" in response.content.decode()
