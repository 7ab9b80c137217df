"""Template filters and tags for GOV.UK markup. ``{% load govuk %}``.

Forms (used by ``govuk/field.html``; rarely needed elsewhere):
    ``field|govuk_kind``        input, textarea, select, radios, checkboxes, checkbox, date,
                                hidden or file
    ``field|govuk_widget``      the widget with GOV.UK classes (and error classes)
    ``field|govuk_choices``     radio or checkbox options, blank choices left out
    ``option|govuk_choice_input:"radios"``  one option's <input>
    ``field|govuk_container_class``  the widget's own class, for the radios/checkboxes box
    ``field|govuk_error_target`` the id the error summary links to

Display:
    ``person.risk_level|risk_colour``   green, yellow, orange or red for a GOV.UK tag
    ``value|govuk_date``          "3 March 2026"
    ``value|govuk_date:"short"``  "3 Mar 2026"
    ``value|govuk_time``          "9:30am", "midday", "midnight"
    ``value|govuk_datetime``      "3 March 2026 at 9:30am"
    ``date_of_birth|age``         whole years today
    ``page|elided_pages``         page numbers with None for each gap
    ``rows|has_any:"href"``       whether any row (dict or object) has that key
    ``pence|pounds``              "£35.50" (money is whole pence: ``mydirection.money``)
    ``n|counted:"order"``         "1 order", "2 orders" (``n|noun:"order"``: the word alone)

Tags:
    ``{% error_summary_items form=form forms=forms errors=errors as items %}``
    ``{% split_messages messages as groups %}`` -> groups.success, groups.other
    ``{% sortable_header "Name" "last_name" %}``  a <th> with aria-sort and a sorting link
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms, template
from django.core.paginator import Page
from django.forms import BaseForm, BaseFormSet
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from mydirection import money, wording
from mydirection.forms import DATE_PARTS, GovUKDateWidget, join_classes

register = template.Library()


# --- Forms -------------------------------------------------------------------------------


def _widget(field: BoundField) -> forms.Widget:
    widget: forms.Widget = field.field.widget
    return widget


@register.filter
def govuk_kind(field: BoundField) -> str:
    """Which GOV.UK component renders this field."""
    widget = _widget(field)
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovUKDateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a subclass of RadioSelect
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):  # also SelectMultiple
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.MultiWidget):
        return "multi"
    return "input"


_BASE_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
}
_ERROR_CLASSES = {
    "input": "govuk-input--error",
    "textarea": "govuk-textarea--error",
    "select": "govuk-select--error",
    "file": "govuk-file-upload--error",
}


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    """Render the field's widget with GOV.UK classes, merged with the widget's own."""
    kind = govuk_kind(field)
    widget = _widget(field)
    if kind not in _BASE_CLASSES:
        return field.as_widget()
    attrs: dict[str, Any] = {
        "class": join_classes(
            _BASE_CLASSES[kind],
            widget.attrs.get("class"),
            _ERROR_CLASSES.get(kind, "") if field.errors else "",
        )
    }
    if isinstance(widget, forms.NumberInput):
        # The Design System advises against type="number": it rounds, scrolls and hides text.
        widget = _text_for_numbers(field, widget)
        attrs["inputmode"] = widget.attrs.get("inputmode", "numeric")
        return field.as_widget(widget=widget, attrs=attrs)
    if "maxlength" in widget.attrs:
        # A browser cuts text at ``maxlength`` without a word (a pasted reason loses its end):
        # the limit is the character count's and the form's, which say so by the field.
        widget = copy.copy(widget)
        widget.attrs = {k: v for k, v in widget.attrs.items() if k != "maxlength"}
    if character_limit(field):
        attrs["class"] = join_classes(attrs["class"], "govuk-js-character-count")
        # Django names the hint and the error itself unless the widget names something; it
        # must name the count's message too, so all three are named here.
        described = [f"{field.auto_id}-info"]
        if field.help_text:
            described.append(f"{field.auto_id}_helptext")
        if field.errors:
            described.append(f"{field.auto_id}_error")
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(widget=widget, attrs=attrs)


@register.filter
def character_limit(field: BoundField) -> int | None:
    """The limit a text area's character count shows (its form field's ``max_length``)."""
    if govuk_kind(field) != "textarea":
        return None
    limit = getattr(field.field, "max_length", None)
    return int(limit) if limit else None


def _text_for_numbers(field: BoundField, widget: forms.NumberInput) -> forms.TextInput:
    decimal = isinstance(field.field, forms.DecimalField | forms.FloatField)
    kept = {k: v for k, v in widget.attrs.items() if k not in {"min", "max", "step"}}
    kept.setdefault("inputmode", "decimal" if decimal else "numeric")
    text = forms.TextInput(attrs=kept)
    text.is_localized = widget.is_localized
    return text


@register.filter
def govuk_choices(field: BoundField) -> list[BoundWidget]:
    """The options of a radios or checkboxes field, without blank ("---------") choices."""
    return [option for option in field.subwidgets if str(option.data["value"]) != ""]


@register.filter
def govuk_choice_input(option: BoundWidget, kind: str = "radios") -> SafeString:
    """One radio or checkbox <input> with the GOV.UK class (the widget's class is dropped)."""
    attrs = dict(option.data["attrs"])
    attrs["class"] = f"govuk-{kind}__input"
    value = option.data["value"]
    return format_html(
        '<input{} name="{}" type="{}" value="{}">',
        flatatt({"class": attrs.pop("class"), "id": attrs.pop("id", None)} | attrs),
        option.data["name"],
        option.data["type"],
        "" if value is None else str(value),
    )


@register.filter
def govuk_container_class(field: BoundField) -> str:
    return str(_widget(field).attrs.get("class", ""))


@register.filter
def govuk_error_target(field: BoundField) -> str:
    """The id to link to from the error summary.

    The input itself; the first option of radios and checkboxes; the first box at fault of
    a date input.
    """
    kind = govuk_kind(field)
    auto_id = field.auto_id or field.html_name
    if kind == "date":
        parts: Iterable[str] = DATE_PARTS
        for error in field.errors.as_data():
            params = error.params if isinstance(error.params, Mapping) else {}
            parts = params.get("parts") or DATE_PARTS
            break
        first = next((p for p in DATE_PARTS if p in parts), "day")
        return f"{auto_id}_{DATE_PARTS.index(first)}"
    if kind in {"radios", "checkboxes"}:
        options = govuk_choices(field)
        if options and options[0].id_for_label:
            return str(options[0].id_for_label)
        return f"{auto_id}_0"
    if kind == "multi":
        return f"{auto_id}_0"
    return str(field.id_for_label or auto_id)


# --- Error summary -----------------------------------------------------------------------


@register.simple_tag
def error_summary_items(
    form: object = None,
    forms: Iterable[object] | None = None,
    errors: Iterable[Mapping[str, str] | str] | None = None,
) -> list[dict[str, str]]:
    """Everything the error summary lists, in page order: ``[{"text", "href"}]``.

    ``form`` and each of ``forms`` may be a form or a formset. For each: non-field (and
    non-form) errors first, without a link, then each field's errors linking to the field.
    ``errors`` adds items not from a form, first: strings or ``{"text", "href"}`` mappings.
    """
    items: list[dict[str, str]] = []
    for item in errors or ():
        if isinstance(item, Mapping):
            items.append({"text": str(item.get("text", "")), "href": str(item.get("href", ""))})
        elif item:
            items.append({"text": str(item), "href": ""})
    for each in [form, *(forms or ())]:
        items += _form_error_items(each)
    return items


def _form_error_items(each: object) -> list[dict[str, str]]:
    if isinstance(each, BaseFormSet):
        if not each.is_bound:
            return []
        items = [{"text": str(text), "href": ""} for text in each.non_form_errors()]
        for member in each.forms:
            items += _form_error_items(member)
        return items
    if not isinstance(each, BaseForm) or not each.is_bound or not each.errors:
        return []
    items = [{"text": str(text), "href": ""} for text in each.non_field_errors()]
    for field in each:
        if field.is_hidden:
            items += [{"text": str(text), "href": ""} for text in field.errors]
            continue
        target = govuk_error_target(field)
        items += [{"text": str(text), "href": f"#{target}"} for text in field.errors]
    return items


@register.filter
def has_any(rows: Iterable[Any] | None, key: str) -> bool:
    """Whether any row (a mapping or an object) has a truthy ``key``."""
    for row in rows or ():
        value = row.get(key) if isinstance(row, Mapping) else getattr(row, key, None)
        if value:
            return True
    return False


# --- Messages ----------------------------------------------------------------------------


@register.simple_tag
def split_messages(messages: Iterable[Any] | None) -> dict[str, list[Any]]:
    """Django messages split into success ones and the rest, for two notification banners."""
    groups: dict[str, list[Any]] = {"success": [], "other": []}
    for message in messages or ():
        kind = "success" if "success" in str(getattr(message, "tags", "")).split() else "other"
        groups[kind].append(message)
    return groups


# --- Display -----------------------------------------------------------------------------

RISK_COLOURS = {"low": "green", "medium": "yellow", "high": "orange", "very_high": "red"}


@register.filter
def risk_colour(level: object) -> str:
    """The GOV.UK tag colour for a risk of serious harm level."""
    return RISK_COLOURS.get(str(level), "grey")


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def govuk_date(value: dt.date | None, style: str = "long") -> str:
    """A date as GOV.UK writes it: "3 March 2026" ("3 Mar 2026" with ``"short"``)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    month = f"{value:%b}" if style == "short" else f"{value:%B}"
    return f"{value.day} {month} {value.year}"


@register.filter
def govuk_time(value: dt.datetime | dt.time | None) -> str:
    """A time as GOV.UK writes it: "9am", "5:30pm", "midday", "midnight"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def govuk_datetime(value: dt.datetime | dt.date | None) -> str:
    """ "3 March 2026 at 9:30am" ("3 March 2026" for a date)."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return govuk_date(value)
    return f"{govuk_date(value)} at {govuk_time(value)}"


@register.filter
def age(date_of_birth: dt.date | None) -> int | str:
    """Age in whole years today."""
    if not date_of_birth:
        return ""
    today = timezone.localdate()
    born = date_of_birth
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@register.filter
def elided_pages(page: Page[Any]) -> list[int | None]:
    """Page numbers to link to around the current page; None where pages are left out."""
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    return [n if isinstance(n, int) else None for n in numbers]


# --- Sortable tables ---------------------------------------------------------------------


@register.inclusion_tag("components/sortable_header.html", takes_context=True)
def sortable_header(
    context: template.Context,
    label: str,
    field: str,
    param: str = "sort",
    classes: str = "",
    hx_target: str = "",
) -> dict[str, Any]:
    """A ``<th>`` whose link sorts the table by ``field`` on the server (no JavaScript).

    ``?sort=field`` sorts ascending, ``?sort=-field`` descending; the link toggles. Other
    query parameters are kept, except ``page`` (a new order starts at page 1). With
    ``hx_target`` (a CSS selector) htmx fetches the same URL into that element and pushes it
    to the history; the plain link still works without JavaScript.
    """
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    current = query.get(param, "") if query is not None else ""
    if current == field:
        direction, next_value = "ascending", f"-{field}"
    elif current == f"-{field}":
        direction, next_value = "descending", field
    else:
        direction, next_value = "none", field
    if query is not None:
        query[param] = next_value
        query.pop("page", None)
        href = f"?{query.urlencode()}"
    else:
        href = f"?{param}={next_value}"
    will_sort = "descending" if next_value.startswith("-") else "ascending"
    return {
        "label": label,
        "href": href,
        "aria_sort": direction,
        "will_sort": will_sort,
        "classes": classes,
        "hx_target": hx_target,
    }


@register.filter
def pounds(pence: int | None) -> str:
    """Whole pence as people write money: ``3550|pounds`` is "£35.50"."""
    return "" if pence is None else money.pounds(pence)


@register.filter
def counted(count: int, words: str) -> str:
    """``n|counted:"order"`` is "1 order" or "2 orders"; ``n|counted:"person,people"`` names
    the plural (``mydirection.wording``)."""
    singular, _, many = words.partition(",")
    return wording.counted(int(count or 0), singular, many or None)


@register.filter
def noun(count: int, words: str) -> str:
    """``n|noun:"order"``: the word alone, for a count shown apart (a figure card)."""
    singular, _, many = words.partition(",")
    return wording.noun(int(count or 0), singular, many or None)
