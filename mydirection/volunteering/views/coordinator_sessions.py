"""Sessions volunteers help run (one, or a weekly series, with the roles each needs), a
session's sign-ups and check-in for volunteers without phones, cancelling; and hours: entries
waiting for approval and change requests, each decided from the hours page."""

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access import guard
from mydirection.access.guard import requires
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.staff.models import Office
from mydirection.versioning import StaleEdit, attempt, with_current_version
from mydirection.volunteering import coordinator_selectors as selectors
from mydirection.volunteering.coordinator_forms import (
    ChangeDecisionForm,
    HoursDecisionForm,
    SessionForm,
    VersionForm,
)
from mydirection.volunteering.models import Role
from mydirection.volunteering.services import coordinating, sessions
from mydirection.volunteering.views.coordinator_common import (
    COORDINATE,
    actor,
    data,
    form_page,
    found,
    office,
)

CHANGED = "It changed since you opened the page: nothing was saved. Look again and decide"


def _people(rows: list[selectors.SessionRow]) -> list[UUID | None]:
    return [s.volunteer.person_id for row in rows for need in row.needs for s in need.filled]


@require_safe
@requires(COORDINATE)
def session_list(request: StaffRequest) -> HttpResponse:
    rows = selectors.upcoming_sessions(office(request), timezone.now())
    guard.volunteering_consulted(request, "Volunteer sessions", _people(rows))
    return render(request, "volunteering/coordinator/sessions.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def add_session(request: StaffRequest) -> HttpResponse:
    office_id = office(request)
    form = SessionForm(data(request), roles=Role.objects.filter(active=True))
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: sessions.add_sessions(
                actor=actor(request), office=Office.objects.get(pk=office_id), **form.values()
            ),
        )
        if outcome.done:
            made = outcome.value
            count = len(made)
            messages.success(
                request, "Session added" if count == 1 else f"{count} weekly sessions added"
            )
            return redirect("volunteering:session", made[0].pk)
        if "__all__" in form.errors:
            # The service's "needs" is about the roles' boxes: shown by the first of them.
            for message in form.errors.pop("__all__"):
                form.add_error(form.first_need(), message)
    return form_page(
        request,
        form,
        heading="Add a session",
        intro="One session, or a series on the same day and time each week. Say how many "
        "volunteers it needs in each role: volunteers given that role can sign up.",
        button="Add the session",
        back=reverse("volunteering:sessions"),
        back_text="Back to sessions",
        template="volunteering/coordinator/add_session.html",
    )


@require_safe
@requires(COORDINATE)
def session(request: StaffRequest, group_session_id: UUID) -> HttpResponse:
    row = found(selectors.session_in(office(request), group_session_id))
    guard.volunteering_consulted(request, "Volunteer session", _people([row]))
    now = timezone.now()
    context = {
        "row": row,
        "session": row.session,
        "may_check_in": not row.session.cancelled
        and row.session.starts_at <= now + timedelta(hours=1),
        "started": row.session.starts_at <= now,
        "length": selectors.duration(row.session.minutes),
    }
    return render(request, "volunteering/coordinator/session.html", context)


@require_POST
@requires(COORDINATE)
def check_in(request: StaffRequest, group_session_id: UUID, shift_id: UUID) -> HttpResponse:
    """The coordinator checks in a volunteer without a phone: their hours are logged."""
    office_id = office(request)
    row = found(selectors.session_in(office_id, group_session_id))
    shift = found(selectors.shift_in(office_id, row.session, shift_id))
    try:
        sessions.check_in(actor=actor(request), shift=shift)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{shift.volunteer.first_name} is checked in")
    return redirect("volunteering:session", row.session.pk)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def cancel_session(request: StaffRequest, group_session_id: UUID) -> HttpResponse:
    row = found(selectors.session_in(office(request), group_session_id))
    shown = row.session
    form = VersionForm(data(request), initial={"version": shown.version})
    stale = False
    if request.method == "POST" and form.is_valid() and not shown.cancelled:
        outcome = attempt(
            form,
            lambda: coordinating.cancel_session(
                actor=actor(request),
                session=shown,
                expected_version=form.cleaned_data["version"] or 0,
            ),
        )
        if outcome.done:
            messages.success(request, "The session is cancelled")
            return redirect("volunteering:session", shown.pk)
        if outcome.stale:
            shown.refresh_from_db()
            form = VersionForm(with_current_version(request, shown.version))
            form.is_valid()
            stale = True
    return form_page(
        request,
        form,
        heading=f"Cancel {shown.name}",
        caption=f"{timezone.localtime(shown.starts_at):%-d %B %Y, %H:%M}",
        intro=f"{row.filled} volunteer{'s' if row.filled != 1 else ''} signed up. Tell them "
        "it is cancelled: their sign-ups stay on record."
        if not shown.cancelled
        else "This session is already cancelled.",
        button="Cancel the session" if not shown.cancelled else "",
        warning=True,
        stale=stale,
        back=reverse("volunteering:session", args=[shown.pk]),
        back_text="Back to the session",
    )


# --- Hours ----------------------------------------------------------------------------------


@require_safe
@requires(COORDINATE)
def hours_list(request: StaffRequest) -> HttpResponse:
    office_id = office(request)
    waiting = list(selectors.hours_waiting(office_id))
    changes = list(selectors.changes_waiting(office_id))
    people = [h.volunteer.person_id for h in waiting] + [
        c.hours.volunteer.person_id for c in changes
    ]
    guard.volunteering_consulted(request, "Volunteer hours", people)
    context = {"waiting": waiting, "changes": changes}
    return render(request, "volunteering/coordinator/hours.html", context)


@require_POST
@requires(COORDINATE)
def decide_hours(request: StaffRequest, hours_id: UUID) -> HttpResponse:
    shown = found(selectors.hours_in(office(request), hours_id))
    form = HoursDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to approve the hours")
        return redirect("volunteering:hours")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        sessions.decide_hours(
            actor=actor(request),
            hours=shown,
            approve=approve,
            expected_version=form.cleaned_data["version"] or 0,
        )
    except StaleEdit:
        messages.error(request, CHANGED)
    else:
        verb = "approved" if approve else "declined"
        messages.success(request, f"{shown.volunteer.first_name}'s hours {verb}")
    return redirect("volunteering:hours")


@require_POST
@requires(COORDINATE)
def decide_change(request: StaffRequest, change_id: UUID) -> HttpResponse:
    change = found(selectors.change_in(office(request), change_id))
    form = ChangeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to accept the change")
        return redirect("volunteering:hours")
    accept = form.cleaned_data["decision"] == "accept"
    try:
        sessions.decide_change(actor=actor(request), change=change, accept=accept)
    except ValidationError as error:
        add_errors(form, error)
        messages.error(request, " ".join(error.messages))
    except StaleEdit:
        messages.error(request, CHANGED)
    else:
        verb = "accepted" if accept else "refused"
        messages.success(
            request, f"The change to {change.hours.volunteer.first_name}'s hours {verb}"
        )
    return redirect("volunteering:hours")
