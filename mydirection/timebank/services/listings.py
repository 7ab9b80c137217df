"""Offers and requests: a member lists what they can give or would like, one-to-one or as a
group activity. A listing expires after the bank's ``listing_days`` unless renewed; an
expired or withdrawn one is hidden from the search and stays on its member's page."""

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import Actor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.timebank.models import Listing, ListingKind, Member, Place, Skill

WHAT = "Time Bank offer or request"


def _log(actor: Actor, operation: Operation, listing: Listing, **details: Any) -> None:
    record(
        actor=actor,
        operation=operation,
        what=WHAT,
        subject_id=listing.member.person_id,
        details={"listing": str(listing.pk), **details},
    )


def add(
    *,
    actor: Actor,
    member: Member,
    kind: str,
    skill: str,
    title: str,
    description: str = "",
    is_group: bool = False,
    place: str = Place.PUBLIC,
    area: str = "",
) -> Listing:
    """A new offer or request of ``member``'s, open until the bank's listing days run out."""
    errors: dict[str, str] = {}
    if kind not in ListingKind.values:
        errors["kind"] = "Select whether you offer this or ask for it"
    if skill not in Skill.values:
        errors["skill"] = "Select the kind of skill"
    if not title.strip():
        errors["title"] = "Say in a few words what it is"
    if place not in Place.values:
        errors["place"] = "Select where it happens"
    if is_group and kind != ListingKind.OFFER:
        errors["is_group"] = "Only an offer can be a group activity: ask for one-to-one help"
    if errors:
        raise ValidationError(errors)
    if not member.is_active:
        raise ValidationError(f"{member.name} is no longer a member")
    with transaction.atomic():
        listing = Listing.objects.create(
            member=member,
            kind=kind,
            skill=skill,
            title=title.strip(),
            description=description.strip(),
            is_group=is_group,
            place=place,
            area=area.strip() or member.area,
            expires_on=timezone.localdate() + timedelta(days=member.bank.listing_days),
        )
        _log(actor, Operation.COLLECT, listing, kind=kind)
    return listing


def _own(listing_id: UUID, by: Member | None) -> Listing:
    listing = Listing.objects.select_for_update().select_related("member__bank").get(pk=listing_id)
    if by is not None and listing.member_id != by.pk:
        raise ValidationError("Only the member who listed this can change it")
    return listing


def renew(*, actor: Actor, listing_id: UUID, by: Member | None) -> Listing:
    """Open for another ``listing_days`` from today (``by`` None: the coordinator)."""
    with transaction.atomic():
        listing = _own(listing_id, by)
        if listing.withdrawn:
            raise ValidationError("This has been taken down: add it again instead")
        expires_on = timezone.localdate() + timedelta(days=listing.member.bank.listing_days)
        Listing.objects.filter(pk=listing.pk).update(expires_on=expires_on)
        listing.expires_on = expires_on
        _log(actor, Operation.ALTER, listing, renewed=True)
    return listing


def withdraw(*, actor: Actor, listing_id: UUID, by: Member | None) -> None:
    """Taken down: hidden from everyone; its exchanges carry on."""
    with transaction.atomic():
        listing = _own(listing_id, by)
        Listing.objects.filter(pk=listing.pk).update(withdrawn=True)
        _log(actor, Operation.ALTER, listing, withdrawn=True)
