"""Reads of a person's plan. Callers have already passed the access policy.

``plan_page`` costs the same number of queries whatever the number of goals, steps, notes,
conversations or versions: it prefetches, and it shows the newest history only.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.db.models import OuterRef, Prefetch, Subquery

from mydirection.people.models import Consent, ConsentPurpose, Order, Person, Requirement
from mydirection.plans.models import (
    CURRENT_GOALS,
    Conversation,
    Goal,
    Plan,
    PlanChange,
    PlanShare,
    PlanVersion,
    ProgressNote,
    Step,
)
from mydirection.practice import ConversationKind, Phase, phase_of
from mydirection.staff.models import User

HISTORY_LENGTH = 30
NOTES_LENGTH = 20
CONVERSATIONS_LENGTH = 10


def author_text(by_user: User | None, by_person: bool, with_person: bool, person: Person) -> str:
    """'Carol Mercer and Alex', 'Alex' or 'Carol Mercer': who made a change to the plan."""
    if by_person:
        return person.known_as
    name = by_user.display_name if by_user else "MyDirection"
    return f"{name} and {person.known_as}" if with_person else name


@dataclass(frozen=True)
class HistoryItem:
    title: str
    datetime: datetime
    by: str


@dataclass
class PlanPage:
    plan: Plan | None
    goals: list[Goal] = field(default_factory=list)  # working on now or in future
    closed_goals: list[Goal] = field(default_factory=list)  # achieved or removed
    requirements: list[Requirement] = field(default_factory=list)
    unplanned_requirements: list[Requirement] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    versions: list[PlanVersion] = field(default_factory=list)
    notes: list[ProgressNote] = field(default_factory=list)
    history: list[HistoryItem] = field(default_factory=list)
    shares: list[PlanShare] = field(default_factory=list)

    @property
    def latest_conversation(self) -> Conversation | None:
        return self.conversations[0] if self.conversations else None

    @property
    def phase(self) -> Phase:
        latest = self.latest_conversation
        return phase_of(latest.kind if latest else None)

    @property
    def open_crisis(self) -> Conversation | None:
        """A crisis is open until a later conversation moves the work on."""
        latest = self.latest_conversation
        return latest if latest and latest.kind == ConversationKind.CRISIS else None

    @property
    def latest_version(self) -> PlanVersion | None:
        return self.versions[0] if self.versions else None


def open_crises(person_ids: Collection[UUID]) -> list[Conversation]:
    """The open crisis of each of these people (whom the caller may see) who has one
    (``PlanPage.open_crisis``: their latest conversation is a crisis), with its emergency
    plan's review date, the earliest review first. One query, whatever the number of
    people."""
    latest = (
        Conversation.objects.filter(person=OuterRef("person"))
        .order_by("-held_on", "-created_at")
        .values("pk")[:1]
    )
    return list(
        Conversation.objects.filter(person_id__in=list(person_ids), kind=ConversationKind.CRISIS)
        .filter(pk=Subquery(latest))
        .select_related("person", "emergency_worker")
        .order_by("review_on", "held_on")
    )


def goals_with_steps(plan: Plan) -> list[Goal]:
    return list(
        Goal.objects.filter(plan=plan)
        .order_by("position", "created_at")
        .prefetch_related(
            "requirements",
            Prefetch(
                "steps",
                queryset=Step.objects.order_by("created_at").prefetch_related("requirements"),
            ),
        )
    )


def person_requirements(person: Person) -> list[Requirement]:
    return list(
        Requirement.objects.filter(order__person=person)
        .select_related("order")
        .order_by("-order__start_date", "requirement_type")
    )


def plan_page(person: Person) -> PlanPage:
    plan = Plan.objects.filter(person=person).first()
    requirements = person_requirements(person)
    conversations = list(
        Conversation.objects.filter(person=person).select_related("by", "emergency_worker")[
            :CONVERSATIONS_LENGTH
        ]
    )
    if plan is None:
        return PlanPage(
            plan=None,
            requirements=requirements,
            unplanned_requirements=requirements,
            conversations=conversations,
        )
    goals = goals_with_steps(plan)
    current = [goal for goal in goals if goal.status in CURRENT_GOALS]
    served = {r.pk for goal in current for r in goal.requirements.all()}
    served |= {
        r.pk for goal in current for step in goal.steps.all() for r in step.requirements.all()
    }
    return PlanPage(
        plan=plan,
        goals=current,
        closed_goals=[goal for goal in goals if goal.status not in CURRENT_GOALS],
        requirements=requirements,
        unplanned_requirements=[r for r in requirements if r.pk not in served],
        conversations=conversations,
        versions=list(PlanVersion.objects.filter(plan=plan).select_related("recorded_by")),
        notes=list(ProgressNote.objects.filter(plan=plan).select_related("by_user")[:NOTES_LENGTH]),
        history=[
            HistoryItem(
                change.what,
                change.occurred_at,
                author_text(change.by_user, change.by_person, change.with_person, person),
            )
            for change in PlanChange.objects.filter(plan=plan).select_related("by_user")[
                :HISTORY_LENGTH
            ]
        ],
        shares=list(PlanShare.objects.filter(plan=plan).select_related("shared_by")),
    )


def order_ends(person: Person) -> date | None:
    """When the person's order ends (the latest, if they have more than one; the day it ended
    early, if it did), or None when they have no order."""
    ends = [
        ended_early or end
        for end, ended_early in Order.objects.filter(person=person).values_list(
            "end_date", "ended_early_on"
        )
    ]
    return max(ends, default=None)


def after_the_order(target: date | None, person: Person) -> date | None:
    """The day the order ends, when ``target`` is after it (a goal may reach beyond the order,
    but it is worth a second look); otherwise None."""
    if target is None:
        return None
    end = order_ends(person)
    return end if end is not None and target > end else None


def target_text(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def current_share_consent(person: Person) -> Consent | None:
    """The newest consent, not withdrawn, to share the plan with family or a keyworker."""
    return (
        Consent.objects.filter(
            person=person, purpose=ConsentPurpose.SHARE_PLAN, withdrawn_on__isnull=True
        )
        .order_by("-given_on")
        .first()
    )
