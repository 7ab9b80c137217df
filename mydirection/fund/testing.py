"""Test factories for the Enabling Fund."""

from datetime import date, timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.fund.models import Category, Fund, Provider, Request
from mydirection.fund.services import pots
from mydirection.fund.services.requests import add_receipt, approve, ask
from mydirection.people.models import Person
from mydirection.plans.models import Goal
from mydirection.plans.testing import a_goal
from mydirection.practice import Area
from mydirection.staff.models import Office, User
from mydirection.testing import World, acting
from mydirection.uploads.testing import a_photo, uploaded

WORK = Area.EMPLOYMENT_EDUCATION


def a_fund(office: Office | None, by: User, *, amount: int = 100_000, **fields: Any) -> Fund:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "name": f"{office.name if office else 'Programme'} Enabling Fund",
        "office": office,
        "starts_on": today - timedelta(days=30),
        "ends_on": today + timedelta(days=335),
    } | fields
    fund = pots.open_fund(actor=StaffActor.about_no_person(by), amount=amount, **values)
    Provider.objects.create(fund=fund, name="Hull Workwear", sells="Work boots and clothing")
    return fund


def a_provider(fund: Fund, name: str = "Hull Workwear") -> Provider:
    return Provider.objects.get_or_create(fund=fund, name=name)[0]


def a_request(
    fund: Fund,
    person: Person,
    by: User,
    *,
    amount: int = 3500,
    category: str = Category.WORK_EQUIPMENT,
    approve_now: bool = False,
    goal: Goal | None = None,
) -> Request:
    return ask(
        actor=acting(by, person),
        fund=fund,
        person=person,
        goal=goal
        or a_goal(person, by, "Get a job on a building site", area=Area.EMPLOYMENT_EDUCATION),
        category=category,
        amount=amount,
        what_for="Work boots for the building site",
        provider=a_provider(fund),
        approve_now=approve_now,
    )


def today() -> date:
    return timezone.localdate()


def a_decided_request_with_receipt(world: World) -> Request:
    """The authorisation matrix's subject: Alex's £200 request, which only the programme
    manager may approve, approved by them, with its receipt."""
    fund = a_fund(world.hull, world.programme_manager, person_limit=30_000)
    request = a_request(fund, world.person, world.cm, amount=20_000)
    approve(
        actor=StaffActor(user=world.programme_manager, relation=Relation.FUND),
        request_id=request.pk,
        expected_version=request.version,
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the file is written at commit
        add_receipt(
            actor=acting(world.cm, world.person),
            request_id=request.pk,
            upload=uploaded(a_photo(), "receipt.jpg"),
        )
    request.refresh_from_db()
    return request
