"""The staff's pages about the app: the App tab of a person's record (invite, see whether they
use it, end access) and answering a request from the app to move an appointment."""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.guard import person_for
from mydirection.access.policy import Action
from mydirection.appointments import selectors as appointment_selectors
from mydirection.appointments.services import moves
from mydirection.http import StaffRequest
from mydirection.people.record import person_context
from mydirection.portal import selectors
from mydirection.portal.models import MoveStatus
from mydirection.portal.services import accounts


@require_safe
def access(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="App access")
    context = person_context(person, actor, "app-access:page")
    access = selectors.app_access(person)
    context |= {
        "account": access.account,
        "invitation": access.invitation,
        "invitation_hours": accounts.INVITATION_HOURS,
    }
    return render(request, "portal/staff_access.html", context)


@require_POST
def invite(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Invite to the app")
    try:
        channel = accounts.invite(
            actor=actor,
            person=person,
            link_for=lambda token: request.build_absolute_uri(
                reverse("portal:enrol-link", args=[token])
            ),
        )
    except accounts.CannotInvite as problem:
        messages.error(request, str(problem))
    else:
        how = "text message" if channel == "sms" else "email"
        messages.success(request, f"Invitation sent by {how}")
    return redirect("app-access:page", person.pk)


@require_POST
def revoke(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="End app access")
    accounts.revoke(person=person, actor=actor)
    messages.success(request, f"{person.known_as} is signed out of the app and cannot sign in")
    return redirect("app-access:page", person.pk)


class DeclineForm(forms.Form):
    note = forms.CharField(
        label="Why can it not be moved?",
        help_text="The person reads this in their app. Use plain words",
        max_length=moves.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why, for the person to read"},
    )


@require_http_methods(["GET", "POST"])
def move_request(request: StaffRequest, person_id: UUID, move_id: UUID) -> HttpResponse:
    """A request from the app to move an appointment: accept (the reschedule page, prefilled)
    or decline with a note for the person."""
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Request to move an appointment"
    )
    move = appointment_selectors.move_of_person(person, move_id)
    if move is None:
        raise Http404
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            moves.decline(
                move=move,
                note=form.cleaned_data["note"],
                actor=actor,
            )
        except ValidationError as error:
            form.add_error("note", error.message_dict["note"])
        else:
            messages.success(request, f"{person.known_as} will see your answer in their app")
            return redirect("appointments:list", person.pk)
    context = person_context(person, actor, "appointments:list") | {
        "move": move,
        "form": form,
        "pending": move.status == MoveStatus.PENDING,
    }
    return render(request, "portal/staff_move_request.html", context)
