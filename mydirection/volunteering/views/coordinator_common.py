"""What the coordinator's views share: the office they reach, their actor, a service called
with its refusal put on the form, and the one template of a small form page.

Every coordinator page is ``@requires(Capability.COORDINATE_VOLUNTEERS)`` and reaches its
records through ``access.guard.coordinator_office``: anything of another office is a 404, as
a page that does not exist.
"""

from typing import Any, TypeVar
from uuid import UUID

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render

from mydirection.access import guard
from mydirection.access.actor import StaffActor
from mydirection.access.policy import Capability
from mydirection.http import StaffRequest
from mydirection.volunteering import coordinator_selectors as selectors
from mydirection.volunteering.models import Volunteer

COORDINATE = Capability.COORDINATE_VOLUNTEERS
FORM_PAGE = "volunteering/coordinator/form.html"

T = TypeVar("T")


def data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


def office(request: StaffRequest) -> UUID:
    return guard.coordinator_office(request)


def actor(request: StaffRequest) -> StaffActor:
    return guard.coordinator_actor(request.user)


def found(value: T | None) -> T:
    """The record, or 404 (another office's, or none)."""
    if value is None:
        raise Http404
    return value


def volunteer(request: StaffRequest, volunteer_id: UUID, what: str = "Volunteer") -> Volunteer:
    """A volunteer of the coordinator's office (404 otherwise); a volunteer who is a person on
    probation is logged as consulted."""
    shown = found(selectors.volunteer_in(office(request), volunteer_id))
    guard.volunteering_consulted(request, what, [shown.person_id])
    return shown


def form_page(
    request: StaffRequest,
    form: forms.Form | None,
    *,
    heading: str,
    button: str,
    back: str,
    back_text: str = "Back",
    caption: str = "",
    intro: str = "",
    stale: bool = False,
    template: str = FORM_PAGE,
    **extra: Any,
) -> HttpResponse:
    context = {
        "form": form,
        "heading": heading,
        "button": button,
        "back": back,
        "back_text": back_text,
        "caption": caption,
        "intro": intro,
        "stale": stale,
    } | extra
    return render(request, template, context)
