"""Peer mentoring: referrals to the office's peer mentoring (what the person agreed to share,
nothing else), finding a mentor, the conflict check before a match, the match or "not
matched" with its reasons (for the coordinator only: a volunteer is never told why), the
matches, and ending one. A match moves the referral on to started."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access import guard
from mydirection.access.guard import requires
from mydirection.http import StaffRequest
from mydirection.interventions.models import Kind, Referral
from mydirection.interventions.selectors import what_the_provider_sees
from mydirection.versioning import attempt
from mydirection.volunteering import coordinator_selectors as selectors
from mydirection.volunteering import rules
from mydirection.volunteering.coordinator_forms import ConflictForm, EndMatchForm, MentorForm
from mydirection.volunteering.services import coordinating, mentoring
from mydirection.volunteering.views.coordinator_common import (
    COORDINATE,
    actor,
    data,
    form_page,
    found,
    office,
)


def _referral(request: StaffRequest, referral_id: UUID, what: str) -> Referral:
    referral, _actor = guard.coordinated_referral_for(
        request, referral_id, kind=Kind.PEER_MENTORING, what=what
    )
    return referral


@require_safe
@requires(COORDINATE)
def mentoring_home(request: StaffRequest) -> HttpResponse:
    office_id = office(request)
    referrals = list(selectors.mentoring_referrals(request.user))
    found_matches = list(selectors.matches(office_id, request.user))
    people: list[UUID | None] = [r.person_id for r in referrals]
    people += [m.mentee_id for m in found_matches] + [m.mentor.person_id for m in found_matches]
    guard.volunteering_consulted(request, "Peer mentoring", people)
    context = {
        "referrals": referrals,
        "current": [m for m in found_matches if m.ended_on is None],
        "ended": [m for m in found_matches if m.ended_on is not None],
        "mentor_count": selectors.mentors(office_id).count(),
    }
    return render(request, "volunteering/coordinator/mentoring.html", context)


@require_safe
@requires(COORDINATE)
def mentoring_referral(request: StaffRequest, mentoring_referral_id: UUID) -> HttpResponse:
    """The referral as shared, and "Find a mentor": the office's peer mentors."""
    referral = _referral(request, mentoring_referral_id, "Referral to peer mentoring")
    mentors = list(selectors.mentors(office(request)))
    guard.volunteering_consulted(request, "Peer mentors", [m.person_id for m in mentors])
    form = MentorForm(mentors=mentors)
    context = {
        "referral": referral,
        "shared": what_the_provider_sees(referral),
        "form": form,
        "mentors": mentors,
        "open": referral.is_open,
    }
    return render(request, "volunteering/coordinator/mentoring_referral.html", context)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def conflict_check(request: StaffRequest, mentoring_referral_id: UUID) -> HttpResponse:
    referral = _referral(request, mentoring_referral_id, "Peer mentor conflict check")
    back = reverse("volunteering:mentoring-referral", args=[referral.pk])
    chosen = request.POST.get("mentor") or request.GET.get("mentor") or ""
    mentor = next((m for m in selectors.mentors(office(request)) if str(m.pk) == chosen), None)
    if mentor is None:
        messages.error(request, "Choose a peer mentor first")
        return redirect(back)
    guard.volunteering_consulted(request, "Peer mentor conflict check", [mentor.person_id])
    form = ConflictForm(data(request), initial={"mentor": str(mentor.pk)})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: coordinating.match_from_referral(
                actor=actor(request),
                referral=referral,
                mentor=mentor,
                co_defendant=values["co_defendant"],
                victim=values["victim"],
                family=values["family"],
                known_associate=values["known_associate"],
            ),
        )
        if outcome.done:
            check, match = outcome.value
            if match is not None:
                messages.success(request, f"{mentor.first_name} is matched as a peer mentor")
            return redirect("volunteering:conflict-result", check.pk)
    return form_page(
        request,
        form,
        heading="Conflict check",
        caption=f"{mentor.first_name} {mentor.last_name[:1]} and {referral.person.full_name}",
        button="Check and match",
        back=back,
        back_text="Back to the referral",
        same_caseload=selectors.same_caseload(mentor, referral.person),
        mentor=mentor,
        referral=referral,
        template="volunteering/coordinator/conflict_check.html",
    )


@require_safe
@requires(COORDINATE)
def conflict_result(request: StaffRequest, conflict_check_id: UUID) -> HttpResponse:
    """The match, or "not matched" with the reasons: for the coordinator only."""
    check = found(selectors.conflict_check_in(office(request), request.user, conflict_check_id))
    guard.volunteering_consulted(
        request, "Peer mentor conflict check", [check.mentee_id, check.mentor.person_id]
    )
    conflicts = rules.Conflicts(
        co_defendant=check.co_defendant,
        victim=check.victim,
        family=check.family,
        known_associate=check.known_associate,
        same_caseload=check.same_caseload,
    )
    match = getattr(check, "match", None) if check.clear else None
    context = {"check": check, "reasons": conflicts.reasons(), "match": match}
    return render(request, "volunteering/coordinator/conflict_result.html", context)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def end_match(request: StaffRequest, match_id: UUID) -> HttpResponse:
    shown = found(selectors.match_in(office(request), request.user, match_id))
    guard.volunteering_consulted(
        request, "Peer mentor match", [shown.mentee_id, shown.mentor.person_id]
    )
    form = EndMatchForm(data(request) if shown.ended_on is None else None)
    if request.method == "POST" and shown.ended_on is None and form.is_valid():
        reason = form.cleaned_data["reason"]
        outcome = attempt(
            form, lambda: mentoring.end_match(actor=actor(request), match=shown, reason=reason)
        )
        if outcome.done:
            messages.success(request, "The mentoring has ended")
            return redirect("volunteering:mentoring")
    ended = shown.ended_on is not None
    return form_page(
        request,
        form,
        heading="End the mentoring",
        caption=f"{shown.mentor.first_name} {shown.mentor.last_name[:1]} and "
        f"{shown.mentee.full_name}",
        intro=f"Matched since {shown.starts_on:%-d %B %Y}."
        if not ended
        else f"This mentoring ended on {shown.ended_on:%-d %B %Y}.",
        button="" if ended else "End the mentoring",
        warning=True,
        back=reverse("volunteering:mentoring"),
        back_text="Back to peer mentoring",
    )
