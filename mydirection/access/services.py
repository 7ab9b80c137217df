"""Setting and ending restricted-case rules. Each change is logged against the person."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mydirection.access.log import record
from mydirection.access.models import Exclusion, Operation, Restriction
from mydirection.people.models import Person
from mydirection.staff.models import User


@transaction.atomic
def exclude(
    *, by: User, person: Person, user: User, reason: str, message: str, ends_at: datetime | None
) -> Exclusion:
    exclusion = Exclusion.objects.create(
        person=person, user=user, reason=reason, message=message, ends_at=ends_at, created_by=by
    )
    record(
        actor=by,
        operation=Operation.ALTER,
        what="Exclusion added",
        subject_id=person.pk,
        relation="data_protection",
        details={"exclusion": str(exclusion.pk), "user": str(user.pk)},
    )
    return exclusion


@transaction.atomic
def restrict(
    *,
    by: User,
    person: Person,
    allowed: list[User],
    reason: str,
    message: str,
    ends_at: datetime | None,
) -> Restriction:
    """Admit only ``allowed`` to the case: replaces any restriction the case had."""
    Restriction.objects.filter(person=person).delete()
    restriction = Restriction.objects.create(
        person=person, reason=reason, message=message, ends_at=ends_at, created_by=by
    )
    restriction.allowed_users.set(allowed)
    record(
        actor=by,
        operation=Operation.ALTER,
        what="Restriction set",
        subject_id=person.pk,
        relation="data_protection",
        details={"allowed": sorted(str(user.pk) for user in allowed)},
    )
    return restriction


def _end_now(*, by: User, rule: Exclusion | Restriction, what: str) -> None:
    """End a rule now; the row stays, so who was barred and when remains known."""
    now = timezone.now()
    ended = type(rule).objects.filter(pk=rule.pk).exclude(ends_at__lte=now).update(ends_at=now)
    if ended:
        record(
            actor=by,
            operation=Operation.ALTER,
            what=what,
            subject_id=rule.person_id,
            relation="data_protection",
            details={"rule": str(rule.pk)},
        )


@transaction.atomic
def end_exclusion(*, by: User, exclusion: Exclusion) -> None:
    _end_now(by=by, rule=exclusion, what="Exclusion ended")


@transaction.atomic
def end_restriction(*, by: User, restriction: Restriction) -> None:
    _end_now(by=by, rule=restriction, what="Restriction ended")
