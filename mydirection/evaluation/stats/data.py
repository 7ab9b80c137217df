"""Turning a table into validated arrays, with errors an analyst can act on.

All estimators work on a ``TreatmentData``: an outcome, a 0/1 treatment, and covariates,
with complete cases only. Checks live here, once, so the estimators can assume clean input
and the command line can show the first problem found in one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .errors import DataError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

MIN_PER_GROUP = 2


@dataclass(frozen=True, eq=False)
class TreatmentData:
    """Complete-case data for one analysis.

    The designs carry a leading constant column followed by the covariates, centred.
    """

    outcome: FloatArray
    treated: BoolArray
    outcome_design: FloatArray
    outcome_names: tuple[str, ...]
    treatment_design: FloatArray
    treatment_names: tuple[str, ...]
    outcome_label: str = "outcome"
    treatment_label: str = "treatment"
    n_dropped: int = 0
    # Positions of the rows used within the table they came from (complete cases), so
    # weights can be laid back against the original rows for a balance table.
    rows: NDArray[np.intp] | None = None

    @property
    def n(self) -> int:
        return int(self.outcome.shape[0])

    @property
    def n_treated(self) -> int:
        return int(self.treated.sum())

    @property
    def n_control(self) -> int:
        return self.n - self.n_treated

    @property
    def covariate_names(self) -> tuple[str, ...]:
        """Outcome-model covariates without the constant."""
        return self.outcome_names[1:]

    @property
    def outcome_is_binary(self) -> bool:
        return bool(np.isin(self.outcome, (0.0, 1.0)).all())

    @classmethod
    def from_arrays(
        cls,
        outcome: NDArray[np.generic] | Sequence[float],
        treated: NDArray[np.generic] | Sequence[float],
        covariates: NDArray[np.generic] | None = None,
        covariate_names: Sequence[str] | None = None,
        *,
        treatment_covariates: NDArray[np.generic] | None = None,
        treatment_covariate_names: Sequence[str] | None = None,
        outcome_label: str = "outcome",
        treatment_label: str = "treatment",
        n_dropped: int = 0,
        rows: NDArray[np.intp] | None = None,
    ) -> TreatmentData:
        """Validate numeric arrays (no missing values allowed here) and build the designs."""
        y = np.asarray(outcome, dtype=np.float64).ravel()
        n = y.shape[0]
        t_raw = np.asarray(treated, dtype=np.float64).ravel()
        if t_raw.shape[0] != n:
            raise DataError("the treatment and outcome have different numbers of rows")
        x = _as_matrix(covariates, n, "covariates")
        names = _names(covariate_names, x.shape[1], "x")
        if treatment_covariates is None:
            z, znames = x, names
        else:
            z = _as_matrix(treatment_covariates, n, "treatment covariates")
            znames = _names(treatment_covariate_names, z.shape[1], "z")
        for label, arr in ((outcome_label, y), (treatment_label, t_raw)):
            if not np.isfinite(arr).all():
                raise DataError(f"column '{label}' has missing or infinite values")
        columns = list(zip(names, x.T, strict=True))
        if treatment_covariates is not None:
            columns += list(zip(znames, z.T, strict=True))
        for nm, col in columns:
            if not np.isfinite(col).all():
                raise DataError(f"covariate '{nm}' has missing or infinite values")
        values = np.unique(t_raw)
        if not np.isin(values, (0.0, 1.0)).all():
            bad = [v for v in values if v not in (0.0, 1.0)][:3]
            shown = ", ".join(_fmt(v) for v in bad)
            raise DataError(
                f"treatment column '{treatment_label}' must contain only 0 and 1; it also "
                f"contains {shown}"
            )
        t = t_raw == 1.0
        n1 = int(t.sum())
        n0 = n - n1
        if n1 == 0 or n0 == 0:
            which = "treated (1)" if n1 == 0 else "comparison (0)"
            raise DataError(
                f"treatment column '{treatment_label}' has no {which} rows, so there is "
                "nothing to compare"
            )
        if n1 < MIN_PER_GROUP or n0 < MIN_PER_GROUP:
            raise DataError(
                f"too few rows: {n1} treated and {n0} comparison (at least {MIN_PER_GROUP} "
                "of each are needed, and many more for a useful estimate)"
            )
        if np.ptp(y) == 0:
            raise DataError(
                f"outcome '{outcome_label}' is {_fmt(float(y[0]))} for everyone, so there is "
                "nothing to estimate"
            )
        for nm, col in columns:
            if np.ptp(col) == 0:
                raise DataError(
                    f"covariate '{nm}' takes the same value for everyone, so it cannot adjust "
                    "for anything; leave it out"
                )
        # Covariates are centred at their means. Every model has a constant, so no estimate
        # changes, but a covariate such as a year of birth (mean 1990, SD 10) is otherwise
        # nearly collinear with the constant and costs the least-squares and Newton systems
        # digits of precision.
        ones = np.ones((n, 1))
        outcome_design = np.ascontiguousarray(np.hstack([ones, x - x.mean(axis=0)]))
        treatment_design = (
            outcome_design  # the same covariates: share the array (it can be large)
            if treatment_covariates is None
            else np.ascontiguousarray(np.hstack([ones, z - z.mean(axis=0)]))
        )
        return cls(
            outcome=y,
            treated=t,
            outcome_design=outcome_design,
            outcome_names=("constant", *names),
            treatment_design=treatment_design,
            treatment_names=("constant", *znames),
            outcome_label=outcome_label,
            treatment_label=treatment_label,
            n_dropped=n_dropped,
            rows=rows,
        )

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        treatment: str,
        outcome: str,
        covariates: Sequence[str],
        treatment_covariates: Sequence[str] | None = None,
    ) -> TreatmentData:
        """Select, check and convert columns; rows with any missing value are dropped."""
        covariates = list(covariates)
        tcov = list(treatment_covariates) if treatment_covariates is not None else None
        wanted = [treatment, outcome, *covariates, *(tcov or [])]
        missing = [c for c in dict.fromkeys(wanted) if c not in frame.columns]
        if missing:
            raise DataError(
                f"column '{missing[0]}' is not in the data (columns are: {_list(frame.columns)})"
            )
        for role, col in (("treatment", treatment), ("outcome", outcome)):
            if col in covariates or (tcov and col in tcov):
                raise DataError(f"the {role} column '{col}' cannot also be a covariate")
        if treatment == outcome:
            raise DataError("the treatment and outcome must be different columns")
        for group in (covariates, tcov or []):
            dupes = {c for c in group if group.count(c) > 1}
            if dupes:
                raise DataError(f"covariate '{sorted(dupes)[0]}' is listed twice")
        columns = list(dict.fromkeys(wanted))
        numeric = pd.DataFrame({c: _numeric_column(frame[c], c) for c in columns})
        complete = numeric.notna().all(axis=1).to_numpy()
        n_dropped = int((~complete).sum())
        used = numeric.loc[complete]
        if used.shape[0] == 0:
            raise DataError("no row has all the columns filled in")
        return cls.from_arrays(
            used[outcome].to_numpy(dtype=np.float64),
            used[treatment].to_numpy(dtype=np.float64),
            used[covariates].to_numpy(dtype=np.float64),
            covariates,
            treatment_covariates=None if tcov is None else used[tcov].to_numpy(dtype=np.float64),
            treatment_covariate_names=tcov,
            outcome_label=outcome,
            treatment_label=treatment,
            n_dropped=n_dropped,
            rows=np.flatnonzero(complete),
        )


def _numeric_column(series: pd.Series, name: str) -> pd.Series:
    """Numbers stay, booleans become 0/1, blanks become missing; any other text is an error."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype("float64")
    if pd.api.types.is_numeric_dtype(series):
        return series.astype("float64")
    converted = pd.to_numeric(series, errors="coerce")
    text = series.astype("string").str.strip()
    bad = converted.isna() & series.notna() & (text != "")
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"column '{name}' must be numeric but contains {str(series.iloc[position])!r} "
            f"(data row {position + 1})"
        )
    return converted.astype("float64")


def _as_matrix(values: NDArray[np.generic] | None, n: int, what: str) -> FloatArray:
    if values is None:
        return np.empty((n, 0))
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[0] != n:
        raise DataError(f"the {what} do not have one row per person")
    return arr


def _names(names: Sequence[str] | None, k: int, prefix: str) -> tuple[str, ...]:
    if names is None:
        return tuple(f"{prefix}{j + 1}" for j in range(k))
    if len(names) != k:
        raise DataError("the number of covariate names does not match the covariates")
    return tuple(names)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _list(columns: pd.Index) -> str:
    shown = [str(c) for c in columns[:12]]
    more = len(columns) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
