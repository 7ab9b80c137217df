"""Tokens and calls for the API's tests."""

from typing import Any

from django.test import Client

from mydirection.access.actor import SYSTEM
from mydirection.api import services
from mydirection.api.models import ApiToken, Scope
from mydirection.staff.models import User


def a_token(
    user: User, scopes: list[str] | None = None, days: int = 30, name: str = "Partner system"
) -> tuple[ApiToken, str]:
    return services.create_token(
        actor=SYSTEM, owner=user, name=name, scopes=scopes or list(Scope.values), days=days
    )


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def call(secret: str | None, url: str, **query: Any) -> Any:
    """GET ``url`` as the API's client would: no session, the token in the header."""
    headers = bearer(secret) if secret else {}
    return Client().get(url, query, headers=headers)
