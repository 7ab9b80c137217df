"""Referrals: the case manager's decision (and the referral it may send), the provider's
answer, sessions and ending, and the person's "I am interested".

Each function is one transaction that writes the referral's history and the access log. A
referral is a disclosure to the provider of what the person agreed to share, and is logged as
one, naming the organisation.
"""

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor, log_details
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.interventions import rules
from mydirection.interventions.models import (
    OPEN_STATUSES,
    Availability,
    Condition,
    Interest,
    Intervention,
    Referral,
    ReferralEvent,
    SessionRecord,
    Shared,
    Status,
    Suitability,
)
from mydirection.people.models import Person
from mydirection.plans.models import Goal, Step
from mydirection.versioning import StaleEdit

WHAT = "Referral"


@dataclass(frozen=True)
class Decision:
    """What the case manager decided, as the referral form gives it."""

    intervention: Intervention
    suitability: Suitability
    reason: str = ""
    reason_detail: str = ""
    goal: Goal | None = None
    step: Step | None = None
    # The person agreed to share their name with the provider, and these items besides.
    consent: bool = False
    shares: frozenset[Shared] = field(default_factory=frozenset)
    note_for_provider: str = ""
    availability_note: str = ""
    conditions: frozenset[Condition] = field(default_factory=frozenset)
    keep_apart_from: str = ""
    interest: Interest | None = None


def decide(*, actor: StaffActor, person: Person, decision: Decision) -> Referral:
    """Record the suitability decision; if suitable, send the referral.

    Refused with a message by its field (nothing saved): no consent, a paused, withdrawn or
    full intervention, an open referral already there, a goal or step of someone else's.
    """
    if decision.goal is not None and decision.goal.plan.person_id != person.pk:
        raise ValidationError({"goal": "Select one of their goals"})
    if decision.step is not None and decision.step.goal.plan.person_id != person.pk:
        raise ValidationError({"goal": "Select one of their goals"})
    suitable = decision.suitability == Suitability.SUITABLE
    now = timezone.now()
    try:
        with transaction.atomic():
            # Lock the intervention: two referrals at once cannot both take its last place.
            intervention = Intervention.objects.select_for_update().get(pk=decision.intervention.pk)
            open_referrals = Referral.objects.filter(
                intervention=intervention, status__in=OPEN_STATUSES
            )
            refused = rules.refusals(
                rules.Proposal(
                    suitability=decision.suitability,
                    reason=decision.reason,
                    consent=decision.consent,
                    availability=rules.availability_on(
                        Availability(intervention.availability),
                        intervention.paused_until,
                        timezone.localdate(),
                    ),
                    capacity=intervention.capacity,
                    open_referrals=open_referrals.count(),
                    already_open=open_referrals.filter(person=person).exists(),
                )
            )
            if refused is not None:
                raise refused
            shares = decision.shares if suitable else frozenset()
            referral = Referral.objects.create(
                person=person,
                intervention=intervention,
                goal=decision.step.goal if decision.step else decision.goal,
                step=decision.step,
                suitability=decision.suitability,
                reason="" if suitable else decision.reason,
                reason_detail=decision.reason_detail,
                consent_given_on=timezone.localdate() if suitable else None,
                shares_contact=Shared.CONTACT in shares,
                shares_goal=Shared.GOAL in shares,
                shares_note=Shared.NOTE in shares,
                shares_availability=Shared.AVAILABILITY in shares,
                note_for_provider=decision.note_for_provider if suitable else "",
                conditions=sorted(c.value for c in decision.conditions) if suitable else [],
                keep_apart_from=decision.keep_apart_from.strip() if suitable else "",
                availability_note=decision.availability_note if suitable else "",
                status=Status.SENT if suitable else Status.NOT_REFERRED,
                decided_by=actor.user,
                decided_at=now,
                interest=decision.interest,
            )
            ReferralEvent.objects.create(
                referral=referral,
                status=referral.status,
                note=decision.reason_detail,
                at=now,
                by_user=actor.user,
            )
            if decision.interest is not None:
                Interest.objects.filter(pk=decision.interest.pk, person=person).update(
                    answered_at=now
                )
            record(
                actor=actor,
                operation=Operation.COLLECT,
                what="Suitability decision",
                subject_id=person.pk,
                details={
                    "referral": str(referral.pk),
                    "intervention": str(intervention.pk),
                    "suitability": decision.suitability,
                    "reason": referral.reason,
                },
            )
            if suitable:
                record(
                    actor=actor,
                    operation=Operation.DISCLOSE,
                    what=WHAT,
                    subject_id=person.pk,
                    recipients=intervention.provider_name,
                    details={
                        "referral": str(referral.pk),
                        "shared": [item.value for item in referral.shared_items],
                    },
                )
    except IntegrityError as error:
        # Two case managers referred the same person at once: the second is refused.
        raise ValidationError(
            {"intervention": "They already have an open referral to this intervention"}
        ) from error
    return referral


