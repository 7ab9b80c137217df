"""Balance, power, E-value, missing data, the naive difference and input checks."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import special

from mydirection.evaluation.stats import (
    ConvergenceError,
    DataError,
    EffectSpec,
    OverlapError,
    SeparationError,
    TreatmentData,
    adjustment_weights,
    balance_table,
    compare_covariate_sets,
    e_value,
    e_value_for_effect,
    estimate_effect,
    minimum_detectable_difference,
    multiple_imputation,
    naive_difference,
    power_analysis,
    power_two_proportions,
    regression_adjustment,
    risk_ratio,
    rubin_combine,
    treated_needed,
)

# -- power: the pilot's reference figures (docs/research/evaluation.md) -------------------


def test_pilot_minimum_detectable_difference() -> None:
    mde = minimum_detectable_difference(84, 529, 0.151, power=0.8, alpha=0.05)
    assert round(mde * 100, 1) == 9.7


def test_pilot_power_for_the_observed_difference() -> None:
    power = power_two_proportions(84, 529, 0.151, 0.151 - 0.016)
    assert round(power, 2) == 0.07


def test_pilot_sample_size_for_the_observed_difference() -> None:
    needed = treated_needed(0.151, -0.016, control_per_treated=529 / 84)
    assert abs(needed - 4350) <= 10


def test_pilot_could_not_have_detected_two_points() -> None:
    analysis = power_analysis(84, 529, 0.151, -0.02)
    assert analysis.power_for_difference < 0.1
    text = analysis.describe()
    assert "too small to detect" in text
    assert "9.7 percentage points" in text


def test_power_rises_with_sample_size_and_effect() -> None:
    small = power_two_proportions(84, 529, 0.15, 0.10)
    bigger_n = power_two_proportions(840, 5290, 0.15, 0.10)
    bigger_d = power_two_proportions(84, 529, 0.15, 0.05)
    assert small < bigger_n and small < bigger_d


def test_an_undetectable_difference_is_infinite() -> None:
    assert math.isinf(minimum_detectable_difference(3, 3, 0.02))


# -- E-value -----------------------------------------------------------------------------


def test_e_value_reproduces_vanderweele_and_ding() -> None:
    """Their worked example: RR 3.9 (95% CI 1.8 to 8.7) gives 7.26, and 3.02 for the CI."""
    ev = e_value(3.9, 1.8, 8.7)
    assert round(ev.e_value, 2) == 7.26
    assert round(ev.e_value_ci, 1) == 3.0


def test_e_value_of_a_protective_effect_uses_the_reciprocal() -> None:
    assert_allclose(e_value(1 / 3.9).e_value, e_value(3.9).e_value)
    assert e_value(0.8, 0.6, 1.1).e_value_ci == 1.0  # interval includes no effect


def test_e_value_for_an_estimated_rate_difference() -> None:
    rng = np.random.default_rng(0)
    n = 4000
    x = rng.standard_normal(n)
    t = rng.random(n) < special.expit(x)
    y = (rng.random(n) < special.expit(-1 + x - 0.7 * t)).astype(float)
    data = TreatmentData.from_arrays(y, t, x[:, None], ["x"])
    result = regression_adjustment(data, "atet", outcome_model="logit")
    rr, low, high = risk_ratio(result)
    assert_allclose(rr, result.po_mean_treated.value / result.po_mean_control.value)
    assert low < rr < high
    ev = e_value_for_effect(result)
    assert ev.e_value > 1 and "unmeasured confounder" in ev.describe()


# -- balance -----------------------------------------------------------------------------


def test_balance_table_means_shares_and_smd() -> None:
    frame = pd.DataFrame(
        {
            "t": [1, 1, 1, 1, 0, 0, 0, 0],
            "male": [1, 1, 0, 0, 1, 1, 1, 0],
            "age": [20.0, 30.0, 40.0, np.nan, 30.0, 40.0, 50.0, 60.0],
        }
    )
    table = balance_table(frame, "t", ["male", "age"])
    male, age = table.rows
    assert male.binary and not age.binary
    assert (male.mean_treated, male.mean_control) == (0.5, 0.75)
    pooled = math.sqrt((0.5 * 0.5 + 0.75 * 0.25) / 2)
    assert_allclose(male.smd, (0.5 - 0.75) / pooled)
    assert_allclose(age.mean_treated, 30.0)
    assert_allclose(age.missing_treated, 0.25)
    pooled_age = math.sqrt((np.var([20, 30, 40], ddof=1) + np.var([30, 40, 50, 60], ddof=1)) / 2)
    assert_allclose(age.smd, (30 - 45) / pooled_age)


def test_weighting_improves_balance() -> None:
    rng = np.random.default_rng(2)
    n = 3000
    x = rng.standard_normal(n)
    t = rng.random(n) < special.expit(1.2 * x)
    y = x + t + rng.standard_normal(n)
    frame = pd.DataFrame({"t": t.astype(int), "y": y, "x": x})
    data = TreatmentData.from_frame(frame, "t", "y", ["x"])
    for spec in (EffectSpec(estimator="ipw"), EffectSpec(estimator="match")):
        weights = adjustment_weights(data, spec)
        assert weights is not None
        table = balance_table(frame, "t", ["x"], weights, adjustment=spec.estimator)
        assert abs(table.rows[0].smd) > 0.5
        assert table.rows[0].smd_adjusted is not None
        assert abs(table.rows[0].smd_adjusted) < 0.1
        assert table.effective_n_control is not None
    assert adjustment_weights(data, EffectSpec(estimator="ra")) is None


# -- missing data ------------------------------------------------------------------------


def pilot_like_frame(seed: int = 4, n: int = 613) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    male = (rng.random(n) < 0.77).astype(float)
    age = rng.normal(35, 10, n).round()
    ogrs = rng.uniform(5, 95, n).round()
    deprivation = rng.integers(1, 11, n).astype(float)
    t = rng.random(n) < special.expit(-1.8 - 0.5 * male + 0.2 * (deprivation - 3) / 2)
    y = rng.random(n) < special.expit(-3 + 0.03 * ogrs + 0.2 * male)
    frame = pd.DataFrame(
        {
            "intervention": t.astype(int),
            "reoffended": y.astype(int),
            "male": male,
            "age": age,
            "ogrs3": ogrs,
            "deprivation": deprivation,
        }
    )
    frame.loc[rng.random(n) < 0.15, "deprivation"] = np.nan
    return frame


def test_covariate_sets_use_their_own_complete_cases() -> None:
    frame = pilot_like_frame()
    sets = {
        "model 1": ["male", "age", "ogrs3"],
        "model 2": ["male", "age", "ogrs3", "deprivation"],
    }
    one, two = compare_covariate_sets(
        frame, "intervention", "reoffended", sets, EffectSpec(outcome_model="logit")
    )
    missing = int(frame["deprivation"].isna().sum())
    assert (one.n_dropped, two.n_dropped) == (0, missing)
    assert one.n_used == len(frame) and two.n_used == len(frame) - missing
    assert two.result.notes[0].startswith(f"{missing} rows with a missing value")


def test_rubin_combine_by_hand() -> None:
    combined = rubin_combine([1.0, 2.0, 3.0], [0.5, 0.5, 0.5])
    # W = 0.5, B = 1, T = 0.5 + (1 + 1/3) * 1
    assert_allclose(combined.total_variance, 0.5 + 4 / 3)
    lam = (4 / 3) / (0.5 + 4 / 3)
    assert_allclose(combined.df, 2 / lam**2)
    assert_allclose(combined.estimate, 2.0)


def test_multiple_imputation_keeps_everyone_and_is_reproducible() -> None:
    frame = pilot_like_frame()
    spec = EffectSpec(outcome_model="logit")
    covs = ["male", "age", "ogrs3", "deprivation"]
    first = multiple_imputation(frame, "intervention", "reoffended", covs, spec, 5, 5, seed=1)
    second = multiple_imputation(frame, "intervention", "reoffended", covs, spec, 5, 5, seed=1)
    assert first.effect == second.effect
    assert first.se_method == "rubin"
    assert first.n_treated + first.n_control == len(frame)
    complete = compare_covariate_sets(frame, "intervention", "reoffended", {"cc": covs}, spec)
    # Imputation cannot make the estimate less uncertain than the within-imputation error.
    assert first.effect.std_error > 0.5 * complete[0].result.effect.std_error
    assert "multiply imputed" in first.notes[0]


# -- naive difference --------------------------------------------------------------------


def test_naive_difference_pilot_rates() -> None:
    """11 of 84 against 80 of 529: 13.1% and 15.1%, as the pilot reported."""
    y = np.r_[np.ones(11), np.zeros(73), np.ones(80), np.zeros(449)]
    t = np.r_[np.ones(84), np.zeros(529)]
    result = naive_difference(TreatmentData.from_arrays(y, t))
    assert round(result.po_mean_treated.value * 100, 1) == 13.1
    assert round(result.po_mean_control.value * 100, 1) == 15.1
    assert result.effect.ci_low < result.effect.value < result.effect.ci_high
    assert not result.effect.significant
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(11, 84, 80, 529, method="newcomb", compare="diff")
    assert_allclose([result.effect.ci_low, result.effect.ci_high], [low, high])


def test_naive_difference_continuous_is_welch() -> None:
    from scipy import stats

    rng = np.random.default_rng(1)
    y1, y0 = rng.normal(1, 2, 40), rng.normal(0, 1, 60)
    data = TreatmentData.from_arrays(np.r_[y1, y0], np.r_[np.ones(40), np.zeros(60)])
    result = naive_difference(data)
    welch = stats.ttest_ind(y1, y0, equal_var=False)
    assert_allclose(result.effect.p_value, welch.pvalue)


# -- input checks and model failures -----------------------------------------------------


def frame_for_errors() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 100
    return pd.DataFrame(
        {
            "t": (np.arange(n) % 3 == 0).astype(int),
            "y": rng.normal(size=n),
            "x": rng.normal(size=n),
            "flag": (rng.random(n) < 0.3).astype(int),
        }
    )


@pytest.mark.parametrize(
    ("change", "columns", "message"),
    [
        (None, ("t", "y", ["nope"]), "column 'nope' is not in the data"),
        ({"t": lambda f: f["t"] * 2}, ("t", "y", ["x"]), "must contain only 0 and 1"),
        ({"t": lambda f: f["t"] * 0}, ("t", "y", ["x"]), "no treated"),
        ({"y": lambda f: f["y"] * 0 + 1}, ("t", "y", ["x"]), "is 1 for everyone"),
        (
            {"x": lambda f: f["x"].astype(str).where(f.index != 5, "abc")},
            ("t", "y", ["x"]),
            "'abc'",
        ),
        ({"x": lambda f: f["x"] * 0}, ("t", "y", ["x"]), "same value for everyone"),
        (None, ("t", "y", ["x", "x"]), "listed twice"),
        (None, ("t", "y", ["y"]), "cannot also be a covariate"),
    ],
)
def test_bad_input_is_named(change: Any, columns: Any, message: str) -> None:
    frame = frame_for_errors()
    for column, fn in (change or {}).items():
        frame[column] = fn(frame)
    with pytest.raises(DataError, match=message):
        TreatmentData.from_frame(frame, *columns)


def test_too_few_rows() -> None:
    frame = frame_for_errors().iloc[[0, 1, 2, 4]]  # one treated row
    with pytest.raises(DataError, match="too few rows"):
        TreatmentData.from_frame(frame, "t", "y", ["x"])


def test_too_few_rows_for_the_model() -> None:
    frame = frame_for_errors().iloc[:7]  # 3 treated, 4 comparison, model has 3 parameters
    data = TreatmentData.from_frame(frame, "t", "y", ["x", "flag"])
    with pytest.raises(DataError):
        regression_adjustment(data, "ate")


def test_covariate_constant_within_a_group_is_named() -> None:
    frame = frame_for_errors()
    frame.loc[frame["t"] == 1, "flag"] = 0
    data = TreatmentData.from_frame(frame, "t", "y", ["x", "flag"])
    regression_adjustment(data, "atet")  # fine: only the comparison group is modelled
    with pytest.raises(DataError, match=r"'flag' has no variation.*treated group"):
        regression_adjustment(data, "ate")


def test_collinear_covariates_are_named() -> None:
    frame = frame_for_errors()
    frame["x2"] = 2 * frame["x"] + 1
    data = TreatmentData.from_frame(frame, "t", "y", ["x", "x2"])
    with pytest.raises(DataError, match="'x2'"):
        regression_adjustment(data)


def test_perfect_separation_is_refused() -> None:
    rng = np.random.default_rng(0)
    n = 200
    x = rng.normal(size=n)
    t = rng.random(n) < 0.5
    y = (x > 0).astype(float)  # x predicts the outcome perfectly
    data = TreatmentData.from_arrays(y, t, x[:, None], ["x"])
    with pytest.raises(SeparationError, match="perfect separation"):
        regression_adjustment(data, "atet", outcome_model="logit")


def test_treatment_perfectly_predicted_is_refused() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=200)
    t = x > 0
    data = TreatmentData.from_arrays(rng.normal(size=200), t, x[:, None], ["x"])
    with pytest.raises((SeparationError, OverlapError)):
        estimate_effect(data, EffectSpec(estimator="ipw"))


def test_logit_outcome_needs_a_binary_outcome() -> None:
    data = TreatmentData.from_frame(frame_for_errors(), "t", "y", ["x"])
    with pytest.raises(DataError, match="0/1 outcome"):
        regression_adjustment(data, outcome_model="logit")


def test_missing_values_are_dropped_and_counted() -> None:
    frame = frame_for_errors()
    frame.loc[[3, 4], "x"] = np.nan
    data = TreatmentData.from_frame(frame, "t", "y", ["x"])
    assert data.n == 98 and data.n_dropped == 2
    assert data.rows is not None and 3 not in data.rows


def test_convergence_error_is_an_evaluation_error() -> None:
    assert issubclass(ConvergenceError, DataError.__mro__[1])
