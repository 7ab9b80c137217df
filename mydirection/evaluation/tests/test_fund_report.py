"""The Enabling Fund report page: the pilot's figures from the demo's closed pot, small
numbers suppressed, no names, every combination logged, a CSV, the same queries however much
data there is."""

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.actor import StaffActor
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.demo.fund import DemoFund
from mydirection.demo.testing import a_demo_fund, hull_people
from mydirection.evaluation.fund_report import duration_text
from mydirection.evaluation.services import FUND_PURPOSE
from mydirection.evaluation.suppression import SUPPRESSED
from mydirection.fund.models import Fund, PaymentMethod, Request
from mydirection.fund.services.requests import pay
from mydirection.fund.testing import a_request
from mydirection.people.models import Person
from mydirection.testing import World, page_queries, sign_in

URL = reverse("evaluation:fund")


@pytest.fixture
def demo(world: World) -> DemoFund:
    return a_demo_fund(world)


def figures(response: Any) -> dict[str, str]:
    report = response.context["report"]
    return {f.label: f.value for f in [*report.key, *report.money, *report.requests]}


def table(response: Any, key: str) -> dict[str, tuple[str, ...]]:
    found = next(t for t in response.context["report"].tables if t.key == key)
    return {r.label: (r.uses, r.people, r.total, r.mean, r.largest) for r in found.rows}


def test_the_closed_pilot_pot_shows_the_pilots_figures(world: World, demo: DemoFund) -> None:
    assert demo.pilot is not None
    client = sign_in(Client(), world.evaluator)
    response = client.get(URL, {"fund": str(demo.pilot.pk)})
    assert response.status_code == 200
    shown = figures(response)
    assert shown["Uses (requests paid)"] == "10"
    assert shown["People"] == "9"
    assert shown["Total spent"] == "£453.40"
    assert shown["Mean purchase"] == "£45.34"
    assert shown["Largest purchase"] == "£84"
    assert shown["Cut"] == "£400"
    assert shown["Declined because the fund closed"] == "1"
    # Mostly accommodation, food and clothing: the counts of uses are shown as they are, the
    # people and the money of each (fewer than 5 people) suppressed.
    categories = table(response, "category")
    assert list(categories) == ["Accommodation", "Food", "Clothing", "ID documents"]
    assert [row[0] for row in categories.values()] == ["4", "3", "2", "1"]
    assert all(row[1:] == (SUPPRESSED,) * 4 for row in categories.values())
    offices = table(response, "office")
    assert offices == {"Hull": ("10", "9", "£453.40", "£45.34", "£84")}
    page = response.content.decode()
    assert "£453.40" in page and "Hull Enabling Fund (pilot)" in page
    assert 'aria-current="page">Enabling Fund' in page


def test_small_numbers_are_suppressed_in_the_totals_too(world: World, demo: DemoFund) -> None:
    assert demo.now is not None
    client = sign_in(Client(), world.programme_manager)
    response = client.get(URL, {"fund": str(demo.now.pk)})
    shown = figures(response)
    # Two uses by two people: the count of uses stands, who and how much do not.
    assert shown["Uses (requests paid)"] == "2"
    for label in ("People", "Total spent", "Mean purchase", "Largest purchase"):
        assert shown[label] == SUPPRESSED
    assert (shown["Waiting for a decision"], shown["Receipts overdue"]) == ("2", "1")
    assert "£67" not in response.content.decode()


def test_all_pots_together(world: World, demo: DemoFund) -> None:
    response = sign_in(Client(), world.evaluator).get(URL)
    shown = figures(response)
    assert (shown["Uses (requests paid)"], shown["People"]) == ("12", "11")
    assert shown["Total spent"] == "£520.40"  # £453.40 and the pot now's £42 and £25
    assert shown["Pots"] == "2 (1 closed)"
    assert response.context["period"] == "the whole time"


def test_no_one_is_named(world: World, demo: DemoFund) -> None:
    page = sign_in(Client(), world.evaluator).get(URL).content.decode()
    people = Person.objects.filter(fund_requests__isnull=False).distinct()
    assert people.count() == 18
    for person in people:
        assert f"{person.first_name} {person.last_name}" not in page
        assert person.case_reference not in page
    for request in Request.objects.all():
        assert request.what_for not in page
        assert not request.reason or request.reason not in page


