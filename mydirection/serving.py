"""Serving MyDirection with gunicorn, for the demo and production alike (``mydirection serve``).

gunicorn's threaded worker (gthread), a few processes of a few threads each: a process per
core and one more keeps both cores busy while a request waits on the database, and threads let
a process overlap those waits. Idle connections wait in each worker's poller, not in a thread,
and are closed after ``keepalive`` seconds, so open connections cannot use up the threads.

Settings, from the environment (``options``):

    MYDIRECTION_BIND              address to listen on (127.0.0.1:8000)
    MYDIRECTION_WORKERS           worker processes (the number of cores, plus one)
    MYDIRECTION_THREADS           threads per worker process (4)
    MYDIRECTION_REQUEST_TIMEOUT   seconds a request may run before its worker is restarted (60)
    MYDIRECTION_GRACEFUL_TIMEOUT  seconds to finish requests on a restart or stop (30)
    MYDIRECTION_KEEPALIVE         seconds an idle connection is kept open (5)

The access log has no query strings (they can hold a name: the search page's ``?q=``), no
referrer and no cookies: ``AccessLogger``.
"""

import errno
import logging
import os
import selectors
import threading
import time
from datetime import timedelta
from functools import partial
from typing import Any

from gunicorn.glogging import Logger
from gunicorn.workers.gthread import TConn, ThreadWorker

from mydirection.env import envint, envstr
from mydirection.logs import NoQueryStrings, without_query

# Address, time, request line without its query string, status, bytes, milliseconds.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

# Atoms gunicorn offers to a log format that must never reach a log: the query string itself
# and what signs a request in.
WITHHELD_ATOMS = ("q", "{query_string}e", "{cookie}i", "{authorization}i", "{set-cookie}o")


def options() -> dict[str, Any]:
    """gunicorn's settings, by gunicorn's names (``mydirection/gunicorn_conf.py``)."""
    return {
        "bind": [envstr("MYDIRECTION_BIND", "127.0.0.1:8000")],
        "worker_class": "mydirection.serving.Worker",
        "workers": envint("MYDIRECTION_WORKERS", (os.cpu_count() or 1) + 1),
        "threads": envint("MYDIRECTION_THREADS", 4),
        "timeout": envint("MYDIRECTION_REQUEST_TIMEOUT", 60),
        "graceful_timeout": envint("MYDIRECTION_GRACEFUL_TIMEOUT", 30),
        "keepalive": envint("MYDIRECTION_KEEPALIVE", 5),
        "logger_class": "mydirection.serving.AccessLogger",
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "wsgi_app": "mydirection.wsgi:application",
        # gunicorn's control socket defaults to one path per user ($HOME/.gunicorn), which a
        # second server on the machine would take over; and it can change the workers.
        "control_socket_disable": True,
    }


class AccessLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger without query strings, referrers' included, in any line.

    Whatever ``access_log_format`` says: the request line (``%(r)s``) and every other value
    lose their query string, and the query string, cookies and credentials are withheld. The
    error log loses query strings too (it names a request's URI when handling it fails).
    """

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(each, NoQueryStrings) for each in log.filters):
                log.addFilter(NoQueryStrings())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in WITHHELD_ATOMS:
            atoms[key] = "-"
        return {
            key: without_query(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }


def overdue(running: dict[int, tuple[float, str]], now: float, timeout: float) -> list[str]:
    """The requests (``running``: thread → (start, "METHOD /path")) over ``timeout`` seconds
    at ``now``; none when the timeout is 0 (off)."""
    if not timeout:
        return []
    return [what for started, what in list(running.values()) if now - started > timeout]


class Worker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's threaded worker, with ``timeout`` bounding each request.

    In gunicorn's own gthread worker the main loop keeps reporting to the arbiter while a
    thread hangs (a lock wait, a query that never ends), so ``--timeout`` never ends such a
    request and the thread is lost to the pool for good. Here the worker stops reporting once
    a request has run longer than the timeout, so the arbiter restarts it (after at most one
    more timeout) as it would a sync worker. Requests on the worker's other threads are cut off
    too: the price of getting the threads back.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.running: dict[int, tuple[float, str]] = {}
        self.reported = False
        self.quitting = False

    def handle_quit(self, sig: int, frame: Any) -> None:
        """Ctrl-C reaches a worker twice: SIGINT from the terminal, then SIGQUIT from the
        arbiter. gunicorn's handler is not re-entrant (the second call waits for a lock the
        first holds, in the thread pool's shutdown), which left workers hanging until the
        arbiter killed them 30 seconds later. Only the first signal runs it."""
        if self.quitting:
            return
        self.quitting = True
        super().handle_quit(sig, frame)

    def accept(self, listener: Any) -> None:
        """A new connection waits in the poller until its client sends something, and is
        closed after ``keepalive`` seconds (5 if that is 0) if it sends nothing.

        gunicorn's worker hands each new connection to a thread, which waits up to 5 seconds
        for the first bytes: 200 connections that sent nothing kept a request waiting two
        minutes for a thread. Here no thread is taken before there is a request to read.
        """
        try:
            client, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client, address, listener.getsockname())  # non-blocking
        conn.timeout = time.monotonic() + (self.cfg.keepalive or 5)
        self.pending_conns.append(conn)
        self.poller.register(
            conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )

    def handle_request(self, req: Any, conn: Any) -> Any:
        thread = threading.get_ident()
        # The path only: a query string can hold a name.
        self.running[thread] = (time.monotonic(), f"{req.method} {req.path}")
        try:
            return super().handle_request(req, conn)
        finally:
            self.running.pop(thread, None)

    def notify(self) -> None:
        late = overdue(self.running, time.monotonic(), self.cfg.timeout)
        if late:
            if not self.reported:
                self.reported = True
                self.log.log(
                    logging.ERROR,
                    "Over the %s s request timeout: %s; the worker will be restarted",
                    self.cfg.timeout,
                    ", ".join(late),
                )
            return
        super().notify()
