"""Changes to staff accounts, made by an administrator. Each is logged (no case content)."""

import secrets
from collections.abc import Callable, Collection
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.staff.models import Training, User

ACCOUNT_FIELDS = (
    "first_name",
    "last_name",
    "username",
    "email",
    "role",
    "team",
    "organisation",
    "job_title",
)


def temporary_password() -> str:
    """Four groups of four: easy to read out, about 80 bits of randomness."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


@transaction.atomic
def add_staff(*, actor: StaffActor, details: dict[str, Any]) -> tuple[User, str]:
    """Create an account; returns it with a temporary password to pass on in person."""
    password = temporary_password()
    user = User(**{key: details[key] for key in ACCOUNT_FIELDS if key in details})
    user.set_password(password)
    user.full_clean()
    user.save(force_insert=True)
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Staff account added",
        details={"user": str(user.pk), "role": user.role},
    )
    return user, password


def _end_sessions(user: User) -> int:
    """End every session of ``user`` (a switched-off account must stop working at once)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def change_staff(*, actor: StaffActor, user: User, changes: dict[str, Any]) -> User:
    stored = User.objects.get(pk=user.pk)
    changed = [key for key, value in changes.items() if getattr(stored, key) != value]
    for key in changed:
        setattr(stored, key, changes[key])
    stored.full_clean()
    stored.save()
    if "is_active" in changed and not stored.is_active:
        _end_sessions(stored)
    if changed:
        record(
            actor=actor,
            operation=Operation.ALTER,
            what="Staff account changed",
            details={"user": str(stored.pk), "fields": sorted(changed)},
        )
    return stored


@transaction.atomic
def reset_authenticator(*, actor: StaffActor, user: User) -> None:
    """For a lost or replaced phone: remove the app's key and end every session.

    At their next sign-in they set up the authenticator again, after their password.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    _end_sessions(user)
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Authenticator app reset",
        details={"user": str(user.pk)},
    )


# Called with the members of staff whose training was added or taken away, and the day of
# that training (their appointments before it are unchanged: whoever was trained by then
# still was), inside that change's transaction. The monitoring summaries (a layer above
# staff, which may not be imported here) register theirs in ``SummariesConfig.ready``, as
# apps register their tabs with ``people.record``: the trained counts follow the training in
# the same transaction.
TrainingListener = Callable[[Collection[UUID], date], None]
_TRAINING_LISTENERS: list[TrainingListener] = []


def on_training_changed(listener: TrainingListener) -> None:
    """Call ``listener`` whenever training is added or taken away (once: ``ready`` may run
    twice)."""
    if listener not in _TRAINING_LISTENERS:
        _TRAINING_LISTENERS.append(listener)


def training_changed(user_ids: Collection[UUID], since: date) -> None:
    """Tell the listeners, in the caller's transaction, whose training changed, from the
    day ``since`` (the earliest training day added or taken away)."""
    if user_ids:
        for listener in _TRAINING_LISTENERS:
            listener(user_ids, since)


@transaction.atomic
def record_training(*, actor: StaffActor, user: User, course: str, completed_on: date) -> Training:
    training, created = Training.objects.get_or_create(
        user=user, course=course, completed_on=completed_on
    )
    if created:
        training_changed([user.pk], since=completed_on)
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Training recorded",
        details={"user": str(user.pk), "course": course},
    )
    return training
