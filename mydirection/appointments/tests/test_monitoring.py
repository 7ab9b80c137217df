"""The pilot's monitoring figures come out of aggregate queries, by group and month."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mydirection.appointments import monitoring
from mydirection.appointments.models import (
    Appointment,
    NeedDiscussed,
    Outcome,
    OutcomeKind,
    ToolUsed,
)
from mydirection.appointments.testing import AppointmentFactory, OutcomeFactory, local
from mydirection.testing import PersonFactory, World, allocate

pytestmark = pytest.mark.django_db


def contact(person, staff, days, outcome, needs=(), tools=()):
    appointment = AppointmentFactory.create(person=person, staff=staff, starts_at=local(days))
    made = OutcomeFactory.create(appointment=appointment, outcome=outcome)
    NeedDiscussed.objects.bulk_create([NeedDiscussed(outcome=made, area=a) for a in needs])
    ToolUsed.objects.bulk_create([ToolUsed(outcome=made, tool=t) for t in tools])
    return appointment


def test_figures_by_case_manager(world: World) -> None:
    other = allocate(PersonFactory.create(team=world.team_b), world.elsewhere)
    a = OutcomeKind
    contact(
        world.person,
        world.cm,
        -10,
        a.ATTENDED_COMPLIED,
        ["accommodation", "drug_use"],
        ["one_page_profile"],
    )
    contact(world.person, world.cm, -9, a.ATTENDED_FAILED_TO_COMPLY, ["drug_use"])
    contact(world.person, world.cm, -8, a.UNACCEPTABLE_ABSENCE)
    contact(world.person, world.cm, -7, a.ACCEPTABLE_ABSENCE)
    contact(world.person, world.cm, -6, a.TO_BE_RESCHEDULED)  # left out: not happened yet
    contact(other, world.elsewhere, -5, a.ATTENDED_COMPLIED, ["finances"])
    with CaptureQueriesContext(connection) as queries:
        groups = monitoring.figures("case_manager")
    assert len(queries.captured_queries) == 2
    mine = groups[world.cm.pk]
    assert (mine.with_outcome, mine.attended, mine.with_tools) == (4, 2, 1)
    assert mine.attendance_rate == 0.5
    assert mine.need_share("drug_use") == 1.0
    assert mine.need_share("accommodation") == 0.5
    assert mine.tools_share == 0.5
    assert groups[world.elsewhere.pk].need_share("finances") == 1.0
    assert groups[world.elsewhere.pk].need_share("drug_use") == 0.0


def test_figures_by_office_team_and_month(world: World) -> None:
    contact(world.person, world.cm, -3, OutcomeKind.ATTENDED_COMPLIED, ["alcohol_use"])
    contact(world.person, world.cm, -40, OutcomeKind.FAILED_TO_ATTEND)
    by_office = monitoring.figures("office")
    assert by_office[world.hull.pk].attendance_rate == 0.5
    assert monitoring.figures("team")[world.team_a.pk].needs == {"alcohol_use": 1}
    by_month = monitoring.figures("month")
    assert sum(group.with_outcome for group in by_month.values()) == 2
    assert sum(group.needs.get("alcohol_use", 0) for group in by_month.values()) == 1
    total = monitoring.overall()
    assert (total.with_outcome, total.attended) == (2, 1)


def test_two_tools_count_once_and_only_live_appointments_in_range_count(world: World) -> None:
    a = OutcomeKind
    contact(world.person, world.cm, -10, a.ATTENDED_COMPLIED, tools=["one_page_profile"])
    two = contact(
        world.person,
        world.cm,
        -9,
        a.ATTENDED_COMPLIED,
        ["accommodation", "finances"],
        ["one_page_profile", "good_day_bad_day"],
    )
    cancelled = contact(world.person, world.cm, -8, a.ATTENDED_COMPLIED, ["finances"], ["wheel"])
    cancelled.status = "cancelled"
    cancelled.save()
    contact(world.person, world.cm, -40, a.ATTENDED_COMPLIED, ["finances"])  # out of range
    since, until = local(-20), local(0)
    mine = monitoring.figures("case_manager", since=since, until=until)[world.cm.pk]
    assert (mine.with_outcome, mine.attended, mine.with_tools) == (2, 2, 2)
    assert mine.needs == {"accommodation": 1, "finances": 1}
    # Narrowed to some appointments (a team's, say): the needs follow the same rows.
    narrowed = Appointment.objects.filter(pk=two.pk)
    only = monitoring.figures("case_manager", appointments=narrowed)[world.cm.pk]
    assert (only.with_outcome, only.attended, only.with_tools) == (1, 1, 1)
    assert only.needs == {"accommodation": 1, "finances": 1}


def test_the_grouped_queries_agree_with_counting_row_by_row(world: World) -> None:
    """Many random contacts, counted by walking the records in Python: the same figures."""
    draw = random.Random(4)  # test data, not security
    people = [
        (world.person, world.cm),
        (allocate(PersonFactory.create(team=world.team_b), world.elsewhere), world.elsewhere),
    ]
    areas, tools = ["accommodation", "drug_use", "finances"], ["one_page_profile", "wheel"]
    for day in range(-60, 0):
        person, staff = draw.choice(people)
        made = contact(
            person,
            staff,
            day,
            draw.choice(list(OutcomeKind)),
            draw.sample(areas, draw.randrange(3)),
            draw.sample(tools, draw.randrange(3)),
        )
        if draw.random() < 0.1:
            Appointment.objects.filter(pk=made.pk).update(status="superseded")
    # An edit of an outcome moves it between the figures.
    edited = Outcome.objects.filter(outcome=OutcomeKind.ATTENDED_COMPLIED).first()
    assert edited is not None
    edited.outcome = OutcomeKind.UNACCEPTABLE_ABSENCE
    edited.save()
    since = local(-30)
    expected: dict[object, list[int]] = {}
    for outcome in Outcome.objects.select_related("appointment").prefetch_related("needs", "tools"):
        appointment = outcome.appointment
        if (
            appointment.status != "arranged"
            or outcome.outcome == OutcomeKind.TO_BE_RESCHEDULED
            or appointment.starts_at < since
        ):
            continue
        row = expected.setdefault(appointment.staff_id, [0, 0, 0, 0])
        row[0] += 1
        if outcome.attended:
            row[1] += 1
            row[2] += bool(outcome.tools.all())
            row[3] += sum(need.area == "finances" for need in outcome.needs.all())
    got = monitoring.figures("case_manager", since=since)
    assert {
        key: [g.with_outcome, g.attended, g.with_tools, g.needs.get("finances", 0)]
        for key, g in got.items()
    } == expected
    assert sum(row[0] for row in expected.values()) > 10
