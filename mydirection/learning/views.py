"""Staff learning's pages. The organiser's (``ORGANISE_LEARNING``): training days and Action
Learning Sets of their offices. Everyone's who learns (``LEARN``): My learning, their own
reflective log. A day, set or entry out of reach is a 404, as a page that does not exist: a
reflective log entry is out of reach of everyone but its author."""

from typing import Any, TypeVar
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.actor import StaffActor
from mydirection.access.guard import requires
from mydirection.access.policy import Capability
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.learning import selectors, services
from mydirection.learning.forms import (
    AttendanceForm,
    EntryForm,
    MeetingForm,
    SetForm,
    StatusForm,
    TrainingDayForm,
)
from mydirection.learning.models import SetStatus

ORGANISE = Capability.ORGANISE_LEARNING
LEARN = Capability.LEARN
FORM_PAGE = "learning/form.html"

T = TypeVar("T")


def _found(value: T | None) -> T:
    if value is None:
        raise Http404
    return value


def _data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _actor(request: StaffRequest) -> StaffActor:
    return StaffActor.about_no_person(request.user)


def _saved(form: forms.Form, call: Any) -> bool:
    try:
        call()
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


def _form_page(request: StaffRequest, form: forms.Form, **context: Any) -> HttpResponse:
    return render(request, FORM_PAGE, {"form": form, **context})


# --- The organiser ----------------------------------------------------------------------


@require_safe
@requires(ORGANISE)
def home(request: StaffRequest) -> HttpResponse:
    context = {
        "days": list(selectors.days_for(request.user)),
        "sets": list(selectors.sets_for(request.user)),
        "today": timezone.localdate(),
    }
    return render(request, "learning/home.html", context)


@require_http_methods(["GET", "POST"])
@requires(ORGANISE)
def add_day(request: StaffRequest) -> HttpResponse:
    offices = selectors.offices_of(request.user)
    form = TrainingDayForm(_data(request), offices=offices, staff=selectors.staff_of(request.user))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        made: list[Any] = []
        if _saved(
            form,
            lambda: made.append(services.organise_training_day(actor=_actor(request), **values)),
        ):
            messages.success(request, "Training day organised")
            return redirect("learning:day", made[0].pk)
    return _form_page(
        request,
        form,
        heading="Organise a training day",
        button="Organise the training day",
        back=reverse("learning:home"),
    )


def _day_page(request: StaffRequest, day: Any, form: AttendanceForm) -> HttpResponse:
    return render(request, "learning/day.html", {"day": day, "form": form})


@require_safe
@requires(ORGANISE)
def day(request: StaffRequest, training_day_id: UUID) -> HttpResponse:
    shown = _found(selectors.day_for(request.user, training_day_id))
    came = [a.user_id for a in shown.attendees.all() if a.attended]
    form = AttendanceForm(initial={"attended": came}, invited=selectors.invited(shown))
    return _day_page(request, shown, form)


@require_POST
@requires(ORGANISE)
def attendance(request: StaffRequest, training_day_id: UUID) -> HttpResponse:
    shown = _found(selectors.day_for(request.user, training_day_id))
    form = AttendanceForm(request.POST, invited=selectors.invited(shown))
    if form.is_valid() and _saved(
        form,
        lambda: services.record_attendance(
            actor=_actor(request),
            day=shown,
            attended=form.cleaned_data["attended"],
            today=timezone.localdate(),
        ),
    ):
        messages.success(request, "Attendance recorded")
        return redirect("learning:day", shown.pk)
    return _day_page(request, shown, form)


@require_http_methods(["GET", "POST"])
@requires(ORGANISE)
def add_set(request: StaffRequest) -> HttpResponse:
    offices = selectors.offices_of(request.user)
    form = SetForm(_data(request), offices=offices, staff=selectors.staff_of(request.user))
    if request.method == "POST" and form.is_valid():
        made: list[Any] = []
        if _saved(
            form,
            lambda: made.append(services.form_set(actor=_actor(request), **form.cleaned_data)),
        ):
            messages.success(request, "Action Learning Set formed")
            return redirect("learning:set", made[0].pk)
    return _form_page(
        request,
        form,
        heading="Form an Action Learning Set",
        button="Form the set",
        back=reverse("learning:home"),
    )


