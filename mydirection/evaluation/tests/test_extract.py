"""The extract takes what leaves from the classification registry, and nothing else."""

import csv
import io
import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from mydirection import classification
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.classification import (
    EXTRACT,
    IDENTIFYING,
    REGISTRY,
    SAFE_FOR_IDENTIFIERS,
    Release,
    is_classified,
    may_leave,
)
from mydirection.evaluation import extract
from mydirection.evaluation.cohorts import COLUMNS, build_cohorts, pseudonym
from mydirection.evaluation.services import Window, disclose_extract, extract_rows
from mydirection.evaluation.testing import START, WINDOW, enrol, reoffend
from mydirection.testing import World

# The extract as the registry lets it out today: the impact evaluation's characteristics
# and outcome, a keyed-hash id and the month of the start.
EXPECTED_HEADER = [
    "pseudo_id",
    "treated",
    "cohort_month",
    "male",
    "age",
    "ogrs3",
    "deprivation",
    "ethnicity_recorded",
    "white_british",
    "domestic_abuse_perpetrator",
    "domestic_abuse_history",
    "mental_health",
    "mental_illness",
    "unsettled_accommodation",
    "unemployed",
    "previous_events",
    "unpaid_work",
    "drug_rehabilitation",
    "alcohol_treatment",
    "accredited_programme",
    "reoffended",
    "follow_up_complete",
]


def header(world: World) -> list[str]:
    """The extract's header for a small cohort (the 60-person floor is the service's)."""
    enrol(world.team_a)
    enrol(world.team_a, programme=False)
    cohort = build_cohorts(office=world.hull, window_start=WINDOW[0], window_end=WINDOW[1])
    return [str(name) for name in extract_rows(cohort)[0]]


@pytest.mark.django_db
def test_the_extract_has_exactly_the_columns_the_registry_lets_out(world: World) -> None:
    permitted = [column.name for column in extract.permitted_columns()]
    assert header(world) == permitted == EXPECTED_HEADER


def test_every_column_of_the_cohort_says_what_it_is_made_of() -> None:
    """A new cohort column stays out of the extract until it is listed with its fields."""
    assert {column.frame_column for column in extract.COLUMNS} == set(COLUMNS)
    for column in extract.COLUMNS:
        for field in column.fields:
            assert is_classified(field), (column.name, field)


def test_the_registry_lets_out_only_fields_the_extract_uses() -> None:
    used = {(field, column.release) for column in extract.COLUMNS for field in column.fields}
    allowed = {(field, release) for field, releases in EXTRACT.items() for release in releases}
    assert allowed == used
    assert all(is_classified(field) for field in EXTRACT)
    assert all(is_classified(field) for field in IDENTIFYING)


def test_no_direct_identifier_may_leave_as_it_is() -> None:
    for field in IDENTIFYING:
        assert EXTRACT.get(field, frozenset()) <= SAFE_FOR_IDENTIFIERS, field
        assert not may_leave(field, Release.VALUE), field
        assert not may_leave(field, Release.FLAG), field
    # The person's id leaves only as a keyed hash, the date of birth only as an age.
    assert may_leave("people.Person.id", Release.KEYED_HASH)
    assert not may_leave("people.Person.id", Release.MONTH)
    assert may_leave("people.Person.date_of_birth", Release.WHOLE_YEARS)
    assert not may_leave("people.Person.date_of_birth", Release.MONTH)


def test_a_field_nobody_classified_never_leaves() -> None:
    assert not may_leave("people.Person.shoe_size", Release.VALUE)
    assert not may_leave("people.Person.risk_level", Release.VALUE)  # classified, not let out


