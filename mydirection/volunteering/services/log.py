"""One access-log entry per change of volunteering data: about the person on probation it
concerns (a volunteer who is one, a circle's focus person, a mentee), or about nobody."""

from typing import Any
from uuid import UUID

from mydirection.access.actor import Actor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.volunteering.models import Volunteer


def log(
    actor: Actor,
    operation: Operation,
    what: str,
    about: UUID | None = None,
    **details: Any,
) -> None:
    record(
        actor=actor,
        operation=operation,
        what=what,
        subject_id=about,
        details={key: str(value) for key, value in details.items()},
    )


def log_volunteer(
    actor: Actor, operation: Operation, what: str, volunteer: Volunteer, **details: Any
) -> None:
    log(actor, operation, what, volunteer.person_id, volunteer=volunteer.pk, **details)
