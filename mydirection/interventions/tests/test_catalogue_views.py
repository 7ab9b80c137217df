"""The catalogue's pages: case managers read it; the programme manager adds, changes, pauses,
reopens and withdraws interventions, and keeps the partner organisations."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.interventions.models import Availability, Intervention, Referral, Status
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.staff.models import Organisation
from mydirection.testing import PersonFactory, World, page_queries, sign_in

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return str(response.content.decode())


def form_of(intervention: Intervention, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "office": str(intervention.office_id),
        "name": intervention.name,
        "kind": intervention.kind,
        "provider": str(intervention.provider_id or ""),
        "offer": intervention.offer,
        "eligibility": intervention.eligibility,
        "capacity": "" if intervention.capacity is None else str(intervention.capacity),
        "version": str(intervention.version),
    }
    return values | changes


def test_case_managers_read_the_catalogue_by_office(world: World) -> None:
    time_bank = an_intervention(world.hull, provider=world.partner.organisation, capacity=3)
    a_referral(world.person, time_bank, world.cm)
    an_intervention(
        world.hull,
        availability=Availability.PAUSED,
        availability_reason="The facilitator is on leave",
        paused_until=timezone.localdate() + timedelta(days=10),
    )
    an_intervention(world.beverley, name="Women's centre", kind="womens_centre")
    page = text(sign_in(Client(), world.cm).get(reverse("interventions:catalogue")))
    assert page.index("Beverley") < page.index("Hull")
    assert "Hull Time Bank" in page  # the provider
    assert "Share what you are good at" in page  # what it offers
    assert "1 of 3 taken" in page
    assert "Paused" in page and "The facilitator is on leave" in page
    assert "Until " in page
    assert "The probation service" in page  # the recovery group runs in-house
    assert "Add an intervention" not in page  # the programme manager's
    # No person's name on the catalogue.
    assert world.person.last_name not in page


def test_a_pause_that_has_ended_shows_as_open(world: World) -> None:
    an_intervention(
        world.hull,
        availability=Availability.PAUSED,
        availability_reason="Summer break",
        paused_until=timezone.localdate() - timedelta(days=1),
    )
    page = text(sign_in(Client(), world.cm).get(reverse("interventions:catalogue")))
    assert "Summer break" not in page
    assert ">Open<" in page


def test_the_catalogue_filters_by_office(world: World) -> None:
    an_intervention(world.hull)
    an_intervention(world.beverley, name="Women's centre", kind="womens_centre")
    client = sign_in(Client(), world.programme_manager)
    page = text(client.get(reverse("interventions:catalogue"), {"office": str(world.beverley.pk)}))
    assert "Women&#x27;s centre" in page
    assert "Recovery group" not in page


def test_the_catalogue_costs_the_same_however_many_interventions(world: World) -> None:
    client = sign_in(Client(), world.cm)
    an_intervention(world.hull)
    url = reverse("interventions:catalogue")
    before = page_queries(client, url)
    for number in range(4):
        intervention = an_intervention(
            world.beverley, world.partner.organisation, name=f"Group {number}"
        )
        a_referral(world.person, intervention, world.cm)
    assert page_queries(client, url) == before


def test_the_programme_manager_sees_numbers_and_no_names(world: World) -> None:
    intervention = an_intervention(world.hull, provider=world.partner.organisation)
    a_referral(world.person, intervention, world.cm)
    a_referral(world.other_person, intervention, world.elsewhere, status=Status.NOT_REFERRED)
    url = reverse("interventions:detail", args=[intervention.pk])
    page = text(sign_in(Client(), world.programme_manager).get(url))
    assert "2 in all" in page
    assert "Waiting for the provider" in page
    for person in (world.person, world.other_person):
        assert person.first_name not in page and person.last_name not in page
    # A case manager reads the intervention, not its numbers.
    page = text(sign_in(Client(), world.cm).get(url))
    assert "in all" not in page
    assert "Withdraw" not in page


def test_the_programme_manager_adds_an_intervention(world: World) -> None:
    client = sign_in(Client(), world.programme_manager)
    response = client.post(
        reverse("interventions:add"),
        {
            "office": str(world.hull.pk),
            "name": "Life coaching",
            "kind": "life_coaching",
            "provider": str(world.partner.organisation.pk),  # type: ignore[union-attr]
            "offer": "A coach for six months, and a work placement.",
            "capacity": "8",
        },
    )
    intervention = Intervention.objects.get(name="Life coaching")
    assert response["Location"] == reverse("interventions:detail", args=[intervention.pk])
    assert intervention.capacity == 8 and intervention.is_open
    entry = AccessLogEntry.objects.get(what="Intervention")
    assert entry.operation == Operation.COLLECT
    assert entry.actor_id == world.programme_manager.pk


def test_an_intervention_needs_its_words_and_a_name_of_its_own(world: World) -> None:
    an_intervention(world.hull)
    client = sign_in(Client(), world.programme_manager)
    response = client.post(
        reverse("interventions:add"),
        {"office": str(world.hull.pk), "name": "Recovery group", "kind": "recovery_group"},
    )
    page = text(response)
    assert response.status_code == 200
    assert "Say what it offers, in plain words" in page
    response = client.post(
        reverse("interventions:add"),
        {
            "office": str(world.hull.pk),
            "name": "Recovery group",
            "kind": "recovery_group",
            "offer": "Meet others in recovery.",
        },
    )
    assert "The office already has an intervention with this name" in text(response)
    assert Intervention.objects.count() == 1


def test_capacity_below_the_open_referrals_is_refused(world: World) -> None:
    intervention = an_intervention(world.hull, provider=world.partner.organisation, capacity=5)
    a_referral(world.person, intervention, world.cm)
    a_referral(world.restricted_person, intervention, world.cm)
    client = sign_in(Client(), world.programme_manager)
    response = client.post(
        reverse("interventions:change", args=[intervention.pk]),
        form_of(intervention, capacity="1", name="Renamed"),
    )
    assert response.status_code == 200
    assert "the capacity cannot be less than 2" in text(response)
    intervention.refresh_from_db()
    assert (intervention.capacity, intervention.name, intervention.version) == (5, "Time Bank", 1)
    response = client.post(
        reverse("interventions:change", args=[intervention.pk]),
        form_of(intervention, capacity="2", name="Renamed"),
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert (intervention.capacity, intervention.name, intervention.version) == (2, "Renamed", 2)


def test_the_second_editor_is_told_and_keeps_their_text(world: World) -> None:
    intervention = an_intervention(world.hull)
    first = sign_in(Client(), world.programme_manager)
    url = reverse("interventions:change", args=[intervention.pk])
    assert first.post(url, form_of(intervention, offer="Weekly, Tuesdays")).status_code == 302
    response = first.post(url, form_of(intervention, offer="Weekly, Thursdays"))
    page = text(response)
    assert "Someone else has changed this since you opened it" in page
    assert "Weekly, Thursdays" in page  # their text is kept
    intervention.refresh_from_db()
    assert intervention.offer == "Weekly, Tuesdays"
    # The form now carries the stored version: saving again is a deliberate choice.
    assert 'name="version" value="2"' in page


def test_pausing_needs_a_reason_and_stops_referrals(world: World) -> None:
    intervention = an_intervention(world.hull)
    client = sign_in(Client(), world.programme_manager)
    url = reverse("interventions:pause", args=[intervention.pk])
    response = client.post(url, {"version": "1", "reason": ""})
    assert "Say why it is paused" in text(response)
    until = timezone.localdate() + timedelta(days=14)
    response = client.post(
        url,
        {
            "version": "1",
            "reason": "The room is being repaired",
            "until_0": str(until.day),
            "until_1": str(until.month),
            "until_2": str(until.year),
        },
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.availability == Availability.PAUSED
    assert intervention.paused_until == until
    assert intervention.availability_reason == "The room is being repaired"


def test_a_pause_cannot_end_in_the_past(world: World) -> None:
    intervention = an_intervention(world.hull)
    client = sign_in(Client(), world.programme_manager)
    past = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("interventions:pause", args=[intervention.pk]),
        {
            "version": "1",
            "reason": "Repairs",
            "until_0": str(past.day),
            "until_1": str(past.month),
            "until_2": str(past.year),
        },
    )
    assert "must be today or in the future" in text(response)
    intervention.refresh_from_db()
    assert intervention.is_open


def test_reopening(world: World) -> None:
    intervention = an_intervention(
        world.hull, availability=Availability.PAUSED, availability_reason="Leave"
    )
    client = sign_in(Client(), world.programme_manager)
    url = reverse("interventions:reopen", args=[intervention.pk])
    response = client.post(url, {"version": "1"}, follow=True)
    assert "is open for referrals again" in text(response)
    intervention.refresh_from_db()
    assert intervention.is_open and intervention.availability_reason == ""
    # Reopening an open one changes nothing, and says so.
    response = client.post(url, {"version": str(intervention.version)}, follow=True)
    assert "is already open for referrals" in text(response)
    assert Intervention.objects.get().version == intervention.version


def test_withdrawing_says_how_many_referrals_end_and_ends_them(world: World) -> None:
    intervention = an_intervention(world.hull, provider=world.partner.organisation)
    waiting = a_referral(world.person, intervention, world.cm)
    started = a_referral(world.restricted_person, intervention, world.cm, status=Status.STARTED)
    client = sign_in(Client(), world.programme_manager)
    url = reverse("interventions:withdraw", args=[intervention.pk])
    assert "2 open referrals will end" in text(client.get(url))
    response = client.post(url, {"version": "1", "reason": ""})
    assert "Say why it is being withdrawn" in text(response)
    assert Intervention.objects.get().is_open
    response = client.post(url, {"version": "1", "reason": "Funding ended"}, follow=True)
    assert "2 open referrals ended" in text(response)
    intervention.refresh_from_db()
    assert intervention.availability == Availability.WITHDRAWN
    assert Referral.objects.get(pk=waiting.pk).status == Status.WITHDRAWN
    assert Referral.objects.get(pk=started.pk).status == Status.ENDED_EARLY
    # Withdrawn is for good: its forms send you back to it.
    for name in ("pause", "withdraw", "reopen"):
        method = client.post if name == "reopen" else client.get
        response = method(reverse(f"interventions:{name}", args=[intervention.pk]))
        assert response["Location"] == reverse("interventions:detail", args=[intervention.pk])


def test_partner_organisations(world: World) -> None:
    client = sign_in(Client(), world.programme_manager)
    response = client.post(
        reverse("interventions:add-organisation"),
        {"name": "Goodwin Trust", "website": "www.goodwintrust.org", "email": "nope"},
    )
    assert "Enter an email address like name@example.org" in text(response)
    response = client.post(
        reverse("interventions:add-organisation"),
        {"name": "Goodwin Trust", "website": "www.goodwintrust.org"},
    )
    assert response.status_code == 302
    trust = Organisation.objects.get(name="Goodwin Trust")
    assert trust.website == "https://www.goodwintrust.org"
    response = client.post(
        reverse("interventions:organisation", args=[trust.pk]), {"name": "Hull Time Bank"}
    )
    assert "There is already an organisation with this name" in text(response)
    response = client.post(
        reverse("interventions:organisation", args=[trust.pk]),
        {"name": "The Goodwin Trust", "phone": "01482 000000"},
    )
    assert response.status_code == 302
    trust.refresh_from_db()
    assert (trust.name, trust.phone) == ("The Goodwin Trust", "01482 000000")
    page = text(client.get(reverse("interventions:organisations")))
    assert "The Goodwin Trust" in page and "Hull Time Bank" in page
    assert list(
        AccessLogEntry.objects.filter(what="Partner organisation").values_list(
            "operation", flat=True
        )
    ) == [Operation.ALTER, Operation.COLLECT]


def test_the_menu_offers_the_catalogue_to_those_who_read_it(world: World) -> None:
    catalogue = reverse("interventions:catalogue")
    decisions = reverse("interventions:decisions")
    for persona, sees_catalogue, sees_decisions in (
        ("cm", True, False),
        ("senior", True, True),
        ("programme_manager", True, False),
        ("administrator", False, False),
    ):
        user = world.personas()[persona]
        # Every item of one's menu is on "More"'s page (the header may fold some into it).
        page = text(sign_in(Client(), user).get(reverse("more")))
        assert (f'href="{catalogue}"' in page) is sees_catalogue, persona
        assert (f'href="{decisions}"' in page) is sees_decisions, persona


def test_a_person_of_another_office_is_no_business_of_the_catalogue(world: World) -> None:
    # The catalogue names nobody, whoever has referrals to it.
    intervention = an_intervention(world.beverley)
    someone = PersonFactory.create(team=world.team_b, last_name="Fairweather")
    a_referral(someone, intervention, world.elsewhere)
    page = text(sign_in(Client(), world.cm).get(reverse("interventions:catalogue")))
    assert someone.last_name not in page
