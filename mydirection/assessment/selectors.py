"""Reads of the assessment, each a fixed number of queries whatever the history's length."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from mydirection.assessment.models import AreaAnswer, area_slug
from mydirection.people.models import Person
from mydirection.practice import Area
from mydirection.versioning import latest_number_of


def _latest_number() -> Subquery:
    return Subquery(
        AreaAnswer.objects.filter(person=OuterRef("person"), area=OuterRef("area"))
        .order_by("-number")
        .values("number")[:1]
    )


def current_answers(person: Person) -> dict[str, AreaAnswer]:
    """The latest answer for each area that has one (one query)."""
    answers = (
        AreaAnswer.objects.filter(person=person, number=_latest_number())
        .select_related("recorded_by")
        .order_by()
    )
    return {answer.area: answer for answer in answers}


@dataclass(frozen=True)
class AreaRow:
    area: Area
    slug: str
    answer: AreaAnswer | None


def summary(person: Person) -> list[AreaRow]:
    """Every area, in the assessment's order, with its current answer or None."""
    answers = current_answers(person)
    return [AreaRow(area, area_slug(area), answers.get(area.value)) for area in Area]


def area_history(person: Person, area: str) -> QuerySet[AreaAnswer]:
    return (
        AreaAnswer.objects.filter(person=person, area=area)
        .select_related("recorded_by")
        .order_by("-number")
    )


def history(person: Person) -> QuerySet[AreaAnswer]:
    """Every version of every area, newest first."""
    return (
        AreaAnswer.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-recorded_at", "area", "-number")
    )


def latest_number(person: Person, area: str) -> int:
    """The version a new answer starts from: 0 when the area has never been answered."""
    return latest_number_of(AreaAnswer.objects.filter(person=person, area=area))
