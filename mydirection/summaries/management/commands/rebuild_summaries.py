"""``mydirection rebuild-summaries``: count the monitoring summaries again from the records."""

from typing import Any

from django.core.management.base import BaseCommand

from mydirection.summaries.services import recount


class Command(BaseCommand):
    help = (
        "Count the monthly summaries the monitoring figures read (attendance, absences, "
        "needs, goals, tools, conversations) again from the records. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = recount()
        self.stdout.write(f"Summaries rebuilt: {rows} person-months.")
