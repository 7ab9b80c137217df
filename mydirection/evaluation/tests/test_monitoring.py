"""Monitoring figures against hand counts, computed in the database."""

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mydirection.caseload.models import Allocation
from mydirection.evaluation import monitoring
from mydirection.evaluation.monitoring import Dimension
from mydirection.people.models import Consent, ConsentPurpose
from mydirection.staff.models import Training
from mydirection.testing import PersonFactory, World, allocate, sign_in


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


def test_the_dashboard_shows_figures_and_what_is_not_yet_recorded(world: World) -> None:
    setup(world)
    client = sign_in(Client(), world.programme_manager)
    page = client.get(reverse("evaluation:home"), {"by": "team"}).content.decode()
    assert "Continuity of case manager" in page
    assert page.count("Not yet recorded") == 5
    assert "fewer than 5" in page  # team counts of 1 or 2 people
    assert "<svg" in page


def test_the_dashboard_takes_a_constant_number_of_queries(world: World) -> None:
    setup(world)
    client = sign_in(Client(), world.evaluator)
    url = reverse("evaluation:home")
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"by": "case_manager"})
    for _ in range(10):
        allocate(PersonFactory.create(programme_start=date(2025, 5, 1)), world.senior)
    with CaptureQueriesContext(connection) as after:
        client.get(url, {"by": "case_manager"})
    assert len(after) == len(before)
