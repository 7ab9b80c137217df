"""Fund requests to decide (the list for case managers, seniors and the programme manager),
the programme manager's decision page, the menu and the caseload panel."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.fund.models import Fund, Movement, Request, Status
from mydirection.fund.testing import a_fund, a_request
from mydirection.testing import World, page_queries, sign_in

pytestmark = pytest.mark.django_db

WAITING = reverse("fund:waiting")


def text(response: Any) -> str:
    return str(response.content.decode())


def last_entry_id() -> int:
    """The newest access-log entry's id (ids run on from test to test on PostgreSQL)."""
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def decision_url(made: Request) -> str:
    return reverse("fund:decision", args=[made.pk])


@pytest.fixture
def big_fund(world: World) -> Fund:
    """Hull's pot with room for a £200 request, which only the programme manager approves."""
    return a_fund(world.hull, world.programme_manager, person_limit=30_000)


def test_each_decider_sees_the_requests_at_their_level_oldest_first(
    world: World, big_fund: Fund
) -> None:
    a_request(big_fund, world.person, world.cm, amount=3500)
    first = a_request(big_fund, world.person, world.cm, amount=12_000)
    a_request(big_fund, world.person, world.cm, amount=13_000)
    large = a_request(big_fund, world.person, world.cm, amount=20_000)
    cm = text(sign_in(Client(), world.cm).get(WAITING))
    assert "£35" in cm and "£120" not in cm and "£200" not in cm
    senior = text(sign_in(Client(), world.senior).get(WAITING))
    assert "£35" not in senior and "£200" not in senior
    assert senior.index("£120") < senior.index("£130")
    assert "Alex Quinn" in senior
    assert reverse("fund:request", args=[world.person.pk, first.pk]) in senior
    elsewhere = text(sign_in(Client(), world.elsewhere).get(WAITING))
    assert "No request is waiting for your decision" in elsewhere
    pm = text(sign_in(Client(), world.programme_manager).get(WAITING))
    assert "£200" in pm and "£120" not in pm
    assert decision_url(large) in pm
    assert "Alex Q." in pm and "Quinn" not in pm and world.person.case_reference not in pm
    assert reverse("fund:request", args=[world.person.pk, large.pk]) not in pm


def test_the_list_is_logged_with_each_readers_relation(world: World, big_fund: Fund) -> None:
    a_request(big_fund, world.person, world.cm, amount=12_000)
    a_request(big_fund, world.person, world.cm, amount=20_000)
    a_request(big_fund, world.person, world.cm, amount=21_000)
    before = last_entry_id()
    sign_in(Client(), world.senior).get(WAITING)
    senior = AccessLogEntry.objects.filter(id__gt=before)
    assert [(e.what, e.relation, e.subject_id) for e in senior] == [
        ("Fund requests to decide", Relation.TEAM_MANAGER, world.person.pk)
    ]
    before = last_entry_id()
    sign_in(Client(), world.programme_manager).get(WAITING)
    pm = AccessLogEntry.objects.filter(id__gt=before)
    # One entry per request, with the relation "fund": never the record.
    assert [(e.what, e.relation, e.subject_id, e.operation) for e in pm] == [
        ("Fund requests to decide", Relation.FUND, world.person.pk, Operation.CONSULT)
    ] * 2


def test_the_programme_manager_decides_a_200_pound_request_without_the_record(
    world: World, big_fund: Fund
) -> None:
    large = a_request(big_fund, world.person, world.cm, amount=20_000)
    client = sign_in(Client(), world.programme_manager)
    before = last_entry_id()
    page = text(client.get(decision_url(large)))
    assert "Alex Q." in page and "Quinn" not in page
    assert world.person.case_reference not in page
    assert "£200" in page and "Work boots for the building site" in page
    assert "Work equipment" in page and "Hull Workwear" in page
    assert "Get a job on a building site" in page and "Carol Mercer" in page
    entry = AccessLogEntry.objects.get(id__gt=before)
    assert (entry.what, entry.relation, entry.subject_id) == (
        "Enabling Fund request to decide",
        Relation.FUND,
        world.person.pk,
    )
    # Empty, or a decline without a reason: refused on the page, nothing changes.
    empty = client.post(decision_url(large), {})
    assert empty.status_code == 200 and "There is a problem" in text(empty)
    no_reason = client.post(decision_url(large), {"action": "decline", "version": 1})
    assert no_reason.status_code == 200
    assert "Say why, in words the person will read" in text(no_reason)
    large.refresh_from_db()
    assert large.status == Status.WAITING
    # Approved: the money is committed, and the list no longer shows it.
    done = client.post(decision_url(large), {"action": "approve", "version": 1}, follow=True)
    large.refresh_from_db()
    assert (large.status, large.decided_by) == (Status.APPROVED, world.programme_manager)
    assert Movement.objects.filter(request=large).count() == 1
    assert "Approved: £200 for Alex Q." in text(done)
    assert "No request is waiting for your decision" in text(done)


