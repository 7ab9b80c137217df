"""Reads: diaries, a person's appointments, overdue outcomes, cases needing a decision,
progress of the order, requests from the app to move an appointment, the goals an outcome may
name. Each is a fixed number of queries whatever the number of rows.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from mydirection.access.policy import Capability, may, visible_to
from mydirection.appointments import rules
from mydirection.appointments.models import (
    ENFORCEABLE,
    Appointment,
    Decision,
    EnforcementDecision,
    Location,
    Outcome,
    OutcomeGoal,
    Status,
    UnpaidWorkEntry,
)
from mydirection.dates import start_of
from mydirection.people import progress
from mydirection.people.models import Order, Person, Requirement, RequirementType
from mydirection.people.progress import OrderProgress, Progress
from mydirection.plans.models import CURRENT_GOALS, Goal
from mydirection.portal.models import Attendance, MoveRequest, MoveStatus
from mydirection.staff.models import Office, User


def _with_details(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return appointments.select_related(
        "person__team__office", "location__office", "outcome", "staff", "requirement"
    )


# What the "Needs attention" panel reads of an appointment to do something about
# (``caseload.attention``): hundreds of past appointments for a large caseload, each made with
# every field. Their people are read whole: with fewer of a person's columns PostgreSQL
# hash-joined every person (70 ms at 50,000 people) instead of looking up each appointment's.
TO_DO_FIELDS = ("person_id", "starts_at", "duration_minutes", "appointment_type")


def day_bounds(first: date, days: int) -> tuple[datetime, datetime]:
    return start_of(first), start_of(first + timedelta(days=days))


def diary(user: User, first: date, days: int = 1) -> list[Appointment]:
    """The user's live appointments from ``first`` for ``days`` days, with people they may see."""
    start, end = day_bounds(first, days)
    return list(
        _with_details(
            Appointment.objects.filter(
                staff=user,
                status=Status.ARRANGED,
                starts_at__gte=start,
                starts_at__lt=end,
                person__in=visible_to(user),
            )
        ).order_by("starts_at")
    )


def _team_appointments(user: User, first: date, days: int) -> QuerySet[Appointment]:
    """A senior case manager's team's live appointments from ``first`` for ``days`` days:
    the team's people's and the team's staff's, of people the user may see."""
    if not may(user, Capability.LEAD_A_TEAM) or user.team_id is None:  # (a team: typed)
        return Appointment.objects.none()
    start, end = day_bounds(first, days)
    # The team's people's appointments and the team's staff's, as a UNION: an OR across the
    # two joins would stop either (person, starts_at) or (staff, starts_at) index being used.
    live = Appointment.objects.filter(
        status=Status.ARRANGED, starts_at__gte=start, starts_at__lt=end
    ).order_by()
    team = (
        live.filter(person__team_id=user.team_id)
        .values("pk")
        .union(live.filter(staff__team_id=user.team_id).values("pk"))
    )
    # The range again outside: otherwise PostgreSQL may start from the people the user may
    # see and read every appointment they ever had.
    return live.filter(pk__in=team, person__in=visible_to(user))


def team_diary(user: User, first: date, days: int = 1) -> list[Appointment]:
    """A senior case manager's team: every live appointment of the team's people.

    The appointments' ids first (two small index scans, a millisecond): asked in one query
    with their people, staff, places and outcomes, PostgreSQL joined every appointment of the
    day, across all teams, to every person before keeping the team's (200 ms at 5,000,000).
    """
    ids = list(_team_appointments(user, first, days).values_list("pk", flat=True))
    if not ids:
        return []
    return list(
        _with_details(Appointment.objects.filter(pk__in=ids)).order_by(
            "staff__last_name", "starts_at"
        )
    )


@dataclass(frozen=True)
class StaffWeek:
    staff: User
    counts: list[int]  # appointments each day, Monday first

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class TeamWeek:
    """How many appointments each member of staff has each day of a week: no people."""

    days: list[date]
    rows: list[StaffWeek]

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts[i] for row in self.rows) for i in range(len(self.days))]

    @property
    def total(self) -> int:
        return sum(self.totals)


