"""Demo appointments, outcomes, enforcement decisions and unpaid work hours.

Calibrated to the pilot's practice figures (product doc): most appointments 20 to 45 minutes
at the office; three-way meetings with a drug or alcohol keyworker common; family sometimes
there; attendance 70%; drugs or alcohol discussed at 35% of appointments, accommodation 34%,
relationships 22%; person-centred tools used at under 10%. At attended appointments the
person's current plan goals are discussed too (``OutcomeGoal``): mostly the goal in an area
that came up, now and then another one, so about half of the contacts of people with a plan
work on it.

Every person with a running order and a case manager gets fortnightly appointments from twelve
weeks ago (or the order's start) to four weeks ahead. Recent unacceptable absences are left
without a decision, so the enforcement list has a few cases to decide; older ones carry a
named decision. Unpaid work requirements get a ledger of hour entries that sums to their
``completed`` total.
"""

import random
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from mydirection.appointments.models import (
    Appointment,
    AppointmentType,
    EnforcementDecision,
    Format,
    Location,
    LocationKind,
    NeedDiscussed,
    Outcome,
    OutcomeGoal,
    OutcomeKind,
    Place,
    ToolUsed,
    UnpaidWorkEntry,
)
from mydirection.demo import hours
from mydirection.people.models import Order, Requirement, RequirementType
from mydirection.plans.models import CURRENT_GOALS, Goal
from mydirection.practice import Area, Tool
from mydirection.staff.models import Office

LOCATIONS = (
    ("Interview room 1", LocationKind.OFFICE_ROOM),
    ("Interview room 2", LocationKind.OFFICE_ROOM),
    ("Interview room 3", LocationKind.OFFICE_ROOM),
    ("Family room", LocationKind.OFFICE_ROOM),
    ("Community hub, library annexe", LocationKind.COMMUNITY_VENUE),
    ("Women's centre", LocationKind.PARTNER_VENUE),
)
KEYWORKERS = (
    ("Jo Bell", "Renew drug and alcohol service"),
    ("Sam Kirk", "Renew drug and alcohol service"),
    ("Amir Haddad", "Community mental health team"),
    ("Lou Parker", "Housing support service"),
)
# (outcome, probability): attended 70% of appointments with an outcome.
OUTCOMES = (
    (OutcomeKind.ATTENDED_COMPLIED, 0.65),
    (OutcomeKind.ATTENDED_FAILED_TO_COMPLY, 0.05),
    (OutcomeKind.ACCEPTABLE_ABSENCE, 0.14),
    (OutcomeKind.UNACCEPTABLE_ABSENCE, 0.09),
    (OutcomeKind.FAILED_TO_ATTEND, 0.07),
)
NEEDS = (
    (Area.ACCOMMODATION, 0.34),
    (Area.RELATIONSHIPS_COMMUNITY, 0.22),
    (Area.EMPLOYMENT_EDUCATION, 0.20),
    (Area.HEALTH_WELLBEING, 0.17),
    (Area.FINANCES, 0.15),
    (Area.THINKING_BEHAVIOURS, 0.12),
)
DRUGS_OR_ALCOHOL = 0.35
# About twelve weeks of history and four ahead: enough for the diary, the timeline and the
# monitoring figures while keeping the demo load quick.
HISTORY_DAYS = 84
AHEAD_DAYS = 28
SLOTS = 28  # quarter hours from 9am to 4pm
TOOLS_SHARE = 0.08
# Chance a current goal of the plan is discussed: its area came up, or it did not.
GOAL_IN_AREA_DISCUSSED = 0.8
GOAL_OTHERWISE_DISCUSSED = 0.15
ABSENCE_REASONS = ("medical", "employment", "family", "court")
FACTS = (
    "Talked through the week. Has kept the room at the hostel and is paying the service charge.",
    "Went over the appointments with the keyworker. Script collected every day this fortnight.",
    "Brought a letter from the job centre about the work coach meeting.",
    "Said things with their partner are calmer; they are seeing the children at the weekend.",
)
ASSESSMENTS = (
    "Engaging well; the structure of the hostel seems to help.",
    "More settled than last month. Worth keeping the three-way meetings going.",
)


