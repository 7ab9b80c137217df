"""Unpaid work: hours logged against the requirement, never more than the order's."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.appointments.models import UnpaidWorkEntry
from mydirection.people.models import Requirement, RequirementStatus, RequirementType


@transaction.atomic
def log_unpaid_work(
    *,
    actor: StaffActor,
    requirement: Requirement,
    worked_on: date,
    hours: int,
    project: str,
) -> UnpaidWorkEntry:
    """Add hours to the ledger and to the requirement's total, under a row lock.

    ``select_for_update`` makes concurrent loggers queue on the requirement row, so each
    reads the total the last one wrote and none is lost or pushes it past the order's hours.
    """
    locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if locked.requirement_type != RequirementType.UNPAID_WORK:
        raise ValidationError({"hours": "Hours can only be logged against unpaid work"})
    if worked_on > timezone.localdate():
        raise ValidationError({"worked_on": "The date worked must be today or in the past"})
    if not 1 <= hours <= 12:
        raise ValidationError({"hours": "Hours must be between 1 and 12 in a day"})
    if locked.amount is not None and locked.completed + hours > locked.amount:
        left = locked.amount - locked.completed
        raise ValidationError({"hours": f"Only {left} hours are left on this requirement"})
    entry = UnpaidWorkEntry.objects.create(
        requirement=locked,
        person_id=locked.order.person_id,
        worked_on=worked_on,
        hours=hours,
        project=project,
        logged_by=actor.user,
        logged_at=timezone.now(),
    )
    completed = locked.completed + hours
    status = (
        RequirementStatus.COMPLETED
        if locked.amount is not None and completed >= locked.amount
        else RequirementStatus.IN_PROGRESS
    )
    Requirement.objects.filter(pk=locked.pk).update(completed=completed, status=status)
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Unpaid work hours logged",
        subject_id=locked.order.person_id,
        details={"requirement": str(locked.pk), "hours": hours},
    )
    requirement.completed, requirement.status = completed, status
    return entry
