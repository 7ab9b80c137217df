"""From per-person influence values to an effect with robust standard errors.

Each estimator here is an M-estimator: its coefficients and potential-outcome means solve
stacked estimating equations. Rather than build Stata's full sandwich A^-1 B A^-T (whose
size grows with the covariates and whose A is block triangular anyway), each estimator
computes every person's influence on the two means directly: the person's own term plus
what they do to the fitted models' coefficients. The sandwich variance of a mean is then
the sum of squared influences, exactly the corresponding diagonal element of Stata's
``vce(robust)``, without a small-sample factor (``teffects`` uses none).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from .inference import normal_estimate
from .results import EffectResult, Estimand, EstimatorName

FloatArray = NDArray[np.float64]


def effect_from_influence(
    *,
    estimator: EstimatorName,
    estimand: Estimand,
    mu_treated: float,
    mu_control: float,
    influence_treated: FloatArray,
    influence_control: FloatArray,
    n_treated: int,
    n_control: int,
    covariates: tuple[str, ...],
    outcome_is_binary: bool,
    outcome_model: str | None = None,
    treatment_model: str | None = None,
    notes: tuple[str, ...] = (),
    n_excluded: int = 0,
) -> EffectResult:
    var1 = float(influence_treated @ influence_treated)
    var0 = float(influence_control @ influence_control)
    cov = float(influence_treated @ influence_control)
    diff = influence_treated - influence_control
    var_effect = float(diff @ diff)
    return EffectResult(
        estimator=estimator,
        estimand=estimand,
        effect=normal_estimate(mu_treated - mu_control, math.sqrt(max(var_effect, 0.0))),
        po_mean_treated=normal_estimate(mu_treated, math.sqrt(var1)),
        po_mean_control=normal_estimate(mu_control, math.sqrt(var0)),
        po_covariance=cov,
        n_treated=n_treated,
        n_control=n_control,
        se_method="robust",
        outcome_model=outcome_model,
        treatment_model=treatment_model,
        covariates=covariates,
        outcome_is_binary=outcome_is_binary,
        n_excluded=n_excluded,
        notes=notes,
    )


def observed_mean_influence(y: FloatArray, mask: NDArray[np.bool_]) -> tuple[float, FloatArray]:
    """The mean of y over ``mask`` and each person's influence on it (zero outside)."""
    count = int(mask.sum())
    mu = float(y[mask].mean())
    phi = np.zeros_like(y)
    phi[mask] = (y[mask] - mu) / count
    return mu, phi
