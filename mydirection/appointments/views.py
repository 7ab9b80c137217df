"""Appointment pages. Person pages reach the person through ``person_for`` and everything
below the person through the person, so another person's ids give 404.
"""

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.actor import StaffActor
from mydirection.access.guard import consulted, person_for, requires
from mydirection.access.policy import Action, Capability
from mydirection.appointments import ics, selectors
from mydirection.appointments.forms import (
    ArrangeForm,
    CancelForm,
    DecisionForm,
    HoursForm,
    LocationForm,
    OutcomeForm,
    RescheduleForm,
    at,
    offices_for,
)
from mydirection.appointments.models import Appointment, Outcome, RescheduledBy
from mydirection.appointments.services import arranging, outcomes, unpaid_work
from mydirection.appointments.services.enforcement import decide_enforcement
from mydirection.appointments.services.locations import save_location
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.language import suggest
from mydirection.people import timeline
from mydirection.people.models import Person
from mydirection.people.record import person_context
from mydirection.versioning import StaleEdit

TAB = "appointments:list"


def _confirm_only_after_clashes(form: forms.Form, clashes: object) -> None:
    """The "arrange anyway" box appears with the clashes it confirms, not before."""
    if not clashes:
        form.fields["confirm_clashes"].widget = forms.HiddenInput()


def _appointment(person: Person, appointment_id: UUID) -> Appointment:
    appointment = selectors.appointment_for(person, appointment_id)
    if appointment is None:
        raise Http404
    return appointment


def _page(person: Person, actor: StaffActor, **extra: Any) -> dict[str, Any]:
    return person_context(person, actor, TAB) | extra


