"""``mydirection verify-access-log``: check the access log's chain against its checkpoints.

mydirection verify-access-log                           # the checkpoint file in the settings
mydirection verify-access-log --checkpoints server.log  # and lines collected from a server log

Exits with status 1, naming the first bad entry, when an entry was changed, removed or
inserted, or the newest entries were cut off.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mydirection.access import checkpoints
from mydirection.access.log import verify_chain


def counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def entries(count: int) -> str:
    return counted(count, "entry", "entries")


class Command(BaseCommand):
    help = (
        "Check the access log's hash chain against its checkpoints and name the first entry "
        "that breaks it, or the newest entries cut off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            action="append",
            type=Path,
            default=[],
            metavar="FILE",
            help="another file of checkpoints, such as the server log's 'access log checkpoint' "
            "lines from wherever it is collected (may be given more than once)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sources = [checkpoints.path(), *options["checkpoints"]]
        try:
            anchors = checkpoints.read_all(sources)
        except checkpoints.CheckpointError as error:
            raise CommandError(f"A checkpoint cannot be read: {error}.") from None
        report = verify_chain(anchors)
        if not report.intact:
            verb = "is" if report.checked == 1 else "are"
            raise CommandError(
                f"The access log is broken at entry {report.first_broken_id}: {report.problem}. "
                f"{entries(report.checked)} before it {verb} intact."
            )
        newest = report.newest_checkpoint
        if newest is None:
            self.stdout.write(
                f"The access log's chain is intact: {entries(report.checked)} checked."
            )
            self.stderr.write(
                f"There are no checkpoints in {checkpoints.path()}, so the newest entries cut "
                "off would not show. The task worker writes them: see `mydirection "
                "checkpoint-access-log`."
            )
            return
        compared = counted(report.checkpoints, "checkpoint", "checkpoints")
        self.stdout.write(
            f"The access log is intact: {entries(report.checked)} checked against {compared}, "
            f"the newest of {newest.when} at entry {newest.id}. Written since: "
            f"{entries(report.checked - newest.entries)}, with the chain's protection alone."
        )
