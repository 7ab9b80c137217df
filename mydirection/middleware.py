"""Project-wide middleware: deny-by-default second factor, no caching of pages, the idle
timeout, and clean refusals of requests over the size limits."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect

from mydirection import errors

Handler = Callable[[HttpRequest], HttpResponse]


def no_store(get_response: Handler) -> Handler:
    """Every page the application renders may hold personal data: never cache it.

    Static files are served by WhiteNoise above this middleware and keep their long cache. A
    response that says no-store itself keeps its own words (an uploaded file's "private,
    no-store").
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    return middleware


# A session ends ``SESSION_COOKIE_AGE`` after its last request (staff: about two hours,
# docs/security.md), so each request moves its end. Writing the new end on every request, as
# ``SESSION_SAVE_EVERY_REQUEST`` does, took three statements and 1 to 2 ms of every page
# (docs/benchmarks.md): it is written when a minute has passed since it last was. A session
# thus ends between ``SESSION_COOKIE_AGE`` less a minute and ``SESSION_COOKIE_AGE`` after its
# last request: sooner, never later.
IDLE_REFRESH_SECONDS = 60
REFRESHED = "idle.refreshed"


def idle_timeout(get_response: Handler) -> Handler:
    """Move the end of a session in use, at most once a minute (beneath ``SessionMiddleware``,
    which saves a modified session). A request that never read the session, an empty session
    and one just ended (signed out) are left alone: no visitor is given a session."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = time.time()
        if session.modified or now - float(session.get(REFRESHED, 0)) >= IDLE_REFRESH_SECONDS:
            session[REFRESHED] = now
        return response

    return middleware


def second_factor_required(get_response: Handler) -> Handler:
    """A signed-in member of staff who has not passed the second factor sees nothing else.

    Views that are reachable before the second factor say so with
    ``mydirection.staff.auth.before_second_factor``.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        return get_response(request)

    def process_view(
        request: HttpRequest, view_func: Callable[..., HttpResponse], *args: object
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if getattr(view_func, "before_second_factor", False) or not getattr(
            view_func, "login_required", True
        ):
            return None
        if user.is_verified():
            return None
        return redirect("staff:second-factor")

    middleware.process_view = process_view  # type: ignore[attr-defined]
    return middleware


refusals = logging.getLogger("mydirection.requests")

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class UploadTooBig(RequestDataTooBig):
    """A multipart request (a form with files) larger than ``settings.UPLOAD_MAX_SIZE``."""


def refusal(exception: Exception) -> tuple[str, int] | None:
    """The limit a request broke, named as its setting, and the status that says so; or None
    when ``exception`` is not about the request's body."""
    # Subclasses before their parents: UploadTooBig is a RequestDataTooBig.
    if isinstance(exception, UploadTooBig):
        return "UPLOAD_MAX_SIZE", 413
    if isinstance(exception, RequestDataTooBig):
        return "DATA_UPLOAD_MAX_MEMORY_SIZE", 413
    if isinstance(exception, TooManyFieldsSent):
        return "DATA_UPLOAD_MAX_NUMBER_FIELDS", 400
    if isinstance(exception, TooManyFilesSent):
        return "DATA_UPLOAD_MAX_NUMBER_FILES", 400
    if isinstance(exception, MultiPartParserError):
        return "malformed multipart body", 400
    if isinstance(exception, UnreadablePostError):
        return "unreadable body (the client went away)", 400
    return None


def _content_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _read_body(request: HttpRequest) -> None:
    """Parse the query string and the body now, as Django would later, so that a limit trips
    here and not inside CsrfViewMiddleware or a view."""
    request.GET  # noqa: B018  (its fields count against DATA_UPLOAD_MAX_NUMBER_FIELDS too)
    length = _content_length(request)
    multipart = request.content_type == "multipart/form-data"
    # Under WSGI Django reads exactly CONTENT_LENGTH bytes, so this bounds files as well as
    # fields, before a byte of them is read.
    if multipart and length > settings.UPLOAD_MAX_SIZE:
        raise UploadTooBig(f"The request body is larger than {settings.UPLOAD_MAX_SIZE} bytes.")
    if request.method == "POST" and request.content_type in FORM_TYPES:
        request.POST  # noqa: B018  (parses the form and its files)
    elif length and not multipart:
        request.body  # noqa: B018  (checked against DATA_UPLOAD_MAX_MEMORY_SIZE)


def refuse(request: HttpRequest, limit: str, status: int) -> HttpResponse:
    """The refusal page, and one log line: who (an id, never a name), the path without its
    query string (it can hold a name searched for) and the limit."""
    user = getattr(request, "user", None)
    who = str(user.pk) if user is not None and user.is_authenticated else "anonymous"
    refusals.warning(
        "Request refused: status=%s limit=%s method=%s path=%s user=%s",
        status,
        limit,
        request.method,
        request.path,
        who,
    )
    # Nothing may read the body again: it has been consumed, or is over a limit.
    request._mark_post_parse_error()  # type: ignore[attr-defined]
    if status == 413:
        return errors.content_too_large(request)
    return errors.bad_request(request, None)


def request_limits(get_response: Handler) -> Handler:
    """Requests over a size limit, or with a body that cannot be parsed, get a GOV.UK page
    (413 if too large, 400 otherwise) and one warning line without a traceback.

    Left to Django, the exception is raised where the body is first read, which for a form
    is CsrfViewMiddleware: Django turns it into a 400 and logs a traceback through
    ``django.security``. So this middleware, placed after authentication (to name the user)
    and before CSRF's check, reads the body first. Exceptions raised in a view that reads a
    body itself are caught too (``process_exception``). A view that changes
    ``request.upload_handlers`` must be CSRF-exempt, as Django's documentation asks.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            _read_body(request)
        except BadRequest:
            # A urlencoded form declaring a character set other than UTF-8.
            return refuse(request, "malformed form body", 400)
        except Exception as exception:
            found = refusal(exception)
            if found is None:
                raise
            return refuse(request, *found)
        return get_response(request)

    def process_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
        found = refusal(exception)
        return refuse(request, *found) if found else None

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware
