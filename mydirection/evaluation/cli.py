"""The ``evaluate`` command's logic, kept apart from Django so it is easy to test.

The management command only parses arguments into an ``EvaluateRequest`` and prints what
``evaluate`` returns; every problem with the input comes back as an ``EvaluationError``
whose message is one plain sentence, which the command shows on stderr with exit code 2.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from mydirection.evaluation.stats import (
    DataError,
    EffectResult,
    EffectSpec,
    Estimate,
    EvaluationError,
    TreatmentData,
    e_value_for_effect,
    estimate_effect,
    naive_difference,
    power_analysis,
)
from mydirection.evaluation.stats.effects import Effect, Estimator, OutcomeModel, TreatmentModel

OutputFormat = Literal["text", "json"]

ESTIMATOR_NAMES = {
    "ra": "regression adjustment",
    "ipw": "inverse probability weighting",
    "aipw": "augmented inverse probability weighting (doubly robust)",
    "match": "propensity-score matching (nearest neighbour)",
    "naive": "unadjusted difference",
}
ESTIMAND_NAMES = {
    "ATET": "average treatment effect on the treated (ATET)",
    "ATE": "average treatment effect (ATE)",
}
SE_NAMES = {
    "robust": "robust, from the estimating equations (as Stata's teffects)",
    "bootstrap": "bootstrap",
    "abadie-imbens": "Abadie-Imbens robust, for matching",
    "rubin": "combined over imputations by Rubin's rules",
    "welch": "Welch unequal-variance",
    "newcombe": "Newcombe score interval",
}


@dataclass(frozen=True)
class EvaluateRequest:
    csv: Path
    treatment: str
    outcome: str
    covariates: tuple[str, ...]
    estimator: Estimator = "ra"
    outcome_model: OutcomeModel = "linear"
    effect: Effect = "atet"
    treatment_model: TreatmentModel = "logit"
    treatment_covariates: tuple[str, ...] | None = None
    bootstrap: int = 0
    seed: int | None = None
    caliper: float | None = 0.2
    output_format: OutputFormat = "text"

    def spec(self) -> EffectSpec:
        return EffectSpec(
            estimator=self.estimator,
            effect=self.effect,
            outcome_model=self.outcome_model,
            treatment_model=self.treatment_model,
            bootstrap=self.bootstrap,
            seed=self.seed,
            caliper=self.caliper,
        )


def parse_column_list(text: str | None, what: str = "covariates") -> tuple[str, ...]:
    """'a, b,c' -> ('a', 'b', 'c'); an empty list is refused, as is an empty name."""
    if text is None or not text.strip():
        raise DataError(f"no {what} given (use a comma-separated list of column names)")
    names = tuple(part.strip() for part in text.split(","))
    if any(not name for name in names):
        raise DataError(f"the list of {what} has an empty name (check the commas)")
    return names


def parse_caliper(text: str | None) -> float | None:
    """A caliper in standard deviations; 'none' for matching without one."""
    if text is None:
        return 0.2
    if text.strip().lower() == "none":
        return None
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"the caliper must be a number or 'none', not {text!r}") from None
    return value


def load_csv(path: Path) -> pd.DataFrame:
    """Read a CSV file, turning every way it can fail into one sentence."""
    if not path.exists():
        raise DataError(f"file '{path}' does not exist")
    if path.is_dir():
        raise DataError(f"'{path}' is a folder, not a CSV file")
    try:
        frame = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise DataError(f"file '{path}' is empty") from None
    except pd.errors.ParserError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unknown problem"
        raise DataError(f"file '{path}' could not be read as CSV: {first}") from None
    except UnicodeDecodeError:
        raise DataError(f"file '{path}' is not a UTF-8 text CSV file") from None
    except OSError as exc:
        raise DataError(f"file '{path}' could not be read: {exc.strerror or exc}") from None
    if frame.shape[0] == 0:
        raise DataError(f"file '{path}' has a header but no rows")
    return frame


@dataclass(frozen=True)
class EvaluationReport:
    request: EvaluateRequest
    result: EffectResult
    naive: EffectResult
    n_rows: int
    n_dropped: int
    power: dict[str, float | int | str] | None
    e_value: dict[str, float | str] | None


def run(request: EvaluateRequest) -> EvaluationReport:
    frame = load_csv(request.csv)
    data = TreatmentData.from_frame(
        frame,
        request.treatment,
        request.outcome,
        request.covariates,
        request.treatment_covariates,
    )
    try:
        result = estimate_effect(data, request.spec())
    except np.linalg.LinAlgError:
        raise EvaluationError(
            "the model could not be fitted (a singular matrix); check for covariates that "
            "duplicate one another or barely vary"
        ) from None
    naive = naive_difference(data)
    return EvaluationReport(
        request=request,
        result=result,
        naive=naive,
        n_rows=int(frame.shape[0]),
        n_dropped=data.n_dropped,
        power=_power(result, naive),
        e_value=_e_value(result, request.outcome),
    )


def _power(result: EffectResult, naive: EffectResult) -> dict[str, float | int | str] | None:
    """Power and MDE at the actual group sizes, for a 0/1 outcome (a reoffending rate)."""
    if not result.outcome_is_binary:
        return None
    base = naive.po_mean_control.value
    difference = result.effect.value
    if not 0 < base < 1 or not 0 < base + difference < 1 or difference == 0:
        return None
    try:
        analysis = power_analysis(result.n_treated, result.n_control, base, difference)
    except EvaluationError:
        return None
    return {
        "base_rate": analysis.base_rate,
        "difference": analysis.difference,
        "mde_decrease": analysis.mde_decrease,
        "mde_increase": analysis.mde_increase,
        "power_for_difference": analysis.power_for_difference,
        "treated_needed_for_difference": analysis.treated_needed_for_difference,
        "description": analysis.describe(),
    }


def _e_value(result: EffectResult, outcome: str) -> dict[str, float | str] | None:
    if not result.outcome_is_binary:
        return None
    try:
        ev = e_value_for_effect(result)
    except EvaluationError:
        return None
    return {
        "risk_ratio": ev.risk_ratio,
        "risk_ratio_ci_low": ev.ci_low,
        "risk_ratio_ci_high": ev.ci_high,
        "e_value": ev.e_value,
        "e_value_ci": ev.e_value_ci,
        "description": ev.describe(f"'{outcome}'"),
    }


def evaluate(request: EvaluateRequest) -> str:
    """Run the analysis and return the output to print (text or JSON)."""
    report = run(request)
    if request.output_format == "json":
        return format_json(report)
    return format_text(report)


def _finite_or_none(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite_or_none(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite_or_none(v) for v in value]
    return value


def format_json(report: EvaluationReport) -> str:
    out = report.result.to_dict()
    out.update(
        {
            "treatment": report.request.treatment,
            "outcome": report.request.outcome,
            "n_rows": report.n_rows,
            "n_dropped_missing": report.n_dropped,
            "naive": {
                "estimate": report.naive.effect.value,
                "std_error": report.naive.effect.std_error,
                "ci_low": report.naive.effect.ci_low,
                "ci_high": report.naive.effect.ci_high,
                "p_value": report.naive.effect.p_value,
                "mean_treated": report.naive.po_mean_treated.value,
                "mean_control": report.naive.po_mean_control.value,
                "se_method": report.naive.se_method,
            },
            "power": report.power,
            "e_value": report.e_value,
        }
    )
    return json.dumps(_finite_or_none(out), indent=2, allow_nan=False)


def _number(value: float, binary: bool, difference: bool = False) -> str:
    if not math.isfinite(value):
        return "n/a"
    if binary:
        return f"{value * 100:+.1f} pts" if difference else f"{value * 100:.1f}%"
    magnitude = abs(value)
    decimals = 3 if magnitude < 10 else 2 if magnitude < 1000 else 1
    return f"{value:+,.{decimals}f}" if difference else f"{value:,.{decimals}f}"


def _p(value: float) -> str:
    if not math.isfinite(value):
        return "n/a"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _row(label: str, est: Estimate, binary: bool, difference: bool) -> str:
    interval = (
        f"{_number(est.ci_low, binary, difference)} to {_number(est.ci_high, binary, difference)}"
    )
    se = (
        _number(est.std_error, binary, False).replace("%", " pts")
        if binary
        else (_number(est.std_error, binary, False))
    )
    return (
        f"  {label:<34} {_number(est.value, binary, difference):>12}  {se:>10}  "
        f"{interval:>28}  {_p(est.p_value) if difference else '':>7}"
    )


def _in_words(result: EffectResult, outcome: str) -> str:
    eff = result.effect
    binary = result.outcome_is_binary
    who = "the treated group" if result.estimand == "ATET" else "everyone"
    if binary:
        size = f"{abs(eff.value) * 100:.1f} percentage points"
        span = f"{eff.ci_low * 100:+.1f} to {eff.ci_high * 100:+.1f} points"
        what = f"the rate of '{outcome}'"
    else:
        size = f"{abs(eff.value):,.4g}"
        span = f"{eff.ci_low:+,.4g} to {eff.ci_high:+,.4g}"
        what = f"'{outcome}'"
    direction = "lower" if eff.value < 0 else "higher"
    if eff.value == 0:
        first = f"For {who}, the estimated effect on {what} is zero"
    else:
        first = (
            f"For {who}, {what} is estimated to be {size} {direction} than it would have been "
            "without the intervention"
        )
    if eff.significant:
        verdict = "This is statistically significant at the 5% level."
    else:
        verdict = (
            "This is not statistically significant at the 5% level: the interval includes no "
            "effect."
        )
    return f"{first} (95% interval {span}). {verdict}"


def format_text(report: EvaluationReport) -> str:
    r = report.result
    req = report.request
    binary = r.outcome_is_binary
    models = []
    if r.outcome_model:
        models.append(f"{r.outcome_model} outcome model")
    if r.treatment_model:
        models.append(f"{r.treatment_model} treatment model")
    method = ESTIMATOR_NAMES[r.estimator] + (f" ({', '.join(models)})" if models else "")
    if r.estimand == "ATET":
        treated_label, control_label = "Treated: observed", "Treated: without intervention"
    else:
        treated_label, control_label = "Everyone: with intervention", "Everyone: without it"
    lines = [
        f"Effect of '{req.treatment}' on '{req.outcome}'",
        f"Estimator:   {method}",
        f"Estimand:    {ESTIMAND_NAMES[r.estimand]}",
        f"People:      {r.n_treated:,} treated and {r.n_control:,} comparison "
        f"({report.n_rows:,} rows read, {report.n_dropped:,} left out for missing values)",
        f"Covariates:  {', '.join(r.covariates) if r.covariates else 'none'}",
        "",
        f"  {'':<34} {'estimate':>12}  {'std. error':>10}  {'95% interval':>28}  {'p-value':>7}",
        _row(f"Effect ({r.estimand})", r.effect, binary, True),
        _row(treated_label, r.po_mean_treated, binary, False),
        _row(
            control_label,
            r.po_mean_control,
            binary,
            False,
        ),
        _row("Unadjusted difference", report.naive.effect, binary, True),
        "",
        f"Standard errors: {SE_NAMES[r.se_method]}.",
    ]
    if r.bootstrap is not None:
        b = r.bootstrap
        lines.append(
            f"Bootstrap: {b.replications:,} replications, seed {b.seed}"
            + (f", {b.failed} failed" if b.failed else "")
            + f"; percentile interval {_number(b.percentile_low, binary, True)} to "
            f"{_number(b.percentile_high, binary, True)}."
        )
    lines += ["", "In words: " + _in_words(r, req.outcome)]
    if report.power is not None:
        lines += ["", "Power: " + str(report.power["description"])]
    if report.e_value is not None:
        lines += ["", "Sensitivity: " + str(report.e_value["description"])]
    if r.notes:
        lines += ["", "Notes:"] + [f"  - {note}" for note in r.notes]
    return "\n".join(lines)
