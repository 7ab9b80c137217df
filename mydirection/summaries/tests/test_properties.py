"""The summaries against counting the records (hypothesis): whatever outcomes are recorded,
corrected, rescheduled or cancelled, however people move between teams and case managers,
and whatever training their staff are given or have taken away (before and after their
appointments), the monitoring figures read from the summaries equal the figures counted from
the records, for every grouping and period, and the summaries kept equal the summaries
rebuilt."""

import contextlib
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mydirection.appointments.models import Appointment, OutcomeKind, Status
from mydirection.appointments.services import arranging
from mydirection.appointments.services.outcomes import OutcomeDetails, record_outcome
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.caseload.services import AllocationRefused, HandoverNote, reallocate
from mydirection.evaluation import monitoring
from mydirection.evaluation.monitoring import Dimension
from mydirection.evaluation.period import ALL, Period, last_12_months, last_whole_months
from mydirection.learning import services as learning
from mydirection.learning.models import Attendee
from mydirection.learning.testing import as_staff
from mydirection.people.models import Person
from mydirection.plans.testing import a_goal
from mydirection.practice import Area, Tool
from mydirection.staff import services as staff
from mydirection.staff.models import TrainingCourse
from mydirection.summaries.models import PersonDay
from mydirection.summaries.services import recount, table
from mydirection.testing import PersonFactory, World, acting, allocate
from mydirection.versioning import StaleEdit

KINDS = [
    OutcomeKind.ATTENDED_COMPLIED,
    OutcomeKind.ATTENDED_FAILED_TO_COMPLY,
    OutcomeKind.ACCEPTABLE_ABSENCE,
    OutcomeKind.UNACCEPTABLE_ABSENCE,
    OutcomeKind.FAILED_TO_ATTEND,
    OutcomeKind.TO_BE_RESCHEDULED,
]
outcome = st.tuples(
    st.just("outcome"),
    st.integers(0, 30),
    st.sampled_from(KINDS),
    st.lists(st.sampled_from(Area.values[:3]), max_size=2),
    st.lists(st.sampled_from(Tool.values[:3]), max_size=2),
    st.sampled_from(["", "1", "3"]),
    st.booleans(),
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("arrange"), st.integers(0, 2), st.integers(-80, 40)),
        outcome,
        outcome,
        outcome,
        st.tuples(st.just("reschedule"), st.integers(0, 30), st.integers(1, 50)),
        st.tuples(st.just("cancel"), st.integers(0, 30)),
        st.tuples(st.just("reallocate"), st.integers(0, 2), st.integers(0, 2)),
        st.tuples(st.just("move"), st.integers(0, 2), st.booleans()),
        # Training for an appointment's member of staff, on a day before or after it: recorded
        # by an administrator, or a training day attended; a training day they attended
        # changed to not attended (the course of that day taken away).
        st.tuples(st.just("train"), st.integers(0, 30), st.integers(-40, 10)),
        st.tuples(st.just("training_day"), st.integers(0, 30), st.integers(-40, 10)),
        st.tuples(st.just("untrain"), st.integers(0, 30)),
    ),
    min_size=5,
    max_size=30,
)

# Outcomes may be recorded for any appointment drawn, past or (moved) future.
LATER = timedelta(days=120)
# Attendance at a training day is recorded once it has happened.
AFTER = date(2100, 1, 1)


def run(world: World, people: list[Person], operation: tuple[Any, ...]) -> None:
    kind = operation[0]
    managers = [world.cm, world.colleague, world.elsewhere]
    if kind == "arrange":
        person = Person.objects.get(pk=people[operation[1]].pk)
        AppointmentFactory.create(
            person=person, staff=person.case_manager, starts_at=local(operation[2])
        )
        return
    if kind in ("reallocate", "move"):
        person = Person.objects.select_related("case_manager").get(pk=people[operation[1]].pk)
        if kind == "move":
            team = world.team_b if operation[2] else world.team_a
            Person.objects.filter(pk=person.pk).update(team=team)
            return
        reallocate(
            actor=acting(world.senior, person),
            person=person,
            to=managers[operation[2]],
            reason="Moving",
            handover=HandoverNote(what_matters="Home", key_history="None"),
        )
        return
    appointments = list(Appointment.objects.filter(status=Status.ARRANGED).order_by("created_at"))
    if not appointments:
        return
    appointment = appointments[operation[1] % len(appointments)]
    if kind in ("train", "training_day", "untrain"):
        training(world, appointment, operation)
        return
    actor = acting(appointment.staff, appointment.person)
    if kind == "outcome":
        _, _, outcome_kind, needs, tools, conversation, goal = operation
        attended = outcome_kind in (
            OutcomeKind.ATTENDED_COMPLIED,
            OutcomeKind.ATTENDED_FAILED_TO_COMPLY,
        )
        goals = appointment.person.plan.goals.values_list("pk", flat=True)
        existing = getattr(appointment, "outcome", None)
        record_outcome(
            actor=actor,
            appointment=appointment,
            details=OutcomeDetails(
                outcome=outcome_kind,
                absence_reason="medical",
                actual_minutes=30 if attended else None,
                conversation=conversation,
                needs=needs if attended else [],
                tools=tools if attended else [],
                goals=[str(pk) for pk in goals] if attended and goal else [],
            ),
            expected_version=existing.version if existing else None,
            now=timezone.now() + LATER,
        )
    elif kind == "reschedule":
        arranging.reschedule(
            actor=actor,
            appointment=appointment,
            new_start=local(operation[2], hour=15),
            rescheduled_by="staff",
            reason="Clash",
            expected_version=appointment.version,
            confirm_clashes=True,
        )
    elif kind == "cancel":
        arranging.cancel(
            actor=actor,
            appointment=appointment,
            reason="Not needed",
            expected_version=appointment.version,
        )


