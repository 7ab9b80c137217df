"""Enforcement: a named person's decision on a failure to comply, never the system's."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.appointments.models import (
    ENFORCEABLE,
    Appointment,
    Decision,
    EnforcementDecision,
    Outcome,
)


@transaction.atomic
def decide_enforcement(
    *, actor: StaffActor, appointment: Appointment, decision: str, reason: str
) -> EnforcementDecision:
    """A named person's decision, with their reason. Only on a failure to comply."""
    outcome = Outcome.objects.filter(appointment=appointment).first()
    if outcome is None or outcome.outcome not in ENFORCEABLE:
        raise ValidationError(
            {"decision": "Only an unacceptable absence or a failure to comply needs a decision"}
        )
    if decision not in Decision.values:
        raise ValidationError({"decision": "Select a decision"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the decision"})
    made = EnforcementDecision.objects.create(
        appointment=appointment,
        person_id=appointment.person_id,
        decision=decision,
        reason=reason.strip(),
        decided_by=actor.user,
        decided_at=timezone.now(),
    )
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Enforcement decision recorded",
        subject_id=appointment.person_id,
        details={"appointment": str(appointment.pk), "decision": decision},
    )
    return made
