"""One truth for the order's progress (issue 20, item 2).

Rehabilitation activity days, unpaid work hours and programme sessions are worked out by one
function, ``people.progress``, and every page that shows them (the overview, the Sentence
page, the Appointments page and the unpaid work hours page) says the same, and moves together
when an outcome is recorded.
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.appointments.models import Appointment, AppointmentType, OutcomeKind
from mydirection.appointments.services.unpaid_work import log_unpaid_work
from mydirection.appointments.testing import AppointmentFactory, OutcomeFactory, local
from mydirection.people import progress
from mydirection.people.models import Requirement, RequirementType
from mydirection.testing import OrderFactory, World, acting, sign_in

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r"(\d+) of (\d+) (days|hours|sessions) done")


def requirement(world: World, kind: str, amount: int | None) -> Requirement:
    return Requirement.objects.create(
        order=world.person.orders.get(), requirement_type=kind, amount=amount
    )


def attended(
    world: World,
    days: int,
    *,
    hour: int = 10,
    outcome: str = "",
    kind: str = AppointmentType.SUPERVISION,
    **extra: object,
) -> Appointment:
    appointment = AppointmentFactory.create(
        person=world.person,
        staff=world.cm,
        starts_at=local(days, hour),
        appointment_type=kind,
        **extra,
    )
    OutcomeFactory.create(appointment=appointment, outcome=outcome or OutcomeKind.ATTENDED_COMPLIED)
    return appointment


@pytest.fixture
def order_under_way(world: World) -> dict[str, Requirement]:
    """An order with appointments, absences and hours logged."""
    rar = requirement(world, RequirementType.REHABILITATION_ACTIVITY, 15)
    unpaid = requirement(world, RequirementType.UNPAID_WORK, 60)
    programme = requirement(world, RequirementType.ACCREDITED_PROGRAMME, 20)
    requirement(world, RequirementType.CURFEW, None)
    # Rehabilitation activity: three days attended (two appointments on one of them count
    # once), one unacceptable absence and one acceptable one, and an attended appointment
    # not marked as activity.
    attended(world, -20, counts_as_rar=True)
    attended(world, -13, counts_as_rar=True, requirement=rar)
    attended(world, -13, hour=14, counts_as_rar=True)
    attended(world, -6, counts_as_rar=True)
    attended(world, -5, counts_as_rar=True, outcome=OutcomeKind.UNACCEPTABLE_ABSENCE)
    attended(world, -4, counts_as_rar=True, outcome=OutcomeKind.ACCEPTABLE_ABSENCE)
    attended(world, -3)
    # Programme: two sessions attended, one missed, one still to come.
    session = AppointmentType.PROGRAMME_SESSION
    attended(world, -12, kind=session)
    attended(world, -11, requirement=programme, kind=session)
    attended(world, -10, outcome=OutcomeKind.UNACCEPTABLE_ABSENCE, kind=session)
    AppointmentFactory.create(person=world.person, starts_at=local(3), appointment_type=session)
    # Unpaid work: two days' hours logged.
    for days, hours in ((-9, 7), (-2, 5)):
        log_unpaid_work(
            actor=acting(world.cm, world.person),
            requirement=unpaid,
            worked_on=local(days).date(),
            hours=hours,
            project="Community garden",
        )
    return {"rar": rar, "unpaid": unpaid, "programme": programme}


def figures(page: str) -> set[tuple[str, ...]]:
    return {match.groups() for match in FIGURE.finditer(page)}


def pages(world: World, unpaid: Requirement) -> dict[str, str]:
    client = sign_in(Client(), world.cm)
    person = world.person.pk
    return {
        name: client.get(url).content.decode()
        for name, url in {
            "overview": reverse("people:overview", args=[person]),
            "sentence": reverse("people:sentence", args=[person]),
            "appointments": reverse("appointments:list", args=[person]),
        }.items()
    } | {
        "hours": client.get(
            reverse("appointments:hours", args=[person, unpaid.pk])
        ).content.decode()
    }


def test_one_function_counts_days_hours_and_sessions(
    world: World, order_under_way: dict[str, Requirement]
) -> None:
    done = {p.requirement.requirement_type: p for p in progress.of_person(world.person)}
    assert done[RequirementType.REHABILITATION_ACTIVITY].done == 3
    assert done[RequirementType.UNPAID_WORK].done == 12
    assert done[RequirementType.ACCREDITED_PROGRAMME].done == 2
    assert done[RequirementType.CURFEW].done is None
    assert done[RequirementType.REHABILITATION_ACTIVITY].text == "3 of 15 days done (20%)"
    assert done[RequirementType.CURFEW].text == "Not started"


def test_every_page_shows_the_same_figures(
    world: World, order_under_way: dict[str, Requirement]
) -> None:
    expected = {("3", "15", "days"), ("12", "60", "hours"), ("2", "20", "sessions")}
    shown = pages(world, order_under_way["unpaid"])
    for name in ("overview", "sentence", "appointments"):
        assert figures(shown[name]) == expected, name
    assert figures(shown["hours"]) == {("12", "60", "hours")}
    for name in ("overview", "sentence", "appointments"):
        assert "3 of 15 days done (20%)" in shown[name], name


def test_recording_an_attended_activity_day_moves_every_page_alike(
    world: World, order_under_way: dict[str, Requirement]
) -> None:
    appointment = AppointmentFactory.create(
        person=world.person, staff=world.cm, starts_at=local(-1), counts_as_rar=True
    )
    client = sign_in(Client(), world.cm)
    response = client.post(
        reverse("appointments:outcome", args=[world.person.pk, appointment.pk]),
        {"outcome": "attended_complied", "actual_minutes": "30"},
    )
    assert response.status_code == 302
    shown = pages(world, order_under_way["unpaid"])
    for name in ("overview", "sentence", "appointments"):
        assert ("4", "15", "days") in figures(shown[name]), name
        assert ("3", "15", "days") not in figures(shown[name]), name


def test_an_earlier_orders_days_count_for_that_order_only(world: World) -> None:
    current = world.person.orders.get()
    earlier = OrderFactory.create(
        person=world.person,
        sentence_date=current.start_date - timedelta(days=400),
        start_date=current.start_date - timedelta(days=400),
        end_date=current.start_date - timedelta(days=40),
    )
    old = Requirement.objects.create(
        order=earlier, requirement_type=RequirementType.REHABILITATION_ACTIVITY, amount=10
    )
    new = Requirement.objects.create(
        order=current, requirement_type=RequirementType.REHABILITATION_ACTIVITY, amount=20
    )
    back_then = (current.start_date - timedelta(days=100)) - local(0).date()
    attended(world, back_then.days, counts_as_rar=True)
    attended(world, -2, counts_as_rar=True)
    attended(world, -1, counts_as_rar=True, requirement=new)
    done = {p.requirement.pk: p.done for p in progress.of_person(world.person)}
    assert done == {old.pk: 1, new.pk: 2}


def test_days_brought_in_from_before_add_to_the_days_attended(
    world: World, order_under_way: dict[str, Requirement]
) -> None:
    """Days credited on the requirement itself (from before its appointments were recorded
    here) and the days attended since make one figure, on every page."""
    Requirement.objects.filter(pk=order_under_way["rar"].pk).update(completed=6)
    shown = pages(world, order_under_way["unpaid"])
    for name in ("overview", "sentence", "appointments"):
        assert ("9", "15", "days") in figures(shown[name]), name
