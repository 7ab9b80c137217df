"""``mydirection restore BACKUP``: a backup (``mydirection backup``) put back into an empty
database, then the access log's chain verified against the backup's checkpoints.

mydirection restore /srv/backups/mydirection-backup-20261206T020000Z

The database DATABASE_URL names must exist and be empty, and so must the files directory
(MYDIRECTION_FILES_DIR) and the checkpoint file (MYDIRECTION_ACCESS_LOG_CHECKPOINTS). Exits with
status 1 if the manifest does not match, if anything is already there, or if the restored access
log does not verify. Needs PostgreSQL's ``pg_restore`` on PATH. See docs/operations.md.
"""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mydirection.backups import BackupError, restore
from mydirection.wording import counted


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database, files directory and checkpoint file, then "
        "verify the access log's chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the backup's directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = restore(options["backup"])
        except BackupError as error:
            raise CommandError(f"Nothing restored: {error}.") from None
        self.stdout.write(
            f"Restored {counted(restored.tables, 'table')}, "
            f"{counted(restored.files, 'uploaded file')} and "
            f"{counted(restored.checkpoints, 'access-log checkpoint')}."
        )
        call_command("verify_access_log", stdout=self.stdout, stderr=self.stderr)
