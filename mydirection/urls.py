from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: says the process answers, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


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
