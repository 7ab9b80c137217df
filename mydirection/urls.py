from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: says the process answers, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return redirect("caseload:home")


urlpatterns = [
    path("", start, name="start"),
    path("health/", health, name="health"),
    path("", include("mydirection.staff.urls")),
    path("", include("mydirection.caseload.urls")),
    path("", include("mydirection.access.urls")),
    path("people/", include("mydirection.people.urls")),
]

handler403 = "mydirection.errors.permission_denied"
handler404 = "mydirection.errors.not_found"
handler500 = "mydirection.errors.server_error"
