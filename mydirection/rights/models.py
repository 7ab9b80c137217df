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


class ReviewStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    HELD = "held", "On hold"
    ERASED = "erased", "Erased"


# A person has at most one review that is not yet erased.
UNFINISHED = (ReviewStatus.PROPOSED, ReviewStatus.CONFIRMED, ReviewStatus.HELD)


class ErasureReview(models.Model):
    """A person whose records are past their retention period, for the data protection
    officer to confirm for erasure or hold (a legal hold, an inquiry), and then erase.

    Proposed by ``mydirection find-expired`` (the task worker, daily). After erasure it is the
    record that the erasure happened: when, by whom, on which rule and how many rows of each
    kind; it holds nothing about the person (their row is an empty shell by then).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="erasure_reviews"
    )
    # The retention period applied (a record type of the schedule), and its dates.
    record_type = models.CharField(max_length=40)
    case_ended_on = models.DateField()
    kept_until = models.DateField()
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    # The latest decision: why it was confirmed, or why it is held.
    reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(null=True, blank=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # {source label: {"deleted": n, "cleared": n, "kept": n}}
    erased_rows = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["kept_until"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=UNFINISHED),
                name="one_unfinished_erasure_review",
            )
        ]

    def __str__(self) -> str:
        return f"Erasure review ({self.get_status_display()})"


class Decision(models.TextChoices):
    CORRECTED = "corrected", "Corrected"
    NOT_CORRECTED = "not_corrected", "Not corrected"


class RectificationRequest(models.Model):
    """A person says something held about them is wrong (DPA 2018 section 46; UK GDPR article
    16): tracked from receipt to the decision, within one calendar month."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="rectification_requests"
    )
    received_on = models.DateField()
    due_on = models.DateField()
    requester = models.CharField(max_length=200)
    # What the person says is wrong, in their words, and what they say it should be.
    what_is_wrong = models.TextField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    # What was corrected, or why it was not (the person is told, and may complain to the ICO).
    decision_reason = models.TextField(blank=True)
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
        return f"Rectification request received {self.received_on:%d %b %Y}"
