"""Enabling Fund approvals under contention: N approvers pressing "Approve" on one pot at once.

Usage (PostgreSQL, as in production; `make bench` runs it on a throw-away server):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/fund_approvals.py

For each number of threads (1, 2, 4 and 8 by default) the script opens a fresh pot and fills
it with waiting fast-lane requests (``--requests``, £35 each, four for each of a quarter as
many people, so nobody passes the £150 a person), then releases the threads together. Each
thread approves its own share of the requests, one after the other, through
``services.requests.approve``: the real service, in its own transaction, locking the pot
(``SELECT ... FOR UPDATE``), checking the rules, writing the ledger and the access log. The
pot holds ``--cover`` of what is asked for, so the last approvals find it empty and are
refused: the race that matters.

It prints, per thread count, approvals a second, refusals, and the median and 95th-percentile
time of one approval (wall-clock in this process, waiting for the lock included). Then it
checks the pot (and prints the machine's 1-minute load average: other work on the machine
slows every figure): its available balance, replayed entry by entry in the order they were
written, never went below zero; the ledger sums to zero; what is committed is exactly the
approved requests; and nobody passed their limit. Any failed check exits non-zero.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mydirection.settings")

import django

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mydirection.fund.models import Account, Category, Entry, Fund, Request, Status  # noqa: E402
from mydirection.fund.selectors import balances  # noqa: E402
from mydirection.fund.services.requests import approve, ask  # noqa: E402
from mydirection.fund.testing import a_fund, a_provider  # noqa: E402
from mydirection.plans.testing import a_goal  # noqa: E402
from mydirection.staff.models import Role, User  # noqa: E402
from mydirection.testing import (  # noqa: E402
    OfficeFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    acting,
    allocate,
)

AMOUNT = 3500  # £35: the fast lane, as the pilot's typical purchase
PER_PERSON = 4  # £140 each, inside the £150 a person


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build(requests: int, cover: float, label: str) -> tuple[Fund, User, list[Request]]:
    """A pot of its own office, a case manager, and ``requests`` waiting requests."""
    office = OfficeFactory.create(name=f"Bench {label}")
    team = TeamFactory.create(office=office, name=f"Bench {label}")
    case_manager = UserFactory.create(role=Role.CASE_MANAGER, team=team)
    manager = UserFactory.create(role=Role.PROGRAMME_MANAGER)
    fund = a_fund(office, manager, amount=int(requests * AMOUNT * cover), name=f"Bench {label}")
    provider = a_provider(fund)
    waiting: list[Request] = []
    for _ in range(requests // PER_PERSON):
        person = allocate(PersonFactory.create(team=team), case_manager)
        goal = a_goal(person, case_manager, "Get a job on a building site")
        actor = acting(case_manager, person)
        waiting.extend(
            ask(
                actor=actor,
                fund=fund,
                person=person,
                goal=goal,
                category=Category.WORK_EQUIPMENT,
                amount=AMOUNT,
                what_for="Work boots",
                provider=provider,
            )
            for _ in range(PER_PERSON)
        )
    return fund, case_manager, waiting


def race(
    threads: int, case_manager: User, waiting: list[Request]
) -> tuple[float, list[float], int, list[BaseException]]:
    """Approve ``waiting`` from ``threads`` threads released together: the wall time, each
    approval's time in ms, the refusals, and anything else that went wrong."""
    barrier = threading.Barrier(threads + 1)
    timings: list[float] = []
    refused = 0
    errors: list[BaseException] = []
    lock = threading.Lock()
    people = {each.person_id: each.person for each in waiting}
    shares = [waiting[index::threads] for index in range(threads)]

    def run(share: list[Request]) -> None:
        nonlocal refused
        mine: list[float] = []
        no = 0
        try:
            connection.ensure_connection()  # each thread's own, opened before the start
            actors = {pid: acting(case_manager, person) for pid, person in people.items()}
            barrier.wait()
            for request in share:
                started = time.perf_counter()
                try:
                    approve(
                        actor=actors[request.person_id], request_id=request.pk, expected_version=1
                    )
                except ValidationError:
                    no += 1
                else:
                    mine.append((time.perf_counter() - started) * 1000)
        except BaseException as error:  # reported after the run
            with lock:
                errors.append(error)
        finally:
            with lock:
                timings.extend(mine)
                refused += no
            connections.close_all()

    workers = [threading.Thread(target=run, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started, timings, refused, errors


def queries_per_approval(label: str) -> int:
    """The statements one approval sends (on a pot of its own, outside the race)."""
    _fund, case_manager, waiting = build(PER_PERSON, 1.0, label)
    request = waiting[0]
    with CaptureQueriesContext(connection) as queries:
        approve(
            actor=acting(case_manager, request.person), request_id=request.pk, expected_version=1
        )
    return len(queries.captured_queries)


def checks(fund: Fund, people: set[UUID]) -> tuple[int, list[str]]:
    """The lowest the available balance went, and what does not hold after the race (an
    empty list when everything does)."""
    problems = []
    # Entries of one pot are written under its lock, so their ids follow the order in which
    # the approvals happened: replay the available balance in that order.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT min(running) FROM (
                SELECT sum(amount) OVER (ORDER BY id) AS running
                FROM fund_entry WHERE fund_id = %s AND account = %s
            ) replayed
            """,
            [fund.pk, Account.AVAILABLE.value],
        )
        lowest = cursor.fetchone()[0]
    if lowest is None or lowest < 0:
        problems.append(f"the available balance went to {lowest} pence")
    total = Entry.objects.filter(fund=fund).aggregate(total=Sum("amount"))["total"]
    if total != 0:
        problems.append(f"the ledger sums to {total}, not 0")
    position = balances(fund)
    approved = Request.objects.filter(fund=fund, status=Status.APPROVED).count()
    if position.committed != approved * AMOUNT:
        problems.append(f"{position.committed} committed for {approved} approvals")
    if position.available < 0 or position.put_in != position.available + position.committed:
        problems.append(f"the balances do not add up: {position}")
    for person_id in people:
        used = Entry.objects.filter(
            fund=fund, account=Account.COMMITTED, request__person_id=person_id
        ).aggregate(total=Sum("amount"))["total"]
        if (used or 0) > fund.person_limit:
            problems.append(f"a person was given {used} of {fund.person_limit}")
    return lowest, problems


def server_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0]).split()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="1,2,4,8", help="comma-separated, e.g. 2,4,8")
    parser.add_argument("--requests", type=int, default=480, help="waiting requests per run")
    parser.add_argument(
        "--cover", type=float, default=0.9, help="share of the requests the pot can pay"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run this on PostgreSQL (DATABASE_URL=postgres://...)")
    call_command("migrate", verbosity=0)
    counts = [int(each) for each in args.threads.split(",")]
    requests = args.requests - args.requests % (PER_PERSON * max(counts))

    print(
        f"\n{requests} waiting £{AMOUNT // 100} requests per run, a pot holding "
        f"{args.cover:.0%} of them; PostgreSQL {server_version()}; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    print(
        "\n| threads | approved | refused (pot empty) | approvals a second | "
        "median ms | 95th percentile ms | lowest available | checks | load average |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    failed = False
    stamp = time.strftime("%H%M%S")
    statements = queries_per_approval(f"{stamp}-queries")
    for threads in counts:
        fund, case_manager, waiting = build(requests, args.cover, f"{stamp}-{threads}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds, timings, refused, errors = race(threads, case_manager, waiting)
        if errors:
            raise SystemExit(f"{threads} threads: {errors[:3]!r}")
        lowest, problems = checks(fund, {each.person_id for each in waiting})
        failed = failed or bool(problems)
        print(
            f"| {threads} | {len(timings)} | {refused} | {len(timings) / seconds:.0f} | "
            f"{statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} | "
            f"£{lowest / 100:,.2f} | {'; '.join(problems) or 'all hold'} | "
            f"{os.getloadavg()[0]:.1f} |",
            flush=True,
        )
    print(
        f"\nOne approval sends {statements} statements (BEGIN and COMMIT included); from the "
        "third (SELECT ... FOR UPDATE of the pot) to COMMIT they hold the pot's lock."
    )
    if failed:
        raise SystemExit("A check failed: see the table")


if __name__ == "__main__":
    main()
