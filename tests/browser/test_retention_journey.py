"""Retention, erasure and corrections in a browser: the daily run has proposed Alex, whose case
ended eight years ago; the data protection officer opens the review list, tries to confirm
without a reason (told why), confirms with one and erases; the erasure's record names nobody
and the chain verifies. Then a request to correct a record is recorded and decided. Every page
is checked with axe; the screenshots are taken at 1280 and 390 px wide (and the page fits the
narrow screen)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mydirection.access.log import verify_chain
from mydirection.people.models import Person
from mydirection.rights import retention
from mydirection.rights.tests.test_erasure import a_rich_record, ended_long_ago
from mydirection.testing import OrderFactory, build_world
from tests.browser.journeys import sign_in
from tests.browser.page_checks import checked


@pytest.mark.screenshots
def test_the_officer_reviews_erases_and_decides_a_correction(live_server, page) -> None:
    world = build_world()
    a_rich_record(world)
    ended_long_ago(world.person)
    if not world.other_person.orders.exists():
        OrderFactory.create(person=world.other_person)
    ended_long_ago(world.other_person)
    assert len(retention.find_expired().proposed) == 2
    base = live_server.url
    sign_in(page, base, world.dpo)

    page.goto(f"{base}/data-rights/erasure/")
    expect(page.get_by_role("heading", name="Retention and erasure")).to_be_visible()
    checked(page, "retention-reviews")

    page.get_by_role("link", name=world.person.case_reference).click()
    expect(page.get_by_role("heading", name=world.person.full_name, exact=False)).to_be_visible()
    checked(page, "retention-review")
    page.get_by_role("button", name="Confirm for erasure").click()
    expect(page.get_by_text("Say why the records may be erased").first).to_be_visible()
    checked(page, "retention-review-errors")

    page.get_by_label("Why?").fill("Past the 7 years; no open proceedings or inquiry holds")
    page.get_by_role("button", name="Confirm for erasure").click()
    expect(page.get_by_text("Confirmed for erasure").first).to_be_visible()
    checked(page, "retention-confirmed")
    page.get_by_role("button", name="Erase the records").click()
    expect(page.get_by_role("heading", name="Erased records")).to_be_visible()
    checked(page, "retention-erased")
    assert Person.objects.get(pk=world.person.pk).erased_on is not None
    assert verify_chain().intact

    page.goto(f"{base}/data-rights/corrections/new/")
    page.get_by_label("Case reference number").fill(world.other_person.case_reference)
    received = timezone.localdate()
    page.get_by_label("Day").fill(str(received.day))
    page.get_by_label("Month").fill(str(received.month))
    page.get_by_label("Year").fill(str(received.year))
    page.get_by_label("Who made the request?").fill("The person, by letter")
    page.get_by_label("What does the person say is wrong?").fill(
        "My address is still Spring Bank: I moved to Newland Avenue in May"
    )
    checked(page, "correction-new")
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_text("Answer it by")).to_be_visible()
    page.get_by_label("Corrected", exact=True).check()
    page.get_by_label("What was corrected, or why not").fill("Address changed to Newland Avenue")
    checked(page, "correction")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    page.goto(f"{base}/data-rights/corrections/")
    checked(page, "corrections")