def _adapter(field: Any) -> Callable[[Any], Any]:
    """How one column's Python value goes to the database, without the ORM's per-value cost."""
    target = field.target_field if field.is_relation else field
    kind = target.get_internal_type()
    if kind == "UUIDField" and connection.vendor != "postgresql":
        return lambda value: value.hex if value is not None else None
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return lambda value: value


def _insert(model: type[Model], objects: Sequence[Model], batch: int = 5000) -> None:
    """``bulk_create`` for plain rows (every column given), several times faster."""
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    adapters = [(f.attname, _adapter(f)) for f in fields]
    # Names come from the models, never from input.
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch):
            cursor.executemany(
                sql,
                [
                    [adapt(getattr(obj, name)) for name, adapt in adapters]
                    for obj in objects[start : start + batch]
                ],
            )


def _id(rng: random.Random) -> uuid.UUID:
    """A version 4 UUID from the seeded generator: the same seed gives the same URLs."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _choose(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    u, total = rng.random(), 0.0
    for value, p in weighted:
        total += p
        if u < total:
            return value
    return weighted[-1][0]


def write_demo_appointments(*, seed: int, today: date | None = None) -> int:
    """Write the demo's appointments; returns how many."""
    rng = random.Random(seed * 7919 + 5)
    today = today or timezone.localdate()
    zone = ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    with transaction.atomic():
        locations: dict[uuid.UUID, list[Location]] = {}
        made = []
        for office in Office.objects.order_by("name"):
            rows = [Location(id=_id(rng), office=office, name=n, kind=k) for n, k in LOCATIONS]
            made += rows
            locations[office.pk] = rows
        Location.objects.bulk_create(made)
        orders = list(
            Order.objects.filter(
                start_date__lte=today,
                end_date__gte=today,
                ended_early_on__isnull=True,
                person__case_manager__isnull=False,
            )
            .select_related("person__team")
            .prefetch_related("requirements")
            .order_by("person__case_reference")
        )
        appointments: list[Appointment] = []
        outcomes: list[Outcome] = []
        needs: list[NeedDiscussed] = []
        tools: list[ToolUsed] = []
        goals = _current_goals()
        # Its own generator, so the other draws (and the demo's appointments) stay the same.
        goal_rng = random.Random(seed * 7919 + 11)
        discussed: list[OutcomeGoal] = []
        decisions: list[EnforcementDecision] = []
        taken: set[tuple[uuid.UUID, date, int]] = set()
        seen: set[uuid.UUID] = set()
        for order in orders:
            person = order.person
            if person.pk in seen:
                continue
            seen.add(person.pk)
            staff_id = person.case_manager_id
            if staff_id is None:
                continue
            rooms = locations[person.team.office_id]
            rar = next(
                (
                    r
                    for r in order.requirements.all()
                    if r.requirement_type == RequirementType.REHABILITATION_ACTIVITY
                ),
                None,
            )
            keyworker = rng.choice(KEYWORKERS) if rng.random() < 0.35 else None
            first = max(order.start_date + timedelta(days=7), today - timedelta(days=HISTORY_DAYS))
            first += timedelta(days=rng.randrange(14))
            day = first
            while day <= min(order.end_date, today + timedelta(days=AHEAD_DAYS)):
                day, slot = _free_slot(taken, staff_id, day, rng.randrange(SLOTS))
                taken |= {(staff_id, day, slot), (staff_id, day, slot + 1)}
                starts = datetime.combine(day, time(9), tzinfo=zone) + timedelta(minutes=15 * slot)
                fmt, place = Format.ONE_TO_ONE, Place.LISTED
                kind = AppointmentType.SUPERVISION
                u = rng.random()
                if keyworker and u < 0.5:
                    fmt = Format.THREE_WAY
                elif u < 0.08:
                    fmt = Format.FAMILY
                elif u < 0.14:
                    place, kind = Place.HOME, AppointmentType.HOME_VISIT
                elif u < 0.18:
                    fmt, place = Format.PHONE, Place.NONE
                location = None
                if place == Place.LISTED:
                    location = (
                        rooms[5] if person.gender == "female" and u > 0.8 else rooms[slot % 3]
                    )
                    if fmt == Format.FAMILY:
                        location = rooms[3]
                appointment = Appointment(
                    id=_id(rng),
                    person_id=person.pk,
                    staff_id=staff_id,
                    created_by_id=staff_id,
                    created_at=now,
                    starts_at=starts,
                    duration_minutes=rng.choice((30, 30, 45, 45, 60)),
                    appointment_type=kind,
                    place=place,
                    location=location,
                    format=fmt,
                    keyworker_name=keyworker[0] if fmt == Format.THREE_WAY and keyworker else "",
                    keyworker_agency=keyworker[1] if fmt == Format.THREE_WAY and keyworker else "",
                    requirement=rar if rar and rng.random() < 0.4 else None,
                    counts_as_rar=bool(rar) and rng.random() < 0.4,
                    sensitive=location is not None and location.kind == LocationKind.PARTNER_VENUE,
                )
                appointments.append(appointment)
                ends = starts + timedelta(minutes=appointment.duration_minutes)
                # A few recent ones are left for the case manager to record (overdue outcomes).
                overdue = ends < now and (today - day).days <= 7 and rng.random() < 0.25
                if ends < now and not overdue:
                    _outcome(rng, appointment, outcomes, needs, tools, decisions, today, now)
                    if outcomes[-1].attended:
                        discussed += _goals_discussed(
                            goal_rng, outcomes[-1], needs, goals.get(person.pk, [])
                        )
                day += timedelta(days=14)
        _insert(Appointment, appointments)
        _insert(Outcome, outcomes)
        _insert(NeedDiscussed, needs)
        _insert(ToolUsed, tools)
        _insert(OutcomeGoal, discussed)
        _insert(EnforcementDecision, decisions)
        _write_hours(rng, today)
    return len(appointments)


