"""The tools' pages: saving a version, no lost work, hints on staff words only, and the
one-page profile a new case manager reads first."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.actor import StaffActor
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.caseload.selectors import unread_handover
from mydirection.caseload.services import HandoverNote, mark_handover_read, reallocate
from mydirection.person_centred.models import SaidBy, ToolRecord
from mydirection.person_centred.testing import one_page_profile
from mydirection.testing import World, acting, sign_in

pytestmark = pytest.mark.django_db


def post_data(rows: list[dict[str, Any]], version: int = 0, notes: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {
        "statements-TOTAL_FORMS": str(len(rows)),
        "statements-INITIAL_FORMS": "0",
        "statements-MIN_NUM_FORMS": "0",
        "statements-MAX_NUM_FORMS": "1000",
        "version": str(version),
        "notes": notes,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if key == "confirmed":
                if value:
                    data[f"statements-{i}-confirmed"] = "on"
            else:
                data[f"statements-{i}-{key}"] = value
    return data


ROWS: list[dict[str, Any]] = [
    {"section": "appreciate", "text": "I'm a good cook", "said_by": "person", "confirmed": True},
    {"section": "important", "text": "My dog, Bella", "said_by": "person"},
    {"section": "support", "text": "", "said_by": "person"},  # a blank row is dropped
    {"section": "support", "text": "Meet in the morning", "said_by": "case_manager"},
]


def _edit(world: World, tool: str = "one-page-profile") -> str:
    return reverse("person_centred:edit", args=[world.person.pk, tool])


def test_the_edit_page_offers_rows_under_each_section(world: World) -> None:
    client = sign_in(Client(), world.cm)
    page = client.get(_edit(world)).content.decode()
    assert "What people appreciate about me: statement 1" in page
    assert "How best to support me: statement 2" in page
    assert f"{world.person.known_as} has confirmed this" in page


def test_the_case_manager_saves_a_one_page_profile(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(_edit(world), post_data(ROWS, notes="Written together at the office"))
    assert response["Location"] == reverse(
        "person_centred:tool", args=[world.person.pk, "one-page-profile"]
    )
    record = ToolRecord.objects.get()
    statements = list(record.statements.order_by("position"))
    assert [(s.section, s.text, s.said_by, s.confirmed) for s in statements] == [
        ("appreciate", "I'm a good cook", "person", True),
        ("important", "My dog, Bella", "person", False),
        ("support", "Meet in the morning", "case_manager", False),
    ]
    assert record.notes == "Written together at the office"
    page = client.get(response["Location"]).content.decode()
    assert "In Alex\u2019s own words" in page and "Confirmed" in page
    index = client.get(reverse("person_centred:index", args=[world.person.pk])).content.decode()
    assert "1 of 3" in index and world.cm.display_name in index


def test_words_without_an_author_are_explained_and_save_nothing(world: World) -> None:
    client = sign_in(Client(), world.cm)
    rows: list[dict[str, Any]] = [
        {"section": "appreciate", "text": "Kind to animals", "said_by": ""}
    ]
    response = client.post(_edit(world), post_data(rows))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count("Select who said it</") >= 1
    assert "Kind to animals" in page
    assert not ToolRecord.objects.exists()


def test_a_second_save_from_an_old_version_is_told_and_keeps_its_text(world: World) -> None:
    first, second = sign_in(Client(), world.cm), sign_in(Client(), world.senior)
    assert first.post(_edit(world), post_data(ROWS)).status_code == 302
    mine: list[dict[str, Any]] = [
        {"section": "important", "text": "Fishing with my brother", "said_by": "person"}
    ]
    response = second.post(_edit(world), post_data(mine, version=0))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else has saved this since you opened it" in page
    assert "Fishing with my brother" in page
    assert ToolRecord.objects.count() == 1
    assert 'name="version" value="1"' in page
    assert second.post(_edit(world), post_data(mine, version=1)).status_code == 302
    assert ToolRecord.objects.count() == 2


def test_hints_are_for_staff_words_not_for_the_person_s_own(world: World) -> None:
    client = sign_in(Client(), world.cm)
    own = [
        {"section": "appreciate", "text": "I was an addict, now I help others", "said_by": "person"}
    ]
    page = client.post(_edit(world), post_data(own), follow=True).content.decode()
    assert "A suggestion about wording" not in page
    staff = [
        {"section": "appreciate", "text": "An ex-offender who mentors", "said_by": "case_manager"}
    ]
    page = client.post(_edit(world), post_data(staff, version=1), follow=True).content.decode()
    assert "instead of &#x27;ex-offender&#x27;" in page


def test_an_unknown_tool_is_not_found(world: World) -> None:
    client = sign_in(Client(), world.cm)
    assert client.get(_edit(world, "horoscope")).status_code == 404


def test_an_earlier_version_is_read_only_and_shows_what_changed(world: World) -> None:
    one_page_profile(world.person, by=world.cm)
    client = sign_in(Client(), world.cm)
    client.post(
        _edit(world),
        post_data(
            [{"section": "important", "text": "Getting my licence back", "said_by": "person"}], 1
        ),
    )
    url = reverse("person_centred:version", args=[world.person.pk, "one-page-profile", 2])
    page = client.get(url).content.decode()
    assert "What changed since version 1" in page
    assert "Getting my licence back" in page and "Removed" in page
    earlier = reverse("person_centred:version", args=[world.person.pk, "one-page-profile", 1])
    assert (
        "This is an earlier version. It cannot be changed." in client.get(earlier).content.decode()
    )
    missing = reverse("person_centred:version", args=[world.person.pk, "one-page-profile", 9])
    assert client.get(missing).status_code == 404


def test_another_person_s_version_is_not_found_through_this_person(world: World) -> None:
    one_page_profile(world.other_person, by=world.elsewhere)
    client = sign_in(Client(), world.cm)
    url = reverse("person_centred:version", args=[world.person.pk, "one-page-profile", 1])
    assert client.get(url).status_code == 404


def test_after_reallocation_the_new_case_manager_sees_the_profile_first(world: World) -> None:
    one_page_profile(world.person, by=world.cm)
    reallocate(
        actor=StaffActor(world.senior, Relation.TEAM_MANAGER),
        person=world.person,
        to=world.colleague,
        reason="Carol is moving to the courts team",
        handover=HandoverNote("Seeing his daughter", "Tenancy at risk in the spring"),
    )
    client = sign_in(Client(), world.colleague)
    overview = reverse("people:overview", args=[world.person.pk])
    page = client.get(overview).content.decode()
    main = page.split("<main", 1)[1]
    handover_at = main.index("Read this first")
    profile_at = main.index("one-page profile")
    orders_at = main.index("Current order")
    assert handover_at < profile_at < orders_at  # the handover and profile come first
    assert "Seeing my daughter every Saturday" in main
    assert AccessLogEntry.objects.filter(
        operation=Operation.CONSULT, what="Person overview", actor_id=world.colleague.pk
    ).exists()
    # Once the handover is read, the overview goes back to normal; the profile stays in About me.
    handover = unread_handover(world.person, world.colleague)
    assert handover is not None
    mark_handover_read(actor=acting(world.colleague, handover.allocation.person), handover=handover)
    assert "Seeing my daughter every Saturday" not in client.get(overview).content.decode()
    about = reverse("person_centred:index", args=[world.person.pk])
    assert "Seeing my daughter every Saturday" in client.get(about).content.decode()


def test_the_profile_survives_the_change_of_case_manager(world: World) -> None:
    record = one_page_profile(world.person, by=world.cm)
    reallocate(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=world.person,
        to=world.colleague,
        reason="Cover",
        handover=HandoverNote("Work", "History"),
    )
    assert ToolRecord.objects.get().pk == record.pk
    assert record.statements.filter(said_by=SaidBy.PERSON).count() == 3


def test_a_relationship_circle_records_rings_and_sectors(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = _edit(world, "relationship-circle")
    page = client.get(url).content.decode()
    assert "Closest to me: statement 1" in page and "Where they come from" in page
    rows: list[dict[str, Any]] = [
        {"section": "intimate", "text": "Mum", "said_by": "person", "sector": "family"},
        {
            "section": "participation",
            "text": "Allotment group",
            "said_by": "person",
            "sector": "community",
        },
    ]
    assert client.post(url, post_data(rows)).status_code == 302
    record = ToolRecord.objects.get(tool="relationship_circle")
    assert sorted(record.statements.values_list("section", "text", "sector")) == [
        ("intimate", "Mum", "family"),
        ("participation", "Allotment group", "community"),
    ]


def test_a_tool_without_sectors_ignores_a_posted_sector(world: World) -> None:
    client = sign_in(Client(), world.cm)
    rows = [{"section": "good_day", "text": "Sun out", "said_by": "person", "sector": "family"}]
    assert client.post(_edit(world, "good-day-bad-day"), post_data(rows)).status_code == 302
    assert ToolRecord.objects.get().statements.get().sector == ""
