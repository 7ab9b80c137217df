"""The impact report: every figure of the evaluation page, aggregate and suppressed.

Everything shown or downloaded comes from ``impact_report`` as text already passed through
``count_text`` and ``share_text``, so small numbers are suppressed in one place: a count
under ``SMALL_NUMBER`` (or a share whose count, or whose complement, is under it) reads
"fewer than 5". Estimates are models over the whole cohort and are not suppressed, but
they are only made when both groups have at least ``SMALL_NUMBER`` people.

The models follow the pilot: regression adjustment, ATET, logit outcome model; model 1 on
gender, age and OGRS3, model 2 adding deprivation, each on its own complete cases. Only
people whose year of follow-up is over are analysed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mydirection.evaluation.cohorts import Cohort
from mydirection.evaluation.stats import (
    EffectResult,
    EffectSpec,
    EvaluationError,
    TreatmentData,
    adjustment_weights,
    balance_table,
    e_value_for_effect,
    estimate_effect,
    naive_difference,
    power_analysis,
    power_two_proportions,
)
from mydirection.evaluation.suppression import (
    SMALL_NUMBER,
    SUPPRESSED,
    count_text,
    is_small,
    share_text,
)

ILLUSTRATIVE_DIFFERENCE = 0.02  # "a 2-point difference would be missed"

MODELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Model 1: gender, age and OGRS3", ("male", "age", "ogrs3")),
    ("Model 2: model 1 and deprivation", ("male", "age", "ogrs3", "deprivation")),
)
# The pilot's Table 2, in its order: covariate, label.
BALANCE_ROWS: tuple[tuple[str, str], ...] = (
    ("male", "Men"),
    ("age", "Mean age"),
    ("white_british", "White British (where recorded)"),
    ("ogrs3", "Mean OGRS3"),
    ("deprivation", "Mean deprivation decile (1 is most deprived)"),
    ("domestic_abuse_perpetrator", "Domestic abuse perpetrator"),
    ("domestic_abuse_history", "History of domestic abuse"),
    ("mental_health", "Mental health needs"),
    ("mental_illness", "Diagnosed mental illness"),
    ("unsettled_accommodation", "Unsettled accommodation"),
    ("unemployed", "Unemployed"),
    ("unpaid_work", "Unpaid work requirement"),
    ("accredited_programme", "Accredited programme requirement"),
    ("drug_rehabilitation", "Drug rehabilitation requirement"),
    ("alcohol_treatment", "Alcohol treatment requirement"),
)


def points(value: float) -> str:
    return "n/a" if not math.isfinite(value) else f"{value * 100:+.1f}"


@dataclass(frozen=True)
class GroupRow:
    label: str
    people: str
    reoffended: str
    rate: str


@dataclass(frozen=True)
class BalanceLine:
    label: str
    treated: str
    control: str
    treated_weighted: str
    control_weighted: str
    smd: float
    smd_weighted: float | None
    missing_treated: str
    missing_control: str


@dataclass(frozen=True)
class ModelLine:
    label: str
    covariates: tuple[str, ...]
    people: str
    left_out: str
    atet: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    counterfactual_rate: float | None = None
    problem: str = ""

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05

    @property
    def atet_text(self) -> str:
        return "" if self.atet is None else points(self.atet)

    @property
    def ci_text(self) -> str:
        if self.ci_low is None or self.ci_high is None:
            return ""
        return f"{points(self.ci_low)} to {points(self.ci_high)}"

    @property
    def p_text(self) -> str:
        if self.p_value is None:
            return ""
        return "<0.001" if self.p_value < 0.001 else f"{self.p_value:.3f}"


@dataclass
class ImpactReport:
    office: str
    window_start: object
    window_end: object
    cohort_size: str
    treated: str
    control: str
    left_out: str
    follow_up_incomplete: str
    analysable: bool
    problem: str = ""
    groups: list[GroupRow] = field(default_factory=list)
    naive: ModelLine | None = None
    models: list[ModelLine] = field(default_factory=list)
    balance: list[BalanceLine] = field(default_factory=list)
    weighting: str = ""
    power_words: str = ""
    power_detail: str = ""
    e_value_words: str = ""

    @property
    def lines(self) -> list[ModelLine]:
        return [m for m in [self.naive, *self.models] if m is not None]

    def csv_rows(self) -> list[list[str]]:
        """The aggregate tables, one after another, for the CSV download."""
        rows: list[list[str]] = [
            ["MyDirection impact evaluation", self.office],
            ["Orders starting", f"{self.window_start} to {self.window_end}"],
            ["People in the cohort", self.cohort_size],
            ["Left out (restricted cases or consent withdrawn)", self.left_out],
            [],
            ["Group", "People", "Reoffended within a year", "Rate"],
        ]
        rows += [[g.label, g.people, g.reoffended, g.rate] for g in self.groups]
        rows += [
            [],
            ["Estimate", "People", "Effect (points)", "95% low", "95% high", "p-value"],
        ]
        for m in [self.naive, *self.models]:
            if m is None:
                continue
            if m.atet is None:
                rows.append([m.label, m.people, m.problem])
                continue
            rows.append(
                [
                    m.label,
                    m.people,
                    points(m.atet),
                    points(m.ci_low or math.nan),
                    points(m.ci_high or math.nan),
                    f"{m.p_value:.3f}" if m.p_value is not None else "",
                ]
            )
        rows += [
            [],
            [
                "Characteristic",
                "Intervention",
                "Comparison",
                "SMD",
                "Intervention (weighted)",
                "Comparison (weighted)",
                "SMD (weighted)",
            ],
        ]
        for b in self.balance:
            rows.append(
                [
                    b.label,
                    b.treated,
                    b.control,
                    f"{b.smd:.2f}",
                    b.treated_weighted,
                    b.control_weighted,
                    "" if b.smd_weighted is None else f"{b.smd_weighted:.2f}",
                ]
            )
        rows += [[], ["Power", self.power_words], ["Sensitivity", self.e_value_words]]
        return rows


def _estimate(
    frame: pd.DataFrame, label: str, covariates: tuple[str, ...]
) -> tuple[ModelLine, EffectResult | None]:
    try:
        data = TreatmentData.from_frame(frame, "treated", "reoffended", list(covariates))
        result = estimate_effect(data, EffectSpec("ra", "atet", "logit"))
    except (EvaluationError, np.linalg.LinAlgError) as exc:
        line = ModelLine(label, covariates, "", "", problem=f"Could not be estimated: {exc}.")
        return line, None
    return _line(label, covariates, result, data.n_dropped), result


def _line(label: str, covariates: tuple[str, ...], result: EffectResult, dropped: int) -> ModelLine:
    e = result.effect
    return ModelLine(
        label=label,
        covariates=covariates,
        people=f"{count_text(result.n_treated)} against {count_text(result.n_control)}",
        left_out=count_text(dropped) if dropped else "none",
        atet=e.value,
        ci_low=e.ci_low,
        ci_high=e.ci_high,
        p_value=e.p_value,
        counterfactual_rate=result.po_mean_control.value,
    )


def _balance(frame: pd.DataFrame) -> tuple[list[BalanceLine], str]:
    """Table 2 before and after inverse probability weighting on model 1's covariates."""
    covariates = [c for c, _ in BALANCE_ROWS]
    weights = None
    weighting = ""
    try:
        data = TreatmentData.from_frame(frame, "treated", "reoffended", list(MODELS[0][1]))
        w = adjustment_weights(data, EffectSpec("ipw", "atet"))
        if w is not None and data.rows is not None:
            weights = np.full(frame.shape[0], np.nan)
            weights[data.rows] = w
            weighting = "inverse probability weights from a logit on gender, age and OGRS3"
    except (EvaluationError, np.linalg.LinAlgError):
        weights = None
    table = balance_table(frame, "treated", covariates, weights=weights, adjustment=weighting)
    treated = frame["treated"] == 1
    lines = []
    labels = dict(BALANCE_ROWS)
    for row in table.rows:
        column = frame[row.covariate]
        present_t = int(column[treated].notna().sum())
        present_c = int(column[~treated].notna().sum())
        if row.binary:
            count_t = int(column[treated].sum())
            count_c = int(column[~treated].sum())
            before_t, before_c = share_text(count_t, present_t), share_text(count_c, present_c)
        else:
            before_t = SUPPRESSED if is_small(present_t) else f"{row.mean_treated:.1f}"
            before_c = SUPPRESSED if is_small(present_c) else f"{row.mean_control:.1f}"

        def weighted(value: float | None, shown: str, binary: bool = row.binary) -> str:
            # A weighted figure is hidden wherever its unweighted cell is.
            if shown == SUPPRESSED:
                return SUPPRESSED
            if value is None or not math.isfinite(value):
                return ""
            return f"{100 * value:.1f}%" if binary else f"{value:.1f}"

        n_t, n_c = int(treated.sum()), int((~treated).sum())
        missing_t, missing_c = n_t - present_t, n_c - present_c
        lines.append(
            BalanceLine(
                label=labels[row.covariate],
                treated=before_t,
                control=before_c,
                treated_weighted=weighted(row.mean_treated_adjusted, before_t),
                control_weighted=weighted(row.mean_control_adjusted, before_c),
                smd=row.smd,
                smd_weighted=row.smd_adjusted,
                missing_treated=share_text(missing_t, n_t) if missing_t else "none",
                missing_control=share_text(missing_c, n_c) if missing_c else "none",
            )
        )
    return lines, weighting


