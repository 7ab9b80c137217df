"""The production profile: check --deploy is clean and demo shortcuts refuse to start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "MYDIRECTION_PRODUCTION": "1",
    "MYDIRECTION_SECRET_KEY": "k" * 30 + "production-like-secret-key-for-tests-only",
    "MYDIRECTION_PSEUDONYM_KEY": "p" * 40,
    "MYDIRECTION_ALLOWED_HOSTS": "mydirection.example.org",
    # The shape of a GOV.UK Notify key (name, service id, secret); not a real one.
    "MYDIRECTION_NOTIFY_API_KEY": "tests-"
    + "1" * 8
    + "-1111-1111-1111-"
    + "1" * 12
    + "-"
    + "2" * 8
    + "-2222-2222-2222-"
    + "2" * 12,
}


def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    # A clean environment: nothing from the test run (the browser harness sets
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly warns about) leaks in.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MYDIRECTION_", "DJANGO_"))
    }
    env.update(PRODUCTION, **extra, DJANGO_SETTINGS_MODULE="mydirection.settings")
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean() -> None:
    result = run("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_with_the_demo() -> None:
    result = run("check", MYDIRECTION_DEMO="1")
    assert result.returncode != 0
    assert "MYDIRECTION_DEMO cannot be switched on in production" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    result = run("check", MYDIRECTION_SECRET_KEY="short")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr
