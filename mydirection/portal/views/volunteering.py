"""Volunteering in the person's app (/my/volunteering/), for a person on probation who
volunteers (``Volunteer.person``): the same sessions, circles, tasks, hours and expenses as a
volunteer with an account, through the same pages and services (``volunteering.mine.pages``),
in the app's layout. Only a volunteer reaches them (404 for anyone else); the person is the
actor, and the focus person of a circle they are in is logged as consulted by them.

And the focus person's own circle (/my/circle/): the purpose in their words, the volunteers'
first names, when it last met and the next steps."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.guard import volunteer_pages_consulted
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.volunteering.mine import pages
from mydirection.volunteering.mine.who import Who, app_who
from mydirection.volunteering.record import selectors as record_selectors


def _who(request: PortalRequest) -> Who:
    return app_who(request.person)


def _page(what: str, methods: list[str]) -> Callable[[Callable[..., HttpResponse]], Any]:
    def decorate(view: Callable[..., HttpResponse]) -> Any:
        guarded = portal_view(f"App: volunteering, {what}")(view)
        if methods == ["POST"]:
            return require_POST(guarded)
        if methods == ["GET"]:
            return require_safe(guarded)
        return require_http_methods(methods)(guarded)

    return decorate


@_page("home", ["GET"])
def home(request: PortalRequest) -> HttpResponse:
    return pages.home_page(request, _who(request))


@_page("sessions", ["GET"])
def sessions(request: PortalRequest) -> HttpResponse:
    return pages.sessions_page(request, _who(request))


@_page("a session", ["GET"])
def session(request: PortalRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.session_page(request, _who(request), volunteer_session_id)


@_page("sign up", ["POST"])
def sign_up(request: PortalRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.sign_up_page(request, _who(request), volunteer_session_id)


@_page("withdraw", ["POST"])
def withdraw(request: PortalRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.withdraw_page(request, _who(request), volunteer_session_id)


@_page("check in", ["POST"])
def check_in(request: PortalRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.check_in_page(request, _who(request), volunteer_session_id)


@_page("reminder text", ["GET", "POST"])
def remind(request: PortalRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.remind_page(request, _who(request), volunteer_session_id)


@_page("a circle", ["GET"])
def circle(request: PortalRequest, volunteer_circle_id: UUID) -> HttpResponse:
    return pages.circle_page(request, _who(request), volunteer_circle_id)


@_page("task done", ["POST"])
def task_done(
    request: PortalRequest, volunteer_circle_id: UUID, volunteer_task_id: UUID
) -> HttpResponse:
    return pages.task_done_page(request, _who(request), volunteer_circle_id, volunteer_task_id)


@_page("record a meeting", ["GET", "POST"])
def record_meeting(request: PortalRequest, volunteer_circle_id: UUID) -> HttpResponse:
    return pages.record_meeting_page(request, _who(request), volunteer_circle_id)


@_page("minutes", ["GET", "POST"])
def minutes(
    request: PortalRequest, volunteer_circle_id: UUID, volunteer_meeting_id: UUID
) -> HttpResponse:
    return pages.minutes_page(request, _who(request), volunteer_circle_id, volunteer_meeting_id)


@_page("raise a concern", ["GET", "POST"])
def concern(request: PortalRequest, volunteer_circle_id: UUID) -> HttpResponse:
    return pages.concern_page(request, _who(request), volunteer_circle_id)


@_page("hours", ["GET", "POST"])
def hours(request: PortalRequest) -> HttpResponse:
    return pages.hours_page(request, _who(request))


@_page("change hours", ["GET", "POST"])
def change_hours(request: PortalRequest, volunteer_hours_id: UUID) -> HttpResponse:
    return pages.change_hours_page(request, _who(request), volunteer_hours_id)


@_page("expenses", ["GET"])
def expenses(request: PortalRequest) -> HttpResponse:
    return pages.expenses_page(request, _who(request))


@_page("claim an expense", ["GET", "POST"])
def claim(request: PortalRequest) -> HttpResponse:
    return pages.claim_page(request, _who(request))


# --- The focus person's own circle ------------------------------------------------------------


@require_safe
@portal_view("App: my circle")
def my_circle(request: PortalRequest) -> HttpResponse:
    circle = record_selectors.focus_circle(request.person)
    if circle is None:
        raise Http404
    view = record_selectors.focus_view(circle)
    # A volunteer in the circle who is on probation too is someone the person reads of.
    volunteer_pages_consulted(request, request.actor, "App: my circle", view.people_on_probation)
    return render(request, "portal/circle.html", {"view": view})
