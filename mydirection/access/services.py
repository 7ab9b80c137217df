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


@transaction.atomic
def end_exclusion(*, by: User, exclusion: Exclusion) -> None:
    """End now; the row stays, so who was excluded and when remains known."""
    now = timezone.now()
    if Exclusion.objects.filter(pk=exclusion.pk).exclude(ends_at__lte=now).update(ends_at=now):
        record(
            actor=by,
            operation=Operation.ALTER,
            what="Exclusion ended",
            subject_id=exclusion.person_id,
            relation="data_protection",
            details={"exclusion": str(exclusion.pk)},
        )


@transaction.atomic
def end_restriction(*, by: User, restriction: Restriction) -> None:
    now = timezone.now()
    if Restriction.objects.filter(pk=restriction.pk).exclude(ends_at__lte=now).update(ends_at=now):
        record(
            actor=by,
            operation=Operation.ALTER,
            what="Restriction ended",
            subject_id=restriction.person_id,
            relation="data_protection",
            details={"restriction": str(restriction.pk)},
        )
