"""The Time Bank, as the issue's "done when" has it, in a real browser: the case manager
refers a person with a condition (group activities and public places only); the coordinator
sees only the condition, accepts them and adds them as a member; from their phone the person
offers gardening and joins a group painting session; a community member asks for the
gardening, is refused in a home with a plain message, then agrees a public place; both
confirm and the credits move, summing to zero; the coordinator records the painting session;
the community member never reads a word about probation; everything is in the access log.
Every page is checked with axe; screenshots at 1280 and 390 pixels wide."""

import re
from typing import Any

import pytest
from django.db.models import Sum
from django.utils import timezone
from playwright.sync_api import expect

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.interventions.models import Referral
from mydirection.interventions.testing import an_intervention
from mydirection.plans.models import StepActor, StepStatus
from mydirection.plans.testing import a_goal, a_step
from mydirection.portal.testing import PIN, active_account
from mydirection.testing import build_world
from mydirection.timebank.models import Exchange, ExchangeStatus, Member, Posting
from mydirection.timebank.services import listings
from mydirection.timebank.services.posting import balances
from mydirection.timebank.testing import a_member, coordinator, worlds_bank
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.browser.journeys import sign_in
from tests.browser.page_checks import fits_the_screen
from tests.browser.test_portal_journey import latest_outbox_text

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WORDS = re.compile(r"probation|offen[cds]", re.IGNORECASE)
REASON = "Previous offence against a neighbour: not in homes"


def checked(page: Any, name: str, *, both: bool = True) -> None:
    """axe at this width, a screenshot; and the same at the other width (desktop pages)."""
    assert_accessible(page)
    wide = page.viewport_size["width"] > PHONE["width"]
    save_screenshot(page, f"{name}-{'desktop' if wide else 'phone'}")
    if both:
        page.set_viewport_size(PHONE if wide else DESKTOP)
        assert_accessible(page)
        save_screenshot(page, f"{name}-{'phone' if wide else 'desktop'}")
        page.set_viewport_size(DESKTOP if wide else PHONE)