def test_each_person_combined_is_logged(world: World, demo: DemoFund) -> None:
    assert demo.pilot is not None
    before = AccessLogEntry.objects.count()
    sign_in(Client(), world.evaluator).get(
        URL,
        {"fund": str(demo.pilot.pk), "start": "", "end_0": "1", "end_1": "1", "end_2": "2099"},
    )
    entries = AccessLogEntry.objects.order_by("id")[before:]
    assert {e.operation for e in entries} == {Operation.COMBINE}
    assert {e.subject_id for e in entries} == set(
        Request.objects.filter(fund=demo.pilot).values_list("person_id", flat=True)
    )
    entry = entries[0]
    assert (entry.actor_id, entry.relation, entry.justification) == (
        world.evaluator.pk,
        Relation.EVALUATION,
        FUND_PURPOSE,
    )
    assert entry.what == "Enabling Fund report"
    assert entry.details == {
        "fund": str(demo.pilot.pk),
        "period_start": "",
        "period_end": "2099-01-01",
        "people": 11,
    }


def test_the_csv_holds_the_same_suppressed_figures(world: World, demo: DemoFund) -> None:
    assert demo.pilot is not None
    client = sign_in(Client(), world.programme_manager)
    page = client.get(URL, {"fund": str(demo.pilot.pk)}).content.decode()
    assert f"{reverse('evaluation:fund-csv')}?fund={demo.pilot.pk}" in page
    response = client.get(reverse("evaluation:fund-csv"), {"fund": str(demo.pilot.pk)})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Total spent", "£453.40"] in rows
    assert ["Accommodation", "4", SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED] in rows
    assert AccessLogEntry.objects.filter(what="Enabling Fund report (CSV download)").count() == 11


def test_a_period_ending_before_it_starts_is_explained_and_nothing_is_combined(
    world: World, demo: DemoFund
) -> None:
    before = AccessLogEntry.objects.filter(operation=Operation.COMBINE).count()
    query = {"start_0": "1", "start_1": "6", "start_2": "2025"} | {
        "end_0": "1",
        "end_1": "1",
        "end_2": "2025",
    }
    response = sign_in(Client(), world.evaluator).get(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The end of the period must be the same as or after its start" in page
    assert "report" not in response.context
    assert AccessLogEntry.objects.filter(operation=Operation.COMBINE).count() == before
    csv_response = sign_in(Client(), world.evaluator).get(reverse("evaluation:fund-csv"), query)
    assert csv_response.status_code == 404


def test_the_evaluation_home_links_to_it(world: World) -> None:
    page = sign_in(Client(), world.evaluator).get(reverse("evaluation:home")).content.decode()
    assert f'href="{URL}"' in page


def test_others_get_404(world: World) -> None:
    for user in (world.cm, world.senior, world.dpo, world.partner):
        assert sign_in(Client(), user).get(URL).status_code == 404


def test_the_same_queries_however_many_requests(world: World, demo: DemoFund) -> None:
    client = sign_in(Client(), world.evaluator)
    assert demo.now is not None
    before = page_queries(client, URL)
    before_pot = page_queries(client, URL, {"fund": str(demo.now.pk)})
    hull_people(world, 5, prefix="M")
    fund = Fund.objects.get(pk=demo.now.pk)
    for person in Person.objects.filter(case_reference__startswith="M"):
        request = a_request(fund, person, world.cm, amount=2000, approve_now=True)
        request.refresh_from_db()
        pay(
            actor=StaffActor(world.programme_manager, Relation.FUND),
            request_id=request.pk,
            expected_version=request.version,
            method=PaymentMethod.VOUCHER,
            amount=2000,
        )
    assert page_queries(client, URL) == before
    assert page_queries(client, URL, {"fund": str(demo.now.pk)}) == before_pot


@pytest.mark.parametrize(
    ("hours", "text"),
    [(0, "under an hour"), (1.2, "1 hour"), (30, "30 hours"), (48, "2 days"), (90, "3.8 days")],
)
def test_decision_times_read_in_hours_or_days(hours: float, text: str) -> None:
    assert duration_text(timedelta(hours=hours)) == text
