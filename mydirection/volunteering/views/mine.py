"""A volunteer's own pages on the staff site (/volunteering/mine/): for a volunteer signed in
with their account (a staff-style account with a second factor). Each decides who is asking
(``who.staff_who``: 404 for anyone who is not a volunteer) and calls ``mine.pages``; a person
on probation who volunteers has the same pages in their app (``portal.views.volunteering``)."""

from uuid import UUID

from django.http import HttpResponse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.guard import requires
from mydirection.access.policy import Capability
from mydirection.http import StaffRequest
from mydirection.volunteering.mine import pages
from mydirection.volunteering.mine.who import staff_who

GET_POST = ["GET", "POST"]


@require_safe
@requires(Capability.VOLUNTEER)
def home(request: StaffRequest) -> HttpResponse:
    return pages.home_page(request, staff_who(request))


@require_safe
@requires(Capability.VOLUNTEER)
def sessions(request: StaffRequest) -> HttpResponse:
    return pages.sessions_page(request, staff_who(request))


@require_safe
@requires(Capability.VOLUNTEER)
def session(request: StaffRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.session_page(request, staff_who(request), volunteer_session_id)


@require_POST
@requires(Capability.VOLUNTEER)
def sign_up(request: StaffRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.sign_up_page(request, staff_who(request), volunteer_session_id)


@require_POST
@requires(Capability.VOLUNTEER)
def withdraw(request: StaffRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.withdraw_page(request, staff_who(request), volunteer_session_id)


@require_POST
@requires(Capability.VOLUNTEER)
def check_in(request: StaffRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.check_in_page(request, staff_who(request), volunteer_session_id)


@require_http_methods(GET_POST)
@requires(Capability.VOLUNTEER)
def remind(request: StaffRequest, volunteer_session_id: UUID) -> HttpResponse:
    return pages.remind_page(request, staff_who(request), volunteer_session_id)


@require_safe
@requires(Capability.VOLUNTEER)
def circle(request: StaffRequest, volunteer_circle_id: UUID) -> HttpResponse:
    return pages.circle_page(request, staff_who(request), volunteer_circle_id)


@require_POST
@requires(Capability.VOLUNTEER)
def task_done(
    request: StaffRequest, volunteer_circle_id: UUID, volunteer_task_id: UUID
) -> HttpResponse:
    return pages.task_done_page(request, staff_who(request), volunteer_circle_id, volunteer_task_id)


@require_http_methods(GET_POST)
@requires(Capability.VOLUNTEER)
def record_meeting(request: StaffRequest, volunteer_circle_id: UUID) -> HttpResponse:
    return pages.record_meeting_page(request, staff_who(request), volunteer_circle_id)


@require_http_methods(GET_POST)
@requires(Capability.VOLUNTEER)
def minutes(
    request: StaffRequest, volunteer_circle_id: UUID, volunteer_meeting_id: UUID
) -> HttpResponse:
    return pages.minutes_page(
        request, staff_who(request), volunteer_circle_id, volunteer_meeting_id
    )


@require_http_methods(GET_POST)
@requires(Capability.VOLUNTEER)
def concern(request: StaffRequest, volunteer_circle_id: UUID) -> HttpResponse:
    return pages.concern_page(request, staff_who(request), volunteer_circle_id)


@require_http_methods(GET_POST)
@requires(Capability.VOLUNTEER)
def hours(request: StaffRequest) -> HttpResponse:
    return pages.hours_page(request, staff_who(request))


@require_http_methods(GET_POST)
@requires(Capability.VOLUNTEER)
def change_hours(request: StaffRequest, volunteer_hours_id: UUID) -> HttpResponse:
    return pages.change_hours_page(request, staff_who(request), volunteer_hours_id)


@require_safe
@requires(Capability.VOLUNTEER)
def expenses(request: StaffRequest) -> HttpResponse:
    return pages.expenses_page(request, staff_who(request))


@require_http_methods(GET_POST)
@requires(Capability.VOLUNTEER)
def claim(request: StaffRequest) -> HttpResponse:
    return pages.claim_page(request, staff_who(request))
