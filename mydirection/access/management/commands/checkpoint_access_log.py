"""``mydirection checkpoint-access-log``: write a checkpoint of the access log's head now.

mydirection checkpoint-access-log              # one checkpoint, now (by hand, or from cron)
mydirection checkpoint-access-log --schedule   # and make sure the worker takes one every hour

The task worker takes checkpoints by itself every ``MYDIRECTION_ACCESS_LOG_CHECKPOINT_EVERY``
entries; ``--schedule`` starts its hourly ones (``make demo`` runs it before the worker starts;
run it at every deployment). See ``mydirection/access/checkpoints.py``.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mydirection.access import checkpoints


class Command(BaseCommand):
    help = "Write a checkpoint of the access log's head, and with --schedule start hourly ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the worker's hourly checkpoint, unless one is already waiting",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = checkpoints.take()
        if checkpoint is None:
            self.stdout.write("The access log is empty: nothing to anchor yet.")
        else:
            self.stdout.write(
                f"Checkpoint written to {checkpoints.path()}: the head is entry "
                f"{checkpoint.id}, of {checkpoint.entries}."
            )
        if options["schedule"]:
            queued = checkpoints.schedule_hourly()
            waiting = "queued" if queued else "already queued"
            self.stdout.write(f"The worker's hourly checkpoint is {waiting}.")
