"""Properties that catch real mistakes: planted effects are recovered, answers do not depend
on how the data happen to be ordered or scaled, the bootstrap is reproducible and agrees
with the analytic errors, and matching refuses what it cannot do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import special

from mydirection.evaluation.stats import (
    DataError,
    EffectSpec,
    EvaluationError,
    TreatmentData,
    augmented_ipw,
    estimate_effect,
    inverse_probability_weighting,
    propensity_score_matching,
    regression_adjustment,
)
from mydirection.evaluation.stats import bootstrap as bootstrap_module

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Simulated:
    data: TreatmentData
    true_atet: float
    true_ate: float


def simulate(
    seed: int, n: int, effect: float, confounding: float, binary: bool = False
) -> Simulated:
    """Confounded data with a known effect: x1 and x2 drive both treatment and outcome."""
    rng = np.random.default_rng(seed)
    x1 = rng.standard_normal(n)
    x2 = (rng.random(n) < 0.4).astype(float)
    t = rng.random(n) < special.expit(-0.8 + confounding * x1 + 0.5 * x2)
    if binary:
        base = -1.5 + 0.8 * x1 - 0.5 * x2
        p0, p1 = special.expit(base), special.expit(base + effect)
        y = (rng.random(n) < np.where(t, p1, p0)).astype(float)
        true_atet = float((p1 - p0)[t].mean())
        true_ate = float((p1 - p0).mean())
    else:
        y = 1.0 + 2.0 * x1 - 1.0 * x2 + effect * t + rng.standard_normal(n)
        true_atet = true_ate = effect
    data = TreatmentData.from_arrays(y, t, np.column_stack([x1, x2]), ["x1", "x2"])
    return Simulated(data, true_atet, true_ate)


# A z-score beyond 5 happens by chance about once in 1.7 million draws: a failure is a bug.
Z_LIMIT = 5.0


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    effect=st.floats(-3, 3),
    confounding=st.floats(0.3, 1.2),
    effect_kind=st.sampled_from(["ate", "atet"]),
)
def test_planted_continuous_effect_is_recovered(
    seed: int, effect: float, confounding: float, effect_kind: Any
) -> None:
    sim = simulate(seed, 1500, effect, confounding)
    truth = sim.true_atet if effect_kind == "atet" else sim.true_ate
    for result in (
        regression_adjustment(sim.data, effect_kind),
        inverse_probability_weighting(sim.data, effect_kind),
        augmented_ipw(sim.data, effect_kind),
    ):
        z = (result.effect.value - truth) / result.effect.std_error
        assert abs(z) < Z_LIMIT, (result.estimator, result.effect, truth)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), effect=st.floats(-1.5, 1.5))
def test_planted_binary_effect_is_recovered_by_logit_ra(seed: int, effect: float) -> None:
    sim = simulate(seed, 2000, effect, 0.8, binary=True)
    cases: tuple[tuple[Any, float], ...] = (("atet", sim.true_atet), ("ate", sim.true_ate))
    for kind, truth in cases:
        result = regression_adjustment(sim.data, kind, outcome_model="logit")
        z = (result.effect.value - truth) / result.effect.std_error
        assert abs(z) < Z_LIMIT, (kind, result.effect, truth)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), effect=st.floats(-3, 3))
def test_naive_difference_is_biased_where_adjustment_is_not(seed: int, effect: float) -> None:
    """Guards against an 'adjusted' estimator that silently adjusts for nothing."""
    sim = simulate(seed, 3000, effect, 1.0)
    naive = estimate_effect(sim.data, EffectSpec(estimator="naive"))
    adjusted = regression_adjustment(sim.data, "atet")
    assert abs(naive.effect.value - effect) > 0.5  # confounding by x1 biases it upwards
    assert abs(adjusted.effect.value - effect) < Z_LIMIT * adjusted.effect.std_error


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), effect=st.floats(-2, 2))
def test_matching_recovers_a_planted_atet(seed: int, effect: float) -> None:
    sim = simulate(seed, 2000, effect, 0.7)
    result = propensity_score_matching(sim.data, "atet", caliper=0.2).effect
    z = (result.effect.value - effect) / result.effect.std_error
    assert abs(z) < Z_LIMIT + 1  # matching keeps a small finite-sample bias


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
def test_aipw_is_doubly_robust(seed: int) -> None:
    """Outcome model right, treatment model wrong (it omits x1): AIPW stays right, IPW not."""
    rng = np.random.default_rng(seed)
    n = 4000
    x1 = rng.standard_normal(n)
    x2 = rng.standard_normal(n)
    t = rng.random(n) < special.expit(1.5 * x1)
    y = 2.0 * x1 + x2 + 1.0 * t + rng.standard_normal(n)
    data = TreatmentData.from_arrays(
        y,
        t,
        np.column_stack([x1, x2]),
        ["x1", "x2"],
        treatment_covariates=x2[:, None],
        treatment_covariate_names=["x2"],
    )
    dr = augmented_ipw(data, "ate")
    assert abs(dr.effect.value - 1.0) < Z_LIMIT * dr.effect.std_error
    ipw = inverse_probability_weighting(data, "ate")
    assert abs(ipw.effect.value - 1.0) > Z_LIMIT * ipw.effect.std_error


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    scale=st.floats(1e-3, 1e3),
    shift=st.floats(-100, 100),
    estimator=st.sampled_from(["ra", "ipw", "aipw", "match"]),
)
def test_rescaling_a_covariate_changes_nothing(
    seed: int, scale: float, shift: float, estimator: Any
) -> None:
    """statsmodels' IPW errors change with covariate scale; a correct sandwich does not."""
    sim = simulate(seed, 600, 1.0, 0.8)
    x = sim.data.outcome_design[:, 1:].copy()
    x[:, 0] = x[:, 0] * scale + shift
    moved = TreatmentData.from_arrays(sim.data.outcome, sim.data.treated, x, ["x1", "x2"])
    spec = EffectSpec(estimator=estimator, caliper=None)
    a, b = estimate_effect(sim.data, spec), estimate_effect(moved, spec)
    assert_allclose(b.effect.value, a.effect.value, rtol=1e-6, atol=1e-9)
    assert_allclose(b.effect.std_error, a.effect.std_error, rtol=1e-6)


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    estimator=st.sampled_from(["ra", "ipw", "aipw", "match"]),
    effect=st.sampled_from(["ate", "atet"]),
)
def test_row_order_does_not_matter(seed: int, estimator: Any, effect: Any) -> None:
    sim = simulate(seed, 500, 0.5, 0.8)
    order = np.random.default_rng(seed).permutation(sim.data.n)
    d = sim.data
    shuffled = TreatmentData.from_arrays(
        d.outcome[order], d.treated[order], d.outcome_design[order, 1:], ["x1", "x2"]
    )
    spec = EffectSpec(estimator=estimator, effect=effect)
    a, b = estimate_effect(d, spec), estimate_effect(shuffled, spec)
    assert_allclose(b.effect.value, a.effect.value, rtol=1e-9, atol=1e-12)
    assert_allclose(b.effect.std_error, a.effect.std_error, rtol=1e-7)


