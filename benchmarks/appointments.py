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
the selector calls. Prints median and 95th-percentile times as Markdown tables, the pages'
with their ratio to a bare page's (the base layout through the same middleware:
``benchmarks/_floor.py``, mounted by the benchmarks only).
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

from _floor import getter, interleaved, use_floor  # noqa: E402
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
from mydirection.evaluation.period import Period, last_12_months  # noqa: E402
from mydirection.people.models import Person  # noqa: E402
from mydirection.staff.models import Role, User  # noqa: E402
from mydirection.summaries import services as summaries  # noqa: E402
from mydirection.summaries.models import PersonMonth  # noqa: E402
from mydirection.testing import page_queries, sign_in  # noqa: E402

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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


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
    """The monthly summaries from the records, as ``mydirection rebuild-summaries`` does."""
    started = time.perf_counter()
    rows = summaries.recount()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE summaries_personmonth")
    seconds = time.perf_counter() - started
    print(f"Rebuilt the summaries ({rows:,} person-months) in {seconds:.0f} s")


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
    parser.add_argument("--figures-only", action="store_true", help="time no pages")
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
        ("Floor: the base layout, no content", cm, use_floor()),
        ("My diary, a day", cm, f"{diary}?date={day}"),
        ("My diary, a week", cm, f"{diary}?view=week&date={day}"),
        ("Team diary, a day (senior)", lead, reverse("appointments:team-diary") + f"?date={day}"),
        (
            "Team diary, a week: counts by staff and day (senior)",
            lead,
            reverse("appointments:team-diary") + f"?view=week&date={day}",
        ),
        ("Calendar export (.ics, 9 weeks)", cm, reverse("appointments:calendar")),
        ("Person's appointments", cm, reverse("appointments:list", args=[person.pk])),
        ("Activity log (timeline)", cm, reverse("appointments:activity", args=[person.pk])),
        ("Cases needing an enforcement decision", cm, reverse("appointments:enforcement")),
        ("My caseload (with Needs attention)", cm, reverse("caseload:home")),
        ("Person overview (Needs attention)", cm, reverse("people:overview", args=[person.pk])),
    ]
    print(
        f"\n{Appointment.objects.count():,} appointments for {Person.objects.count():,} people; "
        f"the case manager holds {case_manager.size:,} appointments, the person "
        f"{person.n:,}; {args.repeats} requests each\n"
    )
    print("| page | median ms | 95th percentile ms | ratio to the floor (median) | queries |")
    print("| --- | ---: | ---: | ---: | ---: |")
    # The floor (first) and the chosen pages, timed in rounds.
    chosen = (
        []
        if args.figures_only
        else [pages[0]]
        + [
            (name, client, url)
            for name, client, url in pages[1:]
            if args.only.lower() in name.lower()
        ]
    )
    reset_queries()
    counts = {name: page_queries(client, url) for name, client, url in chosen}
    times = interleaved({name: getter(client, url) for name, client, url in chosen}, args.repeats)
    for name, (median, p95) in times.items():
        ratio = median / times[pages[0][0]][0]
        print(f"| {name} | {median:.1f} | {p95:.1f} | {ratio:.1f} | {counts[name]} |", flush=True)

    # The panel's selectors alone (issue 20, item 1): every source, for the whole caseload.
    panel = caseload.needs_attention(case_manager)
    print(
        f"\nNeeds attention, {args.repeats} runs each: the caseload's panel has "
        f"{len(panel.to_do)} things to do for {panel.people} people\n"
    )
    print("| selector | median ms | 95th percentile ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    panels: list[tuple[str, Callable[[], Any]]] = [
        ("Across the caseload (`needs_attention`)", lambda: caseload.needs_attention(case_manager)),
        ("One person (`person_attention`)", lambda: caseload.person_attention(person)),
    ]
    for name, select in panels:
        median, p95, queries = timed(select, args.repeats)
        print(f"| {name} | {median:.1f} | {p95:.1f} | {queries} |", flush=True)

    office = senior.team.office_id if senior.team else None
    today = timezone.localdate()
    month, year = Period(today - timedelta(days=30), today), last_12_months(today)
    # The one monitoring module (evaluation.monitoring), as the monitoring page calls it.
    by = evaluation.Dimension
    everything = Period()
    aggregates: list[tuple[str, Callable[..., list[Any]], Any, Any, Period]] = [
        ("Attendance by office, last month", evaluation.attendance, by.OFFICE, None, month),
        (
            "Attendance by case manager, last month",
            evaluation.attendance,
            by.CASE_MANAGER,
            None,
            month,
        ),
        ("Attendance by team, last 12 months", evaluation.attendance, by.TEAM, None, year),
        (
            "Needs and plan goals discussed by team, last 12 months",
            evaluation.needs_discussed,
            by.TEAM,
            None,
            year,
        ),
        ("Tools used by team, last 12 months", evaluation.tools_used, by.TEAM, None, year),
        ("Attendance by month, last 12 months", evaluation.attendance, by.MONTH, None, year),
        ("One office by month, last 12 months", evaluation.attendance, by.MONTH, office, year),
        ("Attendance by office, all time", evaluation.attendance, by.OFFICE, None, everything),
    ]
    if args.no_figures:
        return
    # The same figures counted from the records (as before the summaries), and the floor:
    # a count of the period's appointments.
    counted = {
        evaluation.attendance: evaluation.counted_attendance,
        evaluation.needs_discussed: evaluation.counted_needs_discussed,
        evaluation.tools_used: evaluation.counted_tools_used,
    }
    print(f"\nMonitoring figures, {args.aggregate_repeats} runs each (ms)\n")
    print(
        "| figures | median | 95th percentile | queries | counted from the records, median "
        "| floor (`count(*)` of the period), median | ratio to the floor |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, figure, dimension, office_id, period in aggregates:
        median, p95, queries = timed(
            partial(figure, dimension, office_id, period), args.aggregate_repeats, warmups=1
        )
        direct = "not timed"
        if not args.no_counted:
            direct_median, _, _ = timed(
                partial(counted[figure], dimension, office_id, period),
                args.aggregate_repeats,
                warmups=1,
            )
            direct = f"{direct_median:,.0f}"
        floor_median, _, _ = timed(floor(period), args.aggregate_repeats, warmups=1)
        print(
            f"| {name} | {median:,.0f} | {p95:,.0f} | {queries} | {direct} "
            f"| {floor_median:,.0f} | {median / max(floor_median, 0.001):.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
