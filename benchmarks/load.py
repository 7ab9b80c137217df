"""Fifty members of staff at once, over HTTP on the loopback interface.

Signs in N staff (50 by default) through the sign-in pages, as people do: the demo shows the
second factor's code on its page. (Production never shows it: there ``--sign-in sessions``
makes each session in the database, as the tests' ``sign_in`` does, and every request still
goes over HTTP.) Then each runs a day's mix for ``--seconds`` (60): their caseload, a person's
overview, plan, appointments and conversation, a search by surname, and in one iteration of
ten a progress note (the form, then the save). Afterwards it counts the notes the server
acknowledged (a redirect to the plan) against those in the database, and runs
``mydirection verify-access-log``.

Usage, in the server's environment (the same database and keys):

    # against a running server, e.g. the demo as `make demo` starts it
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000
    # or this script starts `mydirection serve` on a free loopback port, with the demo's
    # data loaded into an empty database first (this is what `make bench` does)
    .venv/bin/python benchmarks/load.py

Each user waits a think time between pages (``--think``, 5 s on average, drawn from 2.5 to
7.5 s): people read a page for longer than that, so fifty of them ask for about ten pages a
second. ``--think 1`` is a stress test (about 25 a second); ``--think 0`` runs flat out.
Bounded: loopback addresses only, at most 200 users and 600 seconds.
"""

import argparse
import functools
import html
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mydirection.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from mydirection.demo import signins  # noqa: E402
from mydirection.people.models import Person  # noqa: E402
from mydirection.plans.models import ProgressNote  # noqa: E402
from mydirection.staff.models import Role, User  # noqa: E402
from mydirection.testing import sign_in  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_USERS, MAX_SECONDS = 200, 600
KINDS = (
    "caseload",
    "overview",
    "plan",
    "appointments",
    "messages",
    "search",
    "note form",
    "note save",
)
MANAGE = [sys.executable, "-m", "mydirection.cli"]


class Refused(Exception):
    """A response that was not the one expected (status, or where it redirected)."""


@dataclass
class Browser:
    """One member of staff's browser: a keep-alive connection and its cookies."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None
    behind_proxy: bool = False

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        """(status, Location header, body); reconnects once if the server closed the
        connection while it was idle."""
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            headers = {"Host": f"{self.host}:{self.port}"}
            if self.behind_proxy:
                # As a proxy that ends TLS in front of the production profile tells it.
                headers["X-Forwarded-Proto"] = "https"
                if method == "POST":
                    headers["Origin"] = f"https://{self.host}:{self.port}"
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if form is not None:
                body = urlencode(form)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", errors="replace")
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value and "max-age=0" not in header.lower():
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, response.getheader("Location", ""), text
        raise AssertionError("unreachable")

    def page(self, path: str) -> str:
        status, location, text = self.request("GET", path)
        if status != 200:
            raise Refused(f"{status} {location}".strip())
        return text


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise Refused("no CSRF token on the page")
    return found.group(1)


@dataclass
class Staff:
    user: User
    people: list[tuple[str, str]]  # (person id, surname)


def staff_with_caseloads(count: int) -> list[Staff]:
    """Case-holding staff with people on their caseload, the busiest first."""
    holders = (
        User.objects.filter(role__in=[Role.CASE_MANAGER, Role.SENIOR_CASE_MANAGER], is_active=True)
        .annotate(size=Count("caseload"))
        .filter(size__gt=0)
        .order_by("-size", "username")[:count]
    )
    staff = []
    for user in holders:
        people = list(
            Person.objects.filter(case_manager=user)
            .order_by("pk")
            .values_list("pk", "last_name")[:60]
        )
        staff.append(Staff(user, [(str(pk), surname) for pk, surname in people]))
    return staff


def sign_in_by_pages(browser: Browser, username: str, password: str) -> None:
    form_page = browser.page("/sign-in/")
    status, location, _ = browser.request(
        "POST",
        "/sign-in/",
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(form_page)},
    )
    if status != 302 or "/sign-in/code/" not in location:
        raise Refused(f"password refused for {username} ({status})")
    code_page = browser.page(urlsplit(location).path + "?" + urlsplit(location).query)
    code = re.search(r'data-testid="demo-code">(\d+)<', code_page)
    if not code:
        raise Refused("the second-factor page shows no code: use --sign-in sessions")
    status, location, _ = browser.request(
        "POST",
        urlsplit(location).path,
        {"code": code.group(1), "next": "/", "csrfmiddlewaretoken": csrf_token(code_page)},
    )
    if status != 302 or "/sign-in/code/" in location:
        raise Refused(f"code refused for {username} ({status} {location})")


def sign_in_by_session(browser: Browser, user: User) -> None:
    client = sign_in(Client(), user)
    browser.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value


def sign_in_everyone(
    staff: list[Staff], users: int, method: str, host: str, port: int, behind_proxy: bool
) -> list[tuple[Browser, Staff]]:
    """``users`` browsers, each signed in as one of ``staff`` in turn. A second sign-in of the
    same person (as on a second computer) waits for the next authenticator code: a code
    works once."""
    password = ""
    if method == "pages":
        sheet = signins.read(signins.sheet_path())
        if sheet is None:
            raise SystemExit(f"No demo sign-ins in {signins.sheet_path()}: run the demo first")
        password = sheet.password
    signed_in: list[tuple[Browser, Staff]] = []
    while len(signed_in) < users:
        if signed_in and method == "pages":
            time.sleep(30 - time.time() % 30 + 1)  # the next 30-second code
        for member in staff[: users - len(signed_in)]:
            browser = Browser(host, port, behind_proxy=behind_proxy)
            if method == "pages":
                sign_in_by_pages(browser, member.user.username, password)
            else:
                sign_in_by_session(browser, member.user)
            signed_in.append((browser, member))
    return signed_in


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    acknowledged: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, action: Callable[[], str]) -> str | None:
        started = time.perf_counter()
        try:
            result = action()
        except (Refused, OSError, http.client.HTTPException) as error:
            with self.lock:
                self.errors[kind].append(f"{type(error).__name__}: {error}")
            return None
        with self.lock:
            self.times[kind].append(time.perf_counter() - started)
        return result


def day(
    browser: Browser,
    member: Staff,
    run: str,
    number: int,
    deadline: float,
    think: float,
    results: Results,
) -> None:
    """One member of staff's work until ``deadline``: a person at a time."""
    rng = random.Random(f"{run}-{number}")
    iteration = 0

    def pause() -> None:
        if think:
            time.sleep(min(rng.uniform(0.5 * think, 1.5 * think), max(0, deadline - time.time())))

    # Staff do not all open their caseload in the same second: each starts within one think
    # time, at a random page of its round, as they would be found at any moment of a day.
    first = rng.randrange(6)
    if think:
        time.sleep(rng.uniform(0, think))
    while time.time() < deadline:
        iteration += 1
        person, surname = rng.choice(member.people)
        record = f"/people/{person}/"
        pages = [
            ("caseload", "/caseload/"),
            ("overview", record),
            ("plan", record + "plan/"),
            ("appointments", record + "appointments/"),
            ("messages", record + "conversation/"),
            ("search", "/search/?" + urlencode({"q": surname})),
        ]
        for kind, path in pages[first if iteration == 1 else 0 :]:
            if time.time() >= deadline:
                return
            results.timed(kind, functools.partial(browser.page, path))
            pause()
        if iteration % 10 == (number % 10) and time.time() < deadline:
            add = record + "plan/notes/add/"
            form = results.timed("note form", functools.partial(browser.page, add))
            pause()
            if form is None or time.time() >= deadline:
                continue
            text = f"Load test {run} {number}-{iteration}: talked about the week ahead"
            save = functools.partial(write_note, browser, add, form, text, results)
            results.timed("note save", save)
            pause()


