import pytest

from mydirection.fund.models import Fund
from mydirection.fund.testing import a_fund
from mydirection.testing import World


@pytest.fixture
def fund(world: World) -> Fund:
    """Hull's pot: £1,000, case manager up to £50, senior up to £150, £150 a person."""
    return a_fund(world.hull, world.programme_manager)
