"""The treatment (propensity-score) model and the overlap it must show.

statsmodels' ``TreatmentEffect`` clips propensity scores to [0.01, 0.99] (0.001 for some
estimators) without saying so, which can change an IPW ATET a great deal where overlap is
poor. We never clip: as Stata does (``pstolerance``, default 1e-5), we refuse when a score
is so extreme that weighting would rest on one or two people, and otherwise report how
concentrated the weights are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from . import glm
from .data import TreatmentData
from .errors import OverlapError

TreatmentModel = Literal["logit", "probit"]
OVERLAP_TOLERANCE = 1e-5
TREATMENT_LABEL = "treatment (the propensity score)"


@dataclass(frozen=True, eq=False)
class Propensity:
    model: glm.FittedModel
    score: glm.FloatArray  # estimated probability of treatment
    score_derivative: glm.FloatArray  # d score / d linear predictor

    def correction(self, data: TreatmentData, gradient: glm.FloatArray) -> glm.FloatArray:
        """Each person's influence through the estimated treatment-model coefficients."""
        return glm.influence_correction(
            self.model, data.treatment_design, data.treated.astype(np.float64), gradient
        )


def fit_propensity(data: TreatmentData, model: TreatmentModel = "logit") -> Propensity:
    t = data.treated.astype(np.float64)
    fitted = glm.fit(
        model,
        data.treatment_design,
        t,
        data.treatment_names,
        TREATMENT_LABEL,
        response="who was treated (the groups do not overlap)",
    )
    eta = fitted.linear_predictor(data.treatment_design)
    return Propensity(fitted, glm.mean(model, eta), glm.mean_derivative(model, eta))


def check_overlap(score: glm.FloatArray, estimand: Literal["ate", "atet"]) -> None:
    """Refuse scores within 1e-5 of 0 or 1, as Stata's ``teffects`` does by default.

    For the ATET only scores near 1 matter: comparison people are weighted by e/(1-e), and
    treated people with scores near 0 simply have plenty of comparators.
    """
    high = int((score > 1 - OVERLAP_TOLERANCE).sum())
    low = int((score < OVERLAP_TOLERANCE).sum()) if estimand == "ate" else 0
    if high or low:
        parts = []
        if high:
            parts.append(f"{high} with a propensity score above {1 - OVERLAP_TOLERANCE:g}")
        if low:
            parts.append(f"{low} below {OVERLAP_TOLERANCE:g}")
        raise OverlapError(
            "the treated and comparison groups do not overlap: "
            + " and ".join(parts)
            + "; restrict the sample or drop the covariate that separates the groups"
        )


def weight_concentration_note(weights: glm.FloatArray, group: str) -> str | None:
    """A plain warning when a few people carry most of a group's weight."""
    total = float(weights.sum())
    if total <= 0 or weights.size == 0:
        return None
    ess = total**2 / float(weights @ weights)
    share = float(weights.max()) / total
    if share > 0.1 or ess < 0.2 * weights.size:
        return (
            f"Weights are concentrated in the {group}: the largest carries {share:.0%} of "
            f"the total and the effective sample size is {ess:.0f} of {weights.size}."
        )
    return None
