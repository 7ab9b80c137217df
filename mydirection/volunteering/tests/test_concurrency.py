"""Volunteering under real concurrency, on PostgreSQL with threads: an expense is paid once,
and the last place in a session goes to one volunteer."""

import functools
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from mydirection.testing import World, at_once
from mydirection.uploads.testing import a_png
from mydirection.volunteering.models import ExpenseEntry, Shift
from mydirection.volunteering.services import expenses, sessions
from mydirection.volunteering.testing import a_role, as_coordinator, coordinator, vetted

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"
    ),
]


def test_an_expense_paid_by_two_coordinators_at_once_is_paid_once(world: World) -> None:
    coord = coordinator(world)
    actor = as_coordinator(coord)
    volunteer = vetted(coord, a_role(check_level=1, training=[]))
    expense = expenses.claim(
        actor=actor,
        volunteer=volunteer,
        spent_on=timezone.localdate(),
        what="Train fare",
        amount=1250,
        receipt=a_png(),
    )
    expenses.approve(actor=actor, expense=expense, expected_version=1)
    made, refused = at_once([functools.partial(expenses.pay, actor=actor, expense=expense)] * 4)
    assert (made, len(refused)) == (1, 3)
    assert expenses.owed_to(volunteer) == 0
    assert ExpenseEntry.objects.aggregate(total=Sum("amount"))["total"] == 0
    assert ExpenseEntry.objects.filter(account="paid").count() == 1


def test_the_last_place_in_a_session_goes_to_one_volunteer(world: World) -> None:
    coord = coordinator(world)
    actor = as_coordinator(coord)
    role = a_role(check_level=1, training=[])
    session = sessions.add_sessions(
        actor=actor,
        name="Induction",
        office=world.hull,
        place="Room 1",
        starts_at=timezone.now() + timedelta(days=2),
        minutes=60,
        needs={role: 2},
    )[0]
    volunteers = [vetted(coord, role, first_name=f"V{n}") for n in range(5)]
    made, refused = at_once(
        [
            functools.partial(
                sessions.sign_up, actor=actor, session=session, volunteer=v, role=role
            )
            for v in volunteers
        ]
    )
    assert (made, len(refused)) == (2, 3)
    assert Shift.objects.filter(session=session).count() == 2
