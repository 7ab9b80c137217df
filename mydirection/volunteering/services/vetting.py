"""A volunteer's way in: application, references, checks (metadata only), a suitability
decision for lived experience, training, the boundaries agreement, roles, supervision."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mydirection.access.actor import Actor, StaffActor
from mydirection.access.models import Operation
from mydirection.staff.models import Office
from mydirection.versioning import save_if_unchanged
from mydirection.volunteering import rules
from mydirection.volunteering.models import (
    Check,
    CheckLevel,
    Decision,
    Placement,
    Reference,
    Role,
    Stage,
    Suitability,
    Supervision,
    TrainingRecord,
    Volunteer,
)
from mydirection.volunteering.services.log import log_volunteer

WHAT = "Volunteer"


def _today() -> date:
    return timezone.localdate()


def apply(
    *, actor: Actor, office: Office, first_name: str, last_name: str, **fields: Any
) -> Volunteer:
    """A new volunteer, at the application stage. A person on probation (``person``) always
    has lived experience."""
    if fields.get("person") is not None:
        fields["lived_experience"] = True
        if Volunteer.objects.filter(person=fields["person"]).exists():
            raise ValidationError("This person already has a volunteer record")
    with transaction.atomic():
        volunteer = Volunteer.objects.create(
            office=office,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            applied_on=fields.pop("applied_on", None) or _today(),
            **fields,
        )
        log_volunteer(actor, Operation.COLLECT, WHAT, volunteer)
    return volunteer


def _bump(volunteer: Volunteer, expected_version: int, **values: Any) -> None:
    save_if_unchanged(
        Volunteer.objects, pk=volunteer.pk, expected_version=expected_version, **values
    )


def change_stage(
    *,
    actor: Actor,
    volunteer: Volunteer,
    stage: Stage,
    reason: str = "",
    on_hold_until: date | None = None,
    expected_version: int,
) -> None:
    """On hold and leaving need a reason; leaving ends every role."""
    if stage in (Stage.ON_HOLD, Stage.LEFT) and not reason.strip():
        raise ValidationError({"stage_reason": "Say why"})
    with transaction.atomic():
        _bump(
            volunteer,
            expected_version,
            stage=stage,
            stage_reason=reason.strip(),
            on_hold_until=on_hold_until if stage == Stage.ON_HOLD else None,
        )
        if stage == Stage.LEFT:
            volunteer.placements.filter(ended_on__isnull=True).update(ended_on=_today())
        log_volunteer(actor, Operation.ALTER, WHAT, volunteer, stage=stage)


def ask_reference(
    *, actor: StaffActor, volunteer: Volunteer, referee: str, relationship: str
) -> Reference:
    with transaction.atomic():
        reference = Reference.objects.create(
            volunteer=volunteer,
            referee=referee.strip(),
            relationship=relationship.strip(),
            requested_on=_today(),
            recorded_by=actor.user,
        )
        _vetting_begins(volunteer)
        log_volunteer(actor, Operation.COLLECT, "Volunteer reference", volunteer)
    return reference


def receive_reference(*, actor: StaffActor, reference: Reference, satisfactory: bool) -> None:
    with transaction.atomic():
        Reference.objects.filter(pk=reference.pk).update(
            received_on=_today(), satisfactory=satisfactory
        )
        log_volunteer(
            actor,
            Operation.ALTER,
            "Volunteer reference",
            reference.volunteer,
            reference=reference.pk,
        )


def _vetting_begins(volunteer: Volunteer) -> None:
    Volunteer.objects.filter(pk=volunteer.pk, stage=Stage.APPLIED).update(stage=Stage.VETTING)


def request_check(*, actor: StaffActor, volunteer: Volunteer, role: Role, level: int) -> Check:
    """Record that a check was asked for, refused above the role's eligibility."""
    refusal = rules.check_refusal(level, _needs(role))
    if refusal:
        raise ValidationError({"level": refusal})
    with transaction.atomic():
        check = Check.objects.create(
            volunteer=volunteer,
            role=role,
            level=level,
            requested_on=_today(),
            requested_by=actor.user,
        )
        _vetting_begins(volunteer)
        log_volunteer(actor, Operation.COLLECT, "Volunteer check", volunteer, level=level)
    return check


def decide_check(
    *,
    actor: StaffActor,
    check: Check,
    certificate_number: str,
    issued_on: date,
    update_service: bool,
    decision: Decision,
    expected_version: int,
) -> None:
    """The certificate's number and date, and the decision; never what it says."""
    number = certificate_number.strip()
    errors = {}
    if not (number.isdigit() and len(number) == 12):
        errors["certificate_number"] = "Enter the 12-digit certificate number"
    if issued_on > _today():
        errors["issued_on"] = "The date of issue must be today or in the past"
    if decision == Decision.PENDING:
        errors["decision"] = "Choose whether the volunteer is cleared for the role"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        save_if_unchanged(
            Check.objects,
            pk=check.pk,
            expected_version=expected_version,
            certificate_number=number,
            issued_on=issued_on,
            update_service=update_service,
            decision=decision,
            decided_by=actor.user,
            decided_on=_today(),
        )
        log_volunteer(actor, Operation.ALTER, "Volunteer check", check.volunteer, decision=decision)


