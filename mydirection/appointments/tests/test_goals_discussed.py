"""An outcome records which of the person's current goals were discussed; only theirs."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.appointments import selectors
from mydirection.appointments.models import OutcomeGoal, OutcomeKind
from mydirection.appointments.services import outcomes
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.plans import services as plans
from mydirection.plans.models import GoalStatus
from mydirection.plans.testing import a_goal
from mydirection.testing import World, acting, sign_in

pytestmark = pytest.mark.django_db


def test_the_form_lists_current_goals_and_saves_the_ticked_ones(world: World) -> None:
    flat = a_goal(world.person, world.cm, "My own flat")
    work = a_goal(world.person, world.cm, "Back to work")
    done = a_goal(world.person, world.cm, "Driving licence")
    plans.set_goal_status(
        goal=done,
        actor=acting(world.cm, done.plan.person),
        status=GoalStatus.ACHIEVED,
        note="Passed",
        expected_version=1,
    )
    theirs = a_goal(world.other_person, world.elsewhere, "Someone else's goal")
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:outcome", args=[world.person.pk, appointment.pk])
    page = client.get(url).content.decode()
    assert "My own flat" in page and "Back to work" in page
    assert "Driving licence" not in page and "Someone else" not in page

    refused = client.post(
        url,
        {"outcome": "attended_complied", "actual_minutes": "30", "goals": [str(theirs.pk)]},
    )
    assert refused.status_code == 200
    assert "Select only goals from this person&#x27;s plan" in refused.content.decode()
    assert not OutcomeGoal.objects.exists()

    saved = client.post(
        url,
        {"outcome": "attended_complied", "actual_minutes": "30", "goals": [str(flat.pk)]},
    )
    assert saved.status_code == 302
    assert list(OutcomeGoal.objects.values_list("goal", flat=True)) == [flat.pk]
    again = client.get(url).content.decode()
    flat_box = re.findall(rf'<input[^>]*value="{flat.pk}"[^>]*>', again)
    work_box = re.findall(rf'<input[^>]*value="{work.pk}"[^>]*>', again)
    assert len(flat_box) == len(work_box) == 1
    assert "checked" in flat_box[0] and "checked" not in work_box[0]


def test_the_service_refuses_another_persons_goal(world: World) -> None:
    theirs = a_goal(world.other_person, world.elsewhere)
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    with pytest.raises(ValidationError) as error:
        outcomes.record_outcome(
            actor=StaffActor(world.cm, Relation.CASE_MANAGER),
            appointment=appointment,
            details=outcomes.OutcomeDetails(
                outcome=OutcomeKind.ATTENDED_COMPLIED, actual_minutes=30, goals=[str(theirs.pk)]
            ),
            expected_version=None,
        )
    assert "goals" in error.value.message_dict
    assert not OutcomeGoal.objects.exists()


def test_a_goal_closed_since_it_was_ticked_is_still_offered_for_that_appointment(
    world: World,
) -> None:
    flat = a_goal(world.person, world.cm, "My own flat")
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-2))
    later = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    outcomes.record_outcome(
        actor=acting(world.cm, world.person),
        appointment=appointment,
        details=outcomes.OutcomeDetails(
            outcome=OutcomeKind.ATTENDED_COMPLIED, actual_minutes=30, goals=[str(flat.pk)]
        ),
        expected_version=None,
    )
    plans.set_goal_status(
        goal=flat,
        actor=acting(world.cm, world.person),
        status=GoalStatus.ACHIEVED,
        note="Moved in",
        expected_version=flat.version,
    )
    assert selectors.goals_for_outcome(world.person, appointment) == [flat]
    assert selectors.goals_for_outcome(world.person, later) == []


def test_correcting_an_outcome_replaces_the_goals(world: World) -> None:
    flat = a_goal(world.person, world.cm, "My own flat")
    work = a_goal(world.person, world.cm, "Back to work")
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))

    def record(goals: list[str], version: int | None) -> int:
        return outcomes.record_outcome(
            actor=StaffActor(world.cm, Relation.CASE_MANAGER),
            appointment=appointment,
            details=outcomes.OutcomeDetails(
                outcome=OutcomeKind.ATTENDED_COMPLIED, actual_minutes=30, goals=goals
            ),
            expected_version=version,
        ).version

    version = record([str(flat.pk), str(work.pk)], None)
    record([str(work.pk)], version)
    assert list(OutcomeGoal.objects.values_list("goal", flat=True)) == [work.pk]


def test_the_appointments_page_shows_the_goals_discussed(world: World) -> None:
    flat = a_goal(world.person, world.cm, "My own flat")
    a_goal(world.person, world.cm, "Back to work")
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:detail", args=[world.person.pk, appointment.pk])
    client.post(
        reverse("appointments:outcome", args=[world.person.pk, appointment.pk]),
        {"outcome": "attended_complied", "actual_minutes": "30", "goals": [str(flat.pk)]},
    )
    page = client.get(url).content.decode()
    row = re.search(r"Goals discussed</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    assert row is not None, "the outcome lists the goals discussed"
    assert "My own flat" in row.group(1) and "Back to work" not in row.group(1)
    # A link to the goal on the plan, where it is worked on.
    assert f"#goal-{flat.pk}" in row.group(1)


def test_an_outcome_with_no_goals_says_so(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    outcomes.record_outcome(
        actor=acting(world.cm, world.person),
        appointment=appointment,
        details=outcomes.OutcomeDetails(outcome=OutcomeKind.ATTENDED_COMPLIED, actual_minutes=30),
        expected_version=None,
    )
    client = sign_in(Client(), world.cm)
    page = client.get(
        reverse("appointments:detail", args=[world.person.pk, appointment.pk])
    ).content.decode()
    row = re.search(r"Goals discussed</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    assert row is not None and "None recorded" in row.group(1)
