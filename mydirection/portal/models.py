"""The person's own way in: an account (PIN), invitations to enrol, and one-time codes.

Only hashes are stored: the PIN with Django's password hashers, the invitation token and the
session binding of a code with SHA-256 (they are long random values), and each one-time code
with the password hashers (it is short, so a fast hash could be brute-forced from a copy of
the database).
"""

import uuid

from django.conf import settings
from django.db import models


class AccountStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACTIVE = "active", "Using the app"
    LOCKED = "locked", "Locked after failed sign-ins"
    REVOKED = "revoked", "Access ended"


class PortalAccount(models.Model):
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, primary_key=True, related_name="portal_account"
    )
    status = models.CharField(
        max_length=10, choices=AccountStatus.choices, default=AccountStatus.INVITED
    )
    pin_hash = models.CharField(max_length=200, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Raised to end every session at once (revoke, lock, re-enrol): a session remembers the
    # generation it started in, and a different one signs it out.
    session_generation = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.get_status_display()


class Invitation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "Invitation"


class SignInCode(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=200)
    # SHA-256 of a random value kept in the browser's session: the code works only there.
    binding = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["account", "-created_at"])]

    def __str__(self) -> str:
        return "Sign-in code"


class MoveStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Moved"
    DECLINED = "declined", "Not moved"


class MoveRequest(models.Model):
    """The person asks, in the app, to move an appointment. Their case manager accepts it (by
    rescheduling, "asked by the person") or declines it with a note the person reads."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="move_requests"
    )
    appointment = models.ForeignKey(
        "appointments.Appointment", on_delete=models.CASCADE, related_name="move_requests"
    )
    reason = models.TextField()
    preferred_times = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=MoveStatus.choices, default=MoveStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="For the person, when it is declined")
    # The appointment that replaced the one asked about, when it was moved.
    replacement = models.ForeignKey(
        "appointments.Appointment", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment"],
                condition=models.Q(status="pending"),
                name="one_pending_move_request_per_appointment",
            )
        ]

    def __str__(self) -> str:
        return "Request to move an appointment"


class ServiceKind(models.TextChoices):
    GROUP = "group", "Group"
    TIME_BANK = "time_bank", "Time Bank exchange"
    COACHING = "coaching", "Coaching session"
    PARTNER_VENUE = "partner_venue", "At a partner venue"


class ServiceSession(models.Model):
    """A session people register their attendance at with a short code shown at the venue.
    The code works only during the session's time window."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=ServiceKind.choices)
    title = models.CharField(max_length=120)
    place = models.CharField(max_length=200)
    office = models.ForeignKey("staff.Office", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    code = models.CharField(max_length=6)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["code", "starts_at"]), models.Index(fields=["office"])]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """The person said they were there (with the code); staff confirm it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        ServiceSession, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="service_attendances"
    )
    self_registered = models.BooleanField(default=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attend_a_session_once")
        ]

    def __str__(self) -> str:
        return "Attendance"


class CodeAttempt(models.Model):
    """A wrong attendance code, kept to limit guessing (a few an hour per person)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["person", "at"])]

    def __str__(self) -> str:
        return "Wrong code"
