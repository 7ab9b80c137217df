"""What the coordinator's pages read: their office's volunteers, sessions, hours, expenses,
peer mentor matches and circles, each list in a constant number of queries however many
volunteers there are.

Everything starts from the coordinator's office (``access.guard.coordinator_office``); circles
and matches leave out people a restricted-case rule bars the coordinator from
(``guard.not_barred``), as ``coordinator_referrals`` does for referrals.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from mydirection.access.guard import coordinated_referrals, not_barred
from mydirection.interventions.models import Kind, Referral, Status
from mydirection.people.models import Person
from mydirection.staff.models import User
from mydirection.volunteering import rules
from mydirection.volunteering.models import (
    ChangeStatus,
    Check,
    Circle,
    CircleStatus,
    CircleVolunteer,
    Concern,
    ConflictCheck,
    Expense,
    ExpenseStatus,
    Hours,
    HoursChange,
    HoursStatus,
    Match,
    Meeting,
    Need,
    Placement,
    Reference,
    Role,
    Session,
    Shift,
    Stage,
    Suitability,
    Supervision,
    TrainingRecord,
    Volunteer,
)
from mydirection.volunteering.services import expenses, mentoring, vetting

# A wellbeing score the coordinator follows up (1 struggling ... 5 very well).
LOW_WELLBEING = 2


CURRENT_PLACEMENTS = "current_placements"


def current_placements() -> Any:
    """A volunteer's roles now, as ``volunteer.current_placements``."""
    return Prefetch(
        "placements",
        queryset=Placement.objects.filter(ended_on__isnull=True).select_related("role"),
        to_attr=CURRENT_PLACEMENTS,
    )


# --- Volunteers -----------------------------------------------------------------------------


def volunteers(office_id: UUID, stage: str = "") -> QuerySet[Volunteer]:
    found = Volunteer.objects.filter(office_id=office_id).prefetch_related(current_placements())
    return found.filter(stage=stage) if stage else found


def volunteer_in(office_id: UUID, volunteer_id: UUID) -> Volunteer | None:
    return (
        Volunteer.objects.filter(office_id=office_id, pk=volunteer_id)
        .select_related("user", "person")
        .first()
    )


def stage_counts(office_id: UUID) -> dict[str, int]:
    rows = Volunteer.objects.filter(office_id=office_id).values("stage").annotate(n=Count("pk"))
    counts = {row["stage"]: row["n"] for row in rows}
    return {stage: counts.get(stage, 0) for stage in Stage.values}


@dataclass(frozen=True)
class Overdue:
    volunteer: Volunteer
    due: date


def supervision_overdue(office_id: UUID, today: date) -> list[Overdue]:
    """Active volunteers whose supervision was due before today (``rules.supervision_due``:
    their most often supervised role counts, from the last supervision or their first role)."""
    found = (
        Volunteer.objects.filter(office_id=office_id, stage=Stage.ACTIVE)
        .annotate(last_supervised=Max("supervisions__held_on"))
        .prefetch_related(current_placements())
    )
    overdue = []
    for volunteer in found:
        placements: list[Placement] = volunteer.current_placements  # type: ignore[attr-defined]
        if not placements:
            continue
        due = rules.supervision_due(
            (placement.role.supervision_days for placement in placements),
            volunteer.last_supervised,
            min(placement.starts_on for placement in placements),
        )
        if due is not None and due < today:
            overdue.append(Overdue(volunteer, due))
    return sorted(overdue, key=lambda item: item.due)


def low_wellbeing(office_id: UUID) -> QuerySet[Volunteer]:
    """Volunteers whose latest wellbeing score is 1 or 2 (until a later check-in)."""
    latest = Supervision.objects.filter(volunteer=OuterRef("pk"), wellbeing__isnull=False).order_by(
        "-held_on"
    )
    return (
        Volunteer.objects.filter(office_id=office_id)
        .exclude(stage=Stage.LEFT)
        .annotate(
            latest_wellbeing=Subquery(latest.values("wellbeing")[:1]),
            latest_wellbeing_on=Subquery(latest.values("held_on")[:1]),
        )
        .filter(latest_wellbeing__lte=LOW_WELLBEING)
    )


