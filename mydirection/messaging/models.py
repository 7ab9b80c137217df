"""Secure two-way messages between a person on probation and whoever holds their case.

The thread belongs to the person, not to a case manager: after reallocation the new case
manager sees it all, and the old one loses it through the access policy. Each side has its
own read receipt. A message from the person that suggests a risk of harm is flagged for a
member of staff to check; nothing is done automatically and the person is not told.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PersonMessage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="thread_messages"
    )
    # The author: the person themself, or a member of staff (by_user).
    from_person = models.BooleanField()
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # Read receipts, one per side: the person reads staff messages, staff read the person's.
    read_by_person_at = models.DateTimeField(null=True, blank=True)
    read_by_staff_at = models.DateTimeField(null=True, blank=True)
    read_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Words suggesting a risk of harm: for a member of staff to check, never acted on alone.
    flagged = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["person", "created_at"]),
            models.Index(
                fields=["person"],
                condition=models.Q(from_person=True, read_by_staff_at__isnull=True),
                name="messaging_unread_by_staff",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_person=True, by_user__isnull=True)
                | models.Q(from_person=False, by_user__isnull=False),
                name="message_has_one_author",
            )
        ]

    def __str__(self) -> str:
        return "Message"
