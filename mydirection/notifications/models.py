"""The ledger of messages sent to people on probation, and how they want to be contacted.

A ``Message`` records what was (or would have been) sent to whom and what became of it. Its
personalisation holds what the template needs (a first name, a date, a link), never case
details: texts and e-mails can be read by anyone holding the phone.
"""

import uuid

from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"


class Purpose(models.TextChoices):
    APPOINTMENT_REMINDER = "appointment_reminder", "Appointment reminder"
    PORTAL_INVITATION = "portal_invitation", "Invitation to the app"
    SIGN_IN_CODE = "sign_in_code", "Sign-in code"
    NEW_MESSAGE = "new_message", "New message"
    # Sent by a volunteer (through the system, never their own phone) to the people taking
    # part in a group session they help to run.
    SESSION_REMINDER = "session_reminder", "Group session reminder"
    # A storyteller told that their story helped change the service ("you said, we did").
    CHANGE_FROM_STORIES = "change_from_stories", "A change from your story"


# Purposes the person may switch off. Sign-in codes and invitations are asked for.
OPTIONAL_PURPOSES = (
    Purpose.APPOINTMENT_REMINDER,
    Purpose.NEW_MESSAGE,
    Purpose.SESSION_REMINDER,
    Purpose.CHANGE_FROM_STORIES,
)


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    DELIVERED = "delivered", "Delivered"
    TEMPORARY_FAILURE = "temporary_failure", "Failed: will try again"
    PERMANENT_FAILURE = "permanent_failure", "Failed: not sent"
    CANCELLED = "cancelled", "Cancelled"
    OPTED_OUT = "opted_out", "Not sent: opted out"
    NO_CONTACT_DETAILS = "no_contact_details", "Not sent: no contact details"
    # Not sent because it would have been too late: its appointment had started, or the
    # person's contact hours left no time before it. ``last_error`` says which.
    EXPIRED = "expired", "Not sent: too late"


# Statuses after which nothing more will happen to a message.
FINAL_STATUSES = (
    Status.DELIVERED,
    Status.PERMANENT_FAILURE,
    Status.CANCELLED,
    Status.OPTED_OUT,
    Status.NO_CONTACT_DETAILS,
    Status.EXPIRED,
)
PENDING_STATUSES = (Status.QUEUED, Status.TEMPORARY_FAILURE)


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    recipient = models.CharField(max_length=254, blank=True)
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    template = models.CharField(max_length=60)
    personalisation = models.JSONField(default=dict, blank=True)
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    send_after = models.DateTimeField(null=True, blank=True)
    # Never sent at or after this (a reminder: the start of its appointment).
    expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    notify_id = models.CharField(max_length=64, blank=True)
    # When it was queued: now, unless the record is older than its entry (the demo's ledger).
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.get_status_display()})"

    @property
    def is_failed(self) -> bool:
        return self.status in (Status.TEMPORARY_FAILURE, Status.PERMANENT_FAILURE)


class ContactPreferences(models.Model):
    """How the person wants to hear from us. One row per person, made when first changed."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, primary_key=True, related_name="notifications"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    reminders_opted_out = models.BooleanField(default=False)
    earliest_hour = models.PositiveSmallIntegerField(default=8)
    latest_hour = models.PositiveSmallIntegerField(default=20)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "contact preferences"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(earliest_hour__lt=models.F("latest_hour"))
                & models.Q(latest_hour__lte=23),
                name="contact_window_in_order",
            )
        ]

    def __str__(self) -> str:
        return "Contact preferences"
