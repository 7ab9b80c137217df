"""The estimators against published Stata output on Cattaneo's birthweight data.

References:
- RA, IPW, AIPW: Stata ``teffects`` output shipped with statsmodels' own tests
  (``statsmodels/treatment/tests/results/results_teffects.py``) and tabulated in
  docs/research/evaluation.md. Outcome model ``bweight ~ prenatal1 mmarried mage fbaby``;
  treatment model ``mbsmoke ~ mmarried mage mage^2 fbaby medu``, **probit** (the logit does
  not reproduce the table, which a test below pins down).
- Propensity-score matching: ``teffects psmatch (bweight) (mbsmoke mmarried mage fage medu
  prenatal1)`` (logit, one neighbour), ATE -229.4492 and ATET -224.5927, as printed in
  Carlos Mendez's public Stata tutorial "Treatment Effects in Stata" (2026). Our point
  estimates agree to all printed digits, which cannot happen by chance; Stata's standard
  errors there include the Abadie-Imbens (2016) adjustment for the estimated score, which we
  do not make.

Where Stata publishes nothing (logit outcome models, AIPW ATET, logit treatment models) the
standard errors are checked against an independent, brute-force M-estimation sandwich: all
estimating equations stacked, the Jacobian by finite differences.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import statsmodels
from numpy.testing import assert_allclose
from scipy import special

from mydirection.evaluation.stats import (
    TreatmentData,
    augmented_ipw,
    inverse_probability_weighting,
    propensity_score_matching,
    regression_adjustment,
)

OUTCOME_COVARIATES = ["prenatal1_", "mmarried_", "mage", "fbaby_"]
TREATMENT_COVARIATES = ["mmarried_", "mage", "mage2", "fbaby_", "medu"]
RTOL = 1e-4


def cattaneo() -> pd.DataFrame:
    """Cattaneo (2010) as statsmodels ships it: the ``*_`` columns are the 0/1 recodes
    (``mbsmoke_`` smoker, ``mmarried_`` married, ``fbaby_`` first baby, ``prenatal1_`` first
    prenatal visit in the first trimester) that statsmodels' own tests use."""
    path = Path(statsmodels.__file__).parent / "treatment" / "tests" / "results" / "cataneo2.csv"
    return pd.read_csv(path)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return cattaneo()


@pytest.fixture(scope="module")
def data(frame: pd.DataFrame) -> TreatmentData:
    return TreatmentData.from_frame(
        frame, "mbsmoke_", "bweight", OUTCOME_COVARIATES, TREATMENT_COVARIATES
    )


def test_data_as_expected(data: TreatmentData) -> None:
    assert (data.n, data.n_treated) == (4642, 864)


# -- regression adjustment: the references --------------------------------------


def test_ra_atet_matches_stata(data: TreatmentData) -> None:
    result = regression_adjustment(data, "atet")
    assert_allclose(result.effect.value, -223.30165, rtol=RTOL)
    assert_allclose(result.effect.std_error, 22.74220, rtol=RTOL)
    assert_allclose(result.po_mean_control.value, 3360.96137, rtol=RTOL)
    assert_allclose(result.po_mean_control.std_error, 12.75749, rtol=RTOL)
    assert_allclose(
        [result.effect.ci_low, result.effect.ci_high], [-267.8755, -178.7278], rtol=RTOL
    )
    assert_allclose(result.effect.p_value, 9.342544938e-23, rtol=1e-3)


def test_ra_ate_matches_stata(data: TreatmentData) -> None:
    result = regression_adjustment(data, "ate")
    assert_allclose(result.effect.value, -239.63921, rtol=RTOL)
    assert_allclose(result.effect.std_error, 23.82402, rtol=RTOL)
    assert_allclose(result.po_mean_control.value, 3403.2423, rtol=RTOL)
    assert_allclose(result.po_mean_control.std_error, 9.5252, rtol=RTOL)


