"""The summaries kept by the services, the rebuild command, and writers racing on PostgreSQL."""

from datetime import date, timedelta
from functools import partial
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mydirection.appointments.models import Appointment, OutcomeKind
from mydirection.appointments.services import arranging
from mydirection.appointments.services.outcomes import OutcomeDetails, record_outcome
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.evaluation import monitoring
from mydirection.evaluation.monitoring import Dimension
from mydirection.evaluation.period import Edge, Period, last_whole_months, whole_months
from mydirection.people.models import Person
from mydirection.summaries.models import PersonMonth
from mydirection.summaries.services import apply, recount, table, tracking
from mydirection.testing import PersonFactory, World, acting, allocate, at_once

pytestmark = pytest.mark.summaries_as_kept


def attended(person: Person, days: int, needs: tuple[str, ...] = ()) -> Appointment:
    appointment = AppointmentFactory.create(
        person=person, staff=person.case_manager, starts_at=local(days)
    )
    record_outcome(
        actor=acting(appointment.staff, person),
        appointment=appointment,
        details=OutcomeDetails(
            outcome=OutcomeKind.ATTENDED_COMPLIED, actual_minutes=30, needs=list(needs)
        ),
        expected_version=None,
    )
    return appointment


def month_of(appointment: Appointment) -> date:
    return timezone.localtime(appointment.starts_at).date().replace(day=1)


@pytest.mark.django_db
def test_recording_correcting_and_cancelling_keep_the_counts(world: World) -> None:
    appointment = attended(world.person, -3, needs=("accommodation", "finances"))
    key = (world.person.pk, month_of(appointment))
    assert table()[key] == {
        "with_outcome": 1,
        "attended": 1,
        "any_need": 1,
        "need_accommodation": 1,
        "need_finances": 1,
    }
    record_outcome(
        actor=acting(world.cm, world.person),
        appointment=appointment,
        details=OutcomeDetails(outcome=OutcomeKind.ACCEPTABLE_ABSENCE, absence_reason="medical"),
        expected_version=1,
    )
    assert table()[key] == {"with_outcome": 1, "acceptable_absence": 1}
    appointment.refresh_from_db()
    arranging.cancel(
        actor=acting(world.cm, world.person),
        appointment=appointment,
        reason="Entered by mistake",
        expected_version=appointment.version,
    )
    # Nothing left to count: the row goes.
    assert table() == {}
    assert not PersonMonth.objects.exists()


@pytest.mark.django_db
def test_a_refused_change_changes_no_count(world: World) -> None:
    appointment = attended(world.person, -3)
    before = table()
    with pytest.raises(RuntimeError), transaction.atomic():
        with tracking([appointment.pk]):
            Appointment.objects.filter(pk=appointment.pk).update(status="cancelled")
        raise RuntimeError("refused after the change")
    assert table() == before


@pytest.mark.django_db(transaction=True)
def test_tracking_refuses_to_run_outside_a_transaction(world: World) -> None:
    appointment = attended(world.person, -3)
    with pytest.raises(RuntimeError, match="inside the writing transaction"):  # noqa: SIM117
        with tracking([appointment.pk]):
            pass


@pytest.mark.django_db
def test_apply_refuses_an_unknown_count_and_a_count_below_zero(world: World) -> None:
    with pytest.raises(ValueError, match="Not a count"):
        apply(world.person.pk, date(2026, 1, 1), {"nonsense": 1})
    with pytest.raises(ValueError, match="below zero"):
        apply(world.person.pk, date(2026, 1, 1), {"attended": -1})


@pytest.mark.django_db
def test_the_rebuild_command_counts_the_same_again(world: World) -> None:
    attended(world.person, -3, needs=("drug_use",))
    attended(world.person, -40)
    kept = table()
    PersonMonth.objects.all().delete()
    out = StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert table() == kept
    call_command("rebuild_summaries", stdout=out)
    assert table() == kept
    assert "Summaries rebuilt: 2 person-months." in out.getvalue()


