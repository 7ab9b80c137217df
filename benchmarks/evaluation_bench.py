"""Speed of the evaluation estimators, against statsmodels' ``TreatmentEffect``.

Usage:
    .venv/bin/python benchmarks/evaluation_bench.py            # the issue's targets
    .venv/bin/python benchmarks/evaluation_bench.py --quick    # smaller, for a smoke run

Prints a Markdown table of best-of-``--repeat`` wall times. The targets (issue 5): RA ATET
with a logit outcome model and robust standard error on 1,000,000 rows x 10 covariates in
under 3 s; 1,000 bootstrap replications on 10,000 rows in under 10 s.

statsmodels' ``TreatmentEffect`` gets its standard errors by a Nelder-Mead GMM search over
every parameter, which is infeasible at a million rows, so it is timed on a 20,000-row
sample (and its comparison-group ``Logit`` fit alone at full size).

DoWhy (the ``bench`` dependency group, which ``make bench`` installs and ``make install``
leaves out) is timed on the same 20,000 rows: its generalised linear model (logit) and its
inverse probability weighting, both for the treated. DoWhy 0.12 with pandas 3 fails in
``RegressionEstimator.estimate_effect`` (``params[0]`` on a labelled Series) after the
estimate is made, and ignores ``target_units`` for regression estimators (its "ATT" is the
ATE), so the GLM is fitted with DoWhy's estimator and its ``_do`` averaged over the treated
rows, which is the ATT it would report. DoWhy gives no standard error without a bootstrap.
"""

import argparse
import contextlib
import functools
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import special

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mydirection.evaluation.stats import (
    EffectResult,
    EffectSpec,
    TreatmentData,
    estimate_effect,
    regression_adjustment,
)


