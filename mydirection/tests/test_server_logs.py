"""No personal data in the server's logs: a search for a person's name leaves the name out of
the application's log and out of the access log, whatever serves the application (gunicorn
through mydirection.serving for the demo and production; runserver in development)."""

import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config
from gunicorn.http import wsgi
from gunicorn.http.parser import RequestParser

from mydirection.serving import AccessLogger, options
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db(transaction=False)

CLIENT = ("127.0.0.1", 50123)
SERVER = ("127.0.0.1", 8000)


def gunicorn_config(log: Path, **changes: object) -> Config:
    """gunicorn's configuration as ``mydirection serve`` sets it, logging to ``log``."""
    config = Config()
    for name, value in (options() | {"accesslog": str(log), "errorlog": str(log)}).items():
        config.set(name, value)
    for name, value in changes.items():
        config.set(name, value)
    return config


@contextmanager
def database_kept_open() -> Iterator[None]:
    """A real request closes old database connections when it starts and finishes; in a test
    that would close the test's own connection (on PostgreSQL, mid-transaction). Django's
    test client holds these two signals back the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def serve_one_request(config: Config, raw: bytes) -> tuple[int, str]:
    """Serve ``raw`` as gunicorn's worker does: gunicorn's parser reads it from a socket,
    gunicorn builds the WSGI environ, Django's WSGI application answers, and the worker's
    logger writes the access line. Returns the status and the page."""
    ours, theirs = socket.socketpair()
    with ours, theirs, database_kept_open():
        theirs.sendall(raw)
        request = next(RequestParser(config, ours, CLIENT))
        response, environ = wsgi.create(request, ours, CLIENT, SERVER, config)
        received = bytearray()
        reader = threading.Thread(target=lambda: _read_all(theirs, received))
        reader.start()
        body = get_wsgi_application()(environ, response.start_response)
        try:
            for chunk in body:
                response.write(chunk)
            response.close()
        finally:
            body.close()
            ours.shutdown(socket.SHUT_WR)
            AccessLogger(config).access(response, request, environ, timedelta(milliseconds=40))
        reader.join(timeout=30)
    head, _, page = bytes(received).partition(b"\r\n\r\n")
    return int(head.split()[1]), page.decode(errors="replace")


def _read_all(sock: socket.socket, into: bytearray) -> None:
    while chunk := sock.recv(65536):
        into.extend(chunk)


def search_request(world: World, client: Client, name: str) -> bytes:
    """A browser's request for the search page, signed in, having come from an earlier
    search (so the referrer holds a name too)."""
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    search = reverse("caseload:search")
    return (
        f"GET {search}?q={name} HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\n"
        f"Cookie: {settings.SESSION_COOKIE_NAME}={session}\r\n"
        f"Referer: http://127.0.0.1{search}?q={world.other_person.last_name}\r\n"
        "User-Agent: Mozilla/5.0\r\n\r\n"
    ).encode()


def test_a_search_for_a_name_leaves_it_out_of_every_log(
    world: World, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    name = world.person.last_name
    client = sign_in(Client(), world.cm)
    log = tmp_path / "access.log"

    status, page = serve_one_request(gunicorn_config(log), search_request(world, client, name))

    assert status == 200
    assert f"{name}, {world.person.first_name}" in page  # the search found the person
    access_log = log.read_text()
    assert f'"GET {reverse("caseload:search")} HTTP/1.1" 200' in access_log
    assert name not in access_log
    assert world.other_person.last_name not in access_log
    assert name not in caplog.text


def test_no_format_puts_a_query_string_or_a_cookie_in_the_access_log(
    world: World, tmp_path: Path
) -> None:
    """Even a format asking for the full request line, the query string, the referrer, the
    cookies and the raw URI gets none of them."""
    name = world.person.last_name
    client = sign_in(Client(), world.cm)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    log = tmp_path / "access.log"
    everything = (
        '"%(r)s" q=%(q)s ref=%(f)s cookie=%({cookie}i)s uri=%({raw_uri}e)s '
        "query=%({query_string}e)s"
    )
    config = gunicorn_config(log, access_log_format=everything)

    serve_one_request(config, search_request(world, client, name))
    # gunicorn's error log names the request's URI when handling it fails.
    AccessLogger(config).exception("Error handling request %s", f"/search/?q={name}")

    written = log.read_text()
    assert f'"GET {reverse("caseload:search")} HTTP/1.1" q=- ref=http://127.0.0.1' in written
    assert "Error handling request /search/" in written
    assert name not in written
    assert world.other_person.last_name not in written
    assert session not in written


def test_runserver_logs_request_lines_without_query_strings(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """runserver (development) logs through ``django.server`` as below."""
    name = world.person.last_name
    request_line = f"GET /search/?q={name} HTTP/1.1"

    logging.getLogger("django.server").info('"%s" %s %s', request_line, "200", "5120")

    assert '"GET /search/ HTTP/1.1" 200 5120' in caplog.text
    assert name not in caplog.text
