"""The App tab of a person's record: invite, see whether they use it, end access."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from mydirection.access.guard import person_for
from mydirection.access.policy import Action
from mydirection.http import StaffRequest
from mydirection.people.views import person_context
from mydirection.portal import services
from mydirection.portal.models import Invitation, PortalAccount


@require_safe
def access(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, decision = person_for(request, person_id, what="App access")
    context = person_context(person, decision, "app-access:page")
    context |= {
        "account": PortalAccount.objects.filter(person=person).first(),
        "invitation": Invitation.objects.filter(person=person).order_by("-created_at").first(),
        "invitation_hours": services.INVITATION_HOURS,
    }
    return render(request, "portal/staff_access.html", context)


@require_POST
def invite(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, decision = person_for(request, person_id, action=Action.EDIT, what="Invite to the app")
    try:
        channel = services.invite(
            by=request.user,
            person=person,
            relation=decision.relation,
            link_for=lambda token: request.build_absolute_uri(
                reverse("portal:enrol-link", args=[token])
            ),
        )
    except services.CannotInvite as problem:
        messages.error(request, str(problem))
    else:
        how = "text message" if channel == "sms" else "email"
        messages.success(request, f"Invitation sent by {how}")
    return redirect("app-access:page", person.pk)


@require_POST
def revoke(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, decision = person_for(request, person_id, action=Action.EDIT, what="End app access")
    services.revoke(by=request.user, person=person, relation=decision.relation)
    messages.success(request, f"{person.known_as} is signed out of the app and cannot sign in")
    return redirect("app-access:page", person.pk)
