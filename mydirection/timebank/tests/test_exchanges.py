"""Joining, exchanging and confirming: credits move once, in one transfer that sums to zero;
refusals move nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from mydirection.access.actor import PersonActor
from mydirection.access.models import AccessLogEntry
from mydirection.interventions.models import Condition
from mydirection.ledger import ChangedEntry
from mydirection.plans.models import StepActor, StepStatus
from mydirection.plans.testing import a_goal, a_step
from mydirection.testing import World
from mydirection.timebank.models import (
    Exchange,
    ExchangeStatus,
    MemberKind,
    Place,
    Posting,
    TimeBank,
    Transfer,
)
from mydirection.timebank.services import exchanges
from mydirection.timebank.services.posting import balances
from mydirection.timebank.testing import a_member, an_exchange, coordinator


def total() -> int:
    return int(Posting.objects.aggregate(total=Sum("minutes"))["total"] or 0)


def test_members_start_with_credits_from_the_banks_own_account(
    world: World, bank: TimeBank
) -> None:
    jo = a_member(bank, world.partner, "Jo")
    kim = a_member(bank, world.partner, "Kim")
    assert (jo.number, kim.number) == (1, 2)
    assert balances([jo, kim]) == {jo.pk: 120, kim.pk: 120}
    bank_account = Posting.objects.filter(member=None, transfer__kind="starter")
    assert sorted(bank_account.values_list("minutes", flat=True)) == [-120, -120]
    assert total() == 0


def test_a_one_to_one_exchange_moves_credits_when_both_confirm(
    world: World, bank: TimeBank
) -> None:
    sam = a_member(
        bank,
        world.partner,
        "Sam",
        kind=MemberKind.REFERRED,
        person=world.person,
        conditions=(Condition.PUBLIC_PLACES_ONLY,),
    )
    jo = a_member(bank, world.partner, "Jo")
    exchange = an_exchange(bank, world.partner, sam, [jo], minutes=60)
    exchanges.accept(
        actor=coordinator(world.partner),
        exchange_id=exchange.pk,
        by=jo,
        expected_version=exchange.version,
    )
    assert not exchanges.confirm(actor=PersonActor(world.person), exchange_id=exchange.pk, by=sam)
    assert balances([sam, jo]) == {sam.pk: 120, jo.pk: 120}
    assert exchanges.confirm(actor=coordinator(world.partner), exchange_id=exchange.pk, by=jo)
    assert balances([sam, jo]) == {sam.pk: 180, jo.pk: 60}
    assert total() == 0
    assert Exchange.objects.get(pk=exchange.pk).status == ExchangeStatus.CONFIRMED


def test_a_group_session_moves_every_attendees_credits_in_one_transfer(
    world: World, bank: TimeBank
) -> None:
    facilitator = a_member(bank, world.partner, "Ros")
    attendees = [a_member(bank, world.partner, name) for name in ("Ann", "Bo", "Cy")]
    session = an_exchange(
        bank,
        world.partner,
        facilitator,
        [],
        is_group=True,
        place=Place.HUB,
        minutes=90,
        description="Painting session",
    )
    actor = coordinator(world.partner)
    for attendee in attendees:
        exchanges.join_group(actor=actor, exchange_id=session.pk, member=attendee)
    exchanges.record(actor=actor, exchange_id=session.pk)
    transfer = Transfer.objects.get(exchange=session)
    assert sorted(transfer.postings.values_list("minutes", flat=True)) == [-90, -90, -90, 270]
    assert balances([facilitator])[facilitator.pk] == 120 + 270
    assert total() == 0
    assert Exchange.objects.get(pk=session.pk).recorded_by == world.partner


def test_an_exchange_in_a_home_is_refused_for_a_member_whose_conditions_forbid_it(
    world: World, bank: TimeBank
) -> None:
    sam = a_member(
        bank,
        world.partner,
        "Sam",
        kind=MemberKind.REFERRED,
        conditions=(Condition.PUBLIC_PLACES_ONLY,),
    )
    jo = a_member(bank, world.partner, "Jo")
    with pytest.raises(ValidationError) as refused:
        an_exchange(bank, world.partner, sam, [jo], place=Place.HOME)
    assert refused.value.messages == [
        "Sam T takes part in group activities and in public places only: not in someone's home"
    ]
    assert not Exchange.objects.exists()


def test_conditions_added_later_are_checked_again_when_credits_move(
    world: World, bank: TimeBank
) -> None:
    from mydirection.timebank.services.members import set_conditions

    sam = a_member(bank, world.partner, "Sam")
    jo = a_member(bank, world.partner, "Jo")
    exchange = an_exchange(bank, world.partner, sam, [jo], place=Place.HOME)
    actor = coordinator(world.partner)
    exchanges.accept(actor=actor, exchange_id=exchange.pk, by=jo, expected_version=1)
    set_conditions(
        actor=actor,
        member_id=sam.pk,
        expected_version=sam.version,
        conditions=[Condition.PUBLIC_PLACES_ONLY],
    )
    exchanges.confirm(actor=actor, exchange_id=exchange.pk, by=sam)
    with pytest.raises(ValidationError, match="public places only"):
        exchanges.confirm(actor=actor, exchange_id=exchange.pk, by=jo)
    assert not Transfer.objects.filter(exchange=exchange).exists()


def test_a_confirmation_by_someone_outside_the_exchange_is_refused(
    world: World, bank: TimeBank
) -> None:
    sam, jo, outsider = (a_member(bank, world.partner, n) for n in ("Sam", "Jo", "Lee"))
    exchange = an_exchange(bank, world.partner, sam, [jo])
    actor = coordinator(world.partner)
    exchanges.accept(actor=actor, exchange_id=exchange.pk, by=jo, expected_version=1)
    with pytest.raises(ValidationError, match="Only the members in this exchange"):
        exchanges.confirm(actor=actor, exchange_id=exchange.pk, by=outsider)
    assert total() == 0 and balances([sam])[sam.pk] == 120


def test_an_exchange_past_the_hard_floor_is_refused_and_nothing_moves(
    world: World, bank: TimeBank
) -> None:
    sam = a_member(bank, world.partner, "Sam")
    jo = a_member(bank, world.partner, "Jo", hard_floor=-60)
    exchange = an_exchange(bank, world.partner, sam, [jo], minutes=200)
    actor = coordinator(world.partner)
    exchanges.accept(actor=actor, exchange_id=exchange.pk, by=jo, expected_version=1)
    exchanges.confirm(actor=actor, exchange_id=exchange.pk, by=sam)
    with pytest.raises(ValidationError, match="below the 1 hour of credit"):
        exchanges.confirm(actor=actor, exchange_id=exchange.pk, by=jo)
    assert balances([jo])[jo.pk] == 120


def test_an_exchange_can_complete_a_plan_step(world: World, bank: TimeBank) -> None:
    step = a_step(
        a_goal(world.person, world.cm), world.cm, "Give some time back", actor=StepActor.TIME_BANK
    )
    sam = a_member(bank, world.partner, "Sam", person=world.person, kind=MemberKind.REFERRED)
    jo = a_member(bank, world.partner, "Jo")
    exchange = an_exchange(bank, world.partner, sam, [jo])
    Exchange.objects.filter(pk=exchange.pk).update(step=step)
    actor = coordinator(world.partner)
    exchanges.accept(actor=actor, exchange_id=exchange.pk, by=jo, expected_version=1)
    exchanges.record(actor=actor, exchange_id=exchange.pk)
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


def test_postings_are_never_changed(world: World, bank: TimeBank) -> None:
    a_member(bank, world.partner, "Jo")
    with pytest.raises(ChangedEntry):
        Posting.objects.update(minutes=1)
    posting = Posting.objects.first()
    assert posting is not None
    with pytest.raises(ChangedEntry):
        posting.delete()


def test_exchanges_of_a_person_on_probation_are_in_their_access_log(
    world: World, bank: TimeBank
) -> None:
    sam = a_member(bank, world.partner, "Sam", person=world.person, kind=MemberKind.REFERRED)
    jo = a_member(bank, world.partner, "Jo")
    an_exchange(bank, world.partner, sam, [jo])
    assert AccessLogEntry.objects.filter(
        what="Time Bank exchange", subject_id=world.person.pk
    ).exists()
