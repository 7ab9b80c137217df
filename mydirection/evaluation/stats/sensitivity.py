"""Sensitivity to unmeasured confounding: the E-value (VanderWeele and Ding 2017).

The E-value is the minimum strength of association, on the risk-ratio scale, that an
unmeasured confounder would need with both the treatment and the outcome, beyond the
measured covariates, to explain away the estimate; the E-value for the interval is the same
for the interval's limit nearest to no effect (1 if the interval already includes it).

For a 0/1 outcome the risk ratio is the ratio of the two potential-outcome means, with a
delta-method interval on the log scale from their estimated covariance. For a continuous
outcome the standardised difference d is converted with RR = exp(0.91 d) (VanderWeele and
Ding's approximation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import EvaluationError
from .inference import Z_95
from .results import EffectResult


@dataclass(frozen=True)
class EValue:
    risk_ratio: float
    ci_low: float
    ci_high: float
    e_value: float
    e_value_ci: float

    def describe(self, outcome: str = "reoffending") -> str:
        if self.e_value_ci <= 1.0:
            tail = (
                "The confidence interval already includes no effect, so no unmeasured "
                "confounding is needed to make the result compatible with no effect."
            )
        else:
            tail = (
                f"To move the confidence interval to include no effect, it would need "
                f"associations of {self.e_value_ci:.2f}."
            )
        return (
            f"To explain away the estimated risk ratio of {self.risk_ratio:.2f}, an unmeasured "
            f"confounder would need to be associated with both the intervention and "
            f"{outcome} by a risk ratio of at least {self.e_value:.2f} each, beyond the "
            f"measured covariates. {tail}"
        )


def _e(rr: float) -> float:
    if rr <= 0 or not math.isfinite(rr):
        raise EvaluationError("a risk ratio must be a positive number")
    if rr < 1:
        rr = 1 / rr
    return rr + math.sqrt(rr * (rr - 1))


def e_value(risk_ratio: float, ci_low: float | None = None, ci_high: float | None = None) -> EValue:
    """E-values for a risk ratio and, if given, its interval."""
    point = _e(risk_ratio)
    lo = math.nan if ci_low is None else ci_low
    hi = math.nan if ci_high is None else ci_high
    if ci_low is None or ci_high is None:
        ci_value = math.nan
    elif ci_low <= 1 <= ci_high:
        ci_value = 1.0
    else:
        ci_value = _e(ci_low if risk_ratio > 1 else ci_high)
    return EValue(risk_ratio, lo, hi, point, ci_value)


def risk_ratio(result: EffectResult) -> tuple[float, float, float]:
    """Ratio of potential-outcome means with a delta-method 95% interval on the log scale."""
    mu1, mu0 = result.po_mean_treated.value, result.po_mean_control.value
    if mu1 <= 0 or mu0 <= 0:
        raise EvaluationError(
            "a risk ratio needs positive rates in both groups (no one reoffended in one group)"
        )
    v1 = result.po_mean_treated.std_error**2
    v0 = result.po_mean_control.std_error**2
    var = v1 / mu1**2 + v0 / mu0**2 - 2 * result.po_covariance / (mu1 * mu0)
    se = math.sqrt(max(var, 0.0))
    log_rr = math.log(mu1 / mu0)
    return math.exp(log_rr), math.exp(log_rr - Z_95 * se), math.exp(log_rr + Z_95 * se)


def e_value_for_effect(result: EffectResult, outcome_sd: float | None = None) -> EValue:
    """E-value for an estimated effect; a continuous outcome needs its standard deviation."""
    if result.outcome_is_binary:
        return e_value(*risk_ratio(result))
    if outcome_sd is None or outcome_sd <= 0:
        raise EvaluationError("an E-value for a continuous outcome needs the outcome's SD")
    scale = 0.91 / outcome_sd
    effect = result.effect
    return e_value(
        math.exp(scale * effect.value),
        math.exp(scale * effect.ci_low),
        math.exp(scale * effect.ci_high),
    )
