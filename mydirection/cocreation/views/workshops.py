"""Workshops (insights shown as consented excerpts only, decisions, change actions with an
owner and a status) and the staff's "you said, we did" page."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access import guard
from mydirection.access.guard import requires
from mydirection.access.policy import Capability, curated_groups, holds, may
from mydirection.cocreation import selectors
from mydirection.cocreation.forms import ActionForm, StatusForm, WorkshopForm
from mydirection.cocreation.models import ActionStatus, ChangeAction, Workshop
from mydirection.cocreation.services import workshops
from mydirection.cocreation.views.common import (
    WORKSHOPS,
    actor,
    curated,
    data,
    form_page,
    found,
)
from mydirection.http import StaffRequest
from mydirection.staff.models import User
from mydirection.versioning import attempt


@require_http_methods(["GET", "POST"])
@requires(WORKSHOPS)
def add_workshop(request: StaffRequest, group_id: UUID) -> HttpResponse:
    shown = curated(request, group_id)
    form = WorkshopForm(
        data(request),
        insights=shown.insights.all(),
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: workshops.hold(
                actor=actor(request),
                group=shown,
                title=values["title"],
                held_on=values["held_on"],
                attendees=values["attendees"],
                decisions=values["decisions"],
                insights=form.chosen_insights(),
            ),
        )
        if outcome.done:
            messages.success(request, "The workshop is recorded")
            return redirect("cocreation:workshop", workshop_id=outcome.value.pk)
    return form_page(
        request,
        form,
        heading="Record a workshop",
        caption=shown.name,
        button="Save the workshop",
        back=reverse("cocreation:group", kwargs={"group_id": shown.pk}),
        back_text="Back to the group",
    )


def _workshop(request: StaffRequest, workshop_id: UUID) -> Workshop:
    return found(
        Workshop.objects.select_related("group", "by")
        .filter(group__in=curated_groups(request.user), pk=workshop_id)
        .first()
    )


@require_safe
@requires(WORKSHOPS)
def workshop(request: StaffRequest, workshop_id: UUID) -> HttpResponse:
    shown = _workshop(request, workshop_id)
    insights = selectors.workshop_excerpts(shown)
    guard.stories_consulted(
        request, "Workshop", [e.story for _, _, quotes in insights for e in quotes]
    )
    actions = shown.actions.select_related("owner", "insight")
    return render(
        request,
        "cocreation/workshop.html",
        {
            "workshop": shown,
            "insights": insights,
            "actions": actions,
            "statuses": ActionStatus.choices,
        },
    )


def _owners() -> list[User]:
    return list(User.objects.filter(is_active=True, role__in=_OWNER_ROLES).order_by("first_name"))


_OWNER_ROLES = ("senior_case_manager", "programme_manager", "case_manager", "administrator")


@require_http_methods(["GET", "POST"])
@requires(WORKSHOPS)
def add_action(request: StaffRequest, workshop_id: UUID) -> HttpResponse:
    shown = _workshop(request, workshop_id)
    form = ActionForm(data(request), insights=shown.insights.all(), owners=_owners())
    if request.method == "POST" and form.is_valid():
        link = request.build_absolute_uri(reverse("portal:you-said-we-did"))
        outcome = attempt(
            form,
            lambda: workshops.add_action(
                actor=actor(request),
                workshop=shown,
                heard=form.cleaned_data["heard"],
                done=form.cleaned_data["done"],
                owner=form.chosen("owner"),
                insight=form.chosen("insight"),
                link=link,
            ),
        )
        if outcome.done:
            told = outcome.value.told.count()
            messages.success(
                request,
                "The change is recorded"
                + (f". {told} storyteller{'s' if told != 1 else ''} told" if told else ""),
            )
            return redirect("cocreation:workshop", workshop_id=shown.pk)
    return form_page(
        request,
        form,
        heading="Add a change",
        caption=shown.title,
        intro="What was heard, and what the service will do. Storytellers on probation whose "
        "stories are behind the insight are told in their app.",
        button="Save the change",
        back=reverse("cocreation:workshop", kwargs={"workshop_id": shown.pk}),
        back_text="Back to the workshop",
    )


@require_POST
@requires(WORKSHOPS)
def action_status(request: StaffRequest, action_id: UUID) -> HttpResponse:
    action = found(
        ChangeAction.objects.filter(
            workshop__group__in=curated_groups(request.user), pk=action_id
        ).first()
    )
    form = StatusForm(request.POST)
    if form.is_valid():
        outcome = attempt(
            form,
            lambda: workshops.change_status(
                actor=actor(request),
                action=action,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if outcome.done:
            messages.success(request, "The status is saved")
        elif outcome.stale:
            messages.error(request, "Someone changed this meanwhile. Check it and try again")
    else:
        messages.error(request, "Select a status")
    return redirect("cocreation:workshop", workshop_id=action.workshop_id)


@require_safe
@requires(Capability.SEE_CHANGES)
def you_said_we_did(request: StaffRequest) -> HttpResponse:
    reaches_stories = holds(request.user, Capability.CAPTURE_STORIES) or may(
        request.user, Capability.CURATE_STORIES
    )
    return render(
        request,
        "cocreation/you_said_we_did.html",
        {"changes": list(selectors.changes()), "reaches_stories": reaches_stories},
    )
