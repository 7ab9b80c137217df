"""What the record and the person's app read of volunteering about one person on probation.
The case manager reads their volunteering, their readiness, their peer mentor's first name,
their circle and the concerns its volunteers raise about them (so a concern reaches the case
manager even where a restriction keeps the coordinator away); never the conflict check's
answers, nor anything of another person."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Max
from django.utils import timezone

from mydirection.people.models import Person
from mydirection.volunteering import rules
from mydirection.volunteering.models import (
    Circle,
    CircleStatus,
    Concern,
    Match,
    Meeting,
    Pathway,
    Readiness,
    ReadinessOutcome,
    Stage,
    Task,
    Volunteer,
)


@dataclass(frozen=True)
class Step:
    """A step of the pathway, as the panel shows it."""

    label: str
    state: str  # "done", "now", "next"


def pathway_position(
    volunteer: Volunteer | None, mentoring: bool, latest: Readiness | None
) -> Pathway:
    """Where the person is: what the volunteering records show (a volunteer with a role, a
    peer mentor), or further if their last talk with the case manager said so (a paid role)."""
    shown = Pathway.TAKING_PART
    if mentoring:
        shown = Pathway.PEER_MENTOR
    elif volunteer is not None and volunteer.stage == Stage.ACTIVE:
        shown = Pathway.VOLUNTEER
    said = Pathway(latest.pathway) if latest is not None else Pathway.TAKING_PART
    return max(shown, said)


def steps(position: Pathway) -> list[Step]:
    return [
        Step(
            label,
            "done" if value < position else "now" if value == position else "next",
        )
        for value, label in Pathway.choices
    ]


@dataclass(frozen=True)
class CircleSummary:
    circle: Circle
    volunteers: int
    last_met: datetime | None
    stalled: bool


def circle_of(person: Person) -> Circle | None:
    """The person's circle: the current one, else the latest."""
    circles = Circle.objects.filter(person=person).order_by("-chosen_on", "-created_at")
    return circles.exclude(status=CircleStatus.ENDED).first() or circles.first()


# How many of a circle's concerns the record shows (the newest first).
CONCERNS_SHOWN = 5


def untriaged_concerns(person_ids: list[UUID]) -> list[Concern]:
    """Concerns circle volunteers raised about these people that the coordinator has not
    triaged yet, for the case manager's Needs attention panel."""
    return list(
        Concern.objects.filter(circle__person_id__in=person_ids, triaged_at__isnull=True)
        .select_related("circle__person")
        .order_by("raised_at")
    )


def circle_summary(circle: Circle, now: datetime) -> CircleSummary:
    last = circle.meetings.aggregate(last=Max("held_at"))["last"]
    return CircleSummary(
        circle,
        circle.members.filter(left_on__isnull=True).count(),
        last,
        rules.stalled(circle.status, last, circle.created_at, now),
    )


def person_panel(person: Person) -> dict[str, Any]:
    """The Interventions tab's Volunteering panel (always shown: anyone may talk about it)."""
    now = timezone.now()
    volunteer = Volunteer.objects.filter(person=person).select_related("office").first()
    placements = (
        list(volunteer.placements.filter(ended_on__isnull=True).select_related("role"))
        if volunteer
        else []
    )
    mentoring = any(p.role.mentoring for p in placements)
    readiness = list(Readiness.objects.filter(person=person).select_related("by")[:5])
    latest = readiness[0] if readiness else None
    position = pathway_position(volunteer, mentoring, latest)
    match = (
        Match.objects.filter(mentee=person, ended_on__isnull=True).select_related("mentor").first()
    )
    mentees = (
        Match.objects.filter(mentor=volunteer, ended_on__isnull=True).count() if volunteer else 0
    )
    circle = circle_of(person)
    return {
        "person_id": person.pk,
        "known_as": person.known_as,
        "steps": steps(position),
        "position": position,
        "readiness": readiness,
        "ready": latest is not None and latest.outcome == ReadinessOutcome.READY,
        "volunteer": volunteer,
        "roles": [p.role for p in placements],
        "match": match,
        "mentees": mentees,
        "circle": circle_summary(circle, now) if circle else None,
        "concerns": (
            list(circle.concerns.select_related("triaged_by")[:CONCERNS_SHOWN]) if circle else []
        ),
    }


def latest_readiness(person: Person) -> Readiness | None:
    return Readiness.objects.filter(person=person).first()


# --- The focus person's circle, in their app -------------------------------------------------


@dataclass(frozen=True)
class FocusCircle:
    circle: Circle
    volunteers: list[Volunteer]
    last_meeting: Meeting | None
    tasks: list[Task]
    done: int

    @property
    def people_on_probation(self) -> list[UUID | None]:
        """Volunteers in the circle who are on probation too (the person reads their names)."""
        return [volunteer.person_id for volunteer in self.volunteers]


def focus_circle(person: Person) -> Circle | None:
    """The person's own circle while it runs (their app's page: 404 without one)."""
    return Circle.objects.filter(person=person).exclude(status=CircleStatus.ENDED).first()


def focus_view(circle: Circle) -> FocusCircle:
    volunteers = [
        member.volunteer
        for member in circle.members.filter(left_on__isnull=True)
        .select_related("volunteer")
        .order_by("joined_on")
    ]
    tasks = list(circle.tasks.select_related("volunteer").order_by("due_on", "created_at"))
    return FocusCircle(
        circle,
        volunteers,
        circle.meetings.order_by("-held_at").first(),
        [task for task in tasks if task.done_on is None],
        sum(1 for task in tasks if task.done_on is not None),
    )
