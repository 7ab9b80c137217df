"""The senior case manager reads the team's decisions not to refer."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Exclusion, Operation
from mydirection.interventions.models import Referral, Status
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.testing import World, page_queries, sign_in

pytestmark = pytest.mark.django_db

URL = reverse("interventions:decisions")


def test_the_senior_sees_the_teams_decisions_newest_first(world: World) -> None:
    group = an_intervention(world.hull)
    time_bank = an_intervention(world.hull, provider=world.partner.organisation)
    older = a_referral(
        world.person,
        group,
        world.cm,
        status=Status.NOT_REFERRED,
        reason_detail="Recent incident at a group",
    )
    Referral.objects.filter(pk=older.pk).update(decided_at=timezone.now() - timedelta(days=3))
    a_referral(
        world.excluded_from_person,
        time_bank,
        world.colleague,
        status=Status.NOT_REFERRED,
        suitability="not_now",
        reason="timing",
    )
    a_referral(world.unallocated_person, time_bank, world.cm)  # referred: not a decision not to
    a_referral(  # another team's
        world.other_person,
        an_intervention(world.beverley),
        world.elsewhere,
        status=Status.NOT_REFERRED,
    )
    page = sign_in(Client(), world.senior).get(URL).content.decode()
    assert world.person.full_name in page and world.excluded_from_person.full_name in page
    assert page.index(world.excluded_from_person.full_name) < page.index(world.person.full_name)
    assert "Recent incident at a group" in page
    assert "Not suitable now" in page and "Timing in the sentence" in page
    assert world.cm.display_name in page and world.colleague.display_name in page
    assert world.unallocated_person.full_name not in page
    assert world.other_person.full_name not in page
    # Each person shown is logged as consulted by the senior; nobody else.
    logged = AccessLogEntry.objects.filter(what="Decisions not to refer")
    assert set(logged.values_list("subject_id", flat=True)) == {
        world.person.pk,
        world.excluded_from_person.pk,
    }
    assert set(logged.values_list("operation", flat=True)) == {Operation.CONSULT}
    assert set(logged.values_list("actor_id", flat=True)) == {world.senior.pk}


def test_the_decisions_filter_by_reason(world: World) -> None:
    group = an_intervention(world.hull)
    a_referral(world.person, group, world.cm, status=Status.NOT_REFERRED, reason="risk")
    a_referral(
        world.excluded_from_person,
        group,
        world.colleague,
        status=Status.NOT_REFERRED,
        reason="capacity",
    )
    page = sign_in(Client(), world.senior).get(URL, {"reason": "capacity"}).content.decode()
    assert world.excluded_from_person.full_name in page
    assert world.person.full_name not in page


def test_a_person_the_senior_is_barred_from_is_left_out(world: World) -> None:
    group = an_intervention(world.hull)
    a_referral(world.unallocated_person, group, world.cm, status=Status.NOT_REFERRED)
    Exclusion.objects.create(
        person=world.unallocated_person,
        user=world.senior,
        reason="Family",
        message="You are excluded from this case.",
        created_by=world.dpo,
    )
    page = sign_in(Client(), world.senior).get(URL).content.decode()
    assert world.unallocated_person.full_name not in page


def test_a_case_manager_gets_not_found(world: World) -> None:
    for persona in ("cm", "colleague", "programme_manager"):
        client = sign_in(Client(), world.personas()[persona])
        assert client.get(URL).status_code == 404, persona


def test_the_decisions_cost_the_same_however_many(world: World) -> None:
    client = sign_in(Client(), world.senior)
    group = an_intervention(world.hull)
    a_referral(world.person, group, world.cm, status=Status.NOT_REFERRED)
    before = page_queries(client, URL)
    for number in range(3):
        other = an_intervention(world.hull, name=f"Group {number}")
        a_referral(world.excluded_from_person, other, world.colleague, status=Status.NOT_REFERRED)
    assert page_queries(client, URL) == before
