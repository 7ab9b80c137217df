"""Volunteers' out-of-pocket expenses: claims waiting for a decision, approved claims to pay,
a claim's page (approve, or decline with a reason), and its receipt, served to the coordinator
only through ``mydirection.uploads`` (logged, never sniffed or cached)."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access import guard
from mydirection.access.guard import requires
from mydirection.http import StaffRequest
from mydirection.uploads.models import Purpose
from mydirection.uploads.serving import response
from mydirection.versioning import attempt, with_current_version
from mydirection.volunteering import coordinator_selectors as selectors
from mydirection.volunteering.coordinator_forms import ExpenseDecisionForm
from mydirection.volunteering.models import Expense, ExpenseStatus
from mydirection.volunteering.services import expenses
from mydirection.volunteering.views.coordinator_common import (
    COORDINATE,
    actor,
    data,
    form_page,
    found,
    office,
)

WHAT = "Volunteer expense claim"


def _expense(request: StaffRequest, expense_id: UUID, what: str = WHAT) -> Expense:
    shown = found(selectors.expense_in(office(request), expense_id))
    guard.volunteering_consulted(request, what, [shown.volunteer.person_id])
    return shown


@require_safe
@requires(COORDINATE)
def expense_list(request: StaffRequest) -> HttpResponse:
    waiting = list(selectors.expenses_waiting(office(request)))
    guard.volunteering_consulted(
        request, "Volunteer expenses", [e.volunteer.person_id for e in waiting]
    )
    context = {
        "claims": [e for e in waiting if e.status == ExpenseStatus.CLAIMED],
        "to_pay": [e for e in waiting if e.status == ExpenseStatus.APPROVED],
    }
    return render(request, "volunteering/coordinator/expenses.html", context)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def expense(request: StaffRequest, expense_id: UUID) -> HttpResponse:
    shown = _expense(request, expense_id)
    waiting = shown.status == ExpenseStatus.CLAIMED
    form = ExpenseDecisionForm(
        data(request) if waiting else None, initial={"version": shown.version}
    )
    stale = False
    if request.method == "POST" and waiting and form.is_valid():
        values = form.cleaned_data
        version = values["version"] or 0
        if values["decision"] == "approve":
            outcome = attempt(
                form,
                lambda: expenses.approve(
                    actor=actor(request), expense=shown, expected_version=version
                ),
            )
        else:
            outcome = attempt(
                form,
                lambda: expenses.decline(
                    actor=actor(request),
                    expense=shown,
                    reason=values["reason"],
                    expected_version=version,
                ),
            )
        if outcome.done:
            verb = "approved: pay it next" if values["decision"] == "approve" else "declined"
            messages.success(request, f"{shown.volunteer.first_name}'s claim {verb}")
            return redirect("volunteering:expenses")
        if outcome.stale:
            shown.refresh_from_db()
            form = ExpenseDecisionForm(with_current_version(request, shown.version))
            form.is_valid()
            stale = True
    return form_page(
        request,
        form,
        heading=f"{shown.what}",
        caption=f"Claimed by {shown.volunteer}",
        button="Save the decision" if waiting else "",
        stale=stale,
        expense=shown,
        waiting=waiting,
        back=reverse("volunteering:expenses"),
        back_text="Back to expenses",
        template="volunteering/coordinator/expense.html",
    )


@require_POST
@requires(COORDINATE)
def pay(request: StaffRequest, expense_id: UUID) -> HttpResponse:
    shown = found(selectors.expense_in(office(request), expense_id))
    try:
        expenses.pay(actor=actor(request), expense=shown)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{shown.volunteer.first_name}'s claim is marked paid")
    return redirect("volunteering:expenses")


@require_safe
@requires(COORDINATE)
def receipt(request: StaffRequest, expense_id: UUID) -> FileResponse:
    shown = found(selectors.expense_in(office(request), expense_id))
    stored = shown.receipt
    if stored is None or stored.purpose != Purpose.EXPENSE_RECEIPT:
        raise Http404
    return response(actor=actor(request), stored=stored, what="Volunteer expense receipt")
