"""Changes to a person's plan. Each function is one transaction, logs the change in the access
log and adds a line to the plan's own history.

The author of a change is an ``Author``: a member of staff (perhaps working it out with the
person in the room), or the person themself. The person will later change their plan through a
portal (mark a step done, say how it went, agree or comment), so no service assumes the author
is the signed-in user. A change by the person names the person as the access log's actor
(``person_actor``); a change by staff names the member of staff.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people.models import Consent, ConsentPurpose, Person, Requirement
from mydirection.people.services import StaleEdit
from mydirection.plans.models import (
    Agreement,
    Conversation,
    Goal,
    GoalStatus,
    NoteKind,
    Plan,
    PlanChange,
    PlanShare,
    PlanVersion,
    ProgressNote,
    Step,
    StepActor,
)
from mydirection.practice import Area, ConversationKind
from mydirection.staff.models import User

__all__ = ["Author", "EmergencyPlan", "SharingRefused", "StaleEdit"]


@dataclass(frozen=True)
class Author:
    """Who made a change: a member of staff, or the person on probation themself."""

    user: User | None = None
    person: Person | None = None
    # Staff recording something worked out together with the person.
    with_person: bool = False

    @classmethod
    def staff(cls, user: User, *, with_person: bool = False) -> "Author":
        return cls(user=user, with_person=with_person)

    @classmethod
    def the_person(cls, person: Person) -> "Author":
        return cls(person=person)

    def __post_init__(self) -> None:
        if (self.user is None) == (self.person is None):
            raise ValueError("An author is either a member of staff or the person")

    @property
    def is_person(self) -> bool:
        return self.person is not None

    def log_details(self) -> dict[str, Any]:
        return {} if self.is_person else {"with_person": self.with_person}


class SharingRefused(Exception):
    """The plan may not be shared: no current consent to share it."""


@dataclass(frozen=True)
class EmergencyPlan:
    """What happens in a crisis, the named worker who stays with the person, and when to review."""

    what_will_happen: str = ""
    worker: User | None = None
    review_on: date | None = None


def _touch(
    plan: Plan,
    by: Author,
    what: str,
    *,
    relation: str,
    operation: Operation,
    changes_plan: bool = True,
) -> None:
    """Every change: the plan's history, the access log, and 'changed since agreed'.

    Notes and conversations are about the plan, not changes to it: they need no new agreement
    (``changes_plan=False``).
    """
    if changes_plan:
        Plan.objects.filter(pk=plan.pk).update(
            updated_at=timezone.now(),
            changed_since_agreed=PlanVersion.objects.filter(plan=plan).exists(),
        )
    PlanChange.objects.create(
        plan=plan,
        what=what,
        by_user=by.user,
        by_person=by.is_person,
        with_person=by.with_person,
    )
    record(
        actor=by.user,
        person_actor=by.person,
        operation=operation,
        what=f"Plan: {what}",
        subject_id=plan.person_id,
        relation=relation,
        details={"plan": str(plan.pk)} | by.log_details(),
    )


def plan_of(person: Person) -> Plan:
    """The person's plan, made on first use (one plan per person)."""
    plan, _ = Plan.objects.get_or_create(person=person)
    return plan


def _requirements(person: Person, ids: Iterable[UUID | str]) -> list[Requirement]:
    """Only this person's requirements: another person's ids are ignored."""
    wanted = [str(i) for i in ids]
    if not wanted:
        return []
    return list(Requirement.objects.filter(order__person=person, pk__in=wanted))


# Goals -----------------------------------------------------------------------------------


@transaction.atomic
def add_goal(
    *,
    person: Person,
    by: Author,
    title: str,
    area: str,
    related_areas: Iterable[str] = (),
    status: str = GoalStatus.ACTIVE,
    target_date: date | None = None,
    requirement_ids: Iterable[UUID | str] = (),
    relation: str = "",
) -> Goal:
    if status not in (GoalStatus.ACTIVE, GoalStatus.FUTURE):
        raise ValidationError({"status": "A new goal is to work on now or in the future"})
    plan = plan_of(person)
    last = plan.goals.aggregate(last=Max("position"))["last"]
    goal = Goal(
        plan=plan,
        title=title.strip(),
        area=area,
        related_areas=[a for a in related_areas if a in Area.values and a != area],
        status=status,
        target_date=target_date,
        position=0 if last is None else last + 1,
    )
    goal.full_clean()
    goal.save(force_insert=True)
    goal.requirements.set(_requirements(person, requirement_ids))
    _touch(plan, by, "Goal added", relation=relation, operation=Operation.COLLECT)
    return goal


