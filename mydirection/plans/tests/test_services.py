"""The plan's business rules, without HTTP."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.people.models import ConsentPurpose
from mydirection.people.services import record_consent, withdraw_consent
from mydirection.plans import selectors, services
from mydirection.plans.models import GoalStatus, PlanChange, StepStatus
from mydirection.plans.services import Author, EmergencyPlan, SharingRefused, StaleEdit
from mydirection.plans.testing import a_goal, a_plan, a_step, requirement_for
from mydirection.practice import Area, ConversationKind, Phase
from mydirection.testing import OrderFactory, World

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
                goal=goal, by=Author.staff(world.cm), status=status, note=" ", expected_version=1
            )
        assert "note" in error.value.message_dict
    services.set_goal_status(
        goal=goal,
        by=Author.staff(world.cm),
        status=GoalStatus.REMOVED,
        note="Alex found a flat with his brother",
        expected_version=1,
    )
    page = selectors.plan_page(world.person)
    assert page.goals == [] and page.closed_goals == [goal]
    services.set_goal_status(
        goal=goal, by=Author.staff(world.cm), status=GoalStatus.ACTIVE, expected_version=2
    )
    assert selectors.plan_page(world.person).goals == [goal]


def test_goals_move_up_and_down(world: World) -> None:
    first = a_goal(world.person, world.cm, title="First")
    second = a_goal(world.person, world.cm, title="Second")
    services.move_goal(goal=second, by=Author.staff(world.cm), up=True)
    assert [g.title for g in selectors.plan_page(world.person).goals] == ["Second", "First"]
    services.move_goal(goal=second, by=Author.staff(world.cm), up=True)  # already first
    services.move_goal(goal=first, by=Author.staff(world.cm), up=False)  # already last
    assert [g.title for g in selectors.plan_page(world.person).goals] == ["Second", "First"]


def test_agreement_snapshots_a_version_and_a_later_change_needs_agreeing_again(
    world: World,
) -> None:
    _goal, step, version = a_plan(world.person, world.cm)
    assert version.number == 1
    # A note or a conversation is about the plan, not a change to it.
    services.add_progress_note(
        person=world.person,
        by=Author.staff(world.cm),
        text="Talked it through",
        needs_support="no",
        person_involved=True,
    )
    services.record_conversation(
        person=world.person, kind=ConversationKind.GOOD_LIFE, on=timezone.localdate(), by=world.cm
    )
    assert version.person_name == "Alex Quinn"
    assert version.case_manager_name == world.cm.display_name
    assert version.snapshot["goals"][0]["title"] == "I want my own flat"
    page = selectors.plan_page(world.person)
    assert page.plan is not None and not page.plan.changed_since_agreed

    services.update_step(
        step=step,
        by=Author.the_person(world.person),
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
            by=Author.the_person(world.person),
            agreement="could_not_answer",
            recorded_by=world.cm,
        )
    second = services.record_agreement(
        person=world.person,
        by=Author.the_person(world.person),
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
        by=Author.the_person(world.person),
        changes={"status": StepStatus.DONE},
        expected_version=1,
    )
    services.add_progress_note(
        person=world.person,
        by=Author.the_person(world.person),
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
    with pytest.raises(ValueError):
        Author()


def test_changes_worked_out_together_are_attributed_to_both(world: World) -> None:
    services.add_goal(
        person=world.person,
        by=Author.staff(world.cm, with_person=True),
        title="Get back to boxing",
        area=Area.HEALTH_WELLBEING,
    )
    assert selectors.plan_page(world.person).history[0].by == "Carol Mercer and Alex"
    assert PlanChange.objects.get().with_person


def test_a_second_save_from_an_old_version_is_refused(world: World) -> None:
    goal = a_goal(world.person, world.cm)
    services.update_goal(
        goal=goal,
        by=Author.staff(world.cm),
        changes={"title": "I want a flat near my kids"},
        expected_version=1,
    )
    with pytest.raises(StaleEdit):
        services.update_goal(
            goal=goal,
            by=Author.staff(world.colleague),
            changes={"title": "Something else"},
            expected_version=1,
        )
    goal.refresh_from_db()
    assert goal.title == "I want a flat near my kids"
    step = a_step(goal, world.cm)
    services.update_step(
        step=step, by=Author.staff(world.cm), changes={"status": "done"}, expected_version=1
    )
    with pytest.raises(StaleEdit):
        services.update_step(
            step=step, by=Author.staff(world.cm), changes={"status": "done"}, expected_version=1
        )


def test_a_crisis_conversation_needs_a_full_emergency_plan(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.record_conversation(
            person=world.person, kind=ConversationKind.CRISIS, on=today, by=world.cm
        )
    assert set(error.value.message_dict) == {"emergency_plan", "emergency_worker", "review_on"}
    with pytest.raises(ValidationError) as error:
        services.record_conversation(
            person=world.person,
            kind=ConversationKind.CRISIS,
            on=today,
            by=world.cm,
            emergency_plan=EmergencyPlan("Stay at the hostel", world.cm, today - timedelta(1)),
        )
    assert set(error.value.message_dict) == {"review_on"}
    services.record_conversation(
        person=world.person,
        kind=ConversationKind.CRISIS,
        on=today,
        by=world.cm,
        note="Evicted this morning",
        emergency_plan=EmergencyPlan("Emergency bed at the hostel", world.cm, today + timedelta(7)),
    )
    page = selectors.plan_page(world.person)
    assert page.phase == Phase.INTERVENE
    assert page.open_crisis is not None and page.open_crisis.review_on == today + timedelta(7)
    services.record_conversation(
        person=world.person, kind=ConversationKind.GOOD_LIFE, on=today, by=world.cm
    )
    page = selectors.plan_page(world.person)
    assert page.phase == Phase.INTEGRATE and page.open_crisis is None


def test_a_plan_with_no_conversation_is_in_interact(world: World) -> None:
    assert selectors.plan_page(world.person).phase == Phase.INTERACT


def test_sharing_needs_a_current_consent_and_is_logged_as_a_disclosure(world: World) -> None:
    a_plan(world.person, world.cm)
    with pytest.raises(SharingRefused):
        services.share_plan(
            person=world.person, by=world.cm, shared_with="Jo Quinn", relationship="Mother"
        )
    consent = record_consent(
        by=world.cm,
        person=world.person,
        purpose=ConsentPurpose.SHARE_PLAN,
        given_on=timezone.localdate(),
        details="His mum",
        relation="case_manager",
    )
    share = services.share_plan(
        person=world.person, by=world.cm, shared_with="Jo Quinn", relationship="Mother"
    )
    assert share.consent == consent
    entry = AccessLogEntry.objects.filter(operation=Operation.DISCLOSE).get()
    assert entry.recipients == "Jo Quinn (Mother)" and entry.subject_id == world.person.pk
    withdraw_consent(by=world.cm, consent=consent, on=timezone.localdate(), relation="")
    with pytest.raises(SharingRefused):
        services.share_plan(
            person=world.person, by=world.cm, shared_with="Jo Quinn", relationship="Mother"
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
