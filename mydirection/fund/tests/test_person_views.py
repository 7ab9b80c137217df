"""A person's Enabling Fund tab, asking with the person (the fast lane), one request and the
steps on it: approving, declining, paying, cancelling and the receipt."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.fund.models import (
    Category,
    Fund,
    Level,
    Movement,
    PaymentMethod,
    Provider,
    Request,
    Status,
)
from mydirection.fund.selectors import balances, used_by
from mydirection.fund.services.requests import approve, decline, pay
from mydirection.fund.testing import WORK, a_decided_request_with_receipt, a_fund, a_request
from mydirection.plans.models import Goal
from mydirection.plans.testing import a_goal
from mydirection.testing import World, acting, page_queries, sign_in
from mydirection.uploads.testing import a_pdf, a_photo, uploaded

pytestmark = pytest.mark.django_db


def url(name: str, world: World, *args: object) -> str:
    return reverse(f"fund:{name}", args=[world.person.pk, *args])


def text(response: Any) -> str:
    return str(response.content.decode())


def last_entry_id() -> int:
    """The newest access-log entry's id (ids run on from test to test on PostgreSQL)."""
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def goal(world: World) -> Goal:
    return a_goal(world.person, world.cm, "Get a job on a building site", area=WORK)


def asking(chosen: Goal, fund: Fund, **fields: str) -> dict[str, str]:
    """The ask form filled in: £35 of work boots from Hull Workwear."""
    return {
        "goal": str(chosen.pk),
        "category": Category.WORK_EQUIPMENT.value,
        "amount": "35",
        "what_for": "Work boots so I can start on the building site",
        "provider": str(Provider.objects.get(fund=fund, name="Hull Workwear").pk),
    } | fields


# --- Asking ------------------------------------------------------------------------------


def test_the_fast_lane_approves_35_pounds_in_one_step(world: World, fund: Fund, goal: Goal) -> None:
    client = sign_in(Client(), world.cm)
    form = text(client.get(url("ask", world)))
    assert "Ask and approve" in form and "Send for a decision" in form
    assert "In pounds, for example 35 or 35.50" in form
    assert "Get a job on a building site" in form and "Work boots and clothing" in form
    response = client.post(url("ask", world), asking(goal, fund) | {"approve": "yes"})
    made = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("request", world, made.pk)
    assert (made.status, made.decided_by, made.amount) == (Status.APPROVED, world.cm, 3500)
    assert made.goal == goal
    assert balances(fund).committed == 3500
    page = text(client.get(response["Location"]))
    assert "Approved: £35 from Hull Workwear" in page
    assert "Record payment" in page and "Add receipt" in page
    tab = text(client.get(url("person", world)))
    assert "Work boots so I can start on the building site" in tab
    assert "£115" in tab  # left of the £150 a person may have
    assert "Carol Mercer" in tab


def test_sending_35_pounds_for_a_decision_leaves_it_waiting(
    world: World, fund: Fund, goal: Goal
) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(url("ask", world), asking(goal, fund) | {"send": "yes"}, follow=True)
    made = Request.objects.get()
    assert made.status == Status.WAITING and made.level == Level.CASE_MANAGER
    assert "Request sent to a case manager to decide" in text(response)


def test_120_pounds_waits_for_the_senior_who_approves_it(
    world: World, fund: Fund, goal: Goal
) -> None:
    cm = sign_in(Client(), world.cm)
    response = cm.post(url("ask", world), asking(goal, fund, amount="120") | {"approve": "yes"})
    made = Request.objects.get()
    assert (made.status, made.level) == (Status.WAITING, Level.SENIOR)
    page = text(cm.get(response["Location"]))
    assert "Request saved, waiting for a senior case manager" in page
    # The case manager's list has nothing to decide; the senior's has it.
    assert "No request is waiting for your decision" in text(cm.get(reverse("fund:waiting")))
    senior = sign_in(Client(), world.senior)
    waiting = text(senior.get(reverse("fund:waiting")))
    assert "Work boots so I can start" in waiting and "£120" in waiting
    assert url("request", world, made.pk) in waiting
    # The case manager sees who must decide it, and no Approve button.
    assert "Waiting for a senior case manager to decide it" in page
    assert "Approve £120" not in page
    # Their crafted approval is refused with the reason, and no money moves.
    refused = cm.post(url("approve", world, made.pk), {"version": made.version})
    assert refused.status_code == 200
    assert "This request needs a senior case manager to approve it" in text(refused)
    made.refresh_from_db()
    assert made.status == Status.WAITING
    assert not Movement.objects.filter(request=made).exists()
    # The senior approves it from the request page.
    assert "Approve £120" in text(senior.get(url("request", world, made.pk)))
    approved = senior.post(url("approve", world, made.pk), {"version": made.version}, follow=True)
    made.refresh_from_db()
    assert (made.status, made.decided_by) == (Status.APPROVED, world.senior)
    assert "Approved: £120 from Hull Workwear" in text(approved)
    assert "Stewart Farmer" in text(approved)  # in the money's history: who approved


