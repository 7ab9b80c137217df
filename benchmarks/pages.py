"""Server time of the caseload and person pages at scale.

Usage (PostgreSQL, as in production):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/pages.py --people 250000

Builds the data set once with ``mydirection demo-data --people N`` (skipped when the database
already holds that many people), then requests each page through Django's full request
handling (middleware, access policy, access log, templates, database) in this process and
prints the median and 95th-percentile times as a Markdown table, each with its ratio to the
floor measured in the same run: a bare page rendering the base layout through the same
middleware (``benchmarks/_floor.py``, mounted by this script only).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mydirection.settings")

import django

django.setup()

from _floor import print_rounds, use_floor  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from mydirection.people.models import Person  # noqa: E402
from mydirection.staff.models import Role, User  # noqa: E402
from mydirection.testing import sign_in  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=250_000)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if Person.objects.count() < args.people:
        started = time.perf_counter()
        call_command("demo_data", people=args.people, seed=args.seed)
        print(f"Built {args.people:,} people in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        # Fresh bulk loads have no planner statistics until autovacuum gets to them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    case_manager = (
        User.objects.filter(role=Role.CASE_MANAGER, is_active=True)
        .annotate(size=Count("caseload"))
        .order_by("-size")
        .first()
    )
    if case_manager is None:
        raise SystemExit("The data set has no case manager")
    senior = User.objects.filter(role=Role.SENIOR_CASE_MANAGER, team=case_manager.team).first()
    person = Person.objects.filter(case_manager=case_manager).first()
    if senior is None or person is None:
        raise SystemExit("The data set has no case manager with a caseload and a senior")
    cm_client = sign_in(Client(), case_manager)
    senior_client = sign_in(Client(), senior)

    pages = [
        ("Floor: the base layout, no content", cm_client, use_floor()),
        ("My caseload", cm_client, reverse("caseload:home")),
        ("My caseload, sorted by order end", cm_client, reverse("caseload:home") + "?sort=-end"),
        ("Team caseload (senior)", senior_client, reverse("caseload:team")),
        ("Search by surname", cm_client, reverse("caseload:search") + f"?q={person.last_name[:3]}"),
        ("Person overview", cm_client, reverse("people:overview", args=[person.pk])),
        ("Personal details", cm_client, reverse("people:details", args=[person.pk])),
        ("History", cm_client, reverse("people:history", args=[person.pk])),
        ("Allocation", cm_client, reverse("caseload:allocation", args=[person.pk])),
    ]
    people = Person.objects.count()
    print(
        f"\n{people:,} people on {connection.vendor}; caseload of {case_manager.size}; "
        f"{args.repeats} requests each, in rounds (each page once a round)\n"
    )
    print_rounds(pages, args.repeats, warmups=5)


if __name__ == "__main__":
    main()
