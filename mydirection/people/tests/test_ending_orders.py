"""An order ends with a recorded termination reason, as in nDelius (issue 20, item 9): who
recorded it and when, versioned and logged; a case whose orders have all ended is finished."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.people.ending import check_ending, finished_cases, is_current, is_finished
from mydirection.people.models import Order, Person, TerminationReason
from mydirection.testing import OrderFactory, PersonFactory, World, sign_in

TODAY = date(2026, 12, 7)


@dataclass
class Dates:
    start_date: date
    end_date: date
    ended_early_on: date | None = None


RUNNING = Dates(date(2026, 1, 5), date(2027, 1, 4))
PAST = Dates(date(2024, 1, 5), date(2025, 1, 4))
ENDED_EARLY = Dates(date(2026, 1, 5), date(2027, 1, 4), ended_early_on=date(2026, 6, 1))
NOT_STARTED = Dates(date(2027, 2, 1), date(2028, 2, 1))


def test_an_order_is_current_until_its_end_date_unless_it_ended_early() -> None:
    assert is_current(RUNNING, TODAY)
    assert is_current(NOT_STARTED, TODAY)
    assert is_current(Dates(date(2026, 1, 5), TODAY), TODAY)  # its last day
    assert not is_current(PAST, TODAY)
    assert not is_current(ENDED_EARLY, TODAY)


def test_a_case_has_finished_when_it_has_orders_and_none_is_current() -> None:
    assert is_finished([PAST], TODAY)
    assert is_finished([PAST, ENDED_EARLY], TODAY)
    assert not is_finished([PAST, RUNNING], TODAY)
    # No order recorded yet: a case being set up, not a finished one.
    assert not is_finished([], TODAY)


@pytest.mark.parametrize(
    ("reason", "ended_on", "note", "field", "message"),
    [
        ("", TODAY, "", "reason", "Select why the order ended"),
        ("completed", None, "", "ended_on", "Enter the date the order ended"),
        ("revoked", TODAY + timedelta(days=1), "", "ended_on", "today or in the past"),
        ("revoked", date(2025, 12, 1), "", "ended_on", "on or after its start, 5 January 2026"),
        ("other", TODAY, "  ", "note", "Say why the order ended"),
        ("other", TODAY, "x" * 501, "note", "500 characters or fewer"),
    ],
)
def test_ending_an_order_says_what_is_wrong_by_the_field(
    reason: str, ended_on: date | None, note: str, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_ending(RUNNING, reason=reason, ended_on=ended_on, note=note, today=TODAY)
    assert message in " ".join(refused.value.message_dict[field])


def test_an_order_ends_by_its_end_date() -> None:
    with pytest.raises(ValidationError) as refused:
        check_ending(PAST, reason="completed", ended_on=date(2025, 2, 1), note="", today=TODAY)
    assert "on or before its end date, 4 January 2025" in refused.value.message_dict["ended_on"][0]
    assert check_ending(PAST, reason="completed", ended_on=PAST.end_date, note="", today=TODAY)


@pytest.mark.django_db
def test_the_database_finds_the_same_finished_cases_as_the_rule(world: World) -> None:
    today = timezone.localdate()
    finished = PersonFactory.create(team=world.team_a)
    OrderFactory.create(
        person=finished,
        sentence_date=today - timedelta(days=400),
        end_date=today - timedelta(days=1),
    )
    early = PersonFactory.create(team=world.team_a)
    OrderFactory.create(person=early, ended_early_on=today - timedelta(days=3))
    both = PersonFactory.create(team=world.team_a)
    OrderFactory.create(person=both, ended_early_on=today - timedelta(days=3))
    OrderFactory.create(person=both)
    found = set(Person.objects.filter(finished_cases(today)).values_list("pk", flat=True))
    assert found == {finished.pk, early.pk}
    for person in Person.objects.prefetch_related("orders"):
        assert is_finished(person.orders.all(), today) == (person.pk in found)


def end_order_url(world: World, order: Order) -> str:
    return reverse("people:end-order", args=[world.person.pk, order.pk])


def ending(order: Order, **data: object) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "reason": "revoked",
        "ended_on_0": today.day,
        "ended_on_1": today.month,
        "ended_on_2": today.year,
        "note": "",
        "version": order.version,
    } | data


@pytest.mark.django_db
def test_the_case_manager_ends_an_order_with_a_reason_recorded_and_logged(world: World) -> None:
    order = world.person.orders.get()
    client = sign_in(Client(), world.cm)
    page = client.get(reverse("people:sentence", args=[world.person.pk])).content.decode()
    assert end_order_url(world, order) in page

    response = client.post(end_order_url(world, order), ending(order))

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.termination_reason == TerminationReason.REVOKED
    assert order.ended_early_on == timezone.localdate()
    assert order.terminated_by == world.cm
    assert order.terminated_at is not None
    assert order.version == 2
    entry = AccessLogEntry.objects.filter(operation=Operation.ALTER).latest("id")
    assert entry.what == "Order ended"
    assert entry.subject_id == world.person.pk
    assert entry.details["order"] == str(order.pk)
    page = client.get(reverse("people:sentence", args=[world.person.pk])).content.decode()
    assert "Revoked" in page and "Recorded by Carol Mercer" in page


@pytest.mark.django_db
def test_an_order_past_its_end_date_is_recorded_as_completed_on_that_date(world: World) -> None:
    today = timezone.localdate()
    order = OrderFactory.create(
        person=world.person,
        sentence_date=today - timedelta(days=500),
        end_date=today - timedelta(days=30),
    )
    client = sign_in(Client(), world.cm)
    form = client.get(end_order_url(world, order)).content.decode()
    assert f'value="{order.end_date.day}"' in form  # the end date, filled in

    end = order.end_date
    client.post(
        end_order_url(world, order),
        ending(
            order,
            reason="completed",
            ended_on_0=end.day,
            ended_on_1=end.month,
            ended_on_2=end.year,
        ),
    )
    order.refresh_from_db()
    assert order.termination_reason == TerminationReason.COMPLETED
    assert order.ended_early_on is None  # it ran to its end date
    assert order.ends_on == end


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "Select why the order ended"),
        ({"reason": "other", "note": ""}, "Say why the order ended"),
        ({"ended_on_2": timezone.now().year + 1}, "today or in the past"),
    ],
)
def test_a_refused_ending_says_why_and_saves_nothing(
    world: World, data: dict[str, object], message: str
) -> None:
    order = world.person.orders.get()
    response = sign_in(Client(), world.cm).post(end_order_url(world, order), ending(order, **data))
    assert response.status_code == 200
    assert message in response.content.decode()
    order.refresh_from_db()
    assert order.termination_reason == "" and order.ended_early_on is None and order.version == 1
    assert not AccessLogEntry.objects.filter(what="Order ended").exists()


@pytest.mark.django_db
def test_an_ending_from_an_older_version_is_refused_and_the_typing_kept(world: World) -> None:
    order = world.person.orders.get()
    client = sign_in(Client(), world.cm)
    client.post(end_order_url(world, order), ending(order, reason="died"))
    response = client.post(
        end_order_url(world, order),
        ending(order, reason="other", note="Moved to Scotland: transferred"),
    )
    page = response.content.decode()
    assert "Someone else has changed this order" in page
    assert "Moved to Scotland: transferred" in page
    order.refresh_from_db()
    assert order.termination_reason == TerminationReason.DIED and order.version == 2


@pytest.mark.django_db
def test_nobody_ends_an_order_they_may_not_change(world: World) -> None:
    order = world.person.orders.get()
    response = sign_in(Client(), world.elsewhere).post(end_order_url(world, order), ending(order))
    assert response.status_code == 404
    other = OrderFactory.create(person=world.other_person)
    response = sign_in(Client(), world.cm).post(
        reverse("people:end-order", args=[world.person.pk, other.pk]), ending(other)
    )
    assert response.status_code == 404
    assert not Order.objects.exclude(termination_reason="").exists()
