"""Setting and ending restricted-case rules. Each change is logged against the person."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mydirection.access import policy
from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Exclusion, Operation, Restriction
from mydirection.people.models import Person
from mydirection.staff.models import User


@transaction.atomic
def exclude(
    *,
    actor: StaffActor,
    person: Person,
    user: User,
    reason: str,
    message: str,
    ends_at: datetime | None,
) -> Exclusion:
    exclusion = Exclusion.objects.create(
        person=person,
        user=user,
        reason=reason,
        message=message,
        ends_at=ends_at,
        created_by=actor.user,
    )
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Exclusion added",
        subject_id=person.pk,
        details={"exclusion": str(exclusion.pk), "user": str(user.pk)},
    )
    return exclusion


@transaction.atomic
def restrict(
    *,
    actor: StaffActor,
    person: Person,
    allowed: list[User],
    reason: str,
    message: str,
    ends_at: datetime | None,
) -> Restriction:
    """Admit only ``allowed`` to the case: replaces any restriction the case had."""
    Restriction.objects.filter(person=person).delete()
    restriction = Restriction.objects.create(
        person=person, reason=reason, message=message, ends_at=ends_at, created_by=actor.user
    )
    restriction.allowed_users.set(allowed)
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="Restriction set",
        subject_id=person.pk,
        details={"allowed": sorted(str(user.pk) for user in allowed)},
    )
    return restriction


def _end_now(*, actor: StaffActor, rule: Exclusion | Restriction, what: str) -> None:
    """End a rule now; the row stays, so who was barred and when remains known."""
    now = timezone.now()
    ended = type(rule).objects.filter(pk=rule.pk).exclude(ends_at__lte=now).update(ends_at=now)
    policy.forget()  # an update sends no signal (access.apps)
    if ended:
        record(
            actor=actor,
            operation=Operation.ALTER,
            what=what,
            subject_id=rule.person_id,
            details={"rule": str(rule.pk)},
        )


@transaction.atomic
def end_exclusion(*, actor: StaffActor, exclusion: Exclusion) -> None:
    _end_now(actor=actor, rule=exclusion, what="Exclusion ended")


@transaction.atomic
def end_restriction(*, actor: StaffActor, restriction: Restriction) -> None:
    _end_now(actor=actor, rule=restriction, what="Restriction ended")
