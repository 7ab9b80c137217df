"""``mydirection find-expired``: propose for erasure the people past their retention period.

mydirection find-expired              # one run, now (by hand, or from cron)
mydirection find-expired --schedule   # and make sure the task worker runs it every day

Each person proposed waits on the data protection officer's review list (/data-rights/
erasure/) to be confirmed or held; nothing of theirs is erased until then. App sign-in codes
past their period are deleted by the same run. ``make demo`` runs ``--schedule`` before the
worker starts; run it at every deployment. The periods: ``mydirection/rights/rules.py`` and
the setting ``MYDIRECTION_RETENTION``.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mydirection.rights import retention, tasks
from mydirection.wording import counted


class Command(BaseCommand):
    help = "Propose for erasure the people past their retention period; --schedule runs it daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the worker's daily run, unless one is already waiting",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = retention.find_expired()
        self.stdout.write(
            f"{counted(len(found.proposed), 'person', 'people')} proposed for erasure: "
            "review them at /data-rights/erasure/."
        )
        for record_type, deleted in found.deleted.items():
            self.stdout.write(
                f"{record_type}: {counted(deleted, 'row')} past their period deleted."
            )
        if options["schedule"]:
            queued = tasks.schedule_daily()
            waiting = "queued" if queued else "already queued"
            self.stdout.write(f"The worker's daily run is {waiting}.")