def other_pots_provider(world: World) -> Provider:
    other = a_fund(world.beverley, world.programme_manager, name="Beverley Enabling Fund")
    return Provider.objects.get(fund=other)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "The amount must be more than £0"),
        ({"amount": "0"}, "amount", "The amount must be more than £0"),
        ({"amount": "12.345"}, "amount", "The amount cannot have parts of a penny"),
        ({"amount": ""}, "amount", "Enter an amount in pounds, like 35 or 35.50"),
        (
            {"amount": "151"},
            "amount",
            "Alex has £150 left of the £150 this fund gives one person: ask for that or less",
        ),
        ({"what_for": "  "}, "what_for", "Say what the money is for"),
        ({"provider": "another pot"}, "provider", "Choose a shop or service from the fund"),
        ({"goal": "another person"}, "goal", "Choose one of Alex&#x27;s goals"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    world: World, fund: Fund, goal: Goal, fields: dict[str, str], field: str, message: str
) -> None:
    if fields.get("provider") == "another pot":
        fields = {"provider": str(other_pots_provider(world).pk)}
    if fields.get("goal") == "another person":
        fields = {"goal": str(a_goal(world.other_person, world.elsewhere).pk)}
    client = sign_in(Client(), world.cm)
    movements = Movement.objects.count()
    response = client.post(url("ask", world), asking(goal, fund, **fields) | {"approve": "yes"})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert f'id="id_{field}_error"' in page
    assert message in page
    assert Request.objects.count() == 0
    assert Movement.objects.count() == movements


def test_a_category_the_pot_does_not_pay_for_is_not_offered(
    world: World, fund: Fund, goal: Goal
) -> None:
    Fund.objects.filter(pk=fund.pk).update(
        category_rules={"phone": "not_allowed", "other": "senior"}
    )
    client = sign_in(Client(), world.cm)
    form = text(client.get(url("ask", world)))
    assert "Phone and data" not in form
    assert "Something else (a senior case manager decides)" in form
    response = client.post(url("ask", world), asking(goal, fund, category="phone"))
    assert "Select one of the kinds of thing the fund pays for" in text(response)
    assert Request.objects.count() == 0


def test_without_a_goal_the_ask_page_sends_you_to_the_plan(world: World, fund: Fund) -> None:
    page = text(sign_in(Client(), world.cm).get(url("ask", world)))
    assert "has no current goal yet" in page
    assert reverse("plans:plan", args=[world.person.pk]) in page
    assert "Send for a decision" not in page


def test_without_an_open_pot_the_tab_says_so(world: World, goal: Goal) -> None:
    client = sign_in(Client(), world.cm)
    tab = text(client.get(url("person", world)))
    assert "No Enabling Fund is open for Hull" in tab
    assert "Ask the Enabling Fund" not in tab
    assert "No Enabling Fund is open for Hull" in text(client.get(url("ask", world)))


def test_the_tab_lists_requests_newest_first_with_decisions_and_overdue_receipts(
    world: World, fund: Fund, goal: Goal
) -> None:
    boots = a_request(fund, world.person, world.cm, amount=3500, approve_now=True, goal=goal)
    pay(
        actor=acting(world.cm, world.person),
        request_id=boots.pk,
        expected_version=2,
        method=PaymentMethod.VOUCHER,
        amount=3500,
    )
    Request.objects.filter(pk=boots.pk).update(receipt_due_on="2020-01-01")
    coat = a_request(fund, world.person, world.cm, amount=2500, goal=goal)
    decline(
        actor=acting(world.senior, world.person),
        request_id=coat.pk,
        expected_version=1,
        reason="The clothing bank has coats: I will take you on Tuesday",
    )
    client = sign_in(Client(), world.cm)
    tab = text(client.get(url("person", world)))
    table = tab[tab.index("<table") :]
    assert table.index("£25") < table.index("£35")  # newest first
    assert "Declined" in tab and "The clothing bank has coats" in tab
    assert "Stewart Farmer" in tab  # who declined it
    assert "Paid" in tab
    assert "Receipt overdue since 1 January 2020" in tab
    assert "£115" in tab  # £150 less the £35 spent
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None
    assert (entry.operation, entry.what, entry.subject_id) == (
        Operation.CONSULT,
        "Enabling Fund requests",
        world.person.pk,
    )