def _move(
    *,
    actor: StaffActor,
    referral_id: UUID,
    expected_version: int,
    to: Status,
    by: rules.By,
    note: str = "",
    end_reason: str = "",
    on: date | None = None,
) -> Referral:
    """One step along the referral's path, or ``StaleEdit`` if it moved meanwhile."""
    now = timezone.now()
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        if referral.version != expected_version:
            raise StaleEdit
        rules.check_move(Status(referral.status), to, by)
        referral.status = to
        referral.version += 1
        if to == Status.STARTED:
            referral.started_on = on or timezone.localdate()
        if to in (Status.DECLINED, Status.COMPLETED, Status.ENDED_EARLY, Status.WITHDRAWN):
            referral.ended_on = on or timezone.localdate()
            referral.status_note = note
            referral.end_reason = end_reason
        referral.save()
        ReferralEvent.objects.create(
            referral=referral, status=to, note=note, at=now, by_user=actor.user
        )
        record(
            actor=actor,
            operation=Operation.ALTER,
            what=WHAT,
            subject_id=referral.person_id,
            details={"referral": str(referral.pk), "status": to},
        )
    return referral


def respond(
    *, actor: StaffActor, referral_id: UUID, expected_version: int, accept: bool, note: str = ""
) -> Referral:
    """The provider accepts or declines (a decline says why)."""
    if not accept and not note.strip():
        raise ValidationError({"note": "Say why you cannot take this referral"})
    return _move(
        actor=actor,
        referral_id=referral_id,
        expected_version=expected_version,
        to=Status.ACCEPTED if accept else Status.DECLINED,
        by=rules.By.PROVIDER,
        note=note,
    )


def start(
    *, actor: StaffActor, referral_id: UUID, expected_version: int, on: date | None = None
) -> Referral:
    """The provider starts an accepted referral whose work is not a session to record (a peer
    mentor matched with the person: the match is the start)."""
    return _move(
        actor=actor,
        referral_id=referral_id,
        expected_version=expected_version,
        to=Status.STARTED,
        by=rules.By.PROVIDER,
        on=on,
    )


def record_session(
    *, actor: StaffActor, referral_id: UUID, on: date, attended: bool, note: str = ""
) -> SessionRecord:
    """A session the provider ran: the first one attended starts an accepted referral."""
    if on > timezone.localdate():
        raise ValidationError({"on": "The date of the session must be today or in the past"})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        if referral.status not in (Status.ACCEPTED, Status.STARTED):
            raise ValidationError("Accept the referral before recording its sessions")
        if SessionRecord.objects.filter(referral=referral, on=on).exists():
            raise ValidationError({"on": "A session on this date is already recorded"})
        session = SessionRecord.objects.create(
            referral=referral, on=on, attended=attended, note=note, recorded_by=actor.user
        )
        if attended and referral.status == Status.ACCEPTED:
            _move(
                actor=actor,
                referral_id=referral.pk,
                expected_version=referral.version,
                to=Status.STARTED,
                by=rules.By.PROVIDER,
                on=on,
            )
        record(
            actor=actor,
            operation=Operation.COLLECT,
            what="Intervention session",
            subject_id=referral.person_id,
            details={"referral": str(referral.pk), "attended": attended},
        )
    return session


def finish(
    *,
    actor: StaffActor,
    referral_id: UUID,
    expected_version: int,
    completed: bool,
    end_reason: str = "",
    note: str = "",
    by: rules.By,
) -> Referral:
    """Completed, or ended early with its reason."""
    if not completed and not end_reason:
        raise ValidationError({"end_reason": "Select why it ended early"})
    return _move(
        actor=actor,
        referral_id=referral_id,
        expected_version=expected_version,
        to=Status.COMPLETED if completed else Status.ENDED_EARLY,
        by=by,
        note=note,
        end_reason="" if completed else end_reason,
    )


def withdraw(
    *, actor: StaffActor, referral_id: UUID, expected_version: int, end_reason: str, note: str = ""
) -> Referral:
    """The case manager takes a referral back before it starts (the person changed their
    mind, or withdrew their consent: the provider sees nothing of it from then on)."""
    if not end_reason:
        raise ValidationError({"end_reason": "Select why you are withdrawing it"})
    return _move(
        actor=actor,
        referral_id=referral_id,
        expected_version=expected_version,
        to=Status.WITHDRAWN,
        by=rules.By.CASE_MANAGER,
        note=note,
        end_reason=end_reason,
    )


def express_interest(*, actor: PersonActor, intervention: Intervention, note: str = "") -> Interest:
    """The person says, in their app, that an intervention interests them; their case manager
    sees it on their home page and the person's record until they answer it."""
    today = rules.availability_on(
        Availability(intervention.availability), intervention.paused_until, timezone.localdate()
    )
    if today != Availability.OPEN:
        raise ValidationError("This is not taking anyone new at the moment")
    with transaction.atomic():
        interest, created = Interest.objects.get_or_create(
            person=actor.person,
            intervention=intervention,
            answered_at__isnull=True,
            defaults={"note": note, "at": timezone.now()},
        )
        if created:
            record(
                actor=actor,
                operation=Operation.COLLECT,
                what="Interest in an intervention",
                subject_id=actor.person.pk,
                details=log_details(actor, intervention=str(intervention.pk)),
            )
    return interest
