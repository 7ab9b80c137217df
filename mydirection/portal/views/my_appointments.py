"""My appointments in the app (/my/appointments/): what is coming and what has been, with the
place and who the person is seeing; one appointment to their phone's calendar; asking to move
one. Appointments are looked up through the signed-in person: another person's ids give 404.
Notes and outcomes stay with staff. Where it is, with the building, its address, directions and
the office's number, comes from ``appointments.directions``; a sensitive appointment follows
the reminders' rule and names no place (the person calls to check)."""

from datetime import datetime
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.appointments import ics, selectors
from mydirection.appointments.directions import getting_there
from mydirection.appointments.models import Appointment
from mydirection.appointments.services import moves
from mydirection.people.models import Person
from mydirection.portal.models import MoveStatus
from mydirection.portal.session import PortalRequest, portal_view


class MoveForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to move it?",
        max_length=moves.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why you need to move it"},
    )
    preferred_times = forms.CharField(
        label="When could you come instead? (optional)",
        help_text="For example: Tuesday or Thursday morning",
        max_length=moves.MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _mine(person: Person, appointment_id: UUID) -> Appointment:
    appointment = selectors.appointment_for_the_person(person, appointment_id)
    if appointment is None:
        raise Http404
    return appointment


def where(appointment: Appointment) -> str:
    """The place in one piece, for the person's calendar ("" when it is not shown)."""
    there = getting_there(appointment)
    return "" if there.withheld else "\n".join(there.lines)


@require_safe
@portal_view("App: my appointments")
def appointments(request: PortalRequest) -> HttpResponse:
    person = request.person
    lists = selectors.person_appointments(person)
    asked = selectors.moves_asked_by(person)
    pending = {m.appointment_id for m in asked if m.status == MoveStatus.PENDING}
    context = {
        "person": person,
        "upcoming": lists.upcoming,
        "past": lists.past.object_list[:10],
        "pending": pending,
        "answers": [m for m in asked if m.status != MoveStatus.PENDING][:3],
    }
    return render(request, "portal/appointments.html", context)


@require_safe
@portal_view("App: an appointment")
def appointment(request: PortalRequest, appointment_id: UUID) -> HttpResponse:
    person = request.person
    the_appointment = _mine(person, appointment_id)
    asked = selectors.latest_move(the_appointment)
    context = {
        "person": person,
        "appointment": the_appointment,
        "there": getting_there(the_appointment),
        "asked": asked,
        "can_ask": moves.can_ask(the_appointment)
        and (asked is None or asked.status != MoveStatus.PENDING),
    }
    return render(request, "portal/appointment.html", context)


def event(appointment: Appointment, now: datetime) -> str:
    """One appointment for the person's own calendar. A phone's calendar is often seen by
    others, so the title never says probation: "Appointment with <first name>"."""
    title = f"Appointment with {appointment.staff.first_name}".strip()
    return ics.document(
        [ics.Event(appointment, title, where(appointment))],
        now=now,
        prodid="-//MyDirection//My appointment//EN",
        method="PUBLISH",
    )


@require_safe
@portal_view("App: an appointment to my calendar")
def calendar(request: PortalRequest, appointment_id: UUID) -> HttpResponse:
    the_appointment = _mine(request.person, appointment_id)
    response = HttpResponse(
        event(the_appointment, timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    local = timezone.localtime(the_appointment.starts_at)
    response["Content-Disposition"] = f'attachment; filename="appointment-{local:%Y-%m-%d}.ics"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@portal_view("App: ask to move an appointment")
def move(request: PortalRequest, appointment_id: UUID) -> HttpResponse:
    person = request.person
    the_appointment = _mine(person, appointment_id)
    form = MoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            moves.ask(
                person=person,
                appointment=the_appointment,
                reason=form.cleaned_data["reason"],
                preferred_times=form.cleaned_data["preferred_times"],
            )
        except ValidationError as error:
            for problem in error.message_dict.get("reason", error.messages):
                form.add_error("reason", problem)
        else:
            messages.success(request, "Thank you. Your case manager will answer you soon")
            return redirect("portal:appointment", the_appointment.pk)
    context = {"person": person, "appointment": the_appointment, "form": form}
    return render(request, "portal/appointment_move.html", context)
