"""Test data for the "Needs attention" panel: a person in crisis with one thing of each kind
to do (unit tests, the query counts and the browser journey)."""

from datetime import timedelta

from django.utils import timezone

from mydirection.appointments.models import OutcomeKind
from mydirection.appointments.testing import AppointmentFactory, OutcomeFactory, local
from mydirection.messaging.testing import from_person
from mydirection.people.models import Person
from mydirection.plans.models import Conversation
from mydirection.portal.models import MoveRequest
from mydirection.portal.testing import upcoming_appointment
from mydirection.practice import ConversationKind
from mydirection.staff.models import User

RISKY = "Some days I just want to end it all"


def in_crisis(person: Person, by: User, review_in_days: int = 10) -> Conversation:
    """Conversation 2, three days ago, with its emergency plan to review in some days."""
    today = timezone.localdate()
    return Conversation.objects.create(
        person=person,
        kind=ConversationKind.CRISIS,
        held_on=today - timedelta(days=3),
        note="Lost the room at the hostel after a row",
        by=by,
        emergency_plan="Night shelter on Wincolmlee; a call from the case manager every day",
        emergency_worker=by,
        review_on=today + timedelta(days=review_in_days),
    )


def everything_for(person: Person, by: User, days_ago: int = 2) -> None:
    """One item of every kind for ``person``: a crisis, a flagged message not yet read, a
    failure to attend with its reason not yet known, an appointment ``days_ago`` with no
    outcome, and a request to move the next appointment (six days ahead)."""
    in_crisis(person, by)
    message = from_person(person, RISKY)
    if not message.flagged:
        raise AssertionError("The risky message was not flagged")
    missed = AppointmentFactory.create(person=person, staff=by, starts_at=local(-days_ago - 7))
    OutcomeFactory.create(appointment=missed, outcome=OutcomeKind.FAILED_TO_ATTEND)
    AppointmentFactory.create(person=person, staff=by, starts_at=local(-days_ago))
    asked = upcoming_appointment(person, by, days=6)
    MoveRequest.objects.create(
        person=person, appointment=asked, reason="I have a hospital appointment that morning"
    )
