"""``mydirection import-reoffending --csv FILE --by USERNAME``: import reoffending events.

All or nothing: on any bad row nothing is saved, every problem is listed by row number on
stderr and the command ends with exit code 2, never a traceback.
"""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mydirection.csvimport import NotText
from mydirection.evaluation.models import DEFAULT_SOURCE
from mydirection.evaluation.reoffending import import_reoffending_csv
from mydirection.staff.models import User

USAGE_EXIT = 2


class Command(BaseCommand):
    help = (
        "Import proven reoffending events from a CSV file with the columns case_reference, "
        "offence_date (YYYY-MM-DD or DD/MM/YYYY) and offence_category. All rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True, help="the CSV file to import")
        parser.add_argument(
            "--by", required=True, metavar="USERNAME", help="the member of staff importing it"
        )
        parser.add_argument("--source", default=DEFAULT_SOURCE, help="where the extract came from")

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
        path = Path(options["csv"])
        try:
            with path.open("rb") as file:
                result = import_reoffending_csv(by=user, file=file, source=options["source"])
        except OSError as exc:
            self._fail([f"error: cannot read {path}: {exc.strerror}"])
            return
        except NotText:
            self._fail([f"error: {path} is not a UTF-8 text file"])
            return
        if not result.ok:
            self._fail([f"error: {result.summary()}", *(str(e) for e in result.errors)])
            return
        self.stdout.write(result.summary())
