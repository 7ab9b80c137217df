"""The subject access bundle in the three forms released: a PDF to read, JSON for computers,
and CSV files (one per kind of record) in a ZIP for spreadsheets. Each carries the list of what
was left out and what was redacted, and why."""

import csv
import io
import json
import re
import zipfile
from datetime import datetime
from typing import Any

from django.apps import apps
from django.utils import timezone

from mydirection.pdf import document, latin1
from mydirection.people.models import Person
from mydirection.rights.subject_access import Bundle, fields_of


def as_json(bundle: Bundle) -> bytes:
    return json.dumps(bundle.as_dict(), indent=2, ensure_ascii=False, default=str).encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({name: _cell(value) for name, value in row.items()})
    return out.getvalue()


def as_csv_zip(bundle: Bundle) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for section in bundle.sections:
            if section.rows:
                archive.writestr(f"{section.label}.csv", _csv(section.rows))
        archive.writestr("redactions.csv", _csv([vars(r) for r in bundle.redactions]))
        archive.writestr("left-out.csv", _csv(bundle.omitted))
    return out.getvalue()


def _readable_fields(label: str) -> dict[str, str]:
    """The fields a person reads in the PDF, by their labels (identifiers and versions stay in
    the JSON and CSV files)."""
    return {
        model_field.name: _first_upper(str(model_field.verbose_name))
        for model_field in fields_of(apps.get_model(label))
        if model_field.name not in ("id", "version")
    }


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _readable(value: Any) -> str:
    """Yes and No, and dates as people write them; the rest as stored."""
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, str) and DATE.fullmatch(value[:10]):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return f"{moment.day} {moment:%B %Y}"
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return f"{local.day} {local:%B %Y}, {local:%H:%M}"
    return _cell(value)


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def as_pdf(bundle: Bundle, person: Person) -> bytes:
    doc = document(f"Your information: {person.full_name}")
    width = doc.epw

    def text(value: str, size: int = 10, style: str = "") -> None:
        doc.set_font("Helvetica", style, size)
        doc.multi_cell(width, size * 0.5, latin1(value), new_x="LMARGIN", new_y="NEXT")

    text(f"The information we hold about {person.full_name}", 18, "B")
    text(
        "This is everything the probation service holds about you in MyDirection, kind by "
        "kind. Where a record names someone else, their details are replaced by [redacted]; "
        "the list at the end says what was left out and why.",
        11,
    )
    for section in bundle.sections:
        if not section.rows:
            continue
        doc.ln(4)
        text(f"{section.title} ({len(section.rows)})", 14, "B")
        labels = _readable_fields(section.label)
        for number, row in enumerate(section.rows, start=1):
            doc.ln(1)
            text(f"{number}.", 10, "B")
            for name, value in row.items():
                if name not in labels or value in (None, "", []):
                    continue
                text(f"{labels[name]}: {_readable(value)}")
    doc.ln(4)
    text("What was left out or redacted", 14, "B")
    for left in bundle.omitted:
        text(f"{left['source']} {left['field']}: {left['reason']}")
    for redaction in bundle.redactions:
        text(f"{redaction.source} {redaction.field} (record {redaction.row}): {redaction.reason}")
    return bytes(doc.output())
