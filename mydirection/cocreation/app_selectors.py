"""Reading Community Reporting for the person's app: whether they are a reporter, the stories
they captured, the stories they told and what each was used for (insights, workshops and the
changes made: "you said, we did")."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from mydirection.cocreation.models import (
    ChangeAction,
    Insight,
    Reporter,
    Story,
    Told,
    Workshop,
)
from mydirection.cocreation.selectors import Change
from mydirection.people.models import Person


def app_reporter(person: Person) -> Reporter | None:
    """The person's own reporter record (active; the first they joined), or None."""
    return (
        Reporter.objects.select_related("group")
        .filter(person=person, active=True)
        .order_by("added_at")
        .first()
    )


def is_reporter_or_storyteller(person: Person) -> bool:
    """Whether the app shows "Stories" to the person (one query, or two for a storyteller
    who does not report)."""
    return (
        Reporter.objects.filter(person=person, active=True).exists()
        or Story.objects.filter(storyteller_person=person).exists()
    )


def captured_by(person: Person) -> QuerySet[Story]:
    """Stories the person captured as a reporter (any of their groups), newest first."""
    return (
        Story.objects.filter(captured_by__person=person)
        .select_related("consent", "screen")
        .order_by("-captured_on", "-created_at")
    )


def told_by(person: Person) -> QuerySet[Story]:
    """Stories the person told (their storyteller record), newest first."""
    return (
        Story.objects.filter(storyteller_person=person)
        .select_related("consent", "screen")
        .order_by("-captured_on", "-created_at")
    )


def told_story(person: Person, story_id: Any) -> Story | None:
    """One story the person told (None: not theirs, or none: the page is a 404)."""
    return told_by(person).filter(pk=story_id).first()


@dataclass(frozen=True)
class Uses:
    """What a story was used for: insights drawn from it, the workshops that showed them and
    the changes they led to (``told``: the storyteller was told of it)."""

    insights: list[Insight]
    workshops: list[Workshop]
    changes: list[Change]

    @property
    def any(self) -> bool:
        return bool(self.insights or self.workshops or self.changes)


def uses_of(story: Story) -> Uses:
    insights = list(Insight.objects.filter(highlights__story=story).distinct().order_by("title"))
    workshops = list(Workshop.objects.filter(insights__in=insights).distinct().order_by("-held_on"))
    actions = list(
        ChangeAction.objects.filter(insight__in=insights)
        .select_related("workshop")
        .order_by("-updated_at")
    )
    told: set[Any] = set()
    if story.storyteller_person_id is not None:
        told = set(
            Told.objects.filter(
                action__in=actions, person_id=story.storyteller_person_id
            ).values_list("action_id", flat=True)
        )
    return Uses(insights, workshops, [Change(a, a.pk in told) for a in actions])


def used_counts(stories: list[Story]) -> dict[Any, int]:
    """How many changes each story led to (one query), for the list of one's stories."""
    counts: dict[Any, int] = {s.pk: 0 for s in stories}
    rows = (
        ChangeAction.objects.filter(insight__highlights__story__in=stories)
        .values_list("insight__highlights__story_id", "pk")
        .distinct()
    )
    for story_id, _ in rows:
        if story_id in counts:
            counts[story_id] += 1
    return counts
