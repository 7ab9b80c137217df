"""Interventions from start to finish, as the issue's people do them: the programme manager
adds a partner's intervention; the case manager refers a person from a plan step with their
consent and records "not suitable (risk)" for another; the partner worker signs in with their
authenticator, sees only the referred person and only what they agreed to share, accepts and
records a session; the person sees it in their app; pausing the intervention keeps the open
referral visible and flagged; the senior and the monitoring page see the decision not to
refer. Every page is checked with axe. (The partner's and volunteer's pages in more detail:
``test_interventions_partner_journey.py``.)"""

import re

import pytest
from playwright.sync_api import expect

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.interventions.models import Referral, Status
from mydirection.plans.models import StepActor
from mydirection.plans.testing import a_goal, a_step
from mydirection.portal.testing import active_account
from mydirection.testing import PersonFactory, allocate, build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in, sign_out
from tests.browser.page_checks import fits_the_screen
from tests.browser.test_portal_journey import sign_in_on_a_phone


def checked(page, name: str) -> None:
    assert_accessible(page)
    save_screenshot(page, name)


@pytest.mark.screenshots
def test_an_intervention_from_the_catalogue_to_the_person_s_phone(
    live_server, page, browser
) -> None:
    world = build_world()
    person = world.person
    person.phone = "07700 900 985"
    person.address = "12 Dock Street"
    person.save()
    active_account(person)
    goal = a_goal(person, world.cm, title="Get out of the house more")
    step = a_step(goal, world.cm, description="Try gardening", actor=StepActor.TIME_BANK)
    second = allocate(
        PersonFactory.create(team=world.team_a, first_name="Robin", last_name="Castle"), world.cm
    )
    base = live_server.url

    # The programme manager adds the Time Bank's gardening exchange to Hull's catalogue.
    sign_in(page, base, world.programme_manager)
    page.get_by_role("link", name="Interventions").first.click()
    page.get_by_role("link", name="Add an intervention").click()
    page.get_by_role("button", name="Add intervention").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the name of the intervention")
    checked(page, "interventions-add-errors")
    page.get_by_label("Which office offers it?").select_option(label="Hull")
    page.get_by_label("Name", exact=True).fill("Gardening exchange")
    page.get_by_label("What kind of intervention is it?").select_option(label="Time Bank")
    page.get_by_label("Who runs it?").select_option(label="Hull Time Bank")
    page.get_by_label("What it offers").fill(
        "Grow food with other people at the allotment, and earn time credits."
    )
    page.get_by_label("How many people can it work with at once?").fill("6")
    page.get_by_role("button", name="Add intervention").click()
    expect(page.get_by_role("heading", name="Gardening exchange")).to_be_visible()
    page.get_by_role("link", name="Interventions").first.click()
    expect(page.get_by_role("link", name="Gardening exchange", exact=True)).to_be_visible()
    checked(page, "interventions-catalogue")
    sign_out(page)

    # The case manager refers the person from the plan step, with their consent to share
    # their name and the note, not their phone number.
    sign_in(page, base, world.cm)
    page.goto(f"{base}/people/{person.pk}/plan/")
    page.get_by_role("link", name=f"Refer for step: {step.description}").click()
    expect(page.get_by_role("heading", name="Refer or record a decision")).to_be_visible()
    page.get_by_label("Suitable: refer them").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("must agree")
    assert not Referral.objects.exists()
    checked(page, "interventions-refer-errors")
    page.get_by_label(re.compile("They agree to their name being shared")).check()
    page.get_by_label("What the case manager wrote for the provider").check()
    page.get_by_label("Note for the provider").fill("Loves being outdoors; a bit shy at first.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("heading", name="Interventions", exact=True)).to_be_visible()
    expect(page.get_by_text("Waiting for the provider").first).to_be_visible()
    referral = Referral.objects.get(person=person)
    assert (referral.step, referral.goal) == (step, goal)
    checked(page, "interventions-person")

    # ... and records that the other person is not suitable, because of risk.
    page.goto(f"{base}/people/{second.pk}/interventions/refer/")
    page.get_by_label("Which intervention?").select_option(
        label="Gardening exchange (Hull Time Bank)"
    )
    page.get_by_label("Not suitable", exact=True).check()
    page.get_by_label("Risk").check()
    page.get_by_label("More about the decision").fill("Exchanges happen in people's homes")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("heading", name="Decisions not to refer")).to_be_visible()
    assert Referral.objects.get(person=second).status == Status.NOT_REFERRED
    sign_out(page)

    # The partner worker signs in with their authenticator and sees only the referred person,
    # and only what they agreed to share.
    sign_in(page, base, world.partner)
    expect(page).to_have_url(re.compile(r"/partner/$"))
    expect(page.get_by_role("heading", name=person.full_name)).to_be_visible()
    expect(page.get_by_text(second.full_name)).to_have_count(0)
    expect(page.get_by_text("07700 900 985")).to_have_count(0)
    page.get_by_role("link", name=f"Open the referral of {person.full_name}").click()
    expect(page.get_by_text("Loves being outdoors")).to_be_visible()
    for hidden in ("07700 900 985", "12 Dock Street", person.get_risk_level_display()):
        expect(page.get_by_text(hidden)).to_have_count(0)
    page.get_by_role("link", name="Accept or decline").click()
    page.get_by_label("Yes, accept it").check()
    page.get_by_role("button", name="Save answer").click()
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Yes, they came").check()
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("The referral has started")).to_be_visible()
    # The record itself does not exist for them.
    response = page.goto(f"{base}/people/{person.pk}/")
    assert response is not None and response.status == 404
    sign_out(page)
    partner_entries = AccessLogEntry.objects.filter(actor_id=world.partner.pk)
    assert set(partner_entries.values_list("relation", flat=True)) == {"partner"}
    assert set(partner_entries.values_list("subject_id", flat=True)) == {person.pk}
    assert partner_entries.filter(operation=Operation.CONSULT).exists()

    # The person sees the referral in their app.
    sign_in(page, base, world.cm)
    mobile = sign_in_on_a_phone(browser, page, base, "07700900985")
    mobile.get_by_role("link", name="Things that can help me").click()
    expect(mobile).to_have_url(re.compile(r"/my/help/$"))
    expect(mobile.get_by_text("Gardening exchange").first).to_be_visible()
    assert fits_the_screen(mobile)
    checked(mobile, "portal-help-referral")
    mobile.context.close()
    sign_out(page)

    # The programme manager pauses it: the open referral stays, flagged.
    sign_in(page, base, world.programme_manager)
    page.get_by_role("link", name="Interventions").first.click()
    page.get_by_role("link", name="Gardening exchange", exact=True).click()
    page.get_by_role("link", name="Pause").click()
    page.get_by_label("Why is it paused?").fill("The allotment is closed for the winter")
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_text("The allotment is closed for the winter").first).to_be_visible()
    sign_out(page)
    sign_in(page, base, world.cm)
    page.goto(f"{base}/people/{person.pk}/interventions/")
    open_referrals = page.locator("main")
    expect(open_referrals).to_contain_text("Gardening exchange")
    expect(open_referrals).to_contain_text("Paused")
    expect(open_referrals).to_contain_text("The allotment is closed for the winter")
    checked(page, "interventions-person-paused")
    sign_out(page)

    # The senior sees the decision not to refer, to challenge it; so does the monitoring.
    sign_in(page, base, world.senior)
    page.get_by_role("link", name="Referral decisions").first.click()
    expect(page.get_by_text(second.full_name)).to_be_visible()
    expect(page.get_by_text("Exchanges happen in people's homes")).to_be_visible()
    checked(page, "interventions-decisions")
    sign_out(page)
    sign_in(page, base, world.programme_manager)
    page.goto(f"{base}/evaluation/?by=intervention")
    expect(page.get_by_text("Gardening exchange").first).to_be_visible()
    checked(page, "interventions-monitoring")
