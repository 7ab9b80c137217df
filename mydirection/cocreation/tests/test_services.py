"""Co-creation's services: reporters, stories, consent, the risk screen, curation, workshops."""

import pytest
from django.core.exceptions import ValidationError

from mydirection.access.guard import cocreation_actor
from mydirection.access.models import AccessLogEntry
from mydirection.cocreation import rules, selectors, testing
from mydirection.cocreation.models import Consent, ReporterGroup, Story, Technique, Told
from mydirection.cocreation.services import curation, reporters, stories
from mydirection.notifications.models import Message, Purpose
from mydirection.testing import World
from mydirection.uploads.models import StoredFile
from mydirection.uploads.testing import a_photo, an_mp3, uploaded
from mydirection.versioning import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(world: World) -> ReporterGroup:
    group = testing.a_group(world)
    testing.a_reporter(group, user=world.colleague)
    return group


def test_an_untrained_reporter_cannot_capture_a_story(world: World, group: ReporterGroup) -> None:
    untrained = testing.a_reporter(group, user=world.volunteer, trained=False)
    with pytest.raises(ValidationError) as refused:
        testing.a_story(untrained, by=world.volunteer)
    assert refused.value.messages == [rules.UNTRAINED]
    assert not Story.objects.exists()


def test_a_reporter_is_an_account_or_a_person_never_both(
    world: World, group: ReporterGroup
) -> None:
    actor = cocreation_actor(world.programme_manager)
    with pytest.raises(ValidationError):
        reporters.add_reporter(actor=actor, group=group, user=world.cm, person=world.person)
    with pytest.raises(ValidationError):
        reporters.add_reporter(actor=actor, group=group)
    peer = reporters.add_reporter(actor=actor, group=group, person=world.person)
    assert peer.person == world.person and peer.user is None


def test_the_guide_is_versioned(world: World, group: ReporterGroup) -> None:
    actor = cocreation_actor(world.programme_manager)
    reporters.write_guide(actor=actor, group=group, text="Ask before you film", expected_version=0)
    reporters.write_guide(actor=actor, group=group, text="Ask twice", expected_version=1)
    with pytest.raises(StaleEdit):
        reporters.write_guide(actor=actor, group=group, text="Late", expected_version=1)
    assert list(group.guides.values_list("number", "text")) == [
        (2, "Ask twice"),
        (1, "Ask before you film"),
    ]


def test_a_story_with_a_recording_is_stored_and_logged_about_the_storyteller(
    world: World,
    group,
) -> None:
    reporter = group.reporters.get(user=world.colleague)
    story = stories.capture(
        actor=cocreation_actor(world.colleague),
        reporter=reporter,
        technique=Technique.DIALOGUE,
        storyteller_role="person",
        storyteller_person=world.person,
        title="Finding work",
        media=uploaded(an_mp3(), "interview.mp3"),
        transcript="I found work through the group.",
    )
    assert story.media is not None and story.media.content_type == "audio/mpeg"
    assert StoredFile.objects.get().person == world.person
    assert AccessLogEntry.objects.filter(
        subject_id=world.person.pk, what="Story captured", relation="cocreation"
    ).exists()


def test_a_photo_is_not_a_recording(world: World, group: ReporterGroup) -> None:
    reporter = group.reporters.get(user=world.colleague)
    with pytest.raises(ValidationError):
        stories.capture(
            actor=cocreation_actor(world.colleague),
            reporter=reporter,
            technique=Technique.SNAPSHOT,
            storyteller_role="staff",
            storyteller_name="Jo",
            title="A photo",
            media=uploaded(a_photo(), "x.mp3"),
        )
    assert not Story.objects.exists()


def test_the_storytellers_own_case_manager_cannot_take_consent(
    world: World, group: ReporterGroup
) -> None:
    reporter = group.reporters.get(user=world.colleague)
    story = testing.a_story(reporter, by=world.colleague, person=world.person)
    with pytest.raises(ValidationError) as refused:
        testing.consented(story, by=world.cm)  # Alex's own case manager
    assert refused.value.messages == [rules.OWN_CASE_MANAGER]
    assert not Consent.objects.exists()
    consent = testing.consented(story, by=world.colleague)
    assert consent.taken_by == world.colleague


