"""Demo plans: goals in the person's own words, steps, agreement and a few conversations.

Written after the people, in bulk, for a good share of the people whose order is running.
Seeded, so the same seed gives the same plans.
"""

import random
import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from mydirection.people.models import Person, Requirement, RequirementType
from mydirection.plans.models import (
    Agreement,
    Conversation,
    Goal,
    GoalStatus,
    Plan,
    PlanChange,
    PlanVersion,
    ProgressNote,
    Step,
    StepActor,
    StepStatus,
)
from mydirection.practice import Area, ConversationKind
from mydirection.staff.models import User

SHARE_WITH_PLANS = 0.6

# (area, goal in the person's words, related areas, steps: (actor, detail, what), requirement
# types the goal serves).
GOALS: list[tuple[str, str, list[str], list[tuple[str, str, str]], list[str]]] = [
    (
        Area.ACCOMMODATION,
        "I want a place of my own so my kids can stay over",
        [Area.RELATIONSHIPS_COMMUNITY],
        [
            (StepActor.PERSON, "", "Fill in the housing register form"),
            (StepActor.CASE_MANAGER, "", "Write a support letter for the housing application"),
            (StepActor.PARTNER, "Hull Housing Advice", "Check which landlords take a bond"),
        ],
        [RequirementType.REHABILITATION_ACTIVITY],
    ),
    (
        Area.EMPLOYMENT_EDUCATION,
        "I want to get my CSCS card and get back on the building sites",
        [Area.FINANCES],
        [
            (StepActor.PERSON, "", "Revise for the health and safety test"),
            (StepActor.PARTNER, "Hull College", "Book the CSCS test and pay the fee"),
            (StepActor.VOLUNTEER, "", "Practise the test questions together"),
        ],
        [RequirementType.UNPAID_WORK, RequirementType.REHABILITATION_ACTIVITY],
    ),
    (
        Area.FINANCES,
        "I want to stop borrowing off my mum every month",
        [Area.RELATIONSHIPS_COMMUNITY],
        [
            (StepActor.PERSON, "", "Write down what comes in and goes out for two weeks"),
            (StepActor.PARTNER, "Citizens Advice Hull", "Go through the debts and a budget"),
        ],
        [],
    ),
    (
        Area.DRUG_USE,
        "I want to stay off the spice and keep my script steady",
        [Area.HEALTH_WELLBEING],
        [
            (StepActor.PERSON, "", "Go to every appointment at the drug service"),
            (StepActor.VOLUNTEER, "", "Meet for a brew after group with a peer mentor"),
            (StepActor.CASE_MANAGER, "", "Talk to the key worker each month"),
        ],
        [RequirementType.DRUG_REHABILITATION],
    ),
    (
        Area.ALCOHOL_USE,
        "I want to cut down so I'm not drinking in the day",
        [Area.HEALTH_WELLBEING, Area.RELATIONSHIPS_COMMUNITY],
        [
            (StepActor.PERSON, "", "Keep a drinks diary on my phone"),
            (StepActor.PARTNER, "Renew Hull", "Start the alcohol group on Tuesdays"),
        ],
        [RequirementType.ALCOHOL_TREATMENT],
    ),
    (
        Area.HEALTH_WELLBEING,
        "I want to get back to boxing and feel fit again",
        [Area.THINKING_BEHAVIOURS],
        [
            (StepActor.PERSON, "", "Go to the Wednesday session at the community gym"),
            (StepActor.TIME_BANK, "", "Swap an hour of painting for gym sessions"),
        ],
        [],
    ),
    (
        Area.RELATIONSHIPS_COMMUNITY,
        "I want to see my daughter every weekend",
        [Area.THINKING_BEHAVIOURS],
        [
            (StepActor.PERSON, "", "Ask my ex for a meeting at the family centre"),
            (StepActor.SOMEONE_ELSE, "Family mediation service", "Set up a mediation session"),
        ],
        [],
    ),
    (
        Area.THINKING_BEHAVIOURS,
        "I want to keep my temper when people wind me up",
        [Area.RELATIONSHIPS_COMMUNITY],
        [
            (StepActor.PERSON, "", "Finish the Building Better Relationships sessions"),
            (StepActor.LIFE_COACH, "", "Practise walking away in role play"),
            (StepActor.CASE_MANAGER, "", "Go over what happened after each session"),
        ],
        [RequirementType.ACCREDITED_PROGRAMME, RequirementType.REHABILITATION_ACTIVITY],
    ),
    (
        Area.EMPLOYMENT_EDUCATION,
        "I want to finish my maths so I can do an apprenticeship",
        [],
        [
            (StepActor.PERSON, "", "Enrol on the functional skills course"),
            (StepActor.VOLUNTEER, "", "Help with homework on Thursdays"),
        ],
        [RequirementType.REHABILITATION_ACTIVITY],
    ),
]

