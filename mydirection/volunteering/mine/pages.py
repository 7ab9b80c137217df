"""A volunteer's own pages, for whoever uses them: a volunteer with an account (the staff
site) and a person on probation who volunteers (their app). The staff views
(``views/mine.py``) and the app's (``portal/views/volunteering.py``) decide who is asking
(``who``) and call these: the same reads, services and refusals, in each site's layout.

A refusal is shown as a plain message (by its field, or above the form) and nothing is saved.
Each page showing a person on probation (a circle's focus person, a fellow volunteer who is
one) logs a consultation of them, with the relation that let the user in
(``access.guard.volunteer_pages_consulted``)."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mydirection.access.guard import volunteer_pages_consulted
from mydirection.forms import add_errors
from mydirection.templatetags.govuk import govuk_time
from mydirection.versioning import StaleEdit, with_current_version
from mydirection.volunteering.mine import selectors
from mydirection.volunteering.mine.forms import (
    ChangeHoursForm,
    ClaimForm,
    ConcernForm,
    HoursForm,
    MeetingForm,
    MinutesForm,
    SignUpForm,
)
from mydirection.volunteering.mine.who import Who
from mydirection.volunteering.models import Circle, HoursChange, HoursStatus
from mydirection.volunteering.services import circles, expenses, reminders, sessions
from mydirection.wording import counted

CHANGED = "Check what is saved now, then save again if it still needs changing"


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _render(request: HttpRequest, who: Who, name: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"volunteering/mine/{name}.html", {"who": who, **context})


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = ([counted(hours, "hour")] if hours else []) + (
        [counted(rest, "minute")] if rest else []
    )
    return " ".join(parts) or "0 minutes"


# --- Home -----------------------------------------------------------------------------------


def home_page(request: HttpRequest, who: Who) -> HttpResponse:
    volunteer = who.volunteer
    roles = selectors.current_roles(volunteer)
    signed_up, open_ = selectors.sessions(volunteer, roles)
    my_circles = selectors.my_circles(volunteer)
    mentees = selectors.my_mentees(volunteer)
    hours = selectors.hours_of(volunteer)
    volunteer_pages_consulted(
        request,
        who.actor,
        "Volunteering: my page",
        [c.person_id for c in my_circles] + [m.mentee_id for m in mentees],
    )
    context = {
        "volunteer": volunteer,
        "roles": roles,
        "signed_up": signed_up,
        "open_count": len(open_),
        "circles": my_circles,
        "mentees": mentees,
        "tasks": selectors.my_tasks(volunteer, my_circles),
        "hours_waiting": sum(1 for row in hours if row.hours.status == HoursStatus.LOGGED),
        "approved": duration(selectors.approved_minutes(hours)),
        "any_approved": selectors.approved_minutes(hours) > 0,
    }
    return _render(request, who, "home", context)


# --- Sessions -------------------------------------------------------------------------------


def sessions_page(request: HttpRequest, who: Who) -> HttpResponse:
    roles = selectors.current_roles(who.volunteer)
    signed_up, open_ = selectors.sessions(who.volunteer, roles)
    context = {"roles": roles, "signed_up": signed_up, "open": open_}
    return _render(request, who, "sessions", context)


def _session(who: Who, session_id: UUID) -> selectors.SessionView:
    view = selectors.session_for(who.volunteer, session_id)
    if view is None:
        raise Http404
    return view


def session_page(
    request: HttpRequest,
    who: Who,
    session_id: UUID,
    *,
    form: SignUpForm | None = None,
    errors: Sequence[str] = (),
) -> HttpResponse:
    view = _session(who, session_id)
    places = view.open_to(selectors.current_roles(who.volunteer))
    session = view.session
    context = {
        "view": view,
        "session": session,
        "places": places,
        "form": form or SignUpForm(roles=[place.role for place in places]),
        "errors": errors,
        "may_remind": view.shift is not None
        and session.intervention_id is not None
        and not view.started
        and not session.cancelled,
    }
    return _render(request, who, "session", context)


def sign_up_page(request: HttpRequest, who: Who, session_id: UUID) -> HttpResponse:
    view = _session(who, session_id)
    # Every role they hold that the session needs: the service says if one is full now.
    held = {role.pk for role in selectors.current_roles(who.volunteer)}
    form = SignUpForm(
        request.POST, roles=[place.role for place in view.places if place.role.pk in held]
    )
    if form.is_valid():
        try:
            sessions.sign_up(
                actor=who.actor, session=view.session, volunteer=who.volunteer, role=form.chosen()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"You are signed up as {form.chosen().name}")
            return redirect(who.url("session", session_id))
    return session_page(request, who, session_id, form=form)


def withdraw_page(request: HttpRequest, who: Who, session_id: UUID) -> HttpResponse:
    view = _session(who, session_id)
    if view.shift is None:
        return redirect(who.url("session", session_id))
    try:
        sessions.withdraw(actor=who.actor, shift=view.shift)
    except ValidationError as error:
        return session_page(request, who, session_id, errors=error.messages)
    messages.success(request, "You are no longer signed up. Thank you for telling us in time")
    return redirect(who.url("session", session_id))


def check_in_page(request: HttpRequest, who: Who, session_id: UUID) -> HttpResponse:
    view = _session(who, session_id)
    if view.shift is None:
        return redirect(who.url("session", session_id))
    try:
        hours = sessions.check_in(actor=who.actor, shift=view.shift)
    except ValidationError as error:
        return session_page(request, who, session_id, errors=error.messages)
    messages.success(
        request,
        f"You are checked in. {duration(hours.minutes)} logged for the coordinator to approve",
    )
    return redirect(who.url("session", session_id))


def remind_page(request: HttpRequest, who: Who, session_id: UUID) -> HttpResponse:
    """The reminder text as people will read it, how many it reaches, and the button."""
    view = _session(who, session_id)
    session = view.session
    errors: list[str] = []
    if request.method == "POST":
        try:
            reach = reminders.send(actor=who.actor, session=session, by=who.volunteer)
        except ValidationError as error:
            errors = error.messages
        else:
            sent = counted(reach.texted, "person", "people")
            note = (
                f" {counted(reach.not_texted, 'other person', 'other people')} could not get "
                "a text: remind them another way if you can"
                if reach.not_texted
                else ""
            )
            messages.success(request, f"Reminder sent by text to {sent}.{note}")
            return redirect(who.url("session", session.pk))
    context = {
        "view": view,
        "session": session,
        "text": reminders.wording(session, "[their first name]"),
        "reach": reminders.reach(session),
        "refusal": reminders.refusal(session, who.volunteer),
        "errors": errors,
    }
    return _render(request, who, "remind", context)


# --- Circles --------------------------------------------------------------------------------


def _circle(who: Who, circle_id: UUID) -> Circle:
    circle = selectors.circle_for(who.volunteer, circle_id)
    if circle is None:
        raise Http404
    return circle


def circle_page(
    request: HttpRequest, who: Who, circle_id: UUID, *, errors: Sequence[str] = ()
) -> HttpResponse:
    view = selectors.circle_view(_circle(who, circle_id))
    volunteer_pages_consulted(
        request, who.actor, "Volunteering: a circle", view.people_on_probation
    )
    return _render(request, who, "circle", {"view": view, "errors": errors})


def task_done_page(request: HttpRequest, who: Who, circle_id: UUID, task_id: UUID) -> HttpResponse:
    circle = _circle(who, circle_id)
    task = selectors.task_for(circle, task_id)
    if task is None:
        raise Http404
    circles.finish_task(actor=who.actor, task=task)
    messages.success(request, f"Done: {task.what}")
    return redirect(who.url("circle", circle.pk))


def record_meeting_page(request: HttpRequest, who: Who, circle_id: UUID) -> HttpResponse:
    circle = _circle(who, circle_id)
    members = selectors.members_of(circle)
    focus = circle.person.known_as
    form = MeetingForm(_data(request), focus=focus, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = circles.record_meeting(
                actor=who.actor, circle=circle, by=who.volunteer, **form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if meeting.minutes:
                messages.success(request, "Meeting recorded, with its minutes")
            else:
                due = selectors.meeting_view(meeting, timezone.now()).due
                messages.success(
                    request,
                    f"Meeting recorded. Write the minutes by {_when(due)}",
                )
            return redirect(who.url("circle", circle.pk))
    volunteer_pages_consulted(
        request,
        who.actor,
        "Volunteering: record a circle meeting",
        [circle.person_id, *(v.person_id for v in members)],
    )
    context = {"circle": circle, "focus": focus, "form": form, "members": members}
    return _render(request, who, "record_meeting", context)


def _when(moment: datetime) -> str:
    """ "10am on Thursday 14 May", UK local time."""
    local = timezone.localtime(moment)
    return f"{govuk_time(local)} on {local:%A} {local.day} {local:%B}"


def minutes_page(request: HttpRequest, who: Who, circle_id: UUID, meeting_id: UUID) -> HttpResponse:
    circle = _circle(who, circle_id)
    meeting = selectors.meeting_for(circle, meeting_id)
    if meeting is None:
        raise Http404
    initial = {"minutes": meeting.minutes, "version": meeting.version}
    form = MinutesForm(_data(request), initial=initial)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            circles.write_minutes(
                actor=who.actor,
                meeting=meeting,
                by=who.volunteer,
                minutes=form.cleaned_data["minutes"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            meeting.refresh_from_db()
            stale = True
            form = MinutesForm(with_current_version(request, meeting.version))
            form.is_valid()
        else:
            messages.success(request, "Minutes saved. The coordinator can read them now")
            return redirect(who.url("circle", circle.pk))
    volunteer_pages_consulted(
        request, who.actor, "Volunteering: circle minutes", [circle.person_id]
    )
    context = {
        "circle": circle,
        "focus": circle.person.known_as,
        "view": selectors.meeting_view(meeting, timezone.now()),
        "form": form,
        "stale": stale,
        "changed": CHANGED,
    }
    return _render(request, who, "minutes", context)


def concern_page(request: HttpRequest, who: Who, circle_id: UUID) -> HttpResponse:
    circle = _circle(who, circle_id)
    form = ConcernForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            circles.raise_concern(
                actor=who.actor, circle=circle, by=who.volunteer, what=form.cleaned_data["what"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your concern is with the coordinator now")
            return redirect(who.url("circle", circle.pk))
    volunteer_pages_consulted(
        request, who.actor, "Volunteering: raise a concern", [circle.person_id]
    )
    context = {"circle": circle, "focus": circle.person.known_as, "form": form}
    return _render(request, who, "concern", context)


# --- Hours ----------------------------------------------------------------------------------


def hours_page(request: HttpRequest, who: Who) -> HttpResponse:
    form = HoursForm(_data(request), initial={"minutes": 0})
    if request.method == "POST" and form.is_valid():
        try:
            sessions.log_hours(
                actor=who.actor,
                volunteer=who.volunteer,
                on=form.cleaned_data["on"],
                minutes=form.total(),
                what=form.cleaned_data["what"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Hours logged. The coordinator will approve them")
            return redirect(who.url("hours"))
    rows = selectors.hours_of(who.volunteer)
    context = {"form": form, "rows": rows, "approved": duration(selectors.approved_minutes(rows))}
    return _render(request, who, "hours", context)


def change_hours_page(request: HttpRequest, who: Who, hours_id: UUID) -> HttpResponse:
    row = selectors.hours_for(who.volunteer, hours_id)
    if row is None:
        raise Http404
    hours = row.hours
    if not row.may_change:
        return redirect(who.url("hours"))
    approved = hours.status == HoursStatus.APPROVED
    hours_part, minutes_part = divmod(hours.minutes, 60)
    initial = {
        "hours": hours_part,
        "minutes": minutes_part,
        "what": hours.what,
        "version": hours.version,
    }
    form = ChangeHoursForm(_data(request), initial=initial, approved=approved)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            changed = sessions.change_hours(
                actor=who.actor,
                hours=hours,
                minutes=form.total(),
                what=form.cleaned_data["what"],
                reason=form.cleaned_data.get("reason", ""),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            hours.refresh_from_db()
            stale = True
            form = ChangeHoursForm(
                with_current_version(request, hours.version),
                approved=hours.status == HoursStatus.APPROVED,
            )
            form.is_valid()
        else:
            if isinstance(changed, HoursChange):
                messages.success(request, "Change asked for. The coordinator will decide")
            else:
                messages.success(request, "Hours changed")
            return redirect(who.url("hours"))
    context = {
        "row": row,
        "hours": hours,
        "was": duration(hours.minutes),
        "approved": approved,
        "form": form,
        "stale": stale,
        "changed": CHANGED,
    }
    return _render(request, who, "change_hours", context)


# --- Expenses -------------------------------------------------------------------------------


def expenses_page(request: HttpRequest, who: Who) -> HttpResponse:
    context = {
        "expenses": selectors.expenses_of(who.volunteer),
        "owed": expenses.owed_to(who.volunteer),
    }
    return _render(request, who, "expenses", context)


def claim_page(request: HttpRequest, who: Who) -> HttpResponse:
    form = ClaimForm(_data(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expenses.claim(
                actor=who.actor,
                volunteer=who.volunteer,
                spent_on=data["spent_on"],
                what=data["what"],
                amount=data["amount"],
                receipt=data["receipt"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Claim sent. The coordinator will decide on it")
            return redirect(who.url("expenses"))
    return _render(request, who, "claim", {"form": form})
