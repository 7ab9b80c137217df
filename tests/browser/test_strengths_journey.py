"""The strengths journey in a real browser: the case manager records a strengths assessment
and a one-page profile with the person; the case is reallocated; the new case manager sees
the handover and the one-page profile first. Every step is in the access log."""

import re

import pytest
from playwright.sync_api import expect

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.assessment.models import AreaAnswer
from mydirection.person_centred.models import ToolRecord
from mydirection.person_centred.services import StatementInput, save_tool
from mydirection.practice import Tool
from mydirection.testing import acting, build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in, sign_out


@pytest.mark.screenshots
def test_a_profile_and_assessment_travel_with_the_person(live_server, page) -> None:
    world = build_world()
    person = world.person
    sign_in(page, live_server.url, world.cm)
    page.get_by_role("link", name=re.compile(person.last_name)).first.click()

    # The strengths assessment: one area answered with the person.
    page.get_by_role("link", name="Strengths", exact=True).click()
    expect(page.get_by_role("heading", name="Strengths assessment")).to_be_visible()
    page.get_by_role("link", name="Accommodation", exact=True).click()
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "strengths-area-errors")

    page.get_by_label("I want to make changes but need help").check()
    page.get_by_label("The person, with their case manager", exact=True).check()
    page.get_by_label("Strengths and protective factors").fill(
        "Kept the tenancy for eight months; gets on well with the landlord. "
        "Sister lives nearby and helps with letters."
    )
    page.get_by_role("group", name="Is this area linked to risk of serious harm?").get_by_label(
        "No"
    ).check()
    page.get_by_role("group", name="Is this area linked to risk of reoffending?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Details of the link to risk of reoffending").fill(
        "Offended while sofa-surfing after losing a flat in 2023."
    )
    assert_accessible(page)
    save_screenshot(page, "strengths-area")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Accommodation saved as a new version")).to_be_visible()
    expect(page.get_by_text("I want to make changes but need help")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "strengths-summary")

    # A second version: the first stays, read-only.
    page.get_by_role("link", name="Accommodation", exact=True).click()
    page.get_by_label("I am making changes", exact=True).check()
    page.get_by_role("button", name="Save as a new version").click()
    page.get_by_role("link", name="see all versions").click()
    page.get_by_role("link", name="Accommodation, version 1").click()
    expect(page.get_by_text("This is an earlier version. It cannot be changed.")).to_be_visible()
    expect(page.get_by_text("I want to make changes but need help")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "strengths-version")

    # The one-page profile, in the person's own words.
    page.get_by_role("link", name="About me", exact=True).click()
    expect(page.get_by_role("heading", name=f"About {person.known_as}")).to_be_visible()
    page.get_by_role("link", name="Start a one-page profile").click()
    page.get_by_label("What people appreciate about me: statement 1", exact=True).fill(
        "I make people laugh, even on a bad day."
    )
    page.locator("#id_statements-0-confirmed").check()
    page.get_by_label("What people appreciate about me: statement 2", exact=True).fill(
        "A reliable volunteer at the food bank."
    )
    page.locator("#id_statements-1-said_by").select_option("case_manager")
    page.get_by_label("What's important to me: statement 1", exact=True).fill(
        "Seeing my daughter on Saturdays."
    )
    page.locator("#id_statements-2-confirmed").check()
    page.get_by_label("How best to support me: statement 1", exact=True).fill(
        "Tell me straight, and give me things in writing."
    )
    page.locator("#id_statements-4-confirmed").check()
    assert_accessible(page)
    save_screenshot(page, "profile-edit")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("One-page profile saved as a new version")).to_be_visible()
    expect(page.get_by_text(f"In {person.known_as}\u2019s own words").first).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "profile")
    page.get_by_role("link", name="About me", exact=True).click()
    expect(page.get_by_role("cell", name="3 of 4")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "profile-tools-index")

    # The case moves to a colleague, with a handover.
    page.get_by_role("link", name="Allocation", exact=True).click()
    page.get_by_role("link", name="Reallocate the case").click()
    page.get_by_label(f"{world.colleague.display_name} (Team A)").check()
    page.get_by_label("Why is the case moving?").fill("Carol is moving to the courts team")
    page.get_by_label("What matters to the person").fill("Keeping the flat; seeing his daughter")
    page.get_by_label("Key history").fill("Tenancy at risk after arrears in spring")
    page.get_by_role("button", name="Reallocate").click()
    expect(page.get_by_text(f"case is now with {world.colleague.display_name}")).to_be_visible()

    # The new case manager sees the handover and the profile before anything else.
    sign_out(page)
    sign_in(page, live_server.url, world.colleague)
    page.get_by_role("link", name=re.compile(person.last_name)).first.click()
    expect(page.get_by_role("heading", name="Read this first")).to_be_visible()
    profile = page.locator("#one-page-profile")
    expect(profile).to_be_visible()
    expect(profile.get_by_text("Seeing my daughter on Saturdays.")).to_be_visible()
    handover_box = page.get_by_role("region", name="Read this first").bounding_box()
    profile_box = profile.bounding_box()
    orders_box = page.get_by_role("heading", name="Current order").bounding_box()
    assert handover_box and profile_box and orders_box
    assert handover_box["y"] < profile_box["y"] < orders_box["y"]
    assert_accessible(page)
    save_screenshot(page, "profile-first")
    page.get_by_role("button", name="I have read the handover").click()
    expect(page.locator("#one-page-profile")).to_have_count(0)

    assert AreaAnswer.objects.filter(person=person).count() == 2
    assert ToolRecord.objects.filter(person=person).count() == 1
    logged = list(
        AccessLogEntry.objects.filter(subject_id=person.pk).values_list(
            "operation", "what", "actor_id"
        )
    )
    cm, colleague = world.cm.pk, world.colleague.pk
    assert (Operation.CONSULT, "Strengths assessment", cm) in logged
    assert (Operation.CONSULT, "Strengths assessment: Accommodation", cm) in logged
    assert [e for e in logged if e[:2] == (Operation.COLLECT, "Strengths assessment answered")] == [
        (Operation.COLLECT, "Strengths assessment answered", cm)
    ] * 2
    assert (Operation.CONSULT, "Strengths assessment history", cm) in logged
    assert (Operation.CONSULT, "Strengths assessment: Accommodation, earlier version", cm) in logged
    assert (Operation.CONSULT, "Person-centred tools", cm) in logged
    assert (Operation.CONSULT, "Change One-page profile", cm) in logged
    assert (Operation.COLLECT, "Person-centred tool saved", cm) in logged
    assert (Operation.CONSULT, "One-page profile", cm) in logged
    assert (Operation.ALTER, "Case reallocated with a handover", cm) in logged
    assert (Operation.CONSULT, "Person overview", colleague) in logged
    assert (Operation.CONSULT, "Handover read", colleague) in logged
    assert verify_chain().intact