GOAL_FIELDS = ("title", "area", "related_areas", "target_date")


@transaction.atomic
def update_goal(
    *,
    goal: Goal,
    by: Author,
    changes: dict[str, Any],
    requirement_ids: Iterable[UUID | str] | None = None,
    expected_version: int,
    relation: str = "",
) -> Goal:
    """Save ``changes`` unless someone saved the goal since ``expected_version`` was read."""
    values = {key: value for key, value in changes.items() if key in GOAL_FIELDS}
    if "related_areas" in values:
        area = values.get("area", goal.area)
        values["related_areas"] = [a for a in values["related_areas"] if a != area]
    updated = Goal.objects.filter(pk=goal.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit
    goal.refresh_from_db()
    if requirement_ids is not None:
        goal.requirements.set(_requirements(goal.plan.person, requirement_ids))
    _touch(goal.plan, by, "Goal changed", relation=relation, operation=Operation.ALTER)
    return goal


_STATUS_CHANGES = {
    GoalStatus.ACHIEVED: "Goal achieved",
    GoalStatus.REMOVED: "Goal removed",
    GoalStatus.ACTIVE: "Goal added back, to work on now",
    GoalStatus.FUTURE: "Goal moved to the future",
}


@transaction.atomic
def set_goal_status(
    *,
    goal: Goal,
    by: Author,
    status: str,
    note: str = "",
    expected_version: int,
    relation: str = "",
) -> Goal:
    """Achieve, remove, or re-add a goal. Achieving and removing need a note saying why."""
    status = GoalStatus(status)
    if status in (GoalStatus.ACHIEVED, GoalStatus.REMOVED) and not note.strip():
        verb = "achieved" if status == GoalStatus.ACHIEVED else "removed"
        raise ValidationError({"note": f"Say how the goal was {verb}"})
    updated = Goal.objects.filter(pk=goal.pk, version=expected_version).update(
        status=status,
        status_note=note.strip(),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise StaleEdit
    goal.refresh_from_db()
    _touch(goal.plan, by, _STATUS_CHANGES[status], relation=relation, operation=Operation.ALTER)
    return goal


@transaction.atomic
def move_goal(*, goal: Goal, by: Author, up: bool, relation: str = "") -> None:
    """Swap the goal with its neighbour among the current goals."""
    siblings = list(
        Goal.objects.select_for_update()
        .filter(plan_id=goal.plan_id)
        .order_by("position", "created_at")
    )
    # Positions may have gaps or ties (goals removed, added concurrently): renumber first.
    index = next(i for i, g in enumerate(siblings) if g.pk == goal.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            Goal.objects.filter(pk=sibling.pk).update(position=position)
    _touch(
        goal.plan,
        by,
        "Goal moved up" if up else "Goal moved down",
        relation=relation,
        operation=Operation.ALTER,
    )


# Steps -----------------------------------------------------------------------------------


def _check_actor(actor: str, actor_detail: str) -> None:
    if actor == StepActor.SOMEONE_ELSE and not actor_detail.strip():
        raise ValidationError({"actor_detail": "Say who will do it"})


@transaction.atomic
def add_step(
    *,
    goal: Goal,
    by: Author,
    description: str,
    actor: str,
    actor_detail: str = "",
    status: str = "not_started",
    requirement_ids: Iterable[UUID | str] = (),
    relation: str = "",
) -> Step:
    _check_actor(actor, actor_detail)
    step = Step(
        goal=goal,
        description=description.strip(),
        actor=actor,
        actor_detail=actor_detail.strip(),
        status=status,
    )
    step.full_clean()
    step.save(force_insert=True)
    step.requirements.set(_requirements(goal.plan.person, requirement_ids))
    _touch(goal.plan, by, "Step added", relation=relation, operation=Operation.COLLECT)
    return step


STEP_FIELDS = ("description", "actor", "actor_detail", "status")


@transaction.atomic
def update_step(
    *,
    step: Step,
    by: Author,
    changes: dict[str, Any],
    requirement_ids: Iterable[UUID | str] | None = None,
    expected_version: int,
    relation: str = "",
) -> Step:
    """Save ``changes`` unless someone saved the step since ``expected_version`` was read.

    The person can be the author: a portal marking a step done calls this with
    ``by=Author.the_person(person)`` and ``changes={"status": "done"}``.
    """
    values = {key: value for key, value in changes.items() if key in STEP_FIELDS}
    _check_actor(values.get("actor", step.actor), values.get("actor_detail", step.actor_detail))
    updated = Step.objects.filter(pk=step.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit
    step.refresh_from_db()
    plan = step.goal.plan
    if requirement_ids is not None:
        step.requirements.set(_requirements(plan.person, requirement_ids))
    what = "Step changed"
    if set(values) == {"status"}:
        what = f"Step marked '{step.get_status_display().lower()}'"
    _touch(plan, by, what, relation=relation, operation=Operation.ALTER)
    return step


# Agreement and versions --------------------------------------------------------------------


def snapshot(plan: Plan) -> dict[str, Any]:
    """The plan as it stands, in words, for a version to show later exactly as it was."""
    goals = (
        Goal.objects.filter(plan=plan)
        .order_by("position", "created_at")
        .prefetch_related("steps__requirements", "requirements")
    )
    return {
        "goals": [
            {
                "title": goal.title,
                "area": goal.get_area_display(),
                "related_areas": goal.related_area_labels,
                "status": goal.status,
                "status_label": goal.get_status_display(),
                "status_note": goal.status_note,
                "target_date": goal.target_date.isoformat() if goal.target_date else None,
                "requirements": [str(r) for r in goal.requirements.all()],
                "steps": [
                    {
                        "description": step.description,
                        "actor": step.get_actor_display(),
                        "actor_detail": step.actor_detail,
                        "status": step.get_status_display(),
                        "requirements": [str(r) for r in step.requirements.all()],
                    }
                    for step in goal.steps.all()
                ],
            }
            for goal in goals
        ]
    }


@transaction.atomic
def record_agreement(
    *,
    person: Person,
    by: Author,
    agreement: str,
    reason: str = "",
    on: date | None = None,
    recorded_by: User | None = None,
    relation: str = "",
) -> PlanVersion:
    """The person agrees, does not, or could not answer: the plan as it stands becomes a version.

    ``recorded_by`` is the member of staff who records it (by default the staff author). The
    person's own answer in the app has no staff recorder: the version still carries the case
    manager's name, as the person agrees the plan with them.
    """
    recorded_by = recorded_by or by.user
    agreement = Agreement(agreement)
    if agreement != Agreement.AGREED and not reason.strip():
        raise ValidationError({"reason": "Say why"})
    plan = Plan.objects.select_for_update().get(pk=plan_of(person).pk)
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    case_manager = person.case_manager or recorded_by
    case_manager_name = case_manager.display_name if case_manager else ""
    version = PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        agreement=agreement,
        reason=reason.strip(),
        agreed_on=on or timezone.localdate(),
        person_name=person.full_name,
        case_manager_name=case_manager_name,
        recorded_by=recorded_by,
        snapshot=snapshot(plan),
    )
    what = {
        Agreement.AGREED: "Plan agreed",
        Agreement.NOT_AGREED: "Plan not agreed",
        Agreement.COULD_NOT_ANSWER: "Agreement not given: could not answer",
    }[agreement]
    _touch(
        plan, by, f"{what} (version {version.number})", relation=relation, operation=Operation.ALTER
    )
    # Agreeing is the one change that makes the plan agreed again.
    Plan.objects.filter(pk=plan.pk).update(changed_since_agreed=False)
    return version


# Notes, reviews and conversations -------------------------------------------------------------


@transaction.atomic
def add_progress_note(
    *,
    person: Person,
    by: Author,
    text: str,
    needs_support: str,
    person_involved: bool,
    kind: str = NoteKind.PROGRESS,
    relation: str = "",
) -> ProgressNote:
    if not text.strip():
        raise ValidationError({"text": "Write the note"})
    plan = plan_of(person)
    note = ProgressNote(
        plan=plan,
        kind=kind,
        text=text.strip(),
        needs_support=needs_support,
        person_involved=person_involved,
        by_user=by.user,
        by_person=by.is_person,
    )
    note.full_clean()
    note.save(force_insert=True)
    label = "Review recorded" if kind == NoteKind.REVIEW else "Progress note added"
    _touch(plan, by, label, relation=relation, operation=Operation.COLLECT, changes_plan=False)
    return note


@transaction.atomic
def record_conversation(
    *,
    person: Person,
    kind: str,
    on: date,
    by: User,
    note: str = "",
    emergency_plan: EmergencyPlan | None = None,
    relation: str = "",
) -> Conversation:
    """One of the Three Conversations. A crisis (conversation 2) needs a full emergency plan.

    Appointments' contact recording calls this too, so it takes plain values, not a form.
    Raises ``ValidationError`` with a message per missing part of the emergency plan.
    """
    kind = ConversationKind(kind)
    emergency = emergency_plan or EmergencyPlan()
    if kind == ConversationKind.CRISIS:
        errors = {}
        if not emergency.what_will_happen.strip():
            errors["emergency_plan"] = "Say what will happen in the emergency plan"
        if emergency.worker is None:
            errors["emergency_worker"] = "Name the worker who will stay with the person"
        if emergency.review_on is None:
            errors["review_on"] = "Enter the date the emergency plan will be reviewed"
        elif emergency.review_on < on:
            errors["review_on"] = "The review date must be on or after the conversation"
        if errors:
            raise ValidationError(errors)
    else:
        emergency = EmergencyPlan()  # only a crisis keeps an emergency plan
    conversation = Conversation.objects.create(
        person=person,
        kind=kind,
        held_on=on,
        note=note.strip(),
        by=by,
        emergency_plan=emergency.what_will_happen.strip(),
        emergency_worker=emergency.worker,
        review_on=emergency.review_on,
    )
    _touch(
        plan_of(person),
        Author.staff(by),
        f"{kind.label} recorded",
        relation=relation,
        operation=Operation.COLLECT,
        changes_plan=False,
    )
    return conversation


# Sharing and downloads ----------------------------------------------------------------------


def current_share_consent(person: Person) -> Consent | None:
    return (
        Consent.objects.filter(
            person=person, purpose=ConsentPurpose.SHARE_PLAN, withdrawn_on__isnull=True
        )
        .order_by("-given_on")
        .first()
    )


@transaction.atomic
def share_plan(
    *, person: Person, by: User, shared_with: str, relationship: str, relation: str = ""
) -> PlanShare:
    """Give the plan to family or a keyworker: only under a current consent, logged as a
    disclosure naming the recipient."""
    consent = current_share_consent(person)
    if consent is None:
        raise SharingRefused(
            "The plan cannot be shared: the person has not given consent to share their plan "
            "with family or a keyworker, or has withdrawn it"
        )
    errors = {}
    if not shared_with.strip():
        errors["shared_with"] = "Enter the name of who the plan is shared with"
    if not relationship.strip():
        errors["relationship"] = "Enter who they are to the person"
    if errors:
        raise ValidationError(errors)
    plan = plan_of(person)
    share = PlanShare.objects.create(
        plan=plan,
        shared_with=shared_with.strip(),
        relationship=relationship.strip(),
        consent=consent,
        shared_by=by,
    )
    PlanChange.objects.create(plan=plan, what="Plan shared", by_user=by)
    record(
        actor=by,
        operation=Operation.DISCLOSE,
        what="Plan shared",
        subject_id=person.pk,
        relation=relation,
        recipients=f"{share.shared_with} ({share.relationship})",
        details={"plan": str(plan.pk), "consent": str(consent.pk)},
    )
    return share
