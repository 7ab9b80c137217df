"""Monitoring figures against hand counts, computed in the database."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.actor import PersonActor
from mydirection.appointments.models import (
    NeedDiscussed,
    OutcomeGoal,
    OutcomeKind,
    Status,
    ToolUsed,
)
from mydirection.appointments.testing import AppointmentFactory, OutcomeFactory
from mydirection.caseload.models import Allocation
from mydirection.evaluation import monitoring
from mydirection.evaluation.monitoring import Dimension
from mydirection.evaluation.monitoring_page import cell
from mydirection.people.models import Consent, ConsentPurpose, Person
from mydirection.plans import services
from mydirection.plans.models import Agreement
from mydirection.plans.testing import a_goal
from mydirection.staff.models import Training
from mydirection.testing import PersonFactory, World, acting, allocate, page_queries, sign_in

pytestmark = pytest.mark.usefixtures("summaries_recounted")  # records written directly

LONDON = timezone.get_default_timezone()


def setup(world: World) -> None:
    """Team A (Hull): world.person, restricted and excluded people (held by cm) plus
    these; Team B (Beverley): two people held by ``elsewhere``."""
    Training.objects.create(user=world.cm, course="person_centred", completed_on=date(2024, 1, 5))
    a = allocate(PersonFactory.create(programme_start=date(2025, 2, 3)), world.cm)
    b = allocate(PersonFactory.create(programme_start=date(2025, 2, 20)), world.colleague)
    for _ in range(2):
        allocate(PersonFactory.create(), world.elsewhere)
    # b had two more case managers before: three in all.
    for manager in (world.cm, world.senior):
        Allocation.objects.create(
            person=b,
            case_manager=manager,
            allocated_by=world.senior,
            started_at=timezone.now() - timedelta(days=300),
            ended_at=timezone.now() - timedelta(days=200),
        )
    for person, purpose, withdrawn in (
        (a, ConsentPurpose.EVALUATION, None),
        (a, ConsentPurpose.REMINDERS, date(2025, 3, 1)),
        (b, ConsentPurpose.EVALUATION, date(2025, 3, 2)),
    ):
        Consent.objects.create(
            person=person,
            purpose=purpose,
            given_on=date(2025, 2, 10),
            withdrawn_on=withdrawn,
            recorded_by=world.cm,
        )


def by_group(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row.pop("group"): row for row in rows}


def test_people_on_the_programme(world: World) -> None:
    setup(world)
    rows = by_group(monitoring.people_on_programme(Dimension.OFFICE))
    # Hand counts: the world puts 4 people in Hull and 1 in Beverley; setup adds a and b
    # (both on the programme) in Hull and two people in Beverley.
    assert rows == {
        "Beverley": {"people": 3, "on_programme": 0},
        "Hull": {"people": 6, "on_programme": 2},
    }
    months = by_group(monitoring.people_on_programme(Dimension.MONTH))
    assert months == {"February 2025": {"people": 2, "on_programme": 2}}


def test_continuity_counts_distinct_case_managers(world: World) -> None:
    setup(world)
    rows = by_group(monitoring.continuity(Dimension.CASE_MANAGER, world.hull.pk))
    # Priya Natarajan (colleague) holds b, who has had three case managers, and one of the
    # world's people, who has had one: a mean of 2.
    assert rows["Priya Natarajan"] == {"people": 2, "mean_case_managers": 2.0, "three_or_more": 1}
    assert rows["Carol Mercer"]["three_or_more"] == 0
    assert rows["Carol Mercer"]["mean_case_managers"] == 1.0


def test_trained_and_untrained_case_managers(world: World) -> None:
    setup(world)
    rows = by_group(monitoring.trained_practice(Dimension.OFFICE))
    held_by_cm = Allocation.objects.filter(case_manager=world.cm, ended_at__isnull=True).count()
    hull = rows["Hull"]
    assert hull["trained_case_managers"] == 1
    assert hull["people_trained"] == held_by_cm - 0  # everyone cm holds now
    assert rows["Beverley"]["trained_case_managers"] == 0
    assert monitoring.trained_practice(Dimension.MONTH) == []


def test_consents(world: World) -> None:
    setup(world)
    rows = by_group(monitoring.consents(Dimension.MONTH))
    assert rows == {"February 2025": {"given": 3, "withdrawn": 2, "evaluation": 1, "people": 2}}
    assert by_group(monitoring.consents(Dimension.OFFICE, world.beverley.pk)) == {}


def test_plan_agreement_and_activity(world: World) -> None:
    setup(world)
    a, b = Person.objects.filter(programme_start__isnull=False).order_by("programme_start")
    a_goal(a, world.cm)
    services.record_agreement(
        person=a,
        actor=acting(world.cm, a).together(True),
        agreement=Agreement.AGREED,
        recorded_by=world.cm,
    )
    a_goal(b, world.colleague)
    services.record_agreement(
        person=b,
        actor=acting(world.colleague, b),
        agreement=Agreement.AGREED,
        recorded_by=world.colleague,
    )
    services.update_goal(  # b's plan changes after agreement: it needs agreeing again
        goal=b.plan.goals.get(),
        actor=PersonActor(b),
        changes={"title": "My own flat"},
        expected_version=1,
    )
    rows = by_group(monitoring.plan_agreement(Dimension.OFFICE))
    assert rows["Hull"] == {"people": 2, "with_plan": 2, "agreed": 2, "agreed_unchanged": 1}
    assert "Beverley" not in rows  # nobody there is on the programme
    activity = by_group(monitoring.plan_activity(Dimension.CASE_MANAGER))
    # a: goal added by cm alone, then agreed with a; b: goal added, agreed, changed by b.
    assert activity["Carol Mercer"] == {"changes": 2, "with_person": 1, "by_person": 0, "people": 1}
    assert activity["Priya Natarajan"] == {
        "changes": 3,
        "with_person": 1,
        "by_person": 1,
        "people": 1,
    }


def contacts(world: World) -> None:
    """Hull (world.person, Carol Mercer): March 2025 attended (accommodation, finances; a
    one-page profile), attended but failed to comply (accommodation), an unacceptable absence,
    one to be rescheduled (left out) and a cancelled one (left out); April 2025 in Beverley
    (other person, Sam Mills): attended with two tools."""
    other = allocate(PersonFactory.create(team=world.team_b), world.elsewhere)
    kinds = OutcomeKind
    for person, staff, day, outcome, needs, tools, status in (
        (world.person, world.cm, 3, kinds.ATTENDED_COMPLIED, ["accommodation", "finances"],
         ["one_page_profile"], Status.ARRANGED),
        (world.person, world.cm, 10, kinds.ATTENDED_FAILED_TO_COMPLY, ["accommodation"], [],
         Status.ARRANGED),
        (world.person, world.cm, 17, kinds.UNACCEPTABLE_ABSENCE, [], [], Status.ARRANGED),
        (world.person, world.cm, 24, kinds.TO_BE_RESCHEDULED, [], [], Status.ARRANGED),
        (world.person, world.cm, 25, kinds.ATTENDED_COMPLIED, ["finances"], [], Status.CANCELLED),
    ):  # fmt: skip
        appointment = AppointmentFactory.create(
            person=person,
            staff=staff,
            starts_at=datetime(2025, 3, day, 10, tzinfo=LONDON),
            status=status,
        )
        made = OutcomeFactory.create(appointment=appointment, outcome=outcome)
        NeedDiscussed.objects.bulk_create([NeedDiscussed(outcome=made, area=a) for a in needs])
        ToolUsed.objects.bulk_create([ToolUsed(outcome=made, tool=t) for t in tools])
        if day == 3:  # two goals with two needs: counted once, and the needs not doubled
            for title in ("My own flat", "Back to work"):
                OutcomeGoal.objects.create(outcome=made, goal=a_goal(person, staff, title))
    appointment = AppointmentFactory.create(
        person=other, staff=world.elsewhere, starts_at=datetime(2025, 4, 2, 10, tzinfo=LONDON)
    )
    made = OutcomeFactory.create(appointment=appointment, outcome=kinds.ATTENDED_COMPLIED)
    goal = a_goal(other, world.elsewhere)
    OutcomeGoal.objects.create(outcome=made, goal=goal)
    ToolUsed.objects.bulk_create(
        [ToolUsed(outcome=made, tool=t) for t in ("one_page_profile", "good_day_bad_day")]
    )


def test_attendance(world: World) -> None:
    contacts(world)
    rows = by_group(monitoring.attendance(Dimension.OFFICE))
    assert rows["Hull"] == {"people": 1, "with_outcome": 3, "attended": 2}
    assert rows["Beverley"] == {"people": 1, "with_outcome": 1, "attended": 1}
    rate = monitoring.figure("attendance").column("rate")
    assert cell({"attended": 2, "with_outcome": 3}, rate) == "66.7%"
    months = by_group(monitoring.attendance(Dimension.MONTH))
    assert months["March 2025"]["with_outcome"] == 3 and months["April 2025"]["attended"] == 1
    managers = by_group(monitoring.attendance(Dimension.CASE_MANAGER, world.beverley.pk))
    assert list(managers) == ["Sam Mills"]


def test_needs_discussed(world: World) -> None:
    contacts(world)
    rows = by_group(monitoring.needs_discussed(Dimension.TEAM))
    hull = rows["Team A, Hull"]
    assert hull["attended"] == 2 and hull["any_need"] == 2 and hull["plan_goal"] == 1
    assert hull["accommodation"] == 2 and hull["finances"] == 1 and hull["drug_use"] == 0
    beverley = rows["Team B, Beverley"]
    assert beverley["attended"] == 1 and beverley["any_need"] == 0
    assert beverley["plan_goal"] == 1
    assert by_group(monitoring.needs_discussed(Dimension.MONTH))["March 2025"]["attended"] == 2


def test_tools_used(world: World) -> None:
    contacts(world)
    rows = by_group(monitoring.tools_used(Dimension.OFFICE))
    assert rows["Hull"]["attended"] == 2 and rows["Hull"]["with_tools"] == 1
    assert rows["Hull"]["one_page_profile"] == 1 and rows["Hull"]["good_day_bad_day"] == 0
    assert rows["Beverley"]["attended"] == 1 and rows["Beverley"]["with_tools"] == 1
    assert rows["Beverley"]["one_page_profile"] == 1 and rows["Beverley"]["good_day_bad_day"] == 1


def test_the_dashboard_shows_every_figure(world: World) -> None:
    setup(world)
    contacts(world)
    client = sign_in(Client(), world.programme_manager)
    page = client.get(reverse("evaluation:home"), {"by": "team"}).content.decode()
    assert "Continuity of case manager" in page
    assert page.count("Not yet recorded") == 0
    assert "Attendance rate (%)" in page and "66.7%" in page
    assert "fewer than 5" in page  # team counts of 1 or 2 people
    assert "<svg" in page


def test_the_dashboard_takes_a_constant_number_of_queries(world: World) -> None:
    setup(world)
    client = sign_in(Client(), world.evaluator)
    url = reverse("evaluation:home")
    contacts(world)
    before = page_queries(client, url, {"by": "case_manager"})
    for _ in range(10):
        allocate(PersonFactory.create(programme_start=date(2025, 5, 1)), world.senior)
    contacts(world)
    assert page_queries(client, url, {"by": "case_manager"}) == before