def _free_slot(
    taken: set[tuple[uuid.UUID, date, int]], staff_id: uuid.UUID, day: date, slot: int
) -> tuple[date, int]:
    """The first free half hour for the member of staff from ``slot`` on ``day``, or on the
    next working day when that day is full (a large caseload can fill one)."""
    while True:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        for step in range(SLOTS):
            # Stepping by 3 quarter hours (coprime with SLOTS) visits every slot once.
            tried = (slot + 3 * step) % SLOTS
            if (staff_id, day, tried) not in taken and (staff_id, day, tried + 1) not in taken:
                return day, tried
        day += timedelta(days=1)


def _current_goals() -> dict[uuid.UUID, list[tuple[uuid.UUID, str]]]:
    """Each person's current plan goals (id, area), in one query (the plans are loaded first)."""
    out: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
    rows = Goal.objects.filter(status__in=CURRENT_GOALS).order_by("plan__person_id", "position")
    for person_id, goal_id, area in rows.values_list("plan__person_id", "id", "area"):
        out.setdefault(person_id, []).append((goal_id, area))
    return out


def _goals_discussed(
    rng: random.Random,
    outcome: Outcome,
    needs: list[NeedDiscussed],
    goals: list[tuple[uuid.UUID, str]],
) -> list[OutcomeGoal]:
    """The person's goals talked about at an attended appointment: likelier when the goal's
    area was one of the needs discussed (the needs of this outcome are at the end of ``needs``)."""
    areas = {need.area for need in reversed(needs[-9:]) if need.outcome is outcome}
    return [
        OutcomeGoal(outcome=outcome, goal_id=goal_id)
        for goal_id, area in goals
        if rng.random() < (GOAL_IN_AREA_DISCUSSED if area in areas else GOAL_OTHERWISE_DISCUSSED)
    ]


