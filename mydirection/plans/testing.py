"""Factories for plans, built on the shared personas of ``mydirection.testing``."""

from mydirection.people.models import Person, Requirement, RequirementType
from mydirection.plans import services
from mydirection.plans.models import Goal, PlanVersion, Step, StepActor
from mydirection.practice import Area
from mydirection.staff.models import User
from mydirection.testing import acting


def requirement_for(person: Person, kind: str = RequirementType.UNPAID_WORK) -> Requirement:
    order = person.orders.first()
    if order is None:
        raise ValueError("give the person an order first")
    return Requirement.objects.create(order=order, requirement_type=kind, amount=60)


def a_goal(person: Person, by: User, title: str = "I want my own flat", **extra: object) -> Goal:
    return services.add_goal(
        person=person,
        actor=acting(by, person),
        title=title,
        area=str(extra.pop("area", Area.ACCOMMODATION)),
        **extra,  # type: ignore[arg-type]
    )


def a_step(goal: Goal, by: User, description: str = "Ring the council", **extra: object) -> Step:
    return services.add_step(
        goal=goal,
        actor=acting(by, goal.plan.person),
        description=description,
        doer=str(extra.pop("actor", StepActor.PERSON)),
        doer_detail=str(extra.pop("actor_detail", "")),
        **extra,  # type: ignore[arg-type]
    )


def a_plan(person: Person, by: User) -> tuple[Goal, Step, PlanVersion]:
    """A plan with one goal, one step and an agreed version."""
    goal = a_goal(person, by)
    step = a_step(goal, by)
    version = services.record_agreement(
        person=person,
        actor=acting(by, person).together(),
        agreement="agreed",
        recorded_by=by,
    )
    return goal, step, version
