"""`mydirection serve`: gunicorn's settings from the environment, the request timeout, stopping
cleanly, and production's static files."""

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
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


def test_a_second_quit_signal_does_nothing(tmp_path: Path) -> None:
    """Ctrl-C sends SIGINT to every process and the arbiter then sends SIGQUIT: gunicorn's
    handler, run again while the first run holds the thread pool's lock, deadlocked."""
    config = Config()
    config.set("worker_tmp_dir", str(tmp_path))
    worker = Worker(1, os.getpid(), [], None, 30, config, AccessLogger(config))
    worker.tpool = ThreadPoolExecutor(max_workers=2)

    with pytest.raises(SystemExit):
        worker.handle_quit(signal.SIGINT, None)
    worker.handle_quit(signal.SIGQUIT, None)  # returns: the first is already stopping


def test_a_new_connection_waits_in_the_poller_not_in_a_thread(tmp_path: Path) -> None:
    """A client that connects and sends nothing takes no thread: 200 such connections once
    kept a real request waiting two minutes (each held a thread for 5 seconds)."""
    config = Config()
    config.set("worker_tmp_dir", str(tmp_path))
    worker = Worker(1, os.getpid(), [], None, 30, config, AccessLogger(config))
    worker.poller = selectors.DefaultSelector()
    worker.tpool = None  # any hand-over to a thread would fail
    with socket.socket() as listener, socket.socket() as idle:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        idle.connect(listener.getsockname())

        worker.accept(listener)

        (waiting,) = worker.pending_conns
        assert worker.poller.get_key(waiting.sock).fileobj is waiting.sock
        assert waiting.timeout > time.monotonic()  # closed after keepalive if still silent
        worker.poller.unregister(waiting.sock)
        waiting.close()


def test_mydirection_serve_answers_logs_without_the_query_and_stops(tmp_path: Path) -> None:
    """The real thing: gunicorn started by `mydirection serve`, asked for a page with a name in
    its query string, then stopped as a service manager stops it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = os.environ | {
        "MYDIRECTION_VAR_DIR": str(tmp_path),
        "MYDIRECTION_BIND": f"127.0.0.1:{port}",
        "MYDIRECTION_WORKERS": "1",
    }
    environment.pop("DATABASE_URL", None)  # the health page reads no database
    server = subprocess.Popen(
        [sys.executable, "-m", "mydirection.cli", "serve"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        answer = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/?q=Quinn") as page:
                    answer = page.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert answer == "ok"
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0].decode()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert server.returncode == 0, output
    assert '"GET /health/ HTTP/1.1" 200' in output
    assert "Quinn" not in output
    assert "SIGKILL" not in output and "Traceback" not in output


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
    # Readable by the service's user when collected by root (uploads' 0600 is not for them).
    collected = [tmp_path / "staticfiles.json", *(tmp_path / path for path in manifest.values())]
    assert {oct(path.stat().st_mode & 0o777) for path in collected} == {"0o644"}
    assert oct((tmp_path / "mydirection" / "css").stat().st_mode & 0o777) == "0o755"
    css = (tmp_path / manifest["mydirection/css/app.css"]).read_text()
    assert "/static/mydirection/images/govuk-crest.svg" in css  # left as it is
    assert f"/static/{manifest['mydirection/images/icon-document.svg']}" in css  # hashed
