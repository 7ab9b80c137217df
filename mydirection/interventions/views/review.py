"""The team's decisions not to refer, for the senior case manager to read and challenge (the
pilot found people left out for "risk" or "timing" without anyone knowing)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mydirection.access.guard import consulted, requires
from mydirection.access.policy import Capability
from mydirection.http import StaffRequest
from mydirection.interventions import selectors
from mydirection.interventions.models import Reason

PER_PAGE = 50


@require_safe
@requires(Capability.REVIEW_DECISIONS)
def decisions(request: StaffRequest) -> HttpResponse:
    team = request.user.team
    if team is None:  # REVIEW_DECISIONS is held only in a team
        raise Http404
    reason = request.GET.get("reason", "")
    if reason not in Reason.values:
        reason = ""
    shown = selectors.not_suitable_decisions(request.user, team)
    if reason:
        shown = shown.filter(reason=reason)
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    consulted(request.user, "Decisions not to refer", [d.person for d in page])
    context = {
        "page": page,
        "team": team,
        "reasons": Reason.choices,
        "reason": reason,
    }
    return render(request, "interventions/decisions.html", context)
