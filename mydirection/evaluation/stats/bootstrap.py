"""Bootstrap standard errors, vectorised across replications and seeded.

A bootstrap sample is represented by how many times each person is drawn (a row of
frequency weights), so a batch of replications is a matrix W (replications x people) and
every estimator becomes weighted sums: W @ (per-person terms). Logit and probit models are
fitted for all replications at once by Newton's method with batched k x k solves, starting
from the full-sample estimates (so three or four iterations suffice). Replications in which
a model cannot be fitted (a covariate constant in a resampled group, perfect separation,
no overlap) are dropped and counted; the result reports how many.

The interval is the estimate plus or minus 1.96 bootstrap standard errors, as Stata's
``vce(bootstrap)`` reports; the percentile interval is returned as well.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from . import glm
from .data import TreatmentData
from .errors import EvaluationError
from .inference import normal_estimate
from .propensity import OVERLAP_TOLERANCE
from .results import BootstrapSummary, EffectResult

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Estimator = Literal["ra", "ipw", "aipw"]
Effect = Literal["ate", "atet"]

# Cells of the replications x people weight matrix held at once (about 160 MB of float64).
BATCH_CELLS = 20_000_000
NEWTON_ITERATIONS = 30
CHORD_ITERATIONS = 12
STEP_TOLERANCE = 1e-9
CONDITION_LIMIT = 1e12
MAX_FAILED_SHARE = 0.5


def resample_counts(rng: np.random.Generator, replications: int, n: int) -> FloatArray:
    """How often each person is drawn in each of ``replications`` samples of size n."""
    draws = rng.integers(0, n, size=(replications, n))
    draws += (np.arange(replications) * n)[:, None]
    counts = np.bincount(draws.ravel(), minlength=replications * n)
    return counts.reshape(replications, n).astype(np.float64)


def _outer_rows(x: FloatArray) -> FloatArray:
    """Row-wise outer products x_i x_i', flattened: the building block of batched Grams."""
    k = x.shape[1]
    return (x[:, :, None] * x[:, None, :]).reshape(x.shape[0], k * k)


def _batched_solve(matrix: FloatArray, rhs: FloatArray) -> tuple[FloatArray, BoolArray]:
    """Solve each k x k system; flag those that are singular or badly conditioned."""
    scale = np.sqrt(np.abs(np.einsum("bii->bi", matrix)))
    scale[scale == 0] = 1.0
    scaled = matrix / (scale[:, :, None] * scale[:, None, :])
    ok = np.isfinite(scaled).all(axis=(1, 2))
    cond = np.full(matrix.shape[0], np.inf)
    if ok.any():
        cond[ok] = np.linalg.cond(scaled[ok])
    ok &= cond < CONDITION_LIMIT
    out = np.full(rhs.shape, np.nan)
    if ok.any():
        out[ok] = np.linalg.solve(scaled[ok], (rhs[ok] / scale[ok])[..., None])[..., 0]
        out[ok] /= scale[ok]
    return out, ok


