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
from mydirection.learning import services as learning
from mydirection.learning.testing import a_day, as_staff
from mydirection.people.models import Person
from mydirection.plans.testing import a_goal
from mydirection.staff.models import TrainingCourse
from mydirection.staff.services import record_training
from mydirection.summaries.models import PersonDay, PersonMonth
from mydirection.summaries.services import apply, recount, table, tracking
from mydirection.testing import PersonFactory, World, acting, allocate, at_once


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
def test_the_rebuild_command_counts_the_same_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everyone counted again a month at a time, or some people a person at a time (as
    thousands are at scale), the rows are the same."""
    monkeypatch.setattr("mydirection.summaries.services.CHUNK", 1)
    attended(world.person, -3, needs=("drug_use",))
    attended(world.person, -40)
    attended(world.other_person, -3)
    kept, kept_days = table(), table(model=PersonDay)
    PersonMonth.objects.all().delete()
    PersonDay.objects.all().delete()
    out = StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert (table(), table(model=PersonDay)) == (kept, kept_days)
    call_command("rebuild_summaries", stdout=out)
    assert (table(), table(model=PersonDay)) == (kept, kept_days)
    assert "Summaries rebuilt: 3 person-months, 3 person-days." in out.getvalue()
    PersonMonth.objects.all().delete()
    PersonDay.objects.all().delete()
    assert recount([world.person.pk, world.other_person.pk]) == 6
    assert (table(), table(model=PersonDay)) == (kept, kept_days)


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
def test_a_period_of_any_days_reads_the_daily_counts_not_the_records(world: World) -> None:
    """A period that is not whole months (the 12 months to today, the last 30 days) reads
    its part-months from the counts by day: no appointment is read, and a person seen on
    two days of a part-month, or in a part-month and a whole month, is one person."""
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month = first - timedelta(days=1)
    for day in (last_month.replace(day=1), last_month.replace(day=2), last_month):
        attended(world.person, (day - today).days)
    part = Period(last_month.replace(day=2), last_month)  # the 1st left out
    spanning = Period(last_month.replace(day=2), today)  # a part-month and this month's part
    with CaptureQueriesContext(connection) as queries:
        (row,) = monitoring.attendance(Dimension.TEAM, None, part)
        (month,) = monitoring.attendance(Dimension.MONTH, None, part)
        (spanned,) = monitoring.attendance(Dimension.TEAM, None, spanning)
    assert (row["people"], row["with_outcome"], row["attended"]) == (1, 2, 2)
    assert (month["people"], month["with_outcome"]) == (1, 2)
    assert (spanned["people"], spanned["with_outcome"]) == (1, 2)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "appointments_appointment" not in sql
    assert "summaries_personday" in sql


@pytest.mark.django_db
def test_the_page_reads_the_summaries_once_for_every_figure(world: World) -> None:
    """Within one reading (the monitoring page), attendance, needs, tools and practice by
    trained and untrained staff over the same period share one pass over the summaries;
    outside it, each reads afresh."""
    today = timezone.localdate()
    first = today.replace(day=1)
    attended(world.person, (first - timedelta(days=3) - today).days, needs=("drug_use",))
    period = last_whole_months(today)
    figures = (
        monitoring.attendance,
        monitoring.needs_discussed,
        monitoring.tools_used,
        monitoring.practice_by_training,
    )

    def summaries_read() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = [figure(Dimension.TEAM, None, period) for figure in figures]
        assert rows[0][0]["attended"] == 1 and rows[1][0]["drug_use"] == 1
        return sum("summaries_personmonth" in q["sql"] for q in queries.captured_queries)

    alone = summaries_read()
    with monitoring.one_reading():
        together = summaries_read()
    # Alone: each figure's sums, and attendance's people; together: one pass, and the people.
    assert (alone, together) == (5, 2)


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


def practised(person: Person, days: int, *, tools: bool, goal: bool) -> Appointment:
    """An appointment ``days`` from today, attended, with a tool and a goal discussed or not."""
    appointment = AppointmentFactory.create(
        person=person, staff=person.case_manager, starts_at=local(days)
    )
    goals = [str(pk) for pk in person.plan.goals.values_list("pk", flat=True)] if goal else []
    record_outcome(
        actor=acting(appointment.staff, person),
        appointment=appointment,
        details=OutcomeDetails(
            outcome=OutcomeKind.ATTENDED_COMPLIED,
            actual_minutes=30,
            tools=["one_page_profile"] if tools else [],
            goals=goals,
        ),
        expected_version=None,
    )
    return appointment


def trained_counts(person: Person) -> dict[str, int]:
    """The person's trained counts kept, added up over their months."""
    added: dict[str, int] = {}
    for row in table([person.pk]).values():
        for key, value in row.items():
            if key.startswith("trained_"):
                added[key] = added.get(key, 0) + value
    return added


