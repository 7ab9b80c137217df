"""Volunteering, as issue 14's "done when" has it, in a real browser: the coordinator vets and
trains a volunteer and gives them a role; a case manager talks volunteering through with a
person on probation, records them as ready and puts them forward; the coordinator matches them
as a peer mentor after a conflict check; a circle is formed for a focus person who chose it;
it meets, and the volunteer records the meeting, writes its minutes from a 390 pixel phone and
raises a concern, which the coordinator triages. Everything is in the access log, each entry
with the relation that let its author in. Every page is checked with axe; screenshots at 1280
and 390 pixels wide (docs/screenshots/volunteering-*)."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.interventions.models import Kind, Status
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.testing import PersonFactory, allocate, build_world
from mydirection.volunteering.models import (
    CheckLevel,
    Circle,
    Concern,
    Course,
    Decision,
    Match,
    Meeting,
    Placement,
    Readiness,
    Volunteer,
)
from mydirection.volunteering.services import vetting
from mydirection.volunteering.testing import a_role, a_volunteer, as_coordinator, coordinator
from mydirection.volunteering.tests.builders import circle_role, circle_volunteers
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.browser.journeys import sign_in
from tests.browser.page_checks import NARROW as PHONE
from tests.browser.page_checks import WIDE as DESKTOP
from tests.browser.page_checks import fits_the_screen

PURPOSE = "I want people to talk things over with while I settle into my flat"


def checked(page: Any, name: str, *, both: bool = True) -> None:
    """axe at this width, a screenshot; and the same at the other width."""
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


def fill_date(page: Any, group: str, day: Any) -> None:
    fieldset = page.get_by_role("group", name=re.compile(group))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def answer(page: Any, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


@pytest.mark.screenshots
def test_volunteers_peer_mentors_and_a_circle_that_meets(live_server, page, browser) -> None:
    world = build_world()
    coord = coordinator(world)
    actor = as_coordinator(coord)
    base = live_server.url
    today = timezone.localdate()
    in_circles = circle_role()
    mentor_role = a_role(
        name="Peer mentor",
        check_level=CheckLevel.ENHANCED,
        training=[Course.INDUCTION, Course.PEER_MENTORING],
        mentoring=True,
    )
    # Vic, the world's volunteer, applied and gave two good references.
    vic = a_volunteer(coord, first_name="Vic", last_name="Lane", user=world.volunteer)
    for referee in ("Ann Referee", "Bob Referee"):
        reference = vetting.ask_reference(
            actor=actor, volunteer=vic, referee=referee, relationship="Employer"
        )
        vetting.receive_reference(actor=actor, reference=reference, satisfactory=True)
    # Two more circle volunteers; a mentee referred to peer mentoring by a colleague; a focus
    # person referred to Life Links (they chose to have a circle).
    others = circle_volunteers(coord, 2)
    mentee = allocate(PersonFactory.create(team=world.team_a, first_name="Robin"), world.colleague)
    mentoring = an_intervention(world.hull, name="Peer mentoring", kind=Kind.PEER_MENTORING)
    a_referral(mentee, mentoring, world.colleague, status=Status.ACCEPTED)
    # A surname no page says otherwise (a random one such as "Cook" is in "Cookies").
    focus = allocate(
        PersonFactory.create(team=world.team_a, first_name="Jess", last_name="Marlowe"), world.cm
    )
    life_links = an_intervention(world.hull, name="Life Links circles", kind=Kind.LIFE_LINKS)
    circle_referral = a_referral(focus, life_links, world.cm, status=Status.ACCEPTED)

    # --- The coordinator vets and trains Vic, and gives them the circle volunteer's role.
    desk = a_new_page(browser, DESKTOP)
    sign_in(desk, base, coord)
    desk.goto(f"{base}{reverse('volunteering:ask-check', args=[vic.pk])}")
    desk.get_by_label(re.compile(f"^{in_circles.name}")).check()
    desk.get_by_role("button", name="Continue").click()
    desk.get_by_label("Enhanced check", exact=True).check()
    desk.get_by_role("button", name="Record that it was asked for").click()
    expect(desk.get_by_text("Enhanced check asked for")).to_be_visible()
    check = vic.checks.get()
    desk.goto(f"{base}{reverse('volunteering:decide-check', args=[vic.pk, check.pk])}")
    desk.get_by_label("Certificate number").fill("001234567890")
    fill_date(desk, "Date of issue", today - timedelta(days=2))
    answer(desk, "Is the certificate on the update service?", "Yes")
    desk.get_by_label("Cleared for the role").check()
    checked(desk, "volunteering-journey-check", both=False)
    desk.get_by_role("button", name="Save the check").click()
    expect(desk.get_by_text("Check recorded")).to_be_visible()
    for course in (Course.INDUCTION, Course.CIRCLES):
        desk.goto(f"{base}{reverse('volunteering:training', args=[vic.pk])}")
        desk.get_by_label(Course(course).label).check()
        fill_date(desk, "Date they completed it", today)
        desk.get_by_role("button", name="Save").click()
        expect(desk.get_by_text("Training recorded")).to_be_visible()
    desk.goto(f"{base}{reverse('volunteering:boundaries', args=[vic.pk])}")
    fill_date(desk, "Date they signed the agreement", today)
    desk.get_by_role("button", name="Save").click()
    expect(desk.get_by_text("Boundaries agreement recorded")).to_be_visible()
    desk.goto(f"{base}{reverse('volunteering:give-role', args=[vic.pk])}")
    desk.get_by_label(in_circles.name).check()
    desk.get_by_role("button", name="Continue").click()
    give = desk.get_by_role("button", name=f"Give the role {in_circles.name}")
    expect(give).to_be_visible()
    checked(desk, "volunteering-journey-give-role")
    give.click()
    expect(desk.get_by_text(f"Vic now has the role {in_circles.name}")).to_be_visible()
    assert Placement.objects.filter(volunteer=vic, role=in_circles, ended_on__isnull=True)

    # --- The case manager talks volunteering through with Alex and puts them forward.
    person = world.person
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    sign_in(page, base, world.cm)
    page.goto(f"{base}/people/{person.pk}/interventions/")
    expect(page.get_by_role("heading", name="Volunteering")).to_be_visible()
    page.get_by_role("button", name="Talk about volunteering").click()
    page.get_by_label("How settled is life now?").fill(
        "Own flat since the spring; working part time; sees family every week"
    )
    page.get_by_label(re.compile("What do they want from volunteering")).fill(
        "To help others not make the mistakes I made"
    )
    page.get_by_label("Taking part").check()
    page.get_by_label("Ready to volunteer").check()
    checked(page, "volunteering-case-manager-talk")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("is ready to volunteer. You can put them forward now")).to_be_visible()
    checked(page, "volunteering-case-manager-panel")
    page.get_by_role("button", name="Put forward as a volunteer").click()
    page.get_by_label("When are they free?").fill("Weekday evenings")
    page.get_by_role("button", name="Put forward").click()
    expect(page.get_by_text("is put forward as a volunteer")).to_be_visible()
    assert Readiness.objects.filter(person=person, outcome="ready").exists()
    alex = Volunteer.objects.get(person=person)

    # The coordinator vets Alex for peer mentoring (suitability, separate from the check)...
    for referee in ("Ann Referee", "Bob Referee"):
        reference = vetting.ask_reference(
            actor=actor, volunteer=alex, referee=referee, relationship="Employer"
        )
        vetting.receive_reference(actor=actor, reference=reference, satisfactory=True)
    check = vetting.request_check(
        actor=actor, volunteer=alex, role=mentor_role, level=CheckLevel.ENHANCED
    )
    vetting.decide_check(
        actor=actor,
        check=check,
        certificate_number="009876543210",
        issued_on=today,
        update_service=True,
        decision=Decision.CLEAR,
        expected_version=check.version,
    )
    for course in mentor_role.training:
        vetting.record_training(actor=actor, volunteer=alex, course=course, completed_on=today)
    alex.refresh_from_db()
    vetting.agree_boundaries(actor=actor, volunteer=alex, on=today, expected_version=alex.version)
    vetting.decide_suitability(
        actor=actor, volunteer=alex, decision="suitable", factors="Settled; supervised weekly"
    )
    vetting.give_role(actor=actor, volunteer=alex, role=mentor_role)

    # --- ... and matches them with Robin after a conflict check.
    desk.goto(f"{base}{reverse('volunteering:mentoring')}")
    desk.get_by_role("link", name=re.compile(mentee.full_name)).first.click()
    desk.get_by_label(re.compile(f"^{person.known_as}")).check()
    desk.get_by_role("button", name="Continue").click()
    for question in (
        "Were they co-defendants?",
        "Was either of them a victim of the other?",
        "Are they family?",
        "Are they known associates?",
    ):
        answer(desk, question, "No")
    checked(desk, "volunteering-journey-conflict-check")
    desk.get_by_role("button", name="Check and match").click()
    expect(desk.get_by_text(f"{person.known_as} is matched as a peer mentor")).to_be_visible()
    match = Match.objects.get(mentor=alex, mentee=mentee)
    assert match.conflict_check.clear

    # --- A circle for Jess, who chose it, with Vic and two more volunteers.
    desk.goto(f"{base}{reverse('volunteering:form-circle', args=[circle_referral.pk])}")
    desk.get_by_label("The circle's purpose, in their words").fill(PURPOSE)
    desk.get_by_label("Support (a community circle)").check()
    checked(desk, "volunteering-journey-form-circle")
    desk.get_by_role("button", name="Form the circle").click()
    expect(desk.get_by_text("The circle is formed")).to_be_visible()
    circle = Circle.objects.get(person=focus)
    for volunteer in (vic, *others):
        desk.goto(f"{base}{reverse('volunteering:add-circle-volunteer', args=[circle.pk])}")
        desk.get_by_label("Volunteer", exact=True).select_option(value=str(volunteer.pk))
        desk.get_by_role("button", name="Add to the circle").click()
        expect(desk.get_by_text(f"{volunteer.first_name} has joined the circle")).to_be_visible()

    # --- It meets; Vic records it from their phone, writes the minutes, raises a concern.
    phone = a_new_page(browser, PHONE)
    sign_in(phone, base, world.volunteer)
    expect(phone).to_have_url(re.compile(r"/volunteering/mine/$"))
    phone.get_by_role("link", name=f"Circle with {focus.known_as}").click()
    expect(phone.get_by_text(PURPOSE)).to_be_visible()
    assert focus.last_name not in phone.content()
    assert fits_the_screen(phone)
    checked(phone, "volunteering-volunteer-circle", both=False)
    phone.get_by_role("button", name="Record a meeting").click()
    held = timezone.localtime() - timedelta(hours=1)
    fill_date(phone, "Date of the meeting", held.date())
    phone.get_by_label("Time it started").fill(f"{held:%H:%M}")
    answer(phone, f"Did {focus.known_as} come?", "Yes")
    for volunteer in (vic, others[0]):
        phone.get_by_label(volunteer.first_name, exact=True).check()
    assert fits_the_screen(phone)
    checked(phone, "volunteering-volunteer-record-meeting", both=False)
    phone.get_by_role("button", name="Record the meeting").click()
    expect(phone.get_by_text("Meeting recorded. Write the minutes by")).to_be_visible()
    phone.get_by_role("link", name=re.compile("Write the minutes")).click()
    expect(phone.get_by_text("Minutes due")).to_be_visible()
    phone.get_by_label("Minutes", exact=True).fill(
        f"Met at the café. {focus.known_as} talked about the flat and wants help with a "
        "college form. Vic will bring the bus times next time."
    )
    assert fits_the_screen(phone)
    checked(phone, "volunteering-volunteer-minutes", both=False)
    phone.get_by_role("button", name="Save the minutes").click()
    expect(phone.get_by_text("Minutes saved")).to_be_visible()
    meeting = Meeting.objects.get(circle=circle)
    assert meeting.minutes_at is not None and meeting.recorded_by == vic
    phone.get_by_role("button", name="Raise a concern").click()
    phone.get_by_label("What worries you?").fill(
        f"{focus.known_as} said money has been stopped and there is no food in the flat"
    )
    assert fits_the_screen(phone)
    checked(phone, "volunteering-volunteer-concern", both=False)
    phone.get_by_role("button", name="Send it to the coordinator").click()
    expect(phone.get_by_text("Your concern is with the coordinator now")).to_be_visible()
    phone.get_by_role("link", name="Your volunteering").first.click()
    assert fits_the_screen(phone)
    checked(phone, "volunteering-volunteer-home", both=False)

    # --- The coordinator sees it at once, first on their home page, and triages it.
    desk.goto(f"{base}{reverse('volunteering:home')}")
    expect(desk.get_by_text("to triage now")).to_be_visible()
    checked(desk, "volunteering-journey-home", both=False)
    desk.get_by_role("link", name=re.compile("^Triage")).first.click()
    desk.get_by_label("Passed to the case manager").check()
    desk.get_by_label("What was done and why").fill(
        "Rang the case manager at once: a food bank voucher today, and a call about the benefit"
    )
    checked(desk, "volunteering-journey-triage", both=False)
    desk.get_by_role("button", name="Save the triage").click()
    expect(desk.get_by_text("The concern is triaged")).to_be_visible()
    concern = Concern.objects.get(circle=circle)
    assert concern.triaged_by == coord and concern.outcome == "case_manager"

    # --- All access-logged, each with the relation that let its author in.
    about_focus = AccessLogEntry.objects.filter(subject_id=focus.pk)
    assert about_focus.filter(
        actor_id=world.volunteer.pk, relation="volunteer", operation=Operation.CONSULT
    ).exists()
    assert about_focus.filter(actor_id=world.volunteer.pk, what="Life Links circle").exists()
    assert about_focus.filter(actor_id=coord.pk, relation="volunteering").exists()
    about_person = AccessLogEntry.objects.filter(subject_id=person.pk)
    assert about_person.filter(
        actor_id=world.cm.pk, what="Talk about volunteering", relation="case_manager"
    ).exists()
    assert about_person.filter(actor_id=coord.pk, relation="volunteering").exists()
    assert not AccessLogEntry.objects.filter(
        actor_id__isnull=False, subject_id__isnull=False, relation=""
    ).exists()
    for context in (desk.context, phone.context):
        context.close()
