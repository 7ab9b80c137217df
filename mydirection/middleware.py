"""Project-wide middleware: deny-by-default second factor and no caching of pages."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

Handler = Callable[[HttpRequest], HttpResponse]


def no_store(get_response: Handler) -> Handler:
    """Every page the application renders may hold personal data: never cache it.

    Static files are served by WhiteNoise above this middleware and keep their long cache.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
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
