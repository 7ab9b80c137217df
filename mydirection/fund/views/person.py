"""A person's Enabling Fund requests, on their record: the list and the pot that serves them,
asking with the person (the case manager's fast lane), one request with its ledger history,
and the decisions and steps on it (approve, decline, pay, cancel, the receipt).

Each page reaches the person through ``person_for`` and each request through that person, so
another person's request gives 404. A service's refusal goes next to its field with nothing
saved; a request that moved on since the page was opened (``StaleEdit``) is shown as it is
now, with a message."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.actor import StaffActor
from mydirection.access.guard import person_for
from mydirection.access.policy import Action, approval_level
from mydirection.forms import add_errors
from mydirection.fund import selectors
from mydirection.fund.forms.record import (
    AskForm,
    PayForm,
    ReasonForm,
    ReceiptForm,
    VersionForm,
)
from mydirection.fund.models import (
    Account,
    Level,
    Movement,
    MovementKind,
    PaymentMethod,
    Request,
    Status,
)
from mydirection.fund.services import requests as services
from mydirection.http import StaffRequest
from mydirection.money import pounds
from mydirection.people.models import Person
from mydirection.people.record import person_context
from mydirection.plans.models import CURRENT_GOALS, Goal
from mydirection.uploads.models import Purpose
from mydirection.uploads.selectors import file_of
from mydirection.uploads.serving import response
from mydirection.versioning import StaleEdit, with_current_version

TAB = "fund:person"

# Who must decide a request, as a page says it.
DECIDER = {
    Level.CASE_MANAGER: "a case manager",
    Level.SENIOR: "a senior case manager",
    Level.PROGRAMME_MANAGER: "the programme manager",
}


def decider(level: int) -> str:
    return DECIDER[Level(level)]


def _data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _bound(request: StaffRequest, open_to_it: bool, *, files: bool = False) -> Any:
    """What a step's form is bound to: the POST (or its files), while the request is still
    open to the step; a request that moved on shows no form to fill in."""
    if request.method != "POST" or not open_to_it:
        return None
    return request.FILES if files else request.POST


def _moved_on(request: StaffRequest, open_to_it: bool) -> bool:
    """A step posted for a request no longer open to it: someone else moved it on."""
    return request.method == "POST" and not open_to_it


def _request(person: Person, request_id: UUID) -> Request:
    return get_object_or_404(
        selectors.requests_of(person).select_related("receipt", "paid_by"), pk=request_id
    )


def _overdue(request: Request) -> bool:
    """Paid, and the receipt is past its day."""
    return bool(
        request.status == Status.PAID
        and request.receipt_id is None
        and request.receipt_due_on
        and request.receipt_due_on < timezone.localdate()
    )


# --- The tab -----------------------------------------------------------------------------


@require_safe
def requests(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Enabling Fund requests")
    shown = list(selectors.requests_of(person))
    fund = selectors.fund_for(person)
    left = max(fund.person_limit - selectors.used_by(fund, person), 0) if fund else None
    context = person_context(person, actor, TAB) | {
        "fund_requests": shown,
        "fund": fund,
        "left": left,
        "overdue": [shown_request for shown_request in shown if _overdue(shown_request)],
    }
    return render(request, "fund/record/person.html", context)


# --- Asking ------------------------------------------------------------------------------


def _current_goals(person: Person) -> list[Goal]:
    return list(
        Goal.objects.filter(plan__person=person, status__in=CURRENT_GOALS).order_by(
            "position", "created_at"
        )
    )


@require_http_methods(["GET", "POST"])
def ask(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Ask the Enabling Fund")
    fund = selectors.fund_for(person)
    goals = _current_goals(person)
    may_approve = approval_level(request.user) is not None
    form = None
    if fund is not None and goals:
        providers = list(fund.providers.filter(active=True))
        form = AskForm(_data(request), person=person, fund=fund, goals=goals, providers=providers)
    if request.method == "POST" and form is not None and fund is not None and form.is_valid():
        data = form.cleaned_data
        try:
            asked = services.ask(
                actor=actor.together(),
                fund=fund,
                person=person,
                goal=form.chosen_goal(),
                category=data["category"],
                amount=data["amount"],
                what_for=data["what_for"],
                provider=form.chosen_provider(),
                approve_now=may_approve and "approve" in request.POST,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if asked.status == Status.APPROVED:
                messages.success(
                    request, f"Approved: {pounds(asked.amount)} from {asked.provider.name}"
                )
            elif "approve" in request.POST:
                messages.success(
                    request,
                    f"Request saved, waiting for {decider(asked.level)}: "
                    f"{pounds(asked.amount)} is more than you may approve",
                )
            else:
                messages.success(request, f"Request sent to {decider(asked.level)} to decide")
            return redirect("fund:request", person.pk, asked.pk)
    context = person_context(person, actor, TAB) | {
        "form": form,
        "fund": fund,
        "has_goals": bool(goals),
        "may_approve": may_approve,
        "fast_lane": fund.case_manager_limit if fund else None,
    }
    return render(request, "fund/record/ask.html", context)


# --- One request -------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One movement of the request's money, as its page shows it."""

    what: str
    amount: int
    by: str
    at: datetime
    note: str


