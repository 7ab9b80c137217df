"""Test helpers for person-centred tools."""

from collections.abc import Sequence

from mydirection.people.models import Person
from mydirection.person_centred.models import SaidBy, ToolRecord
from mydirection.person_centred.selectors import latest_number
from mydirection.person_centred.services import StatementInput, save_tool
from mydirection.practice import Tool
from mydirection.staff.models import User
from mydirection.testing import actor_for

PROFILE = (
    StatementInput("appreciate", "I make people laugh and I never let my mates down", "person"),
    StatementInput("appreciate", "Alex is a reliable volunteer at the food bank", "case_manager"),
    StatementInput("important", "Seeing my daughter every Saturday", "person", confirmed=True),
    StatementInput("support", "Tell me straight, and give me things in writing", "person"),
)


def one_page_profile(
    person: Person, *, by: User | Person, statements: Sequence[StatementInput] = PROFILE
) -> ToolRecord:
    return save_tool(
        actor=actor_for(by, person),
        person=person,
        tool=Tool.ONE_PAGE_PROFILE,
        statements=statements,
        expected_version=latest_number(person, Tool.ONE_PAGE_PROFILE),
    )


__all__ = ["PROFILE", "SaidBy", "StatementInput", "one_page_profile"]
