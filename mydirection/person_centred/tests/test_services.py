"""Person-centred tools without HTTP: versions, authorship, confirmation, changes over time."""

import pytest

from mydirection.access.actor import PersonActor
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.person_centred import selectors
from mydirection.person_centred.models import SaidBy, Statement, ToolRecord
from mydirection.person_centred.services import (
    CONFIRMED,
    SAVED,
    StatementInput,
    ToolRefused,
    confirm,
    save_tool,
)
from mydirection.person_centred.testing import PROFILE, one_page_profile
from mydirection.person_centred.tools import SPECS
from mydirection.practice import Tool
from mydirection.testing import World, acting
from mydirection.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def test_each_save_is_a_new_version_and_earlier_ones_are_kept(world: World) -> None:
    first = one_page_profile(world.person, by=world.cm)
    second = one_page_profile(world.person, by=world.cm, statements=PROFILE[:2])
    assert (first.number, second.number) == (1, 2)
    assert first.statements.count() == 4  # never overwritten
    current = selectors.current_profile(world.person)
    assert current is not None and current.pk == second.pk
    texts = [s.text for s in current.statements.all()]
    assert texts == [PROFILE[0].text, PROFILE[1].text]


def test_each_statement_keeps_who_said_it_and_whether_it_is_confirmed(world: World) -> None:
    one_page_profile(world.person, by=world.cm)
    statements = {s.text: s for s in Statement.objects.all()}
    important = statements["Seeing my daughter every Saturday"]
    assert important.said_by == SaidBy.PERSON and important.confirmed
    assert statements[PROFILE[1].text].said_by == SaidBy.CASE_MANAGER
    assert not statements[PROFILE[1].text].confirmed


def test_a_save_from_an_old_version_is_refused_and_saves_nothing(world: World) -> None:
    one_page_profile(world.person, by=world.cm)
    with pytest.raises(StaleEdit):
        save_tool(
            actor=acting(world.senior, world.person),
            person=world.person,
            tool=Tool.ONE_PAGE_PROFILE,
            statements=PROFILE,
            expected_version=0,
        )
    assert ToolRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (StatementInput("nowhere", "Words", "person"), "no section"),
        (StatementInput("appreciate", "  ", "person"), "needs some words"),
        (StatementInput("appreciate", "Words", "neighbour"), "who said it"),
        (StatementInput("appreciate", "Words", "person", sector="family"), "where they come"),
    ],
)
def test_it_refuses_statements_that_break_the_rules(
    world: World, statement: StatementInput, message: str
) -> None:
    with pytest.raises(ToolRefused, match=message):
        one_page_profile(world.person, by=world.cm, statements=[statement])
    assert not ToolRecord.objects.exists()


def test_the_person_adds_in_their_own_words_and_confirms(world: World) -> None:
    """Ready for the person's own app: the person is the author and the confirmer."""
    staff_version = one_page_profile(world.person, by=world.cm)
    mine = StatementInput("support", "Text me the day before", SaidBy.PERSON)
    own = one_page_profile(world.person, by=world.person, statements=[*PROFILE, mine])
    assert own.recorded_by is None
    case_managers = own.statements.get(said_by=SaidBy.CASE_MANAGER)
    confirmed = confirm(
        actor=PersonActor(world.person),
        person=world.person,
        tool=Tool.ONE_PAGE_PROFILE,
        statement_ids=[case_managers.pk],
        expected_version=own.number,
    )
    assert confirmed.number == staff_version.number + 2
    assert confirmed.statements.get(said_by=SaidBy.CASE_MANAGER).confirmed
    assert not own.statements.get(said_by=SaidBy.CASE_MANAGER).confirmed  # history kept
    entries = AccessLogEntry.objects.filter(subject_id=world.person.pk, what__in=[SAVED, CONFIRMED])
    assert [e.details["author"] for e in entries.order_by("id")] == ["staff", "person", "person"]
    assert entries.filter(operation=Operation.COLLECT, actor_id=None).count() == 2


def test_the_person_cannot_put_words_in_someone_else_s_mouth(world: World) -> None:
    one_page_profile(world.person, by=world.cm)
    invented = StatementInput("appreciate", "My case manager says I am perfect", "case_manager")
    with pytest.raises(ToolRefused, match="own words"):
        one_page_profile(world.person, by=world.person, statements=[*PROFILE, invented])


def test_a_relationship_circle_shows_how_it_changed(world: World) -> None:
    spec = SPECS[Tool.RELATIONSHIP_CIRCLE]

    def circle(*statements: StatementInput) -> ToolRecord:
        return save_tool(
            actor=acting(world.cm, world.person),
            person=world.person,
            tool=Tool.RELATIONSHIP_CIRCLE,
            statements=statements,
            expected_version=len(world.person.tool_records.all()),
        )

    older = circle(
        StatementInput("intimate", "Mum", "person", sector="family"),
        StatementInput("participation", "Lee from the gym", "person", sector="friends"),
        StatementInput("friendship", "Dean", "person", sector="friends"),
    )
    newer = circle(
        StatementInput("intimate", "Mum", "person", sector="family"),
        StatementInput("friendship", "Lee from the gym", "person", sector="friends"),
        StatementInput("participation", "Allotment group", "person", sector="community"),
    )
    before = selectors.version(world.person, Tool.RELATIONSHIP_CIRCLE, older.number)
    after = selectors.version(world.person, Tool.RELATIONSHIP_CIRCLE, newer.number)
    assert before is not None and after is not None
    found = {(c.kind, c.text) for c in selectors.changes(spec, before, after)}
    assert found == {
        ("moved", "Lee from the gym"),
        ("added", "Allotment group"),
        ("removed", "Dean"),
    }


def test_the_index_shows_each_tool_with_its_latest_version(world: World) -> None:
    one_page_profile(world.person, by=world.cm)
    one_page_profile(world.person, by=world.senior)
    rows = {row.tool: row for row in selectors.index(world.person)}
    assert list(rows) == list(Tool)
    profile = rows[Tool.ONE_PAGE_PROFILE].record
    assert profile is not None
    assert profile.number == 2 and profile.recorded_by == world.senior
    counts = (profile.confirmed_count, profile.statement_count)  # type: ignore[attr-defined]
    assert counts == (1, 4)
    assert rows[Tool.GOOD_DAY_BAD_DAY].record is None


def test_of_two_saves_racing_from_the_same_version_the_second_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both read version 0 before either wrote: the database's unique version decides."""
    one_page_profile(world.person, by=world.cm)
    monkeypatch.setattr(selectors, "latest_number", lambda person, tool: 0)
    with pytest.raises(StaleEdit):
        save_tool(
            actor=acting(world.senior, world.person),
            person=world.person,
            tool=Tool.ONE_PAGE_PROFILE,
            statements=PROFILE[:1],
            expected_version=0,
        )
    assert ToolRecord.objects.count() == 1
    assert Statement.objects.count() == len(PROFILE)
    assert not AccessLogEntry.objects.filter(actor_id=world.senior.pk).exists()
