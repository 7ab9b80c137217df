"""The partner worker's pages: the open referrals to their organisation, and answering one,
recording its sessions and closing it.

Each referral comes through ``access.guard`` (``referrals_in_reach`` for the list,
``referral_for`` for one): anything outside the organisation's open referrals is a 404, and
each page is logged as a consultation with the relation ``partner``. The pages show only what
the person agreed to share (``selectors.what_the_provider_sees``): never their record.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access import guard
from mydirection.access.guard import requires
from mydirection.access.policy import Capability
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.interventions import rules, selectors
from mydirection.interventions.forms.partner import CloseForm, RespondForm, SessionForm
from mydirection.interventions.models import Availability, Intervention, Referral, Status
from mydirection.interventions.services import referrals as services
from mydirection.versioning import StaleEdit, with_current_version

# Each status as the provider reads it, and its tag's colour.
STATUS_TAGS: dict[str, tuple[str, str]] = {
    Status.SENT: ("To answer", "blue"),
    Status.ACCEPTED: ("Accepted", "turquoise"),
    Status.STARTED: ("Started", "green"),
}

# Sessions are recorded once the provider has accepted the referral
# (``services.referrals.record_session`` refuses them before).
RECORDS_SESSIONS = (Status.ACCEPTED, Status.STARTED)

GONE = "This referral is no longer open to you: the case manager has withdrawn or closed it"


@dataclass(frozen=True)
class Row:
    referral: Referral
    shared: list[selectors.SharedField]
    tag: tuple[str, str]


@dataclass
class InterventionGroup:
    intervention: Intervention
    paused: bool
    rows: list[Row]


def _tag(referral: Referral) -> tuple[str, str]:
    return STATUS_TAGS.get(referral.status, (referral.get_status_display(), "grey"))


def _paused(intervention: Intervention) -> bool:
    return selectors.availability_today(intervention) == Availability.PAUSED


def _by_intervention(referrals: list[Referral]) -> list[InterventionGroup]:
    groups: dict[UUID, InterventionGroup] = {}
    for referral in referrals:
        intervention = referral.intervention
        group = groups.get(intervention.pk)
        if group is None:
            group = groups[intervention.pk] = InterventionGroup(
                intervention, _paused(intervention), []
            )
        group.rows.append(Row(referral, selectors.what_the_provider_sees(referral), _tag(referral)))
    return list(groups.values())


def _page(referral: Referral, **extra: Any) -> dict[str, Any]:
    return {
        "referral": referral,
        "shared": selectors.what_the_provider_sees(referral),
        "tag": _tag(referral),
        "paused": _paused(referral.intervention),
        "moves": rules.moves_from(Status(referral.status), rules.By.PROVIDER),
        "records_sessions": referral.status in RECORDS_SESSIONS,
    } | extra


def _data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _still_open(referral: Referral) -> bool:
    """After a clash: the referral as it is now (False if it is no longer open to them)."""
    referral.refresh_from_db()
    return referral.is_open


@require_safe
@requires(Capability.RECEIVE_REFERRALS)
def referrals(request: StaffRequest) -> HttpResponse:
    found = list(selectors.for_provider(guard.referrals_in_reach(request.user)))
    guard.referrals_consulted(request.user, "Referrals to my organisation", found)
    context = {
        "organisation": request.user.organisation,
        "groups": _by_intervention(found),
        "count": len(found),
    }
    return render(request, "interventions/partner/referrals.html", context)


@require_safe
@requires(Capability.RECEIVE_REFERRALS)
def referral(request: StaffRequest, referral_id: UUID) -> HttpResponse:
    found, _actor = guard.referral_for(request, referral_id, what="Referral")
    return render(request, "interventions/partner/referral.html", _page(found))


@require_http_methods(["GET", "POST"])
@requires(Capability.RECEIVE_REFERRALS)
def respond(request: StaffRequest, referral_id: UUID) -> HttpResponse:
    found, actor = guard.referral_for(request, referral_id, what="Answer a referral")
    form = RespondForm(_data(request), initial={"version": found.version})
    stale = False
    if request.method == "POST" and found.status == Status.SENT and form.is_valid():
        accept = form.accepted
        try:
            services.respond(
                actor=actor,
                referral_id=found.pk,
                expected_version=form.cleaned_data["version"] or 0,
                accept=accept,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            if not _still_open(found):
                messages.info(request, GONE)
                return redirect("partner:referrals")
            stale = True
            form = RespondForm(with_current_version(request, found.version))
            form.is_valid()
        else:
            if accept:
                messages.success(request, "Referral accepted")
                return redirect("partner:referral", found.pk)
            messages.success(request, "Referral declined. The case manager can see why")
            return redirect("partner:referrals")
    possible = found.status == Status.SENT
    refused = _refused(request, possible, "You have already answered this referral")
    context = _page(found, form=form, stale=stale, refused=refused, possible=possible)
    return render(request, "interventions/partner/respond.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.RECEIVE_REFERRALS)
def session(request: StaffRequest, referral_id: UUID) -> HttpResponse:
    found, actor = guard.referral_for(request, referral_id, what="Record a session")
    form = SessionForm(_data(request), initial={"on": timezone.localdate()})
    can_record = found.status in RECORDS_SESSIONS
    if request.method == "POST" and can_record and form.is_valid():
        data = form.cleaned_data
        was_accepted = found.status == Status.ACCEPTED
        try:
            services.record_session(
                actor=actor,
                referral_id=found.pk,
                on=data["on"],
                attended=data["attended"],
                note=data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if was_accepted and data["attended"]:
                messages.success(request, "Session recorded. The referral has started")
            else:
                messages.success(request, "Session recorded")
            return redirect("partner:referral", found.pk)
    refused = _refused(request, can_record, "Accept the referral before you record a session")
    context = _page(found, form=form, refused=refused, possible=can_record)
    return render(request, "interventions/partner/session.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.RECEIVE_REFERRALS)
def close(request: StaffRequest, referral_id: UUID) -> HttpResponse:
    found, actor = guard.referral_for(request, referral_id, what="Close a referral")
    moves = rules.moves_from(Status(found.status), rules.By.PROVIDER)
    form = CloseForm(_data(request), moves=moves, initial={"version": found.version})
    closable = form.can_close
    stale = False
    if request.method == "POST" and closable and form.is_valid():
        completed = form.completed
        try:
            services.finish(
                actor=actor,
                referral_id=found.pk,
                expected_version=form.cleaned_data["version"] or 0,
                completed=completed,
                end_reason=form.cleaned_data["end_reason"],
                note=form.cleaned_data["note"],
                by=rules.By.PROVIDER,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            if not _still_open(found):
                messages.info(request, GONE)
                return redirect("partner:referrals")
            stale = True
            moves = rules.moves_from(Status(found.status), rules.By.PROVIDER)
            form = CloseForm(with_current_version(request, found.version), moves=moves)
            form.is_valid()
            closable = form.can_close
        else:
            messages.success(
                request,
                "Referral closed: completed" if completed else "Referral closed: ended early",
            )
            return redirect("partner:referrals")
    refused = _refused(request, closable, "Accept the referral before you close it")
    context = _page(found, form=form, stale=stale, refused=refused, possible=closable)
    return render(request, "interventions/partner/close.html", context)


def _refused(request: StaffRequest, possible: bool, message: str) -> str:
    """What a form posted when its step is not open (answered already, not accepted yet) says:
    the page shows no form then, so nothing was saved."""
    return message if request.method == "POST" and not possible else ""
