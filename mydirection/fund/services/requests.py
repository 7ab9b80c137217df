"""Requests: asking (the case manager with the person, or the person from their app),
deciding, paying and cancelling.

Approving commits the money and paying spends it, in the pot's ledger under the pot's lock, so
however many approvals run at once the pot never goes below zero and nobody passes their
limit. The system never approves by itself: an approval has an approver whose level covers
the request (``access.policy.approval_level``).
"""

from datetime import timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor, log_details
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.access.policy import approval_level
from mydirection.fund import rules
from mydirection.fund.models import (
    Account,
    Fund,
    Level,
    MovementKind,
    PaymentMethod,
    Provider,
    Request,
    Status,
)
from mydirection.fund.services.posting import available, committed_to, locked, post, used_by
from mydirection.people.models import Person
from mydirection.plans.models import CURRENT_GOALS, Goal
from mydirection.uploads.models import Purpose
from mydirection.uploads.services import store
from mydirection.versioning import StaleEdit

WHAT = "Enabling Fund request"


def _log(
    actor: StaffActor | PersonActor, operation: Operation, request: Request, **details: object
) -> None:
    record(
        actor=actor,
        operation=operation,
        what=WHAT,
        subject_id=request.person_id,
        details=log_details(actor, request=str(request.pk), **details),
    )


def ask(
    *,
    actor: StaffActor | PersonActor,
    fund: Fund,
    person: Person,
    goal: Goal,
    category: str,
    amount: int,
    what_for: str,
    provider: Provider,
    approve_now: bool = False,
) -> Request:
    """Make a request. With ``approve_now`` the case manager approves it in the same step when
    it is in the fast lane (within their limit and every rule); otherwise it waits for whoever
    its level needs."""
    errors: dict[str, str] = {}
    by_person = isinstance(actor, PersonActor)
    if goal.plan.person_id != person.pk or goal.status not in CURRENT_GOALS:
        errors["goal"] = (
            "Choose one of your goals"
            if by_person
            else f"Choose one of {person.first_name}'s goals"
        )
    if provider.fund_id != fund.pk or not provider.active:
        errors["provider"] = "Choose a shop or service from the fund's approved list"
    if not what_for.strip():
        errors["what_for"] = "Say what the money is for"
    with transaction.atomic():
        fund = locked(fund.pk)
        limits = rules.limits_of(fund)
        errors = (
            rules.ask_refusals(
                limits,
                rules.Asking(
                    category=category,
                    amount=amount,
                    person_first_name=person.first_name,
                    person_used=used_by(fund, person.pk),
                    fund_closed=fund.is_closed,
                    by_person=by_person,
                ),
            )
            | errors
        )
        if errors:
            raise ValidationError(errors)
        request = Request.objects.create(
            fund=fund,
            person=person,
            goal=goal,
            category=category,
            amount=amount,
            what_for=what_for.strip(),
            provider=provider,
            asked_by=actor.user,
            asked_by_person=by_person,
            asked_at=timezone.now(),
            level=rules.required_level(limits, category=category, amount=amount),
        )
        _log(actor, Operation.COLLECT, request, amount=amount, category=category)
        if approve_now and isinstance(actor, StaffActor) and request.level == Level.CASE_MANAGER:
            approve_locked(actor=actor, fund=fund, request=request)
    return request


def _waiting(request_id: UUID, expected_version: int) -> tuple[Fund, Request]:
    """The pot (locked) and the request, still waiting at the version the page showed."""
    request = Request.objects.select_related("person").get(pk=request_id)
    fund = locked(request.fund_id)
    request = Request.objects.select_related("person", "fund").get(pk=request_id)
    if request.version != expected_version or request.status != Status.WAITING:
        raise StaleEdit
    return fund, request


def approve(*, actor: StaffActor, request_id: UUID, expected_version: int) -> None:
    with transaction.atomic():
        fund, request = _waiting(request_id, expected_version)
        approve_locked(actor=actor, fund=fund, request=request)


def approve_locked(*, actor: StaffActor, fund: Fund, request: Request) -> None:
    """Approve ``request`` of ``fund``, already locked by the caller's transaction."""
    refusals = rules.approval_refusals(
        rules.limits_of(fund),
        rules.Approving(
            amount=request.amount,
            required=Level(request.level),
            approver_level=approval_level(actor.user),
            approver_asked=request.asked_by_id == actor.user.pk,
            available=available(fund),
            person_first_name=request.person.first_name,
            person_used=used_by(fund, request.person_id),
            fund_closed=fund.is_closed,
        ),
    )
    if refusals:
        raise ValidationError(refusals)
    post(
        fund=fund,
        kind=MovementKind.COMMITTED,
        by=actor.user,
        request=request,
        pairs=[(Account.AVAILABLE, -request.amount), (Account.COMMITTED, request.amount)],
    )
    _decide(request, actor, status=Status.APPROVED)
    _log(actor, Operation.ALTER, request, status=Status.APPROVED.value)


def _decide(request: Request, actor: StaffActor, *, status: Status, reason: str = "") -> None:
    now = timezone.now()
    Request.objects.filter(pk=request.pk).update(
        status=status,
        reason=reason,
        decided_by=actor.user,
        decided_at=now,
        version=request.version + 1,
    )
    request.status, request.reason, request.decided_at = status, reason, now
    request.version += 1


