"""Choosing what to evaluate: an office and a window of order start dates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import Count, Q

from mydirection.dates import add_months
from mydirection.evaluation.monitoring import DIMENSION_LABELS, Dimension
from mydirection.evaluation.period import Period
from mydirection.forms import GovUKDateField
from mydirection.fund.models import Fund
from mydirection.fund.reports import Scope
from mydirection.staff.models import Office


def default_window(today: date) -> tuple[date, date]:
    """Nine months of order starts, ending 14 months ago: every one-year outcome is known."""
    last = add_months(today, -14)
    return add_months(last, -9) + timedelta(days=1), last


def default_office() -> Office | None:
    """The office with the most people on the programme (one query)."""
    return (
        Office.objects.annotate(
            joined=Count("teams__people", filter=Q(teams__people__programme_start__isnull=False))
        )
        .order_by("-joined", "name")
        .first()
    )


class WindowForm(forms.Form):
    office = forms.ModelChoiceField(
        queryset=Office.objects.all(),
        empty_label=None,
        error_messages={"required": "Select an office", "invalid_choice": "Select an office"},
    )
    window_start = GovUKDateField(
        label="Orders starting from", subject="The start of the window", not_future=True
    )
    window_end = GovUKDateField(label="Orders starting until", subject="The end of the window")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end < start:
            self.add_error("window_end", "The end of the window must be after its start")
        return data


def window_data(office: Office | None, start: date, end: date) -> dict[str, str]:
    """Form data for the default window, as if typed in."""
    data = {"office": str(office.pk) if office else ""}
    for name, day in (("window_start", start), ("window_end", end)):
        data |= {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
    return data


class ExtractForm(WindowForm):
    recipients = forms.CharField(
        label="Who will receive the extract",
        help_text="The organisation and the named analyst, for the access log",
        max_length=200,
        error_messages={"required": "Enter who will receive the extract"},
    )
    purpose = forms.CharField(
        label="What it is for",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Enter what the extract is for"},
    )


class MonitoringForm(forms.Form):
    office = forms.ModelChoiceField(
        queryset=Office.objects.all(), required=False, empty_label="All offices"
    )
    by = forms.ChoiceField(
        label="Show by",
        choices=[(d.value, DIMENSION_LABELS[d]) for d in Dimension],
        required=False,
    )
    since = GovUKDateField(
        label="From",
        subject="The start of the period",
        required=False,
        help_text="For example, 1 4 2025",
    )
    until = GovUKDateField(
        label="To",
        subject="The end of the period",
        required=False,
        help_text="Leave both dates empty for all time",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end of the period must be the same as or after its start")
        return data

    def period(self) -> Period:
        """The period chosen, once valid (both dates empty: all time)."""
        return Period(self.cleaned_data.get("since"), self.cleaned_data.get("until"))


class PotField(forms.ModelChoiceField[Fund]):
    """A pot named with whether it is closed (its period is shown with its figures)."""

    def label_from_instance(self, obj: Fund) -> str:
        return f"{obj.name}, {'closed' if obj.closed_on else 'open'}"


class FundReportForm(forms.Form):
    """A pot (or every pot) and a period (either end open) of the Enabling Fund report."""

    fund = PotField(
        label="Pot",
        queryset=Fund.objects.order_by("-starts_on", "name"),
        required=False,
        empty_label="All pots",
        error_messages={"invalid_choice": "Select a pot"},
    )
    start = GovUKDateField(
        label="From",
        subject="The start of the period",
        required=False,
        help_text="For example, 1 4 2025 (optional)",
    )
    end = GovUKDateField(
        label="To",
        subject="The end of the period",
        required=False,
        help_text="For example, 31 3 2026 (optional)",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be the same as or after its start")
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(fund=data.get("fund"), start=data.get("start"), end=data.get("end"))
