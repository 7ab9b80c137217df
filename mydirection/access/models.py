"""Restricted cases and the access log.

Restrictions follow nDelius's "limited access": an *exclusion* bars named users from a case;
a *restriction* allows only named users. Each may end on a date and carries the message a
denied user sees.
"""

import uuid

from django.conf import settings
from django.db import models

from mydirection.staff.models import Role


class Exclusion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(
        default="You have been excluded from this case. Speak to your line manager if you "
        "think you need access."
    )
    reason = models.TextField(help_text="Why, for the record. Not shown to the excluded user")
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "person"])]

    def __str__(self) -> str:
        return f"{self.user} excluded"


class Restriction(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="restriction"
    )
    allowed_users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    message = models.TextField(
        default="This case is restricted to named staff. Speak to your line manager if you "
        "think you need access."
    )
    reason = models.TextField(help_text="Why, for the record. Not shown to other users")
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "Restricted case"


class Operation(models.TextChoices):
    """The processing operations of the Data Protection Act 2018, section 62."""

    COLLECT = "collect", "Collection"
    ALTER = "alter", "Alteration"
    CONSULT = "consult", "Consultation"
    DISCLOSE = "disclose", "Disclosure"
    COMBINE = "combine", "Combination"
    ERASE = "erase", "Erasure"
    DENY = "deny", "Access refused"


class AccessLogEntry(models.Model):
    """One append-only, hash-chained entry of the access log.

    No foreign keys with cascades: entries outlive the users and people they name, and on
    PostgreSQL a trigger refuses UPDATE and DELETE. ``entry_hash`` covers every field and the
    previous entry's hash, so any later change breaks the chain from that entry on.
    Details hold identifiers and field names only, never special-category content.
    """

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    operation = models.CharField(max_length=10, choices=Operation.choices)
    actor_id = models.UUIDField(null=True, blank=True, db_index=True)
    actor_name = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    # Set when the person on probation acted themselves, in the app (actor_id is then empty).
    actor_person_id = models.UUIDField(null=True, blank=True)
    subject_id = models.UUIDField(null=True, blank=True)
    # A keyed hash of the subject's id: it still links entries after a person is erased.
    subject_key = models.CharField(max_length=64, blank=True)
    what = models.CharField(max_length=200)
    relation = models.CharField(max_length=20, blank=True)
    justification = models.TextField(blank=True)
    recipients = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["subject_id", "-id"])]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.operation} {self.what}"

    @property
    def actor_role_label(self) -> str:
        labels = dict(Role.choices) | {
            "system": "MyDirection",
            "person": "Person on probation (in the app)",
        }
        return str(labels.get(self.actor_role, self.actor_role))

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS.get(self.relation, self.relation)


# How the person who opened a record stood to it, in words for the access log page.
RELATION_LABELS = {
    "case_manager": "holds the case",
    "team_manager": "manages the team",
    "team": "same team",
    "data_protection": "data protection",
    "time_bank": "a member of the same Time Bank",
    "import": "imported the record",
}
