"""The pilot's monitoring figures come out of aggregate queries, by group and month."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mydirection.appointments import monitoring
from mydirection.appointments.models import NeedDiscussed, OutcomeKind, ToolUsed
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
