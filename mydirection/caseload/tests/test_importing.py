"""Importing a case-management extract: every row checked as the forms check it, all rows or
none, problems by row and column, and the same file twice changes nothing."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry, Operation, Restriction
from mydirection.caseload.importing import COLUMNS, IMPORTED, REQUIRED, check_row, import_cases
from mydirection.caseload.models import Allocation
from mydirection.caseload.testing import HEADER, a_good_file, a_row, csv_file
from mydirection.csvimport import RowError, read_table
from mydirection.people.models import Order, Person, Requirement
from mydirection.testing import World

# --- One row on its own: no database -----------------------------------------------------


def test_a_good_row_is_cleaned_as_the_forms_clean_it() -> None:
    checked = check_row(2, a_row(case_reference="x100001", gender="MALE"))
    assert checked.errors == []
    assert checked.person["case_reference"] == "X100001"
    assert checked.person["gender"] == "male"
    assert checked.person["date_of_birth"] == date(1994, 2, 11)
    assert checked.person["risk_level"] == "medium"
    assert checked.order["order_type"] == "community_order"
    assert checked.requirement == {
        "requirement_type": "unpaid_work",
        "description": "Community payback",
        "amount": 120,
    }


def test_an_order_without_requirements_is_a_row_with_the_requirement_blank() -> None:
    checked = check_row(
        2, a_row(requirement_type="", requirement_description="", requirement_amount="")
    )
    assert checked.errors == []
    assert checked.requirement is None


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"case_reference": "123"}, "case_reference", "one letter and 6 digits"),
        ({"first_name": ""}, "first_name", "Enter their first name"),
        ({"date_of_birth": "31/02/1990"}, "date_of_birth", "'31/02/1990' is not a real date"),
        ({"date_of_birth": "2024-01-01"}, "date_of_birth", "at least 10 years old"),
        ({"gender": "m"}, "gender", "'m' is not a gender we know: use one of male, female"),
        ({"index_offence": "shoplifting"}, "index_offence", "see the codes in docs/"),
        ({"postcode": "nowhere"}, "postcode", "Enter a real postcode"),
        ({"order_type": "probation"}, "order_type", "is not a type of order we know"),
        ({"court": ""}, "court", "Enter the court that made the order"),
        (
            {"order_start_date": "2020-01-01"},
            "order_start_date",
            "Start date must be on or after the date of sentence",
        ),
        (
            {"order_end_date": "2020-01-01"},
            "order_end_date",
            "End date must be after the start date",
        ),
        ({"requirement_amount": ""}, "requirement_amount", "Enter the hours of unpaid work"),
        ({"requirement_amount": "lots"}, "requirement_amount", "whole number"),
        (
            {"requirement_type": "", "requirement_amount": "3"},
            "requirement_type",
            "Enter the type of requirement",
        ),
        ({"office": ""}, "office", "Enter the office of the person's team"),
    ],
)
def test_a_bad_row_is_named_by_row_and_column(
    values: dict[str, str], column: str, message: str
) -> None:
    checked = check_row(7, a_row(**values))
    assert [(e.row, e.column) for e in checked.errors] == [(7, column)], checked.errors
    assert message in checked.errors[0].message
    assert str(checked.errors[0]).startswith(f"Row 7, column {column}: ")


def test_every_problem_of_a_row_is_listed_in_the_order_of_the_columns() -> None:
    checked = check_row(3, a_row(requirement_amount="", gender="x", first_name=""))
    assert [e.column for e in checked.errors] == ["first_name", "gender", "requirement_amount"]


# --- The whole file ----------------------------------------------------------------------


def test_a_good_file_saves_people_orders_requirements_and_allocations(world: World) -> None:
    result = import_cases(by=world.administrator, file=a_good_file())

    assert result.ok, result.errors
    assert result.saved
    jordan = Person.objects.get(case_reference="X100001")
    casey = Person.objects.get(case_reference="X100002")
    assert (jordan.full_name, jordan.team, jordan.case_manager) == (
        "Jordan Avery",
        world.team_a,
        world.cm,
    )
    assert (casey.date_of_birth, casey.case_manager) == (date(1988, 7, 3), None)
    assert Order.objects.filter(person__in=[jordan, casey]).count() == 2
    assert sorted(
        Requirement.objects.filter(order__person=jordan).values_list("requirement_type", "amount")
    ) == [("rar", 20), ("unpaid_work", 120)]
    allocation = Allocation.objects.get(person=jordan)
    assert (allocation.case_manager, allocation.allocated_by) == (world.cm, world.administrator)
    assert not Allocation.objects.filter(person=casey).exists()
    assert (result.people.new, result.orders.new, result.requirements.new) == (2, 2, 2)
    assert (result.allocations.new, result.unchanged) == (1, 0)
    assert result.summary().startswith("7 new, 0 unchanged")


def test_every_record_it_adds_is_logged_with_the_importer_as_the_actor(world: World) -> None:
    before = AccessLogEntry.objects.count()
    import_cases(by=world.administrator, file=a_good_file())

    entries = AccessLogEntry.objects.order_by("id")[before:]
    jordan = Person.objects.get(case_reference="X100001")
    about_jordan = [(e.operation, e.what) for e in entries if e.subject_id == jordan.pk]
    assert about_jordan == [
        (Operation.COLLECT, "Person added"),
        (Operation.COLLECT, "Order added"),
        (Operation.COLLECT, "Requirement added"),
        (Operation.COLLECT, "Requirement added"),
        (Operation.ALTER, "Case allocated"),
    ]
    assert {e.actor_id for e in entries} == {world.administrator.pk}
    assert {e.relation for e in entries if e.subject_id} == {"import"}
    summary = entries[len(entries) - 1]
    assert (summary.what, summary.subject_id, summary.operation) == (
        IMPORTED,
        None,
        Operation.COLLECT,
    )
    assert summary.details["new"] == 7
    assert verify_chain().intact


def test_importing_the_same_file_again_changes_nothing(world: World) -> None:
    assert import_cases(by=world.administrator, file=a_good_file()).saved
    people, orders, requirements = (
        Person.objects.count(),
        Order.objects.count(),
        Requirement.objects.count(),
    )
    collected = AccessLogEntry.objects.exclude(what=IMPORTED).count()

    again = import_cases(by=world.administrator, file=a_good_file())

    assert again.ok, again.errors
    assert (again.new, again.unchanged) == (0, 7)
    assert again.summary().startswith("0 new, 7 unchanged")
    assert (Person.objects.count(), Order.objects.count(), Requirement.objects.count()) == (
        people,
        orders,
        requirements,
    )
    assert Allocation.objects.filter(person__case_reference="X100001").count() == 1
    assert AccessLogEntry.objects.exclude(what=IMPORTED).count() == collected


def test_a_later_extract_adds_only_what_is_new(world: World) -> None:
    import_cases(by=world.administrator, file=a_good_file())
    later = csv_file(
        a_row(),
        a_row(requirement_type="curfew", requirement_description="7pm", requirement_amount=""),
        a_row(case_reference="X100002", first_name="Casey", last_name="Lowe",
              date_of_birth="1988-07-03", gender="female", case_manager="cm",
              order_type="suspended_sentence", requirement_type="", requirement_amount="",
              requirement_description=""),
    )  # fmt: skip
    result = import_cases(by=world.administrator, file=later)
    assert result.ok, result.errors
    assert (result.requirements.new, result.requirements.unchanged) == (1, 1)
    assert (result.allocations.new, result.people.new) == (1, 0)
    assert Person.objects.get(case_reference="X100002").case_manager == world.cm


def test_one_bad_row_saves_nothing_and_names_the_row_and_column(world: World) -> None:
    people, entries = Person.objects.count(), AccessLogEntry.objects.count()
    file = csv_file(
        a_row(),
        a_row(case_reference="X100002", first_name="Casey", order_end_date="2001-01-01"),
    )
    result = import_cases(by=world.administrator, file=file)

    assert not result.ok and not result.saved
    assert [str(e) for e in result.errors] == [
        "Row 3, column order_end_date: End date must be after the start date"
    ]
    assert result.summary() == "Nothing was imported: 1 problem in 1 row."
    assert set(result.rows_with_errors) == {3}
    assert result.rows_with_errors[3]["first_name"] == "Casey"
    assert (Person.objects.count(), AccessLogEntry.objects.count()) == (people, entries)


def test_the_file_is_checked_against_what_is_held(world: World) -> None:
    world.elsewhere.is_active = False
    world.elsewhere.save()
    file = csv_file(
        a_row(office="Leeds"),  # row 2
        a_row(case_reference="X100002", team="Team B"),  # row 3: Hull has no Team B
        a_row(case_reference="X100003", case_manager="nobody"),  # row 4
        a_row(case_reference="X100004", case_manager="administrator"),  # row 5
        a_row(case_reference="X100005", case_manager="colleague", team="Team A"),  # row 6: fine
        a_row(case_reference="X100006", case_manager="elsewhere"),  # row 7: inactive
        a_row(case_reference="X100007", office="Beverley", team="Team B"),  # row 8: cm is in A
        # Row 9: the world's person's case reference with another name.
        a_row(
            case_reference=world.person.case_reference,
            first_name="Someone",
            last_name=world.person.last_name,
            date_of_birth=f"{world.person.date_of_birth:%Y-%m-%d}",
        ),
    )
    result = import_cases(by=world.administrator, file=file)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "office"),
        (3, "team"),
        (4, "case_manager"),
        (5, "case_manager"),
        (7, "case_manager"),
        (8, "case_manager"),
        (9, "first_name"),
    ]
    messages = [e.message for e in result.errors]
    assert messages[0] == "There is no office called 'Leeds'"
    assert messages[1] == "Hull has no team called 'Team B'"
    assert messages[3] == "Kieran Wilkins (administrator) cannot hold a caseload"
    assert messages[5] == "Carol Mercer (cm) is in Team A, Hull, not Team B, Beverley"
    assert "has another first name: check the case reference" in messages[6]
    assert not Person.objects.filter(case_reference__startswith="X1000").exists()


def test_the_rows_of_one_person_and_one_order_must_agree(world: World) -> None:
    file = csv_file(
        a_row(),
        a_row(last_name="Avery-Smith", requirement_type="rar", requirement_amount="5"),
        a_row(court="Leeds Crown Court", requirement_type="curfew", requirement_amount=""),
        a_row(),  # repeats row 2
    )
    result = import_cases(by=world.administrator, file=file)
    assert [str(e) for e in result.errors] == [
        "Row 3, column last_name: This differs from row 2, for the same case reference",
        "Row 4, column court: This differs from row 2, for the same order (its type and "
        "start date)",
        "Row 5: This requirement repeats row 2",
    ]


def test_a_finished_case_is_not_allocated(world: World) -> None:
    long_ago = {
        "sentence_date": "2019-01-10",
        "order_start_date": "2019-01-10",
        "order_end_date": "2020-01-09",
    }
    result = import_cases(by=world.administrator, file=csv_file(a_row(**long_ago)))
    assert [(e.row, e.column) for e in result.errors] == [(2, "case_manager")]
    assert "This case has finished" in result.errors[0].message
    unallocated = import_cases(
        by=world.administrator, file=csv_file(a_row(case_manager="", **long_ago))
    )
    assert unallocated.saved, unallocated.errors


def test_a_case_held_by_someone_else_stays_where_it_is_with_a_note(world: World) -> None:
    held = world.person  # held by cm in Team A
    file = csv_file(
        a_row(
            case_reference=held.case_reference,
            first_name=held.first_name,
            last_name=held.last_name,
            date_of_birth=f"{held.date_of_birth:%Y-%m-%d}",
            case_manager="colleague",
        )
    )
    result = import_cases(by=world.administrator, file=file)
    assert result.saved, result.errors
    assert [e.column for e in result.notes] == ["case_manager"]
    assert "left as it is" in result.notes[0].message
    held.refresh_from_db()
    assert held.case_manager == world.cm
    assert (result.people.unchanged, result.allocations.unchanged) == (1, 1)


def test_a_header_without_a_required_column_is_row_1(world: World) -> None:
    header = [name for name in HEADER if name not in ("court", "gender")]
    result = import_cases(by=world.administrator, file=csv_file(a_row(), header=header))
    assert [str(e) for e in result.errors] == [
        "Row 1: the header row lacks the column(s) gender, court"
    ]


def test_the_optional_columns_may_be_left_out(world: World) -> None:
    header = [column.name for column in COLUMNS if column.required]
    result = import_cases(by=world.administrator, file=csv_file(a_row(), header=header))
    assert result.saved, result.errors
    assert result.requirements.new == 0


# --- The command -------------------------------------------------------------------------


def _write(tmp_path: Path, file: io.BytesIO) -> str:
    path = tmp_path / "extract.csv"
    path.write_bytes(file.getvalue())
    return str(path)


def test_the_command_imports_a_file_and_draws_its_progress(world: World, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    path = _write(tmp_path, a_good_file())
    call_command("import_cases", csv=path, by="administrator", stdout=out, stderr=err)
    assert out.getvalue().startswith("7 new, 0 unchanged")
    assert "Saving" in err.getvalue() and "100%" in err.getvalue()
    out = io.StringIO()
    call_command("import_cases", csv=path, by="administrator", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("0 new, 7 unchanged")


def test_the_command_lists_row_errors_and_saves_nothing(world: World, tmp_path: Path) -> None:
    path = _write(tmp_path, csv_file(a_row(), a_row(case_reference="X100002", gender="m")))
    with pytest.raises(CommandError) as raised:
        call_command("import_cases", csv=path, by="administrator", stderr=io.StringIO())
    assert raised.value.returncode == 2
    assert "Nothing was imported: 1 problem in 1 row." in str(raised.value)
    assert "Row 3, column gender: 'm' is not a gender we know" in str(raised.value)
    assert not Person.objects.filter(case_reference="X100001").exists()


def test_the_command_refuses_an_unknown_user_or_file(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("import_cases", csv=str(tmp_path / "none.csv"), by="nobody")
    assert "no active member of staff" in str(raised.value)
    with pytest.raises(CommandError) as raised:
        call_command("import_cases", csv=str(tmp_path / "none.csv"), by="administrator")
    assert "cannot read" in str(raised.value)
    with pytest.raises(CommandError) as raised:
        call_command("import_cases", csv=str(tmp_path / "none.csv"), by="cm")
    assert "cm may not import cases" in str(raised.value)
    binary = tmp_path / "extract.xlsx"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(CommandError) as raised:
        call_command("import_cases", csv=str(binary), by="administrator")
    assert "is not a CSV file" in str(raised.value)


def test_row_errors_say_row_then_column() -> None:
    assert str(RowError(4, "Enter the court", "court")) == "Row 4, column court: Enter the court"
    assert str(RowError(1, "no rows")) == "Row 1: no rows"


# --- The documentation and the sample ---------------------------------------------------

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_the_documentation_names_every_column_and_code() -> None:
    text = (DOCS / "importing-cases.md").read_text()
    for column in COLUMNS:
        assert f"| `{column.name}` | {'yes' if column.required else 'no'} |" in text, column
        for code, _ in column.choices:
            assert f"`{code}`" in text, (column.name, code)


def test_the_sample_file_checks_clean() -> None:
    table = read_table((DOCS / "import-cases-sample.csv").read_text(), REQUIRED)
    assert table.errors == []
    assert len(table.rows) == 4
    for number, raw in table.rows:
        assert check_row(number, raw).errors == [], number


def test_a_refusal_while_saving_undoes_the_whole_import(world: World) -> None:
    """A rule only the save meets (a restricted case that does not name the case manager)
    refuses the row, and everything saved before it is undone."""
    jamie = world.unallocated_person
    restriction = Restriction.objects.create(
        person=jamie, reason="Known to staff", message="Restricted", created_by=world.senior
    )
    restriction.allowed_users.add(world.senior)
    people, entries = Person.objects.count(), AccessLogEntry.objects.count()
    file = csv_file(
        a_row(),
        a_row(
            case_reference=jamie.case_reference,
            first_name=jamie.first_name,
            last_name=jamie.last_name,
            date_of_birth=f"{jamie.date_of_birth:%Y-%m-%d}",
        ),
    )
    result = import_cases(by=world.administrator, file=file)

    assert not result.saved
    assert [(e.row, e.column) for e in result.errors] == [(3, "case_manager")]
    assert "restricted" in result.errors[0].message
    assert (Person.objects.count(), AccessLogEntry.objects.count()) == (people, entries)
    assert not Order.objects.filter(person=jamie).exists()
