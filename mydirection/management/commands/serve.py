"""``mydirection serve``: MyDirection under gunicorn, for the demo and production alike.

mydirection serve                            # settings from the environment (mydirection.serving)
mydirection serve --bind 127.0.0.1:8001 --workers 3 --threads 4

The task worker is its own process (``mydirection db_worker``). Static files are served by
WhiteNoise from STATIC_ROOT, so run ``mydirection collectstatic`` after each deployment.
"""

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

# Command-line options and the environment variables they set for mydirection.serving.
OPTIONS = {
    "bind": "MYDIRECTION_BIND",
    "workers": "MYDIRECTION_WORKERS",
    "threads": "MYDIRECTION_THREADS",
}


class Command(BaseCommand):
    help = "Serve MyDirection with gunicorn (workers, threads and timeouts from the environment)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", help="Address to listen on (MYDIRECTION_BIND).")
        parser.add_argument("--workers", type=int, help="Worker processes (MYDIRECTION_WORKERS).")
        parser.add_argument("--threads", type=int, help="Threads per worker (MYDIRECTION_THREADS).")

    def handle(self, *args: Any, **options: Any) -> None:
        for option, variable in OPTIONS.items():
            if options[option] is not None:
                os.environ[variable] = str(options[option])
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mydirection.settings")
        # gunicorn in place of this process: its arbiter then gets the signals (Ctrl-C, a
        # service manager's TERM) directly, and no Django state is carried into its workers.
        command = [sys.executable, "-m", "gunicorn", "--config", "python:mydirection.gunicorn_conf"]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, command)  # noqa: S606  (a fixed command, no shell)
