"""Reads for the app's pages and the staff pages about it. The app's reads start from the
signed-in person (another person's ids find nothing, so the page answers 404); the staff's
from the access policy or the person the guard gave them."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet

from mydirection.access.policy import visible_to
from mydirection.interventions.models import Availability, Intervention, Referral, Status
from mydirection.people.models import Person
from mydirection.person_centred.models import Statement
from mydirection.plans import selectors as plan_selectors
from mydirection.plans.models import CURRENT_GOALS, Goal, Plan, PlanVersion, Step, StepActor
from mydirection.portal.models import (
    AccountStatus,
    Attendance,
    Invitation,
    PortalAccount,
    ServiceSession,
)
from mydirection.practice import Tool
from mydirection.staff.models import User


def app_locked() -> Exists:
    """An annotation for a Person queryset: locked out of the app (the case manager acts)."""
    return Exists(PortalAccount.objects.filter(person=OuterRef("pk"), status=AccountStatus.LOCKED))


def locked_out_flag(person: Person) -> dict[str, str] | None:
    """The identity bar's flag, from the ``app_locked`` annotation the record page loads."""
    if getattr(person, "app_locked", False):
        return {"text": "Locked out of the app", "colour": "orange"}
    return None


# The App tab of the record ------------------------------------------------------------------


@dataclass(frozen=True)
class AppAccess:
    account: PortalAccount | None
    invitation: Invitation | None  # the latest


def app_access(person: Person) -> AppAccess:
    return AppAccess(
        PortalAccount.objects.filter(person=person).first(),
        Invitation.objects.filter(person=person).order_by("-created_at").first(),
    )


# My plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyGoal:
    goal: Goal
    mine: list[Step]
    others: list[Step]


def my_goals(person: Person) -> tuple[Plan | None, list[MyGoal], PlanVersion | None]:
    """The plan's current goals, each with the person's own steps and everyone else's."""
    plan = Plan.objects.filter(person=person).first()
    if plan is None:
        return None, [], None
    goals = []
    for goal in plan_selectors.goals_with_steps(plan):
        if goal.status not in CURRENT_GOALS:
            continue
        steps = list(goal.steps.all())
        goals.append(
            MyGoal(
                goal,
                mine=[step for step in steps if step.actor == StepActor.PERSON],
                others=[step for step in steps if step.actor != StepActor.PERSON],
            )
        )
    latest = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    return plan, goals, latest


def my_step(person: Person, step_id: UUID) -> Step | None:
    """Only the person's own steps, on goals still on their plan."""
    return (
        Step.objects.select_related("goal__plan")
        .filter(
            pk=step_id,
            goal__plan__person=person,
            goal__status__in=CURRENT_GOALS,
            actor=StepActor.PERSON,
        )
        .first()
    )


def has_current_goals(person: Person) -> bool:
    return Goal.objects.filter(plan__person=person, status__in=CURRENT_GOALS).exists()


# About me ---------------------------------------------------------------------------------


def my_statement(person: Person, statement_id: UUID) -> Statement | None:
    """A statement of any version of the person's own profile; anyone else's is None."""
    return Statement.objects.filter(
        pk=statement_id, record__person=person, record__tool=Tool.ONE_PAGE_PROFILE
    ).first()


# Things that can help me ------------------------------------------------------------------


def my_intervention(person: Person, intervention_id: UUID) -> Intervention | None:
    """An intervention of the person's own office that has not been withdrawn; another
    office's is None."""
    return (
        Intervention.objects.filter(pk=intervention_id, office__teams=person.team_id)
        .exclude(availability=Availability.WITHDRAWN)
        .select_related("provider")
        .first()
    )


def my_referrals(person: Person) -> QuerySet[Referral]:
    """The referrals that were sent for the person, newest first. A decision not to refer,
    and every reason and note of the case manager's or the provider's, stay off the app."""
    return (
        Referral.objects.filter(person=person)
        .exclude(status=Status.NOT_REFERRED)
        .select_related("intervention")
    )


# Attendance -------------------------------------------------------------------------------


def sessions_for(user: User) -> QuerySet[ServiceSession]:
    """The sessions of the user's office: only staff in an office run them."""
    if user.team is None or not user.holds_caseload:
        return ServiceSession.objects.none()
    return ServiceSession.objects.filter(office=user.team.office)


@dataclass(frozen=True)
class Registered:
    named: list[Attendance]
    not_shown: int


def registered_at(session: ServiceSession, user: User) -> Registered:
    """Who registered at the session: only people the user may see are named; restricted
    cases are counted, not shown."""
    registered = session.attendances.select_related("person", "confirmed_by")
    named = list(registered.filter(person__in=visible_to(user)))
    return Registered(named, registered.count() - len(named))


def attendance_in(session: ServiceSession, attendance_id: UUID) -> Attendance | None:
    return Attendance.objects.filter(pk=attendance_id, session=session).first()
