"""Publication per channel and the risk screen's sign-off: the rules without the database,
then the pages (what is shown, left out, downloaded, refused) and the access log."""

from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.guard import cocreation_actor
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.cocreation import rules, selectors, testing
from mydirection.cocreation.models import Channel, Publication, Screen, Story, Theme
from mydirection.cocreation.rules import ConsentState
from mydirection.cocreation.services import curation, stories
from mydirection.staff.models import Role
from mydirection.testing import UserFactory, World, page_queries, sign_in

TODAY = date(2026, 12, 6)
QUOTE = "The waiting room felt cold"


def state(**changes: object) -> ConsentState:
    values: dict[str, object] = {
        "record": True,
        "analysis": True,
        "workshops": True,
        "channels": ["report", "website"],
        "expires_on": None,
        "withdrawn_at": None,
    } | changes
    return ConsentState(**values)  # type: ignore[arg-type]


def published(consent: ConsentState | None, **changes: object) -> str | None:
    values: dict[str, object] = {
        "screened": True,
        "signed_off": True,
        "channel": "website",
        "today": TODAY,
        "excerpt": "felt cold",
        "redacted_text": "The room felt cold, [name removed] said.",
    } | changes
    return rules.why_not_published(consent, **values)  # type: ignore[arg-type]


def test_an_excerpt_is_published_only_as_its_consent_and_screen_allow() -> None:
    assert published(state()) is None
    assert published(state(), channel="social") == "The storyteller has not agreed to publication"
    assert published(state(withdrawn_at=datetime(2026, 12, 1))) == "Consent: withdrawn"
    assert published(state(expires_on=date(2026, 12, 5))) == "Consent: expired"
    assert published(None) == "Consent: no consent recorded"
    assert published(state(), screened=None) == "The story has not been through the risk screen"
    assert published(state(), screened=False) == "The story did not pass the risk screen"
    assert published(state(), signed_off=False) == rules.NOT_SIGNED_OFF
    # Words removed after the highlight was made: the old excerpt no longer reads so.
    assert published(state(), excerpt="Dave felt cold") == rules.REDACTED_SINCE


def test_the_screen_is_signed_off_by_a_second_person_who_curates() -> None:
    def refusal(**changes: object) -> str | None:
        values: dict[str, object] = {
            "screened": True,
            "signed_off": False,
            "screener_id": 1,
            "signer_id": 2,
            "signer_curates": True,
        } | changes
        return rules.sign_off_refusal(**values)  # type: ignore[arg-type]

    assert refusal() is None
    assert refusal(signer_id=1) == rules.OWN_SCREEN
    assert refusal(signer_curates=False) == rules.NOT_A_CURATOR
    assert refusal(screened=None) == rules.NOTHING_TO_SIGN
    assert refusal(screened=False) == rules.FAILED_SCREEN
    assert refusal(signed_off=True) == rules.ALREADY_SIGNED
    unsigned = {"screened": True, "signed_off": False, "today": TODAY}
    for use in rules.Use:
        assert rules.why_not_usable(state(), use=use, channel="report", **unsigned) == (  # type: ignore[arg-type]
            rules.NOT_SIGNED_OFF
        )


pytestmark_db = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    return reverse(f"cocreation:{name}", kwargs=kwargs)


@pytestmark_db
def test_the_lead_sees_what_a_channel_would_publish(world: World, scene: dict[str, object]) -> None:
    client = sign_in(Client(), world.programme_manager)
    page = client.get(url("publication", group_id=scene["group_id"], channel="report"))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"“{QUOTE}”" in text
    assert "Alex" in text and "Quinn" not in text  # consent: first name only
    assert "Dave Smith" not in text
    entry = AccessLogEntry.objects.filter(what="Stories for publication").get()
    assert entry.subject_id == world.person.pk and entry.operation == Operation.CONSULT

    website = client.get(url("publication", group_id=scene["group_id"], channel="website"))
    text = website.content.decode()
    assert QUOTE not in text
    assert "The storyteller has not agreed to publication" in text
    assert (
        client.get(url("publication", group_id=scene["group_id"], channel="radio")).status_code
        == 404
    )


@pytestmark_db
def test_only_the_lead_reaches_publication(world: World, scene: dict[str, object]) -> None:
    for user in (world.colleague, world.volunteer, world.cm):
        client = sign_in(Client(), user)
        page = client.get(url("publication", group_id=scene["group_id"], channel="report"))
        assert page.status_code == 404
        posted = client.post(
            url("publication-download", group_id=scene["group_id"], channel="report")
        )
        assert posted.status_code == 404
    assert not Publication.objects.exists()


