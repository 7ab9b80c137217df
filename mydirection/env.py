"""Small typed helpers that read settings from the environment."""

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_UNSET = object()


def envstr(name: str, default: Any = _UNSET) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is _UNSET:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return str(default)
    return value


def envbool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a yes/no value, not {value!r}.")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_env(base_dir: Path, var_dir: Path) -> dict[str, Any]:
    """SQLite in ``var/`` unless ``DATABASE_URL`` names a PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        var_dir.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": var_dir / "mydirection.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
                # failing half-way through (the access log's hash chain relies on it).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": os.environ.get("MYDIRECTION_SQLITE_TEST_NAME") or None},
            # The demo keeps each thread's connection (scripts/demo.sh sets 60 s): opening one
            # for every request took the server 46 ms of CPU a request against 42 under load.
            "CONN_MAX_AGE": int(os.environ.get("MYDIRECTION_CONN_MAX_AGE", "0")),
        }
    return _postgres(url, "DATABASE_URL")


def replica_from_env(primary: dict[str, Any]) -> dict[str, Any]:
    """The ``replica`` alias (``mydirection/routers.py``): the read replica that
    ``MYDIRECTION_REPLICA_URL`` names, or the primary itself when it names none. In tests it
    is the test database (a throw-away database has no replica): Django's test mirror."""
    url = os.environ.get("MYDIRECTION_REPLICA_URL", "")
    if url and primary["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("MYDIRECTION_REPLICA_URL needs DATABASE_URL (PostgreSQL).")
    replica = _postgres(url, "MYDIRECTION_REPLICA_URL") if url else dict(primary)
    return {**replica, "TEST": {"MIRROR": "default"}}


def _postgres(url: str, variable: str) -> dict[str, Any]:
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"{variable} must be a postgres:// URL.")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        # Persistent connections: without them a PostgreSQL page is several times slower.
        "CONN_MAX_AGE": int(os.environ.get("MYDIRECTION_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        # No JIT compilation: it cost the monitoring figures more than it saved (630 ms of
        # continuity's 1,480 at 5,000,000 appointments went on compiling; docs/benchmarks.md).
        "OPTIONS": {"options": "-c jit=off"},
    }
