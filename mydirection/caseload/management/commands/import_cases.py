"""``mydirection import-cases --csv FILE --by USERNAME``: import a case-management extract.

People on probation, their orders, requirements and allocations (``caseload.importing``
says the columns). All or nothing: on any bad row nothing is saved, every problem is listed
by row and column on stderr and the command ends with exit code 2, never a traceback. A
progress bar on stderr while it checks and saves; the summary on stdout.
"""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from mydirection.access.policy import Capability, may
from mydirection.caseload.importing import import_cases
from mydirection.csvimport import NotText
from mydirection.staff.models import User

USAGE_EXIT = 2
BAR_WIDTH = 30


class ProgressBar:
    """A one-line bar on a terminal, redrawn in place: "Checking [#####.....]  50% 10/20".
    Not a terminal (a log file, a test): one line per stage when it completes."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.shown = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if not self.live and done < total:
            return
        if self.live and percent == self.shown and done < total:
            return
        self.shown = percent
        filled = BAR_WIDTH * percent // 100
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        line = f"{stage:<8} [{bar}] {percent:3d}% {done}/{total}"
        self.stream.write(f"\r{line}" if self.live else line, ending="")
        if done >= total:
            self.stream.write("")
            self.shown = -1
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import people on probation, their orders, requirements and allocations from a "
        "case-management extract (CSV, one row per requirement: see docs/importing-cases.md). "
        "All rows or none; importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True, help="the CSV file to import")
        parser.add_argument(
            "--by",
            required=True,
            metavar="USERNAME",
            help="the member of staff importing it (an administrator)",
        )

    def _fail(self, lines: list[str]) -> None:
        if getattr(self, "_called_from_command_line", False):
            for line in lines:
                self.stderr.write(line)
            sys.exit(USAGE_EXIT)
        raise CommandError("\n".join(lines), returncode=USAGE_EXIT)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["by"], is_active=True).first()
        if user is None:
            self._fail([f"error: no active member of staff has the username {options['by']}"])
            return
        if not may(user, Capability.IMPORT_CASES):
            self._fail([f"error: {user.username} may not import cases (an administrator may)"])
            return
        path = Path(options["csv"])
        try:
            with path.open("rb") as file:
                result = import_cases(by=user, file=file, progress=ProgressBar(self.stderr))
        except OSError as exc:
            self._fail([f"error: cannot read {path}: {exc.strerror}"])
            return
        except NotText:
            self._fail([f"error: {path} is not a CSV file (UTF-8 text)"])
            return
        if not result.ok:
            self._fail([f"error: {result.summary()}", *(str(e) for e in result.errors)])
            return
        for note in result.notes:
            self.stderr.write(f"note: {note}")
        self.stdout.write(result.summary())