def warm_up(browser: Browser, member: Staff) -> None:
    """Each page once, untimed: a new worker process imports a page's code and compiles its
    templates on first use, which costs seconds once per process, not per request."""
    person, surname = member.people[0]
    for path in (
        "/caseload/",
        f"/people/{person}/",
        f"/people/{person}/plan/",
        f"/people/{person}/appointments/",
        f"/people/{person}/conversation/",
        "/search/?" + urlencode({"q": surname}),
        f"/people/{person}/plan/notes/add/",
    ):
        browser.page(path)


def write_note(browser: Browser, add: str, form: str, text: str, results: Results) -> str:
    status, location, _ = browser.request(
        "POST",
        add,
        {
            "csrfmiddlewaretoken": csrf_token(form),
            "kind": "progress",
            "text": text,
            "needs_support": "no",
            "person_involved": "yes",
        },
    )
    # Saved: back to the plan. Anything else (the form again, an error) is not acknowledged.
    if status != 302 or not location.endswith(add.removesuffix("notes/add/")):
        raise Refused(f"{status} {location}")
    with results.lock:
        results.acknowledged.add(text)
    return location


def server_processes(port: int) -> list[int]:
    """The processes holding the server's listening socket: gunicorn's arbiter and workers."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with Path(table).open() as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{fields[9]}]")
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
            if any(os.readlink(f"/proc/{pid}/fd/{fd}") in inodes for fd in descriptors):
                found.append(int(pid))
        except OSError:
            continue  # gone, or not ours to read
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time used so far by ``pids`` (those still running)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, workers: int | None, threads: int | None) -> subprocess.Popen[bytes]:
    call_command("migrate", verbosity=0)
    if not Person.objects.exists():
        call_command("demo_data", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    command = [*MANAGE, "serve", "--bind", f"127.0.0.1:{port}"]
    if workers:
        command += ["--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    log = (Path(settings.VAR_DIR) / "load-server.log").open("wb")
    server = subprocess.Popen(
        command,
        env=os.environ | {"MYDIRECTION_DEMO": "1", "MYDIRECTION_DEBUG": "0"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"The server stopped: see {log.name}") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("The server did not start within a minute")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (loopback only); default: start one")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between pages")
    parser.add_argument("--sign-in", choices=["pages", "sessions"], default="pages")
    parser.add_argument(
        "--behind-proxy",
        action="store_true",
        help="send X-Forwarded-Proto: https, as a TLS proxy would to the production profile "
        "(MYDIRECTION_PRODUCTION=1 with MYDIRECTION_BEHIND_PROXY=1)",
    )
    parser.add_argument("--workers", type=int, help="for the server this script starts")
    parser.add_argument("--threads", type=int, help="for the server this script starts")
    args = parser.parse_args()
    if not 0 < args.users <= MAX_USERS or not 0 < args.seconds <= MAX_SECONDS:
        raise SystemExit(f"At most {MAX_USERS} users and {MAX_SECONDS} seconds")

    server = None
    if args.url:
        address = urlsplit(args.url)
        if address.hostname not in LOOPBACK or address.scheme != "http":
            raise SystemExit("Load tests run against http:// on the loopback interface only")
        host, port = address.hostname, address.port or 80
    else:
        host, port = "127.0.0.1", free_port()
        server = start_server(port, args.workers, args.threads)
    try:
        report(args, host, port)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)


def report(args: argparse.Namespace, host: str, port: int) -> None:
    if connection.vendor == "postgresql":
        # Fresh bulk loads have no planner statistics until autovacuum gets to them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    staff = staff_with_caseloads(args.users)
    if not staff:
        raise SystemExit("No case-holding staff with a caseload in this database")
    started = time.time()
    browsers = sign_in_everyone(staff, args.users, args.sign_in, host, port, args.behind_proxy)
    accounts = len({member.user.pk for _, member in browsers})
    print(
        f"Signed in {len(browsers)} browsers as {accounts} members of staff "
        f"({args.sign_in}) in {time.time() - started:.0f} s"
    )
    connection.close()  # this process's database connection is not needed during the run

    started = time.time()
    warming = [threading.Thread(target=warm_up, args=pair) for pair in browsers]
    for thread in warming:
        thread.start()
    for thread in warming:
        thread.join()
    print(f"Warmed up (each page once per user, untimed) in {time.time() - started:.0f} s")

    run = uuid.uuid4().hex[:8]
    results = Results()
    load: list[float] = []
    cpu_before = os.times()
    server = server_processes(port)
    server_before = cpu_seconds(server)
    begin = time.time()
    deadline = begin + args.seconds
    threads = [
        threading.Thread(target=day, args=(browser, member, run, n, deadline, args.think, results))
        for n, (browser, member) in enumerate(browsers)
    ]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        load.append(os.getloadavg()[0])
        time.sleep(5)
    elapsed = time.time() - begin
    cpu_after = os.times()
    server_cpu = cpu_seconds(server) - server_before
    client_cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)

    found = set(
        ProgressNote.objects.filter(text__startswith=f"Load test {run} ").values_list(
            "text", flat=True
        )
    )
    verified = subprocess.run(
        [*MANAGE, "verify-access-log"], capture_output=True, text=True, check=False
    )

    total = sum(len(times) for times in results.times.values())
    errors = sum(len(errors) for errors in results.errors.values())
    print(
        f"\n{len(browsers)} users, {elapsed:.0f} s, think time {args.think} s on average, "
        f"database {connection.vendor}, server {host}:{port}\n"
    )
    print("| page | requests | errors | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind in KINDS:
        times = results.times.get(kind, [])
        failed = len(results.errors.get(kind, []))
        if times:
            print(
                f"| {kind} | {len(times) + failed:,} | {failed} | "
                f"{1000 * statistics.median(times):.0f} | {1000 * percentile(times, 0.95):.0f} | "
                f"{1000 * max(times):.0f} |"
            )
        else:
            print(f"| {kind} | {failed} | {failed} | | | |")
    every = [t for times in results.times.values() for t in times]
    if every:
        print(
            f"| all | {total + errors:,} | {errors} | {1000 * statistics.median(every):.0f} | "
            f"{1000 * percentile(every, 0.95):.0f} | {1000 * max(every):.0f} |"
        )
    print(f"\nThroughput: {total / elapsed:.1f} requests a second answered as expected")
    print(f"Errors: {errors}")
    for kind, messages in results.errors.items():
        print(f"  {kind}: {', '.join(sorted(set(messages))[:5])}")
    lost = results.acknowledged - found
    print(
        f"Writes: {len(results.acknowledged)} acknowledged, {len(found)} found, "
        f"{len(lost)} acknowledged but missing"
    )
    print(f"Access log: {html.unescape(verified.stdout.strip() or verified.stderr.strip())}")
    if load:
        print(
            f"Machine: {os.cpu_count()} cores; load average (1 min) during the run "
            f"{min(load):.1f} to {max(load):.1f}, mean {statistics.mean(load):.1f}; "
            f"this client used {client_cpu:.0f} s of CPU ({client_cpu / elapsed:.0%} of a core)"
        )
    if server and total:
        print(
            f"Server: {len(server)} processes used {server_cpu:.0f} s of CPU "
            f"({server_cpu / elapsed:.2f} cores), {1000 * server_cpu / total:.0f} ms a request"
        )
    if errors or lost or verified.returncode:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
