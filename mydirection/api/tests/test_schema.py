"""Schemathesis over the whole schema, in-process through the WSGI application: with a valid
token against a world with data, no operation answers 5xx and every answer conforms to the
schema (status, content type, body, headers). A bounded number of examples per operation
keeps it to seconds."""

from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok

from mydirection.access.models import AccessLogEntry
from mydirection.api.endpoints import api
from mydirection.api.testing import a_token, bearer
from mydirection.appointments.testing import appointment_subjects
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.plans.testing import a_plan
from mydirection.testing import World

EXAMPLES = 20


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT="100000/min")  # the rate limit has its own test
def test_every_operation_conforms_to_the_schema(world: World) -> None:
    a_plan(world.person, world.cm)
    appointment_subjects(world)
    a_referral(world.person, an_intervention(world.hull), world.cm)
    _token, secret = a_token(world.cm)
    cache.clear()
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    schema.app = get_wsgi_application()
    # Path parameters: sometimes a person the token may read, one it may not know, and a
    # restricted one it may read; otherwise whatever schemathesis draws.
    people = [str(world.person.pk), str(world.other_person.pk), str(world.restricted_person.pk)]
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results) == 5
    # Django's test client keeps the test's connection open across requests; a WSGI call
    # would close it when the request finishes (and PostgreSQL would lose the test's data).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _run(operations, people, secret)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    # The examples reached the data, not only 404s: the person's reads are in the access log.
    read = AccessLogEntry.objects.filter(subject_id=world.person.pk, what__startswith="API: ")
    assert set(read.values_list("what", flat=True)) == {
        "API: people",
        "API: person",
        "API: plan",
        "API: appointments",
        "API: referrals",
    }


def _run(operations: list[Any], people: list[str], secret: str) -> None:
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy(), person=st.sampled_from([*people, None]))
        def check(case: Any, person: str | None) -> None:
            if person and "person_id" in (case.path_parameters or {}):
                case.path_parameters["person_id"] = person
            case.call_and_validate(headers=bearer(secret))

        check()
