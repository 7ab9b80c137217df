"""Fund requests to decide: the list for whoever may approve some (case managers their fast
lane, seniors theirs, the programme manager the largest), and the programme manager's page for
one request, which they decide without opening the person's record."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.guard import (
    consulted,
    fund_request_for,
    fund_requests_consulted,
    requires,
)
from mydirection.access.policy import Capability, may
from mydirection.forms import add_errors
from mydirection.fund import selectors
from mydirection.fund.forms.decisions import APPROVE, DecisionForm
from mydirection.fund.models import Status
from mydirection.fund.services import requests as services
from mydirection.fund.views.person import decider
from mydirection.http import StaffRequest
from mydirection.money import pounds
from mydirection.versioning import StaleEdit, with_current_version

PER_PAGE = 50
WHAT = "Fund requests to decide"


@require_safe
@requires(Capability.DECIDE_FUND_REQUESTS)
def waiting(request: StaffRequest) -> HttpResponse:
    user = request.user
    manages = may(user, Capability.MANAGE_FUNDS)
    page = Paginator(selectors.waiting_for(user), PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    if manages:
        fund_requests_consulted(user, WHAT, shown)
    else:
        consulted(user, WHAT, [fund_request.person for fund_request in shown])
    today = timezone.localdate()
    context = {
        "page": page,
        "rows": [
            (fund_request, (today - timezone.localdate(fund_request.asked_at)).days)
            for fund_request in shown
        ],
        "manages": manages,
    }
    return render(request, "fund/decisions/waiting.html", context)


def _data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_FUNDS)
def decision(request: StaffRequest, request_id: UUID) -> HttpResponse:
    shown, actor = fund_request_for(request, request_id, what="Enabling Fund request to decide")
    form = DecisionForm(_data(request), initial={"version": shown.version})
    stale = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == APPROVE:
                services.approve(actor=actor, request_id=shown.pk, expected_version=data["version"])
            else:
                services.decline(
                    actor=actor,
                    request_id=shown.pk,
                    expected_version=data["version"],
                    reason=data["reason"],
                )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            shown.refresh_from_db()
            form = DecisionForm(with_current_version(request, shown.version))
            form.is_valid()
            stale = True
        else:
            done = "Approved" if data["action"] == APPROVE else "Declined"
            messages.success(
                request,
                f"{done}: {pounds(shown.amount)} for {shown.person.first_name} "
                f"{shown.person.last_name[:1]}.",
            )
            return redirect("fund:waiting")
    context = {
        "fund_request": shown,
        "form": form,
        "stale": stale,
        "waiting": shown.status == Status.WAITING,
        "decider": decider(shown.level),
    }
    return render(request, "fund/decisions/decision.html", context)
