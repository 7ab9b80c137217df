"""Life Links circles: referrals to the office's circles, forming one from a referral (the
date the person chose it, the purpose in their words, the mode), the circles, and a circle's
page: its volunteers (added from those with a circle role, or removed), the outer circle of an
accountability circle, meetings with attendance and minutes, tasks, concerns and their
triage, and reviews (the end-of-circle review ends it)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access import guard
from mydirection.access.guard import requires
from mydirection.http import StaffRequest
from mydirection.interventions.models import Kind
from mydirection.interventions.selectors import what_the_provider_sees
from mydirection.versioning import attempt, with_current_version
from mydirection.volunteering import coordinator_selectors as selectors
from mydirection.volunteering import rules
from mydirection.volunteering.coordinator_forms import (
    CircleForm,
    CircleVolunteerForm,
    OuterMemberForm,
    ReviewForm,
    TaskForm,
    TriageForm,
)
from mydirection.volunteering.models import (
    Circle,
    CircleStatus,
    CircleVolunteer,
    Mode,
    ReviewKind,
)
from mydirection.volunteering.services import circles, coordinating
from mydirection.volunteering.views.coordinator_common import (
    COORDINATE,
    actor,
    data,
    form_page,
    found,
    office,
)

WHAT = "Life Links circle"


def _circle(request: StaffRequest, circle_id: UUID, what: str = WHAT) -> Circle:
    """A circle of the office (404 otherwise), its focus person logged as consulted."""
    shown = found(selectors.circle_in(office(request), request.user, circle_id))
    guard.volunteering_consulted(request, what, [shown.person_id])
    return shown


def _back(circle: Circle) -> dict[str, Any]:
    return {
        "back": reverse("volunteering:circle", args=[circle.pk]),
        "back_text": "Back to the circle",
        "caption": f"Circle of {circle.person.full_name}",
    }


@require_safe
@requires(COORDINATE)
def circle_list(request: StaffRequest) -> HttpResponse:
    rows = selectors.circles(office(request), request.user, timezone.now())
    referrals = list(selectors.circle_referrals(request.user))
    people = [row.circle.person_id for row in rows] + [r.person_id for r in referrals]
    guard.volunteering_consulted(request, "Life Links circles", people)
    context = {
        "rows": rows,
        "referrals": referrals,
        "most": rules.CIRCLE_MAX_VOLUNTEERS,
        "least": rules.CIRCLE_MIN_VOLUNTEERS,
    }
    return render(request, "volunteering/coordinator/circles.html", context)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def form_circle(request: StaffRequest, circle_referral_id: UUID) -> HttpResponse:
    """A circle from a referral: the person chose it, and its purpose is in their words."""
    referral, coordinator = guard.coordinated_referral_for(
        request, circle_referral_id, kind=Kind.LIFE_LINKS, what="Form a Life Links circle"
    )
    form = CircleForm(data(request), initial={"chosen_on": timezone.localdate(referral.decided_at)})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: coordinating.form_from_referral(
                actor=coordinator,
                referral=referral,
                chosen_on=values["chosen_on"],
                purpose=values["purpose"],
                mode=Mode(values["mode"]),
                coordinator=request.user,
            ),
        )
        if outcome.done:
            messages.success(request, "The circle is formed. Add its volunteers next")
            return redirect("volunteering:circle", outcome.value.pk)
    return form_page(
        request,
        form,
        heading="Form a circle",
        caption=referral.person.full_name,
        button="Form the circle",
        back=reverse("volunteering:circles"),
        back_text="Back to circles",
        shared=what_the_provider_sees(referral),
        template="volunteering/coordinator/form_circle.html",
    )


@require_safe
@requires(COORDINATE)
def circle(request: StaffRequest, circle_id: UUID) -> HttpResponse:
    shown = _circle(request, circle_id)
    page = selectors.circle_page(shown, timezone.now())
    guard.volunteering_consulted(
        request, WHAT, [member.volunteer.person_id for member in page.members]
    )
    context = {
        "page": page,
        "circle": shown,
        "ended": shown.status == CircleStatus.ENDED,
        "most": rules.CIRCLE_MAX_VOLUNTEERS,
        "least": rules.CIRCLE_MIN_VOLUNTEERS,
        "accountability": shown.mode == Mode.ACCOUNTABILITY,
        "to_add": selectors.circle_volunteers_to_add(shown).exists(),
    }
    return render(request, "volunteering/coordinator/circle.html", context)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def add_circle_volunteer(request: StaffRequest, circle_id: UUID) -> HttpResponse:
    shown = _circle(request, circle_id, "Add a volunteer to a circle")
    candidates = list(selectors.circle_volunteers_to_add(shown))
    form = CircleVolunteerForm(data(request), volunteers=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = form.fields["volunteer"].chosen(form.cleaned_data["volunteer"])  # type: ignore[attr-defined]
        outcome = attempt(
            form,
            lambda: circles.add_volunteer(actor=actor(request), circle=shown, volunteer=chosen),
        )
        if outcome.done:
            messages.success(request, f"{chosen.first_name} has joined the circle")
            return redirect("volunteering:circle", shown.pk)
    return form_page(
        request,
        form,
        heading="Add a volunteer",
        intro=f"A circle has {rules.CIRCLE_MIN_VOLUNTEERS} to {rules.CIRCLE_MAX_VOLUNTEERS} "
        "volunteers. They see the focus person's first name and the circle's purpose only."
        if candidates
        else "No volunteer can join: give a volunteer a circle role first.",
        button="Add to the circle" if candidates else "",
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def remove_circle_volunteer(
    request: StaffRequest, circle_id: UUID, circle_member_id: UUID
) -> HttpResponse:
    shown = _circle(request, circle_id, "Remove a volunteer from a circle")
    member = found(
        CircleVolunteer.objects.filter(circle=shown, pk=circle_member_id, left_on__isnull=True)
        .select_related("volunteer", "circle")
        .first()
    )
    if request.method == "POST":
        circles.remove_volunteer(actor=actor(request), member=member)
        messages.success(request, f"{member.volunteer.first_name} has left the circle")
        return redirect("volunteering:circle", shown.pk)
    return form_page(
        request,
        None,
        heading=f"Remove {member.volunteer} from the circle",
        intro=f"They joined on {member.joined_on:%-d %B %Y}. They will no longer see the "
        "circle; the meetings they came to stay on record.",
        button="Remove from the circle",
        warning=True,
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def add_outer_member(request: StaffRequest, circle_id: UUID) -> HttpResponse:
    shown = _circle(request, circle_id, "Add to a circle's outer circle")
    form = OuterMemberForm(data(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form, lambda: circles.add_outer_member(actor=actor(request), circle=shown, **values)
        )
        if outcome.done:
            messages.success(request, f"{values['name']} is in the outer circle")
            return redirect("volunteering:circle", shown.pk)
    return form_page(
        request,
        form,
        heading="Add to the outer circle",
        intro="The professionals around an accountability circle: they receive its minutes "
        "and come to its reviews.",
        button="Add",
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def add_task(request: StaffRequest, circle_id: UUID) -> HttpResponse:
    shown = _circle(request, circle_id, "Add a task to a circle")
    form = TaskForm(data(request), volunteers=circles.volunteers_in(shown))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        who = form.fields["volunteer"].chosen(values["volunteer"])  # type: ignore[attr-defined]
        outcome = attempt(
            form,
            lambda: circles.add_task(
                actor=actor(request),
                circle=shown,
                what=values["what"],
                volunteer=who,
                due_on=values["due_on"],
            ),
        )
        if outcome.done:
            messages.success(request, "Task added")
            return redirect("volunteering:circle", shown.pk)
    return form_page(request, form, heading="Add a task", button="Add the task", **_back(shown))


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def triage(request: StaffRequest, concern_id: UUID) -> HttpResponse:
    concern = found(selectors.concern_in(office(request), request.user, concern_id))
    about = concern.circle.person_id if concern.circle else None
    guard.volunteering_consulted(request, "Volunteer concern", [about, concern.raised_by.person_id])
    triaged = concern.triaged_at is not None
    form = TriageForm(data(request) if not triaged else None, initial={"version": concern.version})
    stale = False
    if request.method == "POST" and not triaged and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: circles.triage(
                actor=actor(request),
                concern=concern,
                outcome=values["outcome"],
                note=values["outcome_note"],
                expected_version=values["version"] or 0,
            ),
        )
        if outcome.done:
            messages.success(request, "The concern is triaged")
            if concern.circle is not None:
                return redirect("volunteering:circle", concern.circle.pk)
            return redirect("volunteering:home")
        if outcome.stale:
            concern.refresh_from_db()
            form = TriageForm(with_current_version(request, concern.version))
            form.is_valid()
            stale = True
    if concern.circle is not None:
        back = {
            "back": reverse("volunteering:circle", args=[concern.circle.pk]),
            "back_text": "Back to the circle",
            "caption": f"Circle of {concern.circle.person.full_name}",
        }
    else:
        back = {"back": reverse("volunteering:home"), "back_text": "Back", "caption": ""}
    return form_page(
        request,
        form,
        heading="Triage a concern",
        button="" if triaged else "Save the triage",
        stale=stale,
        concern=concern,
        triaged=triaged,
        template="volunteering/coordinator/triage.html",
        **back,
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def review(request: StaffRequest, circle_id: UUID) -> HttpResponse:
    shown = _circle(request, circle_id, "Review a circle")
    ended = shown.status == CircleStatus.ENDED
    form = ReviewForm(data(request) if not ended else None)
    if request.method == "POST" and not ended and form.is_valid():
        values = form.cleaned_data
        kind = ReviewKind(values["kind"])
        outcome = attempt(
            form,
            lambda: circles.review(
                actor=actor(request),
                circle=shown,
                kind=kind,
                notes=values["notes"],
                end_reason=values["end_reason"],
            ),
        )
        if outcome.done:
            ends = kind == ReviewKind.END
            messages.success(
                request, "Review saved. The circle has ended" if ends else "Review saved"
            )
            return redirect("volunteering:circle", shown.pk)
    return form_page(
        request,
        form,
        heading="Review the circle",
        intro="A quarterly review with the focus person and the volunteers, or the "
        "end-of-circle review, which ends it."
        if not ended
        else "This circle has ended.",
        button="" if ended else "Save the review",
        **_back(shown),
    )
