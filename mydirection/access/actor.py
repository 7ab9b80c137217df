"""Who acted: the one value every service that writes or logs takes as ``actor=``.

Three kinds, so the type says which a service accepts:

* ``StaffActor``: a member of staff, with their relation to the person from the access
  decision (and the reason they gave, when the policy asked for one). The guard makes it
  (``guard.person_for``); a view never builds a relation itself. Staff work about no person
  (administration) has no relation: ``StaffActor.about_no_person(user)``.
* ``PersonActor``: the person on probation themself, in their app.
* ``SystemActor``: MyDirection itself (the task worker, a command).

The access log takes the actor whole, so a staff entry about a person cannot be written
without the relation that let them in: ``access.log.record`` refuses one.
"""

import dataclasses
from dataclasses import dataclass
from typing import Any

from mydirection.access.policy import Relation
from mydirection.people.models import Person
from mydirection.staff.models import User


@dataclass(frozen=True)
class StaffActor:
    user: User
    # None only for work about no person (see ``about_no_person``).
    relation: Relation | None
    # The reason given first, when the policy asked for one (a colleague covering).
    justification: str = ""
    # Recorded with the person in the room (the plan's "worked out together").
    with_person: bool = False

    @classmethod
    def about_no_person(cls, user: User) -> "StaffActor":
        """Administration, settings, imports: nobody's record is opened."""
        return cls(user=user, relation=None)

    def together(self, with_person: bool = True) -> "StaffActor":
        """The same member of staff, recording something worked out with the person."""
        return dataclasses.replace(self, with_person=with_person)

    @property
    def person(self) -> None:
        return None


@dataclass(frozen=True)
class PersonActor:
    person: Person

    @property
    def user(self) -> None:
        return None

    @property
    def with_person(self) -> bool:
        return False


@dataclass(frozen=True)
class SystemActor:
    @property
    def user(self) -> None:
        return None

    @property
    def with_person(self) -> bool:
        return False

    @property
    def person(self) -> None:
        return None


Actor = StaffActor | PersonActor | SystemActor
SYSTEM = SystemActor()


def log_details(actor: Actor, **details: Any) -> dict[str, Any]:
    """Access-log details naming the kind of author (never the person's name)."""
    return details | {"author": "person" if isinstance(actor, PersonActor) else "staff"}
