from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from mydirection.access.guard import JustificationRequired


def justification_redirect(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Send a user who needs to justify opening a record to the justification page."""

    def middleware(request: HttpRequest) -> HttpResponse:
        return get_response(request)

    def process_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, JustificationRequired):
            return None
        url = reverse("access:justify", args=[exception.person.pk])
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware
