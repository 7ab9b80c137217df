"""The evaluation at scale (issue 16, item 5): the impact report for one office's cohort of
``--people`` people, and the pseudonymised extract's time and peak memory.

Usage (PostgreSQL, as in production):
    scripts/with-postgres.sh .venv/bin/python benchmarks/evaluation_scale.py [--people 50000]

Builds the data set once with ``mydirection demo-data --people N`` (skipped when the database
already holds that many people), then makes it one office's cohort: everyone is moved into
one team of Hull, the window runs from the first order's start to the last, and reoffending
events are drawn in SQL for about 15% of people (13% on the programme), a day to a year after
their first start, with a tilt by OGRS3 so that the models have something to adjust for.

Then, each ``--repeats`` times (median and slowest printed):

- the cohort built from the database (``cohorts.build_cohorts``);
- the report from it (``report.impact_report``: the unadjusted difference, both covariate
  sets' regression adjustment, the balance table with its weighting, power, the E-value);
- the two plots (``svg``: the forest plot and the balance plot);
- every estimator on the second covariate set (regression adjustment, inverse probability
  weighting, doubly robust, matching; ATET and ATE), as the analysis could be rerun;
- the impact page through Django's whole request handling: a window's first view of the day,
  which logs one access-log entry per person in the cohort, and the same window again, which
  logs nothing (``access.log.record_many_once_a_day``);
- ``record_many`` of the cohort's people alone, and its part before the chain's lock.

And once each, under ``tracemalloc`` (Python's allocations, NumPy's and pandas' included;
not libpq's buffers), the pseudonymised extract as it was (the whole cohort's frame, its rows
and the CSV text in memory, one access-log insert for everyone) and as it is now
(``services.disclose_extract``: the ids, then 2,000 people at a time, streamed).
"""

import argparse
import csv
import io
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mydirection.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from mydirection.access import log  # noqa: E402
from mydirection.access.log import record_many  # noqa: E402
from mydirection.access.models import AccessLogEntry, Operation  # noqa: E402
from mydirection.evaluation import cohorts, report, services  # noqa: E402
from mydirection.evaluation.extract import extract_rows  # noqa: E402
from mydirection.evaluation.forms import window_data  # noqa: E402
from mydirection.evaluation.stats import (  # noqa: E402
    EffectSpec,
    EvaluationError,
    TreatmentData,
    estimate_effect,
)
from mydirection.evaluation.views import _charts  # noqa: E402
from mydirection.people.models import Order, Person  # noqa: E402
from mydirection.staff.models import Office, Role, Team, User  # noqa: E402
from mydirection.testing import sign_in  # noqa: E402

BATCH = "BENCH-SCALE"
ESTIMATORS = [
    EffectSpec(estimator, effect, "logit")
    for estimator in ("ra", "ipw", "aipw", "match")
    for effect in ("atet", "ate")
]


def timed(call: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), result


def peak(call: Callable[[], Any]) -> tuple[float, int]:
    """Seconds and peak traced bytes of ``call``."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    try:
        call()
        return time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def prepare(people: int, seed: int) -> tuple[Office, date, date]:
    """One office's cohort of everyone, with reoffending drawn; the office and the window."""
    call_command("migrate", verbosity=0)
    if Person.objects.count() < people:
        started = time.perf_counter()
        call_command("demo_data", people=people, seed=seed)
        print(f"Built {people:,} people in {time.perf_counter() - started:.0f} s")
    hull = Office.objects.get(name="Hull")
    team = Team.objects.filter(office=hull).order_by("name").first()
    importer = User.objects.filter(role=Role.EVALUATOR).order_by("username").first()
    assert team is not None and importer is not None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET team_id = %s", [team.pk])
        cursor.execute("DELETE FROM evaluation_reoffendingevent WHERE import_batch = %s", [BATCH])
        cursor.execute(
            """
            INSERT INTO evaluation_reoffendingevent
                (id, person_id, offence_date, category, source, import_batch, imported_at,
                 imported_by_id)
            SELECT gen_random_uuid(), p.id, o.first_start + (1 + floor(random() * 364))::int,
                   'theft', 'benchmark', %s, now(), %s
            FROM people_person p
            JOIN (SELECT person_id, min(start_date) AS first_start FROM people_order
                  GROUP BY person_id) o ON o.person_id = p.id
            WHERE random() < CASE WHEN p.programme_start IS NULL THEN 0.15 ELSE 0.13 END
                             + (coalesce(p.ogrs3, 45) - 45) / 1000.0
            """,
            [BATCH, importer.pk],
        )
        cursor.execute("ANALYZE")
    window = Order.objects.aggregate(first=Min("start_date"), last=Max("start_date"))
    return hull, window["first"], window["last"]


def log_batch(cohort: cohorts.Cohort, user: User) -> float:
    """One ``record_many`` of the cohort's people (rolled back); the seconds of its work done
    before the chain's lock (``_Batch``): the rest is under the lock."""
    ids = list(cohort.person_ids)
    actor = services.evaluating(user, "Benchmark")
    started = time.perf_counter()
    log._Batch(AccessLogEntry(operation=Operation.COMBINE, what="Benchmark"), ids)
    before_lock = time.perf_counter() - started
    with transaction.atomic():
        record_many(actor=actor, operation=Operation.COMBINE, what="Benchmark", subject_ids=ids)
        transaction.set_rollback(True)
    return before_lock


