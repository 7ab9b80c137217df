"""A member's pages (a community member with an account, and the same pages in the app):
offers and requests searched, proposed, agreed, joined, confirmed, cancelled; every refusal a
plain message with nothing moved."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.actor import SYSTEM
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.interventions.models import Condition
from mydirection.portal.testing import portal_sign_in
from mydirection.testing import World, page_queries, sign_in
from mydirection.timebank.models import (
    Exchange,
    ExchangeStatus,
    Listing,
    Member,
    MemberKind,
    Place,
    Posting,
    TimeBank,
)
from mydirection.timebank.services import listings, taking_part
from mydirection.timebank.services.posting import balances
from mydirection.timebank.testing import a_member, coordinator, worlds_bank


@dataclass
class Bank:
    bank: TimeBank
    robin: Member  # the community member, signed in on ``client``
    jo: Member
    sam: Member  # the person on probation, in the app on ``app``
    client: Client
    app: Client


@pytest.fixture
def tb(world: World) -> Bank:
    bank, robin = worlds_bank(world)
    jo = a_member(bank, world.partner, "Jo", area="Orchard Park")
    sam = a_member(
        bank,
        world.partner,
        "Sam",
        kind=MemberKind.REFERRED,
        person=world.person,
        conditions=(Condition.PUBLIC_PLACES_ONLY,),
    )
    return Bank(
        bank,
        robin,
        jo,
        sam,
        sign_in(Client(), world.community_member),
        portal_sign_in(Client(), world.person),
    )


def total() -> int:
    return int(Posting.objects.aggregate(total=Sum("minutes"))["total"] or 0)


def an_offer(member: Member, **fields: object) -> Listing:
    values = {"kind": "offer", "skill": "gardening", "title": "Help in your garden"} | fields
    return listings.add(actor=SYSTEM, member=member, **values)  # type: ignore[arg-type]


def when(days: int = 0, **extra: Any) -> dict[str, Any]:
    day = timezone.localdate() + timedelta(days=days)
    values = {
        "happens_on_0": day.day,
        "happens_on_1": day.month,
        "happens_on_2": day.year,
        "hours": "1",
        "minutes": "0",
        "place": "public",
    }
    return values | extra


def text(response: Any) -> str:
    return str(response.content.decode()).replace("&#x27;", "'")


def test_a_member_lists_an_offer_that_others_find_by_skill_and_area(world: World, tb: Bank) -> None:
    response = tb.client.post(
        reverse("timebank:add-listing"),
        {
            "kind": "offer",
            "skill": "music",
            "title": "Piano for beginners",
            "is_group": "no",
            "place": "public",
            "area": "Newland",
        },
    )
    listing = Listing.objects.get(title="Piano for beginners")
    assert response["Location"] == reverse("timebank:listing", args=[listing.pk])
    assert listing.expires_on == timezone.localdate() + timedelta(days=tb.bank.listing_days)
    an_offer(tb.jo)
    found = text(tb.app.get(reverse("portal:time-bank-listings"), {"skill": "music"}))
    assert "Piano for beginners" in found and "Help in your garden" not in found
    found = text(tb.app.get(reverse("portal:time-bank-listings"), {"area": "orchard"}))
    assert "Help in your garden" in found and "Piano for beginners" not in found


def test_a_listing_with_bad_input_says_why_and_saves_nothing(world: World, tb: Bank) -> None:
    response = tb.client.post(
        reverse("timebank:add-listing"),
        {"kind": "request", "skill": "", "title": "", "is_group": "yes", "place": "home"},
    )
    page = text(response)
    assert "Select the kind of skill" in page and "Say in a few words what it is" in page
    assert not Listing.objects.exists()
    response = tb.client.post(
        reverse("timebank:add-listing"),
        {"kind": "request", "skill": "music", "title": "A band", "is_group": "yes", "place": "hub"},
    )
    assert "Only an offer can be a group activity" in text(response)
    assert not Listing.objects.exists()


def test_expired_listings_are_hidden_until_renewed(world: World, tb: Bank) -> None:
    offer = an_offer(tb.robin)
    Listing.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert "Help in your garden" not in text(tb.app.get(reverse("portal:time-bank-listings")))
    assert tb.app.get(reverse("portal:time-bank-listing", args=[offer.pk])).status_code == 404
    page = text(tb.client.get(reverse("timebank:listing", args=[offer.pk])))
    assert "Expired" in page and "List it again" in page
    # Only its member renews it: the person in the app is refused, and nothing changes.
    refused = tb.app.post(reverse("portal:time-bank-renew", args=[offer.pk]))
    assert refused.status_code == 404
    assert tb.client.post(reverse("timebank:renew", args=[offer.pk])).status_code == 302
    assert "Help in your garden" in text(tb.app.get(reverse("portal:time-bank-listings")))


def test_the_home_exchange_is_refused_for_a_person_who_takes_part_in_public_places_only(
    world: World, tb: Bank
) -> None:
    offer = an_offer(tb.jo, place=Place.HOME)
    response = tb.app.post(reverse("portal:time-bank-propose", args=[offer.pk]), when(place="home"))
    assert response.status_code == 200
    assert (
        "Sam T takes part in group activities and in public places only: not in someone's home"
        in text(response)
    )
    assert not Exchange.objects.exists()


def test_a_one_to_one_exchange_is_agreed_confirmed_by_both_and_moves_credits(
    world: World, tb: Bank
) -> None:
    offer = an_offer(tb.sam)  # the person offers gardening from their phone
    response = tb.client.post(reverse("timebank:propose", args=[offer.pk]), when())
    exchange = Exchange.objects.get()
    assert response["Location"] == reverse("timebank:exchange", args=[exchange.pk])
    assert (exchange.giver, list(exchange.receivers.all())) == (tb.sam, [tb.robin])
    # Robin proposed it, so Robin cannot agree to it: the person does, from the app.
    refused = tb.client.post(reverse("timebank:agree", args=[exchange.pk]))
    assert "Only the other member in this exchange can agree to it" in text(refused)
    agreed = tb.app.post(reverse("portal:time-bank-agree", args=[exchange.pk]))
    assert agreed.status_code == 302
    tb.app.post(reverse("portal:time-bank-confirm", args=[exchange.pk]))
    assert balances([tb.sam, tb.robin]) == {tb.sam.pk: 120, tb.robin.pk: 120}
    tb.client.post(reverse("timebank:confirm", args=[exchange.pk]))
    assert Exchange.objects.get().status == ExchangeStatus.CONFIRMED
    assert balances([tb.sam, tb.robin]) == {tb.sam.pk: 180, tb.robin.pk: 60}
    assert total() == 0
    # The community member's actions about the person are logged with the Time Bank relation.
    assert AccessLogEntry.objects.filter(
        subject_id=world.person.pk, actor_id=world.community_member.pk, relation="time_bank"
    ).exists()


def test_a_confirmation_by_someone_not_in_the_exchange_is_refused(world: World, tb: Bank) -> None:
    painting = an_offer(tb.jo, skill="decorating", title="Painting together", is_group=True)
    session = taking_part.add_session(
        actor=coordinator(world.partner),
        listing=painting,
        by=None,
        happens_on=timezone.localdate(),
        minutes=60,
        place=Place.HUB,
    )
    tb.app.post(reverse("portal:time-bank-join", args=[session.pk]))
    response = tb.client.post(reverse("timebank:confirm", args=[session.pk]))
    assert response.status_code == 200
    assert "Only the members in this exchange can confirm it" in text(response)
    assert "Nothing has changed" in text(response)
    assert Exchange.objects.get().giver_confirmed_at is None
    assert balances([tb.jo, tb.sam]) == {tb.jo.pk: 120, tb.sam.pk: 120}


def test_a_group_session_is_joined_and_confirmed_in_one_transfer(world: World, tb: Bank) -> None:
    painting = an_offer(tb.jo, skill="decorating", title="Painting together", is_group=True)
    jo_client = sign_in(Client(), world.volunteer)
    Member.objects.filter(pk=tb.jo.pk).update(user=world.volunteer)
    response = jo_client.post(
        reverse("timebank:add-session", args=[painting.pk]),
        when(place="hub", description="Painting the community hall"),
    )
    session = Exchange.objects.get()
    assert response["Location"] == reverse("timebank:exchange", args=[session.pk])
    for client, name in ((tb.app, "portal:time-bank-join"), (tb.client, "timebank:join")):
        assert client.post(reverse(name, args=[session.pk])).status_code == 302
    assert "Painting the community hall" in text(
        tb.app.get(reverse("portal:time-bank-listing", args=[painting.pk]))
    )
    for client, name in (
        (tb.app, "portal:time-bank-confirm"),
        (tb.client, "timebank:confirm"),
        (jo_client, "timebank:confirm"),
    ):
        client.post(reverse(name, args=[session.pk]))
    assert Exchange.objects.get().status == ExchangeStatus.CONFIRMED
    assert balances([tb.jo, tb.sam, tb.robin]) == {tb.jo.pk: 240, tb.sam.pk: 60, tb.robin.pk: 60}
    assert total() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hours": "0", "minutes": "0"}, "Enter the time given, more than 0 minutes"),
        ({"minutes": "-5"}, "The time cannot be less than 0"),
        ({"hours": "30"}, "An exchange can be 24 hours at most"),
        ({"happens_on_0": "40"}, "The day must be a real date"),
    ],
)
def test_a_bad_proposal_says_why_by_its_field_and_saves_nothing(
    world: World, tb: Bank, change: dict[str, Any], message: str
) -> None:
    offer = an_offer(tb.jo)
    response = tb.client.post(reverse("timebank:propose", args=[offer.pk]), when(**change))
    assert response.status_code == 200
    assert message in text(response)
    assert not Exchange.objects.exists()


def test_an_old_date_goes_to_the_coordinator(world: World, tb: Bank) -> None:
    offer = an_offer(tb.jo)
    response = tb.client.post(reverse("timebank:propose", args=[offer.pk]), when(-40))
    assert "ask the coordinator to record an older exchange" in text(response)
    assert not Exchange.objects.exists()


def test_an_exchange_is_cancelled_with_a_reason(world: World, tb: Bank) -> None:
    offer = an_offer(tb.jo)
    tb.client.post(reverse("timebank:propose", args=[offer.pk]), when(3))
    exchange = Exchange.objects.get()
    url = reverse("timebank:cancel", args=[exchange.pk])
    assert "Say why the exchange is cancelled" in text(tb.client.post(url, {"reason": ""}))
    assert Exchange.objects.get().status == ExchangeStatus.PROPOSED
    assert tb.client.post(url, {"reason": "My back is bad"}).status_code == 302
    assert Exchange.objects.get().status == ExchangeStatus.CANCELLED


def test_an_exchange_of_others_is_not_found(world: World, tb: Bank) -> None:
    offer = an_offer(tb.jo)
    tb.app.post(reverse("portal:time-bank-propose", args=[offer.pk]), when(2))
    exchange = Exchange.objects.get()
    assert tb.client.get(reverse("timebank:exchange", args=[exchange.pk])).status_code == 404
    assert tb.client.post(reverse("timebank:confirm", args=[exchange.pk])).status_code == 404


def test_my_page_shows_my_balance_statement_and_what_to_do(world: World, tb: Bank) -> None:
    offer = an_offer(tb.robin)
    tb.app.post(reverse("portal:time-bank-propose", args=[offer.pk]), when())
    page = text(tb.client.get(reverse("timebank:me")))
    assert "2 hours" in page and "Starter credits from the Time Bank" in page
    assert "agree to it" in page and "Help in your garden" in page
    response = tb.client.post(
        reverse("timebank:profile"),
        {"version": tb.robin.version, "profile": "I love my allotment", "area": "Hessle"},
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=tb.robin.pk).profile == "I love my allotment"


def test_a_person_sees_their_own_conditions_in_the_app_and_can_offer_from_strengths(
    world: World, tb: Bank
) -> None:
    page = text(tb.app.get(reverse("portal:time-bank")))
    assert "Group activities and public places only" in page
    assert "Time Bank" in text(tb.app.get(reverse("portal:home")))


def test_the_listings_page_costs_the_same_queries_however_many(world: World, tb: Bank) -> None:
    url = reverse("timebank:listings")
    an_offer(tb.jo)
    few = page_queries(tb.client, url)
    for name in ("Ann", "Bo", "Cy"):
        member = a_member(tb.bank, world.partner, name, kind=MemberKind.REFERRED)
        an_offer(member)
        an_offer(member, kind="request", title="A lift to the shops", skill="errands")
    assert page_queries(tb.client, url) == few
    app_url = reverse("portal:time-bank-listings")
    assert page_queries(tb.app, app_url) == page_queries(tb.app, app_url)


def test_pages_showing_a_person_on_probation_log_a_consultation(world: World, tb: Bank) -> None:
    an_offer(tb.sam)
    tb.client.get(reverse("timebank:listings"))
    entry = AccessLogEntry.objects.filter(
        subject_id=world.person.pk, what="Time Bank offers and requests"
    ).get()
    assert entry.operation == Operation.CONSULT
    assert (entry.actor_id, entry.relation) == (world.community_member.pk, "time_bank")


def test_someone_who_is_not_a_member_reaches_nothing(world: World, tb: Bank) -> None:
    volunteer = sign_in(Client(), world.volunteer)
    for name in ("timebank:listings", "timebank:me", "timebank:add-listing"):
        assert volunteer.get(reverse(name)).status_code == 404, name
    other = portal_sign_in(Client(), world.other_person)
    assert other.get(reverse("portal:time-bank")).status_code == 404
    Member.objects.filter(pk=tb.robin.pk).update(left_on=timezone.localdate())
    assert tb.client.get(reverse("timebank:listings")).status_code == 404
