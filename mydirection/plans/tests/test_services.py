"""The plan's business rules, without HTTP."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.people.models import ConsentPurpose
from mydirection.people.services import record_consent, withdraw_consent
from mydirection.plans import selectors, services
from mydirection.plans.models import GoalStatus, PlanChange, StepStatus
from mydirection.plans.services import EmergencyPlan, SharingRefused
from mydirection.plans.testing import a_goal, a_plan, a_step, requirement_for
from mydirection.practice import Area, ConversationKind, Phase
from mydirection.testing import OrderFactory, World, acting
from mydirection.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def test_goals_and_steps_link_to_the_requirements_they_serve(world: World) -> None:
    unpaid = requirement_for(world.person)
    rar = requirement_for(world.person, "rar")
    goal = a_goal(world.person, world.cm, requirement_ids=[unpaid.pk])
    page = selectors.plan_page(world.person)
    assert [r.pk for r in page.unplanned_requirements] == [rar.pk]
    a_step(goal, world.cm, requirement_ids=[rar.pk])
    assert selectors.plan_page(world.person).unplanned_requirements == []


def test_another_persons_requirement_cannot_be_linked(world: World) -> None:
    OrderFactory.create(person=world.other_person)
    theirs = requirement_for(world.other_person)
    goal = a_goal(world.person, world.cm, requirement_ids=[theirs.pk])
    assert list(goal.requirements.all()) == []


def test_achieving_or_removing_a_goal_needs_a_note_and_removed_goals_come_back(
    world: World,
) -> None:
    goal = a_goal(world.person, world.cm)
    for status in (GoalStatus.ACHIEVED, GoalStatus.REMOVED):
        with pytest.raises(ValidationError) as error:
            services.set_goal_status(
                goal=goal,
                actor=acting(world.cm, goal.plan.person),
                status=status,
                note=" ",
                expected_version=1,
            )
        assert "note" in error.value.message_dict
    services.set_goal_status(
        goal=goal,
        actor=acting(world.cm, goal.plan.person),
        status=GoalStatus.REMOVED,
        note="Alex found a flat with his brother",
        expected_version=1,
    )
    page = selectors.plan_page(world.person)
    assert page.goals == [] and page.closed_goals == [goal]
    services.set_goal_status(
        goal=goal,
        actor=acting(world.cm, goal.plan.person),
        status=GoalStatus.ACTIVE,
        expected_version=2,
    )
    assert selectors.plan_page(world.person).goals == [goal]


def test_goals_move_up_and_down(world: World) -> None:
    first = a_goal(world.person, world.cm, title="First")
    second = a_goal(world.person, world.cm, title="Second")
    services.move_goal(goal=second, actor=acting(world.cm, second.plan.person), up=True)
    assert [g.title for g in selectors.plan_page(world.person).goals] == ["Second", "First"]
    services.move_goal(
        goal=second, actor=acting(world.cm, second.plan.person), up=True
    )  # already first
    services.move_goal(
        goal=first, actor=acting(world.cm, first.plan.person), up=False
    )  # already last
    assert [g.title for g in selectors.plan_page(world.person).goals] == ["Second", "First"]


def test_agreement_snapshots_a_version_and_a_later_change_needs_agreeing_again(
    world: World,
) -> None:
    _goal, step, version = a_plan(world.person, world.cm)
    assert version.number == 1
    # A note or a conversation is about the plan, not a change to it.
    services.add_progress_note(
        person=world.person,
        actor=acting(world.cm, world.person),
        text="Talked it through",
        needs_support="no",
        person_involved=True,
    )
    services.record_conversation(
        person=world.person,
        kind=ConversationKind.GOOD_LIFE,
        on=timezone.localdate(),
        actor=acting(world.cm, world.person),
    )
    assert version.person_name == "Alex Quinn"
    assert version.case_manager_name == world.cm.display_name
    assert version.snapshot["goals"][0]["title"] == "I want my own flat"
    page = selectors.plan_page(world.person)
    assert page.plan is not None and not page.plan.changed_since_agreed

    services.update_step(
        step=step,
        actor=PersonActor(world.person),
        changes={"status": StepStatus.DONE},
        expected_version=1,
    )
    page = selectors.plan_page(world.person)
    assert page.plan is not None and page.plan.changed_since_agreed
    # The earlier version still shows the plan as it was.
    version.refresh_from_db()
    assert version.snapshot["goals"][0]["steps"][0]["status"] == "Not started"

    with pytest.raises(ValidationError):
        services.record_agreement(
            person=world.person,
            actor=PersonActor(world.person),
            agreement="could_not_answer",
            recorded_by=world.cm,
        )
    second = services.record_agreement(
        person=world.person,
        actor=PersonActor(world.person),
        agreement="could_not_answer",
        reason="Too unwell to talk it through today",
        recorded_by=world.cm,
    )
    assert second.number == 2
    page = selectors.plan_page(world.person)
    assert page.plan is not None and not page.plan.changed_since_agreed


def test_the_person_can_be_the_author_of_a_change(world: World) -> None:
    goal = a_goal(world.person, world.cm)
    step = a_step(goal, world.cm)
    services.update_step(
        step=step,
        actor=PersonActor(world.person),
        changes={"status": StepStatus.DONE},
        expected_version=1,
    )
    services.add_progress_note(
        person=world.person,
        actor=PersonActor(world.person),
        text="Went to the council and filled in the form",
        needs_support="no",
        person_involved=True,
    )
    history = selectors.plan_page(world.person).history
    assert history[0].by == "Alex" and history[1].by == "Alex"
    assert history[0].title == "Progress note added"
    assert history[1].title == "Step marked 'done'"
    entry = AccessLogEntry.objects.filter(what="Plan: Step marked 'done'").get()
    assert entry.actor_id is None and entry.actor_person_id == world.person.pk
    assert entry.actor_role == "person"


def test_changes_worked_out_together_are_attributed_to_both(world: World) -> None:
    services.add_goal(
        person=world.person,
        actor=acting(world.cm, world.person).together(True),
        title="Get back to boxing",
        area=Area.HEALTH_WELLBEING,
    )
    assert selectors.plan_page(world.person).history[0].by == "Carol Mercer and Alex"
    assert PlanChange.objects.get().with_person


def test_a_second_save_from_an_old_version_is_refused(world: World) -> None:
    goal = a_goal(world.person, world.cm)
    services.update_goal(
        goal=goal,
        actor=acting(world.cm, goal.plan.person),
        changes={"title": "I want a flat near my kids"},
        expected_version=1,
    )
    with pytest.raises(StaleEdit):
        services.update_goal(
            goal=goal,
            actor=acting(world.colleague, goal.plan.person),
            changes={"title": "Something else"},
            expected_version=1,
        )
    goal.refresh_from_db()
    assert goal.title == "I want a flat near my kids"
    step = a_step(goal, world.cm)
    services.update_step(
        step=step,
        actor=acting(world.cm, step.goal.plan.person),
        changes={"status": "done"},
        expected_version=1,
    )
    with pytest.raises(StaleEdit):
        services.update_step(
            step=step,
            actor=acting(world.cm, step.goal.plan.person),
            changes={"status": "done"},
            expected_version=1,
        )


def test_a_crisis_conversation_needs_a_full_emergency_plan(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.record_conversation(
            person=world.person,
            kind=ConversationKind.CRISIS,
            on=today,
            actor=acting(world.cm, world.person),
        )
    assert set(error.value.message_dict) == {"emergency_plan", "emergency_worker", "review_on"}
    with pytest.raises(ValidationError) as error:
        services.record_conversation(
            person=world.person,
            kind=ConversationKind.CRISIS,
            on=today,
            actor=acting(world.cm, world.person),
            emergency_plan=EmergencyPlan("Stay at the hostel", world.cm, today - timedelta(1)),
        )
    assert set(error.value.message_dict) == {"review_on"}
    services.record_conversation(
        person=world.person,
        kind=ConversationKind.CRISIS,
        on=today,
        actor=acting(world.cm, world.person),
        note="Evicted this morning",
        emergency_plan=EmergencyPlan("Emergency bed at the hostel", world.cm, today + timedelta(7)),
    )
    page = selectors.plan_page(world.person)
    assert page.phase == Phase.INTERVENE
    assert page.open_crisis is not None and page.open_crisis.review_on == today + timedelta(7)
    services.record_conversation(
        person=world.person,
        kind=ConversationKind.GOOD_LIFE,
        on=today,
        actor=acting(world.cm, world.person),
    )
    page = selectors.plan_page(world.person)
    assert page.phase == Phase.INTEGRATE and page.open_crisis is None


def test_a_plan_with_no_conversation_is_in_interact(world: World) -> None:
    assert selectors.plan_page(world.person).phase == Phase.INTERACT


def test_sharing_needs_a_current_consent_and_is_logged_as_a_disclosure(world: World) -> None:
    a_plan(world.person, world.cm)
    with pytest.raises(SharingRefused):
        services.share_plan(
            person=world.person,
            actor=acting(world.cm, world.person),
            shared_with="Jo Quinn",
            relationship="Mother",
        )
    consent = record_consent(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=world.person,
        purpose=ConsentPurpose.SHARE_PLAN,
        given_on=timezone.localdate(),
        details="His mum",
    )
    share = services.share_plan(
        person=world.person,
        actor=acting(world.cm, world.person),
        shared_with="Jo Quinn",
        relationship="Mother",
    )
    assert share.consent == consent
    entry = AccessLogEntry.objects.filter(operation=Operation.DISCLOSE).get()
    assert entry.recipients == "Jo Quinn (Mother)" and entry.subject_id == world.person.pk
    withdraw_consent(actor=acting(world.cm, world.person), consent=consent)
    with pytest.raises(SharingRefused):
        services.share_plan(
            person=world.person,
            actor=acting(world.cm, world.person),
            shared_with="Jo Quinn",
            relationship="Mother",
        )


def test_every_change_is_in_the_access_log(world: World) -> None:
    before = AccessLogEntry.objects.count()
    _goal, _step, _ = a_plan(world.person, world.cm)
    whats = list(AccessLogEntry.objects.order_by("id")[before:].values_list("operation", "what"))
    assert whats == [
        (Operation.COLLECT, "Plan: Goal added"),
        (Operation.COLLECT, "Plan: Step added"),
        (Operation.ALTER, "Plan: Plan agreed (version 1)"),
    ]
