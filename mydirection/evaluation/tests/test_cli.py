"""``mydirection evaluate``: right answers on a real CSV, and clean refusals of bad input.

The end-to-end cases run the installed console script in a subprocess, as an analyst
would; the many bad-input cases go through ``call_command`` (same parser, same handler),
which is much quicker than starting Python each time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels
from django.core.management import call_command
from django.core.management.base import CommandError

from mydirection.evaluation.cli import (
    EvaluateRequest,
    format_text,
    parse_caliper,
    parse_column_list,
    run,
)
from mydirection.evaluation.stats import DataError

CATTANEO = Path(statsmodels.__file__).parent / "treatment" / "tests" / "results" / "cataneo2.csv"
COVARIATES = "prenatal1_,mmarried_,mage,fbaby_"
SCRIPT = Path(sys.executable).parent / "mydirection"


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [str(SCRIPT), "evaluate", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def test_json_output_reproduces_stata() -> None:
    proc = run_script(
        "--csv", str(CATTANEO), "--treatment", "mbsmoke_", "--outcome", "bweight",
        "--covariates", COVARIATES, "--format", "json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key in (
        "estimate", "std_error", "ci_low", "ci_high", "p_value",
        "n_treated", "n_control", "po_mean_treated", "po_mean_control",
    ):  # fmt: skip
        assert key in out
    assert out["estimand"] == "ATET" and out["estimator"] == "ra"
    assert out["estimate"] == pytest.approx(-223.30165, rel=1e-4)
    assert out["std_error"] == pytest.approx(22.74220, rel=1e-4)
    assert out["po_mean_control"] == pytest.approx(3360.96137, rel=1e-4)
    assert (out["n_treated"], out["n_control"]) == (864, 3778)


def test_text_output_is_plain_english() -> None:
    proc = run_script(
        "--csv", str(CATTANEO), "--treatment", "mbsmoke_", "--outcome", "lbweight",
        "--covariates", COVARIATES, "--outcome-model", "logit", "--effect", "atet",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "average treatment effect on the treated (ATET)" in text
    assert "percentage points higher than it would have been without the intervention" in text
    assert "statistically significant at the 5% level" in text
    assert "Power:" in text and "Sensitivity:" in text
    assert proc.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--csv", "/no/such/file.csv"), "does not exist"),
        (("--csv", str(CATTANEO), "--estimator", "magic"), "invalid choice"),
    ],
)
def test_script_refuses_bad_input_in_one_line(args: tuple[str, ...], message: str) -> None:
    base = ["--treatment", "mbsmoke_", "--outcome", "bweight", "--covariates", COVARIATES]
    proc = run_script(*args, *base)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert proc.stdout == ""


# -- the same command through call_command ------------------------------------------------


@pytest.fixture(scope="module")
def csv_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small CSV files, each wrong in one way."""
    folder = tmp_path_factory.mktemp("csv")
    rng = np.random.default_rng(0)
    n = 120
    x = rng.normal(size=n)
    good = pd.DataFrame(
        {
            "t": (rng.random(n) < 0.4).astype(int),
            "y": (rng.random(n) < 0.3).astype(int),
            "x": x,
            "age": rng.integers(18, 70, n),
        }
    )
    good.to_csv(folder / "good.csv", index=False)
    good.assign(t=good["t"] * 2).to_csv(folder / "three_levels.csv", index=False)
    good.assign(t=0).to_csv(folder / "no_treated.csv", index=False)
    good.assign(y=0).to_csv(folder / "no_variation.csv", index=False)
    good.iloc[[0, 1, 2, 3, 4]].assign(t=[1, 0, 0, 0, 0]).to_csv(folder / "few.csv", index=False)
    good.assign(y=(x > 0).astype(int)).to_csv(folder / "separated.csv", index=False)
    good.assign(age=good["age"].astype(str).where(good.index != 7, "forty")).to_csv(
        folder / "text.csv", index=False
    )
    (folder / "empty.csv").write_text("")
    (folder / "binary.csv").write_bytes(b"\xff\xfe\x00\x01garbage\x00\xff")
    return folder


def command(csv: Path, *extra: str, covariates: str = "x,age") -> str:
    call_command(
        "evaluate",
        "--csv", str(csv), "--treatment", "t", "--outcome", "y", "--covariates", covariates,
        *extra,
    )  # fmt: skip
    return ""


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("good.csv", ("--covariates", "x,nope"), "column 'nope' is not in the data"),
        ("three_levels.csv", (), "must contain only 0 and 1"),
        ("no_treated.csv", (), "no treated"),
        ("no_variation.csv", (), "is 0 for everyone"),
        ("few.csv", (), "too few rows"),
        ("separated.csv", ("--outcome-model", "logit"), "perfect separation"),
        ("text.csv", (), "must be numeric but contains 'forty'"),
        ("empty.csv", (), "is empty"),
        ("binary.csv", (), "file"),
        ("good.csv", ("--estimator", "match", "--bootstrap", "100"), "not valid for nearest"),
        ("good.csv", ("--estimator", "match", "--caliper", "0"), "caliper must be a positive"),
        ("good.csv", ("--caliper", "wide"), "caliper must be a number"),
        ("good.csv", ("--covariates", ""), "no covariates given"),
        ("good.csv", ("--covariates", "x,,age"), "empty name"),
        ("good.csv", ("--bootstrap", "1"), "at least 2 replications"),
        ("good.csv", ("--outcome-model", "probit"), "invalid choice"),
        ("missing.csv", (), "does not exist"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(
    csv_dir: Path, name: str, extra: tuple[str, ...], message: str
) -> None:
    with pytest.raises(CommandError) as caught:
        command(csv_dir / name, *extra)
    assert caught.value.returncode == 2
    text = str(caught.value)
    assert "\n" not in text
    assert message in text


def test_good_file_runs_every_estimator(csv_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for estimator in ("ra", "ipw", "aipw", "match"):
        for effect in ("atet", "ate"):
            command(
                csv_dir / "good.csv", "--estimator", estimator, "--effect", effect,
                "--outcome-model", "logit", "--format", "json",
            )  # fmt: skip
            out = json.loads(capsys.readouterr().out)
            assert out["estimator"] == estimator
            assert out["estimand"] == effect.upper()
            assert out["ci_low"] <= out["estimate"] <= out["ci_high"]


def test_bootstrap_is_reproducible_from_the_command_line(
    csv_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for _ in range(2):
        command(csv_dir / "good.csv", "--bootstrap", "200", "--seed", "9", "--format", "json")
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    assert outputs[0]["se_method"] == "bootstrap"
    assert outputs[0]["bootstrap"]["seed"] == 9


def test_missing_values_are_reported(tmp_path: Path) -> None:
    frame = pd.read_csv(CATTANEO)
    frame.loc[:9, "mage"] = np.nan
    path = tmp_path / "holes.csv"
    frame.to_csv(path, index=False)
    report = run(EvaluateRequest(path, "mbsmoke_", "bweight", tuple(COVARIATES.split(","))))
    assert report.n_dropped == 10
    assert "10 left out for missing values" in format_text(report)
    assert report.result.notes[0].startswith("10 rows with a missing value")


def test_argument_helpers() -> None:
    assert parse_column_list(" a, b ,c") == ("a", "b", "c")
    assert parse_caliper(None) == 0.2
    assert parse_caliper("none") is None
    assert parse_caliper("0.1") == 0.1
    with pytest.raises(DataError):
        parse_column_list("   ")