def mentors(office_id: UUID) -> QuerySet[Volunteer]:
    """Active volunteers with a peer mentor role now."""
    return (
        Volunteer.objects.filter(
            office_id=office_id,
            stage=Stage.ACTIVE,
            placements__ended_on__isnull=True,
            placements__role__mentoring=True,
        )
        .select_related("person")
        .distinct()
    )


def circle_volunteers_to_add(circle: Circle) -> QuerySet[Volunteer]:
    """Active volunteers of the circle's office with a circle role, not in it now."""
    in_it = CircleVolunteer.objects.filter(circle=circle, left_on__isnull=True).values(
        "volunteer_id"
    )
    return (
        Volunteer.objects.filter(
            office_id=circle.office_id,
            stage=Stage.ACTIVE,
            placements__ended_on__isnull=True,
            placements__role__circles=True,
        )
        .exclude(pk__in=in_it)
        .exclude(person_id=circle.person_id)
        .distinct()
    )


@dataclass
class VolunteerPage:
    volunteer: Volunteer
    references: list[Reference]
    checks: list[Check]
    suitability: list[Suitability]
    training: list[TrainingRecord]
    current: list[Placement]
    ended: list[Placement]
    supervisions: list[Supervision]
    next_supervision: date | None
    hours: list[Hours]
    expenses: list[Expense]
    owed: int
    approved: str


def volunteer_page(volunteer: Volunteer) -> VolunteerPage:
    placements = list(volunteer.placements.select_related("role"))
    return VolunteerPage(
        volunteer=volunteer,
        references=list(volunteer.references.all()),
        checks=list(volunteer.checks.select_related("role", "decided_by")),
        suitability=list(volunteer.suitability_decisions.select_related("decided_by")),
        training=list(volunteer.training.all()),
        current=[p for p in placements if p.ended_on is None],
        ended=[p for p in placements if p.ended_on is not None],
        supervisions=list(volunteer.supervisions.select_related("by")),
        next_supervision=vetting.supervision_due(volunteer),
        hours=list(volunteer.hours.all()[:20]),
        expenses=list(volunteer.expenses.all()[:20]),
        owed=expenses.owed_to(volunteer),
        approved=duration(
            volunteer.hours.filter(status=HoursStatus.APPROVED).aggregate(total=Sum("minutes"))[
                "total"
            ]
            or 0
        ),
    )


def duration(minutes: int) -> str:
    """ "3 hours 30 minutes", "45 minutes", "no time"."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts) or "no time"


def placement_refusals(volunteer: Volunteer, role: Role) -> list[str]:
    """Why ``role`` cannot be given to ``volunteer`` yet, in plain words (empty: it can)."""
    needs = rules.RoleNeeds(name=role.name, check_level=role.check_level, training=role.training)
    return rules.placement_refusals(needs, vetting.vetting_of(volunteer))


def role_in(role_id: UUID) -> Role | None:
    return Role.objects.filter(pk=role_id).first()


def roles() -> QuerySet[Role]:
    """The catalogue, offered roles first, with how many volunteers hold each now."""
    return Role.objects.annotate(
        holders=Count("placements", filter=Q(placements__ended_on__isnull=True))
    ).order_by("-active", "name")


# --- Sessions and hours ---------------------------------------------------------------------


@dataclass(frozen=True)
class NeedRow:
    role: Role
    needed: int
    filled: list[Shift]

    @property
    def missing(self) -> int:
        return max(self.needed - len(self.filled), 0)


@dataclass(frozen=True)
class SessionRow:
    session: Session
    needs: list[NeedRow]

    @property
    def filled(self) -> int:
        return sum(len(row.filled) for row in self.needs)

    @property
    def needed(self) -> int:
        return sum(row.needed for row in self.needs)


def _session_rows(sessions: Iterable[Session]) -> list[SessionRow]:
    rows = []
    for session in sessions:
        shifts: list[Shift] = session.active_shifts  # type: ignore[attr-defined]
        needs = [
            NeedRow(need.role, need.count, [s for s in shifts if s.role_id == need.role_id])
            for need in session.needs.all()
        ]
        rows.append(SessionRow(session, needs))
    return rows


def _with_needs(sessions: QuerySet[Session]) -> QuerySet[Session]:
    active = Shift.objects.filter(withdrawn_at__isnull=True).select_related("volunteer", "role")
    return sessions.prefetch_related(
        Prefetch("needs", queryset=Need.objects.select_related("role")),
        Prefetch("shifts", queryset=active, to_attr="active_shifts"),
    )


def upcoming_sessions(office_id: UUID, now: datetime) -> list[SessionRow]:
    """Sessions from today on, soonest first, with the volunteers each role needs and has."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    found = Session.objects.filter(office_id=office_id, starts_at__gte=today).order_by("starts_at")
    return _session_rows(_with_needs(found))


def session_in(office_id: UUID, session_id: UUID) -> SessionRow | None:
    found = _with_needs(Session.objects.filter(office_id=office_id, pk=session_id))
    rows = _session_rows(found)
    return rows[0] if rows else None


def shift_in(office_id: UUID, session: Session, shift_id: UUID) -> Shift | None:
    return (
        Shift.objects.filter(session=session, session__office_id=office_id, pk=shift_id)
        .select_related("session", "volunteer")
        .first()
    )


def hours_waiting(office_id: UUID) -> QuerySet[Hours]:
    return (
        Hours.objects.filter(volunteer__office_id=office_id, status=HoursStatus.LOGGED)
        .select_related("volunteer", "shift__session")
        .order_by("on", "logged_at")
    )


def changes_waiting(office_id: UUID) -> QuerySet[HoursChange]:
    return (
        HoursChange.objects.filter(
            hours__volunteer__office_id=office_id, status=ChangeStatus.REQUESTED
        )
        .select_related("hours__volunteer")
        .order_by("requested_at")
    )


def hours_in(office_id: UUID, hours_id: UUID) -> Hours | None:
    return (
        Hours.objects.filter(volunteer__office_id=office_id, pk=hours_id)
        .select_related("volunteer")
        .first()
    )


def change_in(office_id: UUID, change_id: UUID) -> HoursChange | None:
    return (
        HoursChange.objects.filter(hours__volunteer__office_id=office_id, pk=change_id)
        .select_related("hours__volunteer")
        .first()
    )


# --- Expenses -------------------------------------------------------------------------------


def expenses_waiting(office_id: UUID) -> QuerySet[Expense]:
    """Claims to decide and approved claims to pay, oldest first."""
    return (
        Expense.objects.filter(
            volunteer__office_id=office_id,
            status__in=(ExpenseStatus.CLAIMED, ExpenseStatus.APPROVED),
        )
        .select_related("volunteer")
        .order_by("claimed_at")
    )


def expense_in(office_id: UUID, expense_id: UUID) -> Expense | None:
    return (
        Expense.objects.filter(volunteer__office_id=office_id, pk=expense_id)
        .select_related("volunteer", "receipt", "decided_by")
        .first()
    )


# --- Peer mentors ---------------------------------------------------------------------------


def mentoring_referrals(user: User) -> QuerySet[Referral]:
    """Referrals to the office's peer mentoring waiting for a mentor."""
    return (
        coordinated_referrals(user, Kind.PEER_MENTORING)
        .filter(status__in=(Status.SENT, Status.ACCEPTED))
        .select_related("person", "intervention", "goal", "step")
        .order_by("decided_at")
    )


def matches(office_id: UUID, user: User) -> QuerySet[Match]:
    found = Match.objects.filter(mentor__office_id=office_id)
    return (
        not_barred(found, user, "mentee_id")
        .select_related("mentor", "mentee", "matched_by")
        .order_by("ended_on", "-starts_on")
    )


