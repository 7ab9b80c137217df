"""Nearest-neighbour propensity-score matching with a caliper (Justice Data Lab style).

Matching is with replacement and keeps ties (every comparator as close as the M-th nearest
is used, each with an equal share), as Stata's ``teffects psmatch`` does; with no caliper
and the score itself as the metric, our estimates equal Stata's. A caliper, in standard
deviations of the metric (Austin's 0.2 SD of the logit of the score is the usual choice),
drops people with no comparator close enough; the estimate then refers to those matched,
which the result says.

Standard errors are Abadie and Imbens' (2006) robust ones, with each person's outcome
variance estimated from their nearest neighbours in their own group (Stata's default,
``vce(robust, nn(2))``). They treat the propensity score as known; Abadie and Imbens (2016)
show this is conservative for the ATE, while for the ATET the correction can go either way,
and we say so in the result. The bootstrap is not offered: it is not valid for
nearest-neighbour matching (Abadie and Imbens 2008).

Because the metric is one-dimensional, every person's matches form a contiguous run of the
other group sorted by score, so the whole procedure is a few sorts and prefix sums.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import special

from .data import TreatmentData
from .errors import DataError, EvaluationError
from .inference import normal_estimate
from .propensity import TreatmentModel, fit_propensity
from .results import EffectResult

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
Effect = Literal["ate", "atet"]
Metric = Literal["score", "logit"]

DEFAULT_CALIPER_SD = 0.2
TIE_TOLERANCE = 1e-12


@dataclass(frozen=True, eq=False)
class Matching:
    """Who was matched to whom, summarised as weights usable for balance tables."""

    effect: EffectResult
    weights: FloatArray  # per person: 1 for matched targets, matched-use counts for donors
    matched: NDArray[np.bool_]  # targets that found a comparator within the caliper
    caliper: float | None  # absolute, in units of the metric


@dataclass(frozen=True, eq=False)
class _Runs:
    """For each target, the half-open run [lo, hi) of donors (sorted) it is matched to."""

    lo: IntArray
    hi: IntArray
    nearest: FloatArray  # distance to the nearest donor


def _nearest_runs(targets: FloatArray, donors_sorted: FloatArray, m: int) -> _Runs:
    """The m nearest donors of each target, with ties, as runs in the sorted donors."""
    n_donors = donors_sorted.shape[0]
    m = min(m, n_donors)
    pos = np.searchsorted(donors_sorted, targets)
    offsets = np.arange(-m, m)
    cand = pos[:, None] + offsets[None, :]
    valid = (cand >= 0) & (cand < n_donors)
    dist = np.where(
        valid, np.abs(donors_sorted[np.clip(cand, 0, n_donors - 1)] - targets[:, None]), np.inf
    )
    dist.sort(axis=1)
    nearest = dist[:, 0]
    radius = dist[:, m - 1]
    tol = TIE_TOLERANCE * np.maximum(1.0, np.abs(targets))
    lo = np.searchsorted(donors_sorted, targets - radius - tol, side="left")
    hi = np.searchsorted(donors_sorted, targets + radius + tol, side="right")
    return _Runs(lo.astype(np.intp), hi.astype(np.intp), nearest)


def _run_sums(runs_lo: IntArray, runs_hi: IntArray, values_sorted: FloatArray) -> FloatArray:
    cs: FloatArray = np.concatenate([[0.0], np.cumsum(values_sorted)])
    return cs[runs_hi] - cs[runs_lo]


def _usage(lo: IntArray, hi: IntArray, share: FloatArray, size: int) -> FloatArray:
    """Sum of ``share`` over runs covering each donor (difference array + cumsum)."""
    acc = np.zeros(size + 1)
    np.add.at(acc, lo, share)
    np.add.at(acc, hi, -share)
    return np.cumsum(acc)[:size]


def _own_group_variance(metric: FloatArray, y: FloatArray, neighbours: int) -> FloatArray:
    """Abadie-Imbens conditional variance: match within the group, J/(J+1)(y - mean)^2."""
    n = metric.shape[0]
    if n < 2:
        return np.zeros(n)
    order = np.argsort(metric, kind="stable")
    s, ys = metric[order], y[order]
    j = min(neighbours, n - 1)
    # Distances to the j nearest others: look j either side, excluding the person.
    offsets = np.concatenate([np.arange(-j, 0), np.arange(1, j + 1)])
    idx = np.arange(n)[:, None] + offsets[None, :]
    valid = (idx >= 0) & (idx < n)
    dist = np.where(valid, np.abs(s[np.clip(idx, 0, n - 1)] - s[:, None]), np.inf)
    dist.sort(axis=1)
    radius = dist[:, j - 1]
    tol = TIE_TOLERANCE * np.maximum(1.0, np.abs(s))
    lo = np.searchsorted(s, s - radius - tol, side="left")
    hi = np.searchsorted(s, s + radius + tol, side="right")
    count = (hi - lo - 1).astype(np.float64)
    neighbour_mean = (_run_sums(lo, hi, ys) - ys) / count
    var_sorted = count / (count + 1.0) * (ys - neighbour_mean) ** 2
    out = np.empty(n)
    out[order] = var_sorted
    return out


def propensity_score_matching(
    data: TreatmentData,
    effect: Effect = "atet",
    *,
    treatment_model: TreatmentModel = "logit",
    neighbours: int = 1,
    caliper: float | None = DEFAULT_CALIPER_SD,
    metric: Metric = "logit",
    variance_neighbours: int = 2,
) -> Matching:
    """Match on the estimated propensity score; ``caliper`` is in SDs of the metric."""
    if neighbours < 1:
        raise DataError("the number of neighbours must be at least 1")
    if variance_neighbours < 1:
        raise DataError("the number of neighbours for the variance must be at least 1")
    if caliper is not None and (not math.isfinite(caliper) or caliper <= 0):
        raise DataError(
            "the caliper must be a positive number of standard deviations (a caliper of 0 "
            "would match nobody except exact ties)"
        )
    ps = fit_propensity(data, treatment_model)
    score = ps.score
    values = special.logit(score) if metric == "logit" else score
    width = None if caliper is None else caliper * float(np.std(values, ddof=1))
    y, t = data.outcome, data.treated
    n = data.n
    groups = {True: np.flatnonzero(t), False: np.flatnonzero(~t)}
    sorted_groups = {g: idx[np.argsort(values[idx], kind="stable")] for g, idx in groups.items()}

    # imputed[i]: mean outcome of i's matches in the other group; usage counts for donors.
    imputed = np.full(n, np.nan)
    use = np.zeros(n)  # K(i): sum over the people matched to i of 1/(number of their matches)
    use_sq = np.zeros(n)  # K'(i): the same with squared shares
    has_match = np.zeros(n, dtype=bool)
    # The ATET imputes only the treated's missing outcomes; the ATE everyone's.
    target_groups = (True, False) if effect == "ate" else (True,)
    for target_group in target_groups:
        donor_group = not target_group
        targets = groups[target_group]
        donors = sorted_groups[donor_group]
        runs = _nearest_runs(values[targets], values[donors], neighbours)
        ok = np.ones(targets.shape[0], dtype=bool)
        if width is not None:
            ok = runs.nearest <= width * (1 + TIE_TOLERANCE)
        lo, hi = runs.lo[ok], runs.hi[ok]
        count = (hi - lo).astype(np.float64)
        imputed[targets[ok]] = _run_sums(lo, hi, y[donors]) / count
        has_match[targets[ok]] = True
        use[donors] += _usage(lo, hi, 1.0 / count, donors.shape[0])
        use_sq[donors] += _usage(lo, hi, 1.0 / count**2, donors.shape[0])

    if effect == "atet":
        included = t & has_match
        unmatched = int(t.sum() - included.sum())
    else:
        included = has_match
        unmatched = int(n - included.sum())
    if not included.any():
        raise EvaluationError(
            "no one found a comparator within the caliper; widen the caliper or check overlap"
        )

    sigma2 = np.zeros(n)
    for idx in groups.values():
        sigma2[idx] = _own_group_variance(values[idx], y[idx], variance_neighbours)

    y1 = np.where(t, y, imputed)
    y0 = np.where(t, imputed, y)
    k = included.sum()
    mu1 = float(y1[included].mean())
    mu0 = float(y0[included].mean())
    d1 = y1[included] - mu1
    d0 = y0[included] - mu0
    # Each person's variance enters (1+K)^2 times if their own difference is counted, K^2
    # times if only as a donor; the squared-deviation sums already hold it 1 + K' or K' times.
    own = included.astype(np.float64)
    extra = ((own + use) ** 2 - own - use_sq) * sigma2
    var1 = (float(d1 @ d1) + float(extra[t].sum())) / k**2
    var0 = (float(d0 @ d0) + float(extra[~t].sum())) / k**2
    cov = float(d1 @ d0) / k**2
    var_effect = var1 + var0 - 2 * cov

    notes = [
        "Standard errors treat the propensity score as known (Abadie and Imbens 2006); "
        + (
            "for the ATE this errs on the safe side."
            if effect == "ate"
            else "for the ATET the true error may be a little larger or smaller."
        )
    ]
    if unmatched:
        who = "treated people" if effect == "atet" else "people"
        notes.append(
            f"{unmatched} {who} had no comparator within the caliper and are left out; the "
            "estimate refers to those matched."
        )
    result = EffectResult(
        estimator="match",
        estimand="ATET" if effect == "atet" else "ATE",
        effect=normal_estimate(mu1 - mu0, math.sqrt(max(var_effect, 0.0))),
        po_mean_treated=normal_estimate(mu1, math.sqrt(var1)),
        po_mean_control=normal_estimate(mu0, math.sqrt(var0)),
        po_covariance=cov,
        n_treated=data.n_treated,
        n_control=data.n_control,
        se_method="abadie-imbens",
        treatment_model=treatment_model,
        covariates=data.treatment_names[1:],
        outcome_is_binary=data.outcome_is_binary,
        n_excluded=unmatched,
        notes=tuple(notes),
    )
    weights = np.where(included, 1.0, 0.0) + use
    if effect == "atet":
        weights = np.where(t, included.astype(np.float64), use)
    return Matching(result, weights, included, width)