def _power_words(n1: int, n0: int, base: float, model: ModelLine) -> tuple[str, str]:
    if not 0 < base < 1 or model.atet is None or model.atet == 0:
        return "", ""
    try:
        analysis = power_analysis(n1, n0, base, model.atet)
        two = power_two_proportions(n1, n0, base, base - ILLUSTRATIVE_DIFFERENCE)
    except EvaluationError:
        return "", ""
    mde = analysis.mde_decrease
    if not math.isfinite(mde):
        words = (
            f"With {n1:,} against {n0:,} people, this evaluation could not reliably have "
            "detected any difference in reoffending."
        )
    else:
        missed = "would be missed" if two < 0.5 else "would probably be detected"
        words = (
            f"With {n1:,} against {n0:,} people, this evaluation could only have detected a "
            f"difference of at least {mde * 100:.1f} points in the reoffending rate; a 2-point "
            f"difference {missed} (it would be found {two:.0%} of the time)."
        )
    return words, analysis.describe()


def nothing_to_compare(
    *, n_total: int, n_followed_up: int, n_treated: int, n1: int, n0: int
) -> str:
    """Why a window cannot be analysed, in the words of its cause (issue 20: "700 people: 0 on
    MyDirection, 0 in the comparison group" said nothing of why)."""
    if n_total == 0:
        return "No orders started in this window in this office. Choose another window."
    if n_treated == 0:
        return (
            "Nobody whose order started in this window joined MyDirection, so there is no one "
            "to compare. Choose a window after MyDirection started in this office."
        )
    if n_followed_up == 0:
        return (
            "Nobody in this window has finished their year of follow-up yet, so reoffending "
            "cannot be measured. Choose a window that ended more than a year ago."
        )
    short = "on MyDirection" if is_small(n1) else "in the comparison group"
    return (
        f"There are too few people {short} to analyse: each group needs at least "
        f"{SMALL_NUMBER} people whose year of follow-up is over. Choose a longer window or "
        "another office."
    )