def test_the_programme_manager_declines_with_a_reason(world: World, big_fund: Fund) -> None:
    large = a_request(big_fund, world.person, world.cm, amount=20_000)
    client = sign_in(Client(), world.programme_manager)
    client.post(
        decision_url(large),
        {"action": "decline", "version": 1, "reason": "The council's grant pays for this"},
    )
    large.refresh_from_db()
    assert (large.status, large.reason) == (Status.DECLINED, "The council's grant pays for this")


def test_a_request_outside_the_programme_managers_scope_is_404(
    world: World, big_fund: Fund
) -> None:
    approved_small = a_request(big_fund, world.person, world.cm, amount=3500, approve_now=True)
    client = sign_in(Client(), world.programme_manager)
    assert client.get(decision_url(approved_small)).status_code == 404
    assert client.post(decision_url(approved_small), {"action": "approve"}).status_code == 404
    large = a_request(big_fund, world.person, world.cm, amount=20_000)
    for persona in (world.cm, world.senior, world.evaluator):
        assert sign_in(Client(), persona).get(decision_url(large)).status_code == 404


def test_a_decision_on_a_request_decided_meanwhile_says_so(world: World, big_fund: Fund) -> None:
    large = a_request(big_fund, world.person, world.cm, amount=20_000)
    client = sign_in(Client(), world.programme_manager)
    client.post(decision_url(large), {"action": "approve", "version": 1})
    again = client.post(decision_url(large), {"action": "decline", "version": 1, "reason": "No"})
    assert again.status_code == 200
    assert "The request has changed since you opened this page" in text(again)
    large.refresh_from_db()
    assert large.status == Status.APPROVED


# --- The menu and the caseload -----------------------------------------------------------


def test_the_menu_links_to_fund_requests_and_the_pots(world: World) -> None:
    cm = text(sign_in(Client(), world.cm).get(reverse("caseload:home")))
    assert f'href="{WAITING}">Fund requests' in cm
    assert "Enabling Fund</a>" not in cm
    pm = text(sign_in(Client(), world.programme_manager).get(WAITING))
    assert f'href="{reverse("fund:pots")}">Enabling Fund' in pm


def test_the_caseload_shows_the_requests_to_decide_only_when_there_are_some(
    world: World, fund: Fund
) -> None:
    client = sign_in(Client(), world.cm)
    assert "Fund requests to decide" not in text(client.get(reverse("caseload:home")))
    a_request(fund, world.person, world.cm, amount=3500)
    a_request(fund, world.person, world.cm, amount=2000)
    home = text(client.get(reverse("caseload:home")))
    assert "Fund requests to decide" in home
    assert "2 Enabling Fund requests are waiting for your decision" in home
    senior = text(sign_in(Client(), world.senior).get(reverse("caseload:home")))
    assert "Fund requests to decide</h2>" not in senior


# --- Query counts ------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "amount"), [("senior", 12_000), ("programme_manager", 20_000)])
def test_the_list_costs_the_same_however_many_requests(
    world: World, big_fund: Fund, persona: str, amount: int
) -> None:
    client = sign_in(Client(), world.personas()[persona])
    people = [world.person, world.unallocated_person, world.restricted_person]
    for person in people[:2]:
        a_request(big_fund, person, world.cm, amount=amount)
    small = page_queries(client, WAITING)
    for i in range(6):
        a_request(big_fund, people[i % 3], world.cm, amount=amount + i)
    assert page_queries(client, WAITING) == small
