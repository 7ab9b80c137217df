"""Server time of the diaries, the activity log, the "Needs attention" panel and the
monitoring figures at 5,000,000 appointments.

Usage (PostgreSQL, as in production):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/appointments.py

Building takes many minutes; keep the server's directory between runs to build once:
    MYDIRECTION_PG_KEEP=/tmp/bench-5m scripts/with-postgres.sh \
        .venv/bin/python benchmarks/appointments.py --build-only
    MYDIRECTION_PG_KEEP=/tmp/bench-5m scripts/with-postgres.sh \
        .venv/bin/python benchmarks/appointments.py

Builds people with ``mydirection demo-data --people N`` when the database has fewer than
``--people``, then writes the appointments, outcomes, needs discussed and tools used inside
PostgreSQL with ``INSERT ... SELECT`` over ``generate_series`` (nothing crosses the wire, so
millions of rows take a minute or two), skipped when they are already there. Each person gets
a weekly appointment, spread over the past two years and the next three months; every past
one has an outcome drawn to the pilot's shares. Pages go through Django's full request
handling in this process (as ``benchmarks/pages.py``); the monitoring figures are timed as
the module's calls (as the page makes them), and the monitoring page as a request. Prints
median and 95th-percentile times as Markdown tables, the figures with their ratios to two
floors of the same run: ``count(*)`` of the period's appointments, and a bare page (a fixed
template in the service's layout, through the same request handling). The monitoring
figures alone, without the counting from the records (minutes at 5,000,000):
    MYDIRECTION_PG_KEEP=/tmp/bench-5m scripts/with-postgres.sh \
        .venv/bin/python benchmarks/appointments.py --figures-only --no-counted
"""

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mydirection.settings")

import django

django.setup()

from _floor import getter, interleaved, percentile, print_rounds, use_floor  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from mydirection.appointments.models import Appointment  # noqa: E402
from mydirection.caseload import selectors as caseload  # noqa: E402
from mydirection.evaluation import monitoring as evaluation  # noqa: E402
from mydirection.evaluation.period import Period, last_12_months, last_whole_months  # noqa: E402
from mydirection.people.models import Person  # noqa: E402
from mydirection.staff.models import Role, User  # noqa: E402
from mydirection.summaries import services as summaries  # noqa: E402
from mydirection.summaries.models import PersonMonth  # noqa: E402
from mydirection.testing import sign_in  # noqa: E402

# Shares drawn for past appointments (attendance 70%) and attended ones (needs, tools).
OUTCOME_SQL = """
CASE WHEN r < 0.65 THEN 'attended_complied'
     WHEN r < 0.70 THEN 'attended_failed_to_comply'
     WHEN r < 0.84 THEN 'acceptable_absence'
     WHEN r < 0.93 THEN 'unacceptable_absence'
     ELSE 'failed_to_attend' END
"""
ATTENDED = "('attended_complied', 'attended_failed_to_comply')"
NEEDS = {
    "accommodation": 0.34,
    "drug_use": 0.22,
    "alcohol_use": 0.15,
    "relationships_community": 0.22,
    "employment_education": 0.20,
    "health_wellbeing": 0.17,
    "finances": 0.15,
    "thinking_behaviours": 0.12,
}


def timed(call: Callable[[], Any], repeats: int, warmups: int = 3) -> tuple[float, float, int]:
    # The first warm-up is counted (at 5,000,000 rows an extra run of an aggregate costs
    # minutes). The log is emptied first: a request empties it as it starts, which would
    # make the count come out as 0.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        call()
    for _ in range(min(warmups, repeats) - 1):
        call()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), percentile(timings, 0.95), len(queries.captured_queries)


