import pytest

from mydirection.staff.models import User
from mydirection.testing import World
from mydirection.volunteering.models import Role
from mydirection.volunteering.testing import a_role, coordinator


@pytest.fixture
def coord(world: World) -> User:
    return coordinator(world)


@pytest.fixture
def helper_role(db: None) -> Role:
    """A recovery group helper: standard check, the induction."""
    return a_role()
