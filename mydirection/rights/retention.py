"""Retention: who is past their period (proposed for erasure, daily, by the task worker), the
data protection officer's decision on each (confirm, or hold), and the erasure.

The periods are ``rules.schedule(settings.RETENTION)``; the dates are ``rules``' plain
functions. Short-lived rows with a period of their own (``review=False``: app sign-in codes)
are deleted by the same daily run without review.
"""

import dataclasses
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from mydirection.access.actor import StaffActor, SystemActor
from mydirection.access.log import record, record_many
from mydirection.access.models import Operation
from mydirection.people import ending
from mydirection.people.models import Order, Person
from mydirection.rights import erasure, rules
from mydirection.rights.models import UNFINISHED, ErasureReview, ReviewStatus
from mydirection.versioning import save_if_unchanged

WHAT = "Erasure review"
REASON_LENGTH = 1000


def periods() -> dict[str, rules.Period]:
    return rules.schedule(settings.RETENTION)


@dataclasses.dataclass(frozen=True)
class Found:
    proposed: list[ErasureReview]
    # {record type: rows deleted} for the periods with no review.
    deleted: dict[str, int]


def find_expired(today: date | None = None) -> Found:
    """Propose for erasure everyone whose case ended longer ago than its period, unless a
    review of them is open or held; delete the short-lived rows past theirs."""
    today = today or timezone.localdate()
    schedule = periods()
    candidates = (
        Person.objects.filter(ending.finished_cases(today), erased_on__isnull=True)
        .exclude(erasure_reviews__status__in=UNFINISHED)
        .only("pk", "date_of_birth", "risk_level")
        .prefetch_related(
            Prefetch("orders", Order.objects.only("person", "end_date", "ended_early_on"))
        )
    )
    proposals = []
    for person in candidates:
        ended = rules.case_ended_on(person.orders.all(), today)
        if ended is None:
            continue
        period = rules.period_for_case(schedule, person.risk_level)
        last_day = rules.keep_until(period, ended, person.date_of_birth)
        if rules.is_past(last_day, today):
            proposals.append(
                ErasureReview(
                    person=person,
                    record_type=period.record_type,
                    case_ended_on=ended,
                    kept_until=last_day,
                )
            )
    with transaction.atomic():
        created = ErasureReview.objects.bulk_create(proposals)
        record_many(
            actor=SystemActor(),
            operation=Operation.COLLECT,
            what=WHAT,
            subject_ids=[review.person_id for review in created],
            details={"status": "proposed"},
        )
        deleted = _purge_short_lived(schedule, today)
    return Found(created, deleted)


def _purge_short_lived(schedule: dict[str, rules.Period], today: date) -> dict[str, int]:
    from django.apps import apps

    deleted = {}
    for period in schedule.values():
        if period.review or not period.model:
            continue
        # Rows from before the cut-off are past their last day.
        cutoff = timezone.now() - _length(period, today)
        model = apps.get_model(period.model)
        count, _ = model._default_manager.filter(**{f"{period.date_field}__lt": cutoff}).delete()
        deleted[period.record_type] = count
    return deleted


def _length(period: rules.Period, today: date) -> timedelta:
    """How long a row-level period is, counted back from today."""
    return rules.keep_until(period, today) - today


def _for_the_review(actor: StaffActor, review: ErasureReview) -> StaffActor:
    """The review is why the record is opened: it goes in every entry's justification (the
    officer's own reason stays on the review: the log holds no free text about the person)."""
    return dataclasses.replace(
        actor, justification=f"Erasure review: past its retention period ({review.record_type})"
    )


def _reason(reason: str, missing: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": missing})
    if len(reason) > REASON_LENGTH:
        raise ValidationError({"reason": f"The reason must be {REASON_LENGTH} characters or fewer"})
    return reason


def _decide(
    *,
    actor: StaffActor,
    review: ErasureReview,
    status: ReviewStatus,
    reason: str,
    expected_version: int,
    allowed_from: tuple[ReviewStatus, ...],
) -> None:
    with transaction.atomic():
        save_if_unchanged(
            ErasureReview.objects.filter(status__in=allowed_from),
            pk=review.pk,
            expected_version=expected_version,
            status=status,
            reason=reason,
            decided_at=timezone.now(),
            decided_by=actor.user,
        )
        record(
            actor=_for_the_review(actor, review),
            operation=Operation.ALTER,
            what=WHAT,
            subject_id=review.person_id,
            details={"review": str(review.pk), "status": str(status)},
        )


def confirm(
    *, actor: StaffActor, review: ErasureReview, reason: str, expected_version: int
) -> None:
    """The data protection officer agrees the records may be erased, and says why."""
    reason = _reason(reason, "Say why the records may be erased")
    _decide(
        actor=actor,
        review=review,
        status=ReviewStatus.CONFIRMED,
        reason=reason,
        expected_version=expected_version,
        allowed_from=(ReviewStatus.PROPOSED, ReviewStatus.HELD),
    )


def hold(*, actor: StaffActor, review: ErasureReview, reason: str, expected_version: int) -> None:
    """A legal hold (an inquiry, a claim, a serious further offence review): the records stay
    until the data protection officer confirms the review again."""
    reason = _reason(reason, "Say why the records must be kept")
    _decide(
        actor=actor,
        review=review,
        status=ReviewStatus.HELD,
        reason=reason,
        expected_version=expected_version,
        allowed_from=(ReviewStatus.PROPOSED, ReviewStatus.CONFIRMED),
    )


def erase(*, actor: StaffActor, review: ErasureReview, expected_version: int) -> erasure.Erased:
    """Erase a confirmed review's person (``erasure.erase_person``), logged as an erasure."""
    if review.status != ReviewStatus.CONFIRMED:
        raise ValidationError("Confirm the review before erasing the records")
    today = timezone.localdate()
    with transaction.atomic():
        save_if_unchanged(
            ErasureReview.objects.filter(status=ReviewStatus.CONFIRMED),
            pk=review.pk,
            expected_version=expected_version,
            status=ReviewStatus.ERASED,
            erased_at=timezone.now(),
            erased_by=actor.user,
        )
        erased = erasure.erase_person(review.person, today)
        ErasureReview.objects.filter(pk=review.pk).update(erased_rows=erased.rows)
        record(
            actor=_for_the_review(actor, review),
            operation=Operation.ERASE,
            what=WHAT,
            subject_id=review.person_id,
            details={
                "review": str(review.pk),
                "record_type": review.record_type,
                "rows": erased.rows,
            },
        )
    return erased