# -- weighting: the table in evaluation.md (probit treatment model) ----------------------


def test_ipw_ate_matches_stata(data: TreatmentData) -> None:
    result = inverse_probability_weighting(data, "ate", treatment_model="probit")
    assert_allclose(result.effect.value, -230.6886, rtol=RTOL)
    assert_allclose(result.effect.std_error, 25.8152, rtol=RTOL)
    assert_allclose(result.po_mean_control.value, 3403.4627086846, rtol=RTOL)
    assert_allclose(result.po_mean_control.std_error, 9.5713688979534, rtol=RTOL)


def test_ipw_atet_matches_stata(data: TreatmentData) -> None:
    result = inverse_probability_weighting(data, "atet", treatment_model="probit")
    assert_allclose(result.effect.value, -225.1773, rtol=RTOL)
    assert_allclose(result.effect.std_error, 23.6646, rtol=RTOL)
    assert_allclose(result.po_mean_control.value, 3362.8369827702, rtol=RTOL)
    assert_allclose(result.po_mean_control.std_error, 14.20149077868, rtol=RTOL)


def test_aipw_ate_matches_stata(data: TreatmentData) -> None:
    result = augmented_ipw(data, "ate", treatment_model="probit")
    assert_allclose(result.effect.value, -230.9892, rtol=RTOL)
    assert_allclose(result.effect.std_error, 26.2106, rtol=RTOL)
    assert_allclose(result.po_mean_control.value, 3403.3552531738, rtol=RTOL)
    assert_allclose(result.po_mean_control.std_error, 9.5684720516903, rtol=RTOL)


def test_the_stata_table_used_a_probit_not_a_logit(data: TreatmentData) -> None:
    """Pins down the documented choice: a logit treatment model misses the table by ~0.5%."""
    logit = inverse_probability_weighting(data, "ate", treatment_model="logit")
    assert abs(logit.effect.value / -230.6886 - 1) > 1e-3


# -- matching: Stata teffects psmatch ------------------------------------------------------


@pytest.fixture(scope="module")
def matching_data(frame: pd.DataFrame) -> TreatmentData:
    return TreatmentData.from_frame(
        frame, "mbsmoke_", "bweight", [], ["mmarried_", "mage", "fage", "medu", "prenatal1_"]
    )


@pytest.mark.parametrize(("effect", "stata"), [("ate", -229.4492), ("atet", -224.5927)])
def test_psmatch_point_estimates_match_stata(
    matching_data: TreatmentData, effect: Any, stata: float
) -> None:
    result = propensity_score_matching(
        matching_data, effect, treatment_model="logit", caliper=None, metric="score"
    ).effect
    # Stata prints seven significant figures.
    assert_allclose(result.effect.value, stata, rtol=5e-7)


def test_psmatch_ate_error_is_conservative(matching_data: TreatmentData) -> None:
    """Ignoring that the score is estimated overstates the ATE's error (Abadie-Imbens 2016):
    ours must not be below Stata's adjusted 25.88746, nor far above it."""
    result = propensity_score_matching(
        matching_data, "ate", treatment_model="logit", caliper=None, metric="score"
    ).effect
    assert 25.88746 <= result.effect.std_error < 1.1 * 25.88746


# -- independent check: brute-force stacked sandwich ------------------------------------


def numerical_sandwich(psi: Callable[[np.ndarray], np.ndarray], theta: np.ndarray) -> np.ndarray:
    """Stata's M-estimation variance A^-1 B A^-T / n with A by central differences."""
    values = psi(theta)
    n = values.shape[0]
    k = theta.size
    jac = np.empty((k, k))
    for j in range(k):
        h = 1e-6 * max(1.0, abs(theta[j]))
        up, down = theta.copy(), theta.copy()
        up[j] += h
        down[j] -= h
        jac[:, j] = (psi(up).mean(axis=0) - psi(down).mean(axis=0)) / (2 * h)
    meat = values.T @ values / n
    inv = np.linalg.inv(jac)
    variance: np.ndarray = inv @ meat @ inv.T / n
    return variance


