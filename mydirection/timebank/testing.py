"""Test factories for the Time Bank."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.interventions.models import Condition
from mydirection.staff.models import Organisation, User
from mydirection.testing import World
from mydirection.timebank.models import Member, MemberKind, Place, Skill, TimeBank
from mydirection.timebank.services import exchanges, members


def coordinator(user: User) -> StaffActor:
    """The Time Bank's coordinator as the services see them: a partner worker, whose relation
    to a person on probation among the members is ``partner``."""
    return StaffActor(user=user, relation=Relation.PARTNER)


def a_bank(organisation: Organisation, **fields: Any) -> TimeBank:
    return TimeBank.objects.create(organisation=organisation, area="Hull", **fields)


def a_member(
    bank: TimeBank,
    by: User,
    first_name: str,
    *,
    kind: str = MemberKind.COMMUNITY,
    conditions: tuple[Condition, ...] = (),
    **fields: Any,
) -> Member:
    return members.join(
        actor=coordinator(by),
        bank=bank,
        kind=kind,
        first_name=first_name,
        last_initial="T",
        conditions=conditions,
        **fields,
    )


def an_exchange(
    bank: TimeBank,
    by: User,
    giver: Member,
    receivers: list[Member],
    **fields: Any,
) -> Any:
    values: dict[str, Any] = {
        "skill": Skill.GARDENING,
        "description": "An hour in the garden",
        "happens_on": timezone.localdate() - timedelta(days=1),
        "minutes": 60,
        "place": Place.PUBLIC,
    } | fields
    return exchanges.propose(
        actor=coordinator(by),
        bank=bank,
        giver=giver,
        receivers=receivers,
        proposed_by=giver,
        **values,
    )


def worlds_bank(world: World) -> tuple[TimeBank, Member]:
    """The world's Time Bank (run by ``world.partner``'s organisation, its coordinator) with
    ``world.community_member`` as its member "Robin T" (made once; later calls reuse them)."""
    organisation = world.partner.organisation
    if organisation is None:
        raise ValueError("The world's partner works for the Time Bank's organisation")
    bank = TimeBank.objects.filter(organisation=organisation).first()
    if bank is None:
        bank = a_bank(organisation)
    robin = Member.objects.filter(user=world.community_member).first()
    if robin is None:
        robin = a_member(bank, world.partner, "Robin", user=world.community_member)
    return bank, robin
