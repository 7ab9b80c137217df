"""My plan and messages on a phone: the person signs in, marks a step done, says how it went
and messages their case manager (once with words that suggest a risk); the case manager sees
the step done "by Alex" in the plan history, the messages in the inbox with their unread
count and the "Check this message" tag, and replies; the person reads the reply."""

import re

import pytest
from playwright.sync_api import expect

from mydirection.access.log import verify_chain
from mydirection.messaging.models import PersonMessage
from mydirection.plans.models import StepStatus
from mydirection.plans.testing import a_plan, a_step
from mydirection.portal.testing import active_account
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in
from tests.browser.page_checks import fits_the_screen
from tests.browser.test_portal_journey import latest_outbox_text, sign_in_on_a_phone


def checked(page, name: str) -> None:
    """Each page of the app: fits a 320 px screen, passes axe, and is photographed."""
    assert fits_the_screen(page), name
    assert_accessible(page)
    save_screenshot(page, name)


@pytest.mark.screenshots
def test_a_person_updates_their_plan_and_messages_their_case_manager(
    live_server, page, browser
) -> None:
    world = build_world()
    person = world.person
    person.phone = "07700 900 982"
    person.save()
    goal, step, _ = a_plan(person, world.cm)
    a_step(goal, world.cm, "Refer to the housing charity", actor="partner", actor_detail="Shelter")
    active_account(person)

    # The case manager is signed in on their computer (the outbox shows the sign-in code).
    sign_in(page, live_server.url, world.cm)

    # The person signs in on their phone with a code and their PIN.
    mobile = sign_in_on_a_phone(browser, page, live_server.url, "07700900982")
    expect(mobile.get_by_role("heading", name=f"Hello {person.known_as}")).to_be_visible()

    # My plan: mark my step done.
    mobile.get_by_role("link", name="My plan").click()
    expect(mobile.get_by_role("heading", name="My plan")).to_be_visible()
    expect(mobile.get_by_text("Shelter: Refer to the housing charity")).to_be_visible()
    checked(mobile, "portal-plan")
    mobile.locator(f'a[href="/my/plan/steps/{step.pk}/"]').click()
    mobile.get_by_label("Done").check()
    checked(mobile, "portal-plan-step")
    mobile.get_by_role("button", name="Save").click()
    expect(mobile.get_by_text("Saved: done")).to_be_visible()
    checked(mobile, "portal-plan-done")

    # Say how it went.
    mobile.get_by_role("link", name="Say how it went").click()
    mobile.get_by_role("button", name="Send").click()
    expect(mobile.get_by_role("heading", name="There is a problem")).to_be_visible()
    checked(mobile, "portal-plan-how-it-went-error")
    mobile.get_by_label("How did it go?").fill("I rang the council. I have a viewing on Friday")
    mobile.get_by_label("No", exact=True).check()
    mobile.get_by_role("button", name="Send").click()
    expect(mobile.get_by_text("Thank you. Your case manager will read it")).to_be_visible()

    # Messages: write to the case manager, twice.
    mobile.get_by_role("link", name="MyDirection").click()
    mobile.get_by_role("link", name="My messages").click()
    mobile.get_by_label("Write a message").fill("Can we move Tuesday? I have a job interview")
    mobile.get_by_role("button", name="Send").click()
    expect(mobile.get_by_text("Message sent")).to_be_visible()
    mobile.get_by_label("Write a message").fill("Some days I just want to end it all")
    mobile.get_by_role("button", name="Send").click()
    expect(mobile.get_by_text("Some days I just want to end it all")).to_be_visible()
    # The person is never told a message was flagged.
    expect(mobile.get_by_text("Check this message")).to_have_count(0)
    checked(mobile, "portal-messages")

    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    assert PersonMessage.objects.filter(flagged=True).count() == 1

    # The case manager sees the step done by Alex in the plan history.
    page.goto(f"{live_server.url}/people/{person.pk}/plan/")
    history = page.locator(".moj-timeline")
    expect(history.get_by_text("Step marked 'done'")).to_be_visible()
    expect(history.get_by_text(re.compile(r"by Alex", re.IGNORECASE)).first).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "portal-plan-staff-history")

    # The inbox: two new messages, one to check.
    navigation = page.get_by_role("navigation", name="Menu")
    expect(navigation.get_by_role("link", name="Messages 2 new")).to_be_visible()
    navigation.get_by_role("link", name=re.compile("Messages")).click()
    expect(page.get_by_text("2 new messages.")).to_be_visible()
    expect(page.get_by_text("Check this message")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "inbox")
    page.get_by_role("link", name="Messages to check").click()
    expect(page.get_by_role("link", name=person.full_name)).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "inbox-to-check")

    # The conversation: the flagged message is marked; reply.
    page.get_by_role("link", name=person.full_name).click()
    expect(page.get_by_text("Can we move Tuesday? I have a job interview")).to_be_visible()
    expect(page.get_by_text("Check this message")).to_be_visible()
    page.get_by_label("Reply").fill("Yes. Come on Wednesday at 10am instead. Call me today")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text(f"Message sent to {person.known_as}")).to_be_visible()
    expect(page.get_by_text(re.compile("Not read yet"))).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "inbox-conversation")
    expect(page.get_by_role("navigation", name="Menu").get_by_text("new")).to_have_count(0)
    text = latest_outbox_text(page, live_server.url, r"(You have a new message in MyDirection)")
    assert text

    # The person sees the new reply on the app's home, then reads it.
    mobile.get_by_role("link", name="MyDirection").click()
    expect(mobile.get_by_text("1 new")).to_be_visible()
    checked(mobile, "portal-messages-home")
    mobile.get_by_role("link", name="My messages").click()
    expect(mobile.get_by_text("Yes. Come on Wednesday at 10am instead")).to_be_visible()
    checked(mobile, "portal-messages-reply")
    mobile.context.close()
    assert verify_chain().intact