def decline(*, actor: StaffActor, request_id: UUID, expected_version: int, reason: str) -> None:
    with transaction.atomic():
        _fund, request = _waiting(request_id, expected_version)
        decline_locked(actor=actor, request=request, reason=reason)


def decline_locked(*, actor: StaffActor, request: Request, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": "Say why, in words the person will read"})
    level = approval_level(actor.user)
    if level is None or level < request.level:
        # Whoever may not approve a request may not decline it either: it goes on up.
        raise ValidationError(
            f"This request needs a {Level(request.level).label.lower()} to decide it"
        )
    _decide(request, actor, status=Status.DECLINED, reason=reason.strip())
    _log(actor, Operation.ALTER, request, status=Status.DECLINED.value)


def pay(
    *,
    actor: StaffActor,
    request_id: UUID,
    expected_version: int,
    method: PaymentMethod,
    amount: int,
    reference: str = "",
) -> None:
    """Record the payment of an approved request: a purchase order or voucher to the provider
    (the receipt is then due within the pot's ``receipt_days``), or a reimbursement, which
    needs the receipt first. Paying less than approved releases the difference."""
    with transaction.atomic():
        request = Request.objects.get(pk=request_id)
        fund = locked(request.fund_id)
        request = Request.objects.select_related("person").get(pk=request_id)
        if request.version != expected_version or request.status != Status.APPROVED:
            raise StaleEdit
        if amount <= 0:
            raise ValidationError({"amount": "The amount must be more than £0"})
        if amount > request.amount:
            raise ValidationError(
                {
                    "amount": f"The amount paid cannot be more than the "
                    f"{rules.pounds(request.amount)} approved"
                }
            )
        has_receipt = _has_receipt(request)
        if method == PaymentMethod.REIMBURSEMENT and not has_receipt:
            raise ValidationError({"method": "Add the receipt before paying the person back"})
        committed = committed_to(request)
        back_to = Account.SOURCE if fund.is_closed else Account.AVAILABLE
        pairs = [(Account.COMMITTED, -committed), (Account.SPENT, amount)]
        if committed > amount:
            pairs.append((back_to, committed - amount))
        post(fund=fund, kind=MovementKind.PAID, by=actor.user, request=request, pairs=pairs)
        due = None if has_receipt else timezone.localdate() + timedelta(days=fund.receipt_days)
        Request.objects.filter(pk=request.pk).update(
            status=Status.PAID,
            payment_method=method,
            paid_amount=amount,
            payment_reference=reference.strip(),
            paid_at=timezone.now(),
            paid_by=actor.user,
            receipt_due_on=due,
            version=request.version + 1,
        )
        _log(actor, Operation.ALTER, request, status=Status.PAID.value, amount=amount)


def _has_receipt(request: Request) -> bool:
    return request.receipt_id is not None


def add_receipt(
    *,
    actor: StaffActor | PersonActor,
    request_id: UUID,
    upload: UploadedFile[bytes],
) -> None:
    """Keep the receipt of an approved or paid request (replacing an earlier one: the newest
    is the one that counts); once it is in, nothing is chased."""
    with transaction.atomic():
        request = Request.objects.select_for_update().get(pk=request_id)
        if request.status not in (Status.APPROVED, Status.PAID):
            raise ValidationError(
                {"receipt": "A receipt can be added once the request is approved"}
            )
        if isinstance(actor, PersonActor) and actor.person.pk != request.person_id:
            raise ValueError("A person adds receipts to their own requests only")
        stored = store(actor=actor, upload=upload, purpose=Purpose.RECEIPT, person=request.person)
        Request.objects.filter(pk=request.pk).update(
            receipt=stored, receipt_due_on=None, version=request.version + 1
        )
        _log(actor, Operation.ALTER, request, receipt=str(stored.pk))


def cancel(
    *,
    actor: StaffActor | PersonActor,
    request_id: UUID,
    expected_version: int,
    reason: str,
) -> None:
    """Cancel a waiting or approved (unpaid) request; an approved one's money is released."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the request is cancelled"})
    with transaction.atomic():
        request = Request.objects.get(pk=request_id)
        fund = locked(request.fund_id)
        request = Request.objects.get(pk=request_id)
        if request.version != expected_version or not request.is_open:
            raise StaleEdit
        if isinstance(actor, PersonActor) and request.status != Status.WAITING:
            raise ValidationError("Ask your case manager to cancel a request already approved")
        if request.status == Status.APPROVED:
            committed = committed_to(request)
            back_to = Account.SOURCE if fund.is_closed else Account.AVAILABLE
            post(
                fund=fund,
                kind=MovementKind.RELEASED,
                by=actor.user,
                request=request,
                pairs=[(Account.COMMITTED, -committed), (back_to, committed)],
                note=reason.strip(),
            )
        Request.objects.filter(pk=request.pk).update(
            status=Status.CANCELLED, reason=reason.strip(), version=request.version + 1
        )
        _log(actor, Operation.ALTER, request, status=Status.CANCELLED.value)
