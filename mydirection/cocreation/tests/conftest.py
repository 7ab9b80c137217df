import pytest

from mydirection.cocreation import testing
from mydirection.testing import World


@pytest.fixture
def scene(world: World) -> dict[str, object]:
    """The authorisation matrix's co-creation (``testing.scene``): its subjects' ids."""
    return testing.scene(world)
