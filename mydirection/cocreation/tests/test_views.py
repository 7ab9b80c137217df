"""Co-creation's pages: what is saved, what is refused with a message, 404 for others, and
the access log."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.cocreation import testing
from mydirection.cocreation.models import Consent, Redaction, Story
from mydirection.portal.testing import portal_sign_in
from mydirection.testing import World, page_queries, sign_in
from mydirection.uploads.testing import an_mp3, uploaded

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    return reverse(f"cocreation:{name}", kwargs=kwargs)


def test_a_reporter_captures_a_story_with_a_recording(
    world: World, scene: dict[str, object]
) -> None:
    client = sign_in(Client(), world.colleague)
    response = client.post(
        url("capture"),
        {
            "title": "Reception",
            "technique": "dialogue",
            "storyteller_role": "person",
            "case_reference": world.person.case_reference,
            "text": "",
            "transcript": "The reception staff smiled.",
            "recording": uploaded(an_mp3(), "talk.mp3"),
        },
    )
    story = Story.objects.get(title="Reception")
    assert response.status_code == 302
    assert response["Location"] == url("consent", story_id=story.pk)
    assert story.storyteller_person == world.person
    assert story.media is not None and story.media.content_type == "audio/mpeg"


def test_an_untrained_reporter_is_told_and_nothing_is_saved(
    world: World, scene: dict[str, object]
) -> None:
    client = sign_in(Client(), world.volunteer)
    page = client.get(url("capture"))
    assert "responsible storytelling training" in page.content.decode()
    before = Story.objects.count()
    response = client.post(
        url("capture"),
        {
            "title": "x",
            "technique": "snapshot",
            "storyteller_role": "staff",
            "storyteller_name": "Jo",
            "text": "A story",
        },
    )
    assert response.status_code == 200
    assert "responsible storytelling training" in response.content.decode()
    assert Story.objects.count() == before


def test_consent_is_refused_to_the_storytellers_own_case_manager(world: World) -> None:
    group = testing.a_group(world)
    testing.a_reporter(group, user=world.colleague)
    testing.a_reporter(group, user=world.cm)
    story = testing.a_story(
        group.reporters.get(user=world.colleague), by=world.colleague, person=world.person
    )
    client = sign_in(Client(), world.cm)
    response = client.post(
        url("consent", story_id=story.pk),
        {"record": "on", "analysis": "on", "identification": "first_name"},
    )
    assert response.status_code == 200
    assert "case manager cannot take their consent" in response.content.decode()
    assert not Consent.objects.exists()
    assert AccessLogEntry.objects.filter(
        subject_id=world.person.pk, operation=Operation.CONSULT, what="Story consent"
    ).exists()


def test_a_redacted_name_never_shows_in_outputs(world: World, scene: dict[str, object]) -> None:
    lead = sign_in(Client(), world.programme_manager)
    story = lead.get(url("story", story_id=scene["story_id"])).content.decode()
    redacted = story.split('data-testid="redacted"')[1].split("</div>")[0]
    assert "Dave Smith" not in redacted and "[name removed]" in redacted
    insight = lead.get(url("insight", insight_id=scene["insight_id"])).content.decode()
    workshop = lead.get(url("workshop", workshop_id=scene["workshop_id"])).content.decode()
    for page in (insight, workshop):
        assert "Dave Smith" not in page
        assert "The waiting room felt cold" in page
    assert Redaction.objects.count() == 1


def test_others_get_404(world: World, scene: dict[str, object]) -> None:
    for user in (world.cm, world.elsewhere, world.partner, world.evaluator):
        client = sign_in(Client(), user)
        assert client.get(url("story", story_id=scene["story_id"])).status_code == 404
        assert client.get(url("home")).status_code == 404
    reporter = sign_in(Client(), world.colleague)
    assert reporter.get(url("insight", insight_id=scene["insight_id"])).status_code == 404


def test_reading_a_story_is_logged_about_the_storyteller(
    world: World, scene: dict[str, object]
) -> None:
    client = sign_in(Client(), world.volunteer)
    client.get(url("story", story_id=scene["story_id"]))
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None
    assert (entry.subject_id, entry.actor_id, entry.relation, entry.what) == (
        world.person.pk,
        world.volunteer.pk,
        "cocreation",
        "Story",
    )


def test_the_recording_is_served_through_the_access_policy(
    world: World, scene: dict[str, object]
) -> None:
    response = sign_in(Client(), world.colleague).get(url("recording", story_id=scene["story_id"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert "attachment" in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(
        what="Story recording", subject_id=world.person.pk
    ).exists()


def test_withdrawal_flags_the_insight(world: World, scene: dict[str, object]) -> None:
    reporter = sign_in(Client(), world.colleague)
    response = reporter.post(url("withdraw", story_id=scene["story_id"]), {"version": 1})
    assert response.status_code == 302
    lead = sign_in(Client(), world.programme_manager)
    page = lead.get(url("insight", insight_id=scene["insight_id"])).content.decode()
    assert "A story behind this insight was withdrawn" in page
    workshop = lead.get(url("workshop", workshop_id=scene["workshop_id"])).content.decode()
    assert "A story was withdrawn" in workshop
    assert "The waiting room felt cold" not in workshop.split("Changes</h2>")[0]


def test_the_storyteller_sees_the_change_in_their_app(
    world: World, scene: dict[str, object]
) -> None:
    page = portal_sign_in(Client(), world.person).get(reverse("portal:you-said-we-did"))
    assert "Your story helped" in page.content.decode()
    other = portal_sign_in(Client(), world.other_person).get(reverse("portal:you-said-we-did"))
    assert "Your story helped" not in other.content.decode()
    assert "New chairs" in other.content.decode()


def test_a_co_analyst_sees_redacted_excerpts_only(world: World, scene: dict[str, object]) -> None:
    page = portal_sign_in(Client(), world.person).get(reverse("portal:analyse-stories"))
    text = page.content.decode()
    assert "The waiting room felt cold" in text and "Dave Smith" not in text
    assert (
        portal_sign_in(Client(), world.other_person)
        .get(reverse("portal:analyse-stories"))
        .status_code
        == 404
    )


def test_the_story_list_costs_the_same_however_many_stories(
    world: World, scene: dict[str, object]
) -> None:
    client = sign_in(Client(), world.colleague)
    first = page_queries(client, url("home"))
    reporter = Story.objects.get().captured_by
    for _ in range(3):
        testing.ready_story(
            reporter,
            by=world.colleague,
            lead=world.programme_manager,
            person=world.unallocated_person,
        )
    assert page_queries(client, url("home")) == first
