"""The assessment's pages: answering an area, bad input, no lost work, hints, history."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.assessment.models import AreaAnswer, Motivation
from mydirection.assessment.testing import area_answer
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db

VALID = {
    "motivation": "needs_help",
    "answered_by": "person_with_case_manager",
    "strengths": "Gets on well with his landlord; his sister lives nearby",
    "linked_to_harm": "no",
    "linked_to_reoffending": "yes",
    "reoffending_details": "Stole food when he was sleeping rough",
    "version": "0",
}


def _url(world: World, area: str = "accommodation") -> str:
    return reverse("assessment:area", args=[world.person.pk, area])


def test_the_case_manager_answers_an_area(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(_url(world), VALID)
    assert response["Location"] == reverse("assessment:summary", args=[world.person.pk])
    answer = AreaAnswer.objects.get(person=world.person)
    assert answer.motivation == Motivation.NEEDS_HELP
    assert answer.reoffending_details == "Stole food when he was sleeping rough"
    page = client.get(reverse("assessment:summary", args=[world.person.pk])).content.decode()
    assert "I want to make changes but need help" in page
    assert AccessLogEntry.objects.filter(
        operation=Operation.COLLECT, subject_id=world.person.pk, actor_id=world.cm.pk
    ).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("motivation", "", "Select the person&#x27;s answer about making changes"),
        ("answered_by", "", "Select who answered"),
        ("linked_to_harm", "", "Select yes if this area is linked to risk of serious harm"),
        ("reoffending_details", "", "Give details of the link to risk of reoffending"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(
    world: World, field: str, value: str, message: str
) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(_url(world), VALID | {field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count(message) == 2  # in the error summary and next to the field
    assert not AreaAnswer.objects.exists()


def test_an_unknown_area_is_not_found(world: World) -> None:
    client = sign_in(Client(), world.cm)
    assert client.get(_url(world, "gardening")).status_code == 404


def test_a_second_save_from_an_old_version_is_told_and_keeps_its_text(world: World) -> None:
    first, second = sign_in(Client(), world.cm), sign_in(Client(), world.senior)
    # Both open the area at version 0; the first saves.
    assert first.post(_url(world), VALID).status_code == 302
    mine = VALID | {"strengths": "Has kept every appointment at the housing office"}
    response = second.post(_url(world), mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else has saved this area since you opened it" in page
    assert "Has kept every appointment at the housing office" in page
    assert AreaAnswer.objects.count() == 1
    # Having seen it, they save again from the current version.
    assert 'name="version" value="1"' in page
    assert second.post(_url(world), mine | {"version": "1"}).status_code == 302
    assert AreaAnswer.objects.count() == 2


def test_staff_words_get_a_gentle_hint_but_the_person_s_alone_do_not(world: World) -> None:
    client = sign_in(Client(), world.cm)
    labelled = VALID | {"strengths": "Unlike most offenders he asks for help"}
    page = client.post(_url(world), labelled, follow=True).content.decode()
    assert "instead of &#x27;offenders&#x27;" in page
    alone = labelled | {"answered_by": "person", "version": "1"}
    page = client.post(_url(world), alone, follow=True).content.decode()
    assert "A suggestion about wording" not in page


def test_an_earlier_version_is_shown_read_only(world: World) -> None:
    area_answer(world.person, by=world.cm, strengths="Version one words")
    area_answer(world.person, by=world.cm, strengths="Version two words")
    client = sign_in(Client(), world.cm)
    url = reverse("assessment:version", args=[world.person.pk, "accommodation", 1])
    page = client.get(url).content.decode()
    assert "Version one words" in page
    assert "This is an earlier version. It cannot be changed." in page
    assert "Save as a new version" not in page
    history = client.get(reverse("assessment:history", args=[world.person.pk])).content.decode()
    assert "Accommodation, version 2" in history and "Accommodation, version 1" in history


def test_another_person_s_version_is_not_found_through_this_person(world: World) -> None:
    area_answer(world.other_person, by=world.elsewhere)
    client = sign_in(Client(), world.cm)
    url = reverse("assessment:version", args=[world.person.pk, "accommodation", 1])
    assert client.get(url).status_code == 404
