"""Things that can help me, in the app: what the person's office offers, their referrals in
plain words (never a decision not to refer, nor anyone's reasons or notes), and "I'm
interested", which their case manager sees on their home page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.interventions.models import Availability, Interest, Reason, Status
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.portal.testing import portal_sign_in
from mydirection.staff.models import Organisation
from mydirection.testing import PersonFactory, World, allocate, page_queries, sign_in

pytestmark = pytest.mark.django_db

INTERESTED = "I\u2019m interested"  # the button, with a typographic apostrophe


def _app(world: World) -> Client:
    return portal_sign_in(Client(), world.person)


def _page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_person_sees_their_offices_open_interventions(world: World) -> None:
    an_intervention(world.hull, name="Recovery group", offer="Meet people who get it.")
    an_intervention(
        world.hull, name="Cooking club", availability=Availability.PAUSED, availability_reason="x"
    )
    an_intervention(world.beverley, name="Beverley walking group")
    page = _page(_app(world), "portal:help")
    assert "Recovery group" in page and "Meet people who get it." in page
    assert "Cooking club" not in page
    assert "Beverley walking group" not in page


def test_my_referrals_show_where_each_is_and_nothing_of_the_decisions(world: World) -> None:
    org = Organisation.objects.create(name="Time Bank UK")
    time_bank = an_intervention(world.hull, org, name="Time Bank")
    coaching = an_intervention(world.hull, name="Life coaching", availability=Availability.PAUSED)
    gardening = an_intervention(world.hull, name="Garden project")
    a_referral(world.person, time_bank, world.cm, reason_detail="Talked it through")
    a_referral(
        world.person,
        coaching,
        world.cm,
        status=Status.NOT_REFERRED,
        reason=Reason.RISK,
        reason_detail="Concerns about lone working",
    )
    a_referral(
        world.person,
        gardening,
        world.cm,
        status=Status.DECLINED,
        status_note="No places for sex offence history",
    )
    page = _page(_app(world), "portal:help")
    assert "My referrals" in page
    assert "We asked if you can join. We are waiting for an answer." in page
    assert "They cannot take you now." in page
    # A decision not to refer, and every reason and note, stay off the app.
    for secret in (
        "Life coaching",
        "Concerns about lone working",
        "Talked it through",
        "No places for sex offence history",
        "Not suitable",
        "not suitable",
        "Risk",
        "Keen on gardening",
    ):
        assert secret not in page, secret
    assert AccessLogEntry.objects.latest("id").what == "App: things that can help me"


def test_the_person_says_they_are_interested_and_the_case_manager_sees_it(world: World) -> None:
    group = an_intervention(world.hull, name="Recovery group")
    app = _app(world)
    url = reverse("portal:help-interested", args=[group.pk])
    page = _page(app, "portal:help-interested", group.pk)
    assert "Share what you are good at" in page and INTERESTED in page

    response = app.post(url, {"note": "My friend goes"})
    assert response["Location"] == reverse("portal:help")
    interest = Interest.objects.get()
    assert (interest.person, interest.intervention, interest.note) == (
        world.person,
        group,
        "My friend goes",
    )
    entry = AccessLogEntry.objects.filter(what="Interest in an intervention").get()
    assert entry.actor_person_id == world.person.pk

    # The page now says so, and asking again adds nothing.
    page = _page(app, "portal:help-interested", group.pk)
    assert "You told your case manager you are interested" in page
    assert app.post(url, {}).status_code == 200
    assert Interest.objects.count() == 1
    assert "You said you are interested" in _page(app, "portal:help")

    staff = sign_in(Client(), world.cm)
    home = _page(staff, "caseload:home")
    assert "Interested in an intervention" in home
    assert world.person.full_name in home and "Recovery group" in home
    refer = reverse("interventions:refer", args=[world.person.pk])
    assert f"{refer}?interest={interest.pk}" in home
    consulted = AccessLogEntry.objects.filter(what="Interested in an intervention").get()
    assert (consulted.operation, consulted.subject_id, consulted.relation) == (
        Operation.CONSULT,
        world.person.pk,
        "case_manager",
    )


def test_another_case_manager_does_not_see_the_interest(world: World) -> None:
    group = an_intervention(world.hull, name="Recovery group")
    _app(world).post(reverse("portal:help-interested", args=[group.pk]), {})
    assert Interest.objects.count() == 1
    assert "Recovery group" not in _page(sign_in(Client(), world.colleague), "caseload:home")


def test_another_offices_intervention_is_404(world: World) -> None:
    hull = an_intervention(world.hull, name="Recovery group")
    beverley = an_intervention(world.beverley, name="Beverley walking group")
    assert _app(world).get(reverse("portal:help-interested", args=[beverley.pk])).status_code == 404
    other = portal_sign_in(Client(), world.other_person)
    url = reverse("portal:help-interested", args=[hull.pk])
    assert other.get(url).status_code == 404
    assert other.post(url, {}).status_code == 404
    assert not Interest.objects.exists()


def test_a_paused_intervention_takes_no_interest(world: World) -> None:
    paused = an_intervention(
        world.hull,
        name="Cooking club",
        availability=Availability.PAUSED,
        paused_until=timezone.localdate() + timedelta(days=10),
    )
    app = _app(world)
    page = _page(app, "portal:help-interested", paused.pk)
    assert "It is not taking anyone new right now" in page
    assert INTERESTED not in page
    assert app.post(reverse("portal:help-interested", args=[paused.pk]), {}).status_code == 200
    assert not Interest.objects.exists()


def test_a_person_already_referred_sees_where_it_is(world: World) -> None:
    group = an_intervention(world.hull, name="Recovery group")
    a_referral(world.person, group, world.cm, status=Status.STARTED)
    app = _app(world)
    page = _page(app, "portal:help-interested", group.pk)
    assert "You have started" in page and INTERESTED not in page
    assert "You are on this" in _page(app, "portal:help")


def test_the_home_page_links_to_it(world: World) -> None:
    assert reverse("portal:help") in _page(_app(world), "portal:home")


def test_the_help_page_costs_the_same_however_much_there_is(world: World) -> None:
    app = _app(world)
    url = reverse("portal:help")
    an_intervention(world.hull, name="Group 0")
    small = page_queries(app, url)
    for i in range(1, 6):
        group = an_intervention(world.hull, name=f"Group {i}")
        a_referral(world.person, group, world.cm, status=Status.COMPLETED)
        Interest.objects.create(person=world.person, intervention=group, at=timezone.now())
    assert page_queries(app, url) == small


def test_the_case_managers_home_does_not_grow_with_interests(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("caseload:home")
    group = an_intervention(world.hull, name="Recovery group")
    Interest.objects.create(person=world.person, intervention=group, at=timezone.now())
    small = page_queries(client, url)
    for _ in range(5):
        person = allocate(PersonFactory.create(team=world.team_a), world.cm)
        Interest.objects.create(person=person, intervention=group, at=timezone.now())
    assert page_queries(client, url) == small
