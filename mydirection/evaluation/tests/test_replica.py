"""The monitoring figures and the impact report's cohorts read from a read replica when one is
configured (issue 16, item 6; ``mydirection/routers.py``).

The ``replica`` alias is Django's test mirror of the test database: a second connection to the
same data, as a streaming replica would be. Its queries are seen on that connection, so these
tests are transactional (what the primary writes must be committed for the second connection
to see it)."""

from datetime import date, timedelta

import pytest
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.appointments.models import OutcomeKind
from mydirection.appointments.testing import AppointmentFactory, OutcomeFactory
from mydirection.evaluation import monitoring
from mydirection.evaluation.forms import window_data
from mydirection.evaluation.monitoring import Dimension
from mydirection.evaluation.period import last_12_months
from mydirection.evaluation.testing import enrol
from mydirection.people.models import Person
from mydirection.routers import REPLICA, reading_from_replica, replica_reads
from mydirection.testing import World, sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("summaries_recounted"),  # records written directly
]


def tables(queries: list[dict[str, str]]) -> str:
    return " ".join(query["sql"] for query in queries)


def attended(world: World, count: int) -> None:
    for days in range(1, count + 1):
        appointment = AppointmentFactory.create(
            person=world.person, staff=world.cm, starts_at=timezone.now() - timedelta(days=days)
        )
        OutcomeFactory.create(appointment=appointment, outcome=OutcomeKind.ATTENDED_COMPLIED)


def test_the_monitoring_page_reads_its_figures_from_the_replica(world: World, settings) -> None:
    settings.READ_REPLICA = True
    attended(world, 3)
    client = sign_in(Client(), world.programme_manager)
    url = reverse("evaluation:home")

    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(url, {"by": Dimension.OFFICE})
    assert response.status_code == 200

    # Every figure's aggregate ran on the replica: the appointments' summaries (no figure
    # reads the appointments themselves), allocations, consents, plans, referrals, training...
    on_replica = tables(replica.captured_queries)
    for table in (
        "summaries_personmonth",
        "caseload_allocation",
        "people_consent",
        "plans_planversion",
        "interventions_referral",
        "staff_training",
    ):
        assert f'"{table}"' in on_replica, table
    # ...and none on the primary, which only had the session and the user.
    on_primary = tables(primary.captured_queries)
    # (The recount this test asks for writes the summaries on the primary; no sum is read.)
    assert 'SUM("summaries_personmonth"' not in on_primary
    assert "interventions_referral" not in on_primary
    assert "django_session" in on_primary

    # The figures are the ones the primary gives.
    period = last_12_months(timezone.localdate())
    with replica_reads():
        from_replica = monitoring.attendance(Dimension.OFFICE, None, period)
    assert from_replica == monitoring.attendance(Dimension.OFFICE, None, period)
    assert from_replica[0]["attended"] == 3


def test_without_a_replica_everything_reads_the_primary(world: World, settings) -> None:
    settings.READ_REPLICA = False
    attended(world, 1)
    client = sign_in(Client(), world.programme_manager)
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.get(reverse("evaluation:home"))
    assert response.status_code == 200
    assert replica.captured_queries == []


def test_the_impact_reports_cohort_reads_the_replica_and_logs_on_the_primary(
    world: World, settings
) -> None:
    settings.READ_REPLICA = True
    for _ in range(3):
        enrol(world.team_a, start=date(2025, 3, 1))
    client = sign_in(Client(), world.evaluator)
    query = window_data(world.hull, date(2025, 1, 1), date(2025, 6, 30))
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(reverse("evaluation:impact"), query)
    assert response.status_code == 200
    assert "people_person" in tables(replica.captured_queries)
    assert "evaluation_reoffendingevent" in tables(replica.captured_queries)
    assert "evaluation_reoffendingevent" not in tables(primary.captured_queries)
    # The combination is logged on the primary, one entry a person.
    assert AccessLogEntry.objects.filter(operation=Operation.COMBINE).count() == 3


def test_writes_and_reads_in_a_transaction_stay_on_the_primary(world: World, settings) -> None:
    settings.READ_REPLICA = True
    with replica_reads():
        assert reading_from_replica()
        person = Person.objects.get(pk=world.person.pk)
        assert person._state.db == REPLICA
        with CaptureQueriesContext(connections[REPLICA]) as replica:
            # An object read from the replica is saved to the primary...
            person.first_name = "Sam"
            person.save(update_fields=["first_name"])
            # ...and reads in a transaction see what it wrote.
            with transaction.atomic():
                assert not reading_from_replica()
                assert Person.objects.get(pk=person.pk).first_name == "Sam"
        assert replica.captured_queries == []
    assert not reading_from_replica()
    assert Person.objects.get(pk=person.pk)._state.db == "default"