def _set_page(
    request: StaffRequest,
    shown: selectors.SetShown,
    *,
    status_form: StatusForm | None = None,
    meeting_form: MeetingForm | None = None,
) -> HttpResponse:
    learning_set = shown.learning_set
    members = list(learning_set.members.all())
    meetings = [
        (meeting, {u.pk for u in meeting.present.all()}) for meeting in learning_set.meetings.all()
    ]
    context = {
        "shown": shown,
        "learning_set": learning_set,
        "members": members,
        "meetings": [
            {"meeting": m, "rows": [(member, member.pk in came) for member in members]}
            for m, came in meetings
        ],
        "status_form": status_form or StatusForm(initial={"status": learning_set.status}),
        "meeting_form": meeting_form
        or MeetingForm(members=learning_set.members.select_related("team")),
        "closed": learning_set.status == SetStatus.CLOSED,
    }
    return render(request, "learning/set.html", context)


@require_safe
@requires(LEARN)
def learning_set(request: StaffRequest, learning_set_id: UUID) -> HttpResponse:
    """The organiser's, a member's or the facilitator's view of a set."""
    return _set_page(request, _found(selectors.set_for(request.user, learning_set_id)))


def _organised_set(request: StaffRequest, learning_set_id: UUID) -> selectors.SetShown:
    shown = _found(selectors.set_for(request.user, learning_set_id))
    if not shown.organiser:
        raise Http404
    return shown


@require_POST
@requires(ORGANISE)
def set_status(request: StaffRequest, learning_set_id: UUID) -> HttpResponse:
    shown = _organised_set(request, learning_set_id)
    form = StatusForm(request.POST)
    if form.is_valid() and _saved(
        form,
        lambda: services.change_status(
            actor=_actor(request),
            learning_set=shown.learning_set,
            status=form.cleaned_data["status"],
        ),
    ):
        messages.success(request, "Status saved")
        return redirect("learning:set", shown.learning_set.pk)
    return _set_page(request, shown, status_form=form)


@require_POST
@requires(ORGANISE)
def add_meeting(request: StaffRequest, learning_set_id: UUID) -> HttpResponse:
    shown = _organised_set(request, learning_set_id)
    members = shown.learning_set.members.select_related("team")
    form = MeetingForm(request.POST, members=members)
    if form.is_valid() and _saved(
        form,
        lambda: services.record_meeting(
            actor=_actor(request),
            learning_set=shown.learning_set,
            today=timezone.localdate(),
            **form.cleaned_data,
        ),
    ):
        messages.success(request, "Meeting recorded")
        return redirect("learning:set", shown.learning_set.pk)
    return _set_page(request, shown, meeting_form=form)


# --- My learning ------------------------------------------------------------------------


@require_safe
@requires(LEARN)
def mine(request: StaffRequest) -> HttpResponse:
    found = selectors.mine(request.user)
    services.learning_read(actor=_actor(request))
    return render(request, "learning/mine.html", {"mine": found})


@require_http_methods(["GET", "POST"])
@requires(LEARN)
def add_entry(request: StaffRequest) -> HttpResponse:
    initial = {"written_on": timezone.localdate()}
    form = EntryForm(
        _data(request),
        initial=initial,
        days=selectors.my_days(request.user),
        sets=selectors.my_sets(request.user),
    )
    if request.method == "POST" and form.is_valid():
        made: list[Any] = []
        if _saved(
            form,
            lambda: made.append(
                services.write_entry(
                    actor=_actor(request), today=timezone.localdate(), **form.cleaned_data
                )
            ),
        ):
            messages.success(request, "Entry saved. Only you can read it")
            return redirect("learning:entry", made[0].pk)
    return _form_page(
        request,
        form,
        heading="Write in your reflective log",
        caption="My learning",
        intro="Only you can read your log: not your manager, not an administrator. Do not "
        "name people on probation or colleagues.",
        button="Save the entry",
        back=reverse("learning:mine"),
    )


@require_safe
@requires(LEARN)
def entry(request: StaffRequest, log_entry_id: UUID) -> HttpResponse:
    found = _found(selectors.entry_for(request.user, log_entry_id))
    services.entry_read(actor=_actor(request), entry=found)
    return render(request, "learning/entry.html", {"entry": found})