def _outcome(
    rng: random.Random,
    appointment: Appointment,
    outcomes: list[Outcome],
    needs: list[NeedDiscussed],
    tools: list[ToolUsed],
    decisions: list[EnforcementDecision],
    today: date,
    now: datetime,
) -> None:
    kind = _choose(rng, OUTCOMES)
    attended = kind in (OutcomeKind.ATTENDED_COMPLIED, OutcomeKind.ATTENDED_FAILED_TO_COMPLY)
    # Within office hours, after the appointment ended, and never later than now.
    ends = appointment.starts_at + timedelta(minutes=appointment.duration_minutes)
    later = appointment.starts_at + timedelta(hours=rng.randrange(1, 30))
    recorded_at = hours.next_office_time(later)
    if recorded_at > now:
        recorded_at = ends + timedelta(minutes=10)
    outcome = Outcome(
        id=_id(rng),
        appointment=appointment,
        outcome=kind,
        absence_reason=rng.choice(ABSENCE_REASONS)
        if kind == OutcomeKind.ACCEPTABLE_ABSENCE
        else "",
        actual_minutes=max(15, appointment.duration_minutes + rng.randrange(-15, 10))
        if attended
        else None,
        attended_by=(
            f"{appointment.keyworker_name} ({appointment.keyworker_agency})"
            if appointment.format == Format.THREE_WAY
            else "Their mother"
            if appointment.format == Format.FAMILY
            else ""
        )
        if attended
        else "",
        conversation=rng.choice("113") if attended and rng.random() < 0.5 else "",
        actions_agreed="Bring the tenancy letter next time."
        if attended and rng.random() < 0.3
        else "",
        recorded_by_id=appointment.staff_id,
        recorded_at=recorded_at,
    )
    outcomes.append(outcome)
    if attended:
        areas = [area for area, p in NEEDS if rng.random() < p]
        if rng.random() < DRUGS_OR_ALCOHOL:
            areas.append(rng.choice((Area.DRUG_USE, Area.DRUG_USE, Area.ALCOHOL_USE)))
        needs += [NeedDiscussed(outcome=outcome, area=area) for area in areas]
        if rng.random() < TOOLS_SHARE:
            tools.append(ToolUsed(outcome=outcome, tool=rng.choice(Tool.values)))
    failed = kind in (OutcomeKind.UNACCEPTABLE_ABSENCE, OutcomeKind.ATTENDED_FAILED_TO_COMPLY)
    # Older failures have a named decision; the last three weeks' wait for one.
    if failed and (today - appointment.starts_at.date()).days > 21:
        decision = "warning" if rng.random() < 0.7 else "no_further_action"
        decisions.append(
            EnforcementDecision(
                id=_id(rng),
                appointment=appointment,
                person_id=appointment.person_id,
                decision=decision,
                reason="Warning letter sent; first failure in the period."
                if decision == "warning"
                else "Explained afterwards with evidence from the GP.",
                decided_by_id=appointment.staff_id,
                decided_at=hours.next_office_time(recorded_at + timedelta(days=2)),
            )
        )


def _write_hours(rng: random.Random, today: date) -> None:
    """A ledger for each unpaid work requirement with hours done: 7-hour days, weekly."""
    entries = []
    requirements = Requirement.objects.filter(
        requirement_type=RequirementType.UNPAID_WORK,
        completed__gt=0,
        order__person__case_manager__isnull=False,
    ).select_related("order__person")
    projects = ("Community garden, East Park", "Charity shop sorting", "Canal towpath clearance")
    for requirement in requirements:
        left, day = requirement.completed, min(today, requirement.order.end_date)
        person = requirement.order.person
        if person.case_manager_id is None:
            continue
        while left > 0:
            hours = min(7, left)
            entries.append(
                UnpaidWorkEntry(
                    id=_id(rng),
                    requirement=requirement,
                    person=person,
                    worked_on=day,
                    hours=hours,
                    project=rng.choice(projects),
                    logged_by_id=person.case_manager_id,
                    logged_at=datetime.combine(day, time(17), tzinfo=ZoneInfo(settings.TIME_ZONE)),
                )
            )
            left -= hours
            day -= timedelta(days=7)
    _insert(UnpaidWorkEntry, entries)
