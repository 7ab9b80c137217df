"""The unadjusted difference between the groups' outcomes, with its interval.

For a 0/1 outcome (a reoffending rate) the interval is Newcombe's hybrid score interval and
the p-value the score test, both from statsmodels: with groups as small as the pilot's 84,
the Wald interval is too narrow near rates of 10-15%. For a continuous outcome, Welch's
unequal-variance t interval. The reported standard error is the unpooled Wald one, for
reference; the interval does not use it.
"""

from __future__ import annotations

import math

from .data import TreatmentData
from .inference import normal_estimate, normal_two_sided_p, t_quantile, t_two_sided_p
from .results import EffectResult, Estimate, SEMethod


def naive_difference(data: TreatmentData) -> EffectResult:
    from statsmodels.stats.proportion import (
        confint_proportions_2indep,
        test_proportions_2indep,
    )

    y, t = data.outcome, data.treated
    y1, y0 = y[t], y[~t]
    n1, n0 = y1.size, y0.size
    binary = data.outcome_is_binary
    if binary:
        c1, c0 = int(y1.sum()), int(y0.sum())
        p1, p0 = c1 / n1, c0 / n0
        se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
        low, high = confint_proportions_2indep(c1, n1, c0, n0, method="newcomb", compare="diff")
        test = test_proportions_2indep(c1, n1, c0, n0, method="score", compare="diff")
        effect = Estimate(p1 - p0, se, float(low), float(high), float(test.pvalue))
        mean1, mean0 = _rate(c1, n1), _rate(c0, n0)
        method: SEMethod = "newcombe"
    else:
        v1, v0 = float(y1.var(ddof=1)) / n1, float(y0.var(ddof=1)) / n0
        se = math.sqrt(v1 + v0)
        df = (v1 + v0) ** 2 / (v1**2 / (n1 - 1) + v0**2 / (n0 - 1)) if se > 0 else math.inf
        diff = float(y1.mean() - y0.mean())
        q = t_quantile(0.975, df)
        p = t_two_sided_p(diff / se, df) if se > 0 else 1.0
        effect = Estimate(diff, se, diff - q * se, diff + q * se, p)
        mean1 = normal_estimate(float(y1.mean()), math.sqrt(v1))
        mean0 = normal_estimate(float(y0.mean()), math.sqrt(v0))
        method = "welch"
    return EffectResult(
        estimator="naive",
        estimand="ATE",
        effect=effect,
        po_mean_treated=mean1,
        po_mean_control=mean0,
        po_covariance=0.0,
        n_treated=n1,
        n_control=n0,
        se_method=method,
        outcome_is_binary=binary,
    )


def _rate(count: int, n: int) -> Estimate:
    """A proportion with its Wilson score interval (sensible for small counts)."""
    from statsmodels.stats.proportion import proportion_confint

    p = count / n
    low, high = proportion_confint(count, n, method="wilson")
    se = math.sqrt(p * (1 - p) / n)
    z = p / se if se > 0 else math.inf
    return Estimate(p, se, float(low), float(high), normal_two_sided_p(z))


__all__ = ["naive_difference"]
