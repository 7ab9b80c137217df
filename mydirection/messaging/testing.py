"""Factories for messages."""

from mydirection.access.actor import PersonActor
from mydirection.messaging import services
from mydirection.messaging.models import PersonMessage
from mydirection.people.models import Person
from mydirection.staff.models import User
from mydirection.testing import acting


def from_person(person: Person, text: str = "Can we move Tuesday?") -> PersonMessage:
    return services.write_by_person(actor=PersonActor(person), text=text)


def from_staff(person: Person, by: User, text: str = "Yes, Wednesday at 10") -> PersonMessage:
    return services.write_by_staff(
        actor=acting(by, person), person=person, text=text, link="https://example/my/"
    )
