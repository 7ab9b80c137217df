"""Make an API token for an account, typically a partner system's service account.

    mydirection create_api_token --user ndelius-bridge --name "nDelius bridge" \\
        --scope read:people --scope read:appointments --days 90

The secret is printed once; only its hash is kept.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mydirection.access.actor import SYSTEM
from mydirection.api import services, tokens
from mydirection.api.models import Scope
from mydirection.staff.models import User


class Command(BaseCommand):
    help = "Make an API token for an account (its secret is printed once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The account's username")
        parser.add_argument("--name", required=True, help="What the token is for")
        parser.add_argument(
            "--scope",
            action="append",
            choices=Scope.values,
            required=True,
            help="What it may read (repeat for more than one)",
        )
        parser.add_argument(
            "--days", type=int, default=tokens.MAX_DAYS, help="How long it lasts (at most 90)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = User.objects.filter(username=options["user"]).first()
        if owner is None:
            raise CommandError(f"No account {options['user']!r}")
        try:
            token, secret = services.create_token(
                actor=SYSTEM,
                owner=owner,
                name=options["name"],
                scopes=options["scope"],
                days=options["days"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Token '{token.name}' for {owner.username}, until {token.expires_at:%Y-%m-%d}."
        )
        self.stdout.write("Keep it now: it is not shown again.")
        self.stdout.write(secret)
