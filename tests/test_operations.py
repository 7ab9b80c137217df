"""Running it for real (docs/operations.md): gunicorn serving the production profile against
PostgreSQL, a staff member signing in over HTTP; backups restored into a fresh database with
the access log's chain verified there; the Containerfile's references.

The server and the backup and restore commands are separate processes, so what they must see
is committed: these tests use ``django_db(transaction=True)`` (the tables are emptied after
each, as for the suite's other transactional tests)."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_otp.oath import TOTP

from mydirection.access import checkpoints
from mydirection.access.log import record
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import start_page
from mydirection.testing import PASSWORD, World, acting, verified_device

ROOT = Path(__file__).resolve().parents[1]

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="production runs on PostgreSQL only (pg_dump, and the production profile's database)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def database_url(name: str | None = None) -> str:
    """The URL of the database the suite is using (the test database: ``test_...``), or of
    another database on the same server."""
    settings = connection.settings_dict
    user = urllib.parse.quote(settings["USER"], safe="")
    password = urllib.parse.quote(settings["PASSWORD"], safe="")
    return (
        f"postgres://{user}:{password}@{settings['HOST']}:{settings['PORT']}/"
        f"{name or settings['NAME']}"
    )


def production_environment(**extra: str) -> dict[str, str]:
    """The production profile's variables, with secrets made for this test alone, and nothing
    from the test run's own settings."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MYDIRECTION_", "DJANGO_"))
    }
    environment.update(
        MYDIRECTION_PRODUCTION="1",
        MYDIRECTION_SECRET_KEY=secrets.token_urlsafe(64),
        MYDIRECTION_PSEUDONYM_KEY=secrets.token_urlsafe(48),
        MYDIRECTION_ALLOWED_HOSTS="127.0.0.1",
        # The shape of a GOV.UK Notify key (name, service id, secret); nothing is sent.
        MYDIRECTION_NOTIFY_API_KEY="smoke-test-" + "-".join([secrets.token_hex(16)] * 2),
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="mydirection.settings",
    )
    environment.update(extra)
    return environment


# --- gunicorn serving the production profile ---------------------------------------------


