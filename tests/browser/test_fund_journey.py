"""The Enabling Fund in a browser, as issue 12's "Done when" says: the person asks for £35 of
work boots from their phone; the case manager approves it in the fast lane; the person sends
the receipt from their phone, the case manager sees it and a case manager of another team gets
a 404; the case manager's own request with a refused amount, then £120 that waits for the
senior, who finds it in "Fund requests to decide" and approves it; the programme manager
decides £200 without the record, cuts the fund and closes it with a waiting request declined
because it closed. Every page is checked with axe; the screenshots are taken at 1280 and 390
px wide (and the page fits the narrow screen)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import expect

from mydirection.fund.models import (
    FUND_CLOSED_REASON,
    Category,
    PaymentMethod,
    Provider,
    Request,
    Status,
)
from mydirection.fund.selectors import balances
from mydirection.fund.services.requests import approve, decline, pay
from mydirection.fund.testing import WORK, a_fund, a_request
from mydirection.plans.testing import a_goal
from mydirection.portal.testing import active_account
from mydirection.testing import acting, build_world
from tests.browser.axe import assert_accessible
from tests.browser.journeys import sign_in, sign_out
from tests.browser.page_checks import checked, fits_the_screen
from tests.browser.test_portal_journey import sign_in_on_a_phone


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
def test_the_enabling_fund_from_the_phone_to_the_fund_closing(
    live_server, page, browser, tmp_path
) -> None:
    world = build_world()
    person = world.person
    person.phone = "07700 900 986"
    person.save()
    active_account(person)
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

    # The person asks for £35 of work boots from their phone.
    mobile = sign_in_on_a_phone(browser, page, base, "07700900986")
    mobile.get_by_role("link", name="Money for your plan").click()
    mobile.get_by_role("button", name="Ask for money").click()
    mobile.get_by_label("Get a job on a building site").check()
    mobile.get_by_label("What do you need?").fill("Work boots for my new job")
    mobile.get_by_label("How much is it?").fill("35")
    mobile.get_by_label("Things for work").check()
    mobile.get_by_label("Hull Workwear").check()
    mobile.get_by_role("button", name="Send my request").click()
    expect(mobile.get_by_text("We have sent your request to your case manager")).to_be_visible()
    assert fits_the_screen(mobile)
    boots = Request.objects.get(amount=3500)
    assert boots.asked_by_person and boots.status == Status.WAITING

    # The case manager approves it in one step: the fast lane.
    page.goto(f"{base}/people/{person.pk}/fund/{boots.pk}/")
    page.get_by_role("button", name="Approve £35").click()
    expect(page.get_by_text("Approved: £35 from Hull Workwear")).to_be_visible()
    boots.refresh_from_db()
    assert (boots.status, boots.decided_by) == (Status.APPROVED, world.cm)

    # The person sends a photo of the receipt from their phone.
    mobile.goto(f"{base}/my/fund/{boots.pk}/")
    mobile.get_by_role("button", name="Add your receipt").click()
    receipt = tmp_path / "receipt.jpg"
    receipt.write_bytes(a_receipt_photo())
    mobile.locator("input[type=file]").set_input_files(str(receipt))
    mobile.get_by_role("button", name="Send the receipt").click()
    expect(mobile.get_by_text("Thank you. We have your receipt")).to_be_visible()
    mobile.context.close()
    boots.refresh_from_db()
    assert boots.receipt is not None

    # The case manager sees it on the request; a case manager of another team may not.
    page.goto(f"{base}/people/{person.pk}/fund/{boots.pk}/")
    image = page.get_by_role("img", name="The receipt for Work boots")
    expect(image).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) > 0
    checked(page, "fund-request")
    receipt_url = f"{base}/people/{person.pk}/fund/{boots.pk}/receipt/"
    sign_out(page)
    sign_in(page, base, world.elsewhere)
    assert page.goto(receipt_url).status == 404
    sign_out(page)
    sign_in(page, base, world.cm)

    # The case manager's own request: a typing slip and no shop first, refused next to the
    # fields with nothing saved.
    page.goto(f"{base}/people/{person.pk}/fund/ask/")
    page.get_by_label("Get a job on a building site").check()
    page.get_by_label("Work equipment").check()
    page.get_by_label("How much is it?").fill("35.005")
    page.get_by_label("What is it for?").fill("Gloves and a hi-vis jacket for the site")
    page.get_by_role("button", name="Ask and approve").click()
    expect(page.get_by_role("alert")).to_contain_text("The amount cannot have parts of a penny")
    expect(page.get_by_role("alert")).to_contain_text("Select where it will be bought")
    assert Request.objects.count() == 3
    checked(page, "fund-ask-errors")

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

    # The programme manager cuts the fund, then closes it; the request still waiting is
    # declined because the fund closed, and the person reads why.
    page.get_by_role("link", name="Enabling Fund").first.click()
    page.get_by_role("link", name=fund.name).click()
    page.get_by_role("link", name="Add money or cut the fund").click()
    page.get_by_label("Cut the fund").check()
    page.get_by_label("How much?").fill("100")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"£100 cut from {fund.name}")).to_be_visible()
    page.get_by_role("link", name="Close the fund").click()
    expect(page.get_by_text("Food until the first wage comes in")).to_be_visible()
    checked(page, "fund-pot-close")
    page.get_by_role("button", name="Close the fund").click()
    expect(page.get_by_text(f"{fund.name} is closed.")).to_be_visible()
    food = Request.objects.get(what_for="Food until the first wage comes in")
    assert food.status == Status.DECLINED
    assert food.reason == FUND_CLOSED_REASON
    assert balances(fund).available == 0
