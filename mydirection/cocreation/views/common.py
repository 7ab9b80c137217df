"""What co-creation's staff views share: the groups the user reaches, a service called with
its refusal put on the form, and the one template of a small form page.

Every page reaches its groups through ``access.guard.story_groups`` and its stories through
``access.guard.story_for``: anything else is a 404, as a page that does not exist.
"""

from typing import Any, TypeVar
from uuid import UUID

from django import forms
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render

from mydirection.access import guard
from mydirection.access.actor import StaffActor
from mydirection.access.policy import Capability, curated_groups, may
from mydirection.cocreation.models import ReporterGroup
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
