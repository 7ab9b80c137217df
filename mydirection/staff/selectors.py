"""Reading staff records for the layers above: who was trained by when."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import BooleanField, Case, Min, Q, QuerySet, Value, When

from mydirection.dates import start_of
from mydirection.staff.models import Training


def trained_by_then(among: QuerySet[Any] | None = None) -> Case | Value:
    """Whether an appointment's member of staff (``staff_id``) had completed any training
    (any course) by the local day it starts (``starts_at``): the one definition the
    monitoring's practice by trained and untrained staff and its summaries both use.

    Each member of staff's first training is read once (one row a person trained) and the
    staff are grouped by that day: an appointment is tested against each training day's
    staff (a hashed list of ids) and its start, not probed against the training table row
    by row (at 500,000 appointments the probe took 7.5 s of the figure's 15). ``among``, a
    few appointments: only their staff's training is read."""
    training = Training.objects.all()
    if among is not None:
        training = training.filter(user__in=among.values("staff_id"))
    firsts = training.values("user").annotate(first=Min("completed_on")).order_by()
    by_day: dict[date, list[UUID]] = {}
    for row in firsts:
        by_day.setdefault(row["first"], []).append(row["user"])
    if not by_day:
        return Value(False, output_field=BooleanField())
    trained = Q()
    for day, users in sorted(by_day.items()):
        trained |= Q(staff_id__in=users, starts_at__gte=start_of(day))
    return Case(When(trained, then=Value(True)), default=Value(False), output_field=BooleanField())


@dataclass(frozen=True)
class CourseTaken:
    """A course as a list of someone's training shows it: once, however often taken."""

    course: str
    label: str
    latest: date
    times: int


def courses_taken(training: Iterable[Training]) -> list[CourseTaken]:
    """Each course once, with the day it was last completed and how many times it was
    (an action learning set meets monthly: six sessions are one line, not six), the most
    recent first."""
    by_course: dict[str, list[Training]] = {}
    for done in training:
        by_course.setdefault(done.course, []).append(done)
    taken = [
        CourseTaken(
            course=course,
            label=days[0].get_course_display(),
            latest=max(day.completed_on for day in days),
            times=len(days),
        )
        for course, days in by_course.items()
    ]
    return sorted(taken, key=lambda course: (course.latest, course.label), reverse=True)