NOTES = [
    "Went through the plan together. Pleased with how the first steps have gone.",
    "Missed the college appointment because of a bus strike; rebooked for next week.",
    "Reviewed the plan: housing is still the priority, work can wait a month.",
    "Found the group hard at first, but went back the week after and spoke up.",
]

CONVERSATION_NOTES = {
    ConversationKind.LISTEN_CONNECT: "Talked about what a good week looks like and who helps.",
    ConversationKind.CRISIS: "Lost the room at the hostel after a row; upset and not sleeping.",
    ConversationKind.GOOD_LIFE: "Talked about the boxing club and volunteering there.",
}

STEP_STATUSES = [
    StepStatus.NOT_STARTED,
    StepStatus.IN_PROGRESS,
    StepStatus.IN_PROGRESS,
    StepStatus.DONE,
    StepStatus.CANNOT_YET,
]


def _snapshots(
    goals: list[Goal],
    steps: list[Step],
    goal_links: list[Any],
    step_links: list[Any],
    kinds: dict[uuid.UUID, str],
) -> dict[uuid.UUID, dict[str, Any]]:
    """What ``services.snapshot`` would read back for each plan, built from rows in memory."""
    label = dict(RequirementType.choices)
    steps_of: dict[uuid.UUID, list[Step]] = defaultdict(list)
    for step in steps:
        steps_of[step.goal_id].append(step)
    served: dict[uuid.UUID, list[str]] = defaultdict(list)
    for link in goal_links:
        served[link.goal_id].append(label[kinds[link.requirement_id]])
    for link in step_links:
        served[link.step_id].append(label[kinds[link.requirement_id]])
    result: dict[uuid.UUID, dict[str, Any]] = defaultdict(lambda: {"goals": []})
    for goal in goals:
        result[goal.plan_id]["goals"].append(
            {
                "title": goal.title,
                "area": goal.get_area_display(),
                "related_areas": goal.related_area_labels,
                "status": goal.status,
                "status_label": goal.get_status_display(),
                "status_note": "",
                "target_date": goal.target_date.isoformat() if goal.target_date else None,
                "requirements": served[goal.pk],
                "steps": [
                    {
                        "description": step.description,
                        "actor": step.get_actor_display(),
                        "actor_detail": step.actor_detail,
                        "status": step.get_status_display(),
                        "requirements": served[step.pk],
                    }
                    for step in steps_of[goal.pk]
                ],
            }
        )
    return result


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A time in office hours on ``day``, UK time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def write_demo_plans(*, seed: int, today: date | None = None) -> int:
    """Plans for about 60% of the people whose order is running; returns how many."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    people = list(
        Person.objects.filter(
            orders__start_date__lte=today, orders__end_date__gte=today, case_manager__isnull=False
        )
        .distinct()
        .order_by("case_reference")
        .only("id", "first_name", "last_name", "preferred_name", "case_manager_id")
    )
    chosen = [p for p in people if rng.random() < SHARE_WITH_PLANS]
    managers = {u.pk: u for u in User.objects.filter(pk__in={p.case_manager_id for p in chosen})}
    requirements: dict[uuid.UUID, dict[str, list[uuid.UUID]]] = defaultdict(
        lambda: defaultdict(list)
    )
    kinds: dict[uuid.UUID, str] = {}
    for pk, person_id, kind in Requirement.objects.filter(
        order__person__in=chosen, order__end_date__gte=today
    ).values_list("pk", "order__person_id", "requirement_type"):
        requirements[person_id][kind].append(pk)
        kinds[pk] = kind

    plans, goals, steps, versions, conversations, notes, changes = [], [], [], [], [], [], []
    goal_links, step_links = [], []
    goal_through, step_through = Goal.requirements.through, Step.requirements.through
    for person in chosen:
        manager = managers[person.case_manager_id]  # type: ignore[index]
        plan = Plan(id=uuid.UUID(int=rng.getrandbits(128), version=4), person_id=person.pk)
        plans.append(plan)
        for position, template in enumerate(rng.sample(GOALS, rng.randint(2, 4))):
            area, title, related, goal_steps, serves = template
            goal = Goal(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                plan=plan,
                title=title,
                area=area,
                related_areas=list(related),
                status=GoalStatus.FUTURE if position == 3 else GoalStatus.ACTIVE,
                target_date=today + timedelta(days=rng.randint(30, 240)),
                position=position,
            )
            goals.append(goal)
            linked = [ids[0] for kind in serves if (ids := requirements[person.pk].get(kind))]
            goal_links += [goal_through(goal_id=goal.pk, requirement_id=r) for r in linked]
            for actor, detail, what in goal_steps:
                step = Step(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    goal=goal,
                    description=what,
                    actor=actor,
                    actor_detail=detail,
                    status=rng.choice(STEP_STATUSES),
                )
                steps.append(step)
                if linked and actor == StepActor.PERSON:
                    step_links.append(step_through(step_id=step.pk, requirement_id=linked[0]))
        agreed_on = today - timedelta(days=rng.randint(7, 90))
        agreed = rng.random() < 0.85
        if agreed:
            versions.append(
                PlanVersion(
                    plan=plan,
                    number=1,
                    agreement=Agreement.AGREED,
                    agreed_on=agreed_on,
                    person_name=f"{person.first_name} {person.last_name}",
                    case_manager_name=manager.display_name,
                    recorded_by=manager,
                )
            )
        # The history as it happened (not the day the demo was loaded): written a week
        # before it was agreed, then agreed.
        written_on = agreed_on - timedelta(days=7)
        changes.append(
            PlanChange(
                plan=plan,
                what="Plan written",
                by_user=manager,
                with_person=True,
                occurred_at=_at(written_on, 11),
            )
        )
        if agreed:
            changes.append(
                PlanChange(
                    plan=plan,
                    what="Plan agreed (version 1)",
                    by_user=manager,
                    with_person=True,
                    occurred_at=_at(agreed_on, 11, 30),
                )
            )
        talks = [ConversationKind.LISTEN_CONNECT]
        if rng.random() < 0.1:
            talks.append(ConversationKind.CRISIS)
        elif rng.random() < 0.5:
            talks.append(ConversationKind.GOOD_LIFE)
        for n, kind in enumerate(talks):
            held = agreed_on - timedelta(days=14) + timedelta(days=21 * n)
            crisis = kind == ConversationKind.CRISIS
            conversations.append(
                Conversation(
                    person_id=person.pk,
                    kind=kind,
                    held_on=min(held, today),
                    note=CONVERSATION_NOTES[kind],
                    by=manager,
                    emergency_plan=(
                        "Emergency bed at the night shelter; daily phone call each morning"
                        if crisis
                        else ""
                    ),
                    emergency_worker=manager if crisis else None,
                    review_on=today + timedelta(days=rng.randint(1, 14)) if crisis else None,
                )
            )
        if rng.random() < 0.6:
            noted_at = _at(agreed_on + (today - agreed_on) // 2, 15)
            notes.append(
                ProgressNote(
                    plan=plan,
                    text=rng.choice(NOTES),
                    needs_support=rng.choice(["yes", "no", "dont_know"]),
                    person_involved=rng.random() < 0.8,
                    by_user=manager,
                    created_at=noted_at,
                )
            )
            changes.append(
                PlanChange(
                    plan=plan,
                    what="Progress note added",
                    by_user=manager,
                    with_person=notes[-1].person_involved,
                    occurred_at=noted_at,
                )
            )
    with transaction.atomic():
        Plan.objects.bulk_create(plans, batch_size=1000)
        Goal.objects.bulk_create(goals, batch_size=1000)
        Step.objects.bulk_create(steps, batch_size=1000)
        goal_through.objects.bulk_create(goal_links, batch_size=1000)
        step_through.objects.bulk_create(step_links, batch_size=1000)
        snapshots = _snapshots(goals, steps, goal_links, step_links, kinds)
        for version in versions:
            version.snapshot = snapshots[version.plan_id]
        PlanVersion.objects.bulk_create(versions, batch_size=1000)
        Conversation.objects.bulk_create(conversations, batch_size=1000)
        ProgressNote.objects.bulk_create(notes, batch_size=1000)
        PlanChange.objects.bulk_create(changes, batch_size=1000)
    return len(plans)
