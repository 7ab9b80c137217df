"""Importing reoffending events: every row checked, all or nothing, problems listed by row."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.evaluation.models import ReoffendingEvent
from mydirection.evaluation.reoffending import import_reoffending_csv
from mydirection.testing import World


def csv_file(
    *rows: str, header: str = "case_reference,offence_date,offence_category"
) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


def test_a_good_file_imports_every_row_and_logs_each_person_once(world: World) -> None:
    ref, other = world.person.case_reference, world.other_person.case_reference
    file = csv_file(
        f"{ref},2025-03-01,theft",
        f"{ref.lower()},02/04/2025,Violence against the person",
        f"{other},2025-05-06,breach",
    )
    result = import_reoffending_csv(by=world.evaluator, file=file)

    assert result.ok, result.errors
    assert (result.events, result.people) == (3, 2)
    events = ReoffendingEvent.objects.order_by("offence_date")
    assert [(e.offence_date, e.category, e.is_breach) for e in events] == [
        (date(2025, 3, 1), "theft", False),
        (date(2025, 4, 2), "violence", False),
        (date(2025, 5, 6), "breach", True),
    ]
    assert {e.import_batch for e in events} == {result.batch}
    assert {e.imported_by_id for e in events} == {world.evaluator.pk}
    entries = AccessLogEntry.objects.filter(
        operation=Operation.COLLECT, actor_id=world.evaluator.pk
    )
    assert sorted(str(e.subject_id) for e in entries) == sorted(
        [str(world.person.pk), str(world.other_person.pk)]
    )
    assert "2 person(s) on probation" in result.summary()


def test_every_bad_row_is_listed_and_nothing_is_saved(world: World) -> None:
    ref = world.person.case_reference
    tomorrow = timezone.localdate() + timedelta(days=1)
    file = csv_file(
        f"{ref},2025-03-01,theft",  # row 2: good
        "Z999999,2025-03-01,theft",  # row 3: nobody has this reference
        f"{ref},31/02/2025,theft",  # row 4: no such date
        f"{ref},{tomorrow:%Y-%m-%d},theft",  # row 5: future
        f"{ref},2025-03-02,shoplifting",  # row 6: unknown category
        f"{ref},01/03/2025,Theft",  # row 7: repeats row 2
        ",,",  # a blank line is skipped
    )
    result = import_reoffending_csv(by=world.evaluator, file=file)

    assert not result.ok
    assert [e.row for e in result.errors] == [3, 4, 5, 6, 7]
    messages = [str(e) for e in result.errors]
    assert "Row 3: no person on probation has the case reference Z999999" in messages
    assert "not a real date" in messages[1]
    assert "in the future" in messages[2]
    assert "'shoplifting' is not an offence category we know" in messages[3]
    assert messages[4] == "Row 7: this row repeats row 2"
    assert not ReoffendingEvent.objects.exists()
    assert not AccessLogEntry.objects.filter(operation=Operation.COLLECT).exists()
    assert "offender" not in " ".join(messages).lower()


def test_a_missing_column_is_reported_on_the_header_row(world: World) -> None:
    file = csv_file("X,2025-01-01", header="case_reference,offence_date")
    result = import_reoffending_csv(by=world.evaluator, file=file)
    assert [str(e) for e in result.errors] == [
        "Row 1: the header row lacks the column(s) offence_category"
    ]


def test_importing_the_same_event_twice_is_refused(world: World) -> None:
    ref = world.person.case_reference
    first = import_reoffending_csv(by=world.evaluator, file=csv_file(f"{ref},2025-03-01,theft"))
    assert first.ok
    again = import_reoffending_csv(
        by=world.evaluator, file=csv_file(f"{ref},2025-04-01,theft", f"{ref},2025-03-01,theft")
    )
    assert [str(e) for e in again.errors] == [
        f"Row 3: this event was already imported in {first.batch}"
    ]
    assert ReoffendingEvent.objects.count() == 1


def test_the_command_imports_a_file(world: World, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        f"case_reference,offence_date,offence_category\n{world.person.case_reference},"
        "2025-03-01,drugs\n"
    )
    out = io.StringIO()
    call_command("import_reoffending", csv=str(path), by="evaluator", stdout=out)
    assert "Imported 1 reoffending event(s)" in out.getvalue()
    assert ReoffendingEvent.objects.count() == 1


def test_the_command_lists_row_errors_with_exit_code_2(world: World, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("case_reference,offence_date,offence_category\nZ999999,2025-03-01,theft\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_reoffending", csv=str(path), by="evaluator")
    assert raised.value.returncode == 2
    assert "Row 2: no person on probation has the case reference Z999999" in str(raised.value)


def test_the_command_refuses_an_unknown_user_or_file(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("import_reoffending", csv=str(tmp_path / "none.csv"), by="nobody")
    assert raised.value.returncode == 2
    with pytest.raises(CommandError) as raised:
        call_command("import_reoffending", csv=str(tmp_path / "none.csv"), by="evaluator")
    assert "cannot read" in str(raised.value)
