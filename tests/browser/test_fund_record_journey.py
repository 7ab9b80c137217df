"""The Enabling Fund on the person's record, in a browser: the case manager asks with the
person (a refused amount first, then £35 of work boots in the fast lane), adds the receipt,
and sends £120 to the senior, who finds it in "Fund requests to decide" and approves it; the
programme manager decides £200 without the record. Every page is checked with axe; the
screenshots are taken at 1280 and 390 px wide (and the page fits the narrow screen)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import expect

from mydirection.fund.models import Category, PaymentMethod, Provider, Request, Status
from mydirection.fund.services.requests import approve, decline, pay
from mydirection.fund.testing import WORK, a_fund, a_request
from mydirection.plans.testing import a_goal
from mydirection.testing import acting, build_world
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in, sign_out
from tests.browser.test_portal_journey import fits_the_screen

NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}


def checked(page, name: str) -> None:
    """axe, and the screenshots, wide and narrow (the page must fit the narrow screen)."""
    assert_accessible(page)
    save_screenshot(page, name)
    page.set_viewport_size(NARROW)
    assert fits_the_screen(page), name
    save_screenshot(page, f"{name}-390")
    page.set_viewport_size(WIDE)


def a_receipt_photo() -> bytes:
    """A photo of a till receipt, as a phone would take one."""
    image = Image.new("RGB", (360, 480), (236, 233, 224))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 20, 320, 460), fill=(255, 255, 255))
    lines = [
        "HULL WORKWEAR",
        "12 Dock Street, Hull",
        "",
        "Safety boots, size 9",
        "",
        "TOTAL   GBP 35.00",
    ]
    font = ImageFont.load_default(size=20)
    for number, line in enumerate(lines):
        draw.text((60, 60 + number * 40), line, fill=(30, 30, 30), font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.mark.screenshots
def test_the_case_manager_asks_and_the_senior_decides(live_server, page, tmp_path) -> None:
    world = build_world()
    person = world.person
    fund = a_fund(world.hull, world.programme_manager, person_limit=30_000)
    Provider.objects.create(fund=fund, name="Humber Travel", sells="Bus and train tickets")
    Provider.objects.create(fund=fund, name="Hull Clothing Bank", sells="Coats, shoes and clothes")
    goal = a_goal(person, world.cm, "Get a job on a building site", area=WORK)
    a_goal(person, world.cm, "Keep my flat")
    # What went before: a coat declined, a bus pass paid with its receipt overdue.
    coat = a_request(fund, person, world.cm, amount=2500, category=Category.CLOTHING, goal=goal)
    Request.objects.filter(pk=coat.pk).update(
        what_for="A warm coat for waiting at the bus stop at 6am",
        provider=Provider.objects.get(fund=fund, name="Hull Clothing Bank"),
    )
    decline(
        actor=acting(world.senior, person),
        request_id=coat.pk,
        expected_version=1,
        reason="The clothing bank has coats: I will take you on Tuesday",
    )
    bus = a_request(fund, person, world.cm, amount=1850, category=Category.TRAVEL, goal=goal)
    Request.objects.filter(pk=bus.pk).update(
        what_for="A month's bus pass to get to interviews",
        provider=Provider.objects.get(fund=fund, name="Humber Travel"),
    )
    approve(actor=acting(world.cm, person), request_id=bus.pk, expected_version=1)
    pay(
        actor=acting(world.cm, person),
        request_id=bus.pk,
        expected_version=2,
        method=PaymentMethod.VOUCHER,
        amount=1850,
    )
    Request.objects.filter(pk=bus.pk).update(
        receipt_due_on=timezone.localdate() - timedelta(days=3)
    )
    base = live_server.url

    sign_in(page, base, world.cm)
    page.goto(f"{base}/people/{person.pk}/fund/")
    expect(page.get_by_role("heading", name="Enabling Fund", level=1)).to_be_visible()
    expect(page.get_by_text("Receipt overdue since")).to_be_visible()
    checked(page, "fund-record")

    # A typing slip, and no shop chosen: refused next to the fields, nothing saved.
    page.get_by_role("link", name="Ask the Enabling Fund").click()
    page.get_by_label("Get a job on a building site").check()
    page.get_by_label("Work equipment").check()
    page.get_by_label("How much is it?").fill("35.005")
    page.get_by_label("What is it for?").fill("Work boots so I can start on the building site")
    page.get_by_role("button", name="Ask and approve").click()
    expect(page.get_by_role("alert")).to_contain_text("The amount cannot have parts of a penny")
    expect(page.get_by_role("alert")).to_contain_text("Select where it will be bought")
    assert Request.objects.count() == 2
    checked(page, "fund-ask-errors")

    # £35 in the fast lane: approved in one step.
    page.get_by_label("How much is it?").fill("35")
    page.get_by_label("Hull Workwear").check()
    page.get_by_role("button", name="Ask and approve").click()
    expect(page.get_by_text("Approved: £35 from Hull Workwear")).to_be_visible()
    boots = Request.objects.get(amount=3500)
    assert (boots.status, boots.decided_by) == (Status.APPROVED, world.cm)

    # The receipt, from the phone's camera roll.
    page.get_by_role("link", name="Add receipt").click()
    receipt = tmp_path / "receipt.jpg"
    receipt.write_bytes(a_receipt_photo())
    page.locator("input[type=file][name=receipt]").set_input_files(str(receipt))
    page.get_by_role("button", name="Add the receipt").click()
    expect(page.get_by_text("Receipt added", exact=True)).to_be_visible()
    image = page.get_by_role("img", name="The receipt for Work boots")
    expect(image).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) > 0
    checked(page, "fund-request")

    # £120 is more than a case manager may approve: it waits for the senior.
    page.goto(f"{base}/people/{person.pk}/fund/ask/")
    page.get_by_label("Get a job on a building site").check()
    page.get_by_label("Training and education").check()
    page.get_by_label("How much is it?").fill("120")
    page.get_by_label("What is it for?").fill("A CSCS card course, to work on building sites")
    page.get_by_label("Hull Workwear").check()
    page.get_by_role("button", name="Ask and approve").click()
    expect(page.get_by_text("Request saved, waiting for a senior case manager")).to_be_visible()
    expect(page.get_by_text("Waiting for a senior case manager to decide it")).to_be_visible()
    expect(page.get_by_role("button", name="Approve £120")).to_have_count(0)
    course = Request.objects.get(amount=12_000)
    assert course.status == Status.WAITING
    sign_out(page)

    # Two more in the team, waiting for some days.
    for who, amount, category, what_for, days in (
        (world.excluded_from_person, 9000, Category.TRAINING, "A laptop for the college course", 4),
        (world.unallocated_person, 6500, Category.FOOD, "Food until the first wage comes in", 1),
    ):
        waiting = a_request(fund, who, world.colleague, amount=amount, category=category)
        Request.objects.filter(pk=waiting.pk).update(
            asked_at=timezone.now() - timedelta(days=days), what_for=what_for
        )

    sign_in(page, base, world.senior)
    page.get_by_role("link", name="Fund requests").first.click()
    expect(page.get_by_role("heading", name="Fund requests to decide")).to_be_visible()
    expect(page.get_by_role("link", name="Alex Quinn")).to_be_visible()
    checked(page, "fund-waiting")
    page.get_by_role("link", name="Alex Quinn").click()
    page.get_by_role("button", name="Approve £120").click()
    expect(page.get_by_text("Approved: £120 from Hull Workwear")).to_be_visible()
    course.refresh_from_db()
    assert (course.status, course.decided_by) == (Status.APPROVED, world.senior)

    sign_out(page)

    # The programme manager decides a £200 request without opening the record.
    large = a_request(fund, world.unallocated_person, world.colleague, amount=20_000)
    sign_in(page, base, world.programme_manager)
    page.get_by_role("link", name="Fund requests").first.click()
    page.get_by_role("link", name="Jamie H.").click()
    expect(page.get_by_role("heading", name="Work equipment: £200")).to_be_visible()
    expect(page.get_by_text("Holloway")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Decline the request").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why, in words the person will read")
    assert_accessible(page)
    page.get_by_role("button", name="Approve £200").click()
    expect(page.get_by_text("Approved: £200 for Jamie H.")).to_be_visible()
    large.refresh_from_db()
    assert (large.status, large.decided_by) == (Status.APPROVED, world.programme_manager)
