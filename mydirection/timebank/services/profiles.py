"""A member's profile in their own words, their availability, area and contact details."""

from uuid import UUID

from django.db import transaction

from mydirection.access.actor import Actor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.timebank.models import Member
from mydirection.versioning import save_if_unchanged

FIELDS = ("profile", "availability", "area", "phone", "email")


def change(*, actor: Actor, member_id: UUID, expected_version: int, **values: str) -> None:
    """Save the member's own words (``StaleEdit`` if it changed since they opened it)."""
    changes = {key: values[key].strip() for key in FIELDS if key in values}
    with transaction.atomic():
        member = Member.objects.get(pk=member_id)
        save_if_unchanged(
            Member.objects, pk=member.pk, expected_version=expected_version, **changes
        )
        record(
            actor=actor,
            operation=Operation.ALTER,
            what="Time Bank member",
            subject_id=member.person_id,
            details={"member": str(member.pk), "fields": sorted(changes)},
        )
