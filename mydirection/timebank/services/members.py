"""Joining and leaving the Time Bank, and a member's conditions."""

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mydirection.access.actor import Actor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.interventions.models import Condition
from mydirection.timebank.models import Member, TimeBank, TransferKind
from mydirection.timebank.services.posting import locked, post
from mydirection.versioning import StaleEdit

WHAT = "Time Bank member"


def _log(actor: Actor, operation: Operation, member: Member, **details: Any) -> None:
    record(
        actor=actor,
        operation=operation,
        what=WHAT,
        subject_id=member.person_id,
        details={"member": str(member.pk), **details},
    )


def join(
    *,
    actor: Actor,
    bank: TimeBank,
    kind: str,
    first_name: str,
    last_initial: str = "",
    conditions: Iterable[Condition] = (),
    joined_on: date | None = None,
    **fields: Any,
) -> Member:
    """A new member with the bank's starter credits, from the bank's own account."""
    with transaction.atomic():
        bank = locked(bank.pk)
        if (
            fields.get("person") is not None
            and Member.objects.filter(person=fields["person"], left_on__isnull=True).exists()
        ):
            raise ValidationError("This person is already a member")
        number = (bank.members.aggregate(top=Max("number"))["top"] or 0) + 1
        member = Member.objects.create(
            bank=bank,
            number=number,
            kind=kind,
            first_name=first_name.strip(),
            last_initial=last_initial.strip()[:1].upper(),
            conditions=sorted({Condition(value).value for value in conditions}),
            joined_on=joined_on or timezone.localdate(),
            **fields,
        )
        if bank.starter_minutes:
            post(
                bank=bank,
                kind=TransferKind.STARTER,
                by=actor.user,
                pairs=[(None, -bank.starter_minutes), (member, bank.starter_minutes)],
                note="Starter credits",
            )
        _log(actor, Operation.COLLECT, member, kind=kind)
    return member


def set_conditions(
    *,
    actor: Actor,
    member_id: UUID,
    expected_version: int,
    conditions: Iterable[Condition],
    no_contact_with: Iterable[Member] = (),
) -> None:
    """The conditions the coordinator sees (never the reasons). Exchanges already agreed are
    checked again when they are confirmed."""
    values = sorted({Condition(value).value for value in conditions})
    others = list(no_contact_with)
    if others and Condition.NO_CONTACT.value not in values:
        values = sorted([*values, Condition.NO_CONTACT.value])
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member_id)
        if member.version != expected_version:
            raise StaleEdit
        if any(other.bank_id != member.bank_id or other.pk == member.pk for other in others):
            raise ValidationError({"no_contact_with": "Choose other members of this Time Bank"})
        Member.objects.filter(pk=member.pk).update(conditions=values, version=member.version + 1)
        member.no_contact_with.set(others)
        _log(actor, Operation.ALTER, member, conditions=values)


def leave(*, actor: Actor, member_id: UUID, on: date | None = None) -> None:
    """Leaving keeps the member's history and balance (credits are never cashed in)."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member_id)
        Member.objects.filter(pk=member.pk).update(
            left_on=on or timezone.localdate(), version=member.version + 1
        )
        _log(actor, Operation.ALTER, member, left=True)
