"""Factories for the evaluation's tests: people in a cohort window and their offences."""

from datetime import date
from typing import Any

from django.utils import timezone

from mydirection.evaluation.models import ReoffendingEvent
from mydirection.people.models import Person
from mydirection.staff.models import Team, User
from mydirection.testing import OrderFactory, PersonFactory

START = date(2024, 3, 10)
WINDOW = (date(2024, 1, 1), date(2024, 9, 30))


def enrol(team: Team, *, start: date = START, programme: bool = True, **fields: Any) -> Person:
    """A person whose order started on ``start``, on the programme or not."""
    person = PersonFactory.create(
        team=team, programme_start=start if programme else None, **({"ogrs3": 40} | fields)
    )
    OrderFactory.create(person=person, sentence_date=start, start_date=start)
    return person


def reoffend(person: Person, day: date, by: User) -> None:
    ReoffendingEvent.objects.create(
        person=person,
        offence_date=day,
        category="theft",
        import_batch="TEST",
        imported_at=timezone.now(),
        imported_by=by,
    )
