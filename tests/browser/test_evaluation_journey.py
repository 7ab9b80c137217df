"""An evaluator signs in to the demo, reads the monitoring dashboard and the impact report
for the pilot's cohorts (84 against 529), with their plots, and prints the report. Every
page fits 1280 px, tables included, and the browser reports no error (the charts' sizes are
in the stylesheet, which the Content Security Policy allows)."""

import re

import pytest
from playwright.sync_api import expect

from mydirection.demo.load import load_calibrated
from mydirection.staff.models import Role, User
from mydirection.testing import PASSWORD
from tests.browser.axe import assert_accessible, save_screenshot
from tests.browser.journeys import sign_in
from tests.browser.page_checks import ConsoleErrors, what_does_not_fit


@pytest.mark.screenshots
def test_an_evaluator_reads_the_monitoring_and_the_impact_report(live_server, page) -> None:
    load_calibrated(password=PASSWORD)
    evaluator = User.objects.get(role=Role.EVALUATOR)
    page.set_viewport_size({"width": 1280, "height": 900})
    console = ConsoleErrors(page)
    sign_in(page, live_server.url, evaluator)

    # Evaluators start on the evaluation and never see a caseload.
    expect(page.get_by_role("heading", name="Implementation monitoring")).to_be_visible()
    nav = page.get_by_role("navigation", name="Menu")
    expect(page.get_by_role("link", name="Evaluation")).to_be_visible()
    expect(nav.get_by_role("link", name="Caseload")).to_have_count(0)
    expect(page.get_by_role("img", name="People on the programme by office")).to_be_visible()
    # Attendance, needs and tools come from appointment outcomes: nothing is "not yet recorded".
    expect(page.get_by_text("Not yet recorded")).to_have_count(0)
    expect(page.get_by_role("heading", name="Attendance rate")).to_be_visible()
    # The needs and the tools: every area and every tool in a table that fits, not hidden
    # in a scroller.
    expect(page.get_by_role("table", name="Each area of need discussed by office")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Drug use \d"))).to_be_visible()
    assert what_does_not_fit(page) == []
    assert_accessible(page)
    save_screenshot(page, "evaluation-monitoring")

    for by, chart in (
        ("team", "Continuity of case manager by team"),
        ("case_manager", "Needs discussed by case manager"),
    ):
        page.get_by_label("Show by").select_option(by)
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_role("img", name=chart)).to_be_visible()
        assert what_does_not_fit(page) == []
        assert_accessible(page)

    page.get_by_role("link", name="Impact on reoffending").click()
    expect(page.get_by_text("613: 84 on MyDirection, 529 in the comparison group")).to_be_visible()
    expect(
        page.get_by_role("img", name="Estimated effect of MyDirection on reoffending")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Balance of the groups' characteristics")).to_be_visible()
    expect(
        page.get_by_text("With 84 against 529 people, this evaluation could only")
    ).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "evaluation-impact")

    page.get_by_role("link", name="Report to print or save as PDF").click()
    expect(page.get_by_role("heading", name="Impact on reoffending: Hull")).to_be_visible()
    assert_accessible(page)
    save_screenshot(page, "evaluation-report")
    assert console.take() == []