def fit_batched(
    family: glm.Family,
    x: FloatArray,
    y: FloatArray,
    weights: FloatArray,
    start: FloatArray,
) -> tuple[FloatArray, BoolArray]:
    """Weighted fits of one model for every row of ``weights``; returns params and success.

    Logit and probit: first chord iterations, Newton steps that reuse the full-sample
    information matrix. A replication's own maximum is the same fixed point (its weighted
    score is zero there), and because resamples are close to the full sample each step
    gains a digit or two for the price of a gradient, a tenth of the price of a Hessian.
    Replications the chord steps do not settle (small or unusual resamples) finish with
    full Newton steps, each with its own Hessian.
    """
    outer = _outer_rows(x)
    b, k = weights.shape[0], x.shape[1]
    if family == "linear":
        gram = (weights @ outer).reshape(b, k, k)
        return _batched_solve(gram, weights @ (x * y[:, None]))
    params = np.broadcast_to(start, (b, k)).copy()
    ok = np.ones(b, dtype=bool)
    done = np.zeros(b, dtype=bool)

    _, curv0 = glm.residual_and_curvature(family, x @ start, y)
    chord = np.linalg.pinv(glm.information(x, curv0) * (weights.sum() / (b * x.shape[0])))
    for _ in range(CHORD_ITERATIONS):
        active = ~done
        if not active.any():
            break
        # Indexing with a mask copies; while every replication is still going, do not.
        everyone = bool(active.all())
        w = weights if everyone else weights[active]
        current = params if everyone else params[active]
        resid = glm.residual(family, current @ x.T, y[None, :])
        step = ((w * resid) @ x) @ chord
        if not np.isfinite(step).all():
            break
        new = current + step
        params[active] = new
        small = np.max(np.abs(step) / (1.0 + np.abs(new)), axis=1) < STEP_TOLERANCE
        done[np.flatnonzero(active)[small]] = True

    for _ in range(NEWTON_ITERATIONS):
        active = ok & ~done
        if not active.any():
            break
        w = weights[active]
        eta = params[active] @ x.T
        resid, curv = glm.residual_and_curvature(family, eta, y[None, :])
        info = ((w * curv) @ outer).reshape(-1, k, k)
        grad = (w * resid) @ x
        step, solved = _batched_solve(info, grad)
        new = params[active] + np.where(solved[:, None], step, 0.0)
        params[active] = new
        small = np.max(np.abs(step) / (1.0 + np.abs(new)), axis=1) < STEP_TOLERANCE
        idx = np.flatnonzero(active)
        ok[idx[~solved]] = False
        done[idx[solved & small]] = True
    ok &= done & np.isfinite(params).all(axis=1)
    if ok.any():
        eta = params[ok] @ x.T
        extreme = np.max(np.where(weights[ok] > 0, np.abs(eta), 0.0), axis=1) > glm.SEPARATION_ETA
        ok[np.flatnonzero(ok)[extreme]] = False
    return params, ok


def _wmean(weights: FloatArray, values: FloatArray) -> FloatArray:
    """Row-wise weighted means; ``values`` is per person (n) or per replication (b x n)."""
    totals: FloatArray = weights.sum(axis=1)
    sums: FloatArray = (
        weights @ values if values.ndim == 1 else np.einsum("bn,bn->b", weights, values)
    )
    means: FloatArray = sums / totals
    return means


