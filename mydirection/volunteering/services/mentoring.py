"""Peer mentors: a person on probation's readiness to volunteer, talked through with their
case manager; and a match of a peer mentor with a mentee, made only after a conflict check
whose answers stay with staff."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.models import Operation
from mydirection.people.models import Order, Person
from mydirection.volunteering import rules
from mydirection.volunteering.models import (
    ConflictCheck,
    Match,
    Readiness,
    Volunteer,
)
from mydirection.volunteering.services.log import log


def order_end(person: Person, today: date) -> date | None:
    """When the person's latest order ends (or ended)."""
    order = Order.objects.filter(person=person).order_by("-start_date").first()
    if order is None:
        return None
    return order.ended_early_on or order.end_date


def supervised(person: Person, today: date) -> bool:
    return (
        Order.objects.filter(person=person, start_date__lte=today)
        .filter(Q(ended_early_on__isnull=True, end_date__gte=today) | Q(ended_early_on__gte=today))
        .exists()
    )


def record_readiness(
    *,
    actor: StaffActor,
    person: Person,
    stability: str,
    training: str,
    wants: str,
    pathway: int,
    outcome: str,
    review_on: date | None = None,
) -> Readiness:
    """What the person and their case manager said of volunteering, with where the order
    stands that day (worked out, not typed)."""
    today = timezone.localdate()
    errors = {}
    if not stability.strip():
        errors["stability"] = "Say how settled things are (housing, health, money, people)"
    if not wants.strip():
        errors["wants"] = "Say what the person wants from volunteering, in their words"
    if review_on is not None and review_on <= today:
        errors["review_on"] = "The review date must be in the future"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        readiness = Readiness.objects.create(
            person=person,
            discussed_on=today,
            by=actor.user,
            stability=stability.strip(),
            order_position=rules.order_position(order_end(person, today), today),
            training=training.strip(),
            wants=wants.strip(),
            pathway=pathway,
            outcome=outcome,
            review_on=review_on,
        )
        log(actor, Operation.COLLECT, "Readiness to volunteer", person.pk, readiness=readiness.pk)
    return readiness


def check_and_match(
    *,
    actor: StaffActor,
    mentor: Volunteer,
    mentee: Person,
    co_defendant: bool,
    victim: bool,
    family: bool,
    known_associate: bool,
) -> tuple[ConflictCheck, Match | None]:
    """Record the conflict check, and make the match if it is clear. The check is kept either
    way (who asked, what was found); the reasons are for staff only."""
    if not mentor.placements.filter(ended_on__isnull=True, role__mentoring=True).exists():
        raise ValidationError({"mentor": f"{mentor.first_name} has no peer mentor role"})
    if mentor.person_id == mentee.pk:
        raise ValidationError({"mentor": "A person cannot mentor themself"})
    today = timezone.localdate()
    mentor_person = mentor.person
    conflicts = rules.Conflicts(
        co_defendant=co_defendant,
        victim=victim,
        family=family,
        known_associate=known_associate,
        same_caseload=mentor_person is not None
        and rules.same_caseload(
            mentor_person.case_manager_id,
            supervised(mentor_person, today),
            mentee.case_manager_id,
        ),
    )
    with transaction.atomic():
        if Match.objects.filter(mentor=mentor, mentee=mentee, ended_on__isnull=True).exists():
            raise ValidationError("They are already matched")
        check = ConflictCheck.objects.create(
            mentor=mentor,
            mentee=mentee,
            co_defendant=co_defendant,
            victim=victim,
            family=family,
            known_associate=known_associate,
            same_caseload=conflicts.same_caseload,
            clear=conflicts.clear,
            checked_by=actor.user,
        )
        log(actor, Operation.COLLECT, "Peer mentor conflict check", mentee.pk, check=check.pk)
        if not conflicts.clear:
            return check, None
        match = Match.objects.create(
            mentor=mentor,
            mentee=mentee,
            conflict_check=check,
            starts_on=today,
            matched_by=actor.user,
        )
        log(actor, Operation.ALTER, "Peer mentor match", mentee.pk, match=match.pk)
    return check, match


def end_match(*, actor: StaffActor, match: Match, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the mentoring ends"})
    with transaction.atomic():
        if not Match.objects.filter(pk=match.pk, ended_on__isnull=True).update(
            ended_on=timezone.localdate(), end_reason=reason.strip()
        ):
            raise ValidationError("This mentoring has already ended")
        log(
            actor, Operation.ALTER, "Peer mentor match", match.mentee_id, match=match.pk, ended=True
        )