@pytest.mark.parametrize(
    ("estimator", "effect", "outcome_model"),
    [
        ("ra", "atet", "linear"),
        ("ra", "ate", "logit"),
        ("ra", "atet", "logit"),
        ("ipw", "ate", "linear"),
        ("ipw", "atet", "linear"),
        ("aipw", "ate", "logit"),
        ("aipw", "atet", "linear"),
    ],
)
def test_bootstrap_with_unit_weights_reproduces_the_estimate(
    estimator: Any, effect: Any, outcome_model: Any
) -> None:
    sim = simulate(7, 800, 0.6, 0.8, binary=True)
    spec = EffectSpec(estimator=estimator, effect=effect, outcome_model=outcome_model)
    point = estimate_effect(sim.data, spec)
    starts = bootstrap_module._full_sample_fits(
        sim.data,
        estimator,
        effect,
        outcome_model,
        "logit",
    )
    mu1, mu0, ok = bootstrap_module._replicate_means(
        sim.data,
        estimator,
        effect,
        outcome_model=outcome_model,
        treatment_model="logit",
        weights=np.ones((3, sim.data.n)),
        starts=starts,
    )
    assert ok.all()
    assert_allclose(mu1 - mu0, point.effect.value, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("estimator", ["ra", "ipw", "aipw"])
def test_bootstrap_agrees_with_the_sandwich_and_is_reproducible(estimator: Any) -> None:
    sim = simulate(11, 3000, 1.0, 0.8)
    analytic = estimate_effect(sim.data, EffectSpec(estimator=estimator))
    spec = EffectSpec(estimator=estimator, bootstrap=400, seed=5)
    first, second = estimate_effect(sim.data, spec), estimate_effect(sim.data, spec)
    assert first.effect == second.effect
    assert first.se_method == "bootstrap" and first.bootstrap is not None
    assert first.effect.value == analytic.effect.value
    # 400 replications estimate a standard error to within about 7% (one SD is ~3.5%).
    assert_allclose(first.effect.std_error, analytic.effect.std_error, rtol=0.15)
    other = estimate_effect(sim.data, EffectSpec(estimator=estimator, bootstrap=400, seed=6))
    assert other.effect.std_error != first.effect.std_error


def test_bootstrap_counts_are_resamples() -> None:
    counts = bootstrap_module.resample_counts(np.random.default_rng(0), 50, 200)
    assert counts.shape == (50, 200)
    assert (counts.sum(axis=1) == 200).all()
    assert (counts >= 0).all()


def test_bootstrap_drops_replications_that_cannot_be_fitted() -> None:
    """A rare binary covariate is absent from some resampled treated groups (ATE, RA)."""
    rng = np.random.default_rng(3)
    n = 300
    rare = np.zeros(n)
    t = rng.random(n) < 0.3
    rare[np.flatnonzero(t)[:2]] = 1.0
    rare[np.flatnonzero(~t)[:20]] = 1.0
    x = np.column_stack([rng.standard_normal(n), rare])
    y = x[:, 0] + t + rng.standard_normal(n)
    data = TreatmentData.from_arrays(y, t, x, ["x", "rare"])
    result = estimate_effect(data, EffectSpec(effect="ate", bootstrap=200, seed=1))
    assert result.bootstrap is not None
    assert 0 < result.bootstrap.failed < 200
    assert any("could not be estimated" in note for note in result.notes)


@pytest.mark.parametrize("caliper", [0.0, -1.0, float("nan")])
def test_matching_with_a_zero_or_negative_caliper_refuses(caliper: float) -> None:
    sim = simulate(1, 300, 1.0, 0.5)
    with pytest.raises(DataError, match="caliper"):
        propensity_score_matching(sim.data, "atet", caliper=caliper)


def test_matching_refuses_the_bootstrap() -> None:
    with pytest.raises(EvaluationError, match="not valid for nearest-neighbour matching"):
        EffectSpec(estimator="match", bootstrap=100)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), caliper=st.floats(0.001, 0.05))
