"""Answering an area of the strengths-based assessment: always a new dated version."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor, log_details
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.assessment import selectors
from mydirection.assessment.models import AnsweredBy, AreaAnswer, Motivation
from mydirection.people.models import Person
from mydirection.practice import Area
from mydirection.versioning import insert_version, next_number

ANSWERED = "Strengths assessment answered"


class AnswerRefused(ValueError):
    """The answers break a rule: the message says which."""


@dataclass(frozen=True)
class Answers:
    motivation: str
    strengths: str
    linked_to_harm: bool
    harm_details: str
    linked_to_reoffending: bool
    reoffending_details: str
    answered_by: str


def _check(answers: Answers) -> None:
    if answers.motivation not in Motivation.values:
        raise AnswerRefused("Select the person's answer about making changes")
    if answers.answered_by not in AnsweredBy.values:
        raise AnswerRefused("Select who answered")
    if answers.linked_to_harm and not answers.harm_details.strip():
        raise AnswerRefused("Give details of the link to risk of serious harm")
    if answers.linked_to_reoffending and not answers.reoffending_details.strip():
        raise AnswerRefused("Give details of the link to risk of reoffending")


@transaction.atomic
def answer_area(
    *,
    actor: StaffActor | PersonActor,
    person: Person,
    area: str,
    answers: Answers,
    expected_version: int,
) -> AreaAnswer:
    """Save ``answers`` as the next version of ``area``, unless someone saved it since
    ``expected_version`` was read (``StaleEdit``: nothing is saved)."""
    area = Area(area)
    _check(answers)
    number = next_number(selectors.latest_number(person, area), expected_version=expected_version)
    answer = AreaAnswer(
        person=person,
        area=area,
        number=number,
        motivation=answers.motivation,
        strengths=answers.strengths.strip(),
        linked_to_harm=answers.linked_to_harm,
        harm_details=answers.harm_details.strip() if answers.linked_to_harm else "",
        linked_to_reoffending=answers.linked_to_reoffending,
        reoffending_details=(
            answers.reoffending_details.strip() if answers.linked_to_reoffending else ""
        ),
        answered_by=answers.answered_by,
        recorded_by=actor.user,
        recorded_at=timezone.now(),
    )
    insert_version(answer)
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what=ANSWERED,
        subject_id=person.pk,
        details=log_details(actor, area=area.value, version=answer.number),
    )
    return answer
