"""Requests to correct what is held about a person (DPA 2018 section 46; UK GDPR article 16):
recorded with the date received (answered within one calendar month, as subject access is),
what the person says is wrong, and the decision: corrected, or not corrected and why (the
person is told the reason and that they may complain to the Information Commissioner).

The correction itself is made where the record is kept (the personal details page, the plan),
by the pages that keep their history; this tracks the request and the decision.
"""

import dataclasses
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people.models import Person
from mydirection.rights import rules
from mydirection.rights.models import Decision, RectificationRequest, RequestStatus
from mydirection.versioning import save_if_unchanged

WHAT = "Rectification request"
TEXT_LENGTH = 2000


def _for_the_request(actor: StaffActor, request: RectificationRequest) -> StaffActor:
    return dataclasses.replace(
        actor, justification=f"Rectification request received {request.received_on:%d %b %Y}"
    )


def _text(value: str, field: str, missing: str, errors: dict[str, str]) -> str:
    value = value.strip()
    if not value:
        errors[field] = missing
    elif len(value) > TEXT_LENGTH:
        errors[field] = f"Use {TEXT_LENGTH} characters or fewer"
    return value


def open_request(
    *,
    actor: StaffActor,
    person: Person,
    received_on: date,
    requester: str,
    what_is_wrong: str,
) -> RectificationRequest:
    errors: dict[str, str] = {}
    if received_on > timezone.localdate():
        errors["received_on"] = "The date received must be today or in the past"
    requester = requester.strip()
    if not requester:
        errors["requester"] = "Say who made the request"
    what_is_wrong = _text(
        what_is_wrong, "what_is_wrong", "Say what the person says is wrong", errors
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = RectificationRequest.objects.create(
            person=person,
            received_on=received_on,
            due_on=rules.one_month_after(received_on),
            requester=requester,
            what_is_wrong=what_is_wrong,
            opened_by=actor.user,
        )
        record(
            actor=_for_the_request(actor, request),
            operation=Operation.COLLECT,
            what=WHAT,
            subject_id=person.pk,
            details={"request": str(request.pk)},
        )
    return request


def decide(
    *,
    actor: StaffActor,
    request: RectificationRequest,
    decision: str,
    reason: str,
    expected_version: int,
) -> None:
    """Record the decision and complete the request. Not correcting always says why."""
    errors: dict[str, str] = {}
    if decision not in Decision.values:
        errors["decision"] = "Select whether the record was corrected"
    missing = (
        "Say why the record was not corrected"
        if decision == Decision.NOT_CORRECTED
        else "Say what was corrected"
    )
    reason = _text(reason, "decision_reason", missing, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        save_if_unchanged(
            RectificationRequest.objects.filter(status=RequestStatus.OPEN),
            pk=request.pk,
            expected_version=expected_version,
            decision=decision,
            decision_reason=reason,
            status=RequestStatus.COMPLETED,
            completed_on=timezone.localdate(),
            completed_by=actor.user,
        )
        record(
            actor=_for_the_request(actor, request),
            operation=Operation.ALTER,
            what=WHAT,
            subject_id=request.person_id,
            details={"request": str(request.pk), "decision": decision},
        )
