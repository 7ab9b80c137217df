"""Requests from people to exercise their data rights, and what was released to them.

A subject access request is tracked from its receipt to its completion, against its deadline
(one calendar month); each release of the bundle is recorded (who, when, in which form, how
many rows of each kind, what was redacted) and logged as a disclosure.
"""

import uuid

from django.conf import settings
from django.db import models

from mydirection.ledger import AppendOnly


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SubjectAccessRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    received_on = models.DateField()
    due_on = models.DateField()
    # Who asked: the person, or someone with their written authority (a solicitor).
    requester = models.CharField(max_length=200)
    # How their identity (and any authority) was checked.
    identity_checked = models.TextField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"Subject access request received {self.received_on:%d %b %Y}"


class ReleaseFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    JSON = "json", "JSON"
    CSV = "csv", "CSV files (ZIP)"


class Release(AppendOnly):
    """One release of the bundle: written once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.PROTECT, related_name="releases"
    )
    format = models.CharField(max_length=4, choices=ReleaseFormat.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # {source label: rows released}
    rows = models.JSONField(default=dict)
    # [{source, row, field, reason}]
    redactions = models.JSONField(default=list)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} released {self.at:%d %b %Y %H:%M}"
