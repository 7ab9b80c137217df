"""Making and revoking API tokens."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor, SystemActor
from mydirection.access.policy import Capability, may
from mydirection.api import tokens
from mydirection.api.models import ApiToken, Scope
from mydirection.staff.models import User

logger = logging.getLogger(__name__)


def create_token(
    *,
    actor: StaffActor | SystemActor,
    owner: User,
    name: str,
    scopes: list[str],
    days: int,
) -> tuple[ApiToken, str]:
    """A new token for ``owner`` and its secret, which is shown once and never kept."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter what the token is for"
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        errors["scopes"] = "Select what the token may read"
    if not 1 <= days <= tokens.MAX_DAYS:
        errors["days"] = f"A token lasts {tokens.MAX_DAYS} days at most"
    if not may(owner, Capability.USE_THE_API):
        errors["owner"] = "This account may not use the API"
    if isinstance(actor, StaffActor) and actor.user.pk != owner.pk:
        errors["owner"] = "Staff make tokens for themselves only"
    if errors:
        raise ValidationError(errors)
    made = tokens.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name.strip(),
            owner=owner,
            scopes=[scope for scope in Scope.values if scope in scopes],
            prefix=made.prefix,
            token_hash=made.hashed,
            created_by=actor.user,
            expires_at=timezone.now() + timedelta(days=days),
        )
    logger.info("API token mdt_%s made for user %s", token.prefix, owner.pk)
    return token, made.secret


def revoke_token(*, actor: StaffActor | SystemActor, token: ApiToken) -> None:
    """Stop ``token`` working from now on (already revoked: nothing changes)."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    if changed:
        logger.info("API token mdt_%s revoked by %s", token.prefix, actor.user or "a command")


def note_use(token: ApiToken) -> None:
    """Record when the token was last used (at most once a minute, to spare the database)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
