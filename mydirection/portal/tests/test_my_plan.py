"""My plan in the app: the person marks their step done, says how it went, agrees or not; the
case manager's history says so by their first name; concurrent edits lose nothing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry
from mydirection.plans import selectors, services
from mydirection.plans.models import PlanVersion, ProgressNote, Step, StepStatus
from mydirection.plans.testing import a_goal, a_plan, a_step
from mydirection.portal.testing import portal_sign_in
from mydirection.testing import World, acting, page_queries, sign_in

pytestmark = pytest.mark.django_db


def step_url(step: Step) -> str:
    return reverse("portal:plan-step", args=[step.pk])


def test_the_person_sees_their_steps_and_what_others_will_do(world: World) -> None:
    goal, mine, _ = a_plan(world.person, world.cm)
    a_step(goal, world.cm, "Refer to Shelter", actor="partner", actor_detail="Shelter")
    page = portal_sign_in(Client(), world.person).get(reverse("portal:plan")).content.decode()
    assert "I want my own flat" in page and "Ring the council" in page
    assert "Shelter: Refer to Shelter" in page
    assert step_url(mine) in page
    entry = AccessLogEntry.objects.latest("id")
    assert entry.what == "App: my plan" and entry.actor_person_id == world.person.pk


def test_the_person_marks_a_step_done_and_the_history_says_so(world: World) -> None:
    _, step, _ = a_plan(world.person, world.cm)
    app = portal_sign_in(Client(), world.person)
    response = app.post(step_url(step), {"status": "done", "version": step.version})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    history = selectors.plan_page(world.person).history
    assert (history[0].title, history[0].by) == ("Step marked 'done'", "Alex")
    entry = AccessLogEntry.objects.filter(what="Plan: Step marked 'done'").get()
    assert entry.actor_person_id == world.person.pk and entry.actor_id is None
    page = sign_in(Client(), world.cm).get(reverse("plans:plan", args=[world.person.pk]))
    assert "Alex" in page.content.decode()


def test_a_step_changed_meanwhile_is_explained_and_the_choice_kept(world: World) -> None:
    _, step, _ = a_plan(world.person, world.cm)
    read_version = step.version
    services.update_step(
        step=step,
        actor=acting(world.cm, step.goal.plan.person),
        changes={"status": "cannot_yet"},
        expected_version=read_version,
    )
    app = portal_sign_in(Client(), world.person)
    response = app.post(step_url(step), {"status": "done", "version": read_version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your case manager changed this step while you were here" in page
    assert "Cannot be done yet" in page
    assert re.search(r'<input[^>]*checked[^>]*value="done"', page)  # their answer is kept
    step.refresh_from_db()
    assert step.status == StepStatus.CANNOT_YET
    # Saving again is a deliberate choice, and it works.
    assert f'value="{step.version}"' in page
    response = app.post(step_url(step), {"status": "done", "version": step.version})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


def test_only_the_persons_own_steps_can_be_changed(world: World) -> None:
    goal = a_goal(world.person, world.cm)
    theirs = a_step(goal, world.cm, "Find a flat", actor="case_manager")
    other_goal = a_goal(world.other_person, world.elsewhere)
    other = a_step(other_goal, world.elsewhere)
    app = portal_sign_in(Client(), world.person)
    assert app.get(step_url(theirs)).status_code == 404
    assert app.get(step_url(other)).status_code == 404
    assert app.post(step_url(other), {"status": "done", "version": 1}).status_code == 404
    other.refresh_from_db()
    assert other.status == StepStatus.NOT_STARTED


def test_the_person_says_how_it_went(world: World) -> None:
    a_plan(world.person, world.cm)
    app = portal_sign_in(Client(), world.person)
    response = app.post(reverse("portal:plan-how-it-went"), {"text": "", "needs_support": ""})
    assert response.status_code == 200 and "Write how it went" in response.content.decode()
    response = app.post(
        reverse("portal:plan-how-it-went"),
        {"text": "I rang them and have a viewing", "needs_support": "no"},
    )
    assert response.status_code == 302
    note = ProgressNote.objects.get()
    assert note.by_person and note.by_user is None and note.person_involved
    assert selectors.plan_page(world.person).history[0].by == "Alex"


def test_the_person_agrees_or_says_why_not(world: World) -> None:
    a_plan(world.person, world.cm)
    app = portal_sign_in(Client(), world.person)
    response = app.post(reverse("portal:plan-agree"), {"agreement": "not_agreed", "reason": ""})
    assert response.status_code == 200 and "Say why you do not agree" in response.content.decode()
    assert PlanVersion.objects.count() == 1
    response = app.post(
        reverse("portal:plan-agree"),
        {"agreement": "not_agreed", "reason": "The flat goal is too soon"},
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get(number=2)
    assert version.agreement == "not_agreed" and version.reason == "The flat goal is too soon"
    assert version.recorded_by is None
    assert version.case_manager_name == world.cm.display_name
    history = selectors.plan_page(world.person).history
    assert (history[0].title, history[0].by) == ("Plan not agreed (version 2)", "Alex")
    app.post(reverse("portal:plan-agree"), {"agreement": "agreed"})
    assert PlanVersion.objects.get(number=3).agreement == "agreed"


def test_there_is_nothing_to_agree_to_without_goals(world: World) -> None:
    app = portal_sign_in(Client(), world.person)
    response = app.post(reverse("portal:plan-agree"), {"agreement": "agreed"})
    assert response.status_code == 200
    assert "nothing in your plan to agree to yet" in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_my_plan_costs_constant_queries(world: World) -> None:
    app = portal_sign_in(Client(), world.person)

    def queries() -> int:
        return page_queries(app, reverse("portal:plan"))

    def grow(n: int) -> None:
        for i in range(n):
            goal = a_goal(world.person, world.cm, title=f"Goal {i}")
            a_step(goal, world.cm)
            a_step(goal, world.cm, "Refer", actor="partner", actor_detail="Shelter")

    grow(1)
    few = queries()
    grow(4)
    assert queries() == few
