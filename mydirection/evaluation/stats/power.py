"""Power and minimum detectable effect for comparing two proportions.

Uses statsmodels' normal-approximation power for Cohen's arcsine effect size h, which is
what reproduces the pilot's reference figures: at 84 against 529 with a base rate of 15.1%,
the smallest reduction detectable with 80% power (two-sided 5%) is about 9.7 points; the
power to detect the observed 1.6 points is about 7%; detecting 1.6 points would have needed
about 4,350 treated people at the same ratio of comparison to treated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from .errors import EvaluationError

Direction = Literal["decrease", "increase"]
MAX_TREATED = 10**9


def _check_rate(rate: float, name: str) -> None:
    if not 0 < rate < 1:
        raise EvaluationError(f"the {name} must be strictly between 0 and 1")


def power_two_proportions(
    n_treated: float,
    n_control: float,
    rate_control: float,
    rate_treated: float,
    alpha: float = 0.05,
) -> float:
    """Probability that a two-sided test at ``alpha`` detects the difference in rates."""
    _check_rate(rate_control, "comparison rate")
    _check_rate(rate_treated, "treated rate")
    if n_treated <= 0 or n_control <= 0:
        raise EvaluationError("group sizes must be positive")
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    h = proportion_effectsize(rate_treated, rate_control)
    return float(
        NormalIndPower().power(abs(h), nobs1=n_treated, alpha=alpha, ratio=n_control / n_treated)
    )


def minimum_detectable_difference(
    n_treated: float,
    n_control: float,
    base_rate: float,
    power: float = 0.8,
    alpha: float = 0.05,
    direction: Direction = "decrease",
) -> float:
    """Smallest change in the rate (as a proportion, positive) detectable with ``power``.

    Infinity if no change within [0, 1] is detectable (groups far too small).
    """
    _check_rate(base_rate, "base rate")
    sign = -1.0 if direction == "decrease" else 1.0
    room = base_rate if direction == "decrease" else 1.0 - base_rate
    edge = room * (1 - 1e-9)

    def gap(d: float) -> float:
        return (
            power_two_proportions(n_treated, n_control, base_rate, base_rate + sign * d, alpha)
            - power
        )

    if gap(edge) < 0:
        return math.inf
    from scipy import optimize  # slow import, used here only

    return float(optimize.brentq(gap, 1e-9, edge, xtol=1e-10))


def treated_needed(
    base_rate: float,
    difference: float,
    control_per_treated: float,
    power: float = 0.8,
    alpha: float = 0.05,
) -> int:
    """People needed in the treated group (with the given comparison ratio) for ``power``."""
    _check_rate(base_rate, "base rate")
    _check_rate(base_rate + difference, "rate after the difference")
    if difference == 0:
        raise EvaluationError("no sample size can detect a difference of zero")
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    h = abs(proportion_effectsize(base_rate + difference, base_rate))
    n = NormalIndPower().solve_power(
        effect_size=h, alpha=alpha, power=power, ratio=control_per_treated
    )
    return min(math.ceil(float(n)), MAX_TREATED)


@dataclass(frozen=True)
class PowerAnalysis:
    n_treated: int
    n_control: int
    base_rate: float
    difference: float  # the difference asked about (for example, the one observed)
    alpha: float
    target_power: float
    mde_decrease: float
    mde_increase: float
    power_for_difference: float
    treated_needed_for_difference: int

    def describe(self) -> str:
        """Plain British English, for a report."""
        points = abs(self.difference) * 100
        change = "reduction" if self.difference < 0 else "increase"
        article = "A" if self.difference < 0 else "An"
        mde = self.mde_decrease if self.difference < 0 else self.mde_increase
        mde_text = (
            "no change could be detected reliably"
            if not math.isfinite(mde)
            else f"the smallest {change} the study could reliably detect ({self.target_power:.0%} "
            f"power, two-sided {self.alpha:.0%} test) was {mde * 100:.1f} percentage points"
        )
        only = "only " if self.power_for_difference < 0.5 else ""
        verdict = (
            "The study was too small to detect a difference of this size."
            if self.power_for_difference < 0.5
            else "The study was large enough to have a fair chance of detecting it."
        )
        return (
            f"With {self.n_treated:,} people in the intervention group and "
            f"{self.n_control:,} in the comparison group, and a comparison rate of "
            f"{self.base_rate:.1%}, {mde_text}. {article} {change} of {points:.1f} points "
            f"would have been detected with a probability of {only}"
            f"{self.power_for_difference:.0%}; about "
            f"{self.treated_needed_for_difference:,} people in the intervention group (with "
            f"the same ratio of comparison to intervention) would be needed to detect it with "
            f"{self.target_power:.0%} power. {verdict}"
        )


def power_analysis(
    n_treated: int,
    n_control: int,
    base_rate: float,
    difference: float,
    power: float = 0.8,
    alpha: float = 0.05,
) -> PowerAnalysis:
    """Everything a report needs about power for a difference in rates (negative = fewer)."""
    return PowerAnalysis(
        n_treated=n_treated,
        n_control=n_control,
        base_rate=base_rate,
        difference=difference,
        alpha=alpha,
        target_power=power,
        mde_decrease=minimum_detectable_difference(
            n_treated, n_control, base_rate, power, alpha, "decrease"
        ),
        mde_increase=minimum_detectable_difference(
            n_treated, n_control, base_rate, power, alpha, "increase"
        ),
        power_for_difference=power_two_proportions(
            n_treated, n_control, base_rate, base_rate + difference, alpha
        ),
        treated_needed_for_difference=treated_needed(
            base_rate, difference, n_control / n_treated, power, alpha
        ),
    )
