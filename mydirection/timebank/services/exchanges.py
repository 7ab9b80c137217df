"""Exchanges: proposed, agreed, done and confirmed by everyone in it (or recorded by the
coordinator for members without phones), or cancelled. Credits move once, when the last
confirmation comes in, in one transfer under the bank's lock: each receiver pays the minutes
and the giver earns them all, so a group session is one transaction.

A member's conditions are checked when the exchange is proposed, when someone joins a group,
and again when credits move (conditions can change in between). Refusals are plain messages
that name the condition, never a reason.
"""

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import Actor
from mydirection.access.log import record_many
from mydirection.access.models import Operation
from mydirection.plans.models import StepStatus
from mydirection.plans.services import update_step
from mydirection.timebank import rules
from mydirection.timebank.models import (
    Exchange,
    ExchangeStatus,
    Listing,
    Member,
    Party,
    Place,
    TimeBank,
    TransferKind,
)
from mydirection.timebank.services.posting import balances, locked, post
from mydirection.versioning import StaleEdit

WHAT = "Time Bank exchange"


def taking(member: Member) -> rules.Taking:
    return rules.Taking(
        id=member.pk,
        name=member.name,
        conditions=frozenset(member.conditions),
        no_contact_with=frozenset(other.pk for other in member.no_contact_with.all()),
        active=member.is_active,
    )


def _log(actor: Actor, operation: Operation, exchange: Exchange, **details: object) -> None:
    """One entry per person on probation in the exchange (others are not people whose
    records we keep), or one about nobody."""
    members = [exchange.giver, *exchange.receivers.all()]
    people: list[UUID | None] = [member.person_id for member in members if member.person_id]
    record_many(
        actor=actor,
        operation=operation,
        what=WHAT,
        subject_ids=people or [None],
        details={"exchange": str(exchange.pk), **details},
    )


def _check(exchange_like: rules.Proposal) -> None:
    refusals = rules.refusals_by_field(exchange_like)
    if refusals:
        # ValidationError's dict has no None key: the whole form's problems go under
        # NON_FIELD_ERRORS, which ``forms.add_errors`` shows at the top.
        raise ValidationError(
            {name or NON_FIELD_ERRORS: messages for name, messages in refusals.items()}
        )


def propose(
    *,
    actor: Actor,
    bank: TimeBank,
    giver: Member,
    receivers: Sequence[Member],
    proposed_by: Member,
    skill: str,
    description: str,
    happens_on: date,
    minutes: int,
    is_group: bool = False,
    place: str = Place.PUBLIC,
    involves_children: bool = False,
    listing: Listing | None = None,
    agreed: bool = False,
) -> Exchange:
    """``agreed``: every member has already agreed (a coordinator records what they were told
    on paper or in person)."""
    if proposed_by.pk not in {giver.pk, *(receiver.pk for receiver in receivers)}:
        raise ValidationError("Only a member taking part can propose an exchange")
    if any(member.bank_id != bank.pk for member in [giver, *receivers]):
        raise ValidationError("Everyone in an exchange must be a member of this Time Bank")
    _check(
        rules.Proposal(
            giver=taking(giver),
            receivers=[taking(receiver) for receiver in receivers],
            is_group=is_group,
            place=place,
            involves_children=involves_children,
            minutes=minutes,
        )
    )
    with transaction.atomic():
        exchange = Exchange.objects.create(
            bank=bank,
            listing=listing,
            giver=giver,
            skill=skill,
            description=description.strip(),
            is_group=is_group,
            place=place,
            involves_children=involves_children,
            happens_on=happens_on,
            minutes=minutes,
            proposed_by=proposed_by,
            # Whoever proposed it has agreed to it; a group's facilitator opens it to join.
            status=ExchangeStatus.ACCEPTED if is_group or agreed else ExchangeStatus.PROPOSED,
        )
        Party.objects.bulk_create(Party(exchange=exchange, member=m) for m in receivers)
        _log(actor, Operation.COLLECT, exchange)
    return exchange


def _proposal_of(exchange: Exchange, receivers: Sequence[Member]) -> rules.Proposal:
    return rules.Proposal(
        giver=taking(exchange.giver),
        receivers=[taking(receiver) for receiver in receivers],
        is_group=exchange.is_group,
        place=exchange.place,
        involves_children=exchange.involves_children,
        minutes=exchange.minutes,
    )


def _open(exchange_id: UUID, expected_version: int | None = None) -> Exchange:
    exchange = Exchange.objects.select_for_update().select_related("giver").get(pk=exchange_id)
    if expected_version is not None and exchange.version != expected_version:
        raise StaleEdit
    if exchange.status in (ExchangeStatus.CONFIRMED, ExchangeStatus.CANCELLED):
        raise ValidationError(f"This exchange is already {exchange.get_status_display().lower()}")
    return exchange


def _bump(exchange: Exchange, **values: object) -> None:
    Exchange.objects.filter(pk=exchange.pk).update(version=exchange.version + 1, **values)