def impact_report(cohort: Cohort) -> ImpactReport:
    frame = cohort.frame
    complete = frame[frame["follow_up_complete"] == 1].reset_index(drop=True)
    n_total = frame.shape[0]
    treated = complete["treated"] == 1
    n1, n0 = int(treated.sum()), int((~treated).sum())
    # The summary counts everyone in the window; the analysis only those followed up a year.
    all_treated = int((frame["treated"] == 1).sum()) if n_total else 0
    report = ImpactReport(
        office=cohort.office,
        window_start=cohort.window_start,
        window_end=cohort.window_end,
        cohort_size=count_text(n_total) if n_total else "0",
        treated=count_text(all_treated) if all_treated else "0",
        control=count_text(n_total - all_treated) if n_total - all_treated else "0",
        left_out=count_text(cohort.n_left_out) if cohort.n_left_out else "none",
        follow_up_incomplete=count_text(n_total - complete.shape[0])
        if n_total - complete.shape[0]
        else "none",
        analysable=not (is_small(n1) or is_small(n0)),
    )
    if not report.analysable:
        report.problem = nothing_to_compare(
            n_total=n_total, n_followed_up=n1 + n0, n_treated=all_treated, n1=n1, n0=n0
        )
        return report
    for label, group in (("Intervention", treated), ("Comparison", ~treated)):
        n = int(group.sum())
        reoffended = int(complete.loc[group, "reoffended"].sum())
        report.groups.append(
            GroupRow(label, count_text(n), count_text(reoffended), share_text(reoffended, n))
        )
    try:
        naive_data = TreatmentData.from_frame(complete, "treated", "reoffended", [])
        report.naive = _line("Unadjusted difference", (), naive_difference(naive_data), 0)
    except EvaluationError as exc:
        report.problem = f"The outcome cannot be analysed: {exc}."
        return report
    fitted = [_estimate(complete, label, cov) for label, cov in MODELS]
    report.models = [line for line, _ in fitted]
    report.balance, report.weighting = _balance(complete)
    base = float(complete.loc[~treated, "reoffended"].mean())
    report.power_words, report.power_detail = _power_words(n1, n0, base, report.models[0])
    first = fitted[0][1]
    if first is not None:
        try:
            report.e_value_words = e_value_for_effect(first).describe("reoffending")
        except EvaluationError:
            report.e_value_words = ""
    return report