def _logit_fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = special.expit(x @ beta)
        beta = beta + np.linalg.solve((x * (p * (1 - p))[:, None]).T @ x, x.T @ (y - p))
    return beta


@pytest.fixture(scope="module")
def binary_data(frame: pd.DataFrame) -> TreatmentData:
    return TreatmentData.from_frame(
        frame, "mbsmoke_", "lbweight", OUTCOME_COVARIATES, TREATMENT_COVARIATES
    )


def test_logit_ra_atet_equals_full_stata_stack(binary_data: TreatmentData) -> None:
    """Stata stacks both groups' logits; we fit only the comparison group's. Same answer."""
    x, y, t = binary_data.outcome_design, binary_data.outcome, binary_data.treated
    tf = t.astype(float)
    b0, b1 = _logit_fit(x[~t], y[~t]), _logit_fit(x[t], y[t])
    k = x.shape[1]
    pom1 = special.expit(x[t] @ b1).mean()
    pom0 = special.expit(x[t] @ b0).mean()

    def psi(theta: np.ndarray) -> np.ndarray:
        effect, mu0, p0, p1 = theta[0], theta[1], theta[2 : 2 + k], theta[2 + k :]
        m0, m1 = special.expit(x @ p0), special.expit(x @ p1)
        return np.column_stack(
            [
                tf * (m1 - m0 - effect),
                tf * (m0 - mu0),
                ((1 - tf) * (y - m0))[:, None] * x,
                (tf * (y - m1))[:, None] * x,
            ]
        )

    theta = np.concatenate([[pom1 - pom0, pom0], b0, b1])
    se = np.sqrt(np.diag(numerical_sandwich(psi, theta)))
    ours = regression_adjustment(binary_data, "atet", outcome_model="logit")
    assert_allclose(ours.effect.value, pom1 - pom0, rtol=1e-9)
    assert_allclose(ours.effect.std_error, se[0], rtol=1e-5)
    assert_allclose(ours.po_mean_control.std_error, se[1], rtol=1e-5)


def test_logit_ra_ate_equals_full_stack(binary_data: TreatmentData) -> None:
    x, y, t = binary_data.outcome_design, binary_data.outcome, binary_data.treated
    tf = t.astype(float)
    b0, b1 = _logit_fit(x[~t], y[~t]), _logit_fit(x[t], y[t])
    k = x.shape[1]

    def psi(theta: np.ndarray) -> np.ndarray:
        effect, mu0, p0, p1 = theta[0], theta[1], theta[2 : 2 + k], theta[2 + k :]
        m0, m1 = special.expit(x @ p0), special.expit(x @ p1)
        return np.column_stack(
            [
                m1 - m0 - effect,
                m0 - mu0,
                ((1 - tf) * (y - m0))[:, None] * x,
                (tf * (y - m1))[:, None] * x,
            ]
        )

    m0, m1 = special.expit(x @ b0), special.expit(x @ b1)
    theta = np.concatenate([[(m1 - m0).mean(), m0.mean()], b0, b1])
    se = np.sqrt(np.diag(numerical_sandwich(psi, theta)))
    ours = regression_adjustment(binary_data, "ate", outcome_model="logit")
    assert_allclose(ours.effect.std_error, se[0], rtol=1e-5)
    assert_allclose(ours.po_mean_control.std_error, se[1], rtol=1e-5)


