"""``mydirection rebuild-summaries``: count the monitoring summaries again from the records."""

from typing import Any

from django.core.management.base import BaseCommand

from mydirection.summaries.models import PersonDay, PersonMonth
from mydirection.summaries.services import recount


class Command(BaseCommand):
    help = (
        "Count the summaries by month and by day the monitoring figures read (attendance, "
        "absences, needs, goals, tools, conversations) again from the records. Safe to run "
        "again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        recount()
        months, days = PersonMonth.objects.count(), PersonDay.objects.count()
        self.stdout.write(f"Summaries rebuilt: {months} person-months, {days} person-days.")
