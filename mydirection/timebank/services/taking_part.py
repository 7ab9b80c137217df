"""Taking part from a listing: proposing an exchange from an offer or a request, setting the
date of a group session of one's own offer, and the coordinator recording, in one go, an
exchange that happened between members without phones (the paper time bank's way).

Each goes through ``exchanges`` (the rules and the ledger); an exchange of a person on
probation whose referral serves a plan step is linked to that step, so confirming it marks
the step done.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import Actor
from mydirection.plans.models import StepStatus
from mydirection.timebank.models import Exchange, Listing, ListingKind, Member, TimeBank
from mydirection.timebank.services import exchanges

# How far back an exchange may be proposed (older ones: the coordinator records them), and
# how far ahead.
DAYS_BACK = 30
DAYS_AHEAD = 366


def _check_date(happens_on: date) -> None:
    today = timezone.localdate()
    if happens_on < today - timedelta(days=DAYS_BACK):
        raise ValidationError(
            {"happens_on": "The date must be in the last 30 days: ask the coordinator to record "
             "an older exchange"}
        )  # fmt: skip
    if happens_on > today + timedelta(days=DAYS_AHEAD):
        raise ValidationError({"happens_on": "The date must be within the next year"})


def _link_step(exchange: Exchange, members: Sequence[Member]) -> None:
    """Giving back counts on the plan: the first plan step still to do that a member's
    referral to the bank serves."""
    for member in members:
        referral = member.referral
        step = referral.step if referral is not None else None
        if step is not None and step.status != StepStatus.DONE:
            Exchange.objects.filter(pk=exchange.pk).update(step=step)
            exchange.step = step
            return


def check_open(listing: Listing) -> None:
    if listing.withdrawn or not listing.member.is_active:
        raise ValidationError("This has been taken down")
    if listing.expires_on < timezone.localdate():
        raise ValidationError("This has expired")


def propose(
    *,
    actor: Actor,
    listing: Listing,
    member: Member,
    happens_on: date,
    minutes: int,
    place: str,
    involves_children: bool = False,
    description: str = "",
) -> Exchange:
    """``member`` takes up a one-to-one offer (they receive) or request (they give)."""
    check_open(listing)
    if listing.is_group:
        raise ValidationError("This is a group activity: join one of its sessions")
    _check_date(happens_on)
    owner = listing.member
    giver, receiver = (owner, member) if listing.kind == ListingKind.OFFER else (member, owner)
    with transaction.atomic():
        exchange = exchanges.propose(
            actor=actor,
            bank=owner.bank,
            giver=giver,
            receivers=[receiver],
            proposed_by=member,
            skill=listing.skill,
            description=description.strip() or listing.title,
            happens_on=happens_on,
            minutes=minutes,
            place=place,
            involves_children=involves_children,
            listing=listing,
        )
        _link_step(exchange, [giver, receiver])
    return exchange


def add_session(
    *,
    actor: Actor,
    listing: Listing,
    by: Member | None,
    happens_on: date,
    minutes: int,
    place: str,
    involves_children: bool = False,
    description: str = "",
) -> Exchange:
    """A session of a group offer, open for members to join (``by`` None: the coordinator,
    for the member who runs it)."""
    check_open(listing)
    if not listing.is_group:
        raise ValidationError("Only a group activity has sessions")
    if by is not None and by.pk != listing.member_id:
        raise ValidationError("Only the member who runs this group can add a session")
    _check_date(happens_on)
    with transaction.atomic():
        exchange = exchanges.propose(
            actor=actor,
            bank=listing.member.bank,
            giver=listing.member,
            receivers=[],
            proposed_by=listing.member,
            skill=listing.skill,
            description=description.strip() or listing.title,
            happens_on=happens_on,
            minutes=minutes,
            is_group=True,
            place=place,
            involves_children=involves_children,
            listing=listing,
        )
        _link_step(exchange, [listing.member])
    return exchange


def join(*, actor: Actor, exchange: Exchange, member: Member) -> None:
    """``member`` joins a group session; a person on probation's plan step is linked."""
    with transaction.atomic():
        exchanges.join_group(actor=actor, exchange_id=exchange.pk, member=member)
        if exchange.step_id is None:
            _link_step(exchange, [member])


def record_new(
    *,
    actor: Actor,
    bank: TimeBank,
    giver: Member,
    receivers: Sequence[Member],
    happens_on: date,
    **fields: Any,
) -> Exchange:
    """The coordinator records an exchange that has happened: proposed, confirmed by
    everyone and the credits moved, in one transaction (nothing saved if any of it is
    refused)."""
    if happens_on > timezone.localdate():
        raise ValidationError({"happens_on": "The date must be today or in the past"})
    with transaction.atomic():
        exchange = exchanges.propose(
            actor=actor,
            bank=bank,
            giver=giver,
            receivers=receivers,
            proposed_by=giver,
            happens_on=happens_on,
            agreed=True,
            **fields,
        )
        _link_step(exchange, [giver, *receivers])
        exchanges.record(actor=actor, exchange_id=exchange.pk)
    return exchange