def test_a_tight_caliper_leaves_people_out_and_says_so(seed: int, caliper: float) -> None:
    sim = simulate(seed, 400, 1.0, 1.5)
    loose = propensity_score_matching(sim.data, "atet", caliper=None)
    tight = propensity_score_matching(sim.data, "atet", caliper=caliper)
    assert loose.effect.n_excluded == 0
    assert tight.effect.n_excluded == int((sim.data.treated & ~tight.matched).sum())
    if tight.effect.n_excluded:
        assert any("no comparator within the caliper" in n for n in tight.effect.notes)
    # Everyone matched is within the caliper, so matched weights only go to the matched.
    assert (tight.weights[sim.data.treated & ~tight.matched] == 0).all()


def test_matching_with_one_neighbour_and_no_ties_is_the_obvious_thing() -> None:
    """Hand-checkable: three treated, four controls, matching on the score itself."""
    y = np.array([10.0, 20.0, 30.0, 1.0, 2.0, 3.0, 4.0])
    t = np.array([1, 1, 1, 0, 0, 0, 0], dtype=bool)
    data = TreatmentData.from_arrays(y, t, np.empty((7, 0)), [])
    from mydirection.evaluation.stats import matching

    runs = matching._nearest_runs(np.array([0.1, 0.5, 0.9]), np.array([0.0, 0.45, 0.6, 1.0]), 1)
    assert runs.lo.tolist() == [0, 1, 3]
    assert runs.hi.tolist() == [1, 2, 4]
    # Ties: 0.5 is equidistant from 0.4 and 0.6, so both are used, half each.
    tied = matching._nearest_runs(np.array([0.5]), np.array([0.4, 0.6, 0.9]), 1)
    assert (tied.lo[0], tied.hi[0]) == (0, 2)
    assert data.n == 7
