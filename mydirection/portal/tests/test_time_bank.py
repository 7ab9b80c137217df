"""The Time Bank in the app: the person's own pages, in plain words, phone first; the same
services and refusals as every member's (``timebank/tests/test_member_views.py``)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.interventions.models import Condition
from mydirection.person_centred.testing import one_page_profile
from mydirection.portal.reading_age import measure, text_of
from mydirection.portal.testing import portal_sign_in
from mydirection.testing import World
from mydirection.timebank.models import Exchange, Listing, MemberKind, Place
from mydirection.timebank.services import listings, taking_part
from mydirection.timebank.testing import a_member, coordinator, worlds_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(world: World) -> Client:
    bank, robin = worlds_bank(world)
    actor = coordinator(world.partner)
    a_member(
        bank,
        world.partner,
        "Alex",
        kind=MemberKind.REFERRED,
        person=world.person,
        conditions=(Condition.PUBLIC_PLACES_ONLY,),
    )
    listings.add(actor=actor, member=robin, kind="request", skill="diy", title="Fix a shelf")
    painting = listings.add(
        actor=actor, member=robin, kind="offer", skill="decorating", title="Paint", is_group=True
    )
    taking_part.add_session(
        actor=actor,
        listing=painting,
        by=None,
        happens_on=timezone.localdate() + timedelta(days=2),
        minutes=60,
        place=Place.HUB,
    )
    return portal_sign_in(Client(), world.person)


def test_the_time_bank_pages_read_at_about_nine(world: World, app: Client) -> None:
    listing = Listing.objects.get(title="Fix a shelf")
    session = Exchange.objects.get()
    urls = [
        reverse("portal:time-bank"),
        reverse("portal:time-bank-listings"),
        reverse("portal:time-bank-add-listing"),
        reverse("portal:time-bank-listing", args=[listing.pk]),
        reverse("portal:time-bank-propose", args=[listing.pk]),
        reverse("portal:time-bank-exchange", args=[session.pk]),
        reverse("portal:time-bank-profile"),
    ]
    everything = []
    for url in urls:
        response = app.get(url)
        assert response.status_code == 200, url
        chunks = text_of(response.content.decode())
        everything += chunks
        assert measure(chunks).reading_age <= 10, url
    assert measure(everything).reading_age <= 9.5


def test_offering_shows_what_people_appreciate_about_them(world: World, app: Client) -> None:
    one_page_profile(world.person, by=world.cm)
    page = app.get(reverse("portal:time-bank-add-listing")).content.decode()
    assert "Things you are good at" in page
    assert "I make people laugh" in page  # their own words
    assert "reliable volunteer at the food bank" not in page  # not confirmed by them
    assert 'id="id_kind_0" checked' in page  # "I offer it"


def test_the_person_offers_gardening_from_their_phone(world: World, app: Client) -> None:
    response = app.post(
        reverse("portal:time-bank-add-listing"),
        {
            "kind": "offer",
            "skill": "gardening",
            "title": "Help in your garden",
            "is_group": "no",
            "place": "public",
        },
    )
    listing = Listing.objects.get(title="Help in your garden")
    assert response["Location"] == reverse("portal:time-bank-listing", args=[listing.pk])
    assert listing.member.person == world.person
    page = app.get(reverse("portal:time-bank")).content.decode()
    assert "Help in your garden" in page


def test_joining_a_group_session_from_the_app(world: World, app: Client) -> None:
    session = Exchange.objects.get()
    assert app.post(reverse("portal:time-bank-join", args=[session.pk])).status_code == 302
    assert session.parties.get().member.person == world.person