@pytest.mark.parametrize("outcome_model", ["linear", "logit"])
def test_aipw_atet_equals_full_stack(binary_data: TreatmentData, outcome_model: Any) -> None:
    """Our AIPW ATET (Stata has none): the stacked equations, checked by brute force."""
    x, y, t = binary_data.outcome_design, binary_data.outcome, binary_data.treated
    z = binary_data.treatment_design
    tf = t.astype(float)
    k, q = x.shape[1], z.shape[1]
    gamma = _logit_fit(z, tf)
    if outcome_model == "logit":
        b0 = _logit_fit(x[~t], y[~t])
        link = special.expit
    else:
        b0 = np.linalg.lstsq(x[~t], y[~t], rcond=None)[0]

        def link(v: np.ndarray) -> np.ndarray:
            return v

    e = special.expit(z @ gamma)
    m0 = link(x @ b0)
    mu0 = (tf * m0 + (1 - tf) * e / (1 - e) * (y - m0)).sum() / tf.sum()
    mu1 = y[t].mean()

    def psi(theta: np.ndarray) -> np.ndarray:
        effect, m, b, g = theta[0], theta[1], theta[2 : 2 + k], theta[2 + k :]
        ee = special.expit(z @ g)
        pred = link(x @ b)
        aug = tf * pred + (1 - tf) * ee / (1 - ee) * (y - pred)
        return np.column_stack(
            [
                tf * (y - effect) - aug,  # tf*(y - mu0 - effect) with aug's mean = mu0
                aug - tf * m,
                ((1 - tf) * (y - pred))[:, None] * x,
                (tf - ee)[:, None] * z,
            ]
        )

    theta = np.concatenate([[mu1 - mu0, mu0], b0, gamma])
    assert theta.size == 2 + k + q
    se = np.sqrt(np.diag(numerical_sandwich(psi, theta)))
    ours = augmented_ipw(binary_data, "atet", outcome_model=outcome_model, treatment_model="logit")
    assert_allclose(ours.effect.value, mu1 - mu0, rtol=1e-9)
    assert_allclose(ours.effect.std_error, se[0], rtol=1e-5)
    assert_allclose(ours.po_mean_control.std_error, se[1], rtol=1e-5)


def test_logit_ipw_atet_equals_full_stack(data: TreatmentData) -> None:
    z, y, t = data.treatment_design, data.outcome, data.treated
    tf = t.astype(float)
    gamma = _logit_fit(z, tf)
    e = special.expit(z @ gamma)
    w = (1 - tf) * e / (1 - e)
    mu0 = (w * y).sum() / w.sum()
    mu1 = y[t].mean()

    def psi(theta: np.ndarray) -> np.ndarray:
        effect, m, g = theta[0], theta[1], theta[2:]
        ee = special.expit(z @ g)
        ww = (1 - tf) * ee / (1 - ee)
        return np.column_stack([tf * (y - m - effect), ww * (y - m), (tf - ee)[:, None] * z])

    se = np.sqrt(np.diag(numerical_sandwich(psi, np.concatenate([[mu1 - mu0, mu0], gamma]))))
    ours = inverse_probability_weighting(data, "atet", treatment_model="logit")
    assert_allclose(ours.effect.value, mu1 - mu0, rtol=1e-9)
    assert_allclose(ours.effect.std_error, se[0], rtol=1e-5)


def test_logit_ra_agrees_with_statsmodels(binary_data: TreatmentData) -> None:
    """statsmodels' TreatmentEffect with a Logit outcome (undocumented, but it works)."""
    from statsmodels.discrete.discrete_model import Logit, Probit
    from statsmodels.treatment.treatment_effects import TreatmentEffect

    x, y, t = binary_data.outcome_design, binary_data.outcome, binary_data.treated
    select = Probit(t.astype(float), binary_data.treatment_design).fit(disp=False)
    teff = TreatmentEffect(Logit(y, x), t.astype(int), results_select=select)
    theirs = teff.ra(effect_group=1, return_results=True)
    ours = regression_adjustment(binary_data, "atet", outcome_model="logit")
    assert_allclose(ours.effect.value, theirs.effect[0], rtol=1e-6)
    assert_allclose(ours.effect.std_error, theirs.sd[0], rtol=1e-3)
