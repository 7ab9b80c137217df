"""Regression adjustment (Stata ``teffects ra``) with a linear or logit outcome model.

A separate outcome model is fitted in each group; a potential-outcome mean is the average
prediction of one group's model over the people of interest (everyone for the ATE, the
treated for the ATET). Standard errors come from the stacked estimating equations.

For the ATET only the comparison group's model is fitted. With a constant in the model,
the treated group's own model would average back exactly to their observed mean (the
normal equation for the constant, which for logit holds because its link is canonical),
and its influence on that mean reduces to y_i - mean; so fitting it adds nothing but a way
to fail, such as separation in a small treated group. The result equals Stata's to
rounding, standard errors included.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from . import glm
from .data import TreatmentData
from .errors import DataError
from .influence import effect_from_influence, observed_mean_influence
from .results import EffectResult

OutcomeModel = Literal["linear", "logit"]
Effect = Literal["ate", "atet"]

TREATED_LABEL = "the treated group"
CONTROL_LABEL = "the comparison group"


def regression_adjustment(
    data: TreatmentData, effect: Effect = "atet", *, outcome_model: OutcomeModel = "linear"
) -> EffectResult:
    x, y, t = data.outcome_design, data.outcome, data.treated
    if outcome_model == "logit" and not data.outcome_is_binary:
        raise DataError("a logit outcome model needs a 0/1 outcome")
    control = ~t
    model0 = glm.fit(outcome_model, x[control], y[control], data.outcome_names, CONTROL_LABEL)

    if effect == "atet":
        mu1, phi1 = observed_mean_influence(y, t)
        mu0, phi0 = _average_prediction(model0, x, y, control, t)
    else:
        model1 = glm.fit(outcome_model, x[t], y[t], data.outcome_names, TREATED_LABEL)
        everyone = np.ones_like(t)
        mu1, phi1 = _average_prediction(model1, x, y, t, everyone)
        mu0, phi0 = _average_prediction(model0, x, y, control, everyone)

    return effect_from_influence(
        estimator="ra",
        estimand="ATET" if effect == "atet" else "ATE",
        mu_treated=mu1,
        mu_control=mu0,
        influence_treated=phi1,
        influence_control=phi0,
        n_treated=data.n_treated,
        n_control=data.n_control,
        covariates=data.covariate_names,
        outcome_is_binary=data.outcome_is_binary,
        outcome_model=outcome_model,
    )


def _average_prediction(
    model: glm.FittedModel,
    x: glm.FloatArray,
    y: glm.FloatArray,
    fitted_on: np.ndarray,
    averaged_over: np.ndarray,
) -> tuple[float, glm.FloatArray]:
    """Mean prediction over ``averaged_over`` and each person's influence on it.

    Estimating equation: sum over the averaged group of (prediction_i - mu) = 0; its
    derivative with respect to the coefficients is sum(m'(eta_i) x_i) over that group.
    """
    xs = x[averaged_over]
    eta = xs @ model.params
    prediction = glm.mean(model.family, eta)
    count = xs.shape[0]
    mu = float(prediction.mean())
    gradient = glm.mean_derivative(model.family, eta) @ xs
    phi = np.zeros(x.shape[0])
    phi[averaged_over] = prediction - mu
    phi[fitted_on] += glm.influence_correction(model, x[fitted_on], y[fitted_on], gradient)
    return mu, phi / count
