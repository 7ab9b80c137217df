"""What the estimators return: small, immutable records that are easy to show and to test."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Literal

Estimand = Literal["ATE", "ATET"]
EstimatorName = Literal["naive", "ra", "ipw", "aipw", "match"]
SEMethod = Literal["robust", "bootstrap", "abadie-imbens", "welch", "newcombe", "rubin"]


@dataclass(frozen=True)
class Estimate:
    """A number with its standard error, 95% interval and two-sided p-value against zero."""

    value: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float

    @property
    def significant(self) -> bool:
        """Whether the 95% interval excludes zero (the conventional 5% two-sided test)."""
        return bool(self.p_value < 0.05)


@dataclass(frozen=True)
class BootstrapSummary:
    """How a bootstrap standard error was obtained, so it can be reproduced and judged."""

    replications: int
    failed: int
    seed: int | None
    percentile_low: float
    percentile_high: float


@dataclass(frozen=True)
class EffectResult:
    """A treatment effect with the two potential-outcome means it is the difference of.

    For the ATET both means refer to the treated group: ``po_mean_treated`` is what the treated
    did (their observed mean), ``po_mean_control`` what they would have done without the
    intervention. For the ATE both refer to everyone. ``po_covariance`` is the covariance of
    the two means' estimates, needed for ratios (the risk ratio behind an E-value).
    """

    estimator: EstimatorName
    estimand: Estimand
    effect: Estimate
    po_mean_treated: Estimate
    po_mean_control: Estimate
    po_covariance: float
    n_treated: int
    n_control: int
    se_method: SEMethod
    outcome_model: str | None = None
    treatment_model: str | None = None
    covariates: tuple[str, ...] = ()
    outcome_is_binary: bool = False
    bootstrap: BootstrapSummary | None = None
    n_excluded: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def estimate(self) -> float:
        return self.effect.value

    def to_dict(self) -> dict[str, object]:
        """A flat, JSON-ready summary (NaN becomes None, which JSON can carry)."""

        def clean(value: object) -> object:
            if isinstance(value, float) and not math.isfinite(value):
                return None
            return value

        out: dict[str, object] = {
            "estimator": self.estimator,
            "estimand": self.estimand,
            "outcome_model": self.outcome_model,
            "treatment_model": self.treatment_model,
            "estimate": self.effect.value,
            "std_error": self.effect.std_error,
            "ci_low": self.effect.ci_low,
            "ci_high": self.effect.ci_high,
            "p_value": self.effect.p_value,
            "se_method": self.se_method,
            "n_treated": self.n_treated,
            "n_control": self.n_control,
            "n_excluded": self.n_excluded,
            "po_mean_treated": self.po_mean_treated.value,
            "po_mean_treated_std_error": self.po_mean_treated.std_error,
            "po_mean_control": self.po_mean_control.value,
            "po_mean_control_std_error": self.po_mean_control.std_error,
            "covariates": list(self.covariates),
            "outcome_is_binary": self.outcome_is_binary,
            "bootstrap": asdict(self.bootstrap) if self.bootstrap else None,
            "notes": list(self.notes),
        }
        if self.bootstrap is not None:
            out["bootstrap"] = {k: clean(v) for k, v in asdict(self.bootstrap).items()}
        return {k: clean(v) for k, v in out.items()}
