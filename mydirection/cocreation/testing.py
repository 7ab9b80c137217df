"""Co-creation's test factories: a group with trained reporters, a consented and screened
story with a redaction, a highlight, an insight and a workshop."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.guard import cocreation_actor
from mydirection.cocreation.models import (
    ChangeAction,
    Consent,
    Highlight,
    Insight,
    Reporter,
    ReporterGroup,
    Story,
    Technique,
    Theme,
    Workshop,
)
from mydirection.cocreation.services import curation, reporters, stories, workshops
from mydirection.people.models import Person
from mydirection.staff.models import User
from mydirection.testing import World

TRANSCRIPT = (
    "When I started, my officer Dave Smith listened. "
    "The waiting room felt cold and I nearly left. "
    "Having a peer mentor made me come back."
)


def a_group(world: World, name: str = "Hull Community Reporters") -> ReporterGroup:
    return reporters.add_group(
        actor=StaffActor.about_no_person(world.programme_manager), name=name, office=world.hull
    )


def a_reporter(
    group: ReporterGroup,
    *,
    user: User | None = None,
    person: Person | None = None,
    trained: bool = True,
) -> Reporter:
    by = group.reporters.first()
    actor = cocreation_actor(user or (by.user if by and by.user else _anyone()))
    reporter = reporters.add_reporter(actor=actor, group=group, user=user, person=person)
    if trained:
        reporters.record_training(
            actor=actor,
            reporter=reporter,
            trained_on=timezone.localdate() - timedelta(days=30),
            trained_by="People's Voice Media",
        )
    return reporter


def _anyone() -> User:
    found = User.objects.order_by("username").first()
    assert found is not None
    return found


def a_story(
    reporter: Reporter,
    *,
    by: User,
    person: Person | None = None,
    title: str = "Coming back",
    transcript: str = TRANSCRIPT,
) -> Story:
    actor = cocreation_actor(by)
    return stories.capture(
        actor=actor,
        reporter=reporter,
        technique=Technique.SNAPSHOT,
        storyteller_role="person" if person else "staff",
        storyteller_person=person,
        storyteller_name="" if person else "Jo Staff",
        title=title,
        text=transcript,
    )


def consented(story: Story, *, by: User, **layers: object) -> Consent:
    values: dict[str, object] = {
        "record": True,
        "analysis": True,
        "workshops": True,
        "channels": ["report"],
        "identification": "first_name",
        "expires_on": None,
    } | layers
    return stories.take_consent(actor=cocreation_actor(by), story=story, **values)  # type: ignore[arg-type]


def screened(story: Story, *, by: User, passed: bool = True, lead: User | None = None) -> None:
    """Screened by ``by``; signed off by ``lead`` (a curator) when given."""
    stories.screen(
        actor=cocreation_actor(by),
        story=story,
        no_victims=True,
        no_offence_details=True,
        no_licence_breach=passed,
    )
    if lead is not None:
        stories.sign_off(actor=cocreation_actor(lead), story=story)


def ready_story(reporter: Reporter, *, by: User, lead: User, person: Person | None = None) -> Story:
    """Captured, consented to everything but publication beyond reports, screened by ``by``
    and signed off by ``lead``, a name redacted."""
    story = a_story(reporter, by=by, person=person)
    consented(story, by=by)
    screened(story, by=by, lead=lead)
    stories.redact(
        actor=cocreation_actor(by),
        story=story,
        words="Dave Smith",
        replacement="[name removed]",
        reason="Names a member of staff",
    )
    return story


@dataclass
class Curated:
    theme: Theme
    highlight: Highlight
    insight: Insight
    workshop: Workshop
    action: ChangeAction


def curated(story: Story, *, lead: User, owner: User) -> Curated:
    actor = cocreation_actor(lead)
    parent = curation.add_theme(actor=actor, group=story.group, name="The office")
    theme = curation.add_theme(actor=actor, group=story.group, name="Waiting room", parent=parent)
    highlight = curation.highlight(
        actor=actor, story=story, words="The waiting room felt cold", themes=[theme]
    )
    insight = curation.add_insight(
        actor=actor,
        group=story.group,
        title="The waiting room puts people off",
        summary="",
        highlights=[highlight],
    )
    workshop = workshops.hold(
        actor=actor,
        group=story.group,
        title="Reception workshop",
        held_on=timezone.localdate(),
        attendees="Managers, two reporters",
        decisions="Make the waiting room welcoming",
        insights=[insight],
    )
    action = workshops.add_action(
        actor=actor,
        workshop=workshop,
        heard="The waiting room felt cold",
        done="New chairs, a kettle and plants in reception",
        owner=owner,
        insight=insight,
        link="https://example.test/my/you-said-we-did/",
    )
    return Curated(theme, highlight, insight, workshop, action)


def scene(world: World) -> dict[str, object]:
    """The authorisation matrix's co-creation: Hull's group, with ``colleague`` and the
    ``volunteer`` as trained reporters; Alex's story (``world.person``), with a recording,
    consent taken by the colleague, screened, a name redacted, highlighted, an insight, a
    workshop and a change; Alex is a co-analyst of the group. ``programme_manager`` leads."""
    from mydirection.uploads import files
    from mydirection.uploads.models import Purpose
    from mydirection.uploads.testing import an_mp3, stored_now, uploaded

    group = a_group(world)
    a_reporter(group, user=world.colleague)
    untrained = a_reporter(group, user=world.volunteer, trained=False)
    story = ready_story(
        group.reporters.get(user=world.colleague),
        by=world.colleague,
        lead=world.programme_manager,
        person=world.person,
    )
    story.media = stored_now(
        actor=cocreation_actor(world.colleague),
        upload=uploaded(an_mp3(), "story.mp3"),
        purpose=Purpose.STORY,
        person=world.person,
        kinds=files.MEDIA,
    )
    story.save()
    done = curated(story, lead=world.programme_manager, owner=world.senior)
    curation.add_co_analyst(
        actor=cocreation_actor(world.programme_manager), group=group, person=world.person
    )
    return {
        "story_id": story.pk,
        "group_id": group.pk,
        "reporter_id": untrained.pk,
        "insight_id": done.insight.pk,
        "workshop_id": done.workshop.pk,
        "action_id": done.action.pk,
        "channel": "report",
    }