@pytest.mark.django_db
def test_the_page_default_reads_the_summaries_alone_and_groups_by_ids(world: World) -> None:
    """The last 12 whole months: no appointment is read, the database groups by the team's id
    (the names are read once, for the few groups), and people count once however many months
    they were seen in."""
    today = timezone.localdate()
    first = today.replace(day=1)
    attended(world.person, (first - timedelta(days=3) - today).days)  # last month
    attended(world.person, (first - timedelta(days=40) - today).days)  # the month before
    period = last_whole_months(today)
    with CaptureQueriesContext(connection) as queries:
        (row,) = monitoring.attendance(Dimension.TEAM, None, period)
    assert (row["people"], row["with_outcome"], row["attended"]) == (1, 2, 2)
    assert row["group"] == f"{world.team_a.name}, {world.team_a.office.name}"
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "appointments_appointment" not in sql
    assert "ORDER BY" not in queries.captured_queries[0]["sql"]
    assert len(queries.captured_queries) == 3  # the sums, the people, the teams' names


@pytest.mark.django_db
def test_the_page_reads_the_summaries_once_for_every_figure(world: World) -> None:
    """Within one reading (the monitoring page), attendance, needs and tools over the same
    period share one pass over the summaries; outside it, each reads afresh."""
    today = timezone.localdate()
    first = today.replace(day=1)
    attended(world.person, (first - timedelta(days=3) - today).days, needs=("drug_use",))
    period = last_whole_months(today)
    figures = (monitoring.attendance, monitoring.needs_discussed, monitoring.tools_used)

    def summaries_read() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = [figure(Dimension.TEAM, None, period) for figure in figures]
        assert rows[0][0]["attended"] == 1 and rows[1][0]["drug_use"] == 1
        return sum("summaries_personmonth" in q["sql"] for q in queries.captured_queries)

    alone = summaries_read()
    with monitoring.one_reading():
        together = summaries_read()
    # Alone: each figure's sums, and attendance's people; together: one pass, and the people.
    assert (alone, together) == (4, 2)


def test_a_period_cut_at_month_boundaries() -> None:
    months = whole_months(Period(date(2025, 12, 7), date(2026, 12, 6)))
    assert months is not None
    assert months.whole == Period(date(2026, 1, 1), date(2026, 11, 30))
    assert months.edges == (
        Edge(date(2025, 12, 1), Period(date(2025, 12, 7), date(2025, 12, 31))),
        Edge(date(2026, 12, 1), Period(date(2026, 12, 1), date(2026, 12, 6))),
    )
    aligned = whole_months(Period(date(2026, 2, 1), date(2026, 2, 28)))
    assert aligned is not None and aligned.edges == ()
    assert whole_months(Period()) is not None
    assert whole_months(Period(until=date(2026, 3, 31))) == whole_months(
        Period(until=date(2026, 3, 31))
    )
    open_start = whole_months(Period(until=date(2026, 3, 15)))
    assert open_start is not None and open_start.whole == Period(until=date(2026, 2, 28))
    assert whole_months(Period(date(2026, 3, 2), date(2026, 3, 30))) is None
    assert whole_months(Period(date(2026, 2, 20), date(2026, 3, 10))) is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_outcomes_recorded_at_once_are_all_counted(world: World) -> None:
    """Threads recording outcomes for one person's appointments in one month, together: the
    first inserts the month's row, the others wait on its unique key and add to it."""
    person = allocate(PersonFactory.create(team=world.team_a), world.cm)
    today = timezone.localdate()
    days = [-(today.day - 1) + i for i in range(8)]  # eight days of this month, from the 1st
    appointments = [
        AppointmentFactory.create(person=person, staff=world.cm, starts_at=local(day, hour=9))
        for day in days
    ]
    later = timezone.now() + timedelta(days=40)

    def recording(appointment: Appointment) -> object:
        return record_outcome(
            actor=acting(world.cm, person),
            appointment=appointment,
            details=OutcomeDetails(
                outcome=OutcomeKind.ATTENDED_COMPLIED, actual_minutes=30, needs=["finances"]
            ),
            expected_version=None,
            now=later,
        )

    made, refused = at_once([partial(recording, a) for a in appointments])
    assert (made, refused) == (8, [])
    row = PersonMonth.objects.get(person=person)
    assert (row.with_outcome, row.attended, row.need_finances) == (8, 8, 8)
    kept = table([person.pk])
    recount([person.pk])
    assert table([person.pk]) == kept
