"""Statistical core of the impact evaluation: plain numpy/scipy/statsmodels, no Django.

Start with ``TreatmentData.from_frame`` and ``estimate_effect``; the other modules are the
pieces a report needs beside the effect (balance, power, E-value, missing data).
"""

from .balance import BalanceRow, BalanceTable, balance_table
from .data import TreatmentData
from .effects import EffectSpec, adjustment_weights, estimate_effect
from .errors import (
    ConvergenceError,
    DataError,
    EvaluationError,
    OverlapError,
    SeparationError,
)
from .matching import Matching, propensity_score_matching
from .missing import CovariateSetResult, compare_covariate_sets, multiple_imputation, rubin_combine
from .naive import naive_difference
from .power import (
    PowerAnalysis,
    minimum_detectable_difference,
    power_analysis,
    power_two_proportions,
    treated_needed,
)
from .regression_adjustment import regression_adjustment
from .results import BootstrapSummary, EffectResult, Estimate
from .sensitivity import EValue, e_value, e_value_for_effect, risk_ratio
from .weighting import augmented_ipw, inverse_probability_weighting

__all__ = [
    "BalanceRow",
    "BalanceTable",
    "BootstrapSummary",
    "ConvergenceError",
    "CovariateSetResult",
    "DataError",
    "EValue",
    "EffectResult",
    "EffectSpec",
    "Estimate",
    "EvaluationError",
    "Matching",
    "OverlapError",
    "PowerAnalysis",
    "SeparationError",
    "TreatmentData",
    "adjustment_weights",
    "augmented_ipw",
    "balance_table",
    "compare_covariate_sets",
    "e_value",
    "e_value_for_effect",
    "estimate_effect",
    "inverse_probability_weighting",
    "minimum_detectable_difference",
    "multiple_imputation",
    "naive_difference",
    "power_analysis",
    "power_two_proportions",
    "propensity_score_matching",
    "regression_adjustment",
    "risk_ratio",
    "rubin_combine",
    "treated_needed",
]
