"""The person's own one-page profile in the app: add in their own words, confirm what others
wrote, or correct it. Every change is a new version through ``person_centred.services`` with
the person as author, so the case manager's "About me" says it was the person."""

from dataclasses import replace
from uuid import UUID

from django.db import transaction

from mydirection.access.actor import PersonActor
from mydirection.messaging import services as messaging
from mydirection.people.models import Person
from mydirection.person_centred import services as tools
from mydirection.person_centred.models import SaidBy, Statement, ToolRecord
from mydirection.practice import Tool

PROFILE = Tool.ONE_PAGE_PROFILE
CORRECTED = "Person-centred tool corrected by the person"


class NotFound(LookupError):
    """No such statement in the person's current profile."""


def _current(person: Person, expected_version: int) -> list[Statement]:
    return list(
        Statement.objects.filter(
            record__person=person, record__tool=PROFILE, record__number=expected_version
        ).order_by("position")
    )


def add_my_words(
    *, actor: PersonActor, section: str, text: str, expected_version: int
) -> ToolRecord:
    """A new statement said by the person, at the end of its section."""
    person = actor.person
    current = [tools.StatementInput.of(s) for s in _current(person, expected_version)]
    mine = tools.StatementInput(section, text, SaidBy.PERSON, confirmed=True)
    # Keep sections together: the new words go after the last statement of their section.
    last = max((i for i, s in enumerate(current) if s.section == section), default=len(current))
    current.insert(last + 1, mine)
    return tools.save_tool(
        actor=actor,
        person=person,
        tool=PROFILE,
        statements=current,
        expected_version=expected_version,
        notes=_notes(person, expected_version),
    )


def confirm_statement(
    *, actor: PersonActor, statement_id: UUID | str, expected_version: int
) -> ToolRecord:
    person = actor.person
    _find(person, statement_id, expected_version)
    return tools.confirm(
        actor=actor,
        person=person,
        tool=PROFILE,
        statement_ids=[statement_id],
        expected_version=expected_version,
    )


@transaction.atomic
def correct_statement(
    *,
    actor: PersonActor,
    statement_id: UUID | str,
    correction: str,
    tell_case_manager: bool,
    expected_version: int,
) -> ToolRecord:
    """Say what is wrong: a new version where the person's correction, in their own words,
    follows what was written (which stays, not confirmed, so the history is honest). If the
    person asks, their case manager gets a message saying what they corrected."""
    person = actor.person
    if not correction.strip():
        raise tools.ToolRefused("Say what is wrong")
    statements = _current(person, expected_version)
    wrong = _find(person, statement_id, expected_version)
    new: list[tools.StatementInput] = []
    for statement in statements:
        kept = tools.StatementInput.of(statement)
        if statement.pk == wrong.pk:
            new.append(replace(kept, confirmed=False))
            new.append(tools.StatementInput(statement.section, correction, SaidBy.PERSON, True))
        else:
            new.append(kept)
    saved = tools.save_tool(
        actor=actor,
        person=person,
        tool=PROFILE,
        statements=new,
        expected_version=expected_version,
        notes=_notes(person, expected_version),
        what=CORRECTED,
    )
    if tell_case_manager:
        messaging.write_by_person(
            actor=actor,
            text=f"I corrected my About me page.\nIt said: {wrong.text}\n"
            f"What is right: {correction.strip()}",
        )
    return saved


def _find(person: Person, statement_id: UUID | str, expected_version: int) -> Statement:
    found = Statement.objects.filter(
        pk=statement_id,
        record__person=person,
        record__tool=PROFILE,
        record__number=expected_version,
    ).first()
    if found is None:
        raise NotFound
    return found


def _notes(person: Person, number: int) -> str:
    return (
        ToolRecord.objects.filter(person=person, tool=PROFILE, number=number)
        .values_list("notes", flat=True)
        .first()
        or ""
    )
