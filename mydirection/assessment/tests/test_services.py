"""The assessment's rules, without HTTP: versions, who answered, refusals, the access log."""

import pytest

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.assessment import selectors
from mydirection.assessment.models import AnsweredBy, AreaAnswer, Motivation
from mydirection.assessment.services import ANSWERED, AnswerRefused, answer_area
from mydirection.assessment.testing import answers, area_answer
from mydirection.practice import Area
from mydirection.testing import World, acting
from mydirection.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def test_every_save_is_a_new_dated_version_and_the_old_one_is_kept(world: World) -> None:
    first = area_answer(world.person, by=world.cm, motivation=Motivation.THINKING)
    second = area_answer(world.person, by=world.cm, motivation=Motivation.MAKING_CHANGES)
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.motivation == Motivation.THINKING  # never overwritten
    assert second.recorded_at >= first.recorded_at
    current = selectors.current_answers(world.person)
    assert current[Area.ACCOMMODATION].pk == second.pk
    assert [a.number for a in selectors.area_history(world.person, Area.ACCOMMODATION)] == [2, 1]


def test_the_summary_lists_all_eight_areas_with_their_current_answer(world: World) -> None:
    area_answer(world.person, by=world.cm, area=Area.FINANCES)
    rows = selectors.summary(world.person)
    assert [row.area for row in rows] == list(Area)
    answered = {row.area for row in rows if row.answer}
    assert answered == {Area.FINANCES}


def test_a_save_from_an_old_version_is_refused_and_saves_nothing(world: World) -> None:
    area_answer(world.person, by=world.cm)
    with pytest.raises(StaleEdit):
        answer_area(
            actor=acting(world.colleague, world.person),
            person=world.person,
            area=Area.ACCOMMODATION,
            answers=answers(),
            expected_version=0,
        )
    assert AreaAnswer.objects.filter(person=world.person).count() == 1


def test_a_link_to_risk_needs_details(world: World) -> None:
    with pytest.raises(AnswerRefused, match="serious harm"):
        area_answer(world.person, by=world.cm, linked_to_harm=True, harm_details=" ")
    with pytest.raises(AnswerRefused, match="reoffending"):
        area_answer(world.person, by=world.cm, reoffending_details="")
    assert not AreaAnswer.objects.exists()


def test_details_of_a_link_not_made_are_dropped(world: World) -> None:
    answer = area_answer(world.person, by=world.cm, linked_to_harm=False, harm_details="Stale")
    assert answer.harm_details == ""


def test_it_records_who_answered_and_logs_the_collection_without_content(world: World) -> None:
    answer = area_answer(world.person, by=world.cm, answered_by=AnsweredBy.CASE_MANAGER)
    assert answer.answered_by == AnsweredBy.CASE_MANAGER
    assert answer.recorded_by == world.cm
    entry = AccessLogEntry.objects.get(what=ANSWERED)
    assert entry.operation == Operation.COLLECT
    assert entry.subject_id == world.person.pk
    assert entry.actor_id == world.cm.pk
    assert entry.details == {"area": "accommodation", "version": 1, "author": "staff"}


def test_the_person_can_answer_for_themself(world: World) -> None:
    """Ready for the person's own app: no member of staff is the author."""
    answer = area_answer(world.person, by=world.person, answered_by=AnsweredBy.PERSON)
    assert answer.recorded_by is None
    entry = AccessLogEntry.objects.get(what=ANSWERED)
    assert entry.actor_id is None
    assert entry.details["author"] == "person"


def test_of_two_saves_racing_from_the_same_version_the_second_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both read version 0 before either wrote: the database's unique version decides."""
    from mydirection.assessment import selectors

    area_answer(world.person, by=world.cm)  # the first of the two committed version 1
    monkeypatch.setattr(selectors, "latest_number", lambda person, area: 0)
    with pytest.raises(StaleEdit):
        answer_area(
            actor=acting(world.senior, world.person),
            person=world.person,
            area=Area.ACCOMMODATION,
            answers=answers(strengths="The second saver's words"),
            expected_version=0,
        )
    assert AreaAnswer.objects.filter(person=world.person).count() == 1
    assert not AccessLogEntry.objects.filter(actor_id=world.senior.pk).exists()
