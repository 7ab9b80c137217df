"""One access-log entry per change of co-creation data: about the storyteller when they are a
person on probation, else about nobody (a staff or community storyteller has no record)."""

from typing import Any
from uuid import UUID

from mydirection.access.actor import Actor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.cocreation.models import Story


def log(
    actor: Actor, operation: Operation, what: str, about: UUID | None = None, **details: Any
) -> None:
    record(
        actor=actor,
        operation=operation,
        what=what,
        subject_id=about,
        details={key: str(value) for key, value in details.items()},
    )


def log_story(actor: Actor, operation: Operation, what: str, story: Story, **details: Any) -> None:
    log(actor, operation, what, story.storyteller_person_id, story=story.pk, **details)
