"""The programme manager's pages for the Enabling Fund's pots: opening, adding money and
cutting, the rules (a stale edit kept), providers, closing with waiting requests decided, and
the pages' access log and query counts."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.fund.models import (
    FUND_CLOSED_REASON,
    Category,
    CategoryRule,
    Fund,
    Movement,
    MovementKind,
    PaymentMethod,
    Provider,
    Request,
    Status,
)
from mydirection.fund.selectors import balances
from mydirection.fund.services import pots
from mydirection.fund.services.requests import ask, pay
from mydirection.fund.testing import a_fund, a_request
from mydirection.plans.testing import a_goal
from mydirection.testing import PersonFactory, World, acting, allocate, page_queries, sign_in

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return str(response.content.decode())


def pm(world: World) -> Client:
    return sign_in(Client(), world.programme_manager)


def url(name: str, fund: Fund, *args: object) -> str:
    return reverse(f"fund:{name}", args=[fund.pk, *args])


def date_parts(name: str, day: Any) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def opening(world: World, **changes: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "name": "Beverley Enabling Fund",
        "office": str(world.beverley.pk),
        **date_parts("starts_on", today),
        **date_parts("ends_on", today + timedelta(days=364)),
        "amount": "1,200",
        "case_manager_limit": "50",
        "senior_limit": "150",
        "person_limit": "150",
        "receipt_days": "14",
    } | changes


# --- Opening a pot ----------------------------------------------------------------------


def test_the_programme_manager_opens_a_fund(world: World) -> None:
    client = pm(world)
    form = text(client.get(reverse("fund:add")))
    assert "The whole programme" in form and 'value="50"' in form  # defaults
    response = client.post(reverse("fund:add"), opening(world, person_limit="120.50"))
    fund = Fund.objects.get(name="Beverley Enabling Fund")
    assert response.status_code == 302 and response["Location"] == url("pot", fund)
    assert (fund.office, fund.person_limit, fund.receipt_days) == (world.beverley, 12050, 14)
    assert balances(fund).available == 120_000
    page = text(client.get(url("pot", fund)))
    assert "Beverley Enabling Fund is open, with £1,200" in page
    assert "£1,200" in page and "Opened" in page and "Grace Dyer" in page
    # The whole programme: no office.
    client.post(reverse("fund:add"), opening(world, name="Programme fund", office="programme"))
    assert Fund.objects.get(name="Programme fund").office is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"senior_limit": "40"}, "senior_limit", "must be at least the case manager&#x27;s (£50)"),
        ({"amount": "-5"}, "amount", "The amount must be more than £0"),
        ({"amount": "10.505"}, "amount", "parts of a penny"),
        ({"office": ""}, "office", "Select the office, or the whole programme"),
        ({"ends_on_2": "2001"}, "ends_on", "same as or after the start date"),
    ],
)
def test_a_fund_with_bad_values_is_refused_next_to_the_field(
    world: World, changes: dict[str, str], field: str, message: str
) -> None:
    response = pm(world).post(reverse("fund:add"), opening(world, **changes))
    assert response.status_code == 200
    page = text(response)
    assert f'id="id_{field}_error"' in page or f'id="id_{field}_0_error"' in page
    assert message in page
    assert not Fund.objects.exists()


def test_a_fund_overlapping_the_offices_open_one_is_refused(world: World) -> None:
    a_fund(world.beverley, world.programme_manager)
    response = pm(world).post(reverse("fund:add"), opening(world, name="A second one"))
    assert response.status_code == 200
    assert "Another open fund covers these dates for this office" in text(response)
    assert 'id="id_starts_on_error"' in text(response)
    assert not Fund.objects.filter(name="A second one").exists()


# --- Money ----------------------------------------------------------------------------


def test_adding_money(world: World, fund: Fund) -> None:
    response = pm(world).post(
        url("money", fund), {"direction": "add", "amount": "250.50", "note": "Second quarter"}
    )
    assert response.status_code == 302 and response["Location"] == url("pot", fund)
    assert balances(fund).put_in == 100_000 + 25_050
    movement = Movement.objects.filter(fund=fund).latest("at")
    assert (movement.kind, movement.note) == (MovementKind.FUNDED, "Second quarter")


def test_a_cut_into_committed_money_is_refused_and_nothing_moves(world: World, fund: Fund) -> None:
    a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    before = Movement.objects.filter(fund=fund).count()
    client = pm(world)
    response = client.post(url("money", fund), {"direction": "cut", "amount": "970"})
    assert response.status_code == 200
    page = text(response)
    assert "Only £965 is not yet committed to requests: the fund can be cut by £965 at most" in page
    assert 'id="id_amount_error"' in page
    assert Movement.objects.filter(fund=fund).count() == before
    assert balances(fund).available == 96_500


def test_a_cut_within_what_is_available(world: World, fund: Fund) -> None:
    a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    client = pm(world)
    response = client.post(url("money", fund), {"direction": "cut", "amount": "965"})
    assert response.status_code == 302
    position = balances(fund)
    assert (position.put_in, position.available, position.committed) == (3500, 0, 3500)
    assert "£965 cut from Hull Enabling Fund" in text(client.get(url("pot", fund)))


def test_money_needs_a_direction_and_an_amount(world: World, fund: Fund) -> None:
    page = text(pm(world).post(url("money", fund), {}))
    assert "Select whether to add money or cut the fund" in page
    assert "Enter the amount, in pounds" in page


# --- Rules ----------------------------------------------------------------------------


def rules_of(fund: Fund, **changes: str) -> dict[str, str]:
    values = {
        "version": str(fund.version),
        "name": fund.name,
        **date_parts("ends_on", fund.ends_on),
        "case_manager_limit": "50",
        "senior_limit": "150",
        "person_limit": "150",
        "receipt_days": "14",
        **{f"rule_{category.value}": fund.rule_for(category).value for category in Category},
    }
    return values | changes


def test_changing_the_rules(world: World, fund: Fund) -> None:
    client = pm(world)
    form = text(client.get(url("rules", fund)))
    assert form.count('type="radio"') == 3 * len(Category)
    response = client.post(
        url("rules", fund),
        rules_of(fund, case_manager_limit="40", rule_travel="not_allowed", receipt_days="21"),
    )
    assert response.status_code == 302
    fund.refresh_from_db()
    assert (fund.case_manager_limit, fund.receipt_days, fund.version) == (4000, 21, 2)
    assert fund.rule_for(Category.TRAVEL) is CategoryRule.NOT_ALLOWED
    assert fund.rule_for(Category.OTHER) is CategoryRule.SENIOR  # kept
    page = text(client.get(url("pot", fund)))
    assert "The case manager up to £40" in page
    assert "Not allowed" in page and "Travel" in page and "Due within 21 days" in page


def test_a_stale_edit_of_the_rules_keeps_what_was_typed(world: World, fund: Fund) -> None:
    client = pm(world)
    seen = rules_of(fund, name="Hull fund, renamed", person_limit="120")
    pots.change_rules(
        actor=StaffActor.about_no_person(world.programme_manager),
        fund_id=fund.pk,
        expected_version=fund.version,
        receipt_days=7,
    )
    response = client.post(url("rules", fund), seen)
    assert response.status_code == 200
    page = text(response)
    assert "Someone else has changed this fund since you opened this page" in page
    assert 'value="Hull fund, renamed"' in page
    assert 'name="version" value="2"' in page
    fund.refresh_from_db()
    assert (fund.name, fund.receipt_days) == ("Hull Enabling Fund", 7)
    # Saving again is a choice made having been told.
    assert client.post(url("rules", fund), seen | {"version": "2"}).status_code == 302
    fund.refresh_from_db()
    assert (fund.name, fund.person_limit) == ("Hull fund, renamed", 12_000)


def test_rules_out_of_order_are_refused(world: World, fund: Fund) -> None:
    response = pm(world).post(url("rules", fund), rules_of(fund, senior_limit="30"))
    assert response.status_code == 200
    assert "must be at least the case manager" in text(response)
    fund.refresh_from_db()
    assert fund.version == 1


# --- Providers ------------------------------------------------------------------------


def test_a_provider_is_added_taken_off_and_put_back(world: World, fund: Fund) -> None:
    client = pm(world)
    response = client.post(
        url("add-provider", fund), {"name": "Hull Food Bank", "sells": "Food parcels"}
    )
    assert response.status_code == 302
    added = Provider.objects.get(fund=fund, name="Hull Food Bank")
    assert added.active and added.sells == "Food parcels"
    duplicate = client.post(url("add-provider", fund), {"name": "hull food bank"})
    assert duplicate.status_code == 200
    assert "This provider is already on the fund&#x27;s list" in text(duplicate)
    assert 'id="id_name_error"' in text(duplicate)
    assert Provider.objects.filter(fund=fund).count() == 2

    response = client.post(url("provider", fund, added.pk), {"active": "0"})
    assert response.status_code == 302
    assert Provider.objects.get(pk=added.pk).active is False
    page = text(client.get(url("pot", fund)))
    assert "Hull Food Bank is off the fund&#x27;s list" in page and "Put back on the list" in page
    # No longer offered: a request to it is refused.
    with pytest.raises(ValidationError, match="approved list"):
        ask(
            actor=acting(world.cm, world.person),
            fund=fund,
            person=world.person,
            goal=a_goal(world.person, world.cm),
            category=Category.FOOD,
            amount=1000,
            what_for="Food",
            provider=Provider.objects.get(pk=added.pk),
        )
    client.post(url("provider", fund, added.pk), {"active": "1"})
    added.refresh_from_db()
    assert added.active


def test_a_provider_of_another_fund_is_not_found(world: World, fund: Fund) -> None:
    other = a_fund(world.beverley, world.programme_manager)
    theirs = Provider.objects.get(fund=other)
    response = pm(world).post(url("provider", fund, theirs.pk), {"active": "0"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


# --- The pot's page -------------------------------------------------------------------


def overdue_receipt(world: World, fund: Fund) -> Request:
    request = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    request.refresh_from_db()
    pay(
        actor=acting(world.cm, world.person),
        request_id=request.pk,
        expected_version=request.version,
        method=PaymentMethod.VOUCHER,
        amount=3500,
    )
    Request.objects.filter(pk=request.pk).update(
        receipt_due_on=timezone.localdate() - timedelta(days=3)
    )
    return request


def test_the_pots_page_shows_balances_what_waits_and_receipts_overdue(
    world: World, fund: Fund
) -> None:
    overdue_receipt(world, fund)
    a_request(fund, world.person, world.cm, amount=10_000)  # waits for the senior
    page = text(pm(world).get(reverse("fund:pots")))
    assert "Hull Enabling Fund" in page and "Open a new fund" in page
    assert "£1,000" in page and "£965" in page  # put in; available after £35 spent
    assert "1 request" in page and "1 overdue" in page
    assert "Alex" not in page  # numbers only on the list


def test_the_pot_page_logs_each_person_shown(world: World) -> None:
    fund = a_fund(world.hull, world.programme_manager, person_limit=30_000)
    overdue_receipt(world, fund)
    big = a_request(fund, world.person, world.cm, amount=20_000)  # only the programme manager
    a_request(fund, world.restricted_person, world.cm, amount=12_000)  # the senior's
    before = AccessLogEntry.objects.count()
    page = text(pm(world).get(url("pot", fund)))
    assert "Alex Q." in page and "Quinn" not in page
    assert reverse("fund:decision", args=[big.pk]) in page
    assert "1 other request is waiting" in page
    assert "Hilary" not in page and "Pennington" not in page
    entries = AccessLogEntry.objects.order_by("id")[before:]
    assert [(e.subject_id, e.relation, e.operation) for e in entries] == [
        (world.person.pk, Relation.FUND.value, Operation.CONSULT)
    ]


def test_a_restricted_persons_overdue_receipt_shows_no_name(world: World, fund: Fund) -> None:
    overdue_receipt(world, fund)
    Request.objects.update(person=world.restricted_person)
    page = text(pm(world).get(url("pot", fund)))
    assert "Restricted record" in page
    assert "Hilary" not in page and "Work boots for the building site" not in page


def test_the_pots_page_costs_the_same_however_many_pots(world: World) -> None:
    client = pm(world)
    a_fund(world.hull, world.programme_manager)
    few = page_queries(client, reverse("fund:pots"))
    a_fund(world.beverley, world.programme_manager)
    overdue_receipt(world, a_fund(None, world.programme_manager))
    assert page_queries(client, reverse("fund:pots")) == few


def test_the_pot_page_costs_the_same_however_long_the_ledger(world: World, fund: Fund) -> None:
    client = pm(world)
    overdue_receipt(world, fund)
    few = page_queries(client, url("pot", fund))
    for _ in range(25):
        pots.add_money(
            actor=StaffActor.about_no_person(world.programme_manager),
            fund_id=fund.pk,
            amount=100,
        )
    second = allocate(PersonFactory.create(team=world.team_a), world.cm)
    a_request(fund, second, world.cm, amount=1000, approve_now=True)
    assert page_queries(client, url("pot", fund)) == few
    assert "Next" in text(client.get(url("pot", fund)))


# --- Closing --------------------------------------------------------------------------


def closing_form(page: str) -> list[str]:
    """The ids the close page says it shows (its hidden ``seen`` inputs)."""
    return re.findall(r'name="seen" value="([0-9a-f-]+)"', page)


def checked(page: str, request: Request) -> str:
    """The choice the close page has selected for ``request``."""
    for tag in re.findall(rf'<input[^>]*name="decision_{request.pk}"[^>]*>', page):
        if " checked" in tag:
            return str(re.findall(r'value="(\w+)"', tag)[0])
    return ""


def test_closing_decides_every_waiting_request_and_returns_the_rest(
    world: World, fund: Fund
) -> None:
    approved_unpaid = a_request(fund, world.person, world.cm, amount=2000, approve_now=True)
    boots = a_request(fund, world.person, world.cm, amount=12_000)  # for the senior
    other = allocate(PersonFactory.create(team=world.team_a, first_name="Robin"), world.cm)
    coat = a_request(fund, other, world.cm, amount=4000, category=Category.CLOTHING)
    client = pm(world)
    page = text(client.get(url("close", fund)))
    assert sorted(closing_form(page)) == sorted([str(boots.pk), str(coat.pk)])
    assert "Alex Q.: £120" in page and "Robin" in page
    assert FUND_CLOSED_REASON in page
    assert "£20" in page  # approved and unpaid: keeps its money
    assert "£980" in page  # not committed
    assert checked(page, boots) == checked(page, coat) == "decline"  # the default

    response = client.post(
        url("close", fund),
        {
            "version": "1",
            "seen": [str(boots.pk), str(coat.pk)],
            f"decision_{boots.pk}": "approve",
            f"decision_{coat.pk}": "decline",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("pot", fund)
    fund.refresh_from_db()
    assert fund.is_closed and fund.closed_by == world.programme_manager
    boots.refresh_from_db()
    coat.refresh_from_db()
    approved_unpaid.refresh_from_db()
    assert boots.status == Status.APPROVED
    assert (coat.status, coat.reason) == (Status.DECLINED, FUND_CLOSED_REASON)
    assert approved_unpaid.status == Status.APPROVED
    position = balances(fund)
    assert (position.available, position.committed) == (0, 14_000)
    returned = Movement.objects.get(fund=fund, kind=MovementKind.CLOSED)
    assert returned.by_user == world.programme_manager

    after = text(client.get(url("pot", fund)))
    assert "Hull Enabling Fund is closed. 1 request approved and 1 declined" in after
    assert "Closed on" in after and "by Grace Dyer" in after
    assert "Returned when the fund closed" in after and "£860" in after
    for action in ("Add money or cut the fund", "Change the rules", "Add a provider"):
        assert action not in after
    assert "Take off the list" not in after
    assert "returned when it closed" in after and "£1,000" in after  # put in, all told
    listed = text(client.get(reverse("fund:pots")))
    assert "Closed" in listed and "Returned when it closed" in listed and "£860" in listed
    # Its forms send you back to it.
    assert client.get(url("close", fund))["Location"] == url("pot", fund)
    assert client.post(url("money", fund), {"direction": "add", "amount": "5"}).status_code == 302
    assert balances(fund).put_in == 14_000


def test_a_request_arriving_while_closing_is_shown_and_nothing_closes(
    world: World, fund: Fund
) -> None:
    first = a_request(fund, world.person, world.cm, amount=12_000)
    client = pm(world)
    assert closing_form(text(client.get(url("close", fund)))) == [str(first.pk)]
    arrived = a_request(fund, world.person, world.cm, amount=1000)
    response = client.post(
        url("close", fund),
        {"version": "1", "seen": [str(first.pk)], f"decision_{first.pk}": "approve"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "A request arrived while you were closing the fund" in page
    assert sorted(closing_form(page)) == sorted([str(first.pk), str(arrived.pk)])
    # Your choice for the first is kept; the new one is declined unless you choose.
    assert checked(page, first) == "approve"
    assert checked(page, arrived) == "decline"
    fund.refresh_from_db()
    assert not fund.is_closed
    assert Request.objects.filter(status=Status.WAITING).count() == 2


def test_an_approval_the_rules_refuse_closes_nothing(world: World) -> None:
    fund = a_fund(world.hull, world.programme_manager, person_limit=5000)
    first = a_request(fund, world.person, world.cm, amount=3000)
    second = a_request(fund, world.person, world.cm, amount=3000)
    response = pm(world).post(
        url("close", fund),
        {
            "version": "1",
            "seen": [str(first.pk), str(second.pk)],
            f"decision_{first.pk}": "approve",
            f"decision_{second.pk}": "approve",
        },
    )
    assert response.status_code == 200
    assert "Alex has £20 left of the £50 this fund gives one person" in text(response)
    fund.refresh_from_db()
    assert not fund.is_closed
    assert Request.objects.filter(status=Status.WAITING).count() == 2
    assert balances(fund).committed == 0


def test_an_empty_close_closes_nothing(world: World, fund: Fund) -> None:
    response = pm(world).post(url("close", fund), {})
    assert response.status_code == 200
    fund.refresh_from_db()
    assert not fund.is_closed


def test_closing_logs_each_person_listed(world: World, fund: Fund) -> None:
    a_request(fund, world.person, world.cm, amount=12_000)
    before = AccessLogEntry.objects.count()
    pm(world).get(url("close", fund))
    entries = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [(e.subject_id, e.relation) for e in entries] == [(world.person.pk, "fund")]
