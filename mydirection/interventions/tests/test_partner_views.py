"""The partner worker's pages and the volunteer's groups: only the organisation's open
referrals, only what the person agreed to share, each step refused with a message when it
cannot be taken, and every page in the access log with the relation that let them in."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.interventions.models import (
    Availability,
    EndReason,
    Intervention,
    Referral,
    SessionRecord,
    Status,
)
from mydirection.interventions.services import referrals as services
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.people.models import Person, RiskLevel
from mydirection.staff.models import Organisation
from mydirection.testing import PersonFactory, World, allocate, page_queries, sign_in

pytestmark = pytest.mark.django_db

PHONE = "07700 900123"
ADDRESS = "12 Hidden Lane"


def _record_details(person: Person) -> None:
    """What the record holds and no provider may read: phone (not consented), address, risk."""
    Person.objects.filter(pk=person.pk).update(
        phone=PHONE, address=ADDRESS, postcode="HU1 1AA", risk_level=RiskLevel.VERY_HIGH
    )
    person.refresh_from_db()


def _time_bank(world: World, **fields: Any) -> Intervention:
    assert world.partner.organisation is not None
    return an_intervention(world.hull, provider=world.partner.organisation, **fields)


def _partner(world: World) -> Client:
    return sign_in(Client(), world.partner)


def _page(client: Client, name: str, *args: Any) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return str(response.content.decode())


def _post(client: Client, name: str, referral: Referral, data: dict[str, Any]) -> Any:
    return client.post(reverse(name, args=[referral.pk]), data)


# The list and the referral ----------------------------------------------------------------


def test_the_partner_sees_their_open_referrals_and_only_what_was_shared(world: World) -> None:
    _record_details(world.person)
    time_bank = _time_bank(world)
    # The person agreed to share their name and their availability, not their phone.
    mine = a_referral(
        world.person,
        time_bank,
        world.cm,
        shares_contact=False,
        shares_availability=True,
        availability_note="Weekday mornings",
    )
    # Another organisation's referral, and one of ours that has ended.
    elsewhere = an_intervention(
        world.hull, provider=Organisation.objects.create(name="Other Org"), name="Allotments"
    )
    a_referral(world.unallocated_person, elsewhere, world.cm)
    a_referral(world.excluded_from_person, time_bank, world.colleague, status=Status.COMPLETED)

    page = _page(_partner(world), "partner:referrals")

    assert world.person.full_name in page
    assert "Weekday mornings" in page
    assert reverse("partner:referral", args=[mine.pk]) in page
    for secret in (PHONE, ADDRESS, "HU1 1AA", "Very high", "Theft", "Risk", "Keen on gardening"):
        assert secret not in page, secret
    assert world.unallocated_person.last_name not in page
    assert world.excluded_from_person.last_name not in page

    entry = AccessLogEntry.objects.latest("id")
    assert (entry.operation, entry.what, entry.relation, entry.subject_id) == (
        Operation.CONSULT,
        "Referrals to my organisation",
        "partner",
        world.person.pk,
    )


def test_the_referral_page_shows_the_shared_fields_and_sessions(world: World) -> None:
    _record_details(world.person)
    referral = a_referral(world.person, _time_bank(world), world.cm, shares_note=True)
    SessionRecord.objects.create(
        referral=referral,
        on=timezone.localdate(),
        attended=False,
        note="Rang to say ill",
        recorded_by=world.partner,
    )
    page = _page(_partner(world), "partner:referral", referral.pk)
    assert world.person.full_name in page
    assert PHONE in page  # the factory's referral shares contact details
    assert "Keen on gardening" in page  # the note for the provider, shared this time
    assert "Rang to say ill" in page
    for secret in (ADDRESS, "Very high", "Theft", world.person.case_reference):
        assert secret not in page, secret
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.what, entry.relation, entry.subject_id) == (
        "Referral",
        "partner",
        world.person.pk,
    )


def test_a_paused_intervention_is_flagged(world: World) -> None:
    time_bank = _time_bank(world, availability=Availability.PAUSED, availability_reason="Staff")
    a_referral(world.person, time_bank, world.cm)
    page = _page(_partner(world), "partner:referrals")
    assert "Time Bank is paused" in page


@pytest.mark.parametrize(
    "name", ["partner:referral", "partner:respond", "partner:session", "partner:close"]
)
def test_a_closed_or_another_organisations_referral_is_404(world: World, name: str) -> None:
    closed = a_referral(world.person, _time_bank(world), world.cm, status=Status.COMPLETED)
    other = an_intervention(
        world.hull, provider=Organisation.objects.create(name="Other Org"), name="Allotments"
    )
    theirs = a_referral(world.person, other, world.cm)
    client = _partner(world)
    for referral in (closed, theirs):
        assert client.get(reverse(name, args=[referral.pk])).status_code == 404
        if name != "partner:referral":
            assert client.post(reverse(name, args=[referral.pk]), {}).status_code == 404


def test_a_withdrawn_referral_leaves_the_partner_at_once(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm)
    Referral.objects.filter(pk=referral.pk).update(status=Status.WITHDRAWN)
    client = _partner(world)
    assert client.get(reverse("partner:close", args=[referral.pk])).status_code == 404
    assert world.person.full_name not in _page(client, "partner:referrals")


def test_the_partner_cannot_open_the_record(world: World) -> None:
    a_referral(world.person, _time_bank(world), world.cm)
    client = _partner(world)
    assert client.get(reverse("people:overview", args=[world.person.pk])).status_code == 404


def test_the_list_costs_the_same_however_many_referrals(world: World) -> None:
    time_bank = _time_bank(world)
    a_referral(world.person, time_bank, world.cm)
    client = _partner(world)
    url = reverse("partner:referrals")
    small = page_queries(client, url)
    second = _time_bank(world, name="Life coaching")
    for _ in range(6):
        person = allocate(PersonFactory.create(team=world.team_a), world.cm)
        a_referral(person, time_bank, world.cm)
        a_referral(person, second, world.cm, status=Status.STARTED)
    assert page_queries(client, url) == small


# Answering, sessions and closing -----------------------------------------------------------


def test_the_partner_accepts_a_referral(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm)
    response = _post(
        _partner(world), "partner:respond", referral, {"answer": "accept", "version": 1}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    change = AccessLogEntry.objects.filter(operation=Operation.ALTER).latest("id")
    assert (change.relation, change.subject_id) == ("partner", world.person.pk)


def test_a_decline_needs_a_reason(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm)
    client = _partner(world)
    response = _post(client, "partner:respond", referral, {"answer": "decline", "version": 1})
    assert response.status_code == 200
    assert "Say why you cannot take this referral" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SENT

    data = {"answer": "decline", "note": "We are full until March", "version": 1}
    response = _post(client, "partner:respond", referral, data)
    assert response["Location"] == reverse("partner:referrals")
    referral.refresh_from_db()
    assert (referral.status, referral.status_note) == (Status.DECLINED, "We are full until March")
    # Declined: it has left their reach.
    assert client.get(reverse("partner:referral", args=[referral.pk])).status_code == 404


def test_an_empty_answer_is_refused(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm)
    response = _post(_partner(world), "partner:respond", referral, {})
    assert response.status_code == 200
    assert "Select whether you can take this referral" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_an_answer_to_a_referral_changed_meanwhile_is_not_saved(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm)
    Referral.objects.filter(pk=referral.pk).update(version=2)
    data = {"answer": "decline", "note": "No space", "version": 1}
    response = _post(_partner(world), "partner:respond", referral, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else has changed this referral since you opened it" in page
    assert "No space" in page  # what they typed stays
    assert 'name="version" value="2"' in page
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_an_answer_to_a_referral_withdrawn_meanwhile_says_so(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm)
    original = services.respond

    def withdrawn_first(**kwargs: Any) -> Referral:
        # The case manager withdraws it between the guard's check and the save.
        Referral.objects.filter(pk=referral.pk).update(status=Status.WITHDRAWN, version=2)
        return original(**kwargs)

    monkeypatch.setattr(services, "respond", withdrawn_first)
    data = {"answer": "accept", "version": 1}
    response = _post(_partner(world), "partner:respond", referral, data)
    assert response["Location"] == reverse("partner:referrals")
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN


def test_an_answered_referral_cannot_be_answered_again(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm, status=Status.ACCEPTED)
    response = _post(
        _partner(world), "partner:respond", referral, {"answer": "decline", "note": "x"}
    )
    assert response.status_code == 200
    assert "You have already answered this referral" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def _session(on: Any, attended: str = "yes", note: str = "") -> dict[str, Any]:
    return {"on_0": on.day, "on_1": on.month, "on_2": on.year, "attended": attended, "note": note}


def test_the_first_session_attended_starts_the_referral(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm, status=Status.ACCEPTED)
    client = _partner(world)
    today = timezone.localdate()
    response = _post(client, "partner:session", referral, _session(today, "no", "Rang in ill"))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED

    yesterday = today - timedelta(days=1)
    response = _post(client, "partner:session", referral, _session(yesterday))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.started_on) == (Status.STARTED, yesterday)
    assert SessionRecord.objects.filter(referral=referral).count() == 2
    entry = AccessLogEntry.objects.filter(what="Intervention session").latest("id")
    assert entry.relation == "partner"


def test_a_session_in_the_future_or_twice_on_a_day_is_refused(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm, status=Status.STARTED)
    client = _partner(world)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _post(client, "partner:session", referral, _session(tomorrow))
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()

    today = timezone.localdate()
    assert _post(client, "partner:session", referral, _session(today)).status_code == 302
    response = _post(client, "partner:session", referral, _session(today))
    assert response.status_code == 200
    assert "A session on this date is already recorded" in response.content.decode()
    assert SessionRecord.objects.filter(referral=referral).count() == 1


def test_no_session_before_the_referral_is_accepted(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm)
    client = _partner(world)
    assert "Accept the referral before you record a session" in _page(
        client, "partner:session", referral.pk
    )
    response = _post(client, "partner:session", referral, _session(timezone.localdate()))
    assert response.status_code == 200
    assert not SessionRecord.objects.exists()


def test_the_partner_closes_a_referral(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm, status=Status.STARTED)
    client = _partner(world)
    response = _post(client, "partner:close", referral, {"outcome": "ended_early", "version": 1})
    assert response.status_code == 200
    assert "Select why it ended early" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.STARTED

    data = {"outcome": "ended_early", "end_reason": EndReason.PERSON_STOPPED, "version": 1}
    response = _post(client, "partner:close", referral, data)
    assert response["Location"] == reverse("partner:referrals")
    referral.refresh_from_db()
    assert (referral.status, referral.end_reason) == (Status.ENDED_EARLY, EndReason.PERSON_STOPPED)
    assert client.get(reverse("partner:referral", args=[referral.pk])).status_code == 404


def test_a_completed_referral(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm, status=Status.STARTED)
    response = _post(
        _partner(world), "partner:close", referral, {"outcome": "completed", "version": 1}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED


def test_an_accepted_referral_can_only_end_early(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm, status=Status.ACCEPTED)
    response = _post(
        _partner(world), "partner:close", referral, {"outcome": "completed", "version": 1}
    )
    assert response.status_code == 200
    assert "Select how it ended" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_a_referral_not_yet_accepted_cannot_be_closed(world: World) -> None:
    referral = a_referral(world.person, _time_bank(world), world.cm)
    client = _partner(world)
    assert "Accept the referral before you close it" in _page(client, "partner:close", referral.pk)
    response = _post(client, "partner:close", referral, {"outcome": "completed", "version": 1})
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == Status.SENT


# The menu ----------------------------------------------------------------------------------


def _menu(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [item["text"] for item in response.context["service_navigation"]]


def test_the_partner_sees_referrals_and_nothing_else_in_the_menu(world: World) -> None:
    assert _menu(_partner(world), reverse("partner:referrals")) == ["Referrals"]
    start = _partner(world).get(reverse("start"))
    assert start["Location"] == reverse("partner:referrals")


def test_the_volunteer_sees_my_groups_in_the_menu(world: World) -> None:
    client = sign_in(Client(), world.volunteer)
    assert _menu(client, reverse("interventions:groups")) == ["My groups", "You said, we did"]


# The volunteer's groups --------------------------------------------------------------------


def test_the_volunteer_sees_first_names_only(world: World) -> None:
    _record_details(world.person)
    group = an_intervention(world.hull, name="Recovery group")
    group.volunteers.add(world.volunteer)
    quiet = an_intervention(world.hull, name="Walking group")
    quiet.volunteers.add(world.volunteer)
    not_mine = an_intervention(world.hull, name="Cooking group")
    a_referral(world.person, group, world.cm, status=Status.ACCEPTED)
    a_referral(world.unallocated_person, group, world.cm, status=Status.STARTED)
    a_referral(world.restricted_person, group, world.cm)  # sent: not accepted yet
    a_referral(world.excluded_from_person, not_mine, world.colleague, status=Status.STARTED)

    page = _page(sign_in(Client(), world.volunteer), "interventions:groups")

    assert "Recovery group" in page and "Walking group" in page
    assert "Cooking group" not in page
    assert world.person.first_name in page
    assert world.unallocated_person.first_name in page
    for secret in (
        world.person.last_name,
        world.unallocated_person.last_name,
        world.restricted_person.first_name,
        world.excluded_from_person.first_name,
        PHONE,
        ADDRESS,
        "Very high",
        "Risk",
        "Theft",
        "Keen on gardening",
    ):
        assert secret not in page, secret
    assert "Nobody is taking part yet" in page

    entries = AccessLogEntry.objects.filter(what="My groups")
    assert {e.subject_id for e in entries} == {world.person.pk, world.unallocated_person.pk}
    assert {e.relation for e in entries} == {"volunteer"}


def test_the_volunteer_cannot_open_a_referral(world: World) -> None:
    group = an_intervention(world.hull, name="Recovery group")
    group.volunteers.add(world.volunteer)
    referral = a_referral(world.person, group, world.cm, status=Status.ACCEPTED)
    client = sign_in(Client(), world.volunteer)
    assert client.get(reverse("partner:referral", args=[referral.pk])).status_code == 404
    assert client.get(reverse("partner:referrals")).status_code == 404