def build(target: int) -> None:
    """Weekly appointments for every allocated person until there are ``target``."""
    people = Person.objects.filter(case_manager__isnull=False).count()
    weeks = math.ceil(target / people)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        # The person's weekly slot: a weekday and a quarter hour from 9am, from their id.
        cursor.execute(
            """
            INSERT INTO appointments_appointment (
                id, person_id, staff_id, created_by_id, series_id, starts_at, duration_minutes,
                appointment_type, place, location_id, address, format, keyworker_name,
                keyworker_agency, requirement_id, sensitive, counts_as_rar, notes, status,
                superseded_by_id, rescheduled_by, change_reason, created_at, version, has_outcome,
                absence_undecided)
            SELECT gen_random_uuid(), p.id, p.case_manager_id, p.case_manager_id, NULL,
                date_trunc('day', now()) - interval '630 days'
                    + (g * 7 + mod(abs(hashtext(p.id::text)), 5)) * interval '1 day'
                    + interval '9 hours'
                    + mod(abs(hashtext(p.id::text || 's')), 28) * interval '15 minutes',
                45, 'supervision', 'home', NULL, '',
                CASE WHEN mod(g, 5) = 0 THEN 'three_way' ELSE 'one_to_one' END,
                CASE WHEN mod(g, 5) = 0 THEN 'Jo Bell' ELSE '' END,
                CASE WHEN mod(g, 5) = 0 THEN 'Renew drug and alcohol service' ELSE '' END,
                NULL, mod(g, 17) = 0, mod(g, 3) = 0, '', 'arranged', NULL, '', '', now(), 1, false,
                false
            FROM people_person p CROSS JOIN generate_series(0, %s - 1) AS g
            WHERE p.case_manager_id IS NOT NULL
            LIMIT %s
            """,
            [weeks, target],
        )
        cursor.execute(
            f"""
            INSERT INTO appointments_outcome (
                id, appointment_id, outcome, absence_reason, actual_minutes, attended_by,
                conversation, actions_agreed, referrals_made, recorded_by_id, recorded_at, version)
            SELECT gen_random_uuid(), a.id, a.outcome,
                CASE WHEN a.outcome = 'acceptable_absence' THEN 'medical' ELSE '' END,
                CASE WHEN a.outcome IN {ATTENDED} THEN 40 END, '', '', '', '',
                a.staff_id, a.starts_at + interval '2 hours', 1
            FROM (
                SELECT id, staff_id, starts_at, {OUTCOME_SQL} AS outcome
                FROM (
                    SELECT id, staff_id, starts_at, random() AS r FROM appointments_appointment
                    WHERE starts_at < now() - interval '1 day'
                ) drawn
            ) a
            """  # noqa: S608 (constant SQL, no input)
        )
        for area, share in NEEDS.items():
            cursor.execute(
                f"""
                INSERT INTO appointments_needdiscussed (outcome_id, area)
                SELECT id, %s FROM appointments_outcome
                WHERE outcome IN {ATTENDED} AND random() < %s
                """,  # noqa: S608 (constant SQL)
                [area, share],
            )
        cursor.execute(
            f"""
            INSERT INTO appointments_toolused (outcome_id, tool)
            SELECT id, 'good_day_bad_day' FROM appointments_outcome
            WHERE outcome IN {ATTENDED} AND random() < 0.08
            """  # noqa: S608 (constant SQL)
        )
        # As the outcome service marks each appointment it records an outcome for.
        cursor.execute(
            """
            UPDATE appointments_appointment a
            SET has_outcome = true, absence_undecided = (o.outcome = 'failed_to_attend')
            FROM appointments_outcome o WHERE o.appointment_id = a.id
            """
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"Built {Appointment.objects.count():,} appointments in {seconds:.0f} s")
    rebuild_summaries()


def rebuild_summaries() -> None:
    """The summaries by month and by day from the records, as ``mydirection
    rebuild-summaries`` does."""
    started = time.perf_counter()
    rows = summaries.recount()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE summaries_personmonth")
        cursor.execute("ANALYZE summaries_personday")
    seconds = time.perf_counter() - started
    print(f"Rebuilt the summaries ({rows:,} rows by month and by day) in {seconds:.0f} s")


