"""Money for your plan (/my/fund/): the Enabling Fund in the person's app.

The person reads what the fund is for and how much they have left, asks for money for a goal
in their plan, follows each request in plain words (with the reason in full when one is not
approved or is cancelled), cancels one still waiting, and adds the photo of a receipt. They
see what the staff see about their fund: the amount left included (the pilot did not tell
people theirs; here the person sees what the staff see).

Every change goes through the fund's services with the person as the actor
(``PersonActor``), so the access log and the case manager's pages say the person did it; the
app never approves anything. Requests are found through the signed-in person: another
person's ids give 404, as for a request that does not exist.
"""

from dataclasses import dataclass
from datetime import date
from typing import cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.policy import approval_level
from mydirection.forms import add_errors
from mydirection.fund import selectors as fund_selectors
from mydirection.fund.models import Fund, Level, Provider, Request, Status
from mydirection.fund.services import requests as request_services
from mydirection.people.models import Person
from mydirection.plans.models import CURRENT_GOALS, Goal
from mydirection.portal.forms_fund import AskForm, CancelForm, ReceiptForm, my_category
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.uploads import selectors as upload_selectors
from mydirection.uploads import serving
from mydirection.uploads.models import Purpose
from mydirection.versioning import StaleEdit

# Who decides a request, as the person reads it.
WHO_DECIDES = {
    Level.CASE_MANAGER: "Your case manager",
    Level.SENIOR: "A senior case manager",
    Level.PROGRAMME_MANAGER: "The programme manager",
}


@dataclass(frozen=True)
class Plain:
    """Where a request is, in the person's words: the status (a tag) and what it means."""

    tag: str
    colour: str
    detail: str = ""


def plain_status(request: Request) -> Plain:
    status = Status(request.status)
    if status == Status.WAITING:
        return Plain("Waiting for a decision", "blue")
    if status == Status.APPROVED:
        return Plain("Approved", "turquoise", "Your case manager will arrange how you get it.")
    if status == Status.PAID:
        return Plain("Paid", "green")
    if status == Status.DECLINED:
        return Plain("Not approved", "red", request.reason)
    return Plain("Cancelled", "grey")


@dataclass(frozen=True)
class ReceiptDue:
    on: date
    late: bool


def receipt_due(request: Request, today: date) -> ReceiptDue | None:
    """The receipt still to come for a paid request, if any (the fund chases it)."""
    if request.status != Status.PAID or request.receipt_id or request.receipt_due_on is None:
        return None
    return ReceiptDue(request.receipt_due_on, late=request.receipt_due_on < today)


@dataclass(frozen=True)
class MyRequest:
    request: Request
    plain: Plain
    kind: str
    who_decides: str
    receipt_due: ReceiptDue | None

    @property
    def can_cancel(self) -> bool:
        return self.request.status == Status.WAITING

    @property
    def can_add_receipt(self) -> bool:
        return self.request.status in (Status.APPROVED, Status.PAID)


def _who(request: Request) -> str:
    """Who decides a waiting request (its level), or who decided it."""
    level = Level(request.level)
    if request.decided_by is not None:
        level = approval_level(request.decided_by) or level
    return WHO_DECIDES[level]


def _mine(request: Request, today: date) -> MyRequest:
    return MyRequest(
        request,
        plain_status(request),
        my_category(request.category),
        _who(request),
        receipt_due(request, today),
    )


def _my_request(person: Person, request_id: UUID) -> MyRequest:
    found = fund_selectors.requests_of(person).filter(pk=request_id).first()
    if found is None:
        raise Http404
    return _mine(found, timezone.localdate())


@dataclass(frozen=True)
class MyFund:
    """The pot open for the person, and what they have left of it."""

    fund: Fund
    left: int


def _my_fund(person: Person) -> MyFund | None:
    fund = fund_selectors.fund_for(person)
    if fund is None:
        return None
    left = max(fund.person_limit - fund_selectors.used_by(fund, person), 0)
    return MyFund(fund, left)


def _my_goals(person: Person) -> QuerySet[Goal]:
    return Goal.objects.filter(plan__person=person, status__in=CURRENT_GOALS).order_by(
        "position", "created_at"
    )


def _shops(fund: Fund) -> QuerySet[Provider]:
    return fund.providers.filter(active=True).order_by("name")


@dataclass(frozen=True)
class FundMenu:
    """The home page's link to the fund: shown while a pot is open for the person or they
    have requests, with how many receipts they are asked for."""

    receipts_due: int


def fund_menu(person: Person) -> FundMenu | None:
    mine = fund_selectors.requests_of(person)
    if fund_selectors.fund_for(person) is None and not mine.exists():
        return None
    due = mine.filter(status=Status.PAID, receipt__isnull=True, receipt_due_on__isnull=False)
    return FundMenu(receipts_due=due.count())


