"""`mydirection serve`: gunicorn's settings from the environment, and the request timeout."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from gunicorn.config import Config

from mydirection.serving import AccessLogger, Worker, options, overdue


def test_gunicorn_serves_with_our_worker_logger_and_timeouts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MYDIRECTION_BIND", "127.0.0.1:8123")
    monkeypatch.setenv("MYDIRECTION_WORKERS", "3")
    monkeypatch.setenv("MYDIRECTION_THREADS", "6")
    monkeypatch.setenv("MYDIRECTION_REQUEST_TIMEOUT", "45")
    config = Config()
    for name, value in options().items():
        config.set(name, value)

    assert config.worker_class is Worker
    assert config.logger_class is AccessLogger
    assert (config.address, config.workers, config.threads) == ([("127.0.0.1", 8123)], 3, 6)
    assert (config.timeout, config.graceful_timeout, config.keepalive) == (45, 30, 5)
    assert "%(r)s" not in config.access_log_format and "%(U)s" in config.access_log_format


def test_a_request_over_the_timeout_is_overdue() -> None:
    running = {1: (100.0, "GET /caseload/"), 2: (150.0, "POST /messages/")}

    assert overdue(running, now=160.0, timeout=60) == []
    assert overdue(running, now=160.5, timeout=60) == ["GET /caseload/"]
    assert overdue(running, now=1_000.0, timeout=0) == []  # 0 switches the timeout off


def test_production_collects_the_static_files(tmp_path: Path, settings: Any) -> None:
    """The compiled CSS refers to the GOV.UK crest, which is deliberately not shipped: the
    manifest storage must still collect everything and hash what is there."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "mydirection.storage.StaticFiles"}
    }

    call_command("collectstatic", "--no-input", verbosity=0)

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    css = (tmp_path / manifest["mydirection/css/app.css"]).read_text()
    assert "/static/mydirection/images/govuk-crest.svg" in css  # left as it is
    assert f"/static/{manifest['mydirection/images/icon-document.svg']}" in css  # hashed
