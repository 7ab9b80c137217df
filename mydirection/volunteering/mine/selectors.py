"""What a volunteer reads of their own volunteering: their roles, sessions, circles, tasks,
hours and expenses. The people they meet appear by first name only: never a surname, a risk,
an offence or anything of a record."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from mydirection.dates import start_of
from mydirection.volunteering import rules
from mydirection.volunteering.models import (
    ChangeStatus,
    Circle,
    CircleStatus,
    CircleVolunteer,
    Expense,
    Hours,
    HoursChange,
    Match,
    Meeting,
    Need,
    Role,
    Session,
    Shift,
    Task,
    Volunteer,
)

# How far ahead the sessions page looks.
HORIZON = timedelta(weeks=8)
# A volunteer checks in from an hour before a session starts.
CHECK_IN_FROM = timedelta(hours=1)


def current_roles(volunteer: Volunteer) -> list[Role]:
    return [
        placement.role
        for placement in volunteer.placements.filter(ended_on__isnull=True)
        .select_related("role")
        .order_by("role__name")
    ]


# --- Sessions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """The volunteers a session needs in one role, and how many have signed up."""

    role: Role
    needed: int
    taken: int

    @property
    def left(self) -> int:
        return max(self.needed - self.taken, 0)


@dataclass(frozen=True)
class SessionView:
    session: Session
    places: list[Place]
    # The volunteer's own sign-up (not withdrawn), if any.
    shift: Shift | None
    now: datetime

    @property
    def started(self) -> bool:
        return self.session.starts_at <= self.now

    @property
    def ends_at(self) -> datetime:
        return self.session.starts_at + timedelta(minutes=self.session.minutes)

    @property
    def may_withdraw(self) -> bool:
        return self.shift is not None and not self.started

    @property
    def may_check_in(self) -> bool:
        """On the day, from an hour before it starts, once."""
        if self.shift is None or self.shift.checked_in_at is not None:
            return False
        starts = self.session.starts_at
        same_day = timezone.localdate(starts) == timezone.localdate(self.now)
        return same_day and self.now >= starts - CHECK_IN_FROM

    def open_to(self, roles: list[Role]) -> list[Place]:
        """The places left in roles the volunteer holds (none once they have signed up)."""
        if self.shift is not None or self.started or self.session.cancelled:
            return []
        held = {role.pk for role in roles}
        return [place for place in self.places if place.role.pk in held and place.left]


def _sessions(volunteer: Volunteer) -> QuerySet[Session]:
    return (
        Session.objects.filter(office_id=volunteer.office_id)
        .select_related("intervention")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.select_related("role").order_by("role__name")),
            Prefetch(
                "shifts",
                queryset=Shift.objects.filter(withdrawn_at__isnull=True).select_related("role"),
                to_attr="active_shifts",
            ),
        )
    )


def _view(session: Session, volunteer: Volunteer, now: datetime) -> SessionView:
    shifts: list[Shift] = session.active_shifts  # type: ignore[attr-defined]
    places = [
        Place(need.role, need.count, sum(1 for s in shifts if s.role_id == need.role_id))
        for need in session.needs.all()
    ]
    mine = next((s for s in shifts if s.volunteer_id == volunteer.pk), None)
    return SessionView(session, places, mine, now)


def sessions(
    volunteer: Volunteer, roles: list[Role]
) -> tuple[list[SessionView], list[SessionView]]:
    """The sessions the volunteer signed up for (from today), and the ones they could help
    with in the coming weeks (a role they hold with places left)."""
    now = timezone.now()
    today = start_of(timezone.localdate(now))
    held = [role.pk for role in roles]
    found = _sessions(volunteer).filter(
        Q(shifts__volunteer=volunteer, shifts__withdrawn_at__isnull=True)
        | Q(needs__role__in=held, cancelled=False),
        starts_at__gte=today,
        starts_at__lte=now + HORIZON,
    )
    views = [_view(session, volunteer, now) for session in found.distinct()]
    signed_up = [view for view in views if view.shift is not None]
    open_ = [view for view in views if view.open_to(roles)]
    return signed_up, open_


def session_for(volunteer: Volunteer, session_id: UUID) -> SessionView | None:
    """A session of the volunteer's office that needs a role they hold, or that they signed
    up for (None: not theirs to see)."""
    held = volunteer.placements.filter(ended_on__isnull=True).values("role")
    session = (
        _sessions(volunteer)
        .filter(Q(needs__role__in=held) | Q(shifts__volunteer=volunteer), pk=session_id)
        .distinct()
        .first()
    )
    return _view(session, volunteer, timezone.now()) if session else None


# --- Circles --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    due: datetime
    # "on_time", "late" (written after the deadline), "due" (not yet written), "overdue".
    minutes: str
    attended: list[str]

    @property
    def needs_minutes(self) -> bool:
        return self.minutes in ("due", "overdue")


def minutes_state(meeting: Meeting, now: datetime) -> str:
    overdue = rules.minutes_overdue(meeting.held_at, meeting.minutes_at, now)
    if meeting.minutes_at is not None:
        return "late" if overdue else "on_time"
    return "overdue" if overdue else "due"


def meeting_view(meeting: Meeting, now: datetime) -> MeetingView:
    return MeetingView(
        meeting,
        rules.minutes_due(meeting.held_at),
        minutes_state(meeting, now),
        [v.first_name for v in meeting.attended.all()],
    )


@dataclass(frozen=True)
class CircleView:
    circle: Circle
    # The focus person's first name (the name they go by).
    focus: str
    members: list[Volunteer]
    meetings: list[MeetingView]
    open_tasks: list[Task]
    done_tasks: list[Task]

    @property
    def may_meet(self) -> bool:
        return rules.meeting_refusal(len(self.members), False) is None

    @property
    def people_on_probation(self) -> list[UUID | None]:
        """The people on probation the page shows: the focus person, and any volunteer in
        the circle who is one."""
        return [self.circle.person_id, *(v.person_id for v in self.members)]


def my_circles(volunteer: Volunteer) -> list[Circle]:
    """The circles the volunteer is in now."""
    return list(
        Circle.objects.filter(members__volunteer=volunteer, members__left_on__isnull=True)
        .exclude(status=CircleStatus.ENDED)
        .select_related("person")
        .distinct()
        .order_by("chosen_on")
    )


def my_mentees(volunteer: Volunteer) -> list[Match]:
    """The people the volunteer mentors now (shown by first name only)."""
    return list(
        Match.objects.filter(mentor=volunteer, ended_on__isnull=True)
        .select_related("mentee")
        .order_by("starts_on")
    )


def circle_for(volunteer: Volunteer, circle_id: UUID) -> Circle | None:
    return next((c for c in my_circles(volunteer) if c.pk == circle_id), None)


def members_of(circle: Circle) -> list[Volunteer]:
    return [
        member.volunteer
        for member in CircleVolunteer.objects.filter(circle=circle, left_on__isnull=True)
        .select_related("volunteer")
        .order_by("joined_on", "volunteer__first_name")
    ]


def circle_view(circle: Circle) -> CircleView:
    now = timezone.now()
    meetings = circle.meetings.prefetch_related("attended").order_by("-held_at")
    tasks = list(circle.tasks.select_related("volunteer").order_by("due_on", "created_at"))
    return CircleView(
        circle,
        circle.person.known_as,
        members_of(circle),
        [meeting_view(meeting, now) for meeting in meetings],
        [task for task in tasks if task.done_on is None],
        sorted(
            (task for task in tasks if task.done_on is not None),
            key=lambda task: task.done_on or task.created_at.date(),
            reverse=True,
        ),
    )


def meeting_for(circle: Circle, meeting_id: UUID) -> Meeting | None:
    return circle.meetings.filter(pk=meeting_id).first()


def task_for(circle: Circle, task_id: UUID) -> Task | None:
    return circle.tasks.filter(pk=task_id).first()


def my_tasks(volunteer: Volunteer, circles: list[Circle]) -> list[Task]:
    """Open tasks in the volunteer's circles: theirs, or nobody's yet."""
    return list(
        Task.objects.filter(circle__in=circles, done_on__isnull=True)
        .filter(Q(volunteer=volunteer) | Q(volunteer__isnull=True))
        .select_related("circle__person")
        .order_by("due_on", "created_at")
    )


# --- Hours and expenses ---------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    hours: Hours
    # A change asked for and waiting for the coordinator, and the latest one decided.
    waiting: HoursChange | None
    decided: HoursChange | None

    @property
    def may_change(self) -> bool:
        return self.hours.status == "logged" or (
            self.hours.status == "approved" and self.waiting is None
        )


def _rows(found: QuerySet[Hours]) -> list[HoursRow]:
    found = found.prefetch_related(
        Prefetch("changes", queryset=HoursChange.objects.order_by("-requested_at"))
    )
    rows = []
    for hours in found.order_by("-on", "-logged_at"):
        changes = list(hours.changes.all())
        rows.append(
            HoursRow(
                hours,
                next((c for c in changes if c.status == ChangeStatus.REQUESTED), None),
                next((c for c in changes if c.status != ChangeStatus.REQUESTED), None),
            )
        )
    return rows


def hours_of(volunteer: Volunteer) -> list[HoursRow]:
    return _rows(Hours.objects.filter(volunteer=volunteer))


def hours_for(volunteer: Volunteer, hours_id: UUID) -> HoursRow | None:
    return next(iter(_rows(Hours.objects.filter(volunteer=volunteer, pk=hours_id))), None)


def approved_minutes(rows: list[HoursRow]) -> int:
    return sum(row.hours.minutes for row in rows if row.hours.status == "approved")


def expenses_of(volunteer: Volunteer) -> list[Expense]:
    return list(Expense.objects.filter(volunteer=volunteer).order_by("-spent_on", "-claimed_at"))
