"""Asking, deciding, paying and cancelling: the ledger moves with each, and bad input
changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.models import AccessLogEntry
from mydirection.access.policy import Relation
from mydirection.fund.models import (
    FUND_CLOSED_REASON,
    Category,
    Entry,
    Fund,
    Level,
    Movement,
    PaymentMethod,
    Provider,
    Request,
    Status,
)
from mydirection.fund.selectors import balances, used_by, waiting_for
from mydirection.fund.services import pots
from mydirection.fund.services.requests import approve, ask, cancel, decline, pay
from mydirection.fund.testing import a_fund, a_request
from mydirection.ledger import ChangedEntry
from mydirection.plans.testing import a_goal
from mydirection.testing import World, acting
from mydirection.versioning import StaleEdit


def pm(world: World) -> StaffActor:
    return StaffActor(user=world.programme_manager, relation=Relation.FUND)


def test_the_fast_lane_approves_a_small_request_in_one_step(world: World, fund: Fund) -> None:
    request = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    request.refresh_from_db()
    assert request.status == Status.APPROVED
    assert request.decided_by == world.cm
    assert balances(fund).available == 100_000 - 3500
    assert balances(fund).committed == 3500
    assert used_by(fund, world.person) == 3500


def test_a_request_above_the_case_managers_limit_waits_for_the_senior(
    world: World, fund: Fund
) -> None:
    request = a_request(fund, world.person, world.cm, amount=12000, approve_now=True)
    assert request.status == Status.WAITING
    assert request.level == Level.SENIOR
    assert list(waiting_for(world.senior)) == [request]
    assert list(waiting_for(world.cm)) == []
    with pytest.raises(ValidationError, match="needs a senior case manager"):
        approve(actor=acting(world.cm, world.person), request_id=request.pk, expected_version=1)
    approve(actor=acting(world.senior, world.person), request_id=request.pk, expected_version=1)
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (Status.APPROVED, world.senior)


def test_the_programme_manager_decides_above_the_seniors_limit(world: World, fund: Fund) -> None:
    request = a_request(fund, world.person, world.cm, amount=15000, category=Category.OTHER)
    assert request.level == Level.SENIOR
    big = a_fund(None, world.programme_manager, name="Programme fund", person_limit=30000)
    large = a_request(big, world.other_person, world.elsewhere, amount=20000)
    assert large.level == Level.PROGRAMME_MANAGER
    assert list(waiting_for(world.programme_manager)) == [large]
    with pytest.raises(ValidationError):
        approve(actor=acting(world.senior, world.person), request_id=large.pk, expected_version=1)
    approve(actor=pm(world), request_id=large.pk, expected_version=1)
    assert balances(big).committed == 20000


def test_a_person_asks_from_their_app_and_reads_the_decline_reason(
    world: World, fund: Fund
) -> None:
    goal = a_goal(world.person, world.cm)
    request = ask(
        actor=PersonActor(world.person),
        fund=fund,
        person=world.person,
        goal=goal,
        category=Category.CLOTHING,
        amount=2500,
        what_for="A coat for the winter",
        provider=Provider.objects.get(fund=fund),
    )
    assert request.asked_by_person and request.asked_by is None
    with pytest.raises(ValidationError, match="Say why"):
        decline(
            actor=acting(world.cm, world.person),
            request_id=request.pk,
            expected_version=1,
            reason=" ",
        )
    decline(
        actor=acting(world.cm, world.person),
        request_id=request.pk,
        expected_version=1,
        reason="The clothing bank has coats: I will take you on Tuesday",
    )
    request.refresh_from_db()
    assert request.status == Status.DECLINED
    assert request.reason.startswith("The clothing bank")
    assert balances(fund).committed == 0


def nothing_saved(fund: Fund) -> tuple[int, int]:
    return Request.objects.count(), Movement.objects.filter(fund=fund).count()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": 16000}, "amount", "Alex has £150 left"),
        ({"category": "travel"}, "category", "does not pay for travel"),
        ({"what_for": "  "}, "what_for", "Say what the money is for"),
    ],
)
def test_bad_requests_are_refused_next_to_the_field_and_nothing_is_saved(
    world: World, fund: Fund, change: dict[str, object], field: str, message: str
) -> None:
    Fund.objects.filter(pk=fund.pk).update(category_rules={"travel": "not_allowed"})
    fund.refresh_from_db()
    before = nothing_saved(fund)
    values: dict[str, object] = {
        "category": Category.WORK_EQUIPMENT,
        "amount": 3500,
        "what_for": "Boots",
    } | change
    with pytest.raises(ValidationError) as refused:
        ask(
            actor=acting(world.cm, world.person),
            fund=fund,
            person=world.person,
            goal=a_goal(world.person, world.cm),
            provider=Provider.objects.get(fund=fund),
            **values,  # type: ignore[arg-type]
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert nothing_saved(fund) == before


def test_a_goal_of_another_person_an_unknown_provider_and_a_closed_pot_are_refused(
    world: World, fund: Fund
) -> None:
    other = a_fund(world.beverley, world.programme_manager)
    before = nothing_saved(fund)
    with pytest.raises(ValidationError) as refused:
        ask(
            actor=acting(world.cm, world.person),
            fund=fund,
            person=world.person,
            goal=a_goal(world.other_person, world.elsewhere),
            category=Category.FOOD,
            amount=1000,
            what_for="Food",
            provider=Provider.objects.get(fund=other),
        )
    assert refused.value.message_dict["goal"] == ["Choose one of Alex's goals"]
    assert "approved list" in refused.value.message_dict["provider"][0]
    pots.close(
        actor=StaffActor.about_no_person(world.programme_manager),
        fund_id=fund.pk,
        expected_version=fund.version,
        closing=pots.Closing(approve=frozenset(), seen=frozenset()),
    )
    fund.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        a_request(fund, world.person, world.cm)
    assert Request.objects.count() == before[0]


def test_paying_less_than_approved_releases_the_rest_and_chases_the_receipt(
    world: World, fund: Fund
) -> None:
    request = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    request.refresh_from_db()
    with pytest.raises(ValidationError, match="receipt"):
        pay(
            actor=acting(world.cm, world.person),
            request_id=request.pk,
            expected_version=request.version,
            method=PaymentMethod.REIMBURSEMENT,
            amount=3000,
        )
    pay(
        actor=acting(world.cm, world.person),
        request_id=request.pk,
        expected_version=request.version,
        method=PaymentMethod.VOUCHER,
        amount=3249,
        reference="V-1001",
    )
    request.refresh_from_db()
    assert (request.status, request.paid_amount) == (Status.PAID, 3249)
    assert request.receipt_due_on is not None
    position = balances(fund)
    assert (position.spent, position.committed, position.available) == (3249, 0, 100_000 - 3249)


def test_paying_more_than_approved_is_refused(world: World, fund: Fund) -> None:
    request = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    request.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot be more than the £35 approved"):
        pay(
            actor=acting(world.cm, world.person),
            request_id=request.pk,
            expected_version=request.version,
            method=PaymentMethod.PURCHASE_ORDER,
            amount=3501,
        )
    assert balances(fund).spent == 0


def test_cancelling_an_approved_request_releases_its_money(world: World, fund: Fund) -> None:
    request = a_request(fund, world.person, world.cm, amount=4000, approve_now=True)
    request.refresh_from_db()
    with pytest.raises(ValidationError, match="Ask your case manager"):
        cancel(
            actor=PersonActor(world.person),
            request_id=request.pk,
            expected_version=request.version,
            reason="I found boots",
        )
    cancel(
        actor=acting(world.cm, world.person),
        request_id=request.pk,
        expected_version=request.version,
        reason="A friend gave Alex boots",
    )
    assert balances(fund).available == 100_000
    assert used_by(fund, world.person) == 0


def test_a_decision_on_a_request_that_moved_on_is_stale(world: World, fund: Fund) -> None:
    request = a_request(fund, world.person, world.cm, amount=3500)
    approve(actor=acting(world.cm, world.person), request_id=request.pk, expected_version=1)
    with pytest.raises(StaleEdit):
        decline(
            actor=acting(world.senior, world.person),
            request_id=request.pk,
            expected_version=1,
            reason="No",
        )
    assert balances(fund).committed == 3500


def test_a_cut_below_what_is_committed_is_refused(world: World, fund: Fund) -> None:
    a_request(fund, world.person, world.cm, amount=5000, approve_now=True)
    actor = StaffActor.about_no_person(world.programme_manager)
    with pytest.raises(ValidationError) as refused:
        pots.cut(actor=actor, fund_id=fund.pk, amount=96_000)
    assert refused.value.message_dict["amount"] == [
        "Only £950 is not yet committed to requests: the fund can be cut by £950 at most"
    ]
    pots.cut(actor=actor, fund_id=fund.pk, amount=50_000, note="Budget reduced")
    position = balances(fund)
    assert (position.put_in, position.available, position.committed) == (50_000, 45_000, 5000)


def test_closing_decides_every_waiting_request_and_returns_the_rest(
    world: World, fund: Fund
) -> None:
    kept = a_request(fund, world.person, world.cm, amount=2000)
    turned_down = a_request(fund, world.excluded_from_person, world.colleague, amount=3000)
    approved = a_request(fund, world.person, world.cm, amount=1000, approve_now=True)
    actor = StaffActor.about_no_person(world.programme_manager)
    with pytest.raises(ValidationError, match="arrived"):
        pots.close(
            actor=actor,
            fund_id=fund.pk,
            expected_version=fund.version,
            closing=pots.Closing(approve=frozenset({kept.pk}), seen=frozenset({kept.pk})),
        )
    pots.close(
        actor=actor,
        fund_id=fund.pk,
        expected_version=fund.version,
        closing=pots.Closing(
            approve=frozenset({kept.pk}), seen=frozenset({kept.pk, turned_down.pk})
        ),
    )
    statuses = dict(Request.objects.values_list("pk", "status"))
    assert statuses == {
        kept.pk: Status.APPROVED,
        turned_down.pk: Status.DECLINED,
        approved.pk: Status.APPROVED,
    }
    assert Request.objects.get(pk=turned_down.pk).reason == FUND_CLOSED_REASON
    position = balances(fund)
    assert (position.available, position.committed, position.put_in) == (0, 3000, 3000)
    fund.refresh_from_db()
    assert fund.is_closed
    logged = AccessLogEntry.objects.filter(what="Enabling Fund request", relation="fund")
    assert logged.count() == 2


def test_the_ledger_always_sums_to_zero_and_entries_are_never_changed(
    world: World, fund: Fund
) -> None:
    request = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    assert Entry.objects.aggregate(total=Sum("amount"))["total"] == 0
    entry = Entry.objects.filter(request=request).first()
    assert entry is not None
    entry.amount = 1
    with pytest.raises(ChangedEntry):
        entry.save()
    with pytest.raises(ChangedEntry):
        entry.delete()
    with pytest.raises(ChangedEntry):
        Entry.objects.filter(fund=fund).update(amount=5)
    with pytest.raises(ChangedEntry):
        Movement.objects.filter(fund=fund).delete()


def test_every_change_is_in_the_access_log_with_the_relation(world: World, fund: Fund) -> None:
    request = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    entries = AccessLogEntry.objects.filter(
        what="Enabling Fund request", subject_id=world.person.pk
    ).order_by("id")
    assert [(e.operation, e.relation, e.details["request"]) for e in entries] == [
        ("collect", "case_manager", str(request.pk)),
        ("alter", "case_manager", str(request.pk)),
    ]


def test_a_pot_cannot_be_extended_over_another_open_pot_of_its_office(
    world: World, fund: Fund
) -> None:
    later = a_fund(
        world.hull,
        world.programme_manager,
        name="Next year",
        starts_on=fund.ends_on + timedelta(days=1),
        ends_on=fund.ends_on + timedelta(days=365),
    )
    with pytest.raises(ValidationError, match="Another open fund covers these dates"):
        pots.change_rules(
            actor=StaffActor.about_no_person(world.programme_manager),
            fund_id=fund.pk,
            expected_version=fund.version,
            ends_on=later.starts_on,
        )


def test_nobody_declines_a_request_they_could_not_approve(world: World, fund: Fund) -> None:
    request = a_request(fund, world.person, world.cm, amount=12000)
    with pytest.raises(ValidationError, match="needs a senior case manager to decide it"):
        decline(
            actor=acting(world.cm, world.person),
            request_id=request.pk,
            expected_version=1,
            reason="Too much",
        )
    assert Request.objects.get(pk=request.pk).status == Status.WAITING
