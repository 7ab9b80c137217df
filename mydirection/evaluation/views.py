"""The evaluation pages: monitoring, the impact report and its downloads, the extract.

Only holders of the ``EVALUATE`` capability reach them (the extract: ``EXTRACT``); anyone
else gets 404, as for a page that does not exist. None of them shows a person: figures are
aggregate and small numbers are suppressed (``report.count_text``).
"""

from __future__ import annotations

import csv
from datetime import date
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.guard import requires
from mydirection.access.policy import Capability
from mydirection.evaluation import monitoring, svg
from mydirection.evaluation.forms import (
    ExtractForm,
    FundReportForm,
    MonitoringForm,
    WindowForm,
    default_office,
    default_window,
    window_data,
)
from mydirection.evaluation.fund_report import shown
from mydirection.evaluation.monitoring_page import shown as shown_figure
from mydirection.evaluation.period import last_whole_months
from mydirection.evaluation.services import (
    MIN_EXTRACT_COHORT,
    ExtractRefused,
    Window,
    build_logged_cohort,
    disclose_extract,
    fund_report_logged,
    may_extract,
)
from mydirection.fund.reports import Scope
from mydirection.http import StaffRequest
from mydirection.routers import replica_reads

if TYPE_CHECKING:
    from mydirection.evaluation.report import ImpactReport


def impact_report(cohort: Any) -> ImpactReport:
    # The statistics (pandas, statsmodels) load on the first report, not with every page:
    # importing them takes seconds, and every process that resolves a URL would pay it.
    from mydirection.evaluation.report import impact_report as build

    return build(cohort)


def _window_form(request: StaffRequest) -> WindowForm:
    if request.GET:
        return WindowForm(request.GET)
    start, end = default_window(timezone.localdate())
    return WindowForm(window_data(default_office(), start, end))


def _window(form: WindowForm) -> Window:
    data = form.cleaned_data
    return Window(data["office"], data["window_start"], data["window_end"])


def _charts(report: ImpactReport) -> dict[str, Any]:
    intervals = [
        svg.Interval(m.label, m.atet, m.ci_low, m.ci_high)
        for m in report.lines
        if m.atet is not None and m.ci_low is not None and m.ci_high is not None
    ]
    forest = svg.forest_plot(
        "forest",
        intervals,
        "Each estimate of the difference in one-year reoffending, with its 95% interval; "
        "the table below gives the same figures.",
    )
    love = svg.love_plot(
        "love",
        [svg.Balance(b.label, abs(b.smd), b.smd_weighted) for b in report.balance],
        "For each characteristic, how far apart the groups are before and after weighting; "
        "the balance table gives the same figures.",
    )
    return {"forest": forest, "love": love}


def _report_context(request: StaffRequest, what: str) -> dict[str, Any]:
    form = _window_form(request)
    context: dict[str, Any] = {"form": form, "may_extract": may_extract(request.user)}
    if form.is_valid():
        cohort = build_logged_cohort(request.user, _window(form), what=what)
        report = impact_report(cohort)
        context["report"] = report
        if report.analysable and report.naive:
            context |= _charts(report)
        context["query"] = request.GET.urlencode() or _default_query(form)
    return context


def _default_query(form: WindowForm) -> str:
    query = QueryDict(mutable=True)
    query.update(form.data)
    return query.urlencode()


@require_safe
@requires(Capability.EVALUATE)
def impact(request: StaffRequest) -> HttpResponse:
    context = _report_context(request, "Impact evaluation page")
    return render(request, "evaluation/impact.html", context)


@require_safe
@requires(Capability.EVALUATE)
def report(request: StaffRequest) -> HttpResponse:
    """The same report on one page to print (or save as PDF from the browser)."""
    context = _report_context(request, "Impact evaluation report (to print)")
    return render(request, "evaluation/report.html", context)


