"""Appointments in a real browser: a case manager arranges a repeating three-way appointment
with a keyworker, the task worker sends its first reminder to the outbox (when, where and how
to reach the office: no case details), the case manager records what happened (needs
discussed, tools used), an unacceptable absence comes up for a named enforcement decision,
and unpaid work hours move the requirement on. Every step is in the access log."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.appointments.models import (
    Appointment,
    EnforcementDecision,
    Format,
    NeedDiscussed,
    ToolUsed,
)
from mydirection.appointments.reminders import when_text
from mydirection.appointments.testing import AppointmentFactory, LocationFactory, local
from mydirection.notifications.models import Message, Purpose, Status
from mydirection.notifications.testing import run_tasks
from mydirection.people.models import Consent, ConsentPurpose, Requirement, RequirementType
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in


@pytest.mark.screenshots
def test_a_case_manager_arranges_records_and_delivers_the_order(live_server, page) -> None:
    world = build_world()
    person = world.person
    LocationFactory.create(office=world.hull, name="Interview room 1")
    LocationFactory.create(office=world.hull, name="Women's centre", kind="partner_venue")
    yesterday = AppointmentFactory.create(person=person, staff=world.cm, starts_at=local(-1, 10))
    missed = AppointmentFactory.create(person=person, staff=world.cm, starts_at=local(-3, 14))
    unpaid_work = Requirement.objects.create(
        order=person.orders.get(), requirement_type=RequirementType.UNPAID_WORK, amount=100
    )
    # Reminders need a phone number and the person's consent; the office's number goes in them.
    person.phone = "07700 900982"
    person.save()
    Consent.objects.create(
        person=person,
        purpose=ConsentPurpose.REMINDERS,
        given_on=timezone.localdate(),
        recorded_by=world.cm,
    )
    world.hull.phone = "01632 960001"
    world.hull.save()
    sign_in(page, live_server.url, world.cm)

    # Overdue outcomes wait on the home page, in the "Needs attention" panel.
    panel = page.get_by_role("region", name="Needs attention")
    expect(panel.get_by_text("Outcome to record", exact=True)).to_have_count(2)
    page.get_by_role("link", name=re.compile(person.last_name)).first.click()
    page.get_by_role("link", name="Appointments", exact=True).click()
    expect(page.get_by_role("heading", name="Appointments", exact=True)).to_be_visible()

    # Arrange: a fortnightly three-way meeting, first without the keyworker's name.
    page.get_by_role("link", name="Arrange an appointment").click()
    first = local(7).date()
    page.get_by_label("Review with a partner agency").check()
    when = page.get_by_role("group", name="Date")
    when.get_by_label("Day").fill(str(first.day))
    when.get_by_label("Month").fill(str(first.month))
    when.get_by_label("Year").fill(str(first.year))
    page.get_by_label("Time", exact=True).fill("10:30am")
    page.get_by_label("Location from the list").select_option(label="Interview room 1")
    page.get_by_label("Three-way, with a keyworker from another agency").check()
    page.get_by_label("Every 2 weeks").check()
    page.get_by_label("How many appointments in the series").fill("3")
    page.get_by_role("button", name="Arrange").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Enter the keyworker's name and agency").first).to_be_visible()
    assert not Appointment.objects.filter(format=Format.THREE_WAY).exists()
    assert_accessible(page)
    save_screenshot(page, "appointments-arrange-errors")
    page.get_by_label("Keyworker's name").fill("Jo Bell")
    page.get_by_label("Keyworker's agency").fill("Renew drug and alcohol service")
    page.get_by_role("button", name="Arrange").click()
    expect(page.get_by_text("3 appointments arranged")).to_be_visible()
    series = Appointment.objects.filter(person=person, format=Format.THREE_WAY)
    assert series.count() == 3 and len({a.series_id for a in series}) == 1
    assert [a.starts_at - series[0].starts_at for a in series] == [
        timedelta(0),
        timedelta(weeks=2),
        timedelta(weeks=4),
    ]
    assert_accessible(page)
    save_screenshot(page, "appointments-person")

    # The worker sends the first reminder when it falls due (10am the day before); the
    # outbox shows what the person would get: when, where, the office's number, nothing else.
    reminders = Message.objects.filter(person=person, purpose=Purpose.APPOINTMENT_REMINDER)
    assert reminders.count() == 3 and {m.status for m in reminders} == {Status.QUEUED}
    due = reminders.order_by("send_after").first()
    assert due is not None and due.send_after is not None
    with time_machine.travel(due.send_after + timedelta(minutes=1)):
        run_tasks()
    assert set(reminders.values_list("status", flat=True)) == {Status.QUEUED, Status.DELIVERED}
    page.goto(f"{live_server.url}/notifications/outbox/")
    expect(page.get_by_role("heading", name="Outbox")).to_be_visible()
    # The series' three reminders are listed; the first has been sent.
    listed = page.get_by_role("row").filter(has_text="Appointment reminder")
    expect(listed).to_have_count(3)
    row = listed.filter(has_text="Delivered")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(
        f"You have an appointment on {when_text(series[0].starts_at)} at Interview room 1."
    )
    expect(row).to_contain_text("If you cannot come or need to change it, call 01632 960001.")
    for case_detail in ("Review", "partner", "Jo Bell", "Renew", "drug", "probation", "Reply"):
        expect(row).not_to_contain_text(case_detail)
    assert_accessible(page)
    save_screenshot(page, "appointments-reminder-outbox")

    # Record yesterday's contact: needs discussed and a person-centred tool.
    page.goto(f"{live_server.url}/people/{person.pk}/appointments/{yesterday.pk}/")
    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("Attended and complied").check()
    page.get_by_label("How long it lasted, in minutes").fill("40")
    page.get_by_label("Accommodation").check()
    page.get_by_label("Drug use").check()
    page.get_by_label("Good day, bad day").check()
    page.get_by_label("Note: what happened (fact)").fill("Has a room at the hostel until March.")
    page.get_by_label("Note: your professional assessment").fill("More settled than last month.")
    assert_accessible(page)
    save_screenshot(page, "appointments-outcome")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("Outcome recorded")).to_be_visible()
    expect(page.get_by_text("Accommodation, Drug use")).to_be_visible()
    assert set(NeedDiscussed.objects.values_list("area", flat=True)) == {
        "accommodation",
        "drug_use",
    }
    assert list(ToolUsed.objects.values_list("tool", flat=True)) == ["good_day_bad_day"]
    assert_accessible(page)
    save_screenshot(page, "appointments-detail")

    # An unacceptable absence surfaces for a decision by a named person.
    page.goto(f"{live_server.url}/people/{person.pk}/appointments/{missed.pk}/outcome/")
    page.get_by_label("Unacceptable absence").check()
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("Outcome recorded")).to_be_visible()
    page.get_by_role("link", name="Diary", exact=True).click()
    page.get_by_role("link", name="Enforcement decisions").click()
    expect(
        page.get_by_role("heading", name="Cases needing an enforcement decision")
    ).to_be_visible()
    expect(
        page.get_by_role("cell", name=f"{person.full_name} {person.case_reference}")
    ).to_be_visible()
    assert not EnforcementDecision.objects.exists()
    assert_accessible(page)
    save_screenshot(page, "appointments-enforcement")
    page.get_by_role("link", name=re.compile("Decide")).click()
    page.get_by_label("Warning").check()
    page.get_by_label("Reason for the decision").fill(
        "First failure in the period; said they overslept. Warning letter sent."
    )
    assert_accessible(page)
    save_screenshot(page, "appointments-decision")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    decision = EnforcementDecision.objects.get()
    assert decision.decision == "warning" and decision.decided_by == world.cm
    page.get_by_role("link", name="Diary", exact=True).click()
    page.get_by_role("link", name="Enforcement decisions").click()
    expect(page.get_by_text("No cases need a decision.")).to_be_visible()

    # Unpaid work hours move the requirement's progress.
    page.goto(f"{live_server.url}/people/{person.pk}/appointments/")
    page.get_by_role("link", name="Log hours").click()
    page.get_by_label("Hours worked").fill("7")
    page.get_by_label("Project").fill("Community garden, East Park")
    page.get_by_role("button", name="Log hours").click()
    expect(page.get_by_text("7 of 100 hours done (7%)")).to_be_visible()
    unpaid_work.refresh_from_db()
    assert unpaid_work.completed == 7

    # The week's diary, and the activity log.
    page.get_by_role("link", name="Diary", exact=True).click()
    page.get_by_role("link", name="Week", exact=True).click()
    page.get_by_role("link", name=re.compile("Next week")).click()
    expect(page.get_by_role("heading", name="My diary")).to_be_visible()
    expect(page.get_by_text("Jo Bell (Renew drug and alcohol service)")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "appointments-diary")
    page.goto(f"{live_server.url}/people/{person.pk}/activity/")
    expect(page.get_by_text("Enforcement decision: Warning")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "appointments-activity")

    logged = set(
        AccessLogEntry.objects.filter(subject_id=person.pk, actor_id=world.cm.pk).values_list(
            "operation", "what"
        )
    )
    for step in [
        (Operation.CONSULT, "Needs attention"),
        (Operation.CONSULT, "Appointments"),
        (Operation.CONSULT, "Arrange an appointment"),
        (Operation.COLLECT, "Appointments arranged"),
        (Operation.CONSULT, "Record an appointment outcome"),
        (Operation.COLLECT, "Appointment outcome recorded"),
        (Operation.CONSULT, "Cases needing an enforcement decision"),
        (Operation.CONSULT, "Enforcement decision"),
        (Operation.COLLECT, "Enforcement decision recorded"),
        (Operation.CONSULT, "Unpaid work hours"),
        (Operation.COLLECT, "Unpaid work hours logged"),
        (Operation.CONSULT, "Diary"),
        (Operation.CONSULT, "Activity log"),
    ]:
        assert step in logged, step
    assert verify_chain().intact


@pytest.mark.screenshots
def test_a_senior_manages_locations_and_sees_the_team_diary(live_server, page) -> None:
    world = build_world()
    AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(0, 16))
    sign_in(page, live_server.url, world.senior)
    page.goto(f"{live_server.url}/locations/")
    page.get_by_role("button", name="Save location").click()
    expect(page.get_by_text("Enter the name of the location").first).to_be_visible()
    page.get_by_label("Name").fill("Women's centre, Princes Avenue")
    page.get_by_label("Partner venue (for example a women's centre)").check()
    page.get_by_role("button", name="Save location").click()
    expect(page.get_by_text("Location saved")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "appointments-locations")
    page.goto(f"{live_server.url}/diary/team/")
    expect(page.locator("table").get_by_text(world.person.full_name)).to_be_visible()
    assert_accessible(page)
