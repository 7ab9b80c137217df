"""A community member knows nothing about probation: every page they can reach (found by
following every link from where they start, the layout and its footer included) never says
"probation" or "offence", and a person on probation among the members is any member."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.interventions.models import Condition
from mydirection.testing import World, sign_in
from mydirection.timebank.models import MemberKind, Place
from mydirection.timebank.services import exchanges, listings, taking_part
from mydirection.timebank.testing import a_member, coordinator, worlds_bank

WORDS = re.compile(r"probation|offen[cds]", re.IGNORECASE)
LINK = re.compile(r'(?:href|action)="(/[^"#]*)')


def crawl(client: Client, start: str, limit: int = 150) -> dict[str, str]:
    """Every page reachable from ``start`` by links (and the targets of forms, by GET)."""
    pages: dict[str, str] = {}
    queue = [start]
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in pages or url.startswith("/static/"):
            continue
        response = client.get(url)
        while response.status_code == 302:
            url = response["Location"]
            response = client.get(url)
        if response.status_code != 200 or url in pages:
            pages.setdefault(url, "")
            continue
        html = response.content.decode()
        pages[url] = html
        queue += [urlsplit(href).path for href in LINK.findall(html)]
    return pages


@pytest.fixture
def a_busy_bank(world: World) -> None:
    bank, robin = worlds_bank(world)
    actor = coordinator(world.partner)
    sam = a_member(
        bank,
        world.partner,
        "Sam",
        kind=MemberKind.REFERRED,
        person=world.person,
        conditions=(Condition.PUBLIC_PLACES_ONLY, Condition.NO_CHILDREN),
    )
    jo = a_member(bank, world.partner, "Jo", kind=MemberKind.VOLUNTEER)
    gardening = listings.add(
        actor=actor, member=sam, kind="offer", skill="gardening", title="Help in your garden"
    )
    listings.add(actor=actor, member=robin, kind="request", skill="diy", title="Fix a shelf")
    painting = listings.add(
        actor=actor, member=jo, kind="offer", skill="decorating", title="Paint", is_group=True
    )
    session = taking_part.add_session(
        actor=actor,
        listing=painting,
        by=None,
        happens_on=timezone.localdate(),
        minutes=120,
        place=Place.HUB,
    )
    exchanges.join_group(actor=actor, exchange_id=session.pk, member=sam)
    given = taking_part.propose(
        actor=actor,
        listing=gardening,
        member=robin,
        happens_on=timezone.localdate() - timedelta(days=1),
        minutes=60,
        place=Place.PUBLIC,
    )
    exchanges.accept(actor=actor, exchange_id=given.pk, by=sam, expected_version=given.version)
    exchanges.record(actor=actor, exchange_id=given.pk)


@pytest.mark.usefixtures("a_busy_bank")
def test_no_page_a_community_member_reaches_speaks_of_probation(world: World) -> None:
    client = sign_in(Client(), world.community_member)
    pages = crawl(client, reverse("start"))
    reached = {url for url, html in pages.items() if html}
    assert reverse("timebank:listings") in reached
    assert reverse("timebank:me") in reached
    assert reverse("timebank:privacy") in reached  # the footer's page, not the service's
    assert any("/time-bank/exchanges/" in url for url in reached)
    assert any("/time-bank/listings/" in url and "propose" in url for url in reached)
    said = {url: WORDS.findall(html) for url, html in pages.items() if WORDS.search(html)}
    assert not said, said
    for url, html in pages.items():
        assert world.person.last_name not in html, url
        assert "Referred" not in html, url


@pytest.mark.django_db
def test_signing_in_does_not_speak_of_probation() -> None:
    """A community member signs in where staff do: the sign-in pages are theirs too."""
    for name in ("staff:sign-in", "timebank:privacy"):
        page = Client().get(reverse(name)).content.decode()
        assert not WORDS.search(page), name


@pytest.mark.usefixtures("a_busy_bank")
def test_refusals_a_community_member_meets_do_not_speak_of_probation(world: World) -> None:
    """The conditions of a person on probation reach others only as conditions."""
    client = sign_in(Client(), world.community_member)
    pages = crawl(client, reverse("timebank:listings"))
    propose = next(url for url in pages if url.endswith("/propose/"))
    day = timezone.localdate()
    response = client.post(
        propose,
        {
            "happens_on_0": day.day,
            "happens_on_1": day.month,
            "happens_on_2": day.year,
            "hours": "1",
            "minutes": "0",
            "place": "home",
            "involves_children": "on",
        },
    )
    page = response.content.decode().replace("&#x27;", "'")
    assert "Sam T takes part in group activities and in public places only" in page
    assert "Sam T cannot take part in exchanges with children" in page
    assert not WORDS.search(page)
