"""Factories and the named personas every test reuses.

The world: two offices. In Hull, team A holds the case manager ``cm`` (with the case of
``person``), a colleague, a senior case manager and an officer who is excluded from one case;
in Beverley, team B has an officer who must never see team A's people.
"""

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import factory
import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.models import Exclusion, Restriction
from mydirection.access.policy import relation_of
from mydirection.caseload.models import Allocation
from mydirection.middleware import REFRESHED
from mydirection.people.models import Gender, OffenceCategory, Order, OrderType, Person
from mydirection.staff.models import Office, Organisation, Role, Team, User

PASSWORD = "correct horse battery staple"


@functools.cache
def _password_hash() -> str:
    return make_password(PASSWORD)


class OfficeFactory(factory.django.DjangoModelFactory[Office]):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Office {n}")


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Role.CASE_MANAGER
    # Argon2 is deliberately slow: hash the shared test password once, not per user.
    password = factory.LazyFunction(_password_hash)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    case_reference = factory.Sequence(lambda n: f"T{n:06d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(1990, 5, 17)
    gender = Gender.MALE
    index_offence = OffenceCategory.THEFT
    team = factory.SubFactory(TeamFactory)


class OrderFactory(factory.django.DjangoModelFactory[Order]):
    class Meta:
        model = Order

    person = factory.SubFactory(PersonFactory)
    order_type = OrderType.COMMUNITY_ORDER
    court = "Hull Magistrates' Court"
    sentence_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    start_date = factory.LazyAttribute(lambda order: order.sentence_date)
    end_date = factory.LazyAttribute(lambda order: order.start_date + timedelta(days=365))


def allocate(person: Person, case_manager: User) -> Person:
    """Give ``person`` to ``case_manager`` as the demo and services would."""
    Allocation.objects.create(
        person=person,
        case_manager=case_manager,
        allocated_by=case_manager,
        started_at=timezone.now() - timedelta(days=30),
    )
    person.case_manager = case_manager
    person.team = case_manager.team  # type: ignore[assignment]
    person.save()
    return person


def acting(user: User, person: Person | None = None) -> StaffActor:
    """``user`` as the actor of a service call, with their relation to ``person`` as the
    guard would give it (tests that call services directly, without a page)."""
    if person is None:
        return StaffActor.about_no_person(user)
    return StaffActor(user, relation_of(user, person))


def actor_for(by: "User | Person", person: Person) -> StaffActor | PersonActor:
    """Staff (with their relation to ``person``) or the person themself, as a service takes."""
    return PersonActor(by) if isinstance(by, Person) else acting(by, person)


def verified_device(user: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return device


def sign_in(client: Client, user: User) -> Client:
    """Sign in past both factors, as the sign-in pages would."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or verified_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def page_queries(client: Client, url: str, data: dict[str, Any] | None = None) -> int:
    """How many database queries a GET of ``url`` costs (the page must answer 200).

    List and record pages must cost the same however much data there is: a test counts a
    page, grows the data, and counts it again.
    """
    # The session's new end is written once a minute (``middleware.idle_timeout``), whatever
    # the page: not counted, so that two counts a minute apart or not compare alike.
    if settings.SESSION_COOKIE_NAME in client.cookies:
        session = client.session
        session[REFRESHED] = time.time()
        session.save()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(context.captured_queries)


@dataclass
class World:
    hull: Office
    beverley: Office
    team_a: Team
    team_b: Team
    cm: User
    colleague: User
    senior: User
    excluded: User
    elsewhere: User
    volunteer: User
    partner: User
    evaluator: User
    administrator: User
    programme_manager: User
    dpo: User
    # --- The Time Bank: a community member's account (``Role.TIME_BANK_MEMBER``). The
    # world's bank (run by ``partner``'s organisation) and their membership of it are made
    # by ``timebank.testing.worlds_bank(world)`` where a test needs them.
    community_member: User
    # --- Volunteering: the volunteer coordinator of Hull's office (team A).
    coordinator: User
    person: Person
    other_person: Person
    restricted_person: Person
    excluded_from_person: Person
    unallocated_person: Person

    def personas(self) -> dict[str, User]:
        return {
            "cm": self.cm,
            "colleague": self.colleague,
            "senior": self.senior,
            "excluded": self.excluded,
            "elsewhere": self.elsewhere,
            "volunteer": self.volunteer,
            "partner": self.partner,
            "evaluator": self.evaluator,
            "administrator": self.administrator,
            "programme_manager": self.programme_manager,
            "dpo": self.dpo,
            "community_member": self.community_member,
            "coordinator": self.coordinator,
        }


def build_world() -> World:
    hull = OfficeFactory.create(name="Hull")
    beverley = OfficeFactory.create(name="Beverley")
    team_a = TeamFactory.create(office=hull, name="Team A")
    team_b = TeamFactory.create(office=beverley, name="Team B")

    def staff(username: str, role: str, team: Team | None, **extra: Any) -> User:
        return UserFactory.create(username=username, role=role, team=team, **extra)

    # Fixed, distinct names: a test that checks a name is absent must not trip over a
    # randomly drawn staff name in the page header.
    cm = staff("cm", Role.CASE_MANAGER, team_a, first_name="Carol", last_name="Mercer")
    colleague = staff(
        "colleague", Role.CASE_MANAGER, team_a, first_name="Priya", last_name="Natarajan"
    )
    elsewhere = staff("elsewhere", Role.CASE_MANAGER, team_b, first_name="Sam", last_name="Mills")
    world = World(
        hull=hull,
        beverley=beverley,
        team_a=team_a,
        team_b=team_b,
        cm=cm,
        colleague=colleague,
        senior=staff(
            "senior", Role.SENIOR_CASE_MANAGER, team_a, first_name="Stewart", last_name="Farmer"
        ),
        excluded=staff(
            "excluded", Role.CASE_MANAGER, team_a, first_name="Dominic", last_name="Roberts"
        ),
        elsewhere=elsewhere,
        volunteer=staff("volunteer", Role.VOLUNTEER, None, first_name="Vic", last_name="Lane"),
        partner=staff(
            "partner",
            Role.PARTNER_WORKER,
            None,
            first_name="Pat",
            last_name="Okafor",
            organisation=Organisation.objects.create(name="Hull Time Bank"),
        ),
        evaluator=staff("evaluator", Role.EVALUATOR, None, first_name="Eve", last_name="Dawson"),
        administrator=staff(
            "administrator", Role.ADMINISTRATOR, None, first_name="Kieran", last_name="Wilkins"
        ),
        programme_manager=staff(
            "programme_manager", Role.PROGRAMME_MANAGER, None, first_name="Grace", last_name="Dyer"
        ),
        dpo=staff(
            "dpo", Role.DATA_PROTECTION_OFFICER, None, first_name="Justin", last_name="Fuller"
        ),
        community_member=staff(
            "community_member", Role.TIME_BANK_MEMBER, None, first_name="Robin", last_name="T"
        ),
        coordinator=staff(
            "coordinator",
            Role.VOLUNTEER_COORDINATOR,
            team_a,
            first_name="Colin",
            last_name="Ordway",
        ),
        person=allocate(
            PersonFactory.create(team=team_a, first_name="Alex", last_name="Quinn"), cm
        ),
        other_person=allocate(
            PersonFactory.create(team=team_b, first_name="Morgan", last_name="Ashdown"), elsewhere
        ),
        restricted_person=allocate(
            PersonFactory.create(team=team_a, first_name="Hilary", last_name="Pennington"), cm
        ),
        excluded_from_person=allocate(
            PersonFactory.create(team=team_a, first_name="Sasha", last_name="Wetherby"), colleague
        ),
        unallocated_person=PersonFactory.create(
            team=team_a, first_name="Jamie", last_name="Holloway"
        ),
    )
    OrderFactory.create(person=world.person)
    restriction = Restriction.objects.create(
        person=world.restricted_person,
        reason="A member of staff knows the person",
        message="This case is restricted. Ask the senior case manager.",
        created_by=world.senior,
    )
    restriction.allowed_users.add(cm, world.senior)
    Exclusion.objects.create(
        person=world.excluded_from_person,
        user=world.excluded,
        reason="Lives next door to the person",
        message="You are excluded from this case because of a conflict of interest.",
        created_by=world.senior,
    )
    return world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def access_log_checkpoints(settings: Any, tmp_path: Path) -> Path:
    """Each test's access-log checkpoints go to a file of its own, never the demo's ``var/``;
    and none are queued as entries are written (on PostgreSQL ids run on from test to test, so
    the every-N checkpoint would land in whichever test crossed a multiple). Tests of the
    checkpoints set ``ACCESS_LOG_CHECKPOINT_EVERY`` themselves."""
    settings.ACCESS_LOG_CHECKPOINTS = tmp_path / "access-log-checkpoints.jsonl"
    settings.ACCESS_LOG_CHECKPOINT_EVERY = 0
    path: Path = settings.ACCESS_LOG_CHECKPOINTS
    return path


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Path) -> Path:
    """Each test's uploaded files go to a directory of its own, never the demo's ``var/``."""
    settings.PRIVATE_FILES_DIR = tmp_path / "files"
    path: Path = settings.PRIVATE_FILES_DIR
    return path


@pytest.fixture(autouse=True)
def no_personal_data_in_logs(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Any:
    """Fail any test whose run logged a fixture person's name or date of birth.

    Application logs travel to places case records never should (log aggregators, error
    reports), so they carry identifiers only.
    """
    caplog.set_level("INFO")  # the production level; factory-boy debugs its generated names
    yield
    world = request.node.funcargs.get("world")
    if not isinstance(world, World):
        return
    people = [
        world.person,
        world.other_person,
        world.restricted_person,
        world.excluded_from_person,
        world.unallocated_person,
    ]
    needles = set()
    for person in people:
        needles |= {person.first_name, person.last_name, person.date_of_birth.isoformat()}
        needles.add(person.date_of_birth.strftime("%d/%m/%Y"))
    records = caplog.get_records("setup") + caplog.get_records("call")
    leaks = [
        record.getMessage()
        for record in records
        if any(needle and needle in record.getMessage() for needle in needles)
    ]
    assert not leaks, f"Personal data in application logs: {leaks}"


def at_once(calls: list[Callable[[], object]]) -> tuple[int, list[ValidationError]]:
    """Run ``calls`` in threads released together (real concurrency: PostgreSQL tests with
    ``transaction=True``); how many succeeded, and the refusals."""
    barrier = threading.Barrier(len(calls))
    refused: list[ValidationError] = []
    errors: list[BaseException] = []
    done: list[object] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            done.append(call())
        except ValidationError as error:
            refused.append(error)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return len(done), refused
