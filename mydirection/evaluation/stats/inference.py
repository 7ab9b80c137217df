"""Normal-theory intervals and p-values, shared by every estimator.

Stata's ``teffects`` reports z statistics (no degrees-of-freedom correction) for its robust
standard errors; we do the same so the validation against its published output is exact.
Distribution functions come from ``scipy.special``: importing ``scipy.stats`` costs seconds,
which the command line would pay on every run.
"""

import math

from scipy import special

from .results import Estimate

Z_95 = float(special.ndtri(0.975))


def normal_two_sided_p(z: float) -> float:
    return float(2 * special.ndtr(-abs(z)))


def t_two_sided_p(t: float, df: float) -> float:
    return float(2 * special.stdtr(df, -abs(t)))


def t_quantile(q: float, df: float) -> float:
    return float(special.stdtrit(df, q))


def normal_estimate(value: float, std_error: float, level: float = 0.95) -> Estimate:
    """An estimate with a symmetric normal interval and a two-sided p-value against zero."""
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    if not math.isfinite(std_error) or std_error < 0:
        return Estimate(value, std_error, math.nan, math.nan, math.nan)
    z = float(special.ndtri(0.5 + level / 2))
    if std_error == 0:
        p_value = 1.0 if value == 0 else 0.0
    else:
        p_value = normal_two_sided_p(value / std_error)
    return Estimate(value, std_error, value - z * std_error, value + z * std_error, p_value)


def t_estimate(value: float, std_error: float, df: float, level: float = 0.95) -> Estimate:
    """An estimate with a Student-t interval (used after multiple imputation and for Welch)."""
    if not math.isfinite(df) or df <= 0:
        return normal_estimate(value, std_error, level)
    q = t_quantile(0.5 + level / 2, df)
    p_value = 1.0 if std_error == 0 and value == 0 else 0.0
    if std_error > 0:
        p_value = t_two_sided_p(value / std_error, df)
    return Estimate(value, std_error, value - q * std_error, value + q * std_error, p_value)