def floor(period: Period) -> Callable[[], Any]:
    """The floor for a figure over ``period``: counting the appointments in it, no more."""
    return lambda: Appointment.objects.filter(period.at("starts_at")).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appointments", type=int, default=5_000_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--aggregate-repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--build-only", action="store_true", help="build the data set, measure nothing"
    )
    parser.add_argument(
        "--figures-only", action="store_true", help="time the monitoring figures only"
    )
    parser.add_argument(
        "--no-counted",
        action="store_true",
        help="do not time the figures counted from the records (slow at 5,000,000)",
    )
    parser.add_argument(
        "--no-figures", action="store_true", help="time the pages and the panel only"
    )
    parser.add_argument(
        "--only", default="", help="time only the pages whose name contains this text"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN (ANALYZE, BUFFERS) of each monitoring figure's queries, time nothing",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run this on PostgreSQL (DATABASE_URL=postgres://...)")

    call_command("migrate", verbosity=0)
    if Person.objects.count() < args.people:
        started = time.perf_counter()
        call_command("demo_data", people=args.people, seed=args.seed)
        print(f"Built {args.people:,} people in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if Appointment.objects.count() < args.appointments:
        build(args.appointments)
    elif not PersonMonth.objects.exists():  # a data set kept from before the summaries
        rebuild_summaries()
    if args.build_only:
        return

    case_manager = (
        User.objects.filter(role=Role.CASE_MANAGER, is_active=True)
        .annotate(size=Count("appointments"))
        .order_by("-size")
        .first()
    )
    if case_manager is None:
        raise SystemExit("The data set has no case manager")
    senior = User.objects.filter(role=Role.SENIOR_CASE_MANAGER, team=case_manager.team).first()
    person = (
        Person.objects.filter(case_manager=case_manager)
        .annotate(n=Count("appointments"))
        .order_by("-n")
        .first()
    )
    if senior is None or person is None:
        raise SystemExit("The data set has no case manager with a caseload and a senior")
    cm, lead = sign_in(Client(), case_manager), sign_in(Client(), senior)
    today = timezone.localdate()
    busy_day = (
        Appointment.objects.filter(staff=case_manager, starts_at__date__gte=today)
        .values_list("starts_at", flat=True)
        .order_by("starts_at")
        .first()
    )
    day = timezone.localtime(busy_day).date().isoformat() if busy_day else today.isoformat()
    diary = reverse("appointments:diary")
    pages = [
        ("My diary, a day", cm, f"{diary}?date={day}"),
        ("My diary, a week", cm, f"{diary}?view=week&date={day}"),
        ("Team diary, a day (senior)", lead, reverse("appointments:team-diary") + f"?date={day}"),
        ("Team diary, a week (senior)", lead, reverse("appointments:team-diary") + "?view=week"),
        ("Calendar export (.ics, 9 weeks)", cm, reverse("appointments:calendar")),
        ("Person's appointments", cm, reverse("appointments:list", args=[person.pk])),
        ("Activity log (timeline)", cm, reverse("appointments:activity", args=[person.pk])),
        ("Cases needing an enforcement decision", cm, reverse("appointments:enforcement")),
        ("My caseload (with Needs attention)", cm, reverse("caseload:home")),
        ("Person overview (Needs attention)", cm, reverse("people:overview", args=[person.pk])),
    ]
    if not args.figures_only:
        chosen = [
            ("Floor: the base layout, no content", cm, use_floor()),
            *(item for item in pages if args.only.lower() in item[0].lower()),
        ]
        print(
            f"\n{Appointment.objects.count():,} appointments for "
            f"{Person.objects.count():,} people; "
            f"the case manager holds {case_manager.size:,} appointments, the person "
            f"{person.n:,}; {args.repeats} requests each, in rounds (each page once a round)\n"
        )
        print_rounds(chosen, args.repeats)

        # The panel's selectors alone (issue 20, item 1): every source, for the whole caseload.
        panel = caseload.needs_attention(case_manager)
        print(
            f"\nNeeds attention, {args.repeats} runs each: the caseload's panel has "
            f"{len(panel.to_do)} things to do for {panel.people} people\n"
        )
        print("| selector | median ms | 95th percentile ms | queries |")
        print("| --- | ---: | ---: | ---: |")
        panels: list[tuple[str, Callable[[], Any]]] = [
            (
                "Across the caseload (`needs_attention`)",
                lambda: caseload.needs_attention(case_manager),
            ),
            ("One person (`person_attention`)", lambda: caseload.person_attention(person)),
        ]
        for name, select in panels:
            median, p95, queries = timed(select, args.repeats)
            print(f"| {name} | {median:.1f} | {p95:.1f} | {queries} |", flush=True)

    if not args.no_figures:
        monitoring_figures(args, senior.team.office_id if senior.team else None)


def explain(title: str, period: str, call: Callable[[], Any]) -> None:
    """The plan PostgreSQL ran for each query of a figure, as it ran."""
    with CaptureQueriesContext(connection) as queries:
        call()
    for number, query in enumerate(queries.captured_queries, start=1):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            plan = "\n".join(line for (line,) in cursor.fetchall())
        print(f"\n### {title}, {period}: query {number}\n\n{query['sql']}\n\n{plan}", flush=True)


def monitoring_figures(args: argparse.Namespace, office: Any) -> None:
    """Every figure of the monitoring page by team over the page's default period (the last
    12 whole months), the appointment figures over other periods, and the page itself;
    each against the floors of the same run: ``count(*)`` of the period's appointments, and
    the bare page."""
    today = timezone.localdate()
    default = last_whole_months(today)
    periods = {
        "last 12 whole months (the page's default)": default,
        "the 12 months to today (two part-months)": last_12_months(today),
        "the last 30 days (no whole month)": Period(today - timedelta(days=30), today),
        "all time": Period(),
    }
    by = evaluation.Dimension
    repeats = args.aggregate_repeats
    manager = User.objects.filter(role=Role.PROGRAMME_MANAGER, is_active=True).first()
    if manager is None:
        raise SystemExit("The data set has no programme manager")
    client = sign_in(Client(), manager)
    bare_times = interleaved({"floor": getter(client, use_floor())}, args.repeats)
    bare, bare_p95 = bare_times["floor"]
    floors = {name: timed(floor(period), repeats, warmups=1)[0] for name, period in periods.items()}
    print(
        f"\nFloors: the bare page {bare:.1f} ms median ({bare_p95:.1f} ms at the 95th "
        f"percentile, {args.repeats} requests); `count(*)` of the appointments: "
        + "; ".join(f"{name} {ms:,.0f} ms" for name, ms in floors.items())
    )
    print(
        f"\nMonitoring figures, {repeats} runs each after a warm-up (ms; ratios are the "
        "median over the floor's)\n"
    )
    print(
        "| figure | period | median | 95th percentile | queries | ratio to `count(*)` "
        "| ratio to the bare page |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    rows: list[tuple[str, Callable[[], Any], str]] = [
        (
            f"{figure.title} by team",
            partial(figure.compute, by.TEAM, None, default),
            "last 12 whole months (the page's default)",
        )
        for figure in evaluation.FIGURES
        if figure.compute is not None and by.TEAM in figure.dimensions
    ]
    appointments = {
        "Attendance": evaluation.attendance,
        "Needs discussed": evaluation.needs_discussed,
        "Tools used": evaluation.tools_used,
    }
    for name, period in list(periods.items())[1:]:
        for title, compute in appointments.items():
            rows.append((f"{title} by team", partial(compute, by.TEAM, None, period), name))
    rows += [
        (
            "Attendance by month",
            partial(evaluation.attendance, by.MONTH, None, default),
            "last 12 whole months (the page's default)",
        ),
        (
            "Attendance by case manager, one office",
            partial(evaluation.attendance, by.CASE_MANAGER, office, default),
            "last 12 whole months (the page's default)",
        ),
    ]
    url = reverse("evaluation:home")
    for dimension in (by.OFFICE, by.TEAM):
        rows.append(
            (
                f"**The monitoring page**, every figure, by {dimension.value}",
                getter(client, f"{url}?by={dimension.value}" if dimension != by.OFFICE else url),
                "last 12 whole months (the page's default)",
            )
        )
    for title, call, name in rows:
        if args.only.lower() not in title.lower():
            continue
        if args.explain:
            if "monitoring page" not in title:
                explain(title, name, call)
            continue
        median, p95, queries = timed(call, repeats, warmups=1)
        print(
            f"| {title} | {name} | {median:,.0f} | {p95:,.0f} | {queries} "
            f"| {median / max(floors[name], 0.001):.1f} | {median / max(bare, 0.001):.1f} |",
            flush=True,
        )
    if args.no_counted:
        return
    counted = {
        evaluation.attendance: evaluation.counted_attendance,
        evaluation.needs_discussed: evaluation.counted_needs_discussed,
        evaluation.tools_used: evaluation.counted_tools_used,
    }
    print("\nThe same figures counted from the records, by team (ms)\n")
    print("| figure | period | median | 95th percentile |")
    print("| --- | --- | ---: | ---: |")
    for name, period in periods.items():
        for title, compute in appointments.items():
            median, p95, _ = timed(
                partial(counted[compute], by.TEAM, None, period), repeats, warmups=1
            )
            print(f"| {title} | {name} | {median:,.0f} | {p95:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
