"""The senior's team diary: a day lists the team's appointments; a week counts them by
member of staff and day, naming no one on probation."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry
from mydirection.appointments import selectors
from mydirection.appointments.models import Status
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.testing import PersonFactory, World, allocate, page_queries, sign_in

pytestmark = pytest.mark.django_db


def monday() -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def week_url() -> str:
    return reverse("appointments:team-diary") + f"?view=week&date={monday().isoformat()}"


def arrange_week(world: World) -> None:
    """Carol: two on Monday, one on Wednesday; Priya: one on Wednesday; a cancelled one and
    one the week after, which do not count."""
    start = (monday() - timezone.localdate()).days
    for day, staff in ((0, world.cm), (0, world.cm), (2, world.cm), (2, world.colleague)):
        AppointmentFactory.create(person=world.person, staff=staff, starts_at=local(start + day))
    AppointmentFactory.create(
        person=world.person, staff=world.cm, starts_at=local(start + 1), status=Status.CANCELLED
    )
    AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(start + 8))


def test_the_week_counts_appointments_by_member_of_staff_and_day(world: World) -> None:
    arrange_week(world)
    week = selectors.team_week(world.senior, monday())
    assert [(row.staff, row.counts) for row in week.rows] == [
        (world.cm, [2, 0, 1, 0, 0, 0, 0]),
        (world.colleague, [0, 0, 1, 0, 0, 0, 0]),
    ]
    assert week.totals == [2, 0, 2, 0, 0, 0, 0] and week.total == 4
    assert selectors.team_week(world.cm, monday()).rows == []  # not a senior


def test_the_week_page_names_staff_not_people_and_consults_no_one(world: World) -> None:
    arrange_week(world)
    client = sign_in(Client(), world.senior)
    before = AccessLogEntry.objects.count()
    page = client.get(week_url()).content.decode()
    assert "Carol Mercer" in page and "Priya Natarajan" in page
    assert world.person.full_name not in page
    assert f"?date={monday().isoformat()}" in page  # each day opens the team's day
    assert AccessLogEntry.objects.count() == before


def test_a_day_lists_the_appointments_and_consults_the_people(world: World) -> None:
    AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(0, 16))
    client = sign_in(Client(), world.senior)
    page = client.get(reverse("appointments:team-diary")).content.decode()
    assert world.person.full_name in page
    entry = AccessLogEntry.objects.latest("id")
    assert entry.what == "Team diary" and entry.subject_id == world.person.pk


def test_the_week_costs_the_same_queries_however_many_appointments(world: World) -> None:
    client = sign_in(Client(), world.senior)
    arrange_week(world)
    small = page_queries(client, week_url())
    start = (monday() - timezone.localdate()).days
    for i in range(10):
        person = allocate(PersonFactory.create(team=world.team_a), world.colleague)
        AppointmentFactory.create(
            person=person, staff=world.colleague, starts_at=local(start + i % 7)
        )
    assert page_queries(client, week_url()) == small
