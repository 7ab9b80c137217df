"""Error pages in the service's own style, with a request context (for the layout)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The policy's message (an exclusion or restriction message) is written for the user.
    message = str(exception) if exception.args else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
