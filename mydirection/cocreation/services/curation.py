"""Curation: themes (a parent and its children), highlights of the redacted transcript,
insights grouping highlights, and co-analysts (people on probation with a scoped role)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.models import Operation
from mydirection.cocreation import rules, selectors
from mydirection.cocreation.models import (
    CoAnalyst,
    Highlight,
    Insight,
    ReporterGroup,
    Story,
    Theme,
)
from mydirection.cocreation.services.log import log, log_story
from mydirection.people.models import Person


def add_theme(
    *, actor: StaffActor, group: ReporterGroup, name: str, parent: Theme | None = None
) -> Theme:
    if not name.strip():
        raise ValidationError({"name": "Enter the theme"})
    if parent is not None and parent.group_id != group.pk:
        raise ValidationError({"parent": "Choose a theme of this group"})
    if Theme.objects.filter(group=group, parent=parent, name__iexact=name.strip()).exists():
        raise ValidationError({"name": "This theme already exists"})
    with transaction.atomic():
        theme = Theme.objects.create(group=group, name=name.strip(), parent=parent)
        log(actor, Operation.COLLECT, "Theme added", group=group.pk, theme=theme.pk)
    return theme


def highlight(*, actor: StaffActor, story: Story, words: str, themes: list[Theme]) -> Highlight:
    """A span of the redacted transcript, tagged with themes; only of a story consented to
    analysis and past the risk screen (as stored now, whatever ``story`` has cached)."""
    story = Story.objects.select_related("consent", "screen").get(pk=story.pk)
    refusal = selectors.why_not_usable(story, rules.Use.ANALYSIS)
    if refusal:
        raise ValidationError(refusal)
    text = selectors.redacted_transcript(story)
    span = rules.find_span(text, words)
    if span is None:
        raise ValidationError(
            {"words": "Enter words exactly as they appear in the story (as redacted)"}
        )
    if any(theme.group_id != story.group_id for theme in themes):
        raise ValidationError({"themes": "Choose themes of this story's group"})
    with transaction.atomic():
        found = Highlight.objects.create(
            story=story, start=span[0], end=span[1], excerpt=text[span[0] : span[1]], by=actor.user
        )
        found.themes.set(themes)
        log_story(actor, Operation.ALTER, "Story highlight", story, highlight=found.pk)
    return found


def add_insight(
    *,
    actor: StaffActor,
    group: ReporterGroup,
    title: str,
    summary: str,
    highlights: list[Highlight],
) -> Insight:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter the insight"
    if not highlights:
        errors["highlights"] = "Choose at least one highlight"
    elif any(h.story.group_id != group.pk for h in highlights):
        errors["highlights"] = "Choose highlights of this group's stories"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        insight = Insight.objects.create(
            group=group, title=title.strip(), summary=summary.strip(), by=actor.user
        )
        insight.highlights.set(highlights)
        people = {h.story.storyteller_person_id for h in highlights} - {None}
        for person_id in people or {None}:
            log(actor, Operation.COMBINE, "Insight from stories", person_id, insight=insight.pk)
    return insight


def add_co_analyst(
    *, actor: StaffActor, group: ReporterGroup, person: Person, given_on: date | None = None
) -> CoAnalyst:
    today = timezone.localdate()
    current = CoAnalyst.objects.filter(group=group, person=person).exclude(ended_on__lt=today)
    if current.exists():
        raise ValidationError("They are already a co-analyst of this group")
    with transaction.atomic():
        co_analyst = CoAnalyst.objects.create(
            group=group, person=person, given_by=actor.user, given_on=given_on or today
        )
        log(actor, Operation.COLLECT, "Co-analyst", person.pk, group=group.pk)
    return co_analyst
