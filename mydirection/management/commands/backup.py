"""``mydirection backup DIRECTORY``: the database, the uploaded files and the access log's
checkpoints, into a new dated directory under DIRECTORY, with a manifest of SHA-256 sums.

mydirection backup /srv/backups/mydirection     # prints the new directory's path

See ``mydirection/backups.py`` for what is in it and why in that order, and docs/operations.md
for where to keep it. Needs PostgreSQL's ``pg_dump`` (of the server's version or newer) on PATH.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mydirection.backups import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump), the uploaded files and the access log's checkpoints "
        "into a new dated directory, with a manifest of SHA-256 sums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="where to make the backup's directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            target = back_up(options["directory"])
        except BackupError as error:
            raise CommandError(f"No backup made: {error}.") from None
        self.stdout.write(str(target))
