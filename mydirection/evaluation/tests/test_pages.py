"""The evaluation as people use it: safe cohorts, the report, the extract, the log."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry, Exclusion, Operation, Restriction
from mydirection.evaluation.cohorts import build_cohorts, pseudonym
from mydirection.evaluation.report import nothing_to_compare
from mydirection.evaluation.services import (
    ExtractRefused,
    Window,
    build_logged_cohort,
    disclose_extract,
)
from mydirection.evaluation.suppression import SUPPRESSED, count_text, share_text
from mydirection.evaluation.testing import START, WINDOW, enrol, reoffend
from mydirection.people.models import Consent, ConsentPurpose, Person
from mydirection.rights.subject_access import collect
from mydirection.testing import World, page_queries, sign_in


def by_source(person: Person) -> dict[str, list[dict[str, Any]]]:
    bundle = collect(person).as_dict()
    return {section["source"]: section["rows"] for section in bundle["sections"]}


def window_query(world: World) -> dict[str, str]:
    start, end = WINDOW
    return {
        "office": str(world.hull.pk),
        "window_start_0": str(start.day),
        "window_start_1": str(start.month),
        "window_start_2": str(start.year),
        "window_end_0": str(end.day),
        "window_end_1": str(end.month),
        "window_end_2": str(end.year),
    }


def test_small_numbers_read_fewer_than_5() -> None:
    assert count_text(3) == SUPPRESSED == "fewer than 5"
    assert count_text(0) == SUPPRESSED
    assert count_text(5) == "5"
    assert share_text(3, 50) == SUPPRESSED
    assert share_text(48, 50) == SUPPRESSED  # the 2 it leaves out would be revealed
    assert share_text(10, 50) == "20.0%"


def test_the_cohort_leaves_out_restricted_cases_and_withdrawn_consent(world: World) -> None:
    kept = enrol(world.team_a)
    restricted = enrol(world.team_a)
    Restriction.objects.create(person=restricted, reason="Staff relative", created_by=world.senior)
    excluded = enrol(world.team_a, programme=False)
    Exclusion.objects.create(
        person=excluded, user=world.colleague, reason="Neighbour", created_by=world.senior
    )
    ended = enrol(world.team_a, programme=False)
    Exclusion.objects.create(
        person=ended,
        user=world.colleague,
        reason="Over",
        created_by=world.senior,
        ends_at=timezone.now() - timedelta(days=1),
    )
    withdrew = enrol(world.team_a)
    given_again = enrol(world.team_a)
    for person, withdrawn in ((withdrew, START), (given_again, START)):
        Consent.objects.create(
            person=person,
            purpose=ConsentPurpose.EVALUATION,
            given_on=START,
            withdrawn_on=withdrawn,
            recorded_by=world.cm,
        )
    Consent.objects.create(
        person=given_again,
        purpose=ConsentPurpose.EVALUATION,
        given_on=START + timedelta(days=5),
        recorded_by=world.cm,
    )
    cohort = build_cohorts(office=world.hull, window_start=WINDOW[0], window_end=WINDOW[1])
    ids = set(cohort.frame["pseudo_id"])
    assert ids == {pseudonym(p.pk) for p in (kept, ended, given_again)}
    assert cohort.n_left_out == 3
    assert set(cohort.person_ids) == {kept.pk, ended.pk, given_again.pk}


def test_building_a_cohort_logs_a_combination_for_each_person(world: World) -> None:
    people = [enrol(world.team_a, programme=i % 2 == 0) for i in range(4)]
    window = Window(world.hull, *WINDOW)
    build_logged_cohort(world.evaluator, window, what="Impact evaluation page")
    entries = AccessLogEntry.objects.filter(operation=Operation.COMBINE)
    assert {e.subject_id for e in entries} == {p.pk for p in people}
    entry = entries.first()
    assert entry is not None
    assert entry.actor_id == world.evaluator.pk
    assert entry.justification == "Impact evaluation of the MyDirection programme"
    digest = entry.details.pop("digest")  # the same people, window and day are logged once
    assert len(digest) == 64
    assert entry.details == {
        "office": "Hull",
        "window_start": "2024-01-01",
        "window_end": "2024-09-30",
        "people": 4,
    }


def combined() -> list[tuple[object, object]]:
    return list(
        AccessLogEntry.objects.filter(operation=Operation.COMBINE)
        .order_by("id")
        .values_list("subject_id", "actor_id")
    )


def test_a_cohort_is_logged_once_a_day_for_each_evaluator_window_and_people(
    world: World,
) -> None:
    small_cohort(world)
    with time_machine.travel(datetime(2026, 12, 7, 9, tzinfo=UTC), tick=False):
        client = sign_in(Client(), world.evaluator)
        assert client.get(reverse("evaluation:impact"), window_query(world)).status_code == 200
        first_view = combined()
        assert len(first_view) == 28
        # The page again, its printed report and its CSV, the same day: nothing new.
        client.get(reverse("evaluation:impact"), window_query(world))
        client.get(reverse("evaluation:report"), window_query(world))
        assert client.get(reverse("evaluation:report-csv"), window_query(world)).status_code == 200
        assert combined() == first_view
        # Another window, or another evaluator, logs everyone it combines.
        client.get(reverse("evaluation:impact"), window_query(world) | {"window_end_2": "2025"})
        assert len(combined()) == 2 * 28
        build_logged_cohort(world.programme_manager, Window(world.hull, *WINDOW), what="Page")
        assert len(combined()) == 3 * 28
        # Someone new in the cohort: a different combination, logged again for everyone.
        newcomer = enrol(world.team_a)
        client.get(reverse("evaluation:impact"), window_query(world))
        assert len(combined()) == 4 * 28 + 1
        assert (newcomer.pk, world.evaluator.pk) in combined()[-29:]
    with time_machine.travel(datetime(2026, 12, 8, 9, tzinfo=UTC), tick=False):
        client = sign_in(Client(), world.evaluator)
        client.get(reverse("evaluation:impact"), window_query(world))
        assert len(combined()) == 5 * 28 + 2
    assert verify_chain().intact
    # The person's subject access shows each day's combination, by whom and of which window.
    seen = by_source(newcomer)["access.AccessLogEntry"]
    assert [(e["operation"], e["actor_name"]) for e in seen] == [
        ("Combination", world.evaluator.display_name)
    ] * 2
    assert {e["details"]["window_end"] for e in seen} == {"2024-09-30"}


def small_cohort(world: World) -> None:
    """8 on the programme (3 reoffend), 20 not (6 reoffend)."""
    for i in range(8):
        person = enrol(world.team_a, date_of_birth=date(1980 + i, 1, 1), ogrs3=30 + i)
        if i < 3:
            reoffend(person, START + timedelta(days=40), world.evaluator)
    for i in range(20):
        person = enrol(
            world.team_a, programme=False, date_of_birth=date(1975 + i, 1, 1), ogrs3=35 + i
        )
        if i < 6:
            reoffend(person, START + timedelta(days=90), world.evaluator)


def test_the_impact_page_suppresses_small_cells(world: World) -> None:
    small_cohort(world)
    client = sign_in(Client(), world.evaluator)
    response = client.get(reverse("evaluation:impact"), window_query(world))
    assert response.status_code == 200
    groups = response.context["report"].groups
    assert (groups[0].people, groups[0].reoffended, groups[0].rate) == ("8", SUPPRESSED, SUPPRESSED)
    assert (groups[1].people, groups[1].reoffended, groups[1].rate) == ("20", "6", "30.0%")
    men = next(b for b in response.context["report"].balance if b.label == "Men")
    # Everyone is a man: 100% would say that 0 people are not, so it is suppressed too,
    # before and after weighting.
    assert (men.treated, men.control, men.control_weighted) == (SUPPRESSED,) * 3
    page = response.content.decode()
    assert "fewer than 5" in page
    assert "37.5%" not in page  # 3 of 8
    assert page.count("<svg") == 2 and '<title id="forest-title">' in page


def test_the_csv_holds_aggregate_tables_only(world: World) -> None:
    small_cohort(world)
    client = sign_in(Client(), world.programme_manager)
    response = client.get(reverse("evaluation:report-csv"), window_query(world))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Intervention", "8", SUPPRESSED, SUPPRESSED] in rows
    assert "T0" not in text  # no case references
    for person_id in AccessLogEntry.objects.exclude(subject_id=None).values_list(
        "subject_id", flat=True
    ):
        assert person_id is not None and pseudonym(person_id) not in text


def test_the_extract_is_refused_under_60_people(world: World) -> None:
    small_cohort(world)
    client = sign_in(Client(), world.programme_manager)
    data = window_query(world) | {"recipients": "University of Hull", "purpose": "Reanalysis"}
    response = client.post(reverse("evaluation:extract"), data)
    assert response.status_code == 200
    assert "fewer than 60 people" in response.content.decode()
    assert not AccessLogEntry.objects.filter(operation=Operation.DISCLOSE).exists()


def test_the_extract_needs_its_own_permission(world: World) -> None:
    with pytest.raises(ExtractRefused):
        disclose_extract(world.evaluator, Window(world.hull, *WINDOW), recipients="x", purpose="y")
    client = sign_in(Client(), world.evaluator)
    assert client.get(reverse("evaluation:extract")).status_code == 404


def test_the_extract_is_pseudonymised_coarsened_and_logged_as_a_disclosure(
    world: World,
) -> None:
    people = [
        enrol(world.team_a, programme=i < 15, start=START + timedelta(days=i)) for i in range(62)
    ]
    client = sign_in(Client(), world.programme_manager)
    data = window_query(world) | {
        "recipients": "Dr A Analyst, University of Hull",
        "purpose": "Independent reanalysis",
    }
    response = client.post(reverse("evaluation:extract"), data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    text = response.getvalue().decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 62
    assert {row["pseudo_id"] for row in rows} == {pseudonym(p.pk) for p in people}
    assert {row["cohort_month"] for row in rows} <= {"2024-03", "2024-04", "2024-05"}
    assert "cohort_start" not in rows[0] and "date_of_birth" not in rows[0]
    for person in people:
        for identifying in (person.first_name, person.last_name, person.case_reference):
            assert identifying not in text
        assert str(person.pk) not in text
    assert "1990-05-17" not in text and "2024-03-10" not in text
    disclosures = AccessLogEntry.objects.filter(operation=Operation.DISCLOSE)
    assert {e.subject_id for e in disclosures} == {p.pk for p in people}
    assert {(e.recipients, e.justification, e.actor_id) for e in disclosures} == {
        ("Dr A Analyst, University of Hull", "Independent reanalysis", world.programme_manager.pk)
    }


def test_the_evaluation_never_opens_a_persons_record(world: World) -> None:
    client = sign_in(Client(), world.evaluator)
    url = reverse("people:overview", kwargs={"person_id": world.person.pk})
    assert client.get(url).status_code == 404


def test_the_navigation_offers_evaluation_to_its_roles(world: World) -> None:
    for user, shown in (
        (world.evaluator, True),
        (world.programme_manager, True),
        (world.cm, False),
    ):
        page = sign_in(Client(), user).get(reverse("staff:change-password")).content.decode()
        assert (reverse("evaluation:home") in page) is shown, user.role


def test_the_impact_page_takes_a_constant_number_of_queries(world: World) -> None:
    small_cohort(world)
    client = sign_in(Client(), world.evaluator)
    url = reverse("evaluation:impact")
    small = page_queries(client, url, window_query(world))
    for i in range(30):
        enrol(world.team_a, programme=i % 3 == 0, date_of_birth=date(1970 + i, 2, 2))
    assert page_queries(client, url, window_query(world)) == small


def test_the_demo_evaluation_shows_the_pilots_shape(db: None) -> None:
    from mydirection.demo.load import load_calibrated
    from mydirection.staff.models import Role, User
    from mydirection.testing import PASSWORD

    load_calibrated(password=PASSWORD)
    evaluator = User.objects.get(role=Role.EVALUATOR)
    before = AccessLogEntry.objects.filter(operation=Operation.COMBINE).count()
    response = sign_in(Client(), evaluator).get(reverse("evaluation:impact"))
    report = response.context["report"]
    assert (report.office, report.treated, report.control) == ("Hull", "84", "529")
    assert report.left_out == "none"
    model_1 = report.models[0]
    assert model_1.atet is not None and model_1.atet < 0 and not model_1.significant
    assert "With 84 against 529 people" in report.power_words
    combined = AccessLogEntry.objects.filter(operation=Operation.COMBINE).count() - before
    assert combined == 613


def test_a_window_ending_before_it_starts_is_explained_and_builds_nothing(world: World) -> None:
    small_cohort(world)
    query = window_query(world) | {"window_end_2": "2023"}
    response = sign_in(Client(), world.evaluator).get(reverse("evaluation:impact"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end of the window must be after its start" in page
    assert "There is a problem" in page
    assert "report" not in response.context
    assert not AccessLogEntry.objects.filter(operation=Operation.COMBINE).exists()


def test_an_empty_window_says_why_there_is_nothing_to_compare() -> None:
    """Issue 20, item 10: a window with no one to compare says why, not "0 and 0"."""
    assert "No orders started" in nothing_to_compare(
        n_total=0, n_followed_up=0, n_treated=0, n1=0, n0=0
    )
    assert "Nobody whose order started in this window joined MyDirection" in nothing_to_compare(
        n_total=700, n_followed_up=700, n_treated=0, n1=0, n0=700
    )
    assert "finished their year of follow-up" in nothing_to_compare(
        n_total=700, n_followed_up=0, n_treated=40, n1=0, n0=0
    )
    assert "too few people on MyDirection" in nothing_to_compare(
        n_total=700, n_followed_up=650, n_treated=3, n1=3, n0=647
    )