@pytestmark_db
def test_a_download_is_recorded_logged_and_flagged_after_a_withdrawal(
    world: World, scene: dict[str, object]
) -> None:
    client = sign_in(Client(), world.programme_manager)
    response = client.post(
        url("publication-download", group_id=scene["group_id"], channel="report")
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="stories-report-')
    handout = response.content.decode()
    assert f"“{QUOTE}”" in handout and "Alex" in handout
    assert "Dave Smith" not in handout and "Quinn" not in handout
    made = Publication.objects.get()
    story = Story.objects.get(pk=str(scene["story_id"]))
    assert list(made.stories.all()) == [story]
    assert (made.channel, made.excerpts, made.made_by) == ("report", 1, world.programme_manager)
    disclosed = AccessLogEntry.objects.get(operation=Operation.DISCLOSE, what="Story published")
    assert disclosed.subject_id == world.person.pk
    assert disclosed.recipients == str(Channel.REPORT.label)

    page = client.get(url("publication", group_id=scene["group_id"], channel="report"))
    assert "A story was withdrawn" not in page.content.decode()
    stories.withdraw(
        actor=cocreation_actor(world.colleague), story=story, reason="Changed", expected_version=1
    )
    page = client.get(url("publication", group_id=scene["group_id"], channel="report"))
    text = page.content.decode()
    assert "A story was withdrawn" in text  # the earlier download is flagged
    assert QUOTE not in text.split("Left out")[0]  # and nothing goes out now
    assert "Consent: withdrawn" in text

    nothing = client.post(
        url("publication-download", group_id=scene["group_id"], channel="report"), follow=True
    )
    assert "Nothing can be published on this channel yet" in nothing.content.decode()
    assert Publication.objects.count() == 1


@pytestmark_db
def test_the_publication_page_costs_the_same_however_many_stories(
    world: World, scene: dict[str, object]
) -> None:
    client = sign_in(Client(), world.programme_manager)
    address = url("publication", group_id=scene["group_id"], channel="report")
    first = page_queries(client, address)
    reporter = Story.objects.get().captured_by
    for _ in range(3):
        story = testing.ready_story(
            reporter, by=world.colleague, lead=world.programme_manager, person=world.person
        )
        curation.highlight(
            actor=cocreation_actor(world.programme_manager),
            story=story,
            words=QUOTE,
            themes=list(Theme.objects.all()),
        )
    assert page_queries(client, address) == first


@pytestmark_db
def test_a_screener_cannot_sign_off_their_own_screen(
    world: World, scene: dict[str, object]
) -> None:
    reporter = Story.objects.get().captured_by
    story = testing.a_story(reporter, by=world.colleague, person=world.person)
    testing.consented(story, by=world.colleague)
    testing.screened(story, by=world.programme_manager)
    client = sign_in(Client(), world.programme_manager)
    page = client.get(url("sign-off", story_id=story.pk))
    assert rules.OWN_SCREEN.split(",")[0] in page.content.decode()
    assert "Sign off the risk screen</button>" not in page.content.decode()
    refused = client.post(url("sign-off", story_id=story.pk))
    assert refused.status_code == 200
    assert not Screen.objects.get(story=story).signed_off
    assert selectors.why_not_usable(story, rules.Use.ANALYSIS) == rules.NOT_SIGNED_OFF

    # A reporter, who does not curate, does not reach the page at all.
    assert (
        sign_in(Client(), world.colleague).get(url("sign-off", story_id=story.pk)).status_code
        == 404
    )

    second = UserFactory.create(username="lead2", role=Role.PROGRAMME_MANAGER, team=None)
    other = sign_in(Client(), second)
    done = other.post(url("sign-off", story_id=story.pk))
    assert done.status_code == 302
    screen = Screen.objects.get(story=story)
    assert (screen.signed_off_by, screen.signed_off_at is not None) == (second, True)
    assert AccessLogEntry.objects.filter(
        what="Story risk screen signed off", subject_id=world.person.pk
    ).exists()
    story = Story.objects.select_related("consent", "screen").get(pk=story.pk)
    assert selectors.why_not_usable(story, rules.Use.ANALYSIS) is None

    # Screened again: the sign-off is cleared and needed again.
    testing.screened(story, by=world.colleague)
    story = Story.objects.select_related("consent", "screen").get(pk=story.pk)
    assert selectors.why_not_usable(story, rules.Use.ANALYSIS) == rules.NOT_SIGNED_OFF
