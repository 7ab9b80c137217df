from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mydirection.access.log import verify_chain


class Command(BaseCommand):
    help = "Check the access log's hash chain and name the first entry that breaks it."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"The access log is broken at entry {report.first_broken_id}: {report.problem}. "
                f"{report.checked} entries before it are intact."
            )
        self.stdout.write(f"The access log is intact: {report.checked} entries checked.")