def training(world: World, appointment: Appointment, operation: tuple[Any, ...]) -> None:
    """Training added or taken away for the appointment's member of staff, through the
    services that write it (``staff``'s and ``learning``'s)."""
    kind, user = operation[0], appointment.staff
    if kind == "untrain":
        attended = Attendee.objects.filter(user=user, attended=True).order_by("day__held_on")
        first = attended.select_related("day").first()
        if first is not None:
            learning.record_attendance(
                actor=as_staff(world.senior), day=first.day, attended=[], today=AFTER
            )
        return
    day = timezone.localtime(appointment.starts_at).date() + timedelta(days=operation[2])
    if kind == "train":
        staff.record_training(
            actor=as_staff(world.administrator),
            user=user,
            course=TrainingCourse.PERSON_CENTRED,
            completed_on=day,
        )
        return
    held = learning.organise_training_day(
        actor=as_staff(world.senior),
        office=world.team_a.office,
        course=TrainingCourse.THREE_CONVERSATIONS,
        held_on=day,
        place="Room 2",
        facilitator="Jess Holt",
        attendees=[user],
    )
    learning.record_attendance(actor=as_staff(world.senior), day=held, attended=[user], today=AFTER)


def periods() -> list[Period]:
    today = timezone.localdate()
    first = today.replace(day=1)
    return [
        ALL,
        last_12_months(today),
        last_whole_months(today),  # the page's default: the summaries alone
        last_whole_months(today, 1),
        Period(today - timedelta(days=45), today - timedelta(days=3)),
        Period(since=today - timedelta(days=70)),
        Period(until=today + timedelta(days=10)),
        Period(first - timedelta(days=1), first),  # two part-months, no whole one
        Period((first - timedelta(days=40)).replace(day=1), first - timedelta(days=1)),
        Period(date(2000, 1, 1), date(2000, 1, 31)),
    ]


FIGURES = [
    (monitoring.attendance, monitoring.counted_attendance),
    (monitoring.needs_discussed, monitoring.counted_needs_discussed),
    (monitoring.tools_used, monitoring.counted_tools_used),
    (monitoring.practice_by_training, monitoring.counted_practice_by_training),
]


def check(world: World) -> None:
    for read, counted in FIGURES:
        for by in (Dimension.OFFICE, Dimension.TEAM, Dimension.CASE_MANAGER, Dimension.MONTH):
            for period in periods():
                assert read(by, None, period) == counted(by, None, period), (read, by, period)
        office = world.hull.pk
        for by in (Dimension.TEAM, Dimension.CASE_MANAGER):
            for period in (ALL, last_12_months(timezone.localdate())):
                assert read(by, office, period) == counted(by, office, period), (read, by)
    kept = (table(), table(model=PersonDay))
    recount()
    assert (table(), table(model=PersonDay)) == kept


EXAMPLES = 30 if connection.vendor == "sqlite" else 10


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=operations)
def test_the_summaries_give_the_figures_counting_the_records_gives(
    world: World, sequence: list[Any]
) -> None:
    with transaction.atomic():
        people = [world.person] + [
            allocate(PersonFactory.create(team=world.team_a), world.cm) for _ in range(2)
        ]
        for person in people:
            a_goal(person, world.cm)
        for operation in sequence:
            # A refusal is part of the sequence: the figures must agree after it too.
            with contextlib.suppress(ValidationError, StaleEdit, AllocationRefused):
                run(world, people, operation)
        check(world)
        transaction.set_rollback(True)
