"""One entry point for every estimator, as the command line and the pages use them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from .bootstrap import bootstrap
from .data import TreatmentData
from .errors import EvaluationError
from .matching import DEFAULT_CALIPER_SD, propensity_score_matching
from .naive import naive_difference
from .propensity import fit_propensity
from .regression_adjustment import regression_adjustment
from .results import EffectResult
from .weighting import augmented_ipw, balancing_weights, inverse_probability_weighting

Estimator = Literal["naive", "ra", "ipw", "aipw", "match"]
Effect = Literal["ate", "atet"]
OutcomeModel = Literal["linear", "logit"]
TreatmentModel = Literal["logit", "probit"]


@dataclass(frozen=True)
class EffectSpec:
    """How to estimate: the same spec can be applied to several covariate sets or imputations.

    ``caliper`` (matching only) is in standard deviations of the logit of the propensity
    score; None matches without one. ``bootstrap`` is the number of replications, 0 for the
    analytic (robust) standard errors.
    """

    estimator: Estimator = "ra"
    effect: Effect = "atet"
    outcome_model: OutcomeModel = "linear"
    treatment_model: TreatmentModel = "logit"
    bootstrap: int = 0
    seed: int | None = None
    caliper: float | None = DEFAULT_CALIPER_SD
    neighbours: int = 1

    def __post_init__(self) -> None:
        if self.bootstrap < 0:
            raise EvaluationError("the number of bootstrap replications cannot be negative")
        if self.bootstrap and self.estimator == "match":
            raise EvaluationError(
                "the bootstrap is not valid for nearest-neighbour matching (Abadie and Imbens "
                "2008); matching uses Abadie-Imbens standard errors instead"
            )
        if self.bootstrap and self.estimator == "naive":
            raise EvaluationError("the naive difference uses an exact interval, not the bootstrap")
        if self.bootstrap == 1:
            raise EvaluationError("the bootstrap needs at least 2 replications (1,000 is usual)")


def estimate_effect(data: TreatmentData, spec: EffectSpec | None = None) -> EffectResult:
    spec = spec or EffectSpec()
    result: EffectResult
    if spec.estimator == "naive":
        result = naive_difference(data)
    elif spec.estimator == "ra":
        result = regression_adjustment(data, spec.effect, outcome_model=spec.outcome_model)
    elif spec.estimator == "ipw":
        result = inverse_probability_weighting(
            data, spec.effect, treatment_model=spec.treatment_model
        )
    elif spec.estimator == "aipw":
        result = augmented_ipw(
            data,
            spec.effect,
            outcome_model=spec.outcome_model,
            treatment_model=spec.treatment_model,
        )
    else:
        result = propensity_score_matching(
            data,
            spec.effect,
            treatment_model=spec.treatment_model,
            neighbours=spec.neighbours,
            caliper=spec.caliper,
        ).effect
    if spec.bootstrap and spec.estimator in ("ra", "ipw", "aipw"):
        result = bootstrap(
            data,
            result,
            replications=spec.bootstrap,
            seed=spec.seed,
            estimator=spec.estimator,
            effect=spec.effect,
            outcome_model=spec.outcome_model,
            treatment_model=spec.treatment_model,
        )
    if data.n_dropped:
        note = (
            f"{data.n_dropped} row{'s' if data.n_dropped != 1 else ''} with a missing value "
            "left out (complete cases)."
        )
        result = replace(result, notes=(note, *result.notes))
    return result


def adjustment_weights(data: TreatmentData, spec: EffectSpec) -> NDArray[np.float64] | None:
    """Per-person weights that the estimator balances the groups with, for a balance table.

    IPW and AIPW use the inverse probability weights; matching, how often each person is
    used. Regression adjustment does not reweight anyone, so it has none.
    """
    if spec.estimator in ("ipw", "aipw"):
        score = fit_propensity(data, spec.treatment_model).score
        return balancing_weights(data.treated, score, spec.effect)
    if spec.estimator == "match":
        return propensity_score_matching(
            data,
            spec.effect,
            treatment_model=spec.treatment_model,
            neighbours=spec.neighbours,
            caliper=spec.caliper,
        ).weights
    return None