def _line(movement: Movement) -> Line:
    entries = list(movement.entries.all())

    def on(account: Account) -> int:
        return sum(entry.amount for entry in entries if entry.account == account)

    note = movement.note
    if movement.kind == MovementKind.PAID:
        amount = on(Account.SPENT)
        back = on(Account.AVAILABLE) + on(Account.SOURCE)
        if back > 0:
            note = f"{pounds(back)} not spent went back to the fund"
    else:
        amount = abs(on(Account.COMMITTED))
    by = movement.by_user.display_name if movement.by_user else "MyDirection"
    return Line(movement.get_kind_display(), amount, by, movement.at, note)


def _request_page(
    request: StaffRequest,
    person: Person,
    actor: StaffActor,
    shown: Request,
    *,
    approve_form: Form | None = None,
    stale: bool = False,
) -> HttpResponse:
    level = approval_level(request.user)
    waiting = shown.status == Status.WAITING
    context = person_context(person, actor, TAB) | {
        "fund_request": shown,
        "decider": decider(shown.level),
        "history": [_line(movement) for movement in selectors.movements_of(shown)],
        "may_approve": waiting and level is not None and level >= shown.level,
        "may_decline": waiting and level is not None,
        "approve_form": approve_form or VersionForm(initial={"version": shown.version}),
        "overdue": _overdue(shown),
        "stale": stale,
    }
    return render(request, "fund/record/request.html", context)