def team_week(user: User, first: date) -> TeamWeek:
    """The team diary's week: the appointments ``team_diary`` would list for the seven days
    from ``first``, counted by member of staff and day (two queries, however many there
    are). A week of a team's appointments is hundreds of rows; the senior sees where the
    work falls, and opens a day for its appointments."""
    days = [first + timedelta(days=i) for i in range(7)]
    counts = (
        _team_appointments(user, first, 7)
        .annotate(day=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()))
        .values("staff_id", "day")
        .annotate(n=Count("pk"))
    )
    by_staff: dict[UUID, list[int]] = {}
    for row in counts:
        by_staff.setdefault(row["staff_id"], [0] * 7)[(row["day"] - first).days] += row["n"]
    staff = User.objects.filter(pk__in=by_staff).order_by("last_name", "first_name")
    return TeamWeek(days, [StaffWeek(member, by_staff[member.pk]) for member in staff])


def overdue_outcomes(user: User, now: datetime | None = None, limit: int = 50) -> list[Appointment]:
    """The user's appointments that have ended with no outcome recorded, oldest first."""
    now = now or timezone.now()
    started = (
        Appointment.objects.filter(
            staff=user,
            status=Status.ARRANGED,
            starts_at__lt=now,
            has_outcome=False,
            person__in=visible_to(user),
        )
        .select_related("person")
        .only(*TO_DO_FIELDS)
        .order_by("starts_at")[:limit]
    )
    # Still under way is not overdue.
    return [appointment for appointment in started if appointment.ends_at <= now]


@dataclass(frozen=True)
class FollowUp:
    """What is left to do about past appointments: outcomes to record, and failures to
    attend whose acceptability is still to be decided. Each oldest first."""

    outcomes_to_record: list[Appointment]
    absences_to_decide: list[Appointment]


def to_follow_up(
    person_ids: Collection[UUID], now: datetime | None = None, limit: int = 50
) -> FollowUp:
    """Live appointments of these people (whom the caller may see) that have ended with no
    outcome recorded, whoever holds them in their diary; and their failures to attend still
    at "reason not yet known" (decided by changing the outcome). One query, one pass over
    the people's past appointments, whatever the number of people.

    The database starts from each person's appointments: the ids are a list (a subquery of
    people let PostgreSQL read every appointment without an outcome), and the first
    ``limit`` of each are taken here (with a LIMIT it walked all appointments in time order
    instead). The flags the outcome service keeps (``has_outcome``, ``absence_undecided``)
    pick what is due through a partial index (``appointment_follow_up_idx``), without visiting
    the outcome of every past appointment.
    """
    now = now or timezone.now()
    past = (
        Appointment.objects.filter(
            person_id__in=list(person_ids), status=Status.ARRANGED, starts_at__lt=now
        )
        .filter(Q(has_outcome=False) | Q(absence_undecided=True))
        .select_related("person", "outcome")
        .only(*TO_DO_FIELDS, "outcome__id")
        .order_by("starts_at")
    )
    record, decide = [], []
    for appointment in past:
        if outcome_of(appointment) is not None:
            decide.append(appointment)
        elif appointment.ends_at <= now:  # still under way is not overdue
            record.append(appointment)
    return FollowUp(outcomes_to_record=record[:limit], absences_to_decide=decide[:limit])


def next_appointment(person: Person, now: datetime | None = None) -> Appointment | None:
    """The person's next live appointment, if one is arranged."""
    return (
        _with_details(
            Appointment.objects.filter(
                person=person, status=Status.ARRANGED, starts_at__gte=now or timezone.now()
            )
        )
        .order_by("starts_at")
        .first()
    )


PAST_PER_PAGE = 20


@dataclass(frozen=True)
class PersonAppointments:
    upcoming: list[Appointment]
    past: Page[Appointment]


def person_appointments(
    person: Person, now: datetime | None = None, page: str | int | None = 1
) -> PersonAppointments:
    """Every upcoming live appointment (soonest first) and one page of past ones (newest
    first): three queries however long the order has run (the past page and its count)."""
    now = now or timezone.now()
    live = _with_details(Appointment.objects.filter(person=person, status=Status.ARRANGED))
    upcoming = list(live.filter(starts_at__gte=now).order_by("starts_at"))
    past = Paginator(live.filter(starts_at__lt=now).order_by("-starts_at", "-pk"), PAST_PER_PAGE)
    return PersonAppointments(upcoming, past.get_page(page))