def accept(*, actor: Actor, exchange_id: UUID, by: Member, expected_version: int) -> None:
    """The other member agrees to a one-to-one exchange."""
    with transaction.atomic():
        exchange = _open(exchange_id, expected_version)
        members = {exchange.giver_id, *exchange.parties.values_list("member_id", flat=True)}
        if by.pk not in members or by.pk == exchange.proposed_by_id:
            raise ValidationError("Only the other member in this exchange can agree to it")
        _bump(exchange, status=ExchangeStatus.ACCEPTED)
        _log(actor, Operation.ALTER, exchange, status=ExchangeStatus.ACCEPTED.value)


def join_group(*, actor: Actor, exchange_id: UUID, member: Member) -> None:
    """A member signs up for a group activity (their conditions are checked with the rest)."""
    with transaction.atomic():
        exchange = _open(exchange_id)
        if not exchange.is_group:
            raise ValidationError("Only a group activity can be joined")
        receivers = [*exchange.receivers.all(), member]
        _check(_proposal_of(exchange, receivers))
        Party.objects.create(exchange=exchange, member=member)
        _bump(exchange)
        _log(actor, Operation.ALTER, exchange, joined=str(member.pk))


def confirm(*, actor: Actor, exchange_id: UUID, by: Member) -> bool:
    """``by`` confirms the exchange happened. When everyone has, the credits move. Returns
    whether they moved."""
    with transaction.atomic():
        exchange = _open(exchange_id)
        if exchange.status == ExchangeStatus.PROPOSED:
            raise ValidationError("The exchange must be agreed before it is confirmed")
        if exchange.happens_on > timezone.localdate():
            raise ValidationError("An exchange can be confirmed once it has happened")
        now = timezone.now()
        if by.pk == exchange.giver_id:
            exchange.giver_confirmed_at = now
            Exchange.objects.filter(pk=exchange.pk).update(giver_confirmed_at=now)
        elif not Party.objects.filter(exchange=exchange, member=by).update(confirmed_at=now):
            raise ValidationError("Only the members in this exchange can confirm it")
        _bump(exchange, status=ExchangeStatus.DONE)
        everyone = (
            exchange.giver_confirmed_at is not None
            and not exchange.parties.filter(confirmed_at__isnull=True).exists()
        )
        _log(actor, Operation.ALTER, exchange, confirmed_by=str(by.pk))
        if everyone:
            _settle(actor, exchange)
        return everyone


def record(*, actor: Actor, exchange_id: UUID) -> None:
    """The coordinator records that the exchange happened, for members without phones (the
    paper time bank's way): every confirmation at once, and the credits move."""
    with transaction.atomic():
        exchange = _open(exchange_id)
        # The coordinator vouches that it happened, not that both members wanted it: an
        # exchange nobody agreed to is agreed (or cancelled) first.
        if exchange.status == ExchangeStatus.PROPOSED:
            raise ValidationError("The exchange must be agreed before it is recorded")
        if exchange.happens_on > timezone.localdate():
            raise ValidationError("An exchange can be recorded once it has happened")
        now = timezone.now()
        exchange.parties.filter(confirmed_at__isnull=True).update(confirmed_at=now)
        Exchange.objects.filter(pk=exchange.pk).update(giver_confirmed_at=now)
        _bump(exchange, recorded_by=actor.user)
        _settle(actor, exchange)


def _settle(actor: Actor, exchange: Exchange) -> None:
    """Move the credits: each receiver pays ``minutes``, the giver earns them all."""
    bank = locked(exchange.bank_id)
    receivers = list(exchange.receivers.all())
    if not receivers:
        raise ValidationError("Nobody has joined this group activity yet")
    _check(_proposal_of(exchange, receivers))
    owed = balances(receivers)
    refusals = rules.balance_refusals(
        [
            rules.Payer(
                name=receiver.name,
                balance=owed[receiver.pk],
                hard_floor=bank.hard_floor if receiver.hard_floor is None else receiver.hard_floor,
            )
            for receiver in receivers
        ],
        exchange.minutes,
    )
    if refusals:
        raise ValidationError(refusals)
    post(
        bank=bank,
        kind=TransferKind.EXCHANGE,
        by=actor.user,
        exchange=exchange,
        pairs=[
            *((receiver, -exchange.minutes) for receiver in receivers),
            (exchange.giver, exchange.minutes * len(receivers)),
        ],
        note=exchange.description,
    )
    Exchange.objects.filter(pk=exchange.pk).update(status=ExchangeStatus.CONFIRMED)
    _log(actor, Operation.ALTER, exchange, status=ExchangeStatus.CONFIRMED.value)
    if exchange.step_id is not None and exchange.step is not None:
        step = exchange.step
        if step.status != StepStatus.DONE:
            update_step(
                step=step,
                actor=actor,
                changes={"status": StepStatus.DONE},
                expected_version=step.version,
            )


def cancel(*, actor: Actor, exchange_id: UUID, by: Member | None, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the exchange is cancelled"})
    with transaction.atomic():
        exchange = _open(exchange_id)
        members = {exchange.giver_id, *exchange.parties.values_list("member_id", flat=True)}
        if by is not None and by.pk not in members:
            raise ValidationError("Only the members in this exchange can cancel it")
        _bump(exchange, status=ExchangeStatus.CANCELLED)
        _log(actor, Operation.ALTER, exchange, status=ExchangeStatus.CANCELLED.value)
