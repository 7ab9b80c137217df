"""Covariate balance: each group's means or shares and standardised mean differences.

Like the pilot's Table 2, but with standardised differences (|SMD| above 0.1 is the usual
sign of imbalance) and, when an estimator reweights or matches, the same figures after
adjustment. The SMD's denominator is the unadjusted pooled standard deviation, before and
after, so a change in the SMD is a change in the means and not in the yardstick. Missing
values are reported per group and left out of each covariate's own figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .data import _numeric_column
from .errors import DataError

FloatArray = NDArray[np.float64]
IMBALANCE_THRESHOLD = 0.1


@dataclass(frozen=True)
class BalanceRow:
    covariate: str
    binary: bool  # shares rather than means
    mean_treated: float
    mean_control: float
    smd: float
    variance_ratio: float  # treated / comparison; NaN for binary covariates
    missing_treated: float  # share of the group with no value
    missing_control: float
    mean_treated_adjusted: float | None = None
    mean_control_adjusted: float | None = None
    smd_adjusted: float | None = None
    variance_ratio_adjusted: float | None = None

    @property
    def imbalanced(self) -> bool:
        value = self.smd if self.smd_adjusted is None else self.smd_adjusted
        return bool(abs(value) > IMBALANCE_THRESHOLD)


@dataclass(frozen=True)
class BalanceTable:
    rows: tuple[BalanceRow, ...]
    n_treated: int
    n_control: int
    adjustment: str | None = None
    effective_n_treated: float | None = None
    effective_n_control: float | None = None

    def max_abs_smd(self, adjusted: bool = False) -> float:
        values = [r.smd_adjusted if adjusted else r.smd for r in self.rows]
        finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
        return max(finite, default=math.nan)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([r.__dict__ for r in self.rows])


def _weighted_moments(x: FloatArray, w: FloatArray) -> tuple[float, float]:
    total = float(w.sum())
    if total <= 0:
        return math.nan, math.nan
    mean = float(w @ x) / total
    var = float(w @ (x - mean) ** 2) / total
    return mean, var


def balance_table(
    frame: pd.DataFrame,
    treatment: str,
    covariates: Sequence[str],
    weights: Sequence[float] | FloatArray | None = None,
    adjustment: str | None = None,
) -> BalanceTable:
    """Balance of ``covariates`` between treatment groups, before and (with weights) after.

    ``weights`` has one entry per row of ``frame``; NaN or 0 leaves a row out of the
    adjusted figures (for example, people not used by matching).
    """
    if treatment not in frame.columns:
        raise DataError(f"column '{treatment}' is not in the data")
    t_col = _numeric_column(frame[treatment], treatment)
    keep = t_col.notna().to_numpy()
    t = t_col.to_numpy()[keep] == 1
    w_all: FloatArray | None = None
    if weights is not None:
        w_all = np.asarray(weights, dtype=np.float64)
        if w_all.shape[0] != frame.shape[0]:
            raise DataError("the weights do not have one entry per row")
        w_all = np.nan_to_num(w_all[keep], nan=0.0)
    rows = []
    for name in covariates:
        if name not in frame.columns:
            raise DataError(f"column '{name}' is not in the data")
        x_full = _numeric_column(frame[name], name).to_numpy()[keep]
        present = ~np.isnan(x_full)
        binary = bool(np.isin(x_full[present], (0.0, 1.0)).all())
        stats = {}
        for label, group in (("treated", t), ("control", ~t)):
            x = x_full[group & present]
            mean = float(x.mean()) if x.size else math.nan
            var = float(x.var(ddof=1)) if x.size > 1 else math.nan
            if binary:
                var = mean * (1 - mean)
            stats[label] = (mean, var, 1.0 - (group & present).sum() / max(group.sum(), 1))
        (m1, v1, miss1), (m0, v0, miss0) = stats["treated"], stats["control"]
        pooled = math.sqrt((v1 + v0) / 2) if math.isfinite(v1 + v0) else math.nan
        row = BalanceRow(
            covariate=name,
            binary=binary,
            mean_treated=m1,
            mean_control=m0,
            smd=_smd(m1, m0, pooled),
            variance_ratio=math.nan if binary or not v0 else v1 / v0,
            missing_treated=float(miss1),
            missing_control=float(miss0),
        )
        if w_all is not None:
            adj = {}
            for label, group in (("treated", t), ("control", ~t)):
                sel = group & present
                adj[label] = _weighted_moments(x_full[sel], w_all[sel])
            (a1, av1), (a0, av0) = adj["treated"], adj["control"]
            row = BalanceRow(
                **{
                    **row.__dict__,
                    "mean_treated_adjusted": a1,
                    "mean_control_adjusted": a0,
                    "smd_adjusted": _smd(a1, a0, pooled),
                    "variance_ratio_adjusted": math.nan if binary or not av0 else av1 / av0,
                }
            )
        rows.append(row)
    ess1 = ess0 = None
    if w_all is not None:
        ess1, ess0 = _effective_n(w_all[t]), _effective_n(w_all[~t])
    return BalanceTable(
        rows=tuple(rows),
        n_treated=int(t.sum()),
        n_control=int((~t).sum()),
        adjustment=adjustment,
        effective_n_treated=ess1,
        effective_n_control=ess0,
    )


def _smd(m1: float, m0: float, pooled_sd: float) -> float:
    if not math.isfinite(pooled_sd) or pooled_sd == 0:
        return 0.0 if m1 == m0 else math.nan
    return (m1 - m0) / pooled_sd


def _effective_n(w: FloatArray) -> float:
    """Kish's effective sample size: how many equally weighted people the weights are worth."""
    total = float(w.sum())
    square = float(w @ w)
    return total * total / square if square > 0 else 0.0