@pytest.mark.screenshots
def test_a_relationship_circle_shows_change_over_time(live_server, page) -> None:
    world = build_world()
    circle = [
        StatementInput("intimate", "Mum", "person", confirmed=True, sector="family"),
        StatementInput("intimate", "My daughter, Ellie", "person", confirmed=True, sector="family"),
        StatementInput("friendship", "Dean, from school", "person", sector="friends"),
        StatementInput("exchange", "Carol, my case manager", "person", sector="paid_support"),
    ]
    later = [
        *[s for s in circle if not s.text.startswith("Dean")],
        StatementInput("friendship", "Lee, from the recovery café", "person", sector="friends"),
        StatementInput("participation", "The allotment group", "person", sector="community"),
    ]
    for number, statements in enumerate((circle, later)):
        save_tool(
            actor=acting(world.cm, world.person),
            person=world.person,
            tool=Tool.RELATIONSHIP_CIRCLE,
            statements=statements,
            expected_version=number,
        )
    sign_in(page, live_server.url, world.cm)
    page.goto(f"{live_server.url}/people/{world.person.pk}/about-me/relationship-circle/")
    expect(page.get_by_role("heading", name="Changes since version 1")).to_be_visible()
    page.get_by_role("link", name="Version 2").click()
    expect(page.get_by_role("heading", name="What changed since version 1")).to_be_visible()
    expect(page.get_by_text("Removed").first).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "profile-relationship-circle-changes")
