"""Missing covariates: complete cases per model, covariate sets side by side, and
multiple imputation.

The pilot dropped people with no deprivation score only from the model that used it, so its
two models rest on different people; ``compare_covariate_sets`` does the same, and says how
many each model lost. Multiple imputation (chained equations with predictive mean matching,
from statsmodels' ``MICEData``) keeps everyone: imputed values are always values someone
really had, so a 0/1 covariate stays 0/1. The treatment and the outcome take part in the
imputation models, as they must for the imputations to preserve their relationship with the
covariates, but rows missing either are dropped, not imputed. Estimates are combined by
Rubin's rules with Barnard and Rubin's small-sample degrees of freedom.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .data import TreatmentData, _numeric_column
from .effects import EffectSpec, estimate_effect
from .errors import DataError, EvaluationError
from .inference import t_estimate
from .results import EffectResult, Estimate


@dataclass(frozen=True)
class CovariateSetResult:
    label: str
    covariates: tuple[str, ...]
    result: EffectResult
    n_used: int
    n_dropped: int


def compare_covariate_sets(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    covariate_sets: Mapping[str, Sequence[str]],
    spec: EffectSpec | None = None,
) -> tuple[CovariateSetResult, ...]:
    """Estimate once per covariate set, each on its own complete cases."""
    out = []
    for label, covariates in covariate_sets.items():
        data = TreatmentData.from_frame(frame, treatment, outcome, covariates)
        out.append(
            CovariateSetResult(
                label=label,
                covariates=tuple(covariates),
                result=estimate_effect(data, spec),
                n_used=data.n,
                n_dropped=data.n_dropped,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class RubinCombined:
    estimate: float
    within_variance: float
    between_variance: float
    total_variance: float
    df: float

    @property
    def fraction_missing_information(self) -> float:
        if self.total_variance == 0:
            return 0.0
        # lambda: the share of the total variance due to the missing data.
        return (self.total_variance - self.within_variance) / self.total_variance

    def as_estimate(self) -> Estimate:
        return t_estimate(self.estimate, math.sqrt(self.total_variance), self.df)


def rubin_combine(
    estimates: Sequence[float], variances: Sequence[float], complete_df: float = math.inf
) -> RubinCombined:
    """Rubin's rules; degrees of freedom after Barnard and Rubin (1999)."""
    q = np.asarray(estimates, dtype=np.float64)
    u = np.asarray(variances, dtype=np.float64)
    m = q.size
    if m < 2:
        raise EvaluationError("multiple imputation needs at least 2 imputations")
    qbar = float(q.mean())
    within = float(u.mean())
    between = float(q.var(ddof=1))
    total = within + (1 + 1 / m) * between
    if between == 0:
        return RubinCombined(qbar, within, between, total, complete_df)
    lam = (1 + 1 / m) * between / total
    df_old = (m - 1) / lam**2
    if math.isfinite(complete_df):
        df_obs = (complete_df + 1) / (complete_df + 3) * complete_df * (1 - lam)
        df = 1 / (1 / df_old + 1 / df_obs)
    else:
        df = df_old
    return RubinCombined(qbar, within, between, total, df)


def multiple_imputation(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    covariates: Sequence[str],
    spec: EffectSpec | None = None,
    imputations: int = 20,
    iterations: int = 10,
    seed: int = 0,
) -> EffectResult:
    """Impute missing covariates ``imputations`` times, estimate in each, combine."""
    spec = spec or EffectSpec()
    if imputations < 2:
        raise EvaluationError("multiple imputation needs at least 2 imputations")
    columns = list(dict.fromkeys([treatment, outcome, *covariates]))
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise DataError(f"column '{absent[0]}' is not in the data")
    numeric = pd.DataFrame({c: _numeric_column(frame[c], c) for c in columns})
    numeric = numeric.loc[numeric[[treatment, outcome]].notna().all(axis=1)]
    dropped = int(frame.shape[0] - numeric.shape[0])
    if not numeric[list(covariates)].isna().any().any():
        data = TreatmentData.from_frame(numeric, treatment, outcome, covariates)
        return estimate_effect(data, spec)
    from statsmodels.imputation.mice import MICEData

    # MICEData builds formulas from column names, so give it safe ones.
    safe = {c: f"v{i}" for i, c in enumerate(columns)}
    original = {v: k for k, v in safe.items()}
    engine = MICEData(
        numeric.rename(columns=safe).reset_index(drop=True), rng=np.random.default_rng(seed)
    )
    results = []
    for _ in range(imputations):
        engine.update_all(iterations)
        completed = engine.data.rename(columns=original)
        data = TreatmentData.from_frame(completed, treatment, outcome, covariates)
        results.append(estimate_effect(data, spec))
    complete_df = float(numeric.shape[0] - len(covariates) - 2)
    first = results[0]

    def pooled(pick: str) -> RubinCombined:
        est = [getattr(r, pick).value for r in results]
        var = [getattr(r, pick).std_error ** 2 for r in results]
        return rubin_combine(est, var, complete_df)

    effect, mean1, mean0 = pooled("effect"), pooled("po_mean_treated"), pooled("po_mean_control")
    covariance = float(np.mean([r.po_covariance for r in results]))
    rows_missing = int(numeric[list(covariates)].isna().any(axis=1).sum())
    notes = [
        f"Missing covariate values for {rows_missing} people were multiply imputed "
        f"({imputations} imputations, chained equations with predictive mean matching) and "
        f"the estimates combined by Rubin's rules; about "
        f"{effect.fraction_missing_information:.0%} of the information about the effect is "
        "missing.",
    ]
    if dropped:
        notes.append(f"{dropped} rows missing the treatment or the outcome left out.")
    return replace(
        first,
        effect=effect.as_estimate(),
        po_mean_treated=mean1.as_estimate(),
        po_mean_control=mean0.as_estimate(),
        po_covariance=covariance,
        se_method="rubin",
        bootstrap=None,
        notes=tuple(notes),
    )
