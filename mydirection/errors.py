"""Error pages in the service's own style, with a request context (for the layout)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    """A request that cannot be read: a malformed body, too many fields or files, or anything
    Django calls a suspicious operation."""
    return render(request, "errors/400.html", status=400)


def content_too_large(request: HttpRequest) -> HttpResponse:
    """A request over a size limit (``mydirection.middleware.request_limits``; Django has no
    handler for 413)."""
    context = {"upload_limit": settings.UPLOAD_MAX_SIZE}
    return render(request, "errors/413.html", context, status=413)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The policy's message (an exclusion or restriction message) is written for the user.
    message = str(exception) if exception.args else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
