"""Inverse probability weighting and augmented IPW (doubly robust), ATE and ATET.

IPW follows Stata ``teffects ipw``: normalised (Hajek) weighted means, weights 1/e and
1/(1-e) for the ATE, 1 and e/(1-e) for the ATET. AIPW follows ``teffects aipw`` for the ATE
(unweighted outcome models by maximum likelihood). Stata has no AIPW ATET; ours is the
usual doubly robust estimator of the treated group's counterfactual mean,

    mu0 = sum[ T m0(x) + (1-T) e/(1-e) (y - m0(x)) ] / n_treated,

right if either the comparison-group outcome model or the propensity model is right.

statsmodels' ``TreatmentEffect`` computes the same point estimates but gets its standard
errors by numerically optimising a GMM objective over every parameter (slow, and its IPW
errors depend on how covariates are scaled); the analytic sandwich here does not.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from . import glm
from .data import TreatmentData
from .errors import DataError
from .influence import effect_from_influence, observed_mean_influence
from .propensity import (
    Propensity,
    TreatmentModel,
    check_overlap,
    fit_propensity,
    weight_concentration_note,
)
from .regression_adjustment import CONTROL_LABEL, TREATED_LABEL, OutcomeModel
from .results import EffectResult

Effect = Literal["ate", "atet"]


def balancing_weights(t: np.ndarray, score: glm.FloatArray, effect: Effect) -> glm.FloatArray:
    """The IPW weight of each person (unnormalised)."""
    if effect == "ate":
        return np.where(t, 1.0 / score, 1.0 / (1.0 - score))
    return np.where(t, 1.0, score / (1.0 - score))


def inverse_probability_weighting(
    data: TreatmentData,
    effect: Effect = "atet",
    *,
    treatment_model: TreatmentModel = "logit",
) -> EffectResult:
    ps = fit_propensity(data, treatment_model)
    check_overlap(ps.score, effect)
    t, y = data.treated, data.outcome
    e, de = ps.score, ps.score_derivative

    if effect == "atet":
        mu1, phi1 = observed_mean_influence(y, t)
        w0 = np.where(t, 0.0, e / (1.0 - e))
        dw0 = np.where(t, 0.0, de / (1.0 - e) ** 2)
    else:
        w1 = np.where(t, 1.0 / e, 0.0)
        dw1 = np.where(t, -de / e**2, 0.0)
        mu1, phi1 = _weighted_mean(y, w1, dw1, ps, data)
        w0 = np.where(t, 0.0, 1.0 / (1.0 - e))
        dw0 = np.where(t, 0.0, de / (1.0 - e) ** 2)
    mu0, phi0 = _weighted_mean(y, w0, dw0, ps, data)

    notes = [
        note
        for note in (
            weight_concentration_note(w0[~t], "comparison group"),
            None if effect == "atet" else weight_concentration_note(1.0 / e[t], "treated group"),
        )
        if note
    ]
    return effect_from_influence(
        estimator="ipw",
        estimand="ATET" if effect == "atet" else "ATE",
        mu_treated=mu1,
        mu_control=mu0,
        influence_treated=phi1,
        influence_control=phi0,
        n_treated=data.n_treated,
        n_control=data.n_control,
        covariates=data.treatment_names[1:],
        outcome_is_binary=data.outcome_is_binary,
        treatment_model=treatment_model,
        notes=tuple(notes),
    )


def _weighted_mean(
    y: glm.FloatArray,
    w: glm.FloatArray,
    dw: glm.FloatArray,
    ps: Propensity,
    data: TreatmentData,
) -> tuple[float, glm.FloatArray]:
    """Hajek mean solving sum w_i (y_i - mu) = 0; dw is d w / d eta of the treatment model."""
    total = float(w.sum())
    mu = float(w @ y) / total
    resid = y - mu
    gradient = (dw * resid) @ data.treatment_design
    phi = (w * resid + ps.correction(data, gradient)) / total
    return mu, phi


def augmented_ipw(
    data: TreatmentData,
    effect: Effect = "ate",
    *,
    outcome_model: OutcomeModel = "linear",
    treatment_model: TreatmentModel = "logit",
) -> EffectResult:
    if outcome_model == "logit" and not data.outcome_is_binary:
        raise DataError("a logit outcome model needs a 0/1 outcome")
    ps = fit_propensity(data, treatment_model)
    check_overlap(ps.score, effect)
    x, y, t = data.outcome_design, data.outcome, data.treated
    z = data.treatment_design
    e, de = ps.score, ps.score_derivative
    n = data.n
    control = ~t
    model0 = glm.fit(outcome_model, x[control], y[control], data.outcome_names, CONTROL_LABEL)
    eta0 = model0.linear_predictor(x)
    pred0 = glm.mean(outcome_model, eta0)
    dpred0 = glm.mean_derivative(outcome_model, eta0)

    # Each mean is an average of per-person "augmented" terms; a person's influence is their
    # term's deviation plus what they do, through the fitted coefficients, to everyone's
    # terms: grad_* are the derivatives of the summed terms with respect to the outcome-model
    # (beta) and treatment-model (gamma) coefficients.
    if effect == "atet":
        mu1, phi1 = observed_mean_influence(y, t)
        n1 = data.n_treated
        odds = e / (1.0 - e)
        term = np.where(t, pred0, odds * (y - pred0))
        mu0 = float(term.sum()) / n1
        grad_beta = (dpred0 * np.where(t, 1.0, -odds)) @ x
        grad_gamma = (np.where(t, 0.0, (y - pred0) * de / (1.0 - e) ** 2)) @ z
        phi0 = term - np.where(t, mu0, 0.0)
        phi0[control] += glm.influence_correction(model0, x[control], y[control], grad_beta)
        phi0 += ps.correction(data, grad_gamma)
        phi0 /= n1
        note = weight_concentration_note(odds[control], "comparison group")
    else:
        model1 = glm.fit(outcome_model, x[t], y[t], data.outcome_names, TREATED_LABEL)
        eta1 = model1.linear_predictor(x)
        pred1 = glm.mean(outcome_model, eta1)
        dpred1 = glm.mean_derivative(outcome_model, eta1)
        term1 = pred1 + np.where(t, (y - pred1) / e, 0.0)
        mu1 = float(term1.mean())
        phi1 = term1 - mu1
        phi1[t] += glm.influence_correction(
            model1, x[t], y[t], (dpred1 * (1.0 - np.where(t, 1.0 / e, 0.0))) @ x
        )
        phi1 += ps.correction(data, np.where(t, -(y - pred1) * de / e**2, 0.0) @ z)
        phi1 /= n

        term0 = pred0 + np.where(t, 0.0, (y - pred0) / (1.0 - e))
        mu0 = float(term0.mean())
        phi0 = term0 - mu0
        phi0[control] += glm.influence_correction(
            model0, x[control], y[control], (dpred0 * (1.0 - np.where(t, 0.0, 1.0 / (1.0 - e)))) @ x
        )
        phi0 += ps.correction(data, np.where(t, 0.0, (y - pred0) * de / (1.0 - e) ** 2) @ z)
        phi0 /= n
        note = weight_concentration_note(1.0 / (1.0 - e[control]), "comparison group")

    return effect_from_influence(
        estimator="aipw",
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
        treatment_model=treatment_model,
        notes=(note,) if note else (),
    )
