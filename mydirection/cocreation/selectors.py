"""Reading co-creation: stories as each user may read them, the redacted text, excerpts with
their provenance (story and consent state), flagged insights, and "you said, we did"."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mydirection.cocreation import rules
from mydirection.cocreation.models import (
    ChangeAction,
    CoAnalyst,
    Consent,
    Highlight,
    Insight,
    Reporter,
    ReporterGroup,
    Story,
    Theme,
    Told,
    Workshop,
)
from mydirection.people.models import Person


def consent_state(consent: Consent | None) -> rules.ConsentState | None:
    if consent is None:
        return None
    return rules.ConsentState(
        record=consent.record,
        analysis=consent.analysis,
        workshops=consent.workshops,
        channels=list(consent.channels),
        expires_on=consent.expires_on,
        withdrawn_at=consent.withdrawn_at,
    )


def consent_of(story: Story) -> Consent | None:
    try:
        return story.consent
    except Consent.DoesNotExist:
        return None


def screened(story: Story) -> bool | None:
    try:
        return story.screen.passed
    except Story.screen.RelatedObjectDoesNotExist:
        return None


def redacted_transcript(story: Story) -> str:
    """The only text of a story any output shows (``story.redactions`` prefetched or not)."""
    spans = [rules.Span(r.start, r.end, r.replacement) for r in story.redactions.all()]
    return rules.redacted(story.transcript, spans)


def why_not_usable(story: Story, use: rules.Use, today: date | None = None) -> str | None:
    return rules.why_not_usable(
        consent_state(consent_of(story)),
        screened=screened(story),
        use=use,
        today=today or timezone.localdate(),
    )


def storyteller_shown(story: Story) -> str:
    """The storyteller as their consent lets outputs name them."""
    consent = consent_of(story)
    identification = consent.identification if consent else "anonymous"
    person = story.storyteller_person
    if person is not None:
        first, full = person.known_as, person.full_name
    else:
        first = story.storyteller_name.split(" ")[0] if story.storyteller_name else ""
        full = story.storyteller_name
    return rules.shown_name(identification, first_name=first, full_name=full)


def with_everything(stories: QuerySet[Story]) -> QuerySet[Story]:
    return stories.select_related(
        "consent", "screen", "storyteller_person", "captured_by__user", "captured_by__person"
    ).prefetch_related("redactions")


def reporter_in(user_groups: QuerySet[ReporterGroup], user_id: object) -> QuerySet[Reporter]:
    return Reporter.objects.filter(group__in=user_groups, user_id=user_id, active=True)


@dataclass(frozen=True)
class Excerpt:
    """A quote with its provenance: which story, whose (as named), and the consent state."""

    highlight: Highlight
    story: Story
    storyteller: str
    consent: str
    usable: bool


def excerpts(highlights: Iterable[Highlight], use: rules.Use) -> list[Excerpt]:
    today = timezone.localdate()
    found = []
    for highlight in highlights:
        story = highlight.story
        found.append(
            Excerpt(
                highlight=highlight,
                story=story,
                storyteller=storyteller_shown(story),
                consent=rules.consent_word(consent_state(consent_of(story)), today),
                usable=why_not_usable(story, use, today) is None,
            )
        )
    return found


def insights_of(groups: QuerySet[ReporterGroup]) -> QuerySet[Insight]:
    highlights = Highlight.objects.select_related(
        "story__consent", "story__screen", "story__storyteller_person"
    ).prefetch_related("themes__parent")
    return (
        Insight.objects.filter(group__in=groups)
        .select_related("group")
        .prefetch_related(Prefetch("highlights", queryset=highlights))
    )


def insight_flagged(insight: Insight) -> bool:
    """An insight is flagged when a story behind it has been withdrawn."""
    return rules.flagged(
        (consent_of(h.story) is not None and consent_of(h.story).withdrawn_at is not None)  # type: ignore[union-attr]
        for h in insight.highlights.all()
    )


def co_analyst_groups(person: Person) -> QuerySet[ReporterGroup]:
    today = timezone.localdate()
    current = CoAnalyst.objects.filter(person=person, given_on__lte=today).exclude(
        ended_on__lt=today
    )
    return ReporterGroup.objects.filter(pk__in=current.values("group_id"))


def co_analyst_excerpts(person: Person, group: ReporterGroup) -> list[Excerpt]:
    """What a co-analyst sees: consented, screened, redacted excerpts of their group only."""
    highlights = Highlight.objects.filter(story__group=group).select_related(
        "story__consent", "story__screen", "story__storyteller_person"
    )
    return [e for e in excerpts(highlights, rules.Use.ANALYSIS) if e.usable]


@dataclass(frozen=True)
class Change:
    """One "you said, we did" line: what was heard, what was done, its status."""

    action: ChangeAction
    told_you: bool


def changes(groups: QuerySet[ReporterGroup] | None = None) -> QuerySet[ChangeAction]:
    actions = ChangeAction.objects.select_related("workshop__group", "owner", "insight")
    if groups is not None:
        actions = actions.filter(workshop__group__in=groups)
    return actions.order_by("-updated_at")


def changes_for_person(person: Person) -> list[Change]:
    """Every change (the service's "you said, we did"), and which ones the person's own
    stories led to."""
    told = set(Told.objects.filter(person=person).values_list("action_id", flat=True))
    return [Change(action, action.pk in told) for action in changes()]


def storytellers_behind(action: ChangeAction) -> list[UUID]:
    """People on probation whose stories (not withdrawn) are behind an action's insight."""
    if action.insight_id is None:
        return []
    stories = Story.objects.filter(
        highlights__insights=action.insight_id,
        storyteller_person__isnull=False,
        consent__withdrawn_at__isnull=True,
    )
    return list(dict.fromkeys(stories.values_list("storyteller_person_id", flat=True)))


# --- Pages ---------------------------------------------------------------------------------


def reporter_of(user_id: Any, group_ids: Iterable[Any]) -> Reporter | None:
    """The user's own (active) reporter record in one of ``group_ids``."""
    return (
        Reporter.objects.select_related("group__office")
        .filter(user_id=user_id, group_id__in=list(group_ids), active=True)
        .order_by("added_at")
        .first()
    )


def storyteller_by_reference(group: ReporterGroup, case_reference: str) -> Person | None:
    """A person on probation of the group's office, by case reference (None: none)."""
    return (
        Person.objects.filter(
            case_reference__iexact=case_reference.strip(),
            team__office_id=group.office_id,
            erased_on__isnull=True,
        )
        .select_related("case_manager")
        .first()
    )


def stories_in(stories: QuerySet[Story]) -> QuerySet[Story]:
    return with_everything(stories).select_related("group").order_by("-captured_on", "title")


def highlights_of(story: Story) -> QuerySet[Highlight]:
    return story.highlights.prefetch_related("themes__parent").order_by("start")


def group_highlights(group: ReporterGroup) -> list[Highlight]:
    """Highlights of stories still usable for analysis (a withdrawn one is left out)."""
    found = Highlight.objects.filter(story__group=group).select_related(
        "story__consent", "story__screen", "story__storyteller_person"
    )
    return [h for h in found if why_not_usable(h.story, rules.Use.ANALYSIS) is None]


def themes_of(group: ReporterGroup) -> QuerySet[Theme]:
    return group.themes.select_related("parent").order_by("parent__name", "name")


def theme_tree(group: ReporterGroup) -> list[tuple[Theme, list[Theme]]]:
    themes = list(themes_of(group))
    return [(t, [c for c in themes if c.parent_id == t.pk]) for t in themes if t.parent is None]


def workshop_excerpts(workshop: Workshop) -> list[tuple[Insight, bool, list[Excerpt]]]:
    """Each insight shown, whether it is flagged, and its consented excerpts only."""
    shown = []
    for insight in insights_of(ReporterGroup.objects.filter(pk=workshop.group_id)).filter(
        workshops=workshop
    ):
        usable = [e for e in excerpts(insight.highlights.all(), rules.Use.WORKSHOP) if e.usable]
        shown.append((insight, insight_flagged(insight), usable))
    return shown