@require_safe
@portal_view("App: money for my plan")
def requests(request: PortalRequest) -> HttpResponse:
    person = request.person
    today = timezone.localdate()
    mine = [_mine(found, today) for found in fund_selectors.requests_of(person)]
    context = {
        "person": person,
        "my_fund": _my_fund(person),
        "requests": mine,
        "receipts_due": [item for item in mine if item.receipt_due],
        "any_waiting": any(item.request.status == Status.WAITING for item in mine),
    }
    return render(request, "portal/fund.html", context)


def _why_not_ask(my_fund: MyFund | None, goals: QuerySet[Goal], shops: QuerySet[Provider]) -> str:
    """Why the person cannot ask now (the page says it in words), or "" if they can."""
    if my_fund is None:
        return "not_open"
    if not goals.exists():
        return "no_goals"
    if my_fund.left <= 0:
        return "used_up"
    if not shops.exists():
        return "no_shops"
    return ""


@require_http_methods(["GET", "POST"])
@portal_view("App: ask for money for my plan")
def ask(request: PortalRequest) -> HttpResponse:
    person = request.person
    my_fund = _my_fund(person)
    goals = _my_goals(person)
    shops = _shops(my_fund.fund) if my_fund else Provider.objects.none()
    why_not = _why_not_ask(my_fund, goals, shops)
    context = {"person": person, "my_fund": my_fund, "why_not": why_not, "form": None}
    if my_fund is None or why_not:
        return render(request, "portal/fund_ask.html", context)
    form = AskForm(
        request.POST if request.method == "POST" else None,
        fund=my_fund.fund,
        goals=goals,
        providers=shops,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            asked = request_services.ask(
                actor=request.actor,
                fund=my_fund.fund,
                person=person,
                goal=data["goal"],
                category=data["category"],
                amount=data["amount"],
                what_for=data["what_for"],
                provider=data["provider"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "We have sent your request to your case manager")
            return redirect("portal:fund-request", request_id=asked.pk)
    return render(request, "portal/fund_ask.html", context | {"form": form})


@require_safe
@portal_view("App: a request for money")
def request(request: PortalRequest, request_id: UUID) -> HttpResponse:
    mine = _my_request(request.person, request_id)
    return render(request, "portal/fund_request.html", {"person": request.person, "mine": mine})


@require_http_methods(["GET", "POST"])
@portal_view("App: cancel a request for money")
def cancel(request: PortalRequest, request_id: UUID) -> HttpResponse:
    mine = _my_request(request.person, request_id)
    form = CancelForm(
        request.POST if request.method == "POST" else None,
        initial={"version": mine.request.version},
    )
    stale = False
    if request.method == "POST" and mine.can_cancel and form.is_valid():
        try:
            request_services.cancel(
                actor=request.actor,
                request_id=mine.request.pk,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleEdit:
            # Decided (or changed) while the page was open: show where it is now.
            stale = True
            mine = _my_request(request.person, request_id)
            form = CancelForm(
                {"reason": form.cleaned_data["reason"], "version": mine.request.version}
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "You cancelled your request")
            return redirect("portal:fund-request", request_id=mine.request.pk)
    context = {"person": request.person, "mine": mine, "form": form, "stale": stale}
    return render(request, "portal/fund_cancel.html", context)


@require_http_methods(["GET", "POST"])
@portal_view("App: add a receipt")
def add_receipt(request: PortalRequest, request_id: UUID) -> HttpResponse:
    mine = _my_request(request.person, request_id)
    form = ReceiptForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and mine.can_add_receipt and form.is_valid():
        try:
            request_services.add_receipt(
                actor=request.actor,
                request_id=mine.request.pk,
                upload=form.cleaned_data["receipt"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you. We have your receipt")
            return redirect("portal:fund-request", request_id=mine.request.pk)
    return render(
        request,
        "portal/fund_add_receipt.html",
        {"person": request.person, "mine": mine, "form": form},
    )


@require_safe
@portal_view("App: my receipt")
def receipt(request: PortalRequest, request_id: UUID) -> HttpResponse:
    mine = _my_request(request.person, request_id)
    if mine.request.receipt_id is None:
        raise Http404
    stored = upload_selectors.file_of(
        request.person, mine.request.receipt_id, purpose=Purpose.RECEIPT
    )
    if stored is None:
        raise Http404
    served = serving.response(actor=request.actor, stored=stored, what="Enabling Fund receipt")
    # A streamed file (``portal_view`` is typed for pages; Django takes either).
    return cast(HttpResponse, served)
