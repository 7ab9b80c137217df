"""What the pseudonymised extract holds: each column, what it is made of, and its form.

The cohort frame (``cohorts.COLUMNS``) is what the evaluation computes. Which of it may leave
the service is not decided here but by the classification registry
(``mydirection.classification.may_leave``): each column below names the stored fields it is
computed from and the form it leaves in, and it goes into the extract only if every one of
those fields may leave in that form. A field nobody classified, or one classified as
identifying, therefore takes its column out of the extract; so does a cohort column that is
not listed here. The form is then applied to every value (``released``): a date becomes its
month, a flag must be 0 or 1, a keyed hash must be one.
"""

import csv
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from mydirection.classification import Release, may_leave
from mydirection.evaluation.cohorts import BACKGROUND_FLAGS, REQUIREMENT_FLAGS


@dataclass(frozen=True)
class Column:
    name: str  # in the extract
    release: Release
    fields: tuple[str, ...]  # the stored fields ("app.Model.name") it is computed from
    source: str = ""  # the cohort frame's column, when its name differs

    @property
    def frame_column(self) -> str:
        return self.source or self.name


PERSON, ORDER_START = "people.Person", "people.Order.start_date"

COLUMNS: tuple[Column, ...] = (
    Column("pseudo_id", Release.KEYED_HASH, (f"{PERSON}.id",)),
    Column("treated", Release.FLAG, (f"{PERSON}.programme_start",)),
    Column("cohort_month", Release.MONTH, (ORDER_START,), source="cohort_start"),
    Column("male", Release.FLAG, (f"{PERSON}.gender",)),
    Column("age", Release.WHOLE_YEARS, (f"{PERSON}.date_of_birth", ORDER_START)),
    Column("ogrs3", Release.VALUE, (f"{PERSON}.ogrs3",)),
    Column("deprivation", Release.VALUE, (f"{PERSON}.deprivation_decile",)),
    Column("ethnicity_recorded", Release.FLAG, (f"{PERSON}.ethnicity",)),
    Column("white_british", Release.FLAG, (f"{PERSON}.ethnicity",)),
    *(Column(flag, Release.FLAG, (f"{PERSON}.{flag}",)) for flag in BACKGROUND_FLAGS),
    Column("unsettled_accommodation", Release.FLAG, (f"{PERSON}.accommodation",)),
    Column("unemployed", Release.FLAG, (f"{PERSON}.employment",)),
    Column("previous_events", Release.VALUE, (f"{PERSON}.previous_events",)),
    *(
        Column(flag, Release.FLAG, ("people.Requirement.requirement_type", ORDER_START))
        for flag in REQUIREMENT_FLAGS
    ),
    Column(
        "reoffended",
        Release.FLAG,
        (
            "evaluation.ReoffendingEvent.offence_date",
            "evaluation.ReoffendingEvent.category",
            ORDER_START,
        ),
    ),
    Column("follow_up_complete", Release.FLAG, (ORDER_START,)),
)


def permitted_columns() -> list[Column]:
    """The columns the classification registry lets leave, in the extract's order."""
    return [
        column
        for column in COLUMNS
        if all(may_leave(field, column.release) for field in column.fields)
    ]


KEYED_HASH = re.compile(r"[0-9a-f]{64}")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def released(value: Any, release: Release) -> object:
    """``value`` in the form ``release``; a value that cannot take that form is refused
    (``ValueError``), so a wrong cohort column fails instead of leaving as it is."""
    if _missing(value):
        return ""
    if release == Release.KEYED_HASH:
        if not (isinstance(value, str) and KEYED_HASH.fullmatch(value)):
            raise ValueError("A keyed-hash column holds something other than a keyed hash.")
        return value
    if release == Release.MONTH:
        if not isinstance(value, date):
            raise ValueError("A month column is made from something other than a date.")
        return f"{value:%Y-%m}"
    if release == Release.FLAG:
        if value not in (0, 1):
            raise ValueError("A flag column holds something other than 0 or 1.")
        return int(value)
    if release == Release.WHOLE_YEARS:
        if float(value) != int(value):
            raise ValueError("A whole-years column holds a fraction.")
        return int(value)
    return value


def csv_lines(frames: Iterable[pd.DataFrame]) -> Iterator[str]:
    """The extract as CSV lines, the header first, from the cohort frame in pieces
    (``cohorts.frames``): one piece in memory at a time."""
    columns = permitted_columns()
    writer = csv.writer(_Line())
    yield writer.writerow([c.name for c in columns])
    for frame in frames:
        for row in frame.to_dict("records"):
            yield writer.writerow([released(row[c.frame_column], c.release) for c in columns])


class _Line:
    """A file for ``csv.writer`` that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def extract_rows(frame_rows: list[dict[str, Any]]) -> list[list[object]]:
    """Header and rows of the extract from the cohort frame's rows (``to_dict("records")``)."""
    columns = permitted_columns()
    body = [[released(row[c.frame_column], c.release) for c in columns] for row in frame_rows]
    return [[c.name for c in columns], *body]
