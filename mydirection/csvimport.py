"""Reading a CSV extract to import, all or nothing: the helpers every import shares.

An import (reoffending events, a case-management extract) reads the whole file, checks every
row, lists every problem by its row number as a spreadsheet shows it (the header is row 1)
and saves nothing if there is one. These are the parts that do not depend on what is being
imported: decoding the file, the header, dates as extracts write them, and the row errors.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_BRITISH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")

DATE_FORMATS = "YYYY-MM-DD or DD/MM/YYYY"


@dataclass(frozen=True)
class RowError:
    """A problem with one row (row 1 is the header), and the column it is in if one."""

    row: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


class NotText(ValueError):
    """The file is not UTF-8 text (a spreadsheet saved as .xlsx, a photo...)."""


def parse_date(text: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY, or None if it is neither or no real date."""
    if iso := _ISO_DATE.fullmatch(text):
        year, month, day = iso.groups()
    elif british := _BRITISH_DATE.fullmatch(text):
        day, month, year = british.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def read_text(file: IO[str] | IO[bytes]) -> str:
    """The file's text, without the byte order mark Excel writes; ``NotText`` (a
    ``UnicodeDecodeError``'s cousin) if it is not UTF-8 text."""
    content = file.read()
    if isinstance(content, bytes):
        if b"\x00" in content:
            raise NotText("the file holds binary data")
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise NotText(str(error)) from error
    return content.removeprefix("\ufeff")


@dataclass(frozen=True)
class Table:
    """The rows of a CSV file as dictionaries keyed by the header's names (stripped, in
    lower case), each with its row number; and what is wrong with the header."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    errors: list[RowError]


def is_blank(values: Iterable[str | None]) -> bool:
    return not any((value or "").strip() for value in values)


def read_table(text: str, required: Iterable[str]) -> Table:
    """Parse ``text`` as CSV with a header row naming at least the ``required`` columns.

    Blank lines (spreadsheets often leave some at the end) are skipped; a value is stripped
    of the spaces around it. A header missing a column is reported on row 1.
    """
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [column for column in required if column not in header]
    if missing:
        problem = f"the header row lacks the column(s) {', '.join(missing)}"
        return Table(header, [], [RowError(1, problem)])
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        problem = f"the header row names the column(s) {', '.join(repeated)} more than once"
        return Table(header, [], [RowError(1, problem)])
    rows = []
    # Numbered by record, as a spreadsheet numbers its rows (a quoted line break stays in
    # its cell).
    for number, values in enumerate(reader, start=2):
        if is_blank(values):
            continue
        # A short row reads as blanks; values past the header's columns are not read.
        padded = [*values, *[""] * (len(header) - len(values))][: len(header)]
        cells = zip(header, padded, strict=True)
        rows.append((number, {name: value.strip() for name, value in cells}))
    return Table(header, rows, [])