class Browser(urllib.request.BaseHandler):
    """Cookies, and the headers a TLS-ending proxy adds, for urllib.

    Production's cookies are ``Secure`` with the ``__Host-`` prefix, which a cookie jar keeps
    from plain HTTP; here the proxy is the test, so this handler keeps them itself."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.cookies: dict[str, str] = {}

    def http_request(self, request: urllib.request.Request) -> urllib.request.Request:
        request.add_unredirected_header("X-Forwarded-Proto", "https")
        if self.cookies:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            request.add_unredirected_header("Cookie", cookie)
        if request.get_method() == "POST":
            request.add_unredirected_header("Origin", self.origin)
        return request

    def http_response(self, request: urllib.request.Request, response: Any) -> Any:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found[1]


def collected_static(tmp_path: Path, settings: Any) -> Path:
    """The static files collected, as ``scripts/serve.sh`` does before starting."""
    static = tmp_path / "static"
    settings.STATIC_ROOT = static
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "mydirection.storage.StaticFiles"}
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    return static


def served_environment(tmp_path: Path, static: Path, **extra: str) -> dict[str, str]:
    """The production profile behind its proxy, with the static files in ``static``."""
    return production_environment(
        MYDIRECTION_BEHIND_PROXY="1",
        MYDIRECTION_STATIC_ROOT=str(static),
        MYDIRECTION_VAR_DIR=str(tmp_path / "var"),
        **extra,
    )


@contextmanager
def serving(environment: dict[str, str], log: Path) -> Iterator[str]:
    """``mydirection serve`` with ``environment`` on a free port, one worker, against the
    suite's test database. Yields its address; stopped with TERM, as a service manager stops
    it."""
    port = free_port()
    environment = environment | {
        "MYDIRECTION_BIND": f"127.0.0.1:{port}",
        "MYDIRECTION_WORKERS": "1",
        "MYDIRECTION_THREADS": "2",
        # Each request closes its database connection: nothing is left open on the test
        # database when the tables are emptied afterwards.
        "MYDIRECTION_CONN_MAX_AGE": "0",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mydirection.cli", "serve"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{address}/health/", timeout=5) as answer:  # noqa: S310
                    assert answer.read() == b"ok"
                break
            except (OSError, http.client.HTTPException):
                exited = process.poll() is not None
                if exited or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")
                time.sleep(0.2)
        yield address
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    text = log.read_text()
    assert process.returncode == 0, text
    assert "Traceback" not in text, text


@pytest.fixture
def server(tmp_path: Path, settings: Any) -> Iterator[str]:
    """One production server (``serving``), its static files collected first."""
    static = collected_static(tmp_path, settings)
    with serving(served_environment(tmp_path, static), tmp_path / "server.log") as address:
        yield address


def sign_in_over_http(opener: urllib.request.OpenerDirector, server: str, world: World) -> str:
    """Sign ``world.cm`` in through the sign-in pages, both factors; the start page's text."""
    device = verified_device(world.cm)
    with opener.open(f"{server}/sign-in/", timeout=10) as answer:
        page = answer.read().decode()
    form = {"username": "cm", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)}
    with opener.open(
        f"{server}/sign-in/", data=urllib.parse.urlencode(form).encode(), timeout=10
    ) as answer:
        assert urllib.parse.urlsplit(answer.url).path == "/sign-in/code/"
        page = answer.read().decode()
        # The code of the server's own clock (the suite's may be moved: test_clock).
        server_time = parsedate_to_datetime(answer.headers["Date"]).timestamp()
    assert "Security code" in page

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = server_time
    form = {"code": f"{totp.token():06d}", "csrfmiddlewaretoken": csrf_token(page), "next": "/"}
    with opener.open(
        f"{server}/sign-in/code/", data=urllib.parse.urlencode(form).encode(), timeout=10
    ) as answer:
        assert answer.status == 200
        assert urllib.parse.urlsplit(answer.url).path == reverse(start_page(world.cm))
        return str(answer.read().decode())


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_production_profile_and_a_member_of_staff_signs_in(
    world: World, server: str
) -> None:
    browser = Browser(origin=server.replace("http://", "https://"))
    opener = urllib.request.build_opener(browser)

    with opener.open(f"{server}/sign-in/", timeout=10) as answer:
        assert answer.status == 200
        page = answer.read().decode()
        headers = answer.headers
    assert "Sign in" in page
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "no-store" in headers["Cache-Control"]
    assert set(browser.cookies) == {"__Host-csrftoken"}
    # The page's styles come from WhiteNoise, under their hashed names.
    stylesheet = re.search(r'href="(/static/mydirection/css/app\.[0-9a-f]+\.css)"', page)
    assert stylesheet, "the page links no hashed stylesheet"
    with opener.open(server + stylesheet[1], timeout=10) as answer:
        assert answer.status == 200
        assert "immutable" in answer.headers["Cache-Control"]
        assert b".govuk-header" in answer.read()

    page = sign_in_over_http(opener, server, world)
    assert "Sign out" in page
    assert "__Host-sessionid" in browser.cookies


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_session_started_on_one_app_server_continues_on_another(
    world: World, tmp_path: Path, settings: Any
) -> None:
    """The web tier is stateless: sessions, CSRF tokens and sign-in lockouts live in the
    database or the browser, signed with the one ``MYDIRECTION_SECRET_KEY``. Two servers with
    the same settings and database (two machines behind a load balancer, docs/operations.md)
    serve one member of staff as one: signed in on the first, they carry on on the second, and
    signing out on the second signs them out of the first."""
    static = collected_static(tmp_path, settings)
    environment = served_environment(tmp_path, static)
    with (
        serving(environment, tmp_path / "first.log") as first,
        serving(environment, tmp_path / "second.log") as second,
    ):
        assert first != second
        browser = Browser(origin=first.replace("http://", "https://"))
        opener = urllib.request.build_opener(browser)
        sign_in_over_http(opener, first, world)
        session = browser.cookies["__Host-sessionid"]

        start = reverse(start_page(world.cm))
        with opener.open(f"{second}{start}", timeout=10) as answer:
            assert answer.status == 200
            assert urllib.parse.urlsplit(answer.url).path == start  # not sent to sign in
            page = answer.read().decode()
        assert "Sign out" in page
        assert browser.cookies["__Host-sessionid"] == session

        # A form on the second server, with the CSRF cookie the first set: signing out.
        browser.origin = second.replace("http://", "https://")
        form = {"csrfmiddlewaretoken": csrf_token(page)}
        with opener.open(
            f"{second}/sign-out/", data=urllib.parse.urlencode(form).encode(), timeout=10
        ) as answer:
            assert urllib.parse.urlsplit(answer.url).path == "/sign-in/"
        browser.cookies["__Host-sessionid"] = session  # as if the browser had kept it
        with opener.open(f"{first}{start}", timeout=10) as answer:
            assert urllib.parse.urlsplit(answer.url).path == "/sign-in/"


