"""The administrator imports a case-management extract: a file with bad rows saves nothing
and shows each problem beside its row; the corrected file is imported; the same file again
adds nothing. axe on every state, no console error, and the page fits a phone."""

import pytest
from playwright.sync_api import expect

from mydirection.caseload.testing import a_good_file, a_row, csv_file
from mydirection.people.models import Person
from mydirection.testing import build_world
from tests.browser.journeys import sign_in
from tests.browser.page_checks import ConsoleErrors, checked, what_does_not_fit


@pytest.mark.screenshots
def test_the_administrator_imports_an_extract(live_server, page, tmp_path) -> None:
    world = build_world()
    bad = tmp_path / "extract-with-problems.csv"
    bad.write_bytes(
        csv_file(
            a_row(),
            a_row(case_reference="X100002", first_name="Casey", gender="m", postcode="HU"),
            a_row(case_reference="X100003", first_name="Riley", case_manager="nobody"),
        ).getvalue()
    )
    good = tmp_path / "extract.csv"
    good.write_bytes(a_good_file().getvalue())
    page.set_viewport_size({"width": 1280, "height": 900})
    console = ConsoleErrors(page)
    sign_in(page, live_server.url, world.administrator)

    page.get_by_role("link", name="Import cases").click()
    expect(page.get_by_role("heading", name="Import cases", level=1)).to_be_visible()
    checked(page, "import-cases")

    page.get_by_label("Upload the extract").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Nothing was imported: 3 problems in 2 rows.")).to_be_visible()
    table = page.get_by_role("table", name="Rows with problems")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table.get_by_role("row", name="Row 3")).to_contain_text("'m' is not a gender")
    expect(table.get_by_role("row", name="Row 4")).to_contain_text("username 'nobody'")
    assert what_does_not_fit(page) == []
    checked(page, "import-cases-errors")
    assert not Person.objects.filter(case_reference__startswith="X10000").exists()

    page.get_by_label("Upload the extract").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("7 new, 0 unchanged")).to_be_visible()
    checked(page, "import-cases-imported")
    assert Person.objects.filter(case_reference__startswith="X10000").count() == 2

    page.get_by_label("Upload the extract").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("0 new, 7 unchanged")).to_be_visible()
    assert console.take() == []
