"""Importing reoffending events from a CSV extract, all or nothing.

The file has a header row and the columns ``case_reference``, ``offence_date`` (YYYY-MM-DD
or DD/MM/YYYY) and ``offence_category`` (a category code such as ``theft``, its name such as
"Theft", or ``breach``). Every row is checked before anything is saved; one bad row stops
the whole import, and every problem is listed by its row number as a spreadsheet shows it
(the header is row 1). A successful import writes one access-log entry per person affected.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.db import transaction
from django.utils import timezone

from mydirection.access.log import record_many
from mydirection.access.models import Operation
from mydirection.csvimport import DATE_FORMATS, RowError, parse_date, read_table, read_text
from mydirection.evaluation.models import DEFAULT_SOURCE, REOFFENCE_CATEGORIES, ReoffendingEvent
from mydirection.evaluation.services import evaluating
from mydirection.people.models import Person
from mydirection.staff.models import User

COLUMNS = ("case_reference", "offence_date", "offence_category")


@dataclass(frozen=True)
class ImportResult:
    batch: str = ""
    events: int = 0
    people: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if not self.ok:
            return f"Nothing was imported: {len(self.errors)} problem(s) found."
        return (
            f"Imported {self.events} reoffending event(s) for {self.people} person(s) "
            f"on probation in batch {self.batch}."
        )


def _category_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, label in REOFFENCE_CATEGORIES:
        lookup[code.lower()] = code
        lookup[label.lower()] = code
    return lookup


@dataclass(frozen=True)
class _Row:
    person_id: uuid.UUID
    offence_date: date
    category: str


def _validate(
    rows: Iterable[tuple[int, dict[str, str]]], people: dict[str, uuid.UUID], today: date
) -> tuple[list[_Row], list[RowError], dict[tuple[uuid.UUID, date, str], int]]:
    categories = _category_lookup()
    valid: list[_Row] = []
    errors: list[RowError] = []
    seen: dict[tuple[uuid.UUID, date, str], int] = {}
    for number, raw in rows:
        reference = raw["case_reference"].upper()
        date_text = raw["offence_date"]
        category_text = raw["offence_category"]
        if not (reference or date_text or category_text):
            continue  # a row with other columns only
        problems: list[str] = []
        person_id = people.get(reference)
        if not reference:
            problems.append("the case reference is missing")
        elif person_id is None:
            problems.append(f"no person on probation has the case reference {reference}")
        offence_date = parse_date(date_text)
        if not date_text:
            problems.append("the offence date is missing")
        elif offence_date is None:
            problems.append(
                f"the offence date '{date_text}' is not a real date in the form {DATE_FORMATS}"
            )
        elif offence_date > today:
            problems.append(f"the offence date {offence_date:%d/%m/%Y} is in the future")
        category = categories.get(category_text.lower())
        if not category_text:
            problems.append("the offence category is missing")
        elif category is None:
            problems.append(f"'{category_text}' is not an offence category we know")
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
            continue
        if person_id is None or offence_date is None or category is None:
            continue  # unreachable: each was reported as a problem above
        key = (person_id, offence_date, category)
        if key in seen:
            errors.append(RowError(number, f"this row repeats row {seen[key]}"))
            continue
        seen[key] = number
        valid.append(_Row(person_id, offence_date, category))
    return valid, errors, seen


def import_reoffending_csv(
    *, by: User, file: IO[str] | IO[bytes], source: str = DEFAULT_SOURCE
) -> ImportResult:
    """Check every row, then save all the events in one transaction, or none of them."""
    table = read_table(read_text(file), COLUMNS)
    if table.errors:
        return ImportResult(errors=table.errors)
    rows = table.rows
    references = {row["case_reference"].upper() for _, row in rows}
    references.discard("")
    # Case references are stored as typed; match them without regard to case.
    people = {
        reference.upper(): pk
        for pk, reference in Person.objects.filter(
            case_reference__in=references | {r.lower() for r in references}
        ).values_list("id", "case_reference")
    }
    valid, errors, seen = _validate(rows, people, timezone.localdate())
    if not errors:
        already = ReoffendingEvent.objects.filter(
            person_id__in={row.person_id for row in valid}
        ).values_list("person_id", "offence_date", "category", "import_batch")
        for person_id, offence_date, category, batch in already:
            number = seen.get((person_id, offence_date, category))
            if number is not None:
                errors.append(RowError(number, f"this event was already imported in {batch}"))
        errors.sort(key=lambda error: error.row)
    if errors:
        return ImportResult(errors=errors)
    if not valid:
        return ImportResult(errors=[RowError(1, "the file has no rows to import")])

    now = timezone.now()
    batch = f"RO-{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6].upper()}"
    events = [
        ReoffendingEvent(
            person_id=row.person_id,
            offence_date=row.offence_date,
            category=row.category,
            source=source,
            import_batch=batch,
            imported_at=now,
            imported_by=by,
        )
        for row in valid
    ]
    affected = sorted({row.person_id for row in valid}, key=str)
    with transaction.atomic():
        ReoffendingEvent.objects.bulk_create(events)
        record_many(
            actor=evaluating(by, "Proven reoffending for the evaluation"),
            operation=Operation.COLLECT,
            what="Reoffending events imported",
            subject_ids=affected,
            details={"batch": batch, "source": source},
        )
    return ImportResult(batch=batch, events=len(events), people=len(affected))
