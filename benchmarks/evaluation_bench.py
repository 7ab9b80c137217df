"""Speed of the evaluation estimators, against statsmodels' ``TreatmentEffect``.

Usage:
    .venv/bin/python benchmarks/evaluation_bench.py            # the issue's targets
    .venv/bin/python benchmarks/evaluation_bench.py --quick    # smaller, for a smoke run

Prints a Markdown table of best-of-``--repeat`` wall times. The targets (issue 5): RA ATET
with a logit outcome model and robust standard error on 1,000,000 rows x 10 covariates in
under 3 s; 1,000 bootstrap replications on 10,000 rows in under 10 s.

statsmodels' ``TreatmentEffect`` gets its standard errors by a Nelder-Mead GMM search over
every parameter, which is infeasible at a million rows, so it is timed on a 20,000-row
sample (and its comparison-group ``Logit`` fit alone at full size). DoWhy is not installed
in this project and is not timed.
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
    worst = max(boot_times.values())
    print(f"Slowest {reps:,}-replication bootstrap on 10,000 rows: {worst:.2f} s (target < 10 s).")


if __name__ == "__main__":
    main()
