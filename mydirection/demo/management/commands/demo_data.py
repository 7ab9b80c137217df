"""``mydirection demo-data``: load the demo data and print the demo sign-ins.

mydirection demo-data                      # the demo calibrated to the pilot
mydirection demo-data --if-empty           # the same, unless people are already loaded
mydirection demo-data --people 250000 --seed 7   # a large data set for benchmarks
"""

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import connection

from mydirection.demo import signins
from mydirection.demo.load import DEFAULT_SEED, LoadResult, load_calibrated, load_large
from mydirection.demo.organisation import PERSONAS
from mydirection.demo.signins import DEFAULT_ADDRESS
from mydirection.people.models import Person
from mydirection.staff.models import User

MIN_PEOPLE = 200


class ProgressBar:
    """A plain-text progress bar redrawn on one line of standard error."""

    def __init__(self, stream: OutputWrapper, label: str = "People", width: int = 30) -> None:
        self.stream = stream
        self.label = label
        self.width = width
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        filled = round(self.width * done / total) if total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r{self.label} [{bar}] {100 * done / max(total, 1):3.0f}%  "
            f"{done:,} of {total:,}  {elapsed:.1f} s",
            ending="\n" if done >= total else "",
        )
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Load the demo data (calibrated to the pilot's figures, or with --people a large data "
        "set for benchmarks) and print the demo sign-ins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed: the same seed gives the same data (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when there are no people yet; otherwise just print the sign-ins.",
        )
        parser.add_argument(
            "--people",
            type=int,
            default=None,
            metavar="N",
            help=f"Build a large data set of N people (at least {MIN_PEOPLE}), about 40 a "
            "case manager, instead of the calibrated demo.",
        )

        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            metavar="W",
            help="With --people: processes writing batches at once (default: up to 4 on "
            "PostgreSQL, 1 on SQLite).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded into a production service.")
        people: int | None = options["people"]
        if people is not None and people < MIN_PEOPLE:
            raise CommandError(f"--people must be at least {MIN_PEOPLE}.")
        path = signins.sheet_path()
        existing = Person.objects.count()
        if existing:
            self._print_sign_ins()
            if options["if_empty"]:
                self.stdout.write(f"\nThe demo data is already loaded ({existing:,} people).")
                self._print_address()
                return
            raise CommandError(
                f"The database already holds {existing:,} people, so nothing was loaded. "
                "Start from an empty database, or use --if-empty."
            )

        password = signins.password_for_load(path)
        started = time.monotonic()
        result: LoadResult
        if people is None:
            result = load_calibrated(
                seed=options["seed"],
                password=password,
                address=_address(),
                pin=signins.pin_for_load(path),
            )
        else:
            result = load_large(
                people=people,
                seed=options["seed"],
                password=password,
                progress=ProgressBar(self.stderr),
                workers=options["workers"],
            )
        if connection.vendor == "postgresql":
            # Fresh planner statistics: until autovacuum gets round to the new rows (or, in a
            # test's transaction, never) PostgreSQL plans as if the tables were empty, and a
            # cohort's IN (SELECT DISTINCT ...) becomes a nested loop taking minutes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        signins.write(path, signins.Sheet(password, tuple(result.sign_ins), result.app_sign_in))

        groups = "; ".join(f"{label}: {size:,}" for label, size in result.groups.items())
        self.stdout.write(
            f"Loaded {result.people:,} people and {result.staff:,} staff in {seconds:.1f} s "
            f"(seed {options['seed']}).\n  {groups}\n"
        )
        for note in result.notes:
            self.stdout.write(f"  {note}\n")
        self._print_sign_ins()
        self._print_address()

    def _print_sign_ins(self) -> None:
        path = signins.sheet_path()
        sheet = signins.read(path)
        if sheet is None:
            self.stdout.write(
                f"The demo sign-ins are not known: {path} is missing. Set a password with "
                "`mydirection changepassword USERNAME`."
            )
            return
        usernames = {s.username for s in sheet.sign_ins}
        found = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        if found != usernames:
            self.stdout.write(
                f"The demo sign-ins in {path} do not match this database's staff: it was loaded "
                "some other way."
            )
            return
        self.stdout.write(
            "\nDemo sign-ins. Every demo member of staff has this password; in the demo the "
            "second-factor page shows the current code.\n"
        )
        self.stdout.write(signins.table(sheet))
        if sheet.app is not None:
            self.stdout.write("\n" + signins.app_line(sheet.app, _address()))
        self.stdout.write(
            f"\n(Also in {path}. {len(PERSONAS)} personas listed; every other member of staff "
            "has the same password.)"
        )

    def _print_address(self) -> None:
        self.stdout.write(f"\nOpen http://{_address()} in a browser once the server is running.")


def _address() -> str:
    """Where `make demo` serves (scripts/demo.sh sets MYDIRECTION_DEMO_ADDRESS)."""
    return os.environ.get("MYDIRECTION_DEMO_ADDRESS") or DEFAULT_ADDRESS
