"""Reading co-creation: stories as each user may read them, the redacted text, excerpts with
their provenance (story and consent state), flagged insights, and "you said, we did"."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mydirection.access.policy import curated_groups
from mydirection.cocreation import rules
from mydirection.cocreation.models import (
    ChangeAction,
    Channel,
    CoAnalyst,
    Consent,
    Highlight,
    Insight,
    Publication,
    Reporter,
    ReporterGroup,
    Screen,
    Story,
    Theme,
    Told,
    Workshop,
)
from mydirection.people.models import Person
from mydirection.staff.models import User


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


def signed_off(story: Story) -> bool:
    """Whether a second person signed the story's risk screen off."""
    try:
        return story.screen.signed_off
    except Story.screen.RelatedObjectDoesNotExist:
        return False


def why_not_usable(
    story: Story, use: rules.Use, today: date | None = None, channel: str = ""
) -> str | None:
    return rules.why_not_usable(
        consent_state(consent_of(story)),
        screened=screened(story),
        signed_off=signed_off(story),
        use=use,
        today=today or timezone.localdate(),
        channel=channel,
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


def storyteller_by_reference(
    group: ReporterGroup, case_reference: str, among: QuerySet[Person] | None = None
) -> Person | None:
    """A person on probation of the group's office, by case reference; for a reporter only
    ``among`` the people whose records they may open (``access.policy.visible_to``): None
    alike for a reference that does not exist and for a person they may not see, so that the
    answer tells nobody whether a reference exists, or whose it is. (The co-creation lead
    names reporters and co-analysts of the office without ``among``.)"""
    return (
        (Person.objects.all() if among is None else among)
        .filter(
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


# --- Sign-off and publication ---------------------------------------------------------------


def sign_off_refusal(signer: User, story: Story) -> str | None:
    """Why ``signer`` may not sign ``story``'s risk screen off (None: they may)."""
    held = Screen.objects.filter(story_id=story.pk).first()
    return rules.sign_off_refusal(
        screened=held.passed if held else None,
        signed_off=held.signed_off if held else False,
        screener_id=held.screened_by_id if held else None,
        signer_id=signer.pk,
        signer_curates=curated_groups(signer).filter(pk=story.group_id).exists(),
    )


@dataclass(frozen=True)
class Published:
    """An excerpt as a channel shows it: the redacted quote, the storyteller as their consent
    names them, the insights it supports and its themes (never the story's title)."""

    quote: str
    storyteller: str
    role: str
    insights: list[str]
    themes: list[str]
    story_id: UUID
    storyteller_person_id: UUID | None


@dataclass(frozen=True)
class PublicationPlan:
    """What would go out on one channel, and how many excerpts are left out for each reason."""

    channel: Channel
    excerpts: list[Published]
    left_out: list[tuple[str, int]]

    @property
    def story_ids(self) -> list[UUID]:
        return list(dict.fromkeys(e.story_id for e in self.excerpts))

    @property
    def storyteller_ids(self) -> list[UUID | None]:
        return [e.storyteller_person_id for e in self.excerpts]


def publication_plan(
    group: ReporterGroup, channel: Channel, today: date | None = None
) -> PublicationPlan:
    """Every highlight of the group's stories, each published or left out (``rules``)."""
    today = today or timezone.localdate()
    highlights = (
        Highlight.objects.filter(story__group=group)
        .select_related("story__consent", "story__screen", "story__storyteller_person")
        .prefetch_related("story__redactions", "themes__parent", "insights")
        .order_by("story__captured_on", "story_id", "start")
    )
    shown: list[Published] = []
    reasons: Counter[str] = Counter()
    for highlight in highlights:
        story = highlight.story
        why_not = rules.why_not_published(
            consent_state(consent_of(story)),
            screened=screened(story),
            signed_off=signed_off(story),
            channel=channel.value,
            today=today,
            excerpt=highlight.excerpt,
            redacted_text=redacted_transcript(story),
        )
        if why_not:
            reasons[why_not] += 1
            continue
        shown.append(
            Published(
                quote=highlight.excerpt,
                storyteller=storyteller_shown(story),
                role=str(story.get_storyteller_role_display()),
                insights=[i.title for i in highlight.insights.all()],
                themes=[str(t) for t in highlight.themes.all()],
                story_id=story.pk,
                storyteller_person_id=story.storyteller_person_id,
            )
        )
    return PublicationPlan(channel, shown, sorted(reasons.items(), key=lambda r: (-r[1], r[0])))


def publications_of(group: ReporterGroup) -> QuerySet[Publication]:
    """The group's earlier downloads, newest first, each with how many of its stories were
    withdrawn since (``withdrawn``: flagged when more than none)."""
    return (
        group.publications.select_related("made_by")
        .annotate(
            story_count=Count("stories", distinct=True),
            withdrawn=Count(
                "stories",
                filter=Q(stories__consent__withdrawn_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-made_at")
    )