def a_new_page(browser: Any, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return page


def says_nothing_of_probation(page: Any) -> None:
    assert not WORDS.search(page.content()), page.url


@pytest.mark.screenshots
def test_a_person_on_probation_takes_part_in_the_time_bank(live_server, page, browser) -> None:
    world = build_world()
    person = world.person
    person.phone = "07700 900 986"
    person.save()
    active_account(person)
    goal = a_goal(person, world.cm, title="Meet people and give something back")
    step = a_step(
        goal, world.cm, description="Give time at the Time Bank", actor=StepActor.TIME_BANK
    )
    assert world.partner.organisation is not None
    an_intervention(world.hull, name="Time Bank", provider=world.partner.organisation)
    bank, robin = worlds_bank(world)
    robin_profile = "I grow vegetables on the allotment"
    Member.objects.filter(pk=robin.pk).update(profile=robin_profile, area="Newland")
    bev = a_member(bank, world.partner, "Bev")
    listings.add(
        actor=coordinator(world.partner),
        member=bev,
        kind="offer",
        skill="decorating",
        title="Painting together at the community hall",
        is_group=True,
        place="hub",
    )
    base = live_server.url

    # The case manager refers the person from their plan, with a condition.
    sign_in(page, base, world.cm)
    page.goto(f"{base}/people/{person.pk}/plan/")
    page.get_by_role("link", name=f"Refer for step: {step.description}").click()
    page.get_by_label("Suitable: refer them").check()
    page.get_by_label(re.compile("They agree to their name being shared")).check()
    page.get_by_label("Group activities and public places only").check()
    page.get_by_label("More about the decision").fill(REASON)
    checked(page, "timebank-refer")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Waiting for the provider").first).to_be_visible()
    referral = Referral.objects.get(person=person)
    assert referral.conditions == ["public_places_only"]

    # The coordinator sees the condition, never the reason, accepts and adds the member.
    partner = a_new_page(browser, DESKTOP)
    sign_in(partner, base, world.partner)
    expect(partner).to_have_url(re.compile(r"/time-bank/$"))
    expect(partner.get_by_text("to accept or decline")).to_be_visible()
    checked(partner, "timebank-home")
    partner.get_by_role("link", name=person.full_name).click()
    expect(partner.get_by_text("Group activities and public places only")).to_be_visible()
    expect(partner.get_by_text(REASON)).to_have_count(0)
    checked(partner, "timebank-referral-conditions", both=False)
    partner.get_by_role("link", name="Accept or decline").click()
    partner.get_by_label("Yes, accept it").check()
    partner.get_by_role("button", name="Save answer").click()
    partner.goto(f"{base}/time-bank/")
    partner.get_by_role("link", name=re.compile(f"Add as a member.*{person.full_name}")).click()
    expect(partner.get_by_text("Group activities and public places only")).to_be_visible()
    expect(partner.get_by_text(REASON)).to_have_count(0)
    checked(partner, "timebank-join")
    partner.get_by_role("button", name="Add as a member").click()
    name = f"{person.known_as} {person.last_name[0]}"
    expect(partner.get_by_role("heading", name=name)).to_be_visible()
    expect(partner.get_by_text(REASON)).to_have_count(0)
    checked(partner, "timebank-member")
    # ... and sets a date for the painting group's next session (today).
    partner.get_by_role("link", name="Offers and requests").first.click()
    partner.get_by_role("link", name="Painting together at the community hall").click()
    partner.get_by_role("link", name="Add a session").click()
    partner.get_by_role("button", name="Add the session").click()
    expect(partner.get_by_role("alert")).to_contain_text("Enter the day")
    checked(partner, "timebank-session-errors", both=False)
    today = timezone.localdate()
    partner.get_by_label("Day").fill(str(today.day))
    partner.get_by_label("Month").fill(str(today.month))
    partner.get_by_label("Year").fill(str(today.year))
    partner.get_by_label("Hours").fill("2")
    partner.get_by_label("At the Time Bank").check()
    partner.get_by_role("button", name="Add the session").click()
    expect(partner.get_by_text("Session added")).to_be_visible()

    # From their phone, the person offers gardening and joins the painting session.
    mobile = a_new_page(browser, PHONE)
    mobile.goto(f"{base}/my/sign-in/")
    mobile.get_by_label("Your mobile number or email address").fill("07700900986")
    mobile.get_by_role("button", name="Send me a code").click()
    code = latest_outbox_text(page, base, r"Your MyDirection code is (\d{6})")
    mobile.get_by_label("Code").fill(code)
    mobile.get_by_label("PIN", exact=True).fill(PIN)
    mobile.get_by_role("button", name="Sign in").click()
    mobile.get_by_role("link", name="Time Bank").click()
    expect(mobile.get_by_text("Group activities and public places only")).to_be_visible()
    assert fits_the_screen(mobile)
    checked(mobile, "timebank-app", both=False)
    mobile.get_by_role("link", name="Offer or ask for something").first.click()
    mobile.get_by_label("I offer it").check()
    mobile.get_by_label("What kind of skill?").select_option(label="Gardening")
    mobile.get_by_label("Say in a few words what it is").fill("Gardening: weeding and planting")
    mobile.get_by_label("In a public place").check()
    assert fits_the_screen(mobile)
    checked(mobile, "timebank-app-offer", both=False)
    mobile.get_by_role("button", name="List it").click()
    expect(mobile.get_by_text("Your offer is listed")).to_be_visible()
    mobile.get_by_role("link", name="Offers and requests").click()
    mobile.get_by_role("link", name="Painting together at the community hall").click()
    mobile.get_by_role("link", name=re.compile("Open the session")).click()
    mobile.get_by_role("button", name="Join this session").click()
    expect(mobile.get_by_text("You have joined")).to_be_visible()
    assert fits_the_screen(mobile)
    checked(mobile, "timebank-app-session", both=False)

    # The community member asks for the gardening: not in a home, then in a public place.
    member = a_new_page(browser, DESKTOP)
    sign_in(member, base, world.community_member)
    expect(member).to_have_url(re.compile(r"/time-bank/listings/$"))
    says_nothing_of_probation(member)
    checked(member, "timebank-listings")
    member.get_by_role("link", name="Gardening: weeding and planting").click()
    expect(member.get_by_text(name, exact=True)).to_be_visible()
    says_nothing_of_probation(member)
    checked(member, "timebank-listing")
    member.get_by_role("link", name="Ask for this").click()
    member.get_by_label("Day").fill(str(today.day))
    member.get_by_label("Month").fill(str(today.month))
    member.get_by_label("Year").fill(str(today.year))
    member.get_by_label("In someone's home").check()
    member.get_by_label("What will happen").fill("An hour in my garden")
    member.get_by_role("button", name="Send it").click()
    expect(member.get_by_role("alert")).to_contain_text(
        f"{name} takes part in group activities and in public places only: not in someone's home"
    )
    assert not Exchange.objects.filter(is_group=False).exists()
    says_nothing_of_probation(member)
    checked(member, "timebank-propose-refused")
    member.get_by_label("In a public place").check()
    member.get_by_label("What will happen").fill("An hour on the Pearson Park community beds")
    member.get_by_role("button", name="Send it").click()
    expect(member.get_by_text(f"We asked {name} to agree")).to_be_visible()
    says_nothing_of_probation(member)
    checked(member, "timebank-exchange")

    # The person agrees and confirms on their phone; then the community member confirms.
    mobile.goto(f"{base}/my/time-bank/")
    mobile.get_by_role("link", name="An hour on the Pearson Park community beds").first.click()
    mobile.get_by_role("button", name="Agree to it").click()
    expect(mobile.get_by_text("Agreed. Confirm it here")).to_be_visible()
    mobile.get_by_role("button", name="It happened: confirm it").click()
    expect(mobile.get_by_text("The credits move when everyone has confirmed it")).to_be_visible()
    assert fits_the_screen(mobile)
    checked(mobile, "timebank-app-exchange", both=False)
    member.reload()
    member.get_by_role("button", name="It happened: confirm it").click()
    expect(member.get_by_text("Everyone has confirmed it, so the time credits")).to_be_visible()
    says_nothing_of_probation(member)
    given = Exchange.objects.get(is_group=False)
    assert given.status == ExchangeStatus.CONFIRMED
    sam = Member.objects.get(person=person)
    assert balances([sam, robin]) == {sam.pk: 180, robin.pk: 60}
    member.get_by_role("link", name="My Time Bank").click()
    expect(member.get_by_text("1 hour", exact=True)).to_be_visible()
    says_nothing_of_probation(member)
    checked(member, "timebank-me")

    # The coordinator records the painting session (Bev has no phone) and reads the report.
    partner.goto(f"{base}/time-bank/")
    partner.get_by_role("link", name="Painting together at the community hall").first.click()
    partner.get_by_role("button", name="Record that it happened").click()
    expect(partner.get_by_text("Recorded for everyone")).to_be_visible()
    assert balances([sam, bev]) == {sam.pk: 60, bev.pk: 240}
    assert Posting.objects.aggregate(total=Sum("minutes"))["total"] == 0
    partner.get_by_role("link", name="Members").first.click()
    expect(partner.get_by_text("Has conditions")).to_be_visible()
    checked(partner, "timebank-members")
    partner.get_by_role("link", name="Report").first.click()
    expect(partner.get_by_role("heading", level=1, name="Report")).to_be_visible()
    checked(partner, "timebank-report")

    # Giving time counts on the plan: the step is done; the record shows the hours.
    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    page.goto(f"{base}/people/{person.pk}/interventions/")
    expect(page.get_by_text("Time given")).to_be_visible()
    checked(page, "timebank-record")

    # All access-logged: the member and the coordinator, each with their relation.
    about = AccessLogEntry.objects.filter(subject_id=person.pk)
    assert about.filter(actor_id=world.community_member.pk, relation="time_bank").exists()
    assert about.filter(
        actor_id=world.partner.pk, relation="partner", operation=Operation.CONSULT
    ).exists()
    assert about.filter(actor_person_id=person.pk, what="Time Bank exchange").exists()
    for context in (mobile.context, member.context, partner.context):
        context.close()
