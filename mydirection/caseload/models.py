"""Allocation of people to case managers, and the handover that travels with a case."""

import uuid

from django.conf import settings
from django.db import models


class Allocation(models.Model):
    """One period in which a case manager held a person's case.

    The current allocation has no ``ended_at``; at most one per person (a constraint).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="allocations"
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_allocation",
            )
        ]
        indexes = [models.Index(fields=["person", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.case_manager} from {self.started_at:%d %b %Y}"


class Handover(models.Model):
    """What a case manager passes on when a case moves, so nobody repeats their story.

    The new case manager sees it first, until they say they have read it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    allocation = models.OneToOneField(Allocation, on_delete=models.CASCADE, related_name="handover")
    what_matters = models.TextField("What matters to the person")
    key_history = models.TextField("Key history")
    open_actions = models.TextField("Open actions", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Handover to {self.allocation.case_manager}"