@pytest.mark.django_db
def test_training_added_and_taken_away_moves_the_trained_counts(world: World) -> None:
    """Training recorded by an administrator (``staff``) and a training day's attendance
    (``learning``) count the appointments of the people the member of staff saw again, in
    their transaction: training on the day of an appointment counts it as trained."""
    a_goal(world.person, world.cm)
    practised(world.person, -30, tools=True, goal=True)
    practised(world.person, -10, tools=False, goal=True)
    assert trained_counts(world.person) == {}
    record_training(
        actor=as_staff(world.administrator),
        user=world.cm,
        course=TrainingCourse.STRENGTHS_BASED,
        completed_on=timezone.localdate() - timedelta(days=10),
    )
    assert trained_counts(world.person) == {
        "trained_with_outcome": 1,
        "trained_attended": 1,
        "trained_plan_goal": 1,
    }
    # An earlier training day attended: both were seen by trained staff.
    day = a_day(world, invited=[world.cm], held_on=timezone.localdate() - timedelta(days=40))
    learning.record_attendance(
        actor=as_staff(world.senior), day=day, attended=[world.cm], today=timezone.localdate()
    )
    assert trained_counts(world.person) == {
        "trained_with_outcome": 2,
        "trained_attended": 2,
        "trained_with_tools": 1,
        "trained_plan_goal": 2,
    }
    # A change of mind: she did not attend after all.
    learning.record_attendance(
        actor=as_staff(world.senior), day=day, attended=[], today=timezone.localdate()
    )
    assert trained_counts(world.person)["trained_with_outcome"] == 1
    kept = table()
    recount()
    assert table() == kept


@pytest.mark.django_db
def test_a_training_change_counts_again_only_the_months_from_its_day(world: World) -> None:
    """Who was trained by an appointment's day changes only from the day of the training
    added or taken away: the months before it are left as they are (a long-serving case
    manager's years of appointments are not counted again for a course taken today)."""
    earlier = practised(world.person, -100, tools=False, goal=False)
    later = practised(world.person, -3, tools=False, goal=False)
    assert month_of(earlier) < month_of(later)
    # A mark on the earlier month's row: counting it again would wipe it.
    PersonMonth.objects.filter(person=world.person, month=month_of(earlier)).update(
        acceptable_absence=7
    )
    record_training(
        actor=as_staff(world.administrator),
        user=world.cm,
        course=TrainingCourse.STRENGTHS_BASED,
        completed_on=timezone.localdate() - timedelta(days=3),
    )
    rows = table([world.person.pk])
    assert rows[(world.person.pk, month_of(earlier))]["acceptable_absence"] == 7
    assert "trained_with_outcome" not in rows[(world.person.pk, month_of(earlier))]
    assert rows[(world.person.pk, month_of(later))]["trained_with_outcome"] == 1
    recount([world.person.pk])
    assert (
        "acceptable_absence" not in table([world.person.pk])[(world.person.pk, month_of(earlier))]
    )


@pytest.mark.django_db
def test_practice_by_training_from_the_summaries_equals_counting_the_records(
    world: World,
) -> None:
    """Appointments over four months, staff trained between them: the figure read from the
    summaries (whole months, and part-months counted from the records) equals the figure
    counted from the records; over whole months it reads neither appointments nor training."""
    other = allocate(PersonFactory.create(team=world.team_b), world.elsewhere)
    for person, manager in ((world.person, world.cm), (other, world.elsewhere)):
        a_goal(person, manager)
    for days in (-100, -75, -50, -45, -20, -5):
        practised(world.person, days, tools=days % 2 == 0, goal=days < -40)
        practised(other, days + 1, tools=True, goal=False)
    for user, days in ((world.cm, -60), (world.elsewhere, -5)):
        record_training(
            actor=as_staff(world.administrator),
            user=user,
            course=TrainingCourse.PERSON_CENTRED,
            completed_on=timezone.localdate() + timedelta(days=days),
        )
    today = timezone.localdate()
    whole = last_whole_months(today, 4)
    ragged = Period(today - timedelta(days=90), today - timedelta(days=4))
    months = whole_months(ragged)
    assert months is not None and len(months.edges) == 2 and months.whole.since is not None
    for period in (whole, ragged):
        for by in (Dimension.OFFICE, Dimension.TEAM, Dimension.MONTH):
            read = monitoring.practice_by_training(by, None, period)
            assert read == monitoring.counted_practice_by_training(by, None, period), (by, period)
            assert read  # something to compare
    rows = {row["group"]: row for row in monitoring.practice_by_training(Dimension.OFFICE)}
    assert {"Hull: trained", "Hull: not trained", "Beverley: not trained"} <= set(rows)
    with CaptureQueriesContext(connection) as queries:
        monitoring.practice_by_training(Dimension.TEAM, None, whole)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "appointments_appointment" not in sql and "staff_training" not in sql


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_training_recorded_while_outcomes_are_recorded_is_counted(world: World) -> None:
    """An administrator records a case manager's training while outcomes of the people she
    sees are recorded: the recount waits for the outcomes' locks (or they for it), and the
    counts kept equal the counts of the records."""
    person = allocate(PersonFactory.create(team=world.team_a), world.cm)
    appointments = [
        AppointmentFactory.create(person=person, staff=world.cm, starts_at=local(-3 * i))
        for i in range(1, 7)
    ]

    def recording(appointment: Appointment) -> object:
        return record_outcome(
            actor=acting(world.cm, person),
            appointment=appointment,
            details=OutcomeDetails(outcome=OutcomeKind.ATTENDED_COMPLIED, actual_minutes=30),
            expected_version=None,
        )

    def training() -> object:
        return record_training(
            actor=as_staff(world.administrator),
            user=world.cm,
            course=TrainingCourse.PERSON_CENTRED,
            completed_on=timezone.localdate() - timedelta(days=10),
        )

    made, refused = at_once([training, *(partial(recording, a) for a in appointments)])
    assert (made, refused) == (7, [])
    # Trained by the day: the appointments 3, 6 and 9 days ago.
    assert trained_counts(person)["trained_with_outcome"] == 3
    kept = table([person.pk])
    recount([person.pk])
    assert table([person.pk]) == kept