@require_safe
def person_list(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Appointments")
    today = timezone.localdate()
    context = _page(
        person,
        actor,
        appointments=selectors.person_appointments(person, page=request.GET.get("page")),
        delivery=selectors.delivery(person),
        enforcement=selectors.enforcement_summary(person, today),
        today=today,
        now=timezone.now(),
        move_requests=selectors.pending_moves_of_person(person),
        attended=selectors.attendances_of(person),
    )
    return render(request, "appointments/person.html", context)


@require_http_methods(["GET", "POST"])
def arrange(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Arrange an appointment"
    )
    form = ArrangeForm(request.POST if request.method == "POST" else None, person=person)
    clashes = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made, checked = arranging.arrange(
                person=person,
                staff=person.case_manager or request.user,
                first=form.first_start(),
                details=form.details(),
                frequency=data["frequency"],
                count=data["repeat_count"],
                until=data["repeat_until"],
                confirm_clashes=data["confirm_clashes"],
                actor=actor,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if made:
                word = "appointment" if len(made) == 1 else f"{len(made)} appointments"
                messages.success(request, f"{word[:1].upper()}{word[1:]} arranged")
                suggest(request, data["notes"])
                return redirect("appointments:list", person.pk)
            clashes = checked.clashes
    _confirm_only_after_clashes(form, clashes)
    context = _page(person, actor, form=form, clashes=clashes)
    return render(request, "appointments/arrange.html", context)


@require_safe
def detail(request: StaffRequest, person_id: UUID, appointment_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Appointment")
    appointment = _appointment(person, appointment_id)
    outcome = selectors.outcome_of(appointment)
    context = _page(
        person,
        actor,
        appointment=appointment,
        outcome=outcome,
        now=timezone.now(),
    )
    return render(request, "appointments/detail.html", context)


@require_http_methods(["GET", "POST"])
def reschedule(request: StaffRequest, person_id: UUID, appointment_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Reschedule an appointment"
    )
    appointment = _appointment(person, appointment_id)
    if not appointment.is_live:
        raise Http404
    local = timezone.localtime(appointment.starts_at)
    initial: dict[str, Any] = {"version": appointment.version, "time": f"{local:%H:%M}"}
    # Accepting the person's request from the app: prefilled with who asked and why.
    move = selectors.pending_move(person, request.GET.get("move"))
    if move is not None and move.appointment_id == appointment.pk:
        initial |= {"rescheduled_by": RescheduledBy.PERSON, "reason": move.reason}
    else:
        move = None
    form = RescheduleForm(request.POST if request.method == "POST" else None, initial=initial)
    clashes, stale = None, False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new, checked = arranging.reschedule(
                appointment=appointment,
                new_start=at(data["date"], data["time"]),
                rescheduled_by=data["rescheduled_by"],
                reason=data["reason"],
                expected_version=data["version"],
                confirm_clashes=data["confirm_clashes"],
                answering=move,
                actor=actor,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            stale = True
        else:
            if new is not None:
                messages.success(request, "Appointment moved")
                return redirect("appointments:detail", person.pk, new.pk)
            clashes = checked.clashes
    _confirm_only_after_clashes(form, clashes)
    context = _page(
        person,
        actor,
        form=form,
        appointment=appointment,
        clashes=clashes,
        stale=stale,
        move=move,
    )
    return render(request, "appointments/reschedule.html", context)


@require_http_methods(["GET", "POST"])
def cancel(request: StaffRequest, person_id: UUID, appointment_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Cancel an appointment")
    appointment = _appointment(person, appointment_id)
    if not appointment.is_live:
        raise Http404
    form = CancelForm(
        request.POST if request.method == "POST" else None,
        initial={"version": appointment.version},
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            arranging.cancel(
                appointment=appointment,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                actor=actor,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            stale = True
        else:
            messages.success(request, "Appointment cancelled")
            return redirect("appointments:list", person.pk)
    context = _page(person, actor, form=form, appointment=appointment, stale=stale)
    return render(request, "appointments/cancel.html", context)


def _outcome_initial(outcome: Outcome | None) -> dict[str, Any]:
    if outcome is None:
        return {}
    fields = (
        "outcome",
        "absence_reason",
        "actual_minutes",
        "attended_by",
        "conversation",
        "actions_agreed",
        "referrals_made",
        "version",
    )
    initial = {name: getattr(outcome, name) for name in fields}
    initial["needs"] = [n.area for n in outcome.needs.all()]
    initial["tools"] = [t.tool for t in outcome.tools.all()]
    initial["goals"] = [str(g.goal_id) for g in outcome.goals.all()]
    return initial


@require_http_methods(["GET", "POST"])
def outcome(request: StaffRequest, person_id: UUID, appointment_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Record an appointment outcome"
    )
    appointment = _appointment(person, appointment_id)
    existing = selectors.outcome_of(appointment)
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        initial=_outcome_initial(existing),
        goals=[(str(g.pk), g.title) for g in selectors.goals_for_outcome(person, appointment)],
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        details = form.details()
        try:
            outcomes.record_outcome(
                appointment=appointment,
                details=details,
                expected_version=form.cleaned_data["version"],
                actor=actor,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            stale = True
        else:
            messages.success(request, "Outcome recorded")
            suggest(request, details.facts, details.assessment, details.actions_agreed)
            return redirect("appointments:detail", person.pk, appointment.pk)
    context = _page(person, actor, form=form, appointment=appointment, stale=stale)
    return render(request, "appointments/outcome.html", context)


@require_http_methods(["GET", "POST"])
def decide(request: StaffRequest, person_id: UUID, appointment_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Enforcement decision")
    appointment = _appointment(person, appointment_id)
    if selectors.outcome_of(appointment) is None:
        raise Http404
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decide_enforcement(
                appointment=appointment,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                actor=actor,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Decision recorded")
            suggest(request, form.cleaned_data["reason"])
            return redirect("appointments:detail", person.pk, appointment.pk)
    summary = selectors.enforcement_summary(person, timezone.localdate())
    context = _page(person, actor, form=form, appointment=appointment, summary=summary)
    return render(request, "appointments/decide.html", context)


@require_safe
def activity(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Activity log")
    offered = timeline.kinds(timeline.ACTIVITY)
    kinds = [kind for kind in request.GET.getlist("kind") if kind in offered]
    context = _page(
        person,
        actor,
        events=timeline.events(person, timeline.ACTIVITY, kinds),
        kinds=offered,
        chosen=kinds,
    )
    return render(request, "appointments/activity.html", context)


@require_http_methods(["GET", "POST"])
def hours(request: StaffRequest, person_id: UUID, requirement_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Unpaid work hours")
    requirement = selectors.unpaid_work_requirement(person, requirement_id)
    if requirement is None:
        raise Http404
    form = HoursForm(
        request.POST if request.method == "POST" else None,
        initial={"worked_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unpaid_work.log_unpaid_work(
                requirement=requirement,
                worked_on=form.cleaned_data["worked_on"],
                hours=form.cleaned_data["hours"],
                project=form.cleaned_data["project"],
                actor=actor,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['hours']} hours logged")
            return redirect("appointments:list", person.pk)
    context = _page(
        person,
        actor,
        form=form,
        requirement=requirement,
        progress=selectors.requirement_progress(requirement),
        entries=selectors.hour_entries(requirement)[:100],
    )
    return render(request, "appointments/hours.html", context)


# Staff pages ---------------------------------------------------------------------------


def _first_day(request: StaffRequest, week: bool) -> date:
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday()) if week else day


def _diary_context(
    request: StaffRequest, rows: list[Appointment], first: date, week: bool
) -> dict[str, Any]:
    days = 7 if week else 1
    by_day: dict[date, list[Appointment]] = {first + timedelta(days=i): [] for i in range(days)}
    for appointment in rows:
        by_day.setdefault(timezone.localtime(appointment.starts_at).date(), []).append(appointment)
    step = timedelta(days=days)
    return {
        "days": by_day,
        "first": first,
        "week": week,
        "previous": first - step,
        "next": first + step,
        "today": timezone.localdate(),
        "now": timezone.now(),
    }


@require_safe
@requires(Capability.HOLD_CASELOAD)
def diary(request: StaffRequest) -> HttpResponse:
    week = request.GET.get("view") == "week"
    first = _first_day(request, week)
    rows = selectors.diary(request.user, first, 7 if week else 1)
    consulted(request.user, "Diary", (a.person for a in rows))
    context = _diary_context(request, rows, first, week) | {"team": False}
    return render(request, "appointments/diary.html", context)


@require_safe
@requires(Capability.LEAD_A_TEAM)
def team_diary(request: StaffRequest) -> HttpResponse:
    week = request.GET.get("view") == "week"
    first = _first_day(request, week)
    if week:  # counts by member of staff and day: no one's appointments, so no consultation
        context = _diary_context(request, [], first, week) | {
            "team": True,
            "team_week": selectors.team_week(request.user, first),
        }
        return render(request, "appointments/diary.html", context)
    rows = selectors.team_diary(request.user, first, 1)
    consulted(request.user, "Team diary", (a.person for a in rows))
    context = _diary_context(request, rows, first, week) | {"team": True}
    return render(request, "appointments/diary.html", context)


@require_safe
@requires(Capability.HOLD_CASELOAD)
def calendar(request: StaffRequest) -> HttpResponse:
    """The next eight weeks of the user's diary (and the last one) as an .ics file."""
    rows = selectors.diary(request.user, timezone.localdate() - timedelta(days=7), 63)
    consulted(request.user, "Diary calendar export", (a.person for a in rows))
    response = HttpResponse(ics.calendar(rows, timezone.now()), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="mydirection-diary.ics"'
    return response


@require_safe
@requires(Capability.HOLD_CASELOAD)
def enforcement(request: StaffRequest) -> HttpResponse:
    rows = selectors.needing_decision(request.user)
    consulted(request.user, "Cases needing an enforcement decision", (a.person for a in rows))
    return render(request, "appointments/enforcement.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_LOCATIONS)
def locations(request: StaffRequest, location_id: UUID | None = None) -> HttpResponse:
    """The office's list of locations: add one, or change one (``location_id``)."""
    offices = offices_for(request.user)
    instance = None
    if location_id is not None:
        instance = get_object_or_404(selectors.locations_of(offices), pk=location_id)
    form = LocationForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        offices=offices,
        initial={"office": offices.first()} if instance is None else None,
    )
    if request.method == "POST" and form.is_valid():
        save_location(actor=StaffActor.about_no_person(request.user), location=form.instance)
        messages.success(request, f"Location saved: {form.instance.name}")
        return redirect("appointments:locations")
    rows = selectors.locations_of(offices)
    return render(
        request,
        "appointments/locations.html",
        {"form": form, "rows": rows, "editing": instance},
    )
