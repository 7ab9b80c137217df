"""API tokens: a bearer secret that acts as its owner, for some scopes, until it expires.

Only the secret's SHA-256 is kept; the secret itself is shown once, when it is made. The
prefix (the secret's first characters after ``mdt_``) finds the row; the hash is then compared
in constant time (``tokens.matches``).
"""

import uuid

from django.conf import settings
from django.db import models


class Scope(models.TextChoices):
    READ_PEOPLE = "read:people", "Read people (name, case reference, team, case manager)"
    READ_PLANS = "read:plans", "Read plans (goals and steps)"
    READ_APPOINTMENTS = "read:appointments", "Read appointments"
    READ_REFERRALS = "read:referrals", "Read referrals to interventions"


class ApiToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, help_text="What the token is for")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    scopes = models.JSONField(default=list)
    # The secret's first characters, to find the row and to name the token on screen.
    prefix = models.CharField(max_length=16, unique=True)
    # SHA-256 of the whole secret, hex. The secret itself is never stored.
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Empty when made by a command",
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (mdt_{self.prefix})"