@require_safe
def request(request: StaffRequest, person_id: UUID, request_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Enabling Fund request")
    return _request_page(request, person, actor, _request(person, request_id))


@require_POST
def approve(request: StaffRequest, person_id: UUID, request_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Approve an Enabling Fund request"
    )
    shown = _request(person, request_id)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.approve(
                actor=actor, request_id=shown.pk, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            return _request_page(request, person, actor, _request(person, request_id), stale=True)
        else:
            messages.success(
                request, f"Approved: {pounds(shown.amount)} from {shown.provider.name}"
            )
            return redirect("fund:request", person.pk, shown.pk)
    return _request_page(request, person, actor, shown, approve_form=form)


def _step_page(
    request: StaffRequest,
    person: Person,
    actor: StaffActor,
    shown: Request,
    form: Form,
    *,
    template: str,
    stale: bool,
    open_to_it: bool,
) -> HttpResponse:
    context = person_context(person, actor, TAB) | {
        "fund_request": shown,
        "form": form,
        "stale": stale,
        "open_to_it": open_to_it,
        "back_url": reverse("fund:request", args=[person.pk, shown.pk]),
    }
    return render(request, template, context)


@dataclass(frozen=True)
class ReasonStep:
    """A step on a request that takes a reason the person will read: declining, cancelling."""

    what: str
    label: str
    template: str
    open_to_it: Callable[[Request], bool]
    service: Callable[..., None]
    done: Callable[[Person, Request], str]


DECLINE = ReasonStep(
    what="Decline an Enabling Fund request",
    label="Why is it declined?",
    template="fund/record/decline.html",
    open_to_it=lambda shown: shown.status == Status.WAITING,
    service=services.decline,
    done=lambda person, shown: f"Declined: {person.known_as} can read why in their app",
)
CANCEL = ReasonStep(
    what="Cancel an Enabling Fund request",
    label="Why is it cancelled?",
    template="fund/record/cancel.html",
    open_to_it=lambda shown: shown.is_open,
    service=services.cancel,
    done=lambda person, shown: (
        "Request cancelled"
        + (
            f": {pounds(shown.amount)} went back to the fund"
            if shown.status == Status.APPROVED
            else ""
        )
    ),
)


def _with_reason(
    request: StaffRequest, person_id: UUID, request_id: UUID, step: ReasonStep
) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what=step.what)
    shown = _request(person, request_id)
    open_to_it = step.open_to_it(shown)
    form = ReasonForm(
        _bound(request, open_to_it), initial={"version": shown.version}, label=step.label
    )
    stale = _moved_on(request, open_to_it)
    if open_to_it and form.is_bound and form.is_valid():
        try:
            step.service(
                actor=actor,
                request_id=shown.pk,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            shown = _request(person, request_id)
            form = ReasonForm(with_current_version(request, shown.version), label=step.label)
            form.is_valid()
            stale, open_to_it = True, step.open_to_it(shown)
        else:
            messages.success(request, step.done(person, shown))
            return redirect("fund:request", person.pk, shown.pk)
    return _step_page(
        request,
        person,
        actor,
        shown,
        form,
        template=step.template,
        stale=stale,
        open_to_it=open_to_it,
    )


@require_http_methods(["GET", "POST"])
def decline(request: StaffRequest, person_id: UUID, request_id: UUID) -> HttpResponse:
    return _with_reason(request, person_id, request_id, DECLINE)


@require_http_methods(["GET", "POST"])
def cancel(request: StaffRequest, person_id: UUID, request_id: UUID) -> HttpResponse:
    return _with_reason(request, person_id, request_id, CANCEL)


def _pay_initial(shown: Request) -> dict[str, Any]:
    return {"version": shown.version, "amount": pounds(shown.amount).removeprefix("£")}


@require_http_methods(["GET", "POST"])
def pay(request: StaffRequest, person_id: UUID, request_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Pay an Enabling Fund request"
    )
    shown = _request(person, request_id)
    open_to_it = shown.status == Status.APPROVED
    form = PayForm(_bound(request, open_to_it), initial=_pay_initial(shown))
    stale = _moved_on(request, open_to_it)
    if open_to_it and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.pay(
                actor=actor,
                request_id=shown.pk,
                expected_version=data["version"],
                method=PaymentMethod(data["method"]),
                amount=data["amount"],
                reference=data["reference"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            shown = _request(person, request_id)
            form = PayForm(with_current_version(request, shown.version))
            form.is_valid()
            stale, open_to_it = True, shown.status == Status.APPROVED
        else:
            messages.success(request, f"Payment of {pounds(data['amount'])} recorded")
            return redirect("fund:request", person.pk, shown.pk)
    return _step_page(
        request,
        person,
        actor,
        shown,
        form,
        template="fund/record/pay.html",
        stale=stale,
        open_to_it=open_to_it,
    )


# --- The receipt -------------------------------------------------------------------------


@require_safe
def receipt(request: StaffRequest, person_id: UUID, request_id: UUID) -> FileResponse:
    person, actor = person_for(request, person_id, what="Enabling Fund receipt")
    shown = _request(person, request_id)
    if shown.receipt_id is None:
        raise Http404
    stored = file_of(person, shown.receipt_id, purpose=Purpose.RECEIPT)
    if stored is None:
        raise Http404
    return response(actor=actor, stored=stored, what="Enabling Fund receipt")


@require_http_methods(["GET", "POST"])
def add_receipt(request: StaffRequest, person_id: UUID, request_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Add an Enabling Fund receipt"
    )
    shown = _request(person, request_id)
    open_to_it = shown.status in (Status.APPROVED, Status.PAID)
    form = ReceiptForm(_bound(request, open_to_it), _bound(request, open_to_it, files=True))
    if open_to_it and form.is_bound and form.is_valid():
        try:
            services.add_receipt(
                actor=actor, request_id=shown.pk, upload=form.cleaned_data["receipt"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Receipt added")
            return redirect("fund:request", person.pk, shown.pk)
    return _step_page(
        request,
        person,
        actor,
        shown,
        form,
        template="fund/record/add_receipt.html",
        stale=_moved_on(request, open_to_it),
        open_to_it=open_to_it,
    )
