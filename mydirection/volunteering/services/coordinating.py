"""The coordinator's steps that join volunteering to the referrals it answers, and cancelling
a session: each one transaction.

A referral to the office's peer mentoring moves on when a match is made (accepted, then
started: the match is the start); a referral to Life Links is accepted when its circle is
formed. Both through the referral services, so the referral's history and log say so.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.models import Operation
from mydirection.interventions.models import Referral, Status
from mydirection.interventions.services import referrals
from mydirection.staff.models import User
from mydirection.versioning import save_if_unchanged
from mydirection.volunteering.models import Circle, ConflictCheck, Match, Mode, Session, Volunteer
from mydirection.volunteering.services import circles, mentoring
from mydirection.volunteering.services.log import log

NOT_OPEN = "This referral is no longer open"


def _accepted(actor: StaffActor, referral: Referral) -> Referral:
    """The referral, accepted if it was waiting for an answer."""
    current = Referral.objects.get(pk=referral.pk)
    if current.status == Status.SENT:
        current = referrals.respond(
            actor=actor, referral_id=current.pk, expected_version=current.version, accept=True
        )
    return current


def match_from_referral(
    *,
    actor: StaffActor,
    referral: Referral,
    mentor: Volunteer,
    co_defendant: bool,
    victim: bool,
    family: bool,
    known_associate: bool,
) -> tuple[ConflictCheck, Match | None]:
    """The conflict check, and the match if it is clear; the referral then moves on to
    started. The check is kept either way."""
    if not referral.is_open:
        raise ValidationError(NOT_OPEN)
    with transaction.atomic():
        check, match = mentoring.check_and_match(
            actor=actor,
            mentor=mentor,
            mentee=referral.person,
            co_defendant=co_defendant,
            victim=victim,
            family=family,
            known_associate=known_associate,
        )
        if match is not None:
            current = _accepted(actor, referral)
            if current.status == Status.ACCEPTED:
                referrals.start(
                    actor=actor, referral_id=current.pk, expected_version=current.version
                )
    return check, match


def form_from_referral(
    *,
    actor: StaffActor,
    referral: Referral,
    chosen_on: date,
    purpose: str,
    mode: Mode,
    coordinator: User,
) -> Circle:
    """The circle the focus person chose, from their referral, which is then accepted."""
    if not referral.is_open:
        raise ValidationError(NOT_OPEN)
    if Circle.objects.filter(referral=referral).exists():
        raise ValidationError("A circle has already been formed from this referral")
    with transaction.atomic():
        circle = circles.form(
            actor=actor,
            office=referral.intervention.office,
            person=referral.person,
            chosen_on=chosen_on,
            purpose=purpose,
            mode=mode,
            coordinator=coordinator,
            referral=referral,
        )
        _accepted(actor, referral)
    return circle


def cancel_session(*, actor: StaffActor, session: Session, expected_version: int) -> None:
    """A session not started yet is called off; its sign-ups stay on record."""
    if session.starts_at <= timezone.now():
        raise ValidationError("This session has already started")
    with transaction.atomic():
        save_if_unchanged(
            Session.objects.filter(cancelled=False),
            pk=session.pk,
            expected_version=expected_version,
            cancelled=True,
        )
        log(actor, Operation.ALTER, "Volunteer session", None, session=session.pk, cancelled=True)
