"""Writing person-centred tools: every save, and every confirmation, is a new dated version.

The actor is the member of staff, or the person themself in their app: the person
may add statements in their own words and confirm or correct what others wrote, but may not
put words in anyone else's mouth.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor, log_details
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people.models import Person
from mydirection.person_centred import selectors
from mydirection.person_centred.models import SaidBy, Sector, Statement, ToolRecord
from mydirection.person_centred.tools import SPECS
from mydirection.practice import Tool
from mydirection.versioning import insert_version, next_number

SAVED = "Person-centred tool saved"
CONFIRMED = "Person-centred tool confirmed"


class ToolRefused(ValueError):
    """The statements break a rule: the message says which."""


@dataclass(frozen=True)
class StatementInput:
    section: str
    text: str
    said_by: str
    confirmed: bool = False
    sector: str = ""

    @classmethod
    def of(cls, statement: Statement) -> "StatementInput":
        return cls(
            section=statement.section,
            text=statement.text,
            said_by=statement.said_by,
            confirmed=statement.confirmed,
            sector=statement.sector,
        )


def _latest_statements(person: Person, tool: str, number: int) -> list[StatementInput]:
    if number == 0:
        return []
    return [
        StatementInput.of(statement)
        for statement in Statement.objects.filter(
            record__person=person, record__tool=tool, record__number=number
        )
    ]


def _check(
    actor: StaffActor | PersonActor,
    tool: Tool,
    statements: Sequence[StatementInput],
    before: list[StatementInput],
) -> None:
    spec = SPECS[tool]
    for statement in statements:
        if spec.section(statement.section) is None:
            raise ToolRefused(f"{tool.label} has no section {statement.section!r}")
        if not statement.text.strip():
            raise ToolRefused("A statement needs some words")
        if statement.said_by not in SaidBy.values:
            raise ToolRefused("Select who said it")
        if statement.sector and (not spec.uses_sectors or statement.sector not in Sector.values):
            raise ToolRefused("Select where they come from")
    if isinstance(actor, PersonActor):
        # The person's own additions are in their own words; what others said stays theirs.
        kept = {(s.section, s.text.strip(), s.said_by) for s in before}
        for statement in statements:
            others = statement.said_by != SaidBy.PERSON
            if (
                others
                and (statement.section, statement.text.strip(), statement.said_by) not in kept
            ):
                raise ToolRefused("You can add statements in your own words only")


@transaction.atomic
def save_tool(
    *,
    actor: StaffActor | PersonActor,
    person: Person,
    tool: str,
    statements: Sequence[StatementInput],
    notes: str = "",
    expected_version: int,
    what: str = SAVED,
) -> ToolRecord:
    """Save ``statements`` as the next version of ``tool``, unless someone saved it since
    ``expected_version`` was read (``StaleEdit``: nothing is saved)."""
    tool = Tool(tool)
    number = next_number(selectors.latest_number(person, tool), expected_version=expected_version)
    cleaned = [replace(s, text=s.text.strip()) for s in statements]
    _check(actor, tool, cleaned, _latest_statements(person, tool, expected_version))
    tool_record = ToolRecord(
        person=person,
        tool=tool,
        number=number,
        notes=notes.strip(),
        recorded_by=actor.user,
        recorded_at=timezone.now(),
    )
    insert_version(tool_record)
    Statement.objects.bulk_create(
        Statement(
            record=tool_record,
            section=s.section,
            position=position,
            text=s.text,
            said_by=s.said_by,
            confirmed=s.confirmed,
            sector=s.sector,
        )
        for position, s in enumerate(cleaned)
    )
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what=what,
        subject_id=person.pk,
        details=log_details(
            actor, tool=tool.value, version=tool_record.number, statements=len(cleaned)
        ),
    )
    return tool_record


@transaction.atomic
def confirm(
    *,
    actor: StaffActor | PersonActor,
    person: Person,
    tool: str,
    statement_ids: Iterable[object],
    expected_version: int,
) -> ToolRecord:
    """The person confirms statements of the current version: a new version, the rest
    unchanged. The actor is the person, or the member of staff recording their confirmation."""
    chosen = {str(pk) for pk in statement_ids}
    current = Statement.objects.filter(
        record__person=person, record__tool=tool, record__number=expected_version
    )
    statements = [
        replace(StatementInput.of(s), confirmed=s.confirmed or str(s.pk) in chosen) for s in current
    ]
    notes = (
        ToolRecord.objects.filter(person=person, tool=tool, number=expected_version)
        .values_list("notes", flat=True)
        .first()
        or ""
    )
    return save_tool(
        actor=actor,
        person=person,
        tool=tool,
        statements=statements,
        notes=notes,
        expected_version=expected_version,
        what=CONFIRMED,
    )
