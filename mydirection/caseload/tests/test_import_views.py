"""The page that imports a case-management extract: the administrator's, a CSV file checked
and never kept, the problems beside their rows, or what was imported."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.caseload import importing
from mydirection.caseload.importing import IMPORTED
from mydirection.caseload.testing import a_good_file, a_row, csv_file
from mydirection.people.models import Order, Person
from mydirection.testing import World, sign_in

URL = reverse("caseload:import-cases")


def upload(file: io.BytesIO, name: str = "extract.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, file.getvalue(), content_type="text/csv")


def test_the_page_says_what_the_file_needs(world: World) -> None:
    response = sign_in(Client(), world.administrator).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".csv,text/csv"' in page
    for column in importing.COLUMNS:
        assert f">{column.name}</code>" in page
    assert "community_order, suspended_sentence, licence" in page
    assert "offender" not in page.lower()


def test_a_good_file_is_imported_and_the_summary_shown(world: World) -> None:
    client = sign_in(Client(), world.administrator)
    response = client.post(URL, {"file": upload(a_good_file())})

    assert response.status_code == 200
    page = response.content.decode()
    assert "The extract was imported" in page
    assert "7 new, 0 unchanged" in page
    assert Person.objects.filter(case_reference__in=["X100001", "X100002"]).count() == 2
    assert AccessLogEntry.objects.filter(
        what=IMPORTED, actor_id=world.administrator.pk, operation=Operation.COLLECT
    ).exists()

    again = client.post(URL, {"file": upload(a_good_file())})
    assert "0 new, 7 unchanged" in again.content.decode()
    assert Order.objects.filter(person__case_reference="X100001").count() == 1


def test_one_bad_row_saves_nothing_and_is_shown_beside_its_row(world: World) -> None:
    file = csv_file(
        a_row(),
        a_row(case_reference="X100002", first_name="Casey", last_name="Lowe", gender="m"),
    )
    entries = AccessLogEntry.objects.count()
    response = sign_in(Client(), world.administrator).post(URL, {"file": upload(file)})

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<title>Error: Import cases") == 1
    assert "Nothing was imported: 1 problem in 1 row." in page
    assert 'href="#rows-with-problems"' in page
    rows = response.context["error_rows"]
    assert [(row.number, row.case_reference, row.name) for row in rows] == [
        (3, "X100002", "Casey Lowe")
    ]
    assert "<code>gender</code>: &#x27;m&#x27; is not a gender" in page
    assert not Person.objects.filter(case_reference__in=["X100001", "X100002"]).exists()
    assert AccessLogEntry.objects.count() == entries


def test_a_file_that_is_not_a_csv_or_too_big_is_refused_on_the_field(
    world: World, settings: object
) -> None:
    client = sign_in(Client(), world.administrator)
    response = client.post(URL, {"file": upload(io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"))})
    assert response.context["form"].errors["file"] == [
        "The selected file must be a CSV file. Save the spreadsheet as 'CSV UTF-8 (comma "
        "delimited)' and try again"
    ]
    big = io.BytesIO(b"x" * (importing.MAX_BYTES + 1))
    response = client.post(URL, {"file": upload(big)})
    assert response.context["form"].errors["file"] == ["The selected file must be smaller than 5MB"]
    response = client.post(URL, {})
    assert response.context["form"].errors["file"] == ["Select a CSV file"]
    assert response.context["result"] is None


def test_a_header_without_its_columns_is_named(world: World) -> None:
    file = io.BytesIO(b"crn,name\nX100001,Jordan Avery\n")
    response = sign_in(Client(), world.administrator).post(URL, {"file": upload(file)})
    page = response.content.decode()
    assert "Row 1: the header" in page
    assert "the header row lacks the column(s) case_reference, first_name" in page


def test_only_the_administrator_has_the_page_in_the_menu(world: World) -> None:
    page = sign_in(Client(), world.administrator).get(reverse("staff:list")).content.decode()
    assert f'href="{URL}"' in page
    page = sign_in(Client(), world.cm).get(reverse("caseload:home")).content.decode()
    assert f'href="{URL}"' not in page
