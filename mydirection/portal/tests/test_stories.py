"""Stories in the person's app: a reporter on probation captures one with its consent; a
storyteller sees its uses, narrows and withdraws their consent. What is saved, what is
refused with a message, 404 for others, the access log."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.cocreation import rules, selectors, testing
from mydirection.cocreation.models import Consent, Reporter, ReporterGroup, Story
from mydirection.portal.testing import portal_sign_in
from mydirection.rights.subject_access import collect
from mydirection.testing import World, page_queries
from mydirection.uploads.testing import an_mp3, uploaded

pytestmark = pytest.mark.django_db

STORY = {
    "title": "The first week",
    "told_by": "peer",
    "storyteller_name": "Sam Peerson",
    "technique": "snapshot",
    "text": "Nobody told me where to go on the first day.",
    "transcript": "",
    "record": "on",
    "analysis": "on",
    "workshops": "on",
    "channels": ["report"],
    "identification": "first_name",
}


@pytest.fixture
def scene(world: World) -> dict[str, Any]:
    return testing.scene(world)


def reporter(world: World, trained: bool = True) -> Reporter:
    group = Reporter.objects.get(user=world.colleague).group
    return testing.a_reporter(group, person=world.other_person, trained=trained)


def story_url(name: str, story_id: object) -> str:
    return reverse(f"portal:{name}", kwargs={"story_id": story_id})


def test_a_trained_reporter_captures_a_peers_story_with_its_consent(
    world: World, scene: dict[str, Any]
) -> None:
    mine = reporter(world)
    client = portal_sign_in(Client(), world.other_person)
    response = client.post(
        reverse("portal:capture-story"),
        STORY | {"recording": uploaded(an_mp3(), "talk.mp3")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:stories")
    story = Story.objects.get(title="The first week")
    # The peer is named as they gave it, first name only, linked to no record.
    assert story.storyteller_person is None and story.storyteller_name == "Sam"
    assert story.storyteller_role == "person" and story.captured_by == mine
    assert story.media is not None and story.media.content_type == "audio/mpeg"
    consent = story.consent
    assert consent.taken_by is None and consent.taken_by_reporter == mine
    assert consent.workshops and consent.channels == ["report"]
    # Not used before the staff's risk screen.
    assert selectors.why_not_usable(story, rules.Use.WORKSHOP) is not None
    captured = AccessLogEntry.objects.get(what="Story captured", details__story=str(story.pk))
    assert captured.actor_person_id == world.other_person.pk and captured.subject_id is None
    assert AccessLogEntry.objects.filter(
        what="Story consent", details__story=str(story.pk), actor_person_id=world.other_person.pk
    ).exists()
    page = client.get(reverse("portal:stories")).content.decode()
    assert "The first week" in page and "Waiting for staff to check it" in page


def test_their_own_story_is_theirs_and_shows_in_your_stories(
    world: World, scene: dict[str, Any]
) -> None:
    reporter(world)
    client = portal_sign_in(Client(), world.other_person)
    client.post(reverse("portal:capture-story"), STORY | {"told_by": "own"})
    story = Story.objects.get(title="The first week")
    assert story.storyteller_person == world.other_person and story.storyteller_name == ""
    page = client.get(story_url("story", story.pk))
    assert page.status_code == 200 and "What you agreed to" in page.content.decode()
    # Their subject access bundle lists it; a peer's story is the peer's, not in theirs.
    stories_section = next(
        s for s in collect(world.other_person).sections if s.title == "Stories you told"
    )
    assert len(stories_section.rows) == 1


def test_an_untrained_reporter_is_told_why_and_nothing_is_saved(
    world: World, scene: dict[str, Any]
) -> None:
    reporter(world, trained=False)
    client = portal_sign_in(Client(), world.other_person)
    before = Story.objects.count(), Consent.objects.count()
    page = client.get(reverse("portal:capture-story")).content.decode()
    assert "responsible storytelling training" in page and "Save the story" not in page
    response = client.post(reverse("portal:capture-story"), STORY)
    assert response.status_code == 200
    assert "responsible storytelling training" in response.content.decode()
    assert (Story.objects.count(), Consent.objects.count()) == before


def test_a_refused_consent_saves_no_story(world: World, scene: dict[str, Any]) -> None:
    reporter(world)
    client = portal_sign_in(Client(), world.other_person)
    before = Story.objects.count()
    response = client.post(
        reverse("portal:capture-story"),
        STORY | {"expires_on_0": "1", "expires_on_1": "1", "expires_on_2": "2020"},
    )
    assert response.status_code == 200
    assert "must be in the future" in response.content.decode()
    assert Story.objects.count() == before


def test_someone_who_is_neither_reporter_nor_storyteller_gets_404(
    world: World, scene: dict[str, Any]
) -> None:
    client = portal_sign_in(Client(), world.other_person)
    assert client.get(reverse("portal:stories")).status_code == 404
    assert client.get(reverse("portal:capture-story")).status_code == 404
    assert "Stories</a>" not in client.get(reverse("portal:home")).content.decode()


def test_the_storyteller_sees_what_their_story_was_used_for(
    world: World, scene: dict[str, Any]
) -> None:
    client = portal_sign_in(Client(), world.person)
    assert "Stories</a>" in client.get(reverse("portal:home")).content.decode()
    home = client.get(reverse("portal:stories")).content.decode()
    assert "Your stories" in home and "Led to a change" in home
    page = client.get(story_url("story", scene["story_id"])).content.decode()
    assert "Reception workshop" in page and "New chairs" in page
    assert AccessLogEntry.objects.filter(
        what="App: a story you told", subject_id=world.person.pk, operation=Operation.CONSULT
    ).exists()


def test_another_persons_story_is_404(world: World, scene: dict[str, Any]) -> None:
    client = portal_sign_in(Client(), world.other_person)
    for name in ("story", "story-consent", "story-withdraw"):
        assert client.get(story_url(name, scene["story_id"])).status_code == 404
    response = client.post(story_url("story-withdraw", scene["story_id"]), {"version": 1})
    assert response.status_code == 404
    assert Consent.objects.get(story_id=scene["story_id"]).withdrawn_at is None


def test_the_storyteller_narrows_their_consent(world: World, scene: dict[str, Any]) -> None:
    client = portal_sign_in(Client(), world.person)
    url = story_url("story-consent", scene["story_id"])
    response = client.post(
        url, {"version": 1, "analysis": "on", "channels": [], "identification": "anonymous"}
    )
    assert response.status_code == 302
    consent = Consent.objects.get(story_id=scene["story_id"])
    assert not consent.workshops and consent.channels == [] and consent.version == 2
    assert consent.identification == "anonymous"
    assert AccessLogEntry.objects.filter(
        what="Story consent narrowed", subject_id=world.person.pk, operation=Operation.ALTER
    ).exists()


def test_the_storyteller_cannot_widen_their_consent_from_the_app(
    world: World, scene: dict[str, Any]
) -> None:
    client = portal_sign_in(Client(), world.person)
    response = client.post(
        story_url("story-consent", scene["story_id"]),
        {
            "version": 1,
            "analysis": "on",
            "workshops": "on",
            "channels": ["report", "press"],
            "identification": "first_name",
        },
    )
    assert (
        response.status_code == 200 and "talk to a Community Reporter" in response.content.decode()
    )
    assert Consent.objects.get(story_id=scene["story_id"]).version == 1


def test_withdrawing_from_the_app_flags_the_insight(world: World, scene: dict[str, Any]) -> None:
    client = portal_sign_in(Client(), world.person)
    url = story_url("story-withdraw", scene["story_id"])
    confirm = client.get(url).content.decode()
    assert "Are you sure" in confirm and "will not be used in anything new" in confirm
    response = client.post(url, {"version": 1, "reason": "I changed my mind"})
    assert response.status_code == 302
    consent = Consent.objects.get(story_id=scene["story_id"])
    assert consent.withdrawn_at is not None
    flagged = [
        selectors.insight_flagged(i) for i in selectors.insights_of(ReporterGroup.objects.all())
    ]
    assert flagged == [True]
    assert AccessLogEntry.objects.filter(
        what="Story consent withdrawn", subject_id=world.person.pk
    ).exists()
    page = client.get(story_url("story", scene["story_id"])).content.decode()
    assert "You withdrew your consent" in page


def test_a_stale_withdrawal_is_shown_again(world: World, scene: dict[str, Any]) -> None:
    client = portal_sign_in(Client(), world.person)
    Consent.objects.filter(story_id=scene["story_id"]).update(version=2)
    response = client.post(story_url("story-withdraw", scene["story_id"]), {"version": 1})
    assert response.status_code == 200 and "changed while you were on this page" in (
        response.content.decode()
    )
    assert Consent.objects.get(story_id=scene["story_id"]).withdrawn_at is None


def test_your_stories_costs_the_same_however_many_stories(
    world: World, scene: dict[str, Any]
) -> None:
    client = portal_sign_in(Client(), world.person)
    first = page_queries(client, reverse("portal:stories"))
    group_reporter = Reporter.objects.get(user=world.colleague)
    for _ in range(3):
        testing.ready_story(
            group_reporter, by=world.colleague, lead=world.programme_manager, person=world.person
        )
    assert page_queries(client, reverse("portal:stories")) == first