def same_caseload(mentor: Volunteer, mentee: Person) -> bool:
    """The caseload rule, worked out by the system: a mentor still on an order is not matched
    with someone on their own case manager's caseload."""
    person = mentor.person
    if person is None:
        return False
    today = timezone.localdate()
    return rules.same_caseload(
        person.case_manager_id, mentoring.supervised(person, today), mentee.case_manager_id
    )


def conflict_check_in(office_id: UUID, user: User, check_id: UUID) -> ConflictCheck | None:
    found = ConflictCheck.objects.filter(mentor__office_id=office_id, pk=check_id)
    return (
        not_barred(found, user, "mentee_id")
        .select_related("mentor__person", "mentee", "checked_by")
        .first()
    )


def match_in(office_id: UUID, user: User, match_id: UUID) -> Match | None:
    return matches(office_id, user).filter(pk=match_id).first()


# --- Circles --------------------------------------------------------------------------------


def circle_referrals(user: User) -> QuerySet[Referral]:
    """Open referrals to the office's Life Links with no circle formed from them yet."""
    return (
        coordinated_referrals(user, Kind.LIFE_LINKS)
        .filter(status__in=(Status.SENT, Status.ACCEPTED), circle__isnull=True)
        .select_related("person", "intervention", "goal", "step")
        .order_by("decided_at")
    )


def _circles(office_id: UUID, user: User, now: datetime) -> QuerySet[Circle]:
    overdue = Q(meetings__minutes_at__isnull=True, meetings__held_at__lt=now - rules.MINUTES_WITHIN)
    found = Circle.objects.filter(office_id=office_id)
    return (
        not_barred(found, user, "person_id")
        .select_related("person", "coordinator")
        .annotate(
            volunteer_count=Count(
                "members", filter=Q(members__left_on__isnull=True), distinct=True
            ),
            last_met=Max("meetings__held_at"),
            minutes_overdue=Count("meetings", filter=overdue, distinct=True),
        )
    )


@dataclass(frozen=True)
class CircleRow:
    circle: Circle
    volunteers: int
    last_met: datetime | None
    minutes_overdue: int
    stalled: bool


def circles(office_id: UUID, user: User, now: datetime) -> list[CircleRow]:
    """The office's circles, ended ones last: volunteers, last met, minutes overdue, stalled."""
    rows = [
        CircleRow(
            circle=circle,
            volunteers=circle.volunteer_count,  # type: ignore[attr-defined]
            last_met=circle.last_met,  # type: ignore[attr-defined]
            minutes_overdue=circle.minutes_overdue,  # type: ignore[attr-defined]
            stalled=rules.stalled(
                circle.status,
                circle.last_met,  # type: ignore[attr-defined]
                circle.created_at,
                now,
            ),
        )
        for circle in _circles(office_id, user, now)
    ]
    return sorted(rows, key=lambda row: (row.circle.status == CircleStatus.ENDED,))


def circle_in(office_id: UUID, user: User, circle_id: UUID) -> Circle | None:
    found = Circle.objects.filter(office_id=office_id, pk=circle_id)
    return not_barred(found, user, "person_id").select_related("person", "coordinator").first()


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    due: datetime
    # "on_time", "late", "overdue" or "due".
    minutes: str


def minutes_state(meeting: Meeting, now: datetime) -> str:
    due = rules.minutes_due(meeting.held_at)
    if meeting.minutes_at is not None:
        return "late" if meeting.minutes_at > due else "on_time"
    return "overdue" if rules.minutes_overdue(meeting.held_at, None, now) else "due"


@dataclass
class CirclePage:
    circle: Circle
    members: list[CircleVolunteer]
    meetings: list[MeetingRow]
    review_due: date | None
    stalled: bool
    outer: list[object] = field(default_factory=list)
    tasks: list[object] = field(default_factory=list)
    concerns: list[Concern] = field(default_factory=list)
    reviews: list[object] = field(default_factory=list)


