"""Test helpers for the strengths-based assessment."""

from mydirection.assessment.models import AnsweredBy, AreaAnswer, Motivation
from mydirection.assessment.selectors import latest_number
from mydirection.assessment.services import Answers, answer_area
from mydirection.people.models import Person
from mydirection.practice import Area
from mydirection.staff.models import User
from mydirection.testing import actor_for


def answers(**overrides: object) -> Answers:
    values: dict[str, object] = {
        "motivation": Motivation.MAKING_CHANGES,
        "strengths": "Keeps his flat tidy and pays the rent on time since March",
        "linked_to_harm": False,
        "harm_details": "",
        "linked_to_reoffending": True,
        "reoffending_details": "Offended when he lost his tenancy in 2023",
        "answered_by": AnsweredBy.PERSON_WITH_CASE_MANAGER,
    }
    return Answers(**(values | overrides))  # type: ignore[arg-type]


def area_answer(
    person: Person, *, by: User | Person, area: str = Area.ACCOMMODATION, **overrides: object
) -> AreaAnswer:
    """The next version of ``area``, saved through the service as a view would."""
    return answer_area(
        actor=actor_for(by, person),
        person=person,
        area=area,
        answers=answers(**overrides),
        expected_version=latest_number(person, area),
    )
