"""What happened at an appointment: the outcome, what was discussed and the contact notes.

Problems are raised as ``ValidationError({field: message})`` for the view to place; a conversation
recorded here also goes on the person's plan (its phase follows contacts), in the same
transaction.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.appointments.models import (
    ATTENDED,
    Appointment,
    ContactNote,
    NeedDiscussed,
    NoteKind,
    Outcome,
    OutcomeGoal,
    OutcomeKind,
    ToolUsed,
)
from mydirection.plans import services as plans
from mydirection.plans.models import Goal
from mydirection.practice import ConversationKind
from mydirection.summaries import services as summaries
from mydirection.versioning import StaleEdit

CRISIS_ELSEWHERE = (
    "Record a crisis (conversation 2) on the plan's Record a conversation page: it needs an "
    "emergency plan"
)


@dataclass
class OutcomeDetails:
    outcome: str
    absence_reason: str = ""
    actual_minutes: int | None = None
    attended_by: str = ""
    conversation: str = ""
    needs: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    # Ids of goals of the person's plan discussed (only theirs are accepted).
    goals: list[str] = field(default_factory=list)
    actions_agreed: str = ""
    referrals_made: str = ""
    facts: str = ""
    assessment: str = ""


def check_outcome(appointment: Appointment, details: OutcomeDetails, now: datetime) -> None:
    problems: dict[str, str] = {}
    if appointment.starts_at > now:
        problems["outcome"] = "You can record an outcome once the appointment has started"
    if not appointment.is_live:
        problems["outcome"] = (
            "This appointment was moved or cancelled: record the outcome on the new one"
        )
    attended = details.outcome in ATTENDED
    if details.outcome == OutcomeKind.ACCEPTABLE_ABSENCE and not details.absence_reason:
        problems["absence_reason"] = "Select the reason for the acceptable absence"
    if attended and not details.actual_minutes:
        problems["actual_minutes"] = "Enter how long the appointment lasted, in minutes"
    if details.conversation == ConversationKind.CRISIS:
        # A crisis needs an emergency plan, which only the plan's own page records.
        problems["conversation"] = CRISIS_ELSEWHERE
    if not attended and (details.needs or details.tools or details.actual_minutes):
        problems["needs"] = "Needs, tools and length are only for appointments the person attended"
    if details.goals:
        wanted = {str(goal) for goal in details.goals}
        own = Goal.objects.filter(plan__person_id=appointment.person_id, pk__in=wanted)
        if not attended:
            problems["goals"] = "Goals discussed are only for appointments the person attended"
        elif own.count() != len(wanted):
            problems["goals"] = "Select only goals from this person's plan"
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def record_outcome(
    *,
    actor: StaffActor,
    appointment: Appointment,
    details: OutcomeDetails,
    expected_version: int | None,
    now: datetime | None = None,
) -> Outcome:
    """Record (or correct) what happened. ``expected_version`` is None for a first record."""
    now = now or timezone.now()
    check_outcome(appointment, details, now)
    values = {
        "outcome": details.outcome,
        "absence_reason": details.absence_reason
        if details.outcome == OutcomeKind.ACCEPTABLE_ABSENCE
        else "",
        "actual_minutes": details.actual_minutes,
        "attended_by": details.attended_by,
        "conversation": details.conversation,
        "actions_agreed": details.actions_agreed,
        "referrals_made": details.referrals_made,
        "recorded_by": actor.user,
        "recorded_at": now,
    }
    with summaries.tracking([appointment.pk]):
        outcome, existing = _write(appointment, details, values, expected_version, actor)
    record(
        actor=actor,
        operation=Operation.COLLECT if existing is None else Operation.ALTER,
        what="Appointment outcome recorded" if existing is None else "Appointment outcome changed",
        subject_id=appointment.person_id,
        details={"appointment": str(appointment.pk), "outcome": details.outcome},
    )
    return outcome


def _write(
    appointment: Appointment,
    details: OutcomeDetails,
    values: dict[str, Any],
    expected_version: int | None,
    actor: StaffActor,
) -> tuple[Outcome, Outcome | None]:
    """The outcome and what goes with it; the outcome, and the one it replaced (if any)."""
    now = values["recorded_at"]
    existing = Outcome.objects.select_for_update().filter(appointment=appointment).first()
    if existing is None:
        if expected_version is not None:
            raise StaleEdit
        outcome = Outcome.objects.create(appointment=appointment, **values)
    else:
        if expected_version != existing.version:
            raise StaleEdit
        Outcome.objects.filter(pk=existing.pk).update(**values, version=F("version") + 1)
        outcome = Outcome.objects.get(pk=existing.pk)
        NeedDiscussed.objects.filter(outcome=outcome).delete()
        ToolUsed.objects.filter(outcome=outcome).delete()
        OutcomeGoal.objects.filter(outcome=outcome).delete()
    if details.conversation and (existing is None or existing.conversation != details.conversation):
        # The plan's phase follows contacts: the conversation goes on the plan, once.
        plans.record_conversation(
            person=appointment.person,
            kind=details.conversation,
            on=timezone.localtime(appointment.starts_at).date(),
            actor=actor,
        )
    Appointment.objects.filter(pk=appointment.pk).update(
        has_outcome=True, absence_undecided=details.outcome == OutcomeKind.FAILED_TO_ATTEND
    )
    NeedDiscussed.objects.bulk_create(
        [NeedDiscussed(outcome=outcome, area=area) for area in sorted(set(details.needs))]
    )
    ToolUsed.objects.bulk_create(
        [ToolUsed(outcome=outcome, tool=tool) for tool in sorted(set(details.tools))]
    )
    OutcomeGoal.objects.bulk_create(
        [
            OutcomeGoal(outcome=outcome, goal_id=goal)
            for goal in sorted(set(map(str, details.goals)))
        ]
    )
    notes = [
        ContactNote(
            appointment=appointment,
            kind=kind,
            text=text.strip(),
            written_by=actor.user,
            written_at=now,
        )
        for kind, text in (
            (NoteKind.FACT, details.facts),
            (NoteKind.ASSESSMENT, details.assessment),
        )
        if text.strip()
    ]
    ContactNote.objects.bulk_create(notes)
    return outcome, existing


def mark_outcomes(appointments: "QuerySet[Appointment]") -> int:
    """Set ``has_outcome`` and ``absence_undecided`` from the outcomes held: for appointments
    written in bulk (the demo, benchmarks), as ``record_outcome`` sets them one by one."""
    outcomes = Outcome.objects.filter(appointment=OuterRef("pk"))
    return appointments.update(
        has_outcome=Exists(outcomes),
        absence_undecided=Exists(outcomes.filter(outcome=OutcomeKind.FAILED_TO_ATTEND)),
    )
