"""One timeline of the person, shown in part by two pages: the History tab (sentences,
allocations, recorded changes) and the Activity log (appointments and the rest). Apps add their
events by registering a source with the log it belongs to."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.caseload import services as caseload
from mydirection.people import timeline
from mydirection.people.models import Person
from mydirection.testing import OrderFactory, World, acting, sign_in

pytestmark = pytest.mark.django_db


def test_the_history_tab_shows_sentences_allocations_and_changes_once(world: World) -> None:
    person = world.person
    caseload.reallocate(
        actor=acting(world.senior, person),
        person=person,
        to=world.colleague,
        reason="Caseload balance",
        handover=caseload.HandoverNote(what_matters="Her children", key_history="Moved to Hull"),
    )
    record(
        actor=acting(world.colleague, person),
        operation=Operation.ALTER,
        what="Personal details changed",
        subject_id=person.pk,
    )
    AppointmentFactory.create(person=person, starts_at=local(-1))
    page = sign_in(Client(), world.colleague).get(reverse("people:history", args=[person.pk]))
    html = page.content.decode()
    assert "Sentenced: Community Order" in html
    assert f"Allocated to {world.colleague.display_name}" in html and "Caseload balance" in html
    assert "Personal details changed" in html
    # The allocation is told once, with its reason, not again as a bare log entry.
    assert caseload.REALLOCATED not in html
    # Appointments are the Activity log's.
    assert "Supervision" not in html


@pytest.fixture
def own_sources() -> Iterator[None]:
    """Sources registered by a test are gone after it."""
    kept = dict(timeline._SOURCES)
    yield
    timeline._SOURCES.clear()
    timeline._SOURCES.update(kept)


def test_a_source_an_app_registers_shows_on_its_log_only(world: World, own_sources: None) -> None:
    def referrals(person: Person) -> list[timeline.Event]:
        return [timeline.Event(kind="referral", title="Referred to the women's centre", at=now)]

    now = timezone.now()
    timeline.register(referrals, {"referral": "Referrals"}, log=timeline.ACTIVITY)
    assert timeline.kinds(timeline.ACTIVITY)["referral"] == "Referrals"
    assert "referral" not in timeline.kinds(timeline.HISTORY)
    activity = sign_in(Client(), world.cm).get(
        reverse("appointments:activity", args=[world.person.pk]), {"kind": ["referral"]}
    )
    assert "Referred to the women&#x27;s centre" in activity.content.decode()
    titles = [event.title for event in timeline.events(world.person, timeline.HISTORY)]
    assert "Referred to the women's centre" not in titles


def test_the_history_tab_puts_a_day_and_a_moment_in_one_order(world: World) -> None:
    OrderFactory.create(person=world.person, sentence_date=timezone.localdate())
    record(
        actor=acting(world.cm, world.person),
        operation=Operation.COLLECT,
        what="Risk recorded",
        subject_id=world.person.pk,
    )
    events = timeline.events(world.person, timeline.HISTORY)
    # Today's sentence (a day, so its start) comes after this moment's change.
    assert [e.kind for e in events[:2]] == ["change", "sentence"]