def appointment_for(person: Person, appointment_id: UUID) -> Appointment | None:
    return (
        _with_details(Appointment.objects.filter(person=person, pk=appointment_id))
        .select_related("series", "superseded_by", "created_by", "outcome__recorded_by")
        .prefetch_related(
            "outcome__needs",
            "outcome__tools",
            Prefetch(
                "outcome__goals",
                queryset=OutcomeGoal.objects.select_related("goal").order_by(
                    "goal__position", "goal__created_at"
                ),
            ),
            "notes_list__written_by",
            Prefetch(
                "enforcement_decisions",
                queryset=EnforcementDecision.objects.select_related("decided_by"),
            ),
        )
        .first()
    )


def appointment_for_the_person(person: Person, appointment_id: UUID) -> Appointment | None:
    """One of the person's appointments as their app shows it: where, and who with."""
    return (
        Appointment.objects.select_related("location", "staff")
        .filter(pk=appointment_id, person=person)
        .first()
    )


# Enforcement --------------------------------------------------------------------------------


def _latest_decision() -> Subquery:
    return Subquery(
        EnforcementDecision.objects.filter(appointment=OuterRef("pk"))
        .order_by("-decided_at")
        .values("decision")[:1]
    )


def needing_decision(user: User) -> list[Appointment]:
    """Failures to comply with no decision yet, or a decision still pending.

    A case manager sees their own cases; a senior case manager their team's.
    """
    people = visible_to(user)
    if may(user, Capability.LEAD_A_TEAM) and user.team_id is not None:  # (a team: typed)
        people = people.filter(team_id=user.team_id)
    elif user.holds_caseload:
        people = people.filter(case_manager=user)
    else:
        return []
    # The people's ids first (a caseload or a team): as a subquery, PostgreSQL guessed one
    # person and scanned every appointment once per person (minutes at 5,000,000).
    ids = list(people.values_list("pk", flat=True))
    rows = (
        _with_details(
            Appointment.objects.filter(
                person_id__in=ids, status=Status.ARRANGED, outcome__outcome__in=ENFORCEABLE
            )
        )
        .select_related("person__case_manager")
        .annotate(
            latest_decision=_latest_decision(),
            # The order the appointment fell under: its type sets the rule (licences breach
            # sooner than community orders).
            order_type=Subquery(
                Order.objects.filter(
                    person_id=OuterRef("person_id"), start_date__lte=OuterRef("starts_at")
                )
                .order_by("-start_date")
                .values("order_type")[:1]
            ),
        )
        .filter(Q(latest_decision__isnull=True) | Q(latest_decision=Decision.PENDING))
        .order_by("starts_at")
    )
    appointments: list[Appointment] = list(rows[:200])
    counts = failure_counts([a.person_id for a in appointments])
    for appointment in appointments:
        days = counts.get(appointment.person_id, [])
        rule = rules.rule_for(appointment.order_type)  # type: ignore[attr-defined]
        day = timezone.localtime(appointment.starts_at).date()
        appointment.failures_in_period = rules.failures_in_period(days, day, rule)  # type: ignore[attr-defined]
        appointment.rule = rule  # type: ignore[attr-defined]
    return appointments


def failure_counts(person_ids: list[UUID]) -> dict[UUID, list[date]]:
    """Each person's failures to comply (the days they happened), in one query."""
    rows = Appointment.objects.filter(
        person_id__in=person_ids, status=Status.ARRANGED, outcome__outcome__in=ENFORCEABLE
    ).values_list("person_id", "starts_at")
    out: dict[UUID, list[date]] = {}
    for person_id, starts_at in rows:
        out.setdefault(person_id, []).append(timezone.localtime(starts_at).date())
    return out


@dataclass(frozen=True)
class EnforcementSummary:
    failures: int
    rule: rules.EnforcementRule
    threshold_reached: bool


