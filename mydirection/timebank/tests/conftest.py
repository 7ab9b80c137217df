import pytest

from mydirection.testing import World
from mydirection.timebank.models import TimeBank
from mydirection.timebank.testing import a_bank


@pytest.fixture
def bank(world: World) -> TimeBank:
    """Hull Time Bank (the world's partner organisation): 2 hours' starter credits, a hard
    floor of minus 10 hours."""
    assert world.partner.organisation is not None
    return a_bank(world.partner.organisation)
