"""GOV.UK Design System forms in plain Django.

``GovUKFormRenderer`` (settings.FORM_RENDERER) renders every field through
``templates/govuk/field.html``, which emits GOV.UK markup for Django's own widgets, so most
forms need nothing special:

- ``TextInput``, ``EmailInput``, ``URLInput``, ``PasswordInput``, ``NumberInput``: a
  ``govuk-input``. Put width classes on the widget: ``TextInput(attrs={"class":
  "govuk-input--width-10"})``. ``NumberInput`` is rendered as ``type="text"`` with
  ``inputmode="numeric"`` (or ``decimal``), as the Design System advises.
- ``Textarea``: ``govuk-textarea``. ``Select``: ``govuk-select``.
- ``RadioSelect`` and ``CheckboxSelectMultiple``: ``govuk-radios`` / ``govuk-checkboxes`` in a
  fieldset whose legend is the label. A ``class`` on the widget goes on the container, so
  ``RadioSelect(attrs={"class": "govuk-radios--inline"})`` gives inline radios. Blank choices
  ("---------") are left out.
- ``CheckboxInput``: a single GOV.UK checkbox, the label beside it.
- Dates: ``GovUKDateField`` (widget ``GovUKDateWidget``), a GOV.UK date input with the
  Design System's error messages.

Hints are Django's ``help_text``; their ids are Django's own ``<id>_helptext`` and errors
``<id>_error``, which Django already names in ``aria-describedby``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import timezone

from mydirection.money import parse_pounds


class GovUKFormRenderer(TemplatesSetting):
    """Renders forms and fields with the project's templates and GOV.UK markup.

    ``{{ form }}`` renders the visible fields and the hidden ones, nothing else: non-field
    errors belong in ``components/error_summary.html``.
    """

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: each problem next to its field, and problems
    about no field of this form (or about the whole) at the top, in the error summary."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def join_classes(*groups: str | None) -> str:
    """Join space-separated class lists, dropping blanks and repeats, keeping the order."""
    seen: dict[str, None] = {}
    for group in groups:
        for name in (group or "").split():
            seen.setdefault(name, None)
    return " ".join(seen)


# --- Dates -------------------------------------------------------------------------------

DATE_PARTS = ("day", "month", "year")

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


class DateProblem:
    """What is wrong with the three boxes of a date input, and which boxes are at fault."""

    __slots__ = ("code", "parts")

    def __init__(self, code: str, parts: Sequence[str]) -> None:
        self.code = code
        self.parts = tuple(parts)

    def __repr__(self) -> str:
        return f"DateProblem({self.code!r}, {self.parts!r})"


def _clean_part(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _month_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return MONTH_NAMES.get(text.lower().rstrip("."))


def parse_date_parts(
    day: object, month: object, year: object
) -> tuple[dt.date | None, DateProblem | None]:
    """Read a date from its three boxes, as people type them.

    Returns ``(date, None)``, or ``(None, None)`` when all three are empty, or
    ``(None, problem)``. Month names ("March", "mar") are accepted, as the Design System
    recommends.
    """
    values = dict(zip(DATE_PARTS, map(_clean_part, (day, month, year)), strict=True))
    if not any(values.values()):
        return None, None
    missing = [part for part, text in values.items() if not text]
    if missing:
        return None, DateProblem("incomplete", missing)

    month_number = _month_number(values["month"])
    not_numbers = [
        part
        for part in DATE_PARTS
        if (month_number is None if part == "month" else not values[part].isdigit())
    ]
    if not_numbers or month_number is None:
        return None, DateProblem("invalid", not_numbers or ["month"])

    if len(values["year"]) != 4:
        return None, DateProblem("year_length", ["year"])
    year_number, day_number = int(values["year"]), int(values["day"])
    if not 1 <= month_number <= 12:
        return None, DateProblem("invalid", ["month"])
    try:
        return dt.date(year_number, month_number, day_number), None
    except ValueError:
        return None, DateProblem("invalid", ["day"])


def _human_list(parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


class GovUKDateWidget(forms.MultiWidget):
    """A GOV.UK date input: Day, Month and Year boxes in a fieldset.

    The boxes are named ``<name>_0`` (day), ``<name>_1`` (month) and ``<name>_2`` (year), with
    ids ``id_<name>_0`` etc. When the field has an error, only the boxes at fault get
    ``govuk-input--error`` (all three when the date as a whole is wrong).

    ``autocomplete="bday"`` turns on ``bday-day``/``bday-month``/``bday-year`` for dates of
    birth.
    """

    template_name = "govuk/date_input.html"
    labels: ClassVar[dict[str, str]] = {"day": "Day", "month": "Month", "year": "Year"}
    widths: ClassVar[dict[str, int]] = {"day": 2, "month": 2, "year": 4}

    def __init__(
        self, attrs: dict[str, Any] | None = None, *, autocomplete: str | None = None
    ) -> None:
        self.autocomplete = autocomplete
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in DATE_PARTS]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        in_error = str(widget["attrs"].get("aria-invalid", "")).lower() == "true"
        error_parts: set[str] = set()
        if in_error:
            values = value if isinstance(value, list | tuple) else self.decompress(value)
            padded = [*values, None, None, None][:3]
            _, problem = parse_date_parts(*padded)
            # An error about the date as a whole (empty, in the past...) marks all three boxes.
            error_parts = set(problem.parts) if problem else set(DATE_PARTS)
        container_class = widget["attrs"].pop("class", "")
        widget["container_class"] = join_classes("govuk-date-input", container_class)
        for part, sub in zip(DATE_PARTS, widget["subwidgets"], strict=True):
            sub_attrs = sub["attrs"]
            sub_attrs.pop("aria-invalid", None)
            sub_attrs["class"] = join_classes(
                "govuk-input govuk-date-input__input",
                f"govuk-input--width-{self.widths[part]}",
                "govuk-input--error" if part in error_parts else "",
            )
            if part in error_parts:
                sub_attrs["aria-invalid"] = "true"
            if self.autocomplete:
                sub_attrs["autocomplete"] = f"{self.autocomplete}-{part}"
            sub["label"] = self.labels[part]
            sub["part"] = part
        return context


class GovUKDateField(forms.Field):
    """A date typed into a GOV.UK date input, with the Design System's error messages.

    ``label`` names the date in messages ("Date of birth must include a month"); pass
    ``subject`` when the label is a question (``label="When did they start?"``,
    ``subject="Start date"``). Optional checks, each with its own message: ``past=True``
    (must be in the past), ``not_future=True`` (today or in the past), ``future=True``,
    ``min_value`` and ``max_value``.
    """

    widget = GovUKDateWidget

    def __init__(
        self,
        *,
        subject: str | None = None,
        past: bool = False,
        not_future: bool = False,
        future: bool = False,
        min_value: dt.date | None = None,
        max_value: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        self.subject = subject
        self.past = past
        self.not_future = not_future
        self.future = future
        self.min_value = min_value
        self.max_value = max_value
        # Only messages given here replace the Design System's; Django's generic defaults
        # ("This field is required.") never show.
        self.custom_messages: dict[str, str] = dict(kwargs.get("error_messages") or {})
        super().__init__(**kwargs)

    # Messages --------------------------------------------------------------------------

    @property
    def _subject(self) -> str:
        text = str(self.subject or self.label or "Date").strip().rstrip("?")
        return text[:1].upper() + text[1:]

    @property
    def _subject_inline(self) -> str:
        """The subject in the middle of a sentence: "Enter date of birth"."""
        text = self._subject
        if len(text) > 1 and text[1].isupper():  # an initialism such as "OGRS date"
            return text
        return text[:1].lower() + text[1:]

    def _message(self, code: str, parts: Sequence[str] = ()) -> str:
        if code in self.custom_messages:
            return str(self.custom_messages[code])
        subject = self._subject
        if code == "required":
            return f"Enter {self._subject_inline}"
        if code == "incomplete":
            return f"{subject} must include a {_human_list(list(parts))}"
        if code == "year_length":
            return "Year must include 4 numbers"
        if code == "past":
            return f"{subject} must be in the past"
        if code == "not_future":
            return f"{subject} must be today or in the past"
        if code == "future":
            return f"{subject} must be in the future"
        if code == "min_value" and self.min_value:
            return f"{subject} must be the same as or after {_long_date(self.min_value)}"
        if code == "max_value" and self.max_value:
            return f"{subject} must be the same as or before {_long_date(self.max_value)}"
        return f"{subject} must be a real date"

    def _error(self, code: str, parts: Sequence[str] = DATE_PARTS) -> ValidationError:
        return ValidationError(
            self._message(code, parts), code=code, params={"parts": tuple(parts)}
        )

    # Cleaning --------------------------------------------------------------------------

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            return self._from_text(value)
        values = [*value, None, None, None][:3]
        parsed, problem = parse_date_parts(*values)
        if problem:
            raise self._error(problem.code, problem.parts)
        return parsed

    def _from_text(self, value: str) -> dt.date | None:
        """An ISO date, for initial values and querystrings."""
        if not value.strip():
            return None
        match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)
        if not match:
            raise self._error("invalid")
        year, month, day = match.groups()
        parsed, problem = parse_date_parts(day, month, year)
        if problem:
            raise self._error(problem.code, problem.parts)
        return parsed

    def validate(self, value: Any) -> None:
        if value is None:
            if self.required:
                raise self._error("required")
            return
        today = timezone.localdate()
        if self.past and value >= today:
            raise self._error("past")
        if self.not_future and value > today:
            raise self._error("not_future")
        if self.future and value <= today:
            raise self._error("future")
        if self.min_value and value < self.min_value:
            raise self._error("min_value")
        if self.max_value and value > self.max_value:
            raise self._error("max_value")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


class PoundsField(forms.CharField):
    """An amount of money typed in pounds, cleaned to whole pence (``mydirection.money``):
    "35.50" is 3550; a negative, zero or fractional-penny amount gets its message here."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "class": "govuk-input govuk-input--width-5",
                "inputmode": "decimal",
                "spellcheck": "false",
            }
        )

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_pounds(text, field="amount")
        except ValidationError as error:
            raise ValidationError(error.message_dict["amount"]) from error