def enforcement_summary(person: Person, on: date) -> EnforcementSummary:
    order = Order.objects.filter(person=person, start_date__lte=on).order_by("-start_date").first()
    rule = rules.rule_for(order.order_type if order else None)
    days = failure_counts([person.pk]).get(person.pk, [])
    return EnforcementSummary(
        rules.failures_in_period(days, on, rule),
        rule,
        rules.breach_threshold_reached(days, on, rule),
    )


# Delivering the order -----------------------------------------------------------------------


def delivery(person: Person) -> list[OrderProgress]:
    """Each order with its requirements' progress, worked out where every page gets it."""
    return progress.orders_of(person)


def requirement_progress(requirement: Requirement) -> Progress:
    return progress.of_requirement(requirement)


def unpaid_work_requirement(person: Person, requirement_id: UUID) -> Requirement | None:
    """An unpaid work requirement of one of the person's orders (None for anyone else's)."""
    return (
        Requirement.objects.select_related("order")
        .filter(
            pk=requirement_id,
            order__person=person,
            requirement_type=RequirementType.UNPAID_WORK,
        )
        .first()
    )


def hour_entries(requirement: Requirement) -> QuerySet[UnpaidWorkEntry]:
    return UnpaidWorkEntry.objects.filter(requirement=requirement).select_related("logged_by")


def goals_for_outcome(person: Person, appointment: Appointment) -> list[Goal]:
    """The goals an outcome may say were discussed: the person's current goals, and any already
    ticked for this appointment that have closed since (so a correction keeps them)."""
    return list(
        Goal.objects.filter(plan__person=person)
        .filter(Q(status__in=CURRENT_GOALS) | Q(discussed_at__outcome__appointment=appointment))
        .distinct()
        .order_by("position", "created_at")
    )


def outcome_of(appointment: Appointment) -> Outcome | None:
    try:
        return appointment.outcome
    except Outcome.DoesNotExist:
        return None


# Requests from the app to move an appointment ------------------------------------------------


def pending_move(person: Person, move_id: UUID | str | None) -> MoveRequest | None:
    """A pending request of ``person``'s, or None (also for another person's ids)."""
    if not move_id:
        return None
    try:
        return (
            MoveRequest.objects.filter(person=person, pk=move_id, status=MoveStatus.PENDING)
            .select_related("appointment")
            .first()
        )
    except ValidationError:  # not a UUID
        return None


def pending_moves_of_person(person: Person) -> list[MoveRequest]:
    return list(
        MoveRequest.objects.filter(person=person, status=MoveStatus.PENDING)
        .select_related("appointment")
        .order_by("created_at")
    )


def pending_moves_of(person_ids: Collection[UUID]) -> list[MoveRequest]:
    """Requests from the app waiting for an answer, from any of these people (whom the
    caller may see), oldest first. One query, whatever the number of people."""
    return list(
        MoveRequest.objects.filter(person_id__in=list(person_ids), status=MoveStatus.PENDING)
        .select_related("appointment", "person")
        .order_by("created_at")
    )


def move_of_person(person: Person, move_id: UUID) -> MoveRequest | None:
    """A request of ``person``'s, answered or not, with who answered it."""
    return (
        MoveRequest.objects.select_related("appointment", "decided_by")
        .filter(pk=move_id, person=person)
        .first()
    )


def latest_move(appointment: Appointment) -> MoveRequest | None:
    """The latest request to move this appointment, if any."""
    return MoveRequest.objects.filter(appointment=appointment).order_by("-created_at").first()


def moves_asked_by(person: Person) -> list[MoveRequest]:
    """The person's requests, newest first: what they asked and what the answer was."""
    return list(
        MoveRequest.objects.filter(person=person)
        .select_related("appointment")
        .order_by("-created_at")[:10]
    )


def locations_of(offices: QuerySet[Office]) -> QuerySet[Location]:
    """The places of these offices where appointments happen."""
    return Location.objects.filter(office__in=offices).select_related("office")


def attendances_of(person: Person) -> list[Attendance]:
    """Sessions the person registered at with the app's "I am here", newest first."""
    return list(
        Attendance.objects.filter(person=person)
        .select_related("session", "confirmed_by")
        .order_by("-registered_at")[:20]
    )
