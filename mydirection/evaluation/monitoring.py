"""Implementation monitoring from the live records: one function per figure, plain rows.
This is the one module computing the figures: the monitoring page, the reports and the
benchmark all call it (issue 16, item 1).

Every figure is one aggregate query, grouped in the database by office, team, case manager
or month (``Dimension``), and the referral figures also by intervention; Python only turns the
few grouped rows into labels. A figure is a
``Figure`` in ``FIGURES``: its columns, the dimensions it can be cut by, and the function
computing it (``(by, office) -> list[Row]``). A figure whose records do not exist yet can
have ``compute=None``: it shows as "not yet recorded". Attendance, needs, tools and practice
by trained and untrained staff come from the appointments app's outcomes (``Outcome``,
``NeedDiscussed``, ``ToolUsed``), read through the summaries the services keep by month and
by day (``summaries.PersonMonth``, ``PersonDay``; ``_from_summaries``), and the same figures
counted from the records are ``counted_attendance`` and its kin (the property test compares
them); referrals from the interventions app's ``Referral`` and its ``ReferralEvent`` history.

Every figure takes a ``Period`` (``evaluation.period``): the records whose date (the one
the figure's month is) falls in it. A figure about people now (who holds whom) says so
(``Figure.dated_by`` empty) and is not cut by a period.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from django.db.models import (
    Avg,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth

from mydirection.appointments.models import (
    ATTENDED,
    Appointment,
    OutcomeGoal,
    OutcomeKind,
    Status,
    ToolUsed,
)
from mydirection.caseload.models import Allocation
from mydirection.evaluation.period import ALL, Period, whole_months
from mydirection.interventions.models import Intervention, Reason, Referral, Suitability
from mydirection.interventions.models import Status as ReferralStatus
from mydirection.people.models import Consent, ConsentPurpose, Order, Person
from mydirection.plans.models import Agreement, PlanChange, PlanVersion
from mydirection.practice import Area, Tool
from mydirection.staff.models import (
    CASE_HOLDING_ROLES,
    Office,
    Team,
    Training,
    TrainingCourse,
    User,
)
from mydirection.staff.selectors import trained_by_then
from mydirection.summaries.models import COUNTS, PRACTICE_COUNTS, PersonDay, PersonMonth
from mydirection.summaries.models import need as need_count
from mydirection.summaries.models import tool as tool_count
from mydirection.summaries.models import trained as trained_count

Row = dict[str, Any]


class Dimension(StrEnum):
    OFFICE = "office"
    TEAM = "team"
    CASE_MANAGER = "case_manager"
    MONTH = "month"
    # Referral figures only: the intervention a decision was about.
    INTERVENTION = "intervention"


DIMENSION_LABELS = {
    Dimension.OFFICE: "Office",
    Dimension.TEAM: "Team",
    Dimension.CASE_MANAGER: "Case manager",
    Dimension.MONTH: "Month",
    Dimension.INTERVENTION: "Intervention",
}

# The dimensions a figure about people (not about referrals) can be cut by.
PEOPLE_DIMENSIONS = (Dimension.OFFICE, Dimension.TEAM, Dimension.CASE_MANAGER, Dimension.MONTH)


def _group_field(by: Dimension, prefix: str = "", manager: str = "") -> str:
    """The field to group by: an id (or the month), so the database groups and sorts ids,
    not names; ``manager`` is the path to the case manager when it is not the person's own
    (``{prefix}case_manager``): who made a referral decision, say."""
    return {
        Dimension.OFFICE: f"{prefix}team__office",
        Dimension.TEAM: f"{prefix}team",
        Dimension.CASE_MANAGER: manager or f"{prefix}case_manager",
        Dimension.MONTH: "month",
        Dimension.INTERVENTION: "intervention",
    }[by]


# A group's place in the figure and its label, from its id (or month): ``_labels``.
Label = tuple[tuple[Any, ...], str]


def _labels(by: Dimension, keys: Collection[Any]) -> dict[Any, Label]:
    """The few groups' labels, one query (none by month), each with the order it is shown
    in: offices by name, teams by name and office, case managers by surname (nobody last),
    months in order (no date last), interventions by name and office."""
    ids = [key for key in keys if key is not None]
    if by is Dimension.MONTH:
        return {
            month: (
                (month is None, month or date.min),
                "No date" if month is None else f"{month:%B %Y}",
            )
            for month in keys
        }
    labels: dict[Any, Label] = {None: ((True,), "Not allocated")}
    if by is Dimension.OFFICE:
        for pk, name in Office.objects.filter(pk__in=ids).values_list("pk", "name"):
            labels[pk] = ((False, name), name)
    elif by is Dimension.TEAM:
        teams = Team.objects.filter(pk__in=ids).values_list("pk", "name", "office__name")
        for pk, name, office in teams:
            labels[pk] = ((False, name, office), f"{name}, {office}")
    elif by is Dimension.CASE_MANAGER:
        users = User.objects.filter(pk__in=ids).values_list("pk", "first_name", "last_name")
        for pk, first, last in users:
            labels[pk] = ((False, last, first), f"{first} {last}")
    else:
        interventions = Intervention.objects.filter(pk__in=ids)
        for pk, name, office in interventions.values_list("pk", "name", "office__name"):
            labels[pk] = ((False, name, office), f"{name}, {office}")
    return labels


def _counts(
    queryset: QuerySet[Any], fields: list[str], aggregates: dict[str, Any]
) -> dict[tuple[Any, ...], Row]:
    """The aggregates grouped by ``fields`` (ids), unordered: the database hashes ids."""
    rows = queryset.values(*fields).annotate(**aggregates).order_by()
    return {tuple(row[f] for f in fields): {k: row[k] for k in aggregates} for row in rows}


def _shown(by: Dimension, counts: dict[Any, Row]) -> list[Row]:
    """Rows keyed by group id, labelled and put in the order they are shown."""
    labels = _labels(by, counts.keys())
    ordered = sorted(counts, key=lambda key: labels[key][0])
    return [{"group": labels[key][1], **counts[key]} for key in ordered]


def _grouped(queryset: QuerySet[Any], by: Dimension, prefix: str, **aggregates: Any) -> list[Row]:
    return _grouped_as(queryset, by, prefix, "", aggregates)


def _grouped_as(
    queryset: QuerySet[Any],
    by: Dimension,
    prefix: str,
    manager: str,
    aggregates: dict[str, Any],
) -> list[Row]:
    """``_grouped``, with the case manager at ``manager`` (see ``_group_field``)."""
    field = _group_field(by, prefix, manager)
    counts = _counts(queryset, [field], aggregates)
    return _shown(by, {key: row for (key,), row in counts.items()})


def _people(office: UUID | None) -> QuerySet[Person]:
    people = Person.objects.all()
    return people.filter(team__office_id=office) if office else people


def _on_probation(people: QuerySet[Person], period: Period) -> QuerySet[Person]:
    """People with an order running at any time in the period (everyone, for all time)."""
    if period == ALL:
        return people
    running = Order.objects.filter(period.overlapping("start_date", "end_date"))
    return people.filter(Exists(running.filter(person=OuterRef("pk"))))


def people_on_programme(
    by: Dimension, office: UUID | None = None, period: Period = ALL
) -> list[Row]:
    """People on probation in the period, and those of them on MyDirection by its end; by
    month, people by the month they joined."""
    people = _people(office)
    if by is Dimension.MONTH:
        people = people.filter(period.on("programme_start"), programme_start__isnull=False)
        people = people.annotate(month=TruncMonth("programme_start"))
    else:
        people = _on_probation(people, period)
    joined = Q(programme_start__isnull=False) & Period(until=period.until).on("programme_start")
    return _grouped(people, by, "", people=Count("pk"), on_programme=Count("pk", filter=joined))


def continuity(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """Case managers each person has had (from allocations): the mean, and people with 3+,
    of the people on probation in the period.

    By month: people by the month their first allocation started (in the period).
    """
    if by is Dimension.MONTH:
        return _continuity_by_month(office, period)
    # One row a person (their group and how many case managers), added up here: as one
    # query per group, PostgreSQL counted each person's allocations three times (the mean,
    # the 3 or more, the filter): 700 ms at 50,000 people, where this takes a fifth of it.
    people = _on_probation(_people(office), period)
    per_person = (
        Allocation.objects.filter(person__in=people)
        .values_list(_group_field(by, "person__"), "person")
        .annotate(n=Count("case_manager", distinct=True))
        .order_by()
    )
    totals: dict[Any, list[int]] = {}
    for group, _person, managers in per_person:
        total = totals.setdefault(group, [0, 0, 0])
        total[0] += 1
        total[1] += managers
        total[2] += managers >= 3
    return _shown(
        by,
        {
            group: {
                "people": people,
                "mean_case_managers": managers / people,
                "three_or_more": three,
            }
            for group, (people, managers, three) in totals.items()
        },
    )


def _continuity_by_month(office: UUID | None, period: Period) -> list[Row]:
    managers = (
        Allocation.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(n=Count("case_manager", distinct=True))
        .values("n")
    )
    first = (
        Allocation.objects.filter(person=OuterRef("pk")).order_by("started_at").values("started_at")
    )
    people = (
        _people(office)
        .annotate(managers=Coalesce(Subquery(managers, output_field=IntegerField()), Value(0)))
        .annotate(first=Subquery(first[:1]))
        .filter(period.at("first"))
        .annotate(month=TruncMonth("first"))
    )
    return _grouped(
        people.filter(managers__gt=0),
        Dimension.MONTH,
        "",
        people=Count("pk"),
        mean_case_managers=Avg("managers"),
        three_or_more=Count("pk", filter=Q(managers__gte=3)),
    )


def trained_practice(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """People held by case managers trained in person-centred practice, and by the untrained.

    Not by month, nor in a period: who holds whom, and who is trained, is as it is today.
    """
    if by is Dimension.MONTH:
        return []
    trained = Exists(Training.objects.filter(user=OuterRef("case_manager")))
    people = _people(office).filter(case_manager__isnull=False).annotate(trained=trained)
    return _grouped(
        people,
        by,
        "",
        people=Count("pk"),
        trained_case_managers=Count("case_manager", distinct=True, filter=Q(trained=True)),
        untrained_case_managers=Count("case_manager", distinct=True, filter=Q(trained=False)),
        people_trained=Count("pk", filter=Q(trained=True)),
        people_untrained=Count("pk", filter=Q(trained=False)),
    )


def _case_managers(office: UUID | None) -> QuerySet[User]:
    """Active staff who hold a caseload in a team (of ``office``)."""
    users = User.objects.filter(role__in=CASE_HOLDING_ROLES, is_active=True, team__isnull=False)
    return users.filter(team__office_id=office) if office else users


def training_coverage(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """Case managers (and seniors) now in each office or team, those trained in the period
    (any course, from a training day they attended or training recorded by an
    administrator), and those trained in each course of the catalogue."""
    if by not in (Dimension.OFFICE, Dimension.TEAM):
        return []
    done = Training.objects.filter(period.on("completed_on"), user=OuterRef("pk"))
    per_course = {course: Exists(done.filter(course=course)) for course in TrainingCourse.values}
    users = _case_managers(office).annotate(any_course=Exists(done), **per_course)
    return _grouped(
        users,
        by,
        "",
        case_managers=Count("pk"),
        trained=Count("pk", filter=Q(any_course=True)),
        **{course: Count("pk", filter=Q(**{course: True})) for course in TrainingCourse.values},
    )


def _practice_records(by: Dimension, office: UUID | None, period: Period) -> Counting:
    """The practice figures (``PRACTICE_COUNTS``) of the appointments, and the same counts of
    those whose member of staff was trained by then (``trained_...``), from the records."""
    tool = Exists(ToolUsed.objects.filter(outcome=OuterRef("outcome")))
    goal = Exists(OutcomeGoal.objects.filter(outcome=OuterRef("outcome")))
    rows = _appointments(by, office, period).annotate(
        trained=trained_by_then(), tool=tool, goal=goal
    )
    attended = Q(outcome__outcome__in=ATTENDED)
    counts = {
        "attended": attended,
        "with_tools": attended & Q(tool=True),
        "plan_goal": attended & Q(goal=True),
    }
    return rows, {
        "with_outcome": Count("pk"),
        **{key: Count("pk", filter=condition) for key, condition in counts.items()},
        trained_count("with_outcome"): Count("pk", filter=Q(trained=True)),
        **{
            trained_count(key): Count("pk", filter=condition & Q(trained=True))
            for key, condition in counts.items()
        },
    }


def _split_by_training(by: Dimension, counts: dict[Any, Row]) -> list[Row]:
    """Each group in two, trained first: the trained counts, and the rest (not trained)."""
    labels = _labels(by, counts.keys())
    shown = []
    for key in sorted(counts, key=lambda key: labels[key][0]):
        row = counts[key]
        trained = {count: row[trained_count(count)] for count in PRACTICE_COUNTS}
        untrained = {count: row[count] - trained[count] for count in PRACTICE_COUNTS}
        for part, name in ((trained, "trained"), (untrained, "not trained")):
            if part["with_outcome"]:
                shown.append({"group": f"{labels[key][1]}: {name}", **part})
    return shown


def practice_by_training(
    by: Dimension, office: UUID | None = None, period: Period = ALL
) -> list[Row]:
    """The practice figures (attendance, tools used, a goal of the plan discussed) of the
    appointments in the period, each group split in two: appointments with a member of staff
    trained by that day (any course), and with one not (yet) trained. From the summaries,
    which keep the trained counts beside the totals."""
    return _from_summaries(
        by,
        office,
        period,
        basis="with_outcome",
        columns={
            **{count: count for count in PRACTICE_COUNTS},
            **{trained_count(count): trained_count(count) for count in PRACTICE_COUNTS},
        },
        shown=_split_by_training,
    )


def counted_practice_by_training(
    by: Dimension, office: UUID | None = None, period: Period = ALL
) -> list[Row]:
    """``practice_by_training``, counted from the records."""
    return _split_by_training(by, _keyed(by, _practice_records(by, office, period)))


def consents(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """Consents given in the period, those withdrawn since, and those to the evaluation still in
    force. By month given."""
    rows = Consent.objects.filter(period.on("given_on"))
    if office:
        rows = rows.filter(person__team__office_id=office)
    if by is Dimension.MONTH:
        rows = rows.annotate(month=TruncMonth("given_on"))
    evaluation = Q(purpose=ConsentPurpose.EVALUATION, withdrawn_on__isnull=True)
    return _grouped(
        rows,
        by,
        "person__",
        given=Count("pk"),
        withdrawn=Count("pk", filter=Q(withdrawn_on__isnull=False)),
        evaluation=Count("pk", filter=evaluation),
        people=Count("person", distinct=True),
    )


def plan_agreement(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """People on the programme with a plan, and whose latest agreement says they agree.

    "Agreed, not changed since" is the stricter figure: a plan changed after the person agreed
    needs their agreement again. The people who joined the programme in the period; by
    month, the month they joined.
    """
    latest = PlanVersion.objects.filter(plan__person=OuterRef("pk")).order_by("-number")
    people = (
        _people(office)
        .filter(period.on("programme_start"), programme_start__isnull=False)
        .annotate(agreement=Subquery(latest.values("agreement")[:1]))
    )
    if by is Dimension.MONTH:
        people = people.annotate(month=TruncMonth("programme_start"))
    agreed = Q(agreement=Agreement.AGREED)
    return _grouped(
        people,
        by,
        "",
        people=Count("pk"),
        with_plan=Count("pk", filter=Q(plan__isnull=False)),
        agreed=Count("pk", filter=agreed),
        agreed_unchanged=Count("pk", filter=agreed & Q(plan__changed_since_agreed=False)),
    )


def plan_activity(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """Changes to plans (goals, steps, agreements, notes), and how many were made with or by
    the person: the evidence that plans are worked on together, not written about people."""
    changes = PlanChange.objects.filter(period.at("occurred_at"))
    if office:
        changes = changes.filter(plan__person__team__office_id=office)
    if by is Dimension.MONTH:
        changes = changes.annotate(month=TruncMonth("occurred_at"))
    return _grouped(
        changes,
        by,
        "plan__person__",
        changes=Count("pk"),
        with_person=Count("pk", filter=Q(with_person=True) | Q(by_person=True)),
        by_person=Count("pk", filter=Q(by_person=True)),
        people=Count("plan__person", distinct=True),
    )


def _appointments(by: Dimension, office: UUID | None, period: Period) -> QuerySet[Appointment]:
    """Appointments in the period that happened or were missed: live, with an outcome, and
    not waiting to be rescheduled (it has not happened yet). By month: the month of the
    appointment."""
    rows = Appointment.objects.filter(
        period.at("starts_at"), status=Status.ARRANGED, outcome__isnull=False
    ).exclude(outcome__outcome=OutcomeKind.TO_BE_RESCHEDULED)
    if office:
        rows = rows.filter(person__team__office_id=office)
    if by is Dimension.MONTH:
        rows = rows.annotate(month=TruncMonth("starts_at"))
    return rows


# A figure counted from the records: the appointments and the aggregates over them, grouped
# by ``_group_field(by, "person__")``.
Counting = tuple[QuerySet[Appointment], dict[str, Any]]


def _attendance_records(by: Dimension, office: UUID | None, period: Period) -> Counting:
    return _appointments(by, office, period), {
        "people": Count("person", distinct=True),
        "with_outcome": Count("pk"),
        "attended": Count("pk", filter=Q(outcome__outcome__in=ATTENDED)),
    }


def _needs_records(by: Dimension, office: UUID | None, period: Period) -> Counting:
    """Attended appointments, those at which any area of need was discussed, and how many
    discussed each area: one join to ``NeedDiscussed`` (one row per area discussed)."""
    # Whether a goal of the plan was discussed: a subquery, so the join to needs stays one.
    plan_goal = Exists(OutcomeGoal.objects.filter(outcome__appointment=OuterRef("pk")))
    attended = (
        _appointments(by, office, period)
        .filter(outcome__outcome__in=ATTENDED)
        .annotate(plan_goal=plan_goal)
    )
    per_area = {
        area: Count("outcome__needs", filter=Q(outcome__needs__area=area)) for area in Area.values
    }
    return attended, {
        "attended": Count("pk", distinct=True),
        "any_need": Count("pk", distinct=True, filter=Q(outcome__needs__isnull=False)),
        "plan_goal": Count("pk", distinct=True, filter=Q(plan_goal=True)),
        **per_area,
    }


def _tools_records(by: Dimension, office: UUID | None, period: Period) -> Counting:
    """Attended appointments, those at which any person-centred tool was used, and how often
    each tool was used: one join to ``ToolUsed`` (one row per tool used)."""
    attended = _appointments(by, office, period).filter(outcome__outcome__in=ATTENDED)
    per_tool = {
        tool: Count("outcome__tools", filter=Q(outcome__tools__tool=tool)) for tool in Tool.values
    }
    return attended, {
        "attended": Count("pk", distinct=True),
        "with_tools": Count("pk", distinct=True, filter=Q(outcome__tools__isnull=False)),
        **per_tool,
    }


def _keyed(by: Dimension, counting: Counting) -> dict[Any, Row]:
    """A figure counted from the records, by group id (months as dates)."""
    queryset, aggregates = counting
    counts = _counts(queryset, [_group_field(by, "person__")], aggregates)
    return {_month_day(key): row for (key,), row in counts.items()}


def _month_day(key: Any) -> Any:
    """A month from ``TruncMonth`` of a moment (a local datetime) as the date the summaries
    hold; any other key as it is."""
    return key.date() if isinstance(key, datetime) else key


def counted_attendance(
    by: Dimension, office: UUID | None = None, period: Period = ALL
) -> list[Row]:
    """Appointments attended out of those with an outcome (the rate is the figure's share),
    counted from the records."""
    return _shown(by, _keyed(by, _attendance_records(by, office, period)))


def counted_needs_discussed(
    by: Dimension, office: UUID | None = None, period: Period = ALL
) -> list[Row]:
    """``needs_discussed``, counted from the records."""
    return _shown(by, _keyed(by, _needs_records(by, office, period)))


def counted_tools_used(
    by: Dimension, office: UUID | None = None, period: Period = ALL
) -> list[Row]:
    """``tools_used``, counted from the records."""
    return _shown(by, _keyed(by, _tools_records(by, office, period)))


# From the summaries: the figures about appointments read the counts kept per person and
# month (``summaries.PersonMonth``) for the whole months of the period, and per person and
# day (``PersonDay``) for the part-months at its ends (at most two), or for all of a period
# with no whole month in it; so a period of any days gives the same figures as counting the
# records, without reading them. The page's default is whole months (``last_whole_months``).


# The page reads the summaries once: every count summed in one pass over the period's rows
# (attendance, needs, tools and practice read the same rows), kept for the rest of the
# request by ``one_reading``. Anything else (the report, the tests) reads afresh.
_reading: ContextVar[dict[tuple[Any, ...], dict[Any, Row]] | None] = ContextVar(
    "monitoring_reading", default=None
)


@contextmanager
def one_reading() -> Iterator[None]:
    """Within this, figures that read the same summaries over the same period share one
    query (the monitoring page: a dozen figures in one request)."""
    token = _reading.set({})
    try:
        yield
    finally:
        _reading.reset(token)


def _summed(
    by: Dimension,
    office: UUID | None,
    period: Period,
    needed: Collection[str],
    model: type[PersonMonth] | type[PersonDay] = PersonMonth,
) -> dict[Any, Row]:
    """The ``needed`` counts of ``model`` (every count, within one reading) summed by group
    over its rows in ``period`` (whole months of ``PersonMonth``; any days of ``PersonDay``),
    and how many people in each group have any appointment with an outcome
    (``rows_with_outcome``) and any attended (``rows_attended``). By month, those are the
    people of that month: a month's row is one person, a day's rows are counted by person."""
    kept = _reading.get()
    key = (by, office, period, model)
    if kept is not None and key in kept:
        return kept[key]
    field = "day" if model is PersonDay else "month"
    rows = model._default_manager.filter(period.on(field), with_outcome__gt=0)
    if office:
        rows = rows.filter(person__team__office_id=office)
    # Named apart from the fields they sum: an aggregate named as a field hides the field
    # from the other aggregates' filters.
    summing = COUNTS if kept is not None else needed
    aggregates: dict[str, Any] = {f"sum_{count}": Sum(count) for count in summing}
    # A month's row is one person; a day's rows are counted by person.
    by_person = model is PersonDay
    who = "person" if by_person else "pk"
    aggregates["rows_with_outcome"] = Count(who, distinct=by_person)
    aggregates["rows_attended"] = Count(who, filter=Q(attended__gt=0), distinct=by_person)
    summed = {
        group: {name.removeprefix("sum_"): value for name, value in row.items()}
        for (group,), row in _counts(rows, [_group_field(by, "person__")], aggregates).items()
    }
    if kept is not None:
        kept[key] = summed
    return summed


def _from_summaries(
    by: Dimension,
    office: UUID | None,
    period: Period,
    *,
    basis: str,
    columns: dict[str, str],
    people: bool = False,
    shown: Callable[[Dimension, dict[Any, Row]], list[Row]] = _shown,
) -> list[Row]:
    """A figure from the summaries: ``columns`` maps each of the figure's columns to its count
    in the summaries; ``basis`` is the count that puts a person in the figure at all;
    ``people``: a ``people`` column counts the people in it. ``shown`` turns the counts by
    group id into the figure's rows (labelled and ordered: ``_shown``). The same figure
    counted from the records is its ``counted_`` twin.

    People cannot be added up across months (a person seen in March and in April is one
    person): by month, the people of each month are summed with it (a part-month's people
    counted by person, ``_summed``); otherwise the people are counted in a second query,
    everyone with something to count in the period (a semi-join on the summaries)."""
    months = whole_months(period)
    # Whole months from the monthly rows; the part-months at the ends, or all of a period
    # within at most two part-months, from the daily rows.
    whole = months.whole if months is not None else None
    parts = [edge.part for edge in months.edges] if months is not None else [period]
    readings: list[tuple[Period, type[PersonMonth] | type[PersonDay]]] = [
        (part, PersonDay) for part in parts
    ]
    if whole is not None:
        readings.insert(0, (whole, PersonMonth))
    has_basis = {f"{basis}__gt": 0}
    empty = dict.fromkeys([*columns, *(["people"] if people else [])], 0)
    counts: dict[Any, Row] = {}
    for within, model in readings:
        for key, summed in _summed(by, office, within, columns.values(), model).items():
            into = counts.setdefault(key, dict(empty))
            for column, count in columns.items():
                into[column] += summed[count]
            if people and by is Dimension.MONTH:
                into["people"] += summed[f"rows_{basis}"]
    if people and by is not Dimension.MONTH:
        in_period = Q()
        for within, model in readings:
            field = "day" if model is PersonDay else "month"
            rows = model._default_manager.filter(within.on(field), person=OuterRef("pk"))
            in_period |= Q(Exists(rows.filter(**has_basis)))
        persons = _people(office).filter(in_period)
        for (key,), row in _counts(persons, [_group_field(by)], {"people": Count("pk")}).items():
            counts.setdefault(key, dict(empty))["people"] = row["people"]
    return shown(by, {key: row for key, row in counts.items() if row[basis] > 0})


def attendance(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """Appointments attended out of those with an outcome (the rate is the figure's share)."""
    return _from_summaries(
        by,
        office,
        period,
        basis="with_outcome",
        columns={"with_outcome": "with_outcome", "attended": "attended"},
        people=True,
    )


def needs_discussed(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """Attended appointments, those at which any area of need was discussed, those at which a
    goal of the plan was, and how many discussed each area."""
    return _from_summaries(
        by,
        office,
        period,
        basis="attended",
        columns={
            "attended": "attended",
            "any_need": "any_need",
            "plan_goal": "plan_goal",
            **{area: need_count(area) for area in Area.values},
        },
    )


def tools_used(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """Attended appointments, those at which any person-centred tool was used, and how often
    each tool was used."""
    return _from_summaries(
        by,
        office,
        period,
        basis="attended",
        columns={
            "attended": "attended",
            "with_tools": "with_tools",
            **{tool: tool_count(tool) for tool in Tool.values},
        },
    )


def _referrals(by: Dimension, office: UUID | None, period: Period) -> QuerySet[Referral]:
    """Every suitability decision (a referral or a decision not to refer) made in the
    period, of people in ``office``; by month, the month of the decision."""
    rows = Referral.objects.filter(period.at("decided_at"))
    if office:
        rows = rows.filter(person__team__office_id=office)
    if by is Dimension.MONTH:
        rows = rows.annotate(month=TruncMonth("decided_at"))
    return rows


# By case manager, a referral figure is by who made the decision (not who holds the person
# now): it is their judgement the figure is about.
DECIDED_BY = "decided_by"

# Why someone was not referred, in the order the figure shows them.
REASONS: tuple[tuple[str, str], ...] = (
    (Reason.RISK, "Risk"),
    (Reason.TIMING, "Timing in the sentence"),
    (Reason.DECLINED, "Declined"),
    (Reason.CAPACITY, "No places"),
    (Reason.OTHER, "Other"),
)
UNSUITABLE: tuple[tuple[str, str], ...] = (
    (Suitability.NOT_SUITABLE, "not_suitable"),
    (Suitability.NOT_NOW, "not_now"),
)


def suitability_decisions(
    by: Dimension, office: UUID | None = None, period: Period = ALL
) -> list[Row]:
    """Suitability decisions: how many, how many referred, and each decision not to refer by
    its reason, "not suitable" and "not suitable now" apart (the pilot found people left
    unreferred because of risk or timing with nobody knowing). One query, no join."""
    per_reason = {
        f"{key}_{reason}": Count("pk", filter=Q(suitability=suitability, reason=reason))
        for suitability, key in UNSUITABLE
        for reason, _ in REASONS
    }
    return _grouped_as(
        _referrals(by, office, period),
        by,
        "person__",
        DECIDED_BY,
        {
            "people": Count("person", distinct=True),
            "decisions": Count("pk"),
            "referred": Count("pk", filter=Q(suitability=Suitability.SUITABLE)),
            **per_reason,
        },
    )


# Each status reached, and the later ones that imply it (a referral is accepted before it
# starts, and started before it completes; ending early follows acceptance): a referral whose
# history skips a step still counts at every step it passed.
REACHED: dict[str, tuple[ReferralStatus, ...]] = {
    "accepted": (
        ReferralStatus.ACCEPTED,
        ReferralStatus.STARTED,
        ReferralStatus.COMPLETED,
        ReferralStatus.ENDED_EARLY,
    ),
    "declined": (ReferralStatus.DECLINED,),
    "started": (ReferralStatus.STARTED, ReferralStatus.COMPLETED),
    "completed": (ReferralStatus.COMPLETED,),
    "ended_early": (ReferralStatus.ENDED_EARLY,),
}


def referral_journeys(by: Dimension, office: UUID | None = None, period: Period = ALL) -> list[Row]:
    """Referrals made, and how many reached each step with the provider, from each
    referral's history: one join to ``ReferralEvent``, each referral counted once a step
    however many lines its history has."""
    reached = {
        key: Count("pk", distinct=True, filter=Q(events__status__in=statuses))
        for key, statuses in REACHED.items()
    }
    return _grouped_as(
        _referrals(by, office, period).filter(suitability=Suitability.SUITABLE),
        by,
        "person__",
        DECIDED_BY,
        {
            "people": Count("person", distinct=True),
            "referred": Count("pk", distinct=True),
            **reached,
        },
    )


@dataclass(frozen=True)
class Column:
    """A column of a figure's table. A share (``whole`` set) is ``100 * row[part] /
    row[whole]``, a percentage: the charts show shares, so that groups of different sizes
    compare, and the table beside them gives the counts."""

    key: str
    label: str
    # A count of people or consents: suppressed under 5 when shown. A share of people:
    # suppressed when it would reveal fewer than 5 (``suppression.share_text``).
    people: bool = True
    decimals: int = 0
    group: str = ""  # said before the label where the column stands alone (a breakdown's row)
    part: str = ""
    whole: str = ""

    @property
    def full_label(self) -> str:
        return f"{self.group}: {self.label.lower()}" if self.group else self.label

    @property
    def is_share(self) -> bool:
        return bool(self.whole)


def share(key: str, label: str, part: str, whole: str, *, people: bool = False) -> Column:
    """``part`` as a percentage of ``whole``; ``people``: both count people."""
    return Column(key, label, people=people, decimals=1, part=part, whole=whole)


@dataclass(frozen=True)
class Breakdown:
    """Counts of each kind (each area of need, each tool, each reason), each also a share of
    one column of the figure (``whole``). Shown turned round, a row for each kind and a
    column for each group, so that it fits the page however many kinds there are."""

    title: str
    heading: str  # the heading over the kinds
    whole: str
    items: tuple[Column, ...]


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    description: str
    columns: tuple[Column, ...]
    chart: str  # the column the bar chart shows: a share, where groups differ in size
    compute: Callable[[Dimension, UUID | None, Period], list[Row]] | None
    dimensions: tuple[Dimension, ...] = PEOPLE_DIMENSIONS
    waiting_for: str = ""
    note: str = ""  # said under the description, in bold: what the reader must not miss
    breakdown: Breakdown | None = None
    # Which records a period keeps ("appointments that took place in it"); empty: the figure
    # is about now, and no period applies.
    dated_by: str = "records dated in it"

    @property
    def recorded(self) -> bool:
        """For templates, which would call ``compute`` if asked about it."""
        return self.compute is not None

    def column(self, key: str) -> Column:
        items = self.breakdown.items if self.breakdown else ()
        return next(c for c in (*self.columns, *items) if c.key == key)


FIGURES: tuple[Figure, ...] = (
    Figure(
        "programme",
        "People on the programme",
        "People who joined MyDirection, out of everyone on probation.",
        (
            Column("people", "People"),
            Column("on_programme", "On the programme"),
            share(
                "on_programme_share",
                "On the programme (% of people)",
                "on_programme",
                "people",
                people=True,
            ),
        ),
        "on_programme_share",
        people_on_programme,
        dated_by="people on probation at any time in it (on the programme by its end)",
    ),
    Figure(
        "continuity",
        "Continuity of case manager",
        "How many case managers each person has had. Fewer is better: a relationship needs time.",
        (
            Column("people", "People"),
            Column("mean_case_managers", "Mean case managers a person", False, 2),
            Column("three_or_more", "People with 3 or more"),
        ),
        "mean_case_managers",
        continuity,
        dated_by="people on probation at any time in it",
    ),
    Figure(
        "training",
        "Trained and untrained case managers",
        "Case managers trained in person-centred practice (any course), and the people they hold.",
        (
            Column("trained_case_managers", "Trained case managers", False),
            Column("untrained_case_managers", "Untrained case managers", False),
            Column("people_trained", "People with a trained case manager"),
            Column("people_untrained", "People with an untrained case manager"),
            share(
                "trained_share",
                "With a trained case manager (% of people)",
                "people_trained",
                "people",
                people=True,
            ),
        ),
        "trained_share",
        trained_practice,
        dated_by="",
        dimensions=(Dimension.OFFICE, Dimension.TEAM, Dimension.CASE_MANAGER),
    ),
    Figure(
        "consents",
        "Consents",
        "Consents given and withdrawn, and consents to the evaluation in force.",
        (
            Column("people", "People"),
            Column("given", "Consents given"),
            Column("withdrawn", "Withdrawn"),
            Column("evaluation", "Consent to the evaluation in force"),
            share(
                "evaluation_share",
                "Consent to the evaluation in force (% of people)",
                "evaluation",
                "people",
                people=True,
            ),
        ),
        "evaluation_share",
        consents,
        dated_by="consents given in it",
    ),
    Figure(
        "attendance",
        "Attendance rate",
        "Appointments attended, out of those with an outcome (not those waiting to be "
        "rescheduled).",
        (
            Column("people", "People"),
            Column("with_outcome", "Appointments with an outcome", False),
            Column("attended", "Attended", False),
            share("rate", "Attendance rate (%)", "attended", "with_outcome"),
        ),
        "rate",
        attendance,
        dated_by="appointments in it",
    ),
    Figure(
        "needs",
        "Needs discussed",
        "Attended appointments, how many discussed a goal of the person's plan, and how many "
        "discussed each area of need.",
        (
            Column("attended", "Attended appointments", False),
            Column("any_need", "Any need discussed", False),
            share("any_need_share", "Any need discussed (% of attended)", "any_need", "attended"),
            Column("plan_goal", "A goal of the plan discussed", False),
            share(
                "plan_goal_share",
                "A goal of the plan discussed (% of attended)",
                "plan_goal",
                "attended",
            ),
        ),
        "any_need_share",
        needs_discussed,
        dated_by="appointments in it",
        breakdown=Breakdown(
            "Each area of need discussed",
            "Area of need",
            "attended",
            tuple(Column(value, label, False) for value, label in Area.choices),
        ),
    ),
    Figure(
        "tools",
        "Tools used",
        "Attended appointments, those using a person-centred tool, and how often each was used.",
        (
            Column("attended", "Attended appointments", False),
            Column("with_tools", "With a tool", False),
            share("with_tools_share", "With a tool (% of attended)", "with_tools", "attended"),
        ),
        "with_tools_share",
        tools_used,
        dated_by="appointments in it",
        breakdown=Breakdown(
            "Each tool used",
            "Tool",
            "attended",
            tuple(Column(value, label, False) for value, label in Tool.choices),
        ),
    ),
    Figure(
        "plan_agreement",
        "Plan agreement",
        "People on the programme with a plan, and those whose latest agreement says they agree.",
        (
            Column("people", "People on the programme"),
            Column("with_plan", "With a plan"),
            Column("agreed", "Agreed their plan"),
            Column("agreed_unchanged", "Agreed, and not changed since"),
            share(
                "agreed_share",
                "Agreed their plan (% of people)",
                "agreed",
                "people",
                people=True,
            ),
        ),
        "agreed_share",
        plan_agreement,
        dated_by="people who joined the programme in it",
    ),
    Figure(
        "plan_activity",
        "Plan activity",
        "Changes to plans, and how many were made with or by the person themself.",
        (
            Column("changes", "Changes", False),
            Column("with_person", "With or by the person", False),
            Column("by_person", "By the person", False),
            Column("people", "People"),
            share(
                "with_person_share",
                "With or by the person (% of changes)",
                "with_person",
                "changes",
            ),
        ),
        "with_person_share",
        plan_activity,
        dated_by="changes made in it",
    ),
    Figure(
        "suitability",
        "Suitability decisions",
        "Decisions about referring someone to an intervention: how many were referred, and why "
        'the others were not, "not suitable" and "not suitable now" apart. By case manager: '
        "who made the decision; by month: the month it was made.",
        (
            Column("people", "People"),
            Column("decisions", "Decisions", False),
            Column("referred", "Referred", False),
            share("referred_share", "Referred (% of decisions)", "referred", "decisions"),
        ),
        "referred_share",
        suitability_decisions,
        dated_by="decisions made in it",
        dimensions=tuple(Dimension),
        note="Every decision not to refer is counted, however few: people left unreferred "
        "because of risk can be seen and challenged.",
        breakdown=Breakdown(
            "Why people were not referred",
            "Decision and reason",
            "decisions",
            tuple(
                Column(f"{key}_{reason}", label, False, group=group)
                for (_, key), group in zip(
                    UNSUITABLE, ("Not suitable", "Not suitable now"), strict=True
                )
                for reason, label in REASONS
            ),
        ),
    ),
    Figure(
        "referrals",
        "Referrals and what happened",
        "Referrals made, and how many the provider accepted or declined, started, completed "
        "or ended early (each referral counted once at each step it reached). By month: the "
        "month the referral was made.",
        (
            Column("people", "People"),
            Column("referred", "Referrals made", False),
            Column("started", "Started", False),
            share("started_share", "Started (% of referrals made)", "started", "referred"),
        ),
        "started_share",
        referral_journeys,
        dated_by="referrals made in it",
        dimensions=tuple(Dimension),
        breakdown=Breakdown(
            "Each step the referrals reached",
            "Step",
            "referred",
            (
                Column("accepted", "Accepted by the provider", False),
                Column("declined", "Declined by the provider", False),
                Column("started", "Started", False),
                Column("completed", "Completed", False),
                Column("ended_early", "Ended early", False),
            ),
        ),
    ),
    Figure(
        "training_coverage",
        "Training coverage",
        "Case managers now in each office or team, and how many were trained in the period: "
        "in any course, and in each course of the catalogue.",
        (
            Column("case_managers", "Case managers", False),
            Column("trained", "Trained in any course", False),
            share("trained_share", "Trained in any course (%)", "trained", "case_managers"),
        ),
        "trained_share",
        training_coverage,
        dated_by="training days attended, and training recorded, in it",
        dimensions=(Dimension.OFFICE, Dimension.TEAM),
        breakdown=Breakdown(
            "Each course",
            "Course",
            "case_managers",
            tuple(Column(value, label, False) for value, label in TrainingCourse.choices),
        ),
    ),
    Figure(
        "practice_by_training",
        "Practice by trained and untrained case managers",
        "Appointments seen by staff trained by that day (any course), and by staff not yet "
        "trained: how many were attended, used a person-centred tool, and discussed a goal "
        "of the person's plan.",
        (
            Column("with_outcome", "Appointments with an outcome", False),
            share("rate", "Attendance rate (%)", "attended", "with_outcome"),
            share("with_tools_share", "With a tool (% of attended)", "with_tools", "attended"),
            share(
                "plan_goal_share",
                "A goal of the plan discussed (% of attended)",
                "plan_goal",
                "attended",
            ),
        ),
        "with_tools_share",
        practice_by_training,
        dated_by="appointments in it",
        dimensions=(Dimension.OFFICE, Dimension.TEAM, Dimension.MONTH),
    ),
)


def figure(key: str) -> Figure:
    return next(f for f in FIGURES if f.key == key)
