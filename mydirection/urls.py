from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import include, path
from django.views.decorators.http import require_safe

from mydirection.access.policy import start_page
from mydirection.api.endpoints import urls as api_urls
from mydirection.http import StaffRequest


@login_not_required
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: says the process answers, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def start(request: StaffRequest) -> HttpResponse:
    """Where each member of staff starts after signing in (the policy's start pages)."""
    return redirect(start_page(request.user))


@require_safe
def more(request: StaffRequest) -> HttpResponse:
    """Every page of one's menu and what it is for: where the header's "More" leads (the list
    is the layout's ``menu_pages``, from ``context_processors.service``)."""
    return render(request, "navigation/more.html")


urlpatterns = [
    path("", start, name="start"),
    path("more/", more, name="more"),
    path("health/", health, name="health"),
    path("", include("mydirection.staff.urls")),
    path("", include("mydirection.caseload.urls")),
    path("", include("mydirection.access.urls")),
    path("people/", include("mydirection.people.urls")),
    path("people/", include("mydirection.plans.urls")),
    path("", include("mydirection.evaluation.urls")),
    path("", include("mydirection.notifications.urls")),
    path("", include("mydirection.portal.staff_urls")),
    path("my/", include("mydirection.portal.urls")),
    path("people/", include("mydirection.assessment.urls")),
    path("people/", include("mydirection.person_centred.urls")),
    path("", include("mydirection.appointments.urls")),
    path("", include("mydirection.messaging.urls")),
    path("", include("mydirection.interventions.urls")),
    path("", include("mydirection.fund.urls")),
    path("partner/", include("mydirection.interventions.partner_urls")),
    path("time-bank/", include("mydirection.timebank.urls")),
    path("volunteering/", include("mydirection.volunteering.urls")),
    path("learning/", include("mydirection.learning.urls")),
    path("co-creation/", include("mydirection.cocreation.urls")),
    path("data-rights/", include("mydirection.rights.urls")),
    path("api-tokens/", include("mydirection.api.urls")),
    path("api/v1/", api_urls()),
    path("", include("mydirection.pages.urls")),
]

handler400 = "mydirection.errors.bad_request"
handler403 = "mydirection.errors.permission_denied"
handler404 = "mydirection.errors.not_found"
handler500 = "mydirection.errors.server_error"