def test_nothing_is_used_before_the_risk_screen(world: World, group: ReporterGroup) -> None:
    reporter = group.reporters.get(user=world.colleague)
    story = testing.a_story(reporter, by=world.colleague, person=world.person)
    testing.consented(story, by=world.colleague)
    actor = cocreation_actor(world.programme_manager)
    with pytest.raises(ValidationError):
        curation.highlight(actor=actor, story=story, words="peer mentor", themes=[])
    testing.screened(story, by=world.colleague, passed=False)
    with pytest.raises(ValidationError):
        curation.highlight(actor=actor, story=story, words="peer mentor", themes=[])
    testing.screened(story, by=world.colleague)
    with pytest.raises(ValidationError) as unsigned:
        curation.highlight(actor=actor, story=story, words="peer mentor", themes=[])
    assert unsigned.value.messages == [rules.NOT_SIGNED_OFF]
    with pytest.raises(ValidationError) as own:
        stories.sign_off(actor=cocreation_actor(world.colleague), story=story)
    assert own.value.messages == [rules.NOT_A_CURATOR]
    stories.sign_off(actor=actor, story=story)
    assert curation.highlight(actor=actor, story=story, words="peer mentor", themes=[])


def test_outputs_show_the_redacted_text_only(world: World, group: ReporterGroup) -> None:
    reporter = group.reporters.get(user=world.colleague)
    story = testing.ready_story(
        reporter, by=world.colleague, lead=world.programme_manager, person=world.person
    )
    text = selectors.redacted_transcript(story)
    assert "Dave Smith" not in text and "[name removed]" in text
    actor = cocreation_actor(world.programme_manager)
    with pytest.raises(ValidationError):
        curation.highlight(actor=actor, story=story, words="Dave Smith listened", themes=[])
    found = curation.highlight(actor=actor, story=story, words="[name removed] listened", themes=[])
    assert found.excerpt == "[name removed] listened"
    with pytest.raises(ValidationError):
        stories.redact(actor=actor, story=story, words="Dave Smith", replacement="", reason="Again")


def test_a_change_tells_the_storyteller_once(world: World, group: ReporterGroup) -> None:
    reporter = group.reporters.get(user=world.colleague)
    story = testing.ready_story(
        reporter, by=world.colleague, lead=world.programme_manager, person=world.person
    )
    done = testing.curated(story, lead=world.programme_manager, owner=world.senior)
    assert Told.objects.get().person == world.person
    message = Message.objects.get(purpose=Purpose.CHANGE_FROM_STORIES)
    assert message.person == world.person
    assert "waiting" not in str(message.personalisation).lower()  # never the story itself
    changes = selectors.changes_for_person(world.person)
    assert [c.told_you for c in changes] == [True]
    from mydirection.cocreation.services import workshops

    assert (
        workshops.tell_storytellers(
            actor=cocreation_actor(world.programme_manager), action=done.action, link="x"
        )
        == 0
    )


def test_withdrawal_flags_the_insight_and_leaves_future_outputs(
    world: World, group: ReporterGroup
) -> None:
    reporter = group.reporters.get(user=world.colleague)
    story = testing.ready_story(
        reporter, by=world.colleague, lead=world.programme_manager, person=world.person
    )
    done = testing.curated(story, lead=world.programme_manager, owner=world.senior)
    co_analyst = curation.add_co_analyst(
        actor=cocreation_actor(world.programme_manager), group=group, person=world.other_person
    )
    assert selectors.co_analyst_excerpts(co_analyst.person, group)
    insight = selectors.insights_of(ReporterGroup.objects.all()).get()
    assert not selectors.insight_flagged(insight)

    stories.withdraw(
        actor=cocreation_actor(world.colleague),
        story=story,
        reason="Changed my mind",
        expected_version=1,
    )

    insight = selectors.insights_of(ReporterGroup.objects.all()).get()
    assert selectors.insight_flagged(insight)
    assert selectors.co_analyst_excerpts(co_analyst.person, group) == []
    assert selectors.storytellers_behind(done.action) == []
    story.refresh_from_db()
    assert selectors.why_not_usable(story, rules.Use.WORKSHOP) == "Consent: withdrawn"
    assert AccessLogEntry.objects.filter(
        subject_id=world.person.pk, what="Story consent withdrawn"
    ).exists()
