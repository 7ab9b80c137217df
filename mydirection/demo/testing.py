"""The demo's Enabling Fund in the test world: the same function ``make demo`` runs, on
enough people in Hull for its stories."""

from django.test import TestCase

from mydirection.demo.fund import DemoFund, write_demo_fund
from mydirection.testing import OrderFactory, PersonFactory, World, allocate

# The pilot's pot takes 10 people (one has two grants) and its current pot 7.
PEOPLE_FOR_THE_FUND = 18


def hull_people(world: World, n: int, *, prefix: str = "H") -> None:
    """``n`` more people in Hull's team A with a running order, shared by two case managers."""
    for i in range(n):
        person = PersonFactory.create(team=world.team_a, case_reference=f"{prefix}{i:05d}")
        allocate(person, world.cm if i % 2 == 0 else world.colleague)
        OrderFactory.create(person=person)


def a_demo_fund(world: World, seed: int = 2018) -> DemoFund:
    """Hull's two pots as the demo writes them (receipt files written, as at commit), with
    ``world.cm`` and ``world.senior`` as the personas."""
    hull_people(world, PEOPLE_FOR_THE_FUND)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return write_demo_fund(
            seed=seed, case_manager=world.cm.username, senior=world.senior.username
        )