def _replicate_means(
    data: TreatmentData,
    estimator: Estimator,
    effect: Effect,
    *,
    outcome_model: glm.Family,
    treatment_model: glm.Family,
    weights: FloatArray,
    starts: dict[str, FloatArray],
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Potential-outcome means (treated, control) for each replication, with success flags."""
    x, y, t = data.outcome_design, data.outcome, data.treated
    z = data.treatment_design
    b = weights.shape[0]
    ok = np.ones(b, dtype=bool)
    w1, w0 = weights[:, t], weights[:, ~t]

    def outcome_fit(group: BoolArray, key: str) -> FloatArray:
        params, good = fit_batched(
            outcome_model, x[group], y[group], weights[:, group], starts[key]
        )
        ok[:] &= good
        return glm.mean(outcome_model, np.nan_to_num(params) @ x.T)

    score = np.empty((0, 0))
    if estimator in ("ipw", "aipw"):
        gamma, good = fit_batched(
            treatment_model, z, t.astype(np.float64), weights, starts["treatment"]
        )
        ok &= good
        score = glm.mean(treatment_model, np.nan_to_num(gamma) @ z.T)
        drawn = weights > 0
        high = np.any(drawn & (score > 1 - OVERLAP_TOLERANCE), axis=1)
        ok &= ~high
        if effect == "ate":
            ok &= ~np.any(drawn & (score < OVERLAP_TOLERANCE), axis=1)
        score = np.clip(score, OVERLAP_TOLERANCE, 1 - OVERLAP_TOLERANCE)

    with np.errstate(invalid="ignore", divide="ignore"):
        if effect == "atet":
            mu1 = _wmean(w1, y[t])
            if estimator == "ra":
                mu0 = _wmean(w1, outcome_fit(~t, "control")[:, t])
            elif estimator == "ipw":
                odds = score[:, ~t] / (1 - score[:, ~t])
                mu0 = _wmean(w0 * odds, y[~t])
            else:
                pred0 = outcome_fit(~t, "control")
                odds = score[:, ~t] / (1 - score[:, ~t])
                correction = np.einsum("bn,bn->b", w0 * odds, y[~t] - pred0[:, ~t])
                mu0 = (np.einsum("bn,bn->b", w1, pred0[:, t]) + correction) / w1.sum(axis=1)
        elif estimator == "ra":
            mu1 = _wmean(weights, outcome_fit(t, "treated"))
            mu0 = _wmean(weights, outcome_fit(~t, "control"))
        elif estimator == "ipw":
            mu1 = _wmean(w1 / score[:, t], y[t])
            mu0 = _wmean(w0 / (1 - score[:, ~t]), y[~t])
        else:
            pred1 = outcome_fit(t, "treated")
            pred0 = outcome_fit(~t, "control")
            aug1 = pred1 + np.where(t, (y - pred1) / score, 0.0)
            aug0 = pred0 + np.where(t, 0.0, (y - pred0) / (1 - score))
            mu1 = _wmean(weights, aug1)
            mu0 = _wmean(weights, aug0)
    ok &= np.isfinite(mu1) & np.isfinite(mu0)
    return mu1, mu0, ok


def _full_sample_fits(
    data: TreatmentData,
    estimator: Estimator,
    effect: Effect,
    outcome_model: glm.Family,
    treatment_model: glm.Family,
) -> dict[str, FloatArray]:
    """Full-sample coefficients: the starting point of every replication's Newton steps."""
    x, y, t = data.outcome_design, data.outcome, data.treated
    names = data.outcome_names
    starts = {}
    if estimator in ("ra", "aipw"):
        starts["control"] = glm.fit(
            outcome_model, x[~t], y[~t], names, "the comparison group"
        ).params
        if effect == "ate":
            starts["treated"] = glm.fit(
                outcome_model, x[t], y[t], names, "the treated group"
            ).params
    if estimator in ("ipw", "aipw"):
        starts["treatment"] = glm.fit(
            treatment_model,
            data.treatment_design,
            t.astype(np.float64),
            data.treatment_names,
            "treatment (the propensity score)",
        ).params
    return starts


def bootstrap(
    data: TreatmentData,
    point: EffectResult,
    *,
    replications: int,
    seed: int | None,
    estimator: Estimator,
    effect: Effect,
    outcome_model: glm.Family = "linear",
    treatment_model: glm.Family = "logit",
    progress: Callable[[int], None] | None = None,
) -> EffectResult:
    """Replace ``point``'s standard errors and intervals with bootstrap ones."""
    if replications < 2:
        raise EvaluationError("the bootstrap needs at least 2 replications (1,000 is usual)")
    if seed is None:
        seed = int(np.random.SeedSequence().entropy) % (2**63)  # type: ignore[arg-type]
    rng = np.random.default_rng(seed)
    n = data.n
    starts = _full_sample_fits(data, estimator, effect, outcome_model, treatment_model)
    batch = max(1, min(replications, BATCH_CELLS // max(n, 1)))
    mu1_all, mu0_all, ok_all = [], [], []
    done = 0
    while done < replications:
        size = min(batch, replications - done)
        weights = resample_counts(rng, size, n)
        mu1, mu0, ok = _replicate_means(
            data,
            estimator,
            effect,
            outcome_model=outcome_model,
            treatment_model=treatment_model,
            weights=weights,
            starts=starts,
        )
        mu1_all.append(mu1)
        mu0_all.append(mu0)
        ok_all.append(ok)
        done += size
        if progress is not None:
            progress(done)
    ok = np.concatenate(ok_all)
    mu1 = np.concatenate(mu1_all)[ok]
    mu0 = np.concatenate(mu0_all)[ok]
    failed = int(replications - ok.sum())
    if ok.sum() < 2 or failed > MAX_FAILED_SHARE * replications:
        raise EvaluationError(
            f"{failed} of {replications} bootstrap replications could not be estimated (for "
            "example, perfect separation in a resampled group); the data are too sparse for "
            "the bootstrap with this model"
        )
    diffs = mu1 - mu0
    cov = np.cov(np.vstack([mu1, mu0]), ddof=1)
    se = float(np.std(diffs, ddof=1))
    low, high = np.percentile(diffs, [2.5, 97.5])
    notes = list(point.notes)
    if failed:
        notes.append(
            f"{failed} of {replications} bootstrap replications could not be estimated and "
            "were left out."
        )
    return replace(
        point,
        effect=normal_estimate(point.effect.value, se),
        po_mean_treated=normal_estimate(point.po_mean_treated.value, math.sqrt(cov[0, 0])),
        po_mean_control=normal_estimate(point.po_mean_control.value, math.sqrt(cov[1, 1])),
        po_covariance=float(cov[0, 1]),
        se_method="bootstrap",
        bootstrap=BootstrapSummary(replications, failed, seed, float(low), float(high)),
        notes=tuple(notes),
    )