@pytest.mark.django_db
def test_an_unclassified_field_takes_its_column_out_of_the_extract(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(REGISTRY["people.Person"], "ogrs3")
    assert header(world) == [name for name in EXPECTED_HEADER if name != "ogrs3"]


@pytest.mark.django_db
def test_a_field_classified_as_identifying_leaves_only_hashed_or_coarsened(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        classification,
        "IDENTIFYING",
        IDENTIFYING | {"people.Person.deprivation_decile", "people.Person.gender"},
    )
    assert header(world) == [
        name for name in EXPECTED_HEADER if name not in ("deprivation", "male")
    ]


@pytest.mark.django_db
def test_a_field_the_registry_stops_letting_out_leaves_the_extract(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the order's start in whole years, the age goes; its month and flags stay.
    monkeypatch.setitem(EXTRACT, "people.Order.start_date", frozenset({Release.MONTH}))
    remaining = header(world)
    assert "age" not in remaining
    assert "cohort_month" in remaining
    assert "follow_up_complete" not in remaining and "reoffended" not in remaining


def test_each_form_is_applied_or_the_value_refused() -> None:
    digest = pseudonym(uuid.uuid4())
    assert extract.released(digest, Release.KEYED_HASH) == digest
    assert extract.released(date(2024, 3, 10), Release.MONTH) == "2024-03"
    assert extract.released(1.0, Release.FLAG) == 1
    assert extract.released(float("nan"), Release.FLAG) == ""
    assert extract.released(33, Release.WHOLE_YEARS) == 33
    for value, release in (
        ("Alex Smith", Release.KEYED_HASH),
        ("T000001", Release.MONTH),
        (2, Release.FLAG),
        (33.5, Release.WHOLE_YEARS),
    ):
        with pytest.raises(ValueError, match=r"holds|made from"):
            extract.released(value, release)


@pytest.mark.django_db
def test_no_direct_identifier_appears_in_the_extract(world: World) -> None:
    people = [
        enrol(
            world.team_a,
            programme=i < 20,
            start=START + timedelta(days=i),
            preferred_name=f"Sunny{i:02d}",
            phone=f"07700 900{i:03d}",
            email=f"person{i:02d}@example.org",
            address=f"{i + 1} Quayside Walk, Hull",
            postcode="HU1 1AA",
            date_of_birth=date(1980, 1, 1) + timedelta(days=97 * i),
        )
        for i in range(60)
    ]
    text = "".join(
        disclose_extract(
            world.programme_manager,
            Window(world.hull, *WINDOW),
            recipients="Dr A Analyst",
            purpose="Reanalysis",
        )
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == EXPECTED_HEADER and len(rows) == len(people)
    person_fields = [
        field.rpartition(".")[2]
        for field in IDENTIFYING
        if field.startswith("people.Person.") and field != "people.Person.id"
    ]
    for person in people:
        assert str(person.pk) not in text and person.pk.hex not in text
        for name in person_fields:
            value = getattr(person, name)
            shown = [value.isoformat(), f"{value:%d/%m/%Y}"] if isinstance(value, date) else [value]
            for form in shown:
                assert not form or str(form) not in text, (name, form)


def test_the_extract_streams_a_chunk_at_a_time_and_holds_what_the_cohort_holds(
    world: World, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    """Streamed 7 people at a time (``cohorts.frames``), the extract has the rows the whole
    cohort's frame gives, in the order of the pseudonyms; each chunk costs three queries."""
    from mydirection.evaluation import cohorts

    for i in range(61):
        person = enrol(world.team_a, programme=i % 3 == 0, start=START + timedelta(days=i))
        if i % 4 == 0:
            reoffend(person, START + timedelta(days=i + 30), world.cm)
    enrol(world.team_a, start=WINDOW[1] + timedelta(days=1))  # outside the window
    monkeypatch.setattr(cohorts, "CHUNK", 7)
    whole = build_cohorts(office=world.hull, window_start=WINDOW[0], window_end=WINDOW[1])

    lines = disclose_extract(
        world.programme_manager, Window(world.hull, *WINDOW), recipients="A", purpose="B"
    )
    assert AccessLogEntry.objects.filter(operation=Operation.DISCLOSE).count() == 61
    with django_assert_num_queries(3 * 9):  # 61 people: 9 chunks
        streamed = list(csv.reader(io.StringIO("".join(lines))))
    expected = [[str(value) for value in row] for row in extract_rows(whole)]
    assert streamed[0] == expected[0]
    assert sorted(streamed[1:]) == sorted(expected[1:])
    pseudonyms = [row[0] for row in streamed[1:]]
    assert pseudonyms == sorted(pseudonyms)
    assert sum(row[expected[0].index("reoffended")] == "1" for row in streamed[1:]) == 16