def decide_suitability(
    *, actor: StaffActor, volunteer: Volunteer, decision: str, factors: str
) -> Suitability:
    if not volunteer.lived_experience:
        raise ValidationError("A suitability decision is for volunteers with lived experience")
    if not factors.strip():
        raise ValidationError({"factors": "Say what was weighed"})
    with transaction.atomic():
        found = Suitability.objects.create(
            volunteer=volunteer,
            decision=decision,
            factors=factors.strip(),
            decided_by=actor.user,
            decided_on=_today(),
        )
        log_volunteer(
            actor, Operation.COLLECT, "Volunteer suitability", volunteer, decision=decision
        )
    return found


def record_training(
    *, actor: StaffActor, volunteer: Volunteer, course: str, completed_on: date
) -> TrainingRecord:
    if completed_on > _today():
        raise ValidationError({"completed_on": "The date must be today or in the past"})
    with transaction.atomic():
        if TrainingRecord.objects.filter(
            volunteer=volunteer, course=course, completed_on=completed_on
        ).exists():
            raise ValidationError("This training is already recorded for that day")
        training = TrainingRecord.objects.create(
            volunteer=volunteer, course=course, completed_on=completed_on, recorded_by=actor.user
        )
        log_volunteer(actor, Operation.COLLECT, "Volunteer training", volunteer, course=course)
    return training


def agree_boundaries(
    *, actor: Actor, volunteer: Volunteer, on: date, expected_version: int
) -> None:
    if on > _today():
        raise ValidationError({"on": "The date must be today or in the past"})
    with transaction.atomic():
        _bump(volunteer, expected_version, boundaries_agreed_on=on)
        log_volunteer(actor, Operation.ALTER, WHAT, volunteer, boundaries="agreed")


def _needs(role: Role) -> rules.RoleNeeds:
    return rules.RoleNeeds(name=role.name, check_level=role.check_level, training=role.training)


def vetting_of(volunteer: Volunteer) -> rules.Vetting:
    cleared = volunteer.checks.filter(decision=Decision.CLEAR).aggregate(top=Max("level"))["top"]
    latest = volunteer.suitability_decisions.first()
    return rules.Vetting(
        name=volunteer.first_name,
        stage=volunteer.stage,
        satisfactory_references=volunteer.references.filter(satisfactory=True).count(),
        cleared_level=CheckLevel.NONE if cleared is None else cleared,
        courses=set(volunteer.training.values_list("course", flat=True)),
        boundaries_agreed=volunteer.boundaries_agreed_on is not None,
        lived_experience=volunteer.lived_experience,
        suitability=latest.decision if latest else None,
    )


def give_role(*, actor: StaffActor, volunteer: Volunteer, role: Role) -> Placement:
    """Only to a volunteer vetted and trained for it; the first role makes them active."""
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if not role.active:
            raise ValidationError({"role": "This role is no longer offered"})
        refusals = rules.placement_refusals(_needs(role), vetting_of(volunteer))
        if volunteer.placements.filter(role=role, ended_on__isnull=True).exists():
            refusals.append(f"{volunteer.first_name} already has this role")
        if refusals:
            raise ValidationError({"role": refusals})
        placement = Placement.objects.create(
            volunteer=volunteer, role=role, starts_on=_today(), given_by=actor.user
        )
        Volunteer.objects.filter(pk=volunteer.pk, stage__in=(Stage.APPLIED, Stage.VETTING)).update(
            stage=Stage.ACTIVE
        )
        log_volunteer(actor, Operation.ALTER, WHAT, volunteer, role=role.pk)
    return placement


def end_role(*, actor: StaffActor, placement: Placement) -> None:
    with transaction.atomic():
        Placement.objects.filter(pk=placement.pk, ended_on__isnull=True).update(ended_on=_today())
        log_volunteer(
            actor, Operation.ALTER, WHAT, placement.volunteer, ended_role=placement.role_id
        )


def record_supervision(
    *,
    actor: StaffActor,
    volunteer: Volunteer,
    kind: str,
    held_on: date,
    wellbeing: int | None = None,
    notes: str = "",
) -> Supervision:
    errors = {}
    if held_on > _today():
        errors["held_on"] = "The date must be today or in the past"
    if wellbeing is not None and not 1 <= wellbeing <= 5:
        errors["wellbeing"] = "Choose from 1 to 5"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        supervision = Supervision.objects.create(
            volunteer=volunteer,
            kind=kind,
            held_on=held_on,
            by=actor.user,
            wellbeing=wellbeing,
            notes=notes.strip(),
        )
        log_volunteer(actor, Operation.COLLECT, "Volunteer supervision", volunteer, kind=kind)
    return supervision


def supervision_due(volunteer: Volunteer) -> date | None:
    current = volunteer.placements.filter(ended_on__isnull=True).select_related("role")
    placements = list(current)
    if not placements:
        return None
    last = volunteer.supervisions.first()
    return rules.supervision_due(
        (placement.role.supervision_days for placement in placements),
        last.held_on if last else None,
        min(placement.starts_on for placement in placements),
    )