def circle_page(circle: Circle, now: datetime) -> CirclePage:
    members = list(
        circle.members.filter(left_on__isnull=True)
        .select_related("volunteer")
        .order_by("volunteer__first_name")
    )
    meetings = list(circle.meetings.prefetch_related("attended").select_related("recorded_by"))
    reviews = list(circle.reviews.select_related("by"))
    last_quarterly = next((r.held_on for r in reviews if r.kind == "quarterly"), None)
    last_met = meetings[0].held_at if meetings else None
    return CirclePage(
        circle=circle,
        members=members,
        meetings=[
            MeetingRow(m, rules.minutes_due(m.held_at), minutes_state(m, now)) for m in meetings
        ],
        review_due=rules.review_due(circle.started_on, last_quarterly)
        if circle.status != CircleStatus.ENDED
        else None,
        stalled=rules.stalled(circle.status, last_met, circle.created_at, now),
        outer=list(circle.outer.all()),
        tasks=list(circle.tasks.select_related("volunteer")),
        concerns=list(circle.concerns.select_related("raised_by", "triaged_by")),
        reviews=list(reviews),
    )


def concerns_waiting(office_id: UUID, user: User) -> QuerySet[Concern]:
    """Concerns not yet triaged, about the office's circles or sessions, oldest first."""
    found = Concern.objects.filter(triaged_at__isnull=True).filter(
        Q(circle__office_id=office_id) | Q(session__office_id=office_id)
    )
    return (
        not_barred(found, user, "circle__person_id")
        .select_related("circle__person", "session", "raised_by")
        .order_by("raised_at")
    )


def concern_in(office_id: UUID, user: User, concern_id: UUID) -> Concern | None:
    found = Concern.objects.filter(pk=concern_id).filter(
        Q(circle__office_id=office_id) | Q(session__office_id=office_id)
    )
    return (
        not_barred(found, user, "circle__person_id")
        .select_related("circle__person", "session", "raised_by", "triaged_by")
        .first()
    )


# --- The coordinator's home -----------------------------------------------------------------


@dataclass
class Home:
    concerns: list[Concern]
    hours: int
    changes: int
    claims: int
    to_pay: int
    supervision: list[Overdue]
    wellbeing: list[Volunteer]
    minutes_overdue: list[CircleRow]
    stalled: list[CircleRow]
    circle_referrals: list[Referral]
    mentoring_referrals: list[Referral]

    def people(self) -> list[UUID | None]:
        """The people on probation the page shows (for the access log)."""
        return [
            *(c.circle.person_id for c in self.concerns if c.circle is not None),
            *(o.volunteer.person_id for o in self.supervision),
            *(v.person_id for v in self.wellbeing),
            *(row.circle.person_id for row in [*self.minutes_overdue, *self.stalled]),
            *(r.person_id for r in [*self.circle_referrals, *self.mentoring_referrals]),
        ]


def home(office_id: UUID, user: User, now: datetime) -> Home:
    expenses = Expense.objects.filter(volunteer__office_id=office_id).aggregate(
        claims=Count("pk", filter=Q(status=ExpenseStatus.CLAIMED)),
        to_pay=Count("pk", filter=Q(status=ExpenseStatus.APPROVED)),
    )
    rows = circles(office_id, user, now)
    return Home(
        concerns=list(concerns_waiting(office_id, user)),
        hours=hours_waiting(office_id).count(),
        changes=changes_waiting(office_id).count(),
        claims=expenses["claims"],
        to_pay=expenses["to_pay"],
        supervision=supervision_overdue(office_id, timezone.localdate(now)),
        wellbeing=list(low_wellbeing(office_id)),
        minutes_overdue=[row for row in rows if row.minutes_overdue],
        stalled=[row for row in rows if row.stalled],
        circle_referrals=list(circle_referrals(user).filter(status=Status.SENT)),
        mentoring_referrals=list(mentoring_referrals(user).filter(status=Status.SENT)),
    )
