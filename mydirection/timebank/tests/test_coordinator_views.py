"""The coordinator's pages: their own bank only; conditions, never reasons; members added,
joined from a referral, recorded for; refusals shown with nothing moved; logged."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.interventions.models import Condition, Status
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.staff.models import Organisation, Role, User
from mydirection.testing import PersonFactory, UserFactory, World, page_queries, sign_in
from mydirection.timebank.models import (
    Exchange,
    ExchangeStatus,
    Member,
    MemberKind,
    Place,
    Posting,
    TimeBank,
)
from mydirection.timebank.services import exchanges, listings
from mydirection.timebank.services.posting import balances
from mydirection.timebank.testing import a_bank, a_member, an_exchange, coordinator, worlds_bank

REASON = "Assaulted a neighbour in 2019"
NOTE = "Anxious in big groups; gets on with older people"


@dataclass
class Bank:
    bank: TimeBank
    robin: Member
    jo: Member
    client: Client


@pytest.fixture
def tb(world: World) -> Bank:
    bank, robin = worlds_bank(world)
    jo = a_member(bank, world.partner, "Jo")
    return Bank(bank, robin, jo, sign_in(Client(), world.partner))


def total() -> int:
    return int(Posting.objects.aggregate(total=Sum("minutes"))["total"] or 0)


def time_bank_referral(world: World, status: Status = Status.ACCEPTED, **fields: Any) -> Any:
    assert world.partner.organisation is not None
    intervention = an_intervention(world.hull, provider=world.partner.organisation)
    values: dict[str, Any] = {
        "conditions": [Condition.PUBLIC_PLACES_ONLY.value, Condition.NO_CONTACT.value],
        "keep_apart_from": "Lee from Orchard Park",
        "reason_detail": REASON,
        "note_for_provider": NOTE,
        "shares_note": False,
    } | fields
    return a_referral(world.person, intervention, world.cm, status=status, **values)


def test_the_home_page_shows_what_waits_for_the_coordinator(world: World, tb: Bank) -> None:
    referral = time_bank_referral(world, status=Status.SENT)
    agreed = an_exchange(tb.bank, world.partner, tb.jo, [tb.robin])
    exchanges.accept(
        actor=coordinator(world.partner), exchange_id=agreed.pk, by=tb.robin, expected_version=1
    )
    low = a_member(tb.bank, world.partner, "Lou")
    spent = an_exchange(
        tb.bank, world.partner, tb.jo, [low], minutes=480, place=Place.PUBLIC, agreed=True
    )
    exchanges.record(actor=coordinator(world.partner), exchange_id=spent.pk)

    page = tb.client.get(reverse("timebank:home")).content.decode()
    assert "An hour in the garden" in page  # the agreed exchange, to record
    assert reverse("partner:referral", args=[referral.pk]) in page
    assert "Lou T" in page and "minus 6 hours" in page  # past the soft floor
    assert REASON not in page and NOTE not in page


def test_the_members_list_shows_conditions_as_a_tag_and_costs_the_same_queries(
    world: World, tb: Bank
) -> None:
    a_member(tb.bank, world.partner, "Sam", conditions=(Condition.GROUP_ONLY,))
    url = reverse("timebank:members")
    page = tb.client.get(url).content.decode()
    assert "Has conditions" in page and "Group activities only" not in page
    assert "Community member" in page and "2 hours" in page
    few = page_queries(tb.client, url)
    for name in ("Ann", "Bo", "Cy", "Di"):
        member = a_member(tb.bank, world.partner, name, conditions=(Condition.NO_CHILDREN,))
        an_exchange(tb.bank, world.partner, member, [tb.jo])
    assert page_queries(tb.client, url) == few


def test_a_member_page_shows_conditions_never_reasons_and_is_logged(world: World, tb: Bank) -> None:
    referral = time_bank_referral(world)
    response = tb.client.post(
        reverse("timebank:join-referral", args=[referral.pk]),
        {"first_name": "Alex", "last_initial": "Q", "no_contact_with": [str(tb.jo.pk)]},
    )
    member = Member.objects.get(person=world.person)
    assert response.status_code == 302
    assert member.kind == MemberKind.REFERRED and member.referral == referral
    assert member.conditions == ["no_contact", "public_places_only"]
    assert list(member.no_contact_with.all()) == [tb.jo]
    page = tb.client.get(reverse("timebank:member", args=[member.pk])).content.decode()
    assert "Group activities and public places only" in page
    assert "No contact with named people" in page and "Jo T" in page
    assert REASON not in page and NOTE not in page
    assert world.person.last_name not in page  # first name and initial, like any member
    assert AccessLogEntry.objects.filter(
        what="Time Bank member",
        subject_id=world.person.pk,
        operation=Operation.CONSULT,
        relation="partner",
    ).exists()


def test_the_join_page_shows_the_referrals_conditions_not_its_reasons(
    world: World, tb: Bank
) -> None:
    referral = time_bank_referral(world)
    url = reverse("timebank:join-referral", args=[referral.pk])
    page = tb.client.get(url).content.decode()
    assert "Group activities and public places only" in page
    assert "Lee from Orchard Park" in page
    assert REASON not in page and NOTE not in page


def test_a_referral_waiting_for_an_answer_cannot_join(world: World, tb: Bank) -> None:
    referral = time_bank_referral(world, status=Status.SENT)
    url = reverse("timebank:join-referral", args=[referral.pk])
    response = tb.client.post(url, {"first_name": "Alex", "last_initial": "Q"})
    assert response.status_code == 200
    assert "Accept the referral before they join" in response.content.decode()
    assert not Member.objects.filter(person=world.person).exists()


def test_a_referral_to_another_intervention_cannot_join(world: World, tb: Bank) -> None:
    assert world.partner.organisation is not None
    other = an_intervention(
        world.hull, provider=world.partner.organisation, name="Walks", kind="other"
    )
    referral = a_referral(world.person, other, world.cm, status=Status.ACCEPTED)
    url = reverse("timebank:join-referral", args=[referral.pk])
    response = tb.client.post(url, {"first_name": "Alex", "last_initial": "Q"})
    assert "This referral is not to the Time Bank" in response.content.decode()
    assert not Member.objects.filter(person=world.person).exists()


def test_a_community_member_is_added_with_an_account_of_their_own(world: World, tb: Bank) -> None:
    response = tb.client.post(
        reverse("timebank:add-member"),
        {
            "kind": "community",
            "first_name": "Maggie",
            "last_initial": "b",
            "account": "new",
            "username": "maggie.b",
        },
    )
    assert response.status_code == 200
    member = Member.objects.get(first_name="Maggie")
    user = User.objects.get(username="maggie.b")
    assert member.user == user and member.name == "Maggie B"
    assert user.role == Role.TIME_BANK_MEMBER and user.organisation is None
    assert response.context["password"] in response.content.decode()
    assert balances([member])[member.pk] == tb.bank.starter_minutes


def test_adding_a_member_refused_saves_nothing(world: World, tb: Bank) -> None:
    before = Member.objects.count()
    response = tb.client.post(
        reverse("timebank:add-member"),
        {"kind": "volunteer", "first_name": "Vic", "account": "new", "username": "vic"},
    )
    assert response.status_code == 200
    assert "A volunteer&#x27;s account comes from the administrator" in response.content.decode()
    assert Member.objects.count() == before
    assert not User.objects.filter(username="vic").exists()


def test_a_volunteer_joins_with_the_account_they_have(world: World, tb: Bank) -> None:
    response = tb.client.post(
        reverse("timebank:add-member"),
        {
            "kind": "volunteer",
            "first_name": "Vic",
            "account": "existing",
            "user": str(world.volunteer.pk),
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(user=world.volunteer).kind == MemberKind.VOLUNTEER


def test_conditions_are_set_and_a_stale_form_is_refused(world: World, tb: Bank) -> None:
    url = reverse("timebank:conditions", args=[tb.jo.pk])
    data = {"version": tb.jo.version, "conditions": ["group_only"], "no_contact_with": []}
    assert tb.client.post(url, data).status_code == 302
    tb.jo.refresh_from_db()
    assert tb.jo.conditions == ["group_only"]
    response = tb.client.post(url, data | {"conditions": ["no_children"]})
    assert "changed since you opened this page" in response.content.decode()
    tb.jo.refresh_from_db()
    assert tb.jo.conditions == ["group_only"]


def test_a_member_leaves_and_keeps_their_history(world: World, tb: Bank) -> None:
    response = tb.client.post(reverse("timebank:leave", args=[tb.jo.pk]))
    assert response.status_code == 302
    tb.jo.refresh_from_db()
    assert tb.jo.left_on == timezone.localdate()
    assert balances([tb.jo])[tb.jo.pk] == 120


def record_data(giver: Member, receivers: list[Member], **extra: object) -> dict[str, object]:
    day = timezone.localdate() - timedelta(days=1)
    return {
        "giver": str(giver.pk),
        "receivers": [str(r.pk) for r in receivers],
        "skill": "gardening",
        "happens_on_0": day.day,
        "happens_on_1": day.month,
        "happens_on_2": day.year,
        "hours": "1",
        "minutes": "30",
        "place": "public",
    } | extra


def test_the_coordinator_records_an_exchange_for_members_without_phones(
    world: World, tb: Bank
) -> None:
    response = tb.client.post(reverse("timebank:record-exchange"), record_data(tb.jo, [tb.robin]))
    assert response.status_code == 302
    exchange = Exchange.objects.get()
    assert exchange.status == ExchangeStatus.CONFIRMED and exchange.recorded_by == world.partner
    assert balances([tb.jo, tb.robin]) == {tb.jo.pk: 210, tb.robin.pk: 30}
    assert total() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hours": "0", "minutes": "0"}, "Enter the time given, more than 0 minutes"),
        ({"hours": "", "minutes": "75"}, "Minutes must be 59 or fewer"),
        ({"hours": "-1"}, "Hours cannot be less than 0"),
        ({"happens_on_0": "", "happens_on_1": "", "happens_on_2": ""}, "Enter the day"),
    ],
)
def test_a_bad_recording_says_why_and_moves_nothing(
    world: World, tb: Bank, change: dict[str, str], message: str
) -> None:
    data = record_data(tb.jo, [tb.robin], **change)
    before = (Posting.objects.count(), Exchange.objects.count())
    response = tb.client.post(reverse("timebank:record-exchange"), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert (Posting.objects.count(), Exchange.objects.count()) == before


@pytest.mark.parametrize(
    ("who", "hours", "message"),
    [
        ("jo", "1", "You cannot exchange time with yourself"),
        ("robin", "13", "This would take Robin T below the 10 hours of credit"),
    ],
)
def test_a_refused_recording_says_why_and_moves_nothing(
    world: World, tb: Bank, who: str, hours: str, message: str
) -> None:
    receiver = tb.jo if who == "jo" else tb.robin
    data = record_data(tb.jo, [receiver], hours=hours, minutes="0")
    response = tb.client.post(reverse("timebank:record-exchange"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exchange.objects.exists()
    assert balances([tb.jo, tb.robin]) == {tb.jo.pk: 120, tb.robin.pk: 120}


def test_a_refusal_is_shown_by_the_field_to_change(world: World, tb: Bank) -> None:
    data = record_data(tb.jo, [tb.jo, tb.robin], is_group="")
    response = tb.client.post(reverse("timebank:record-exchange"), data)
    errors = response.context["form"].errors
    assert errors["receivers"] == ["You cannot exchange time with yourself"]
    assert errors["is_group"] == ["An exchange with more than one receiver is a group activity"]


def test_an_agreed_exchange_is_recorded_from_its_page(world: World, tb: Bank) -> None:
    exchange = an_exchange(tb.bank, world.partner, tb.jo, [tb.robin], agreed=True)
    response = tb.client.post(reverse("timebank:record", args=[exchange.pk]))
    assert response.status_code == 302
    assert Exchange.objects.get(pk=exchange.pk).status == ExchangeStatus.CONFIRMED


def test_an_exchange_nobody_agreed_to_is_not_recorded(world: World, tb: Bank) -> None:
    exchange = an_exchange(tb.bank, world.partner, tb.jo, [tb.robin])
    response = tb.client.post(reverse("timebank:record", args=[exchange.pk]), follow=True)
    assert "The exchange must be agreed before it is recorded" in response.content.decode()
    assert Exchange.objects.get(pk=exchange.pk).status == ExchangeStatus.PROPOSED
    assert balances([tb.jo, tb.robin]) == {tb.jo.pk: 120, tb.robin.pk: 120}


def test_the_report_counts_hours_by_month_and_skill(world: World, tb: Bank) -> None:
    exchange = an_exchange(tb.bank, world.partner, tb.jo, [tb.robin], minutes=90, agreed=True)
    exchanges.record(actor=coordinator(world.partner), exchange_id=exchange.pk)
    listings.add(
        actor=coordinator(world.partner),
        member=tb.jo,
        kind="offer",
        skill="gardening",
        title="Weeding",
    )
    response = tb.client.get(reverse("timebank:report"))
    report = response.context["report"]
    assert report.total_exchanges == 1 and report.total_minutes == 90
    month = next(row for row in report.months if row.exchanges)
    assert month.skills == [("Gardening", 1, 90)]
    assert report.active == 2 and report.inactive == 0
    assert [m.first_name for m in report.without_offers] == ["Robin"]
    assert ("Within 2 weeks", 2) in report.first_exchange


def test_another_banks_coordinator_reaches_nothing_of_this_bank(world: World, tb: Bank) -> None:
    elsewhere = Organisation.objects.create(name="Beverley Time Bank")
    a_bank(elsewhere)
    them = UserFactory.create(role=Role.PARTNER_WORKER, organisation=elsewhere)
    client = sign_in(Client(), them)
    offer = listings.add(
        actor=coordinator(world.partner), member=tb.jo, kind="offer", skill="music", title="Piano"
    )
    exchange = an_exchange(tb.bank, world.partner, tb.jo, [tb.robin])
    for name, args in (
        ("timebank:member", [tb.jo.pk]),
        ("timebank:conditions", [tb.jo.pk]),
        ("timebank:leave", [tb.jo.pk]),
        ("timebank:listing", [offer.pk]),
        ("timebank:propose", [offer.pk]),
        ("timebank:exchange", [exchange.pk]),
        ("timebank:cancel", [exchange.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in (("timebank:record", [exchange.pk]), ("timebank:renew", [offer.pk])):
        assert client.post(reverse(name, args=args)).status_code == 404, name
    for name in ("timebank:home", "timebank:members", "timebank:listings", "timebank:report"):
        page = client.get(reverse(name)).content.decode()
        assert "Jo T" not in page and "Piano" not in page, name
    assert Exchange.objects.get(pk=exchange.pk).status == ExchangeStatus.PROPOSED


def test_a_partner_whose_organisation_runs_no_time_bank_starts_on_referrals(
    world: World,
) -> None:
    someone = UserFactory.create(
        role=Role.PARTNER_WORKER, organisation=Organisation.objects.create(name="R-Evolution")
    )
    client = sign_in(Client(), someone)
    assert client.get(reverse("start"))["Location"] == reverse("partner:referrals")
    assert client.get(reverse("timebank:home")).status_code == 404
    page = client.get(reverse("partner:referrals")).content.decode()
    assert reverse("timebank:home") not in page


def test_the_coordinator_starts_on_the_time_bank(world: World, tb: Bank) -> None:
    assert tb.client.get(reverse("start"))["Location"] == reverse("timebank:home")
    someone = PersonFactory.create(team=world.team_a)
    assert someone.pk  # nobody's record is reachable from the Time Bank's pages
    assert tb.client.get(reverse("people:overview", args=[someone.pk])).status_code == 404
