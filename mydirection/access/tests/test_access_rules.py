"""The data protection officer sets and ends exclusions and restrictions."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Exclusion, Operation, Restriction
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db


def dpo_client(world: World) -> Client:
    client = sign_in(Client(), world.dpo)
    client.post(
        reverse("access:log-search"),
        {"case_reference": world.person.case_reference, "justification": "Conflict reported"},
    )
    return client


def test_an_exclusion_bars_the_officer_until_it_ends(world: World) -> None:
    dpo = dpo_client(world)
    url = reverse("access:rules", args=[world.person.pk])
    response = dpo.post(
        url,
        {
            "kind": "exclusion",
            "ex-user": str(world.senior.pk),
            "ex-reason": "Related to the person",
            "ex-message": "You are excluded from this case.",
        },
    )
    assert response.status_code == 302
    senior = sign_in(Client(), world.senior)
    page = senior.get(reverse("people:overview", args=[world.person.pk]))
    assert page.status_code == 403
    assert "You are excluded from this case." in page.content.decode()

    exclusion = Exclusion.objects.get(person=world.person)
    dpo.post(reverse("access:end-rule", args=[world.person.pk, exclusion.pk]))
    assert senior.get(reverse("people:overview", args=[world.person.pk])).status_code == 200
    logged = list(
        AccessLogEntry.objects.filter(
            subject_id=world.person.pk, operation=Operation.ALTER
        ).values_list("what", flat=True)
    )
    assert "Exclusion added" in logged and "Exclusion ended" in logged


def test_a_restriction_admits_only_named_staff(world: World) -> None:
    dpo = dpo_client(world)
    dpo.post(
        reverse("access:rules", args=[world.person.pk]),
        {
            "kind": "restriction",
            "re-allowed": [str(world.cm.pk)],
            "re-reason": "High-profile case",
            "re-message": "Only named staff may see this case.",
        },
    )
    assert Restriction.objects.get(person=world.person).allowed_users.get() == world.cm
    assert (
        sign_in(Client(), world.cm)
        .get(reverse("people:overview", args=[world.person.pk]))
        .status_code
        == 200
    )
    refused = sign_in(Client(), world.senior).get(
        reverse("people:overview", args=[world.person.pk])
    )
    assert refused.status_code == 403
    assert "Only named staff may see this case." in refused.content.decode()


def test_bad_input_changes_nothing(world: World) -> None:
    dpo = dpo_client(world)
    response = dpo.post(
        reverse("access:rules", args=[world.person.pk]),
        {"kind": "exclusion", "ex-reason": "", "ex-message": "", "ex-ends_on_0": "31"},
    )
    page = response.content.decode()
    assert "Select who should be excluded" in page
    assert "Enter why" in page
    assert not Exclusion.objects.filter(person=world.person).exists()


def test_a_data_protection_officer_following_a_link_gives_a_reason_first(world: World) -> None:
    """A bookmarked access-log link leads to the reason page, not to a dead end."""
    dpo = sign_in(Client(), world.dpo)
    log_url = reverse("access:person-log", args=[world.person.pk])
    response = dpo.get(log_url)
    justify = response["Location"]
    page = dpo.get(justify).content.decode()
    assert "Checking this record" in page
    assert "A subject access request" in page
    assert "covering for the case manager" not in page
    response = dpo.post(justify, {"reason": "subject_access", "next": log_url})
    assert response["Location"] == log_url
    assert dpo.get(log_url).status_code == 200
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.what, entry.justification) == ("Access log", "A subject access request")


def test_the_holder_of_a_case_is_never_asked_for_a_reason(world: World) -> None:
    response = sign_in(Client(), world.cm).get(reverse("access:justify", args=[world.person.pk]))
    assert response.status_code == 404
