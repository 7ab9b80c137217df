"""Volunteering in figures, for the evaluation's monitoring page (``evaluation.volunteering``):
volunteers by stage, hours approved, sessions supported, circles formed, meetings and minutes,
and referrals to circles with what became of them. Plain counts: the evaluation suppresses the
small ones."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from mydirection.interventions.models import OPEN_STATUSES, EndReason, Kind, Referral, Status
from mydirection.volunteering import rules
from mydirection.volunteering.models import (
    Circle,
    CircleStatus,
    HoursStatus,
    Meeting,
    Session,
    Shift,
    Stage,
    Volunteer,
)


@dataclass(frozen=True)
class Figures:
    by_stage: list[tuple[str, int]]
    lived_experience: int
    volunteers: int
    hours_minutes: int
    volunteers_with_hours: int
    sessions_held: int
    sessions_supported: int
    volunteers_checked_in: int
    circles: list[tuple[str, int]]
    circles_formed: int
    meetings: int
    person_attended: int
    minutes_due: int
    minutes_on_time: int
    referrals: int
    became_circles: int
    waiting: int
    # Referrals that ended without a circle, by why (the referral's end reason).
    not_circles: list[tuple[str, int]]


def _why(referral: Referral) -> str:
    if referral.end_reason:
        return EndReason(referral.end_reason).label
    if referral.status == Status.DECLINED:
        return "Declined by the coordinator"
    if referral.status == Status.WITHDRAWN:
        return "Withdrawn by the case manager"
    return Status(referral.status).label


def figures() -> Figures:
    now = timezone.now()
    stages = Counter(Volunteer.objects.values_list("stage", flat=True))
    hours = Volunteer.objects.aggregate(
        minutes=Sum("hours__minutes", filter=Q(hours__status=HoursStatus.APPROVED)),
        people=Count("pk", filter=Q(hours__status=HoursStatus.APPROVED), distinct=True),
    )
    held = Session.objects.filter(cancelled=False, starts_at__lte=now)
    checked_in = Shift.objects.filter(session__in=held, checked_in_at__isnull=False)
    circles = Counter(Circle.objects.values_list("status", flat=True))
    meetings = list(Meeting.objects.values_list("held_at", "minutes_at", "person_attended"))
    due = [
        (held_at, minutes_at)
        for held_at, minutes_at, _ in meetings
        if minutes_at is not None or rules.minutes_due(held_at) <= now
    ]
    referrals = (
        Referral.objects.filter(intervention__kind=Kind.LIFE_LINKS)
        .exclude(status=Status.NOT_REFERRED)
        .annotate(circle_made=Exists(Circle.objects.filter(referral=OuterRef("pk"))))
    )
    made = [r for r in referrals if r.circle_made]
    rest = [r for r in referrals if not r.circle_made]
    waiting = [r for r in rest if r.status in OPEN_STATUSES]
    ended = Counter(_why(r) for r in rest if r.status not in OPEN_STATUSES)
    return Figures(
        by_stage=[(label, stages.get(value, 0)) for value, label in Stage.choices],
        lived_experience=Volunteer.objects.filter(lived_experience=True).count(),
        volunteers=sum(stages.values()),
        hours_minutes=int(hours["minutes"] or 0),
        volunteers_with_hours=int(hours["people"] or 0),
        sessions_held=held.count(),
        sessions_supported=held.filter(Exists(checked_in.filter(session=OuterRef("pk")))).count(),
        volunteers_checked_in=checked_in.values("volunteer").distinct().count(),
        circles=[(label, circles.get(value, 0)) for value, label in CircleStatus.choices],
        circles_formed=sum(circles.values()),
        meetings=len(meetings),
        person_attended=sum(1 for *_, came in meetings if came),
        minutes_due=len(due),
        minutes_on_time=sum(
            1 for held_at, at in due if not rules.minutes_overdue(held_at, at, now)
        ),
        referrals=len(made) + len(rest),
        became_circles=len(made),
        waiting=len(waiting),
        not_circles=sorted(ended.items(), key=lambda item: (-item[1], item[0])),
    )
