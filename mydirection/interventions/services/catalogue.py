"""The programme manager's catalogue: partner organisations and interventions, and pausing or
withdrawing one. Withdrawing ends its open referrals, each with its reason in the referral's
history, so nobody's referral is lost and every case manager sees why it ended."""

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.interventions.models import (
    OPEN_STATUSES,
    Availability,
    EndReason,
    Intervention,
    Referral,
    ReferralEvent,
    Status,
)
from mydirection.staff.models import Organisation
from mydirection.versioning import save_if_unchanged
from mydirection.wording import counted

# What the catalogue's form may change (the availability has its own steps).
INTERVENTION_FIELDS = ("office", "name", "kind", "provider", "offer", "eligibility", "capacity")


def add_organisation(*, actor: StaffActor, **fields: Any) -> Organisation:
    with transaction.atomic():
        organisation = Organisation.objects.create(**fields)
        record(
            actor=actor,
            operation=Operation.COLLECT,
            what="Partner organisation",
            details={"organisation": str(organisation.pk)},
        )
    return organisation


def change_organisation(*, actor: StaffActor, organisation: Organisation, **fields: Any) -> None:
    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(**fields)
        record(
            actor=actor,
            operation=Operation.ALTER,
            what="Partner organisation",
            details={"organisation": str(organisation.pk), "fields": sorted(fields)},
        )


def add_intervention(*, actor: StaffActor, **fields: Any) -> Intervention:
    with transaction.atomic():
        intervention = Intervention.objects.create(**fields)
        record(
            actor=actor,
            operation=Operation.COLLECT,
            what="Intervention",
            details={"intervention": str(intervention.pk)},
        )
    return intervention


def change_intervention(
    *, actor: StaffActor, intervention_id: UUID, expected_version: int, **fields: Any
) -> None:
    """Raises ``StaleEdit`` when someone changed it since the form was read."""
    unknown = set(fields) - set(INTERVENTION_FIELDS)
    if unknown:
        raise ValueError(f"Not a catalogue field: {sorted(unknown)}")
    capacity = fields.get("capacity")
    with transaction.atomic():
        if capacity is not None:
            taken = Referral.objects.filter(
                intervention_id=intervention_id, status__in=OPEN_STATUSES
            ).count()
            if capacity < taken:
                raise ValidationError(
                    {
                        "capacity": f"{counted(taken, 'person has', 'people have')} open "
                        f"referrals: the capacity cannot be less than {taken}"
                    }
                )
        save_if_unchanged(
            Intervention.objects, pk=intervention_id, expected_version=expected_version, **fields
        )
        record(
            actor=actor,
            operation=Operation.ALTER,
            what="Intervention",
            details={"intervention": str(intervention_id), "fields": sorted(fields)},
        )


def pause(
    *,
    actor: StaffActor,
    intervention_id: UUID,
    expected_version: int,
    reason: str,
    until: date | None,
) -> None:
    """No new referrals until it reopens; the open ones carry on, flagged to their case
    managers and the provider."""
    if until is not None and until < timezone.localdate():
        raise ValidationError({"until": "The date the pause ends must be today or in the future"})
    _set_availability(
        actor,
        intervention_id,
        expected_version,
        availability=Availability.PAUSED,
        availability_reason=reason,
        paused_until=until,
    )


def reopen(*, actor: StaffActor, intervention_id: UUID, expected_version: int) -> None:
    _set_availability(
        actor,
        intervention_id,
        expected_version,
        availability=Availability.OPEN,
        availability_reason="",
        paused_until=None,
    )


def withdraw(
    *, actor: StaffActor, intervention_id: UUID, expected_version: int, reason: str
) -> int:
    """Withdraw it for good: its open referrals end (withdrawn if they had not started, ended
    early if they had), each with the reason in its history. Returns how many ended."""
    now = timezone.now()
    with transaction.atomic():
        _set_availability(
            actor,
            intervention_id,
            expected_version,
            availability=Availability.WITHDRAWN,
            availability_reason=reason,
            paused_until=None,
            withdrawn_on=timezone.localdate(),
        )
        open_referrals = list(
            Referral.objects.select_for_update().filter(
                intervention_id=intervention_id, status__in=OPEN_STATUSES
            )
        )
        for referral in open_referrals:
            status = Status.ENDED_EARLY if referral.status == Status.STARTED else Status.WITHDRAWN
            Referral.objects.filter(pk=referral.pk).update(
                status=status,
                end_reason=EndReason.INTERVENTION_STOPPED,
                status_note=reason,
                ended_on=timezone.localdate(),
                updated_at=now,
            )
            ReferralEvent.objects.create(
                referral=referral, status=status, note=reason, at=now, by_user=actor.user
            )
    return len(open_referrals)


def _set_availability(
    actor: StaffActor, intervention_id: UUID, expected_version: int, **values: Any
) -> None:
    with transaction.atomic():
        save_if_unchanged(
            Intervention.objects.exclude(availability=Availability.WITHDRAWN),
            pk=intervention_id,
            expected_version=expected_version,
            **values,
        )
        record(
            actor=actor,
            operation=Operation.ALTER,
            what="Intervention",
            details={"intervention": str(intervention_id), "availability": values["availability"]},
        )
