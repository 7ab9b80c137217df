"""The ``mydirection`` command: Django's management commands under the product's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mydirection.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        # The product's own commands are spelt with hyphens: demo-data, verify-access-log.
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["mydirection", *args])


if __name__ == "__main__":
    main()
