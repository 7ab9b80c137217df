"""What the coordinator's views share: the office they reach, their actor, and the small form
page in their layout (a service is called from a form with ``versioning.attempt``).

Every coordinator page is ``@requires(Capability.COORDINATE_VOLUNTEERS)`` and reaches its
records through ``access.guard.coordinator_office``: anything of another office is a 404, as
a page that does not exist.
"""

import functools
from typing import Any, TypeVar
from uuid import UUID

from django.http import Http404

from mydirection.access import guard
from mydirection.access.actor import StaffActor
from mydirection.access.policy import Capability
from mydirection.form_pages import form_page as shared_form_page
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


# The shared small form page, in this app's layout (``template=`` still picks another).
form_page = functools.partial(shared_form_page, template=FORM_PAGE)
