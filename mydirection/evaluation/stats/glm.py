"""Linear, logit and probit models fitted by Newton's method in plain numpy.

statsmodels fits these too, but spends most of a million-row fit on bookkeeping; the effect
estimators need only the coefficients, the information matrix and per-person scores, so a
direct Newton iteration is several times faster and lets us name the problem (collinearity,
perfect separation) in words an analyst can act on.

Conventions. For a person with design row x and linear predictor eta = x'b, ``residual`` is
d loglik / d eta (for least squares, y - eta) so the person's score is residual * x;
``curvature`` is minus the derivative of residual with respect to eta, so the observed
information is sum(curvature * x x'). Observed rather than expected information matters for
probit: Stata's sandwich uses the derivative of the estimating equations, which is observed.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import linalg, special

from .errors import ConvergenceError, DataError, SeparationError

FloatArray = NDArray[np.float64]
Family = Literal["linear", "logit", "probit"]

MAX_ITERATIONS = 100
STEP_TOLERANCE = 1e-10
# Beyond this a fitted probability is within about 1e-13 of 0 or 1: the only way a
# maximum-likelihood fit gets there is by chasing a perfect prediction.
SEPARATION_ETA = 30.0
COLLINEAR_TOLERANCE = 1e-10


@dataclass(frozen=True, eq=False)
class FittedModel:
    """Coefficients and the inverse observed information (the 'bread' of the sandwich)."""

    family: Family
    params: FloatArray
    information_inverse: FloatArray
    iterations: int

    def linear_predictor(self, design: FloatArray) -> FloatArray:
        return design @ self.params

    def predict(self, design: FloatArray) -> FloatArray:
        return mean(self.family, self.linear_predictor(design))


def mean(family: Family, eta: FloatArray) -> FloatArray:
    if family == "linear":
        return eta
    if family == "logit":
        return np.asarray(special.expit(eta), dtype=np.float64)
    return np.asarray(special.ndtr(eta), dtype=np.float64)


def mean_derivative(family: Family, eta: FloatArray) -> FloatArray:
    """d mean / d eta, needed for the gradient of an average prediction."""
    if family == "linear":
        return np.ones_like(eta)
    if family == "logit":
        p = np.asarray(special.expit(eta), dtype=np.float64)
        return p * (1.0 - p)
    density: FloatArray = np.exp(-0.5 * eta * eta) / math.sqrt(2.0 * math.pi)
    return density


def residual_and_curvature(
    family: Family, eta: FloatArray, y: FloatArray
) -> tuple[FloatArray, FloatArray]:
    if family == "linear":
        return y - eta, np.ones_like(eta)
    if family == "logit":
        p = special.expit(eta)
        return y - p, p * (1.0 - p)
    q = 2.0 * y - 1.0
    # lambda = q * phi(eta) / Phi(q * eta), computed on the log scale so it stays finite.
    log_pdf = -0.5 * eta * eta - 0.5 * np.log(2.0 * np.pi)
    lam = q * np.exp(log_pdf - special.log_ndtr(q * eta))
    return lam, lam * (lam + eta)


def residual(family: Family, eta: FloatArray, y: FloatArray) -> FloatArray:
    """d loglik / d eta alone, for the bootstrap's many passes over large arrays.

    For logit, 1/(1+exp(-eta)) in place is about twice as fast as scipy's ``expit`` here;
    exp overflowing to infinity for very negative eta gives the right limit, 0.
    """
    if family == "logit":
        with np.errstate(over="ignore"):
            p = np.exp(-eta)
        p += 1.0
        np.reciprocal(p, out=p)
        np.subtract(y, p, out=p)
        return p
    return residual_and_curvature(family, eta, y)[0]


def log_likelihood(family: Family, eta: FloatArray, y: FloatArray) -> float:
    if family == "linear":
        return float(-0.5 * np.sum((y - eta) ** 2))
    if family == "logit":
        # y*eta - log(1 + exp(eta)), stable for large |eta|.
        return float(np.sum(y * eta - np.logaddexp(0.0, eta)))
    q = 2.0 * y - 1.0
    return float(np.sum(special.log_ndtr(q * eta)))


def information(design: FloatArray, curvature: FloatArray) -> FloatArray:
    """sum(curvature * x x'); via sqrt-weights because one syrk is faster than a gemm here."""
    scaled = design * np.sqrt(curvature)[:, None]
    return scaled.T @ scaled


def check_full_rank(design: FloatArray, names: Sequence[str], label: str) -> None:
    """Name the first column that is a linear combination of those before it.

    Done on the (scaled) cross-product matrix, which is small, so it costs nothing next to
    the fit and turns a silent singular matrix into 'covariate age has no variation among
    the comparison group'.
    """
    gram = design.T @ design
    scale = np.sqrt(np.diag(gram))
    k = gram.shape[0]
    if design.shape[0] <= k:
        # With no more rows than parameters the fit is exact and every error comes out 0.
        raise DataError(
            f"too few rows in {label}: {design.shape[0]} rows for a model with {k} "
            "parameters (there must be more rows than parameters, and in practice many more)"
        )
    for j in range(k):
        if scale[j] == 0:
            raise _collinear(names, j, label)
    corr = gram / np.outer(scale, scale)
    for j in range(1, k):
        block = corr[:j, :j]
        cross = corr[:j, j]
        try:
            explained = cross @ linalg.solve(block, cross, assume_a="pos")
        except (linalg.LinAlgError, ValueError):  # pragma: no cover - caught at j-1
            raise _collinear(names, j, label) from None
        if corr[j, j] - explained < COLLINEAR_TOLERANCE:
            raise _collinear(names, j, label)


def _collinear(names: Sequence[str], j: int, label: str) -> DataError:
    if j == 0:
        return DataError(f"the model for {label} has an empty design")
    name = names[j]
    return DataError(
        f"covariate '{name}' has no variation, or is fully determined by the other "
        f"covariates, among {label}; leave it out or combine categories"
    )


def fit(
    family: Family,
    design: FloatArray,
    y: FloatArray,
    names: Sequence[str],
    label: str,
    *,
    start: FloatArray | None = None,
    response: str = "the outcome",
) -> FittedModel:
    """Maximum likelihood (least squares for 'linear') with clear failures."""
    check_full_rank(design, names, label)
    if family == "linear":
        info = design.T @ design
        params = _scaled_solve(info, design.T @ y)
        return FittedModel(family, params, _scaled_inverse(info), 1)
    if not np.isin(y, (0.0, 1.0)).all():
        raise DataError(f"a {family} model needs a 0/1 outcome ({label})")
    if y.min() == y.max():
        raise SeparationError(
            f"the outcome is {int(y[0])} for everyone in {label}, so a {family} model "
            "cannot be fitted there"
        )
    params = np.zeros(design.shape[1]) if start is None else start.astype(np.float64).copy()
    if start is None:
        rate = float(y.mean())
        params[0] = special.logit(rate) if family == "logit" else special.ndtri(rate)
    eta = design @ params
    current = log_likelihood(family, eta, y)
    converged = False
    iterations = 0
    for iterations in range(1, MAX_ITERATIONS + 1):  # noqa: B007 - used after the loop
        resid, curv = residual_and_curvature(family, eta, y)
        info = information(design, curv)
        grad = design.T @ resid
        try:
            step = _scaled_solve(info, grad)
        except (linalg.LinAlgError, ValueError):
            raise _separated(family, label, response) from None
        # Step-halving keeps each iteration uphill; Newton rarely needs it for these models.
        t = 1.0
        while True:
            trial = params + t * step
            trial_eta = design @ trial
            value = log_likelihood(family, trial_eta, y)
            if value >= current - 1e-12 * abs(current) or t < 1e-6:
                break
            t /= 2
        params, eta, current = trial, trial_eta, value
        if np.max(np.abs(eta)) > 2 * SEPARATION_ETA:
            # Step-halving only accepts uphill steps, so this far out is separation, and
            # carrying on would only spend more passes over the data to say so.
            break
        if np.max(np.abs(t * step) / (1.0 + np.abs(params))) < STEP_TOLERANCE:
            converged = True
            break
    if np.max(np.abs(eta)) > SEPARATION_ETA:
        raise _separated(family, label, response)
    if not converged:
        raise ConvergenceError(
            f"the {family} model for {label} did not converge in {MAX_ITERATIONS} iterations"
        )
    _, curv = residual_and_curvature(family, eta, y)
    info = information(design, curv)
    return FittedModel(family, params, _scaled_inverse(info), iterations)


def _scaled_solve(matrix: FloatArray, rhs: FloatArray) -> FloatArray:
    """Solve with the matrix scaled to unit diagonal, so covariates measured in very
    different units (pounds and years) do not make the system look singular. Warnings are
    silenced: when the matrix really is near singular, separation is diagnosed from the
    fitted values instead, in words."""
    scale = np.sqrt(np.diag(matrix))
    scaled = matrix / np.outer(scale, scale)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        solution: FloatArray = linalg.solve(scaled, rhs / scale, assume_a="pos") / scale
    return solution


def _scaled_inverse(matrix: FloatArray) -> FloatArray:
    scale = np.sqrt(np.diag(matrix))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        inverse: FloatArray = linalg.inv(matrix / np.outer(scale, scale)) / np.outer(scale, scale)
    return inverse


def _separated(family: Family, label: str, response: str) -> SeparationError:
    hint = "use fewer covariates or combine sparse categories"
    if label == "the treated group":
        hint += ", or estimate the ATET, which needs no model for the treated group"
    return SeparationError(
        f"the {family} model for {label} predicts {response} perfectly for some people "
        f"(perfect separation), so its estimates do not exist; {hint}"
    )


def influence_correction(
    model: FittedModel,
    design: FloatArray,
    y: FloatArray,
    gradient: FloatArray,
) -> FloatArray:
    """Each fitted person's contribution, through the model's coefficients, to a statistic.

    If a statistic's estimating equation has derivative ``gradient`` (summed over people)
    with respect to the coefficients, the estimated coefficients move it by
    gradient' I^-1 sum(score_i); person i's share is residual_i * x_i' I^-1 gradient. This
    is the off-diagonal block of the stacked M-estimation sandwich, without forming it.
    """
    eta = design @ model.params
    resid, _ = residual_and_curvature(model.family, eta, y)
    return resid * (design @ (model.information_inverse @ gradient))
