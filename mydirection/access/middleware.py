from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from mydirection.access.guard import JustificationRequired, pending_consults
from mydirection.access.policy import one_request


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


def consult_when_shown(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Write the consultations ``person_for`` kept on a POST (or any method but GET) when the
    response shows the person's page: a form re-rendered with its errors shows the record as
    much as the same page by GET does.

    Not for a redirect (after a change the service has logged), nor an answer to HEAD (no
    body), nor an error page made from an exception, which shows nothing of the record. The
    entry is written before the response leaves: if it cannot be written, the page is not
    shown. Last in ``MIDDLEWARE``, so its ``process_exception`` runs before any other.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        consults = pending_consults(request)
        if consults and shows_the_page(request, response):
            for consult in consults:
                consult()
        return response

    def process_exception(request: HttpRequest, exception: Exception) -> None:
        pending_consults(request)  # dropped: the error page shows nothing of the record

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware


def shows_the_page(request: HttpRequest, response: HttpResponse) -> bool:
    """Does this response, returned by the view itself, carry a page to the user?"""
    if request.method == "HEAD" or response.status_code in (204, 304):
        return False
    if 300 <= response.status_code < 400:
        return False
    return response.streaming or bool(response.content)


def one_rule_per_request(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Build each user's ``visible_to`` rule once a request (``access.policy.one_request``):
    the view's lists and panels and the menu's count share it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        with one_request():
            return get_response(request)

    return middleware