def test_another_teams_case_manager_gets_404(world: World, fund: Fund) -> None:
    made = a_request(fund, world.person, world.cm)
    client = sign_in(Client(), world.elsewhere)
    for name, args in [("person", ()), ("ask", ()), ("request", (made.pk,))]:
        assert client.get(url(name, world, *args)).status_code == 404
    assert client.post(url("approve", world, made.pk), {"version": 1}).status_code == 404
    made.refresh_from_db()
    assert made.status == Status.WAITING


# --- Deciding, paying, cancelling --------------------------------------------------------


def test_declining_needs_a_reason_the_person_reads(world: World, fund: Fund) -> None:
    made = a_request(fund, world.person, world.cm, amount=12000)
    client = sign_in(Client(), world.senior)
    form = text(client.get(url("decline", world, made.pk)))
    assert "The person will read this" in form
    refused = client.post(url("decline", world, made.pk), {"version": 1, "reason": " "})
    assert refused.status_code == 200
    assert "Say why, in words the person will read" in text(refused)
    made.refresh_from_db()
    assert made.status == Status.WAITING
    done = client.post(
        url("decline", world, made.pk), {"version": 1, "reason": "Ask the jobcentre first"}
    )
    assert done.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.reason) == (Status.DECLINED, "Ask the jobcentre first")


def test_an_action_on_a_request_that_changed_says_so_and_changes_nothing(
    world: World, fund: Fund
) -> None:
    made = a_request(fund, world.person, world.cm, amount=3500)
    approve(actor=acting(world.senior, world.person), request_id=made.pk, expected_version=1)
    client = sign_in(Client(), world.cm)
    stale = client.post(url("approve", world, made.pk), {"version": 1})
    assert stale.status_code == 200
    assert "The request has changed since you opened this page" in text(stale)
    declined = client.post(url("decline", world, made.pk), {"version": 1, "reason": "No"})
    assert "The request has changed since you opened this page" in text(declined)
    made.refresh_from_db()
    assert (made.status, made.decided_by) == (Status.APPROVED, world.senior)
    assert Movement.objects.filter(request=made).count() == 1


def test_paying_more_than_approved_is_refused_and_paying_less_gives_the_rest_back(
    world: World, fund: Fund
) -> None:
    made = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    client = sign_in(Client(), world.cm)
    form = text(client.get(url("pay", world, made.pk)))
    assert 'value="35"' in form  # the approved amount, ready to confirm
    too_much = client.post(
        url("pay", world, made.pk), {"version": 2, "method": "voucher", "amount": "40"}
    )
    assert too_much.status_code == 200
    assert 'id="id_amount_error"' in text(too_much)
    assert "cannot be more than the £35 approved" in text(too_much)
    no_receipt = client.post(
        url("pay", world, made.pk), {"version": 2, "method": "reimbursement", "amount": "35"}
    )
    assert "Add the receipt before paying the person back" in text(no_receipt)
    made.refresh_from_db()
    assert made.status == Status.APPROVED
    paid = client.post(
        url("pay", world, made.pk),
        {"version": 2, "method": "purchase_order", "amount": "30.50", "reference": "PO-17"},
        follow=True,
    )
    made.refresh_from_db()
    assert (made.status, made.paid_amount, made.payment_reference) == (Status.PAID, 3050, "PO-17")
    page = text(paid)
    assert "Payment of £30.50 recorded" in page
    assert "£4.50 not spent went back to the fund" in page
    assert used_by(fund, world.person) == 3050


def test_cancelling_an_approved_request_releases_its_money(world: World, fund: Fund) -> None:
    made = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    client = sign_in(Client(), world.cm)
    empty = client.post(url("cancel", world, made.pk), {"version": 2})
    assert "Say why, in words the person will read" in text(empty)
    done = client.post(
        url("cancel", world, made.pk), {"version": 2, "reason": "A friend gave Alex boots"}
    )
    assert done.status_code == 302
    made.refresh_from_db()
    assert made.status == Status.CANCELLED
    assert balances(fund).committed == 0
    page = text(client.get(url("request", world, made.pk)))
    assert "Released" in page and "A friend gave Alex boots" in page


# --- The receipt -------------------------------------------------------------------------


def test_the_receipt_is_added_shown_and_served_only_to_those_who_may_see_it(
    world: World, fund: Fund, django_capture_on_commit_callbacks: Any
) -> None:
    made = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    client = sign_in(Client(), world.cm)
    assert "Select a photo or PDF of the receipt" in text(
        client.post(url("add-receipt", world, made.pk), {})
    )
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            url("add-receipt", world, made.pk), {"receipt": uploaded(a_photo(), "boots.jpg")}
        )
    assert added.status_code == 302
    made.refresh_from_db()
    assert made.receipt is not None
    receipt_url = url("receipt", world, made.pk)
    page = text(client.get(url("request", world, made.pk)))
    assert f'<img class="govuk-!-width-one-half" src="{receipt_url}"' in page
    before = last_entry_id()
    served = client.get(receipt_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    entries = AccessLogEntry.objects.filter(id__gt=before)
    assert {(e.what, e.actor_id, e.subject_id) for e in entries} == {
        ("Enabling Fund receipt", world.cm.pk, world.person.pk)
    }
    assert any(e.details.get("file") == str(made.receipt_id) for e in entries)
    # Another team's case manager: no such page; nothing of Alex's logged as seen.
    other = sign_in(Client(), world.elsewhere)
    before = last_entry_id()
    assert other.get(receipt_url).status_code == 404
    assert not AccessLogEntry.objects.filter(id__gt=before, operation=Operation.CONSULT).exists()


def test_a_pdf_receipt_is_a_download_link(
    world: World, fund: Fund, django_capture_on_commit_callbacks: Any
) -> None:
    made = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    client = sign_in(Client(), world.cm)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("add-receipt", world, made.pk), {"receipt": uploaded(a_pdf(), "r.pdf")})
    page = text(client.get(url("request", world, made.pk)))
    assert "Download the receipt (PDF)" in page and "<img" not in page
    served = client.get(url("receipt", world, made.pk))
    assert served["Content-Disposition"].startswith("attachment")


def test_a_request_without_a_receipt_has_none_to_serve(world: World, fund: Fund) -> None:
    made = a_request(fund, world.person, world.cm, amount=3500)
    assert sign_in(Client(), world.cm).get(url("receipt", world, made.pk)).status_code == 404


def test_the_matrix_subject_shows_its_receipt_to_the_senior(world: World) -> None:
    made = a_decided_request_with_receipt(world)
    client = sign_in(Client(), world.senior)
    page = text(client.get(url("request", world, made.pk)))
    assert "Who decides" in page and "The programme manager" in page
    assert client.get(url("receipt", world, made.pk)).status_code == 200


# --- Query counts ------------------------------------------------------------------------


def some_requests(world: World, fund: Fund, goal: Goal, count: int) -> None:
    """Requests of each kind: waiting, declined and (while the limit allows) approved."""
    for i in range(count):
        made = a_request(fund, world.person, world.cm, amount=1000 + i, goal=goal)
        if i % 3 == 1:
            decline(
                actor=acting(world.cm, world.person),
                request_id=made.pk,
                expected_version=1,
                reason="Not this time",
            )


def test_the_tab_costs_the_same_however_many_requests(world: World, fund: Fund, goal: Goal) -> None:
    client = sign_in(Client(), world.cm)
    a_request(fund, world.person, world.cm, amount=3500, approve_now=True, goal=goal)
    some_requests(world, fund, goal, 3)
    small = page_queries(client, url("person", world))
    some_requests(world, fund, goal, 9)
    assert page_queries(client, url("person", world)) == small


def test_the_request_page_costs_the_same_however_much_history(world: World, fund: Fund) -> None:
    client = sign_in(Client(), world.cm)
    small_one = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    small = page_queries(client, url("request", world, small_one.pk))
    big_one = a_request(fund, world.person, world.cm, amount=3500, approve_now=True)
    pay(
        actor=acting(world.cm, world.person),
        request_id=big_one.pk,
        expected_version=2,
        method=PaymentMethod.VOUCHER,
        amount=3000,
    )
    assert page_queries(client, url("request", world, big_one.pk)) == small