def simulate(n: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Half continuous, half 0/1 covariates; confounded treatment; 0/1 outcome."""
    rng = np.random.default_rng(seed)
    half = k // 2
    x = np.column_stack(
        [rng.standard_normal((n, half)), (rng.random((n, k - half)) < 0.3).astype(float)]
    )
    coef = np.linspace(-0.5, 0.5, k)
    t = rng.random(n) < special.expit(-1.0 + x @ coef)
    y = (rng.random(n) < special.expit(-1.2 + x @ coef[::-1] - 0.2 * t)).astype(float)
    return y, t, x


def dowhy_runs(
    y: np.ndarray, t: np.ndarray, x: np.ndarray, names: list[str], repeat: int
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Best-of times and ATT estimates of DoWhy's logit GLM and IPW, or None if absent."""
    try:
        import logging
        import warnings

        import pandas as pd
        import statsmodels.api as sm
        from dowhy import CausalModel
        from dowhy.causal_estimators.generalized_linear_model_estimator import (
            GeneralizedLinearModelEstimator,
        )
        from dowhy.causal_estimators.propensity_score_weighting_estimator import (
            PropensityScoreWeightingEstimator,
        )
    except ImportError:
        return None
    logging.getLogger("dowhy").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="dowhy")
    frame = pd.DataFrame(x, columns=names)
    frame["t"], frame["y"] = t.astype(bool), y
    treated = frame[frame["t"]]

    def estimand() -> object:
        model = CausalModel(data=frame, treatment="t", outcome="y", common_causes=names)
        return model.identify_effect(proceed_when_unidentifiable=True)

    def glm() -> float:
        estimator = GeneralizedLinearModelEstimator(estimand(), glm_family=sm.families.Binomial())
        estimator.fit(frame)
        return float(estimator._do(1, treated) - estimator._do(0, treated))

    def ipw() -> float:
        estimator = PropensityScoreWeightingEstimator(estimand(), weighting_scheme="ips_weight")
        estimator.fit(frame)
        return float(estimator.estimate_effect(frame, target_units="att").value)

    glm_time, glm_value = best_of(repeat, glm)
    ipw_time, ipw_value = best_of(repeat, ipw)
    return (glm_time, float(glm_value)), (ipw_time, float(ipw_value))  # type: ignore[arg-type]


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    big = 100_000 if args.quick else 1_000_000
    reps = 200 if args.quick else 1_000
    rows: list[tuple[str, str, float, str]] = []

    # 1. RA ATET, logit outcome, robust SE, big n x 10.
    y, t, x = simulate(big, 10)
    names = [f"x{j}" for j in range(10)]
    seconds, data = best_of(args.repeat, lambda: TreatmentData.from_arrays(y, t, x, names))
    rows.append(("validate and build designs", f"{big:,} x 10", seconds, "ours"))
    assert isinstance(data, TreatmentData)
    seconds, _ = best_of(
        args.repeat, lambda: regression_adjustment(data, "atet", outcome_model="logit")
    )
    rows.append(("RA ATET, logit, robust SE", f"{big:,} x 10", seconds, "ours"))
    ours_big = seconds

    from statsmodels.discrete.discrete_model import Logit

    control = ~t
    design = np.column_stack([np.ones(big), x])
    seconds, _ = best_of(1, lambda: Logit(y[control], design[control]).fit(disp=0, method="newton"))
    rows.append(("comparison-group Logit fit only", f"{big:,} x 10", seconds, "statsmodels"))
    sm_logit_big = seconds

    # 2. Same estimator at 20,000 rows, ours against TreatmentEffect.ra (GMM).
    from statsmodels.discrete.discrete_model import Probit
    from statsmodels.treatment.treatment_effects import TreatmentEffect

    small = 20_000
    ys, ts, xs = y[:small], t[:small], x[:small]
    small_data = TreatmentData.from_arrays(ys, ts, xs, names)
    seconds, mine = best_of(
        args.repeat, lambda: regression_adjustment(small_data, "atet", outcome_model="logit")
    )
    rows.append(("RA ATET, logit, robust SE", f"{small:,} x 10", seconds, "ours"))
    ours_small = seconds
    dsmall = np.column_stack([np.ones(small), xs])

    def statsmodels_ra() -> object:
        select = Probit(ts.astype(float), dsmall).fit(disp=0)  # .ra() demands one
        with contextlib.redirect_stdout(io.StringIO()):  # it prints each group's fit
            teff = TreatmentEffect(Logit(ys, dsmall), ts.astype(int), results_select=select)
            return teff.ra(effect_group=1, return_results=True)

    seconds, theirs = best_of(1, statsmodels_ra)
    rows.append(("RA ATET, logit, GMM SE", f"{small:,} x 10", seconds, "statsmodels"))
    sm_small = seconds

    # 2b. DoWhy on the same 20,000 rows, against our RA (logit) and IPW, both ATET.
    from mydirection.evaluation.stats import inverse_probability_weighting

    seconds, mine_ipw_result = best_of(
        args.repeat, lambda: inverse_probability_weighting(small_data, "atet")
    )
    rows.append(("IPW ATET, logit, robust SE", f"{small:,} x 10", seconds, "ours"))
    ours_ipw = seconds
    assert isinstance(mine, EffectResult) and isinstance(mine_ipw_result, EffectResult)
    mine_ipw = mine_ipw_result
    dowhy = dowhy_runs(ys, ts, xs, names, args.repeat)
    if dowhy is not None:
        (dw_glm, dw_glm_value), (dw_ipw, dw_ipw_value) = dowhy
        rows.append(("GLM (logit) ATT, no SE", f"{small:,} x 10", dw_glm, "DoWhy"))
        rows.append(("IPW ATT, no SE", f"{small:,} x 10", dw_ipw, "DoWhy"))

    # 3. Bootstrap on 10,000 rows.
    yb, tb, xb = simulate(10_000, 10, seed=1)
    boot_data = TreatmentData.from_arrays(yb, tb, xb, names)
    boot_times = {}
    for label, spec in (
        ("RA ATET, logit", EffectSpec("ra", "atet", "logit", bootstrap=reps, seed=1)),
        ("RA ATET, linear", EffectSpec("ra", "atet", "linear", bootstrap=reps, seed=1)),
        ("IPW ATET, logit", EffectSpec("ipw", "atet", bootstrap=reps, seed=1)),
        ("AIPW ATE, logit", EffectSpec("aipw", "ate", "logit", bootstrap=reps, seed=1)),
    ):
        seconds, _ = best_of(1, functools.partial(estimate_effect, boot_data, spec))
        boot_times[label] = seconds
        rows.append((f"bootstrap x {reps:,}: {label}", "10,000 x 10", seconds, "ours"))

    print("| task | data | seconds | by |")
    print("| --- | --- | ---: | --- |")
    for task, size, secs, who in rows:
        print(f"| {task} | {size} | {secs:.3f} | {who} |")
    print()
    print(f"RA ATET logit at {big:,} rows: {ours_big:.2f} s (target < 3 s).")
    print(
        f"statsmodels' Logit fit alone at {big:,} rows takes {sm_logit_big / ours_big:.1f}x "
        "our whole estimate."
    )
    print(
        f"At {small:,} rows statsmodels' TreatmentEffect.ra takes {sm_small / ours_small:.0f}x "
        "as long as ours; estimates agree to "
        f"{abs(mine.effect.value - theirs.effect[0]):.1e}, standard errors to "  # type: ignore[attr-defined]
        f"{abs(mine.effect.std_error / theirs.sd[0] - 1):.1e} (relative)."  # type: ignore[attr-defined]
    )
    if dowhy is not None:
        print(
            f"At {small:,} rows DoWhy's logit GLM (one model with a treatment term) takes "
            f"{dw_glm / ours_small:.1f}x as long as our RA with its robust SE (estimates "
            f"{dw_glm_value:+.4f} and {mine.effect.value:+.4f}); its IPW "
            f"{dw_ipw / ours_ipw:.1f}x as long as ours ({dw_ipw_value:+.4f} and "
            f"{mine_ipw.effect.value:+.4f})."
        )
    else:
        print("DoWhy is not installed (make bench installs the bench group): not timed.")
    worst = max(boot_times.values())
    print(f"Slowest {reps:,}-replication bootstrap on 10,000 rows: {worst:.2f} s (target < 10 s).")


if __name__ == "__main__":
    main()
