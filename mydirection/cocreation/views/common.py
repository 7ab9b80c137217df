"""What co-creation's staff views share: the groups the user reaches and the small form page
in its layout (a service is called from a form with ``versioning.attempt``).

Every page reaches its groups through ``access.guard.story_groups`` and its stories through
``access.guard.story_for``: anything else is a 404, as a page that does not exist.
"""

import functools
from typing import Any, TypeVar
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from mydirection.access import guard
from mydirection.access.actor import StaffActor
from mydirection.access.policy import Capability, curated_groups, may
from mydirection.cocreation.models import ReporterGroup
from mydirection.form_pages import form_page as shared_form_page
from mydirection.http import StaffRequest

FORM_PAGE = "cocreation/form.html"
CURATE = Capability.CURATE_STORIES
WORKSHOPS = Capability.RUN_WORKSHOPS

T = TypeVar("T")


def data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


def files(request: StaffRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def groups(request: StaffRequest) -> QuerySet[ReporterGroup]:
    return guard.story_groups(request)


def curated(request: StaffRequest, group_id: UUID) -> ReporterGroup:
    """A group the co-creation lead curates (404 otherwise)."""
    return found(curated_groups(request.user).select_related("office").filter(pk=group_id).first())


def actor(request: StaffRequest) -> StaffActor:
    return guard.cocreation_actor(request.user)


def curates(request: StaffRequest) -> bool:
    return may(request.user, CURATE)


def found(value: T | None) -> T:
    if value is None:
        raise Http404
    return value


# The shared small form page, in this app's layout (``template=`` still picks another).
form_page = functools.partial(shared_form_page, template=FORM_PAGE)
