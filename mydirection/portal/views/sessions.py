"""Attendance sessions, for staff: create a session, show its code (and a QR code) at the
venue, and confirm who came. A session belongs to an office: other offices' staff get 404;
confirming an attendance goes through the person's record (``person_for``)."""

from uuid import UUID

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from mydirection.access.actor import StaffActor
from mydirection.access.guard import consulted, person_for, requires
from mydirection.access.policy import Action, Capability
from mydirection.appointments.forms import TimeField, at
from mydirection.forms import GovUKDateField, add_errors
from mydirection.http import StaffRequest
from mydirection.portal import selectors
from mydirection.portal.models import ServiceKind, ServiceSession
from mydirection.portal.services import attendance


class SessionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of session is it?",
        choices=ServiceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of session it is"},
    )
    title = forms.CharField(
        label="What is it called?",
        max_length=120,
        error_messages={"required": "Enter what the session is called"},
    )
    place = forms.CharField(
        label="Where is it?", max_length=200, error_messages={"required": "Enter where it is"}
    )
    date = GovUKDateField(label="Date")
    starts = TimeField(label="Starts")
    ends = TimeField(label="Ends")


def _session(request: StaffRequest, session_id: UUID) -> ServiceSession:
    return get_object_or_404(selectors.sessions_for(request.user), pk=session_id)


@require_http_methods(["GET", "POST"])
@requires(Capability.WORK_IN_A_TEAM)
def sessions(request: StaffRequest) -> HttpResponse:
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = attendance.create_session(
                actor=StaffActor.about_no_person(request.user),
                kind=data["kind"],
                title=data["title"],
                place=data["place"],
                starts_at=at(data["date"], data["starts"]),
                ends_at=at(data["date"], data["ends"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("app-access:session", session.pk)
    recent = selectors.sessions_for(request.user)[:20]
    return render(request, "portal/staff_sessions.html", {"form": form, "sessions": recent})


@require_http_methods(["GET"])
def session(request: StaffRequest, session_id: UUID) -> HttpResponse:
    """The page to show at the venue (the code and a QR code), and who registered."""
    the_session = _session(request, session_id)
    # Only people the user may see are named; restricted cases are counted, not shown.
    registered = selectors.registered_at(the_session, request.user)
    consulted(request.user, "Attendance at a session", (a.person for a in registered.named))
    link = request.build_absolute_uri(reverse("portal:attend")) + f"?code={the_session.code}"
    qr = segno.make(link, error="m").svg_inline(
        scale=6, dark="#0b0c0c", light="#ffffff", omitsize=False
    )
    context = {
        "session": the_session,
        "attended": registered.named,
        "not_shown": registered.not_shown,
        "qr_svg": qr,
        "link": link,
    }
    return render(request, "portal/staff_session.html", context)


@require_POST
def confirm(request: StaffRequest, session_id: UUID, attendance_id: UUID) -> HttpResponse:
    the_session = _session(request, session_id)
    found = selectors.attendance_in(the_session, attendance_id)
    if found is None:
        raise Http404
    person, actor = person_for(
        request, found.person_id, action=Action.EDIT, what="Confirm attendance"
    )
    attendance.confirm(attendance=found, actor=actor)
    messages.success(request, f"Attendance of {person.full_name} confirmed")
    return redirect("app-access:session", the_session.pk)
