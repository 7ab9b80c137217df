"""The plan in a real browser: the case manager builds a plan with the person, linked to the
order's requirements, records agreement, checks the screen is private, shows the person their
plan, and downloads it as a PDF. Every step is in the access log."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.people.models import Requirement
from mydirection.plans.models import Goal, PlanVersion, Step
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in


@pytest.mark.screenshots
def test_a_case_manager_builds_and_shares_a_plan_with_the_person(live_server, page) -> None:
    world = build_world()
    order = world.person.orders.get()
    Requirement.objects.create(order=order, requirement_type="unpaid_work", amount=80)
    Requirement.objects.create(order=order, requirement_type="rar", amount=15)
    sign_in(page, live_server.url, world.cm)
    page.goto(f"{live_server.url}/people/{world.person.pk}/")
    page.get_by_role("link", name="Plan", exact=True).click()
    expect(page.get_by_role("heading", name="Plan", exact=True)).to_be_visible()
    expect(page.get_by_text("Requirements with no goal or step yet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What is the goal, in the person's own words?").fill(
        "I want to get my CSCS card and get back on the building sites"
    )
    page.get_by_label("Which area is it about?").select_option("employment_education")
    page.get_by_label("Finances").check()
    page.get_by_label("Now", exact=True).check()
    page.get_by_label("Rehabilitation activity", exact=False).check()
    assert_accessible(page)
    save_screenshot(page, "plan-add-goal")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_role("alert").get_by_text("Goal added")).to_be_visible()

    page.get_by_role("link", name="Add a step to goal 1").click()
    page.get_by_label("What will be done?").fill("Book the health and safety test")
    page.get_by_label("Alex", exact=True).check()
    page.get_by_label("Unpaid work", exact=False).check()
    assert_accessible(page)
    page.get_by_role("button", name="Add step").click()
    expect(
        page.get_by_role("cell", name="Book the health and safety test", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("Requirements with no goal or step yet")).to_have_count(0)

    page.get_by_role("link", name="Record agreement").click()
    page.get_by_label("Yes, they agree").check()
    assert_accessible(page)
    page.get_by_role("button", name="Record agreement").click()
    expect(page.get_by_role("alert").get_by_text("Agrees to the plan: version 1")).to_be_visible()
    expect(page.get_by_text("by Alex Quinn and Carol Mercer")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "plan")

    page.get_by_role("link", name="Version 1", exact=False).click()
    expect(page.get_by_role("heading", name="Plan, version 1")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Record a conversation").click()
    page.get_by_label("Conversation 2: work intensively in crisis").check()
    page.get_by_label("Short note").fill("Lost his room at the hostel last night")
    page.get_by_role("button", name="Record conversation").click()
    expect(
        page.get_by_role("link", name="Name the worker who will stay with the person")
    ).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "plan-crisis-errors")
    page.get_by_label("Emergency plan: what will happen").fill(
        "Bed at the night shelter tonight; Carol rings each morning until he is housed"
    )
    page.get_by_label("Named worker who stays with the person").select_option(str(world.cm.pk))
    review = page.get_by_role("group", name="Review date of the emergency plan")
    review_on = timezone.localdate() + timedelta(days=7)
    review.get_by_label("Day").fill(str(review_on.day))
    review.get_by_label("Month").fill(str(review_on.month))
    review.get_by_label("Year").fill(str(review_on.year))
    page.get_by_role("button", name="Record conversation").click()
    expect(page.get_by_role("region", name="Crisis")).to_contain_text(
        f"Review by {review_on.day} {review_on:%B %Y}"
    )
    expect(page.get_by_text("Intervene", exact=True)).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "plan-crisis")

    page.get_by_role("link", name="Share the plan with family or a keyworker").click()
    expect(page.get_by_text("has not given consent to share their plan")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "plan-share-refused")
    page.get_by_role("link", name="Back to the plan").click()

    page.get_by_role("link", name="Show Alex their plan").click()
    expect(page.get_by_role("heading", name="Check only Alex can see the screen")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "plan-privacy-screen")
    page.get_by_role("link", name="Only Alex can see the screen: show their plan").click()
    expect(page.get_by_role("heading", name="Your plan, Alex")).to_be_visible()
    expect(page.get_by_role("heading", name="Things you will do")).to_be_visible()
    expect(page.get_by_text("Risk of serious harm")).to_have_count(0)
    assert_accessible(page)
    save_screenshot(page, "plan-person-view")

    page.get_by_role("link", name="Print").click()
    expect(page.get_by_role("button", name="Print your plan")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print your plan")).to_be_hidden()
    save_screenshot(page, "plan-print")
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as a PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"plan-{world.person.case_reference}.pdf"
    assert Path(download.path()).read_bytes()[:4] == b"%PDF"

    goal = Goal.objects.get()
    assert [r.requirement_type for r in goal.requirements.all()] == ["rar"]
    assert [r.requirement_type for r in Step.objects.get().requirements.all()] == ["unpaid_work"]
    assert PlanVersion.objects.get().person_name == "Alex Quinn"
    logged = list(
        AccessLogEntry.objects.filter(subject_id=world.person.pk, actor_id=world.cm.pk)
        .order_by("id")
        .values_list("operation", "what")
    )
    for step in [
        (Operation.CONSULT, "Plan"),
        (Operation.COLLECT, "Plan: Goal added"),
        (Operation.COLLECT, "Plan: Step added"),
        (Operation.ALTER, "Plan: Plan agreed (version 1)"),
        (Operation.CONSULT, "An earlier version of the plan"),
        (Operation.COLLECT, "Plan: Conversation 2: work intensively in crisis recorded"),
        (Operation.CONSULT, "Share the plan"),
        (Operation.CONSULT, "Plan: privacy check"),
        (Operation.CONSULT, "Plan shown to the person"),
        (Operation.CONSULT, "Plan printed for the person"),
        (Operation.CONSULT, "Plan downloaded as a PDF"),
    ]:
        assert step in logged, step
    assert verify_chain().intact
