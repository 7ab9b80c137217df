"""Dates and consent that make sense on the plan (issue 20, item 3).

A goal's target date is never in the past (refused, with the message by the field), and a
date after the order ends is saved with a warning. "Worked out together with <person>" starts
unticked on every plan form: the history says the person took part only when the case manager
says so. The plan's history shows when things happened, also for plans written before today.
"""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.plans import services
from mydirection.plans.models import Conversation, Goal, Plan, PlanChange, PlanVersion
from mydirection.plans.testing import a_goal, a_step
from mydirection.testing import World, acting, sign_in

pytestmark = pytest.mark.django_db


def url(name: str, world: World, *args: object) -> str:
    return reverse(f"plans:{name}", args=[world.person.pk, *args])


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def goal_data(**extra: str) -> dict[str, str]:
    return {"title": "I want my own flat", "area": "accommodation", "status": "active"} | extra


def field_error(page: str, field: str) -> str:
    """The error message shown by a field (``id_<field>_error``, as Django names it)."""
    match = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


# Target dates ------------------------------------------------------------------------------


def test_a_target_date_in_the_past_is_refused_by_the_field_and_nothing_saved(
    world: World,
) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(
        url("add-goal", world), goal_data(**date_fields("target_date", date(2020, 1, 1)))
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Target date must be today or in the future" in field_error(page, "target_date")
    assert 'href="#id_target_date_0"' in page  # the error summary links to the day box
    assert not Goal.objects.exists()


def test_today_as_a_target_date_is_accepted(world: World) -> None:
    client = sign_in(Client(), world.cm)
    today = timezone.localdate()
    response = client.post(url("add-goal", world), goal_data(**date_fields("target_date", today)))
    assert response.status_code == 302
    assert Goal.objects.get().target_date == today


def test_the_service_refuses_a_past_target_date_too(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        a_goal(world.person, world.cm, target_date=timezone.localdate() - timedelta(days=1))
    assert "target_date" in error.value.message_dict
    assert not Goal.objects.exists()


def test_changing_a_goal_to_a_past_target_date_is_refused(world: World) -> None:
    goal = a_goal(world.person, world.cm, target_date=timezone.localdate() + timedelta(days=30))
    client = sign_in(Client(), world.cm)
    response = client.post(
        url("edit-goal", world, goal.pk),
        goal_data(version=str(goal.version), **date_fields("target_date", date(2020, 1, 1))),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Target date must be today or in the future" in field_error(page, "target_date")
    goal.refresh_from_db()
    assert goal.target_date == timezone.localdate() + timedelta(days=30)


def test_a_goal_whose_target_date_has_passed_can_still_be_changed_otherwise(
    world: World,
) -> None:
    """The date was fine when it was set: editing the words keeps it without a refusal."""
    passed = timezone.localdate() - timedelta(days=10)
    goal = a_goal(world.person, world.cm)
    Goal.objects.filter(pk=goal.pk).update(target_date=passed)
    goal.refresh_from_db()
    services.update_goal(
        goal=goal,
        actor=acting(world.cm, world.person),
        changes={"title": "My own flat, near the kids", "target_date": passed},
        expected_version=goal.version,
    )
    goal.refresh_from_db()
    assert goal.title == "My own flat, near the kids" and goal.target_date == passed


def test_a_target_date_after_the_order_ends_is_saved_with_a_warning(world: World) -> None:
    order = world.person.orders.get()
    after = order.end_date + timedelta(days=20)
    client = sign_in(Client(), world.cm)
    form = client.get(url("add-goal", world)).content.decode()
    assert f"The order ends on {order.end_date.day} {order.end_date:%B %Y}" in form
    response = client.post(
        url("add-goal", world), goal_data(**date_fields("target_date", after)), follow=True
    )
    assert Goal.objects.get().target_date == after
    page = response.content.decode()
    assert "Goal added" in page
    assert (
        f"The target date, {after.day} {after:%B %Y}, is after the order ends on "
        f"{order.end_date.day} {order.end_date:%B %Y}" in page
    )


def test_no_warning_for_a_target_date_within_the_order(world: World) -> None:
    order = world.person.orders.get()
    client = sign_in(Client(), world.cm)
    response = client.post(
        url("add-goal", world),
        goal_data(**date_fields("target_date", order.end_date)),
        follow=True,
    )
    assert "is after the order ends" not in response.content.decode()


def test_changing_a_goals_date_to_after_the_order_warns(world: World) -> None:
    order = world.person.orders.get()
    goal = a_goal(world.person, world.cm)
    after = order.end_date + timedelta(days=1)
    client = sign_in(Client(), world.cm)
    response = client.post(
        url("edit-goal", world, goal.pk),
        goal_data(version=str(goal.version), **date_fields("target_date", after)),
        follow=True,
    )
    page = response.content.decode()
    assert "Goal saved" in page and "is after the order ends" in page


# Worked out together -------------------------------------------------------------------------


def with_person_box(page: str) -> str:
    boxes: list[str] = re.findall(r'<input[^>]*name="with_person"[^>]*>', page)
    assert len(boxes) == 1, "the form asks whether it was worked out together"
    return boxes[0]


def test_worked_out_together_starts_unticked_on_every_plan_form(world: World) -> None:
    goal = a_goal(world.person, world.cm)
    step = a_step(goal, world.cm)
    client = sign_in(Client(), world.cm)
    for form_url in (
        url("add-goal", world),
        url("edit-goal", world, goal.pk),
        url("add-step", world, goal.pk),
        url("edit-step", world, step.pk),
    ):
        page = client.get(form_url).content.decode()
        assert f"Worked out together with {world.person.known_as}" in page, form_url
        assert "checked" not in with_person_box(page), form_url


def test_the_history_says_together_only_when_ticked(world: World) -> None:
    client = sign_in(Client(), world.cm)
    client.post(url("add-goal", world), goal_data())
    client.post(url("add-goal", world), goal_data(title="Back to work", with_person="on"))
    alone, together = PlanChange.objects.order_by("id")
    assert (alone.with_person, together.with_person) == (False, True)


# Real dates in the history -------------------------------------------------------------------


def test_the_history_and_notes_keep_the_dates_they_happened(world: World) -> None:
    """A plan written and agreed months ago (moved in from elsewhere, or the demo's) shows
    those dates, not the day it was loaded."""
    goal = a_goal(world.person, world.cm)
    plan = goal.plan
    written = timezone.now() - timedelta(days=120)
    PlanChange.objects.create(plan=plan, what="Plan written", occurred_at=written)
    assert PlanChange.objects.get(what="Plan written").occurred_at == written
    note = services.add_progress_note(
        person=world.person,
        actor=acting(world.cm, world.person),
        text="Went well",
        needs_support="no",
        person_involved=True,
    )
    type(note).objects.filter(pk=note.pk).update(created_at=written)
    page = sign_in(Client(), world.cm).get(url("plan", world)).content.decode()
    local = timezone.localtime(written)
    assert f"{local.day} {local:%B %Y}" in page


def test_the_demos_plan_history_has_the_dates_of_writing_and_agreeing(world: World) -> None:
    from mydirection.demo.plans import write_demo_plans

    today = timezone.localdate()
    for seed in range(40):  # the first seed that gives the person a plan with an agreed version
        write_demo_plans(seed=seed, today=today)
        if PlanVersion.objects.filter(plan__person=world.person).exists():
            break
        Plan.objects.all().delete()
        Conversation.objects.all().delete()
    version = PlanVersion.objects.get(plan__person=world.person)
    history = {
        change.what: timezone.localtime(change.occurred_at).date()
        for change in PlanChange.objects.filter(plan=version.plan)
    }
    assert history["Plan agreed (version 1)"] == version.agreed_on < today
    assert history["Plan written"] < version.agreed_on
    page = sign_in(Client(), world.cm).get(url("plan", world)).content.decode()
    history_html = page.split("History of the plan", 1)[1]
    agreed = version.agreed_on
    assert f"{agreed.day} {agreed:%B %Y}" in history_html
    assert f"{today.day} {today:%B %Y}" not in history_html
