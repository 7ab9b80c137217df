"""Changes to a person's plan. Each function is one transaction, logs the change in the access
log and adds a line to the plan's own history.

The author of a change is the ``actor``: a member of staff (perhaps working it out with the
person in the room: ``StaffActor.with_person``), or the person themself in their app (mark a
step done, say how it went, agree or say why not). The access log names whichever it was.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mydirection.access.actor import Actor, StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people.models import Consent, Person, Requirement
from mydirection.plans import selectors
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
from mydirection.versioning import save_if_unchanged


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
    actor: Actor,
    what: str,
    *,
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
        by_user=actor.user,
        by_person=actor.person is not None,
        with_person=actor.with_person,
    )
    record(
        actor=actor,
        operation=operation,
        what=f"Plan: {what}",
        subject_id=plan.person_id,
        details={"plan": str(plan.pk)}
        | ({} if actor.person else {"with_person": actor.with_person}),
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


def check_target_date(target: date | None, *, was: date | None = None) -> None:
    """A goal's target date is today or later. One set earlier that has passed since may stay
    as it is when the rest of the goal changes; a new or changed date may not be in the past."""
    if target is not None and target != was and target < timezone.localdate():
        raise ValidationError({"target_date": "Target date must be today or in the future"})


@transaction.atomic
def add_goal(
    *,
    person: Person,
    actor: Actor,
    title: str,
    area: str,
    related_areas: Iterable[str] = (),
    status: str = GoalStatus.ACTIVE,
    target_date: date | None = None,
    requirement_ids: Iterable[UUID | str] = (),
) -> Goal:
    if status not in (GoalStatus.ACTIVE, GoalStatus.FUTURE):
        raise ValidationError({"status": "A new goal is to work on now or in the future"})
    check_target_date(target_date)
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
    _touch(plan, actor, "Goal added", operation=Operation.COLLECT)
    return goal


GOAL_FIELDS = ("title", "area", "related_areas", "target_date")


@transaction.atomic
def update_goal(
    *,
    goal: Goal,
    actor: Actor,
    changes: dict[str, Any],
    requirement_ids: Iterable[UUID | str] | None = None,
    expected_version: int,
) -> Goal:
    """Save ``changes`` unless someone saved the goal since ``expected_version`` was read."""
    values = {key: value for key, value in changes.items() if key in GOAL_FIELDS}
    if "target_date" in values:
        check_target_date(values["target_date"], was=goal.target_date)
    if "related_areas" in values:
        area = values.get("area", goal.area)
        values["related_areas"] = [a for a in values["related_areas"] if a != area]
    save_if_unchanged(
        Goal.objects,
        pk=goal.pk,
        expected_version=expected_version,
        **values,
        updated_at=timezone.now(),
    )
    goal.refresh_from_db()
    if requirement_ids is not None:
        goal.requirements.set(_requirements(goal.plan.person, requirement_ids))
    _touch(goal.plan, actor, "Goal changed", operation=Operation.ALTER)
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
    actor: Actor,
    status: str,
    note: str = "",
    expected_version: int,
) -> Goal:
    """Achieve, remove, or re-add a goal. Achieving and removing need a note saying why."""
    status = GoalStatus(status)
    if status in (GoalStatus.ACHIEVED, GoalStatus.REMOVED) and not note.strip():
        verb = "achieved" if status == GoalStatus.ACHIEVED else "removed"
        raise ValidationError({"note": f"Say how the goal was {verb}"})
    save_if_unchanged(
        Goal.objects,
        pk=goal.pk,
        expected_version=expected_version,
        status=status,
        status_note=note.strip(),
        updated_at=timezone.now(),
    )
    goal.refresh_from_db()
    _touch(goal.plan, actor, _STATUS_CHANGES[status], operation=Operation.ALTER)
    return goal


@transaction.atomic
def move_goal(*, goal: Goal, actor: Actor, up: bool) -> None:
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
        actor,
        "Goal moved up" if up else "Goal moved down",
        operation=Operation.ALTER,
    )


# Steps -----------------------------------------------------------------------------------


def _check_doer(doer: str, doer_detail: str) -> None:
    if doer == StepActor.SOMEONE_ELSE and not doer_detail.strip():
        raise ValidationError({"actor_detail": "Say who will do it"})


@transaction.atomic
def add_step(
    *,
    goal: Goal,
    actor: Actor,
    description: str,
    doer: str,
    doer_detail: str = "",
    status: str = "not_started",
    requirement_ids: Iterable[UUID | str] = (),
) -> Step:
    _check_doer(doer, doer_detail)
    step = Step(
        goal=goal,
        description=description.strip(),
        actor=doer,
        actor_detail=doer_detail.strip(),
        status=status,
    )
    step.full_clean()
    step.save(force_insert=True)
    step.requirements.set(_requirements(goal.plan.person, requirement_ids))
    _touch(goal.plan, actor, "Step added", operation=Operation.COLLECT)
    return step


STEP_FIELDS = ("description", "actor", "actor_detail", "status")


@transaction.atomic
def update_step(
    *,
    step: Step,
    actor: Actor,
    changes: dict[str, Any],
    requirement_ids: Iterable[UUID | str] | None = None,
    expected_version: int,
) -> Step:
    """Save ``changes`` unless someone saved the step since ``expected_version`` was read.

    The person can be the author: marking a step done in their app calls this with
    ``actor=PersonActor(person)`` and ``changes={"status": "done"}``.
    """
    values = {key: value for key, value in changes.items() if key in STEP_FIELDS}
    _check_doer(values.get("actor", step.actor), values.get("actor_detail", step.actor_detail))
    save_if_unchanged(
        Step.objects,
        pk=step.pk,
        expected_version=expected_version,
        **values,
        updated_at=timezone.now(),
    )
    step.refresh_from_db()
    plan = step.goal.plan
    if requirement_ids is not None:
        step.requirements.set(_requirements(plan.person, requirement_ids))
    what = "Step changed"
    if set(values) == {"status"}:
        what = f"Step marked '{step.get_status_display().lower()}'"
    _touch(plan, actor, what, operation=Operation.ALTER)
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
    actor: Actor,
    agreement: str,
    reason: str = "",
    on: date | None = None,
    recorded_by: User | None = None,
) -> PlanVersion:
    """The person agrees, does not, or could not answer: the plan as it stands becomes a version.

    ``recorded_by`` is the member of staff who records it (by default the staff author). The
    person's own answer in the app has no staff recorder: the version still carries the case
    manager's name, as the person agrees the plan with them.
    """
    recorded_by = recorded_by or actor.user
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
    _touch(plan, actor, f"{what} (version {version.number})", operation=Operation.ALTER)
    # Agreeing is the one change that makes the plan agreed again.
    Plan.objects.filter(pk=plan.pk).update(changed_since_agreed=False)
    return version


# Notes, reviews and conversations -------------------------------------------------------------


@transaction.atomic
def add_progress_note(
    *,
    person: Person,
    actor: Actor,
    text: str,
    needs_support: str,
    person_involved: bool,
    kind: str = NoteKind.PROGRESS,
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
        by_user=actor.user,
        by_person=actor.person is not None,
    )
    note.full_clean()
    note.save(force_insert=True)
    label = "Review recorded" if kind == NoteKind.REVIEW else "Progress note added"
    _touch(plan, actor, label, operation=Operation.COLLECT, changes_plan=False)
    return note


@transaction.atomic
def record_conversation(
    *,
    person: Person,
    kind: str,
    on: date,
    actor: StaffActor,
    note: str = "",
    emergency_plan: EmergencyPlan | None = None,
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
        by=actor.user,
        emergency_plan=emergency.what_will_happen.strip(),
        emergency_worker=emergency.worker,
        review_on=emergency.review_on,
    )
    _touch(
        plan_of(person),
        actor,
        f"{kind.label} recorded",
        operation=Operation.COLLECT,
        changes_plan=False,
    )
    return conversation


# Sharing and downloads ----------------------------------------------------------------------


def consent_to_share(person: Person) -> Consent:
    """The consent a share of the plan is made under, or ``SharingRefused`` saying why there
    is none and what to do (the share page shows it before anything is typed)."""
    consent = selectors.current_share_consent(person)
    if consent is None:
        raise SharingRefused(
            f"You cannot share this plan: {person.known_as} has not given consent to share "
            "their plan with family or a keyworker, or has withdrawn it. Record their consent "
            "first if they want it shared."
        )
    return consent


@transaction.atomic
def share_plan(
    *, person: Person, actor: StaffActor, shared_with: str, relationship: str
) -> PlanShare:
    """Give the plan to family or a keyworker: only under a current consent, logged as a
    disclosure naming the recipient."""
    consent = consent_to_share(person)
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
        shared_by=actor.user,
    )
    PlanChange.objects.create(plan=plan, what="Plan shared", by_user=actor.user)
    record(
        actor=actor,
        operation=Operation.DISCLOSE,
        what="Plan shared",
        subject_id=person.pk,
        recipients=f"{share.shared_with} ({share.relationship})",
        details={"plan": str(plan.pk), "consent": str(consent.pk)},
    )
    return share
