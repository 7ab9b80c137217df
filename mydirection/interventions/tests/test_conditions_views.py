"""Conditions for taking part: the case manager sets them with the referral (to any
intervention); the provider reads them as conditions, never the reasons; the person's record
shows their Time Bank hours."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.interventions.models import Condition, Intervention, Referral, Status
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.testing import World, sign_in
from mydirection.timebank.models import MemberKind
from mydirection.timebank.services import exchanges
from mydirection.timebank.testing import a_member, an_exchange, coordinator, worlds_bank

pytestmark = pytest.mark.django_db

REASON = "Harassed a former partner"


def text(response: Any) -> str:
    return str(response.content.decode()).replace("&#x27;", "'")


def time_bank(world: World) -> Intervention:
    return an_intervention(world.hull, provider=world.partner.organisation)


def referring(intervention: Intervention, **fields: Any) -> dict[str, Any]:
    return {
        "intervention": str(intervention.pk),
        "suitability": "suitable",
        "consent": "on",
        "shares": ["contact"],
        "reason_detail": REASON,
    } | fields


def test_the_case_manager_refers_with_conditions(world: World) -> None:
    intervention = time_bank(world)
    client = sign_in(Client(), world.cm)
    form = text(client.get(reverse("interventions:refer", args=[world.person.pk])))
    assert "Group activities and public places only" in form
    assert "People they must not be matched with" in form
    response = client.post(
        reverse("interventions:refer", args=[world.person.pk]),
        referring(
            intervention,
            conditions=["public_places_only", "no_contact"],
            keep_apart_from="Lee Smith, Orchard Park",
        ),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.conditions == ["no_contact", "public_places_only"]
    assert referral.keep_apart_from == "Lee Smith, Orchard Park"
    page = text(client.get(reverse("interventions:referral", args=[world.person.pk, referral.pk])))
    assert "Conditions for taking part" in page and "Lee Smith, Orchard Park" in page


def test_no_contact_needs_the_names_and_nothing_is_saved_without(world: World) -> None:
    response = sign_in(Client(), world.cm).post(
        reverse("interventions:refer", args=[world.person.pk]),
        referring(time_bank(world), conditions=["no_contact"]),
    )
    assert response.status_code == 200
    assert "Name the people they must not be matched with" in text(response)
    assert not Referral.objects.exists()


def test_names_alone_are_a_no_contact_condition(world: World) -> None:
    recovery = an_intervention(world.hull)  # any intervention, not only the Time Bank
    sign_in(Client(), world.cm).post(
        reverse("interventions:refer", args=[world.person.pk]),
        referring(recovery, keep_apart_from="Dan"),
    )
    assert Referral.objects.get().conditions == [Condition.NO_CONTACT.value]


def test_the_provider_reads_conditions_never_reasons(world: World) -> None:
    referral = a_referral(
        world.person,
        time_bank(world),
        world.cm,
        conditions=["group_only", "no_children"],
        keep_apart_from="Lee Smith",
        reason_detail=REASON,
        note_for_provider="Likes gardening",
        shares_note=False,
    )
    client = sign_in(Client(), world.partner)
    for name in ("partner:referral", "partner:respond"):
        page = text(client.get(reverse(name, args=[referral.pk])))
        assert "Conditions for taking part" in page, name
        assert "Group activities only" in page and "Not with children" in page, name
        assert "Lee Smith" in page, name
        assert REASON not in page and "Likes gardening" not in page, name


def test_the_record_shows_time_bank_hours_given_and_received(world: World) -> None:
    a_referral(world.person, time_bank(world), world.cm, status=Status.ACCEPTED)
    bank, robin = worlds_bank(world)
    sam = a_member(bank, world.partner, "Sam", kind=MemberKind.REFERRED, person=world.person)
    actor = coordinator(world.partner)
    gave = an_exchange(bank, world.partner, sam, [robin], minutes=90, agreed=True)
    exchanges.record(actor=actor, exchange_id=gave.pk)
    got = an_exchange(bank, world.partner, robin, [sam], minutes=30, agreed=True)
    exchanges.record(actor=actor, exchange_id=got.pk)
    page = text(
        sign_in(Client(), world.cm).get(reverse("interventions:person", args=[world.person.pk]))
    )
    assert "Hull Time Bank" in page
    assert "1 hour 30 minutes" in page and "30 minutes" in page