def old_extract(user: User, window: services.Window) -> int:
    """The extract as it was before it streamed: everything in memory at once."""
    cohort = cohorts.build_cohorts(
        office=window.office, window_start=window.start, window_end=window.end
    )
    with transaction.atomic():
        record_many(
            actor=services.evaluating(user, "Benchmark"),
            operation=Operation.DISCLOSE,
            what="Pseudonymised evaluation extract",
            subject_ids=list(cohort.person_ids),
            recipients="Benchmark",
        )
        out = io.StringIO()
        csv.writer(out).writerows(extract_rows(cohort.frame.to_dict("records")))
    return len(out.getvalue())


def new_extract(user: User, window: services.Window) -> int:
    lines = services.disclose_extract(user, window, recipients="Benchmark", purpose="Benchmark")
    return sum(len(line) for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-extract", action="store_true", help="skip the extract's runs")
    args = parser.parse_args()

    office, start, end = prepare(args.people, args.seed)
    window = services.Window(office, start, end)
    today = timezone.localdate()
    load = os.getloadavg()[0]
    print(
        f"\n{Person.objects.count():,} people on {connection.vendor}, window {start} to {end}, "
        f"{args.repeats} runs each, load average {load:.1f} at the start\n"
    )
    rows: list[tuple[str, float, float]] = []

    def row(name: str, median: float, slowest: float) -> None:
        rows.append((name, median, slowest))
        print(f"  {name}: {median:.2f} s (slowest {slowest:.2f} s)", flush=True)

    median, slowest, cohort = timed(
        lambda: cohorts.build_cohorts(
            office=office, window_start=start, window_end=end, today=today
        ),
        args.repeats,
    )
    complete = cohort.frame[cohort.frame["follow_up_complete"] == 1]
    print(
        f"cohort: {len(cohort.frame):,} people ({cohort.n_treated:,} on the programme), "
        f"{len(complete):,} followed up a year, {int(complete['reoffended'].sum()):,} reoffended"
    )
    row("Cohort from the database", median, slowest)
    report.impact_report(cohort)  # untimed: the statistics' imports, once a process
    median, slowest, built = timed(lambda: report.impact_report(cohort), args.repeats)
    assert built.analysable and built.models, built.problem
    row("Impact report (both covariate sets, balance, power, E-value)", median, slowest)
    median, slowest, _ = timed(lambda: _charts(built), args.repeats)
    row("The two plots", median, slowest)
    data = TreatmentData.from_frame(
        complete.reset_index(drop=True), "treated", "reoffended", list(report.MODELS[1][1])
    )
    for spec in ESTIMATORS:
        try:
            median, slowest, result = timed(partial(estimate_effect, data, spec), 1)
        except EvaluationError as error:
            print(f"  {spec.estimator} {spec.effect}: not estimated ({error})")
            continue
        row(f"{spec.estimator} {spec.effect}, logit ({result.effect.value:+.4f})", median, slowest)

    evaluator = User.objects.filter(role=Role.EVALUATOR).order_by("username").first()
    manager = User.objects.filter(role=Role.PROGRAMME_MANAGER).order_by("username").first()
    assert evaluator is not None and manager is not None
    client = sign_in(Client(), evaluator)
    url = reverse("evaluation:impact")
    query = window_data(office, start, end)

    def page() -> None:
        response = client.get(url, query)
        assert response.status_code == 200, response.status_code

    # The first view of the day of a window logs everyone in it: each run a window a day
    # shorter, never one logged already today (by an earlier run), so each is a first view.
    # Views after it the same day log nothing.
    logged_today = set(
        AccessLogEntry.objects.filter(operation=Operation.COMBINE, occurred_at__date=today)
        .values_list("details__window_start", flat=True)
        .distinct()
    )
    views = (n for n in range(1, 10_000) if str(start + timedelta(days=n)) not in logged_today)

    def first_view() -> None:
        response = client.get(url, window_data(office, start + timedelta(days=next(views)), end))
        assert response.status_code == 200, response.status_code

    page()  # untimed: the templates, once a process
    median, slowest, _ = timed(first_view, args.repeats)
    row("Impact page, a window's first view of the day (logs everyone)", median, slowest)
    median, slowest, _ = timed(page, args.repeats)
    row("Impact page, the same window again that day (logs nothing)", median, slowest)
    median, slowest, prepared = timed(partial(log_batch, cohort, evaluator), args.repeats)
    row(f"record_many of the cohort (prepared before the lock: {prepared:.2f} s)", median, slowest)

    if not args.no_extract:
        extracts(manager, window)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end\n")
    print("| step | median s | slowest s |")
    print("| --- | ---: | ---: |")
    for name, median, slowest in rows:
        print(f"| {name} | {median:.2f} | {slowest:.2f} |")


def extracts(manager: User, window: services.Window) -> None:
    print("\nThe extract (each once, traced):")
    seconds_old, peak_old = peak(lambda: old_extract(manager, window))
    print(f"  all in memory: {seconds_old:.1f} s, peak {peak_old / 2**20:.0f} MiB")
    seconds_new, peak_new = peak(lambda: new_extract(manager, window))
    print(f"  streamed: {seconds_new:.1f} s, peak {peak_new / 2**20:.0f} MiB")
    median, _, size = timed(lambda: new_extract(manager, window), 1)
    print(f"  streamed, untraced: {median:.1f} s for {size / 2**20:.1f} MiB of CSV")


if __name__ == "__main__":
    main()
