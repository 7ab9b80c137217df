import pytest
from django.test import Client

from mydirection.staff.models import Role as StaffRole
from mydirection.staff.models import User
from mydirection.testing import UserFactory, World, sign_in
from mydirection.volunteering.models import Role
from mydirection.volunteering.testing import Scene, a_role, coordinator, scene


@pytest.fixture
def coord(world: World) -> User:
    return coordinator(world)


@pytest.fixture
def helper_role(db: None) -> Role:
    """A recovery group helper: standard check, the induction."""
    return a_role()


# --- The coordinator's pages -----------------------------------------------------------------


@pytest.fixture
def hull(world: World) -> Scene:
    """Hull's volunteering with something of everything (``testing.scene``)."""
    return scene(world)


@pytest.fixture
def coordinator_client(world: World) -> Client:
    return sign_in(Client(), world.coordinator)


@pytest.fixture
def beverley_client(world: World) -> Client:
    """The coordinator of another office (Beverley): 404 on all of Hull's."""
    other = UserFactory.create(
        username="beverley_coordinator", role=StaffRole.VOLUNTEER_COORDINATOR, team=world.team_b
    )
    return sign_in(Client(), other)