@require_safe
@requires(Capability.EVALUATE)
def report_csv(request: StaffRequest) -> HttpResponse:
    form = _window_form(request)
    if not form.is_valid():
        raise Http404
    cohort = build_logged_cohort(
        request.user, _window(form), what="Impact evaluation tables (CSV download)"
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="impact-evaluation.csv"'
    csv.writer(response).writerows(impact_report(cohort).csv_rows())
    return response


@require_http_methods(["GET", "POST"])
@requires(Capability.EXTRACT)
def extract(request: StaffRequest) -> HttpResponse | StreamingHttpResponse:
    refusal = ""
    if request.method == "POST":
        form = ExtractForm(request.POST)
        if form.is_valid():
            try:
                lines = disclose_extract(
                    request.user,
                    _window(form),
                    recipients=form.cleaned_data["recipients"],
                    purpose=form.cleaned_data["purpose"],
                )
            except ExtractRefused as exc:
                refusal = str(exc)
            else:
                # Streamed: a cohort of any size in the memory of one chunk of people.
                response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = (
                    'attachment; filename="mydirection-pseudonymised-extract.csv"'
                )
                return response
    else:
        start, end = default_window(timezone.localdate())
        form = ExtractForm(
            initial={"office": default_office(), "window_start": start, "window_end": end}
        )
    return render(
        request,
        "evaluation/extract.html",
        {
            "form": form,
            "refusal": refusal,
            "refusal_list": [refusal],
            "minimum": MIN_EXTRACT_COHORT,
        },
    )


@require_safe
@requires(Capability.EVALUATE)
def monitoring_dashboard(request: StaffRequest) -> HttpResponse:
    default = last_whole_months(timezone.localdate())
    form = MonitoringForm(
        request.GET or None, initial={"since": default.since, "until": default.until}
    )
    # Until a valid choice: every office by office, the last 12 months (errors shown).
    office, by, period = None, monitoring.Dimension.OFFICE, default
    if form.is_valid():
        office = form.cleaned_data["office"]
        by = monitoring.Dimension(form.cleaned_data["by"] or monitoring.Dimension.OFFICE)
        period = form.period()
    figures = []
    # Read-only aggregates, which may be a few seconds behind: the read replica; the figures
    # that read the same summaries share one reading of them.
    with replica_reads(), monitoring.one_reading():
        for figure in monitoring.FIGURES:
            entry: dict[str, Any] = {"figure": figure, "shown": None}
            if figure.compute is not None and by in figure.dimensions:
                rows = figure.compute(by, office.pk if office else None, period)
                entry["shown"] = shown_figure(figure, rows, by)
            figures.append(entry)
    return render(
        request,
        "evaluation/monitoring.html",
        {
            "form": form,
            # Figures that cannot be cut this way are named once, not shown empty one by one.
            "figures": [e for e in figures if e["shown"] is not None or not e["figure"].recorded],
            "not_this_way": [
                e["figure"] for e in figures if e["shown"] is None and e["figure"].recorded
            ],
            "by_label": monitoring.DIMENSION_LABELS[by],
            "office": office,
            "period": period,
            "whole_months": period == default,
        },
    )


def _fund_form(request: StaffRequest) -> FundReportForm:
    # Bound even with no query: every field is optional, so the first view shows every pot
    # over the whole time.
    return FundReportForm(request.GET or {})


def _period_text(scope: Scope) -> str:
    def day(value: date) -> str:
        return f"{value:%-d %B %Y}"

    if scope.start and scope.end:
        return f"{day(scope.start)} to {day(scope.end)}"
    if scope.start:
        return f"from {day(scope.start)}"
    if scope.end:
        return f"until {day(scope.end)}"
    if scope.fund is not None:
        return f"the pot's whole period, {day(scope.fund.starts_on)} to {day(scope.fund.ends_on)}"
    return "the whole time"


@require_safe
@requires(Capability.EVALUATE)
def fund_report(request: StaffRequest) -> HttpResponse:
    """The Enabling Fund: uses, people and money, by category, provider, office and month;
    how requests were decided and how long it took. Aggregates only."""
    form = _fund_form(request)
    context: dict[str, Any] = {"form": form, "may_extract": may_extract(request.user)}
    if form.is_valid():
        scope = form.scope()
        figures = fund_report_logged(request.user, scope, what="Enabling Fund report")
        context |= {
            "report": shown(figures),
            "pot": scope.fund,
            "period": _period_text(scope),
            "query": request.GET.urlencode(),
        }
    return render(request, "evaluation/fund.html", context)


@require_safe
@requires(Capability.EVALUATE)
def fund_report_csv(request: StaffRequest) -> HttpResponse:
    form = _fund_form(request)
    if not form.is_valid():
        raise Http404
    scope = form.scope()
    figures = fund_report_logged(request.user, scope, what="Enabling Fund report (CSV download)")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enabling-fund-report.csv"'
    title = scope.fund.name if scope.fund else "All pots"
    csv.writer(response).writerows(shown(figures).csv_rows(title, _period_text(scope)))
    return response