# --- Backups and restores ---------------------------------------------------------------


def mydirection(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """A ``mydirection`` command in a process of its own, as an operator runs it."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MYDIRECTION_", "DJANGO_"))
    }
    environment.update(variables, DJANGO_SETTINGS_MODULE="mydirection.settings")
    return subprocess.run(
        [sys.executable, "-m", "mydirection.cli", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """A new, empty database on the suite's PostgreSQL server, dropped afterwards."""
    name = f"restored_{secrets.token_hex(6)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _in(database: str, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Run SQL in another database of the suite's server, as its superuser."""
    settings = connection.settings_dict
    with (
        psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            dbname=database,
            autocommit=True,
        ) as other,
        other.cursor() as cursor,
    ):
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_where_the_access_log_verifies(
    world: World,
    tmp_path: Path,
    private_files: Path,
    access_log_checkpoints: Path,
    fresh_database: str,
) -> None:
    entries = [
        record(
            actor=acting(world.cm, world.person),
            operation=Operation.CONSULT,
            what=f"Page {n}",
            subject_id=world.person.pk,
        )
        for n in range(3)
    ]
    checkpoints.take()
    upload = private_files / "2026" / "12" / f"{uuid.uuid4()}.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"a photo of a receipt")
    live = {
        "MYDIRECTION_FILES_DIR": str(private_files),
        "MYDIRECTION_ACCESS_LOG_CHECKPOINTS": str(access_log_checkpoints),
    }

    made = mydirection("backup", str(tmp_path / "backups"), DATABASE_URL=database_url(), **live)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    assert backup.parent == tmp_path / "backups"
    assert re.fullmatch(r"mydirection-backup-\d{8}T\d{6}Z", backup.name)
    assert sorted(path.name for path in backup.iterdir()) == [
        "MANIFEST.sha256",
        "access-log-checkpoints.jsonl",
        "database.dump",
        "files.tar",
    ]
    assert oct(backup.stat().st_mode & 0o777) == "0o700"
    # The manifest is sha256sum's own format.
    checked = subprocess.run(
        ["sha256sum", "--check", "MANIFEST.sha256"], cwd=backup, capture_output=True, check=False
    )
    assert checked.returncode == 0, checked.stdout

    restored = {
        "DATABASE_URL": database_url(fresh_database),
        "MYDIRECTION_FILES_DIR": str(tmp_path / "restored" / "files"),
        "MYDIRECTION_ACCESS_LOG_CHECKPOINTS": str(tmp_path / "restored" / "checkpoints.jsonl"),
    }
    # Never over a database in use.
    refused = mydirection("restore", str(backup), **(restored | {"DATABASE_URL": database_url()}))
    assert refused.returncode == 1
    assert "is not empty" in refused.stderr

    done = mydirection("restore", str(backup), **restored)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 uploaded file and" in done.stdout
    assert "The access log is intact" in done.stdout
    assert (tmp_path / "restored" / "files" / upload.relative_to(private_files)).read_bytes() == (
        b"a photo of a receipt"
    )
    assert _in(fresh_database, "SELECT count(*) FROM access_accesslogentry") == [
        (AccessLogEntry.objects.count(),)
    ]
    assert _in(
        fresh_database, "SELECT last_name FROM people_person WHERE id = %s", [world.person.pk]
    ) == [(world.person.last_name,)]
    # The restored log is append-only as the original was: the application's role (here the
    # tables' new owner) may not change it.
    owners_privileges = """
        SELECT privilege_type FROM pg_class, aclexplode(relacl)
        WHERE oid = 'access_accesslogentry'::regclass AND grantee = relowner
        ORDER BY privilege_type"""
    assert _in(fresh_database, owners_privileges) == [
        ("INSERT",),
        ("REFERENCES",),
        ("SELECT",),
        ("TRIGGER",),
    ]

    # A restored entry changed afterwards is caught.
    _in(fresh_database, "ALTER TABLE access_accesslogentry DISABLE TRIGGER access_log_append_only")
    _in(
        fresh_database,
        "UPDATE access_accesslogentry SET what = 'Nothing' WHERE id = %s",
        [entries[1].id],
    )
    verified = mydirection("verify-access-log", **restored)
    assert verified.returncode == 1
    assert f"The access log is broken at entry {entries[1].id}" in verified.stderr


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_changed_backup_is_not_restored(
    world: World, tmp_path: Path, fresh_database: str
) -> None:
    made = mydirection("backup", str(tmp_path), DATABASE_URL=database_url())
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    with (backup / "files.tar").open("ab") as archive:
        archive.write(b"\0" * 512)

    refused = mydirection(
        "restore",
        str(backup),
        DATABASE_URL=database_url(fresh_database),
        MYDIRECTION_VAR_DIR=str(tmp_path / "restored"),
    )
    assert refused.returncode == 1
    assert "files.tar does not match its SHA-256" in refused.stderr
    assert _in(fresh_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [
        (0,)
    ]


# --- The documentation, the service units and the Containerfile (no build here) ------------


def instructions(containerfile: Path) -> list[tuple[str, str]]:
    """The Containerfile's instructions, (KEYWORD, arguments), continuation lines joined."""
    joined = re.sub(r"\\\n", " ", containerfile.read_text())
    found = []
    for text in joined.splitlines():
        line = text.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            found.append((keyword.upper(), arguments.strip()))
    return found


def test_the_containerfile_copies_and_runs_files_that_exist() -> None:
    stages: list[list[tuple[str, str]]] = []
    for keyword, arguments in instructions(ROOT / "Containerfile"):
        if keyword == "FROM":
            stages.append([])
        elif stages:
            stages[-1].append((keyword, arguments))
    assert len(stages) == 3, "assets, build and the image that runs"
    ignored = {
        line.strip()
        for line in (ROOT / ".containerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for stage in stages:
        copied: list[str] = []
        for keyword, arguments in stage:
            if keyword == "COPY" and not arguments.startswith("--from"):
                *sources, _destination = arguments.split()
                for source in sources:
                    assert (ROOT / source).exists(), f"COPY {source}: no such file"
                    assert source.rstrip("/").split("/")[0] not in ignored, source
                    copied.append(source.rstrip("/"))
            elif keyword == "RUN":
                for script in re.findall(r"\bscripts/[\w.-]+", arguments):
                    assert (ROOT / script).is_file(), f"RUN {script}: no such file"
                    assert any(script == c or script.startswith(c + "/") for c in copied), (
                        f"RUN {script} before it is copied into the stage"
                    )
    # The assets stage has what scripts/build-assets.sh reads.
    assets = " ".join(arguments for keyword, arguments in stages[0] if keyword == "COPY")
    for needed in ("package.json", "package-lock.json", "assets/"):
        assert needed in assets
    # uv at the version `make install` uses; the image runs as a user of its own, serving.
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text()
    uv_version = re.search(r"^UV_VERSION=(\S+)$", bootstrap, re.MULTILINE)
    assert uv_version and f"uv=={uv_version[1]}" in (ROOT / "Containerfile").read_text()
    final = dict(stages[-1])
    assert final["USER"] == "mydirection"
    assert final["CMD"] == '["mydirection", "serve"]'
    assert (ROOT / ".dockerignore").resolve() == (ROOT / ".containerignore").resolve()


def test_the_service_units_run_real_commands_and_are_in_the_operations_doc() -> None:
    from django.core.management import get_commands

    commands = get_commands()
    doc = (ROOT / "docs" / "operations.md").read_text()
    units = sorted((ROOT / "deploy" / "systemd").iterdir())
    assert {unit.name for unit in units} >= {
        "mydirection-web.service",
        "mydirection-worker.service",
    }
    for unit in units:
        text = unit.read_text()
        assert text in doc, f"docs/operations.md does not show {unit.name} as it is"
        for command in re.findall(r"^Exec\w*=\S*/mydirection (\S+)", text, re.MULTILINE):
            assert command.replace("-", "_") in commands, f"{unit.name}: no command {command}"


def test_every_environment_variable_is_in_the_operations_doc() -> None:
    doc = (ROOT / "docs" / "operations.md").read_text()
    sources = [
        path
        for path in [*(ROOT / "mydirection").rglob("*.py"), *(ROOT / "scripts").glob("*.sh")]
        if "tests" not in path.parts and path.name != "testing.py"
    ]
    variables = {
        name for path in sources for name in re.findall(r"MYDIRECTION_\w+", path.read_text())
    }
    assert "MYDIRECTION_SECRET_KEY" in variables
    missing = sorted(name for name in variables if name not in doc)
    assert not missing, f"Environment variables missing from docs/operations.md: {missing}"
