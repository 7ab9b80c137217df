"""A person's interventions: their referrals and the decisions not to refer, what they asked
about in their app, the referral form, and withdrawing or closing a referral.

Each page reaches the person through ``person_for`` and each referral through that person, so
another person's referral gives 404."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.actor import StaffActor
from mydirection.access.guard import person_for
from mydirection.access.policy import Action
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.interventions import rules, selectors
from mydirection.interventions.forms.referrals import (
    CloseReferralForm,
    ReferForm,
    WithdrawReferralForm,
    choices_for,
    initial_from,
)
from mydirection.interventions.models import Availability, Referral, Status, Suitability
from mydirection.interventions.panels import panels_for
from mydirection.interventions.services import referrals as services
from mydirection.people.models import Person
from mydirection.people.record import person_context
from mydirection.versioning import StaleEdit, with_current_version

TAB = "interventions:person"


def _data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


@dataclass(frozen=True)
class Row:
    """A referral on the person's page, with its intervention's availability today (an open
    referral to a paused or withdrawn intervention is flagged)."""

    referral: Referral
    availability: str

    @property
    def flagged(self) -> bool:
        return self.referral.is_open and self.availability != Availability.OPEN


def _row(referral: Referral) -> Row:
    return Row(referral, selectors.availability_today(referral.intervention))


@require_safe
def person(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Interventions")
    rows = [_row(referral) for referral in selectors.referrals_of(person)]
    context = person_context(person, actor, TAB) | {
        "open_rows": [row for row in rows if row.referral.is_open],
        "decisions": [row for row in rows if row.referral.status == Status.NOT_REFERRED],
        "ended_rows": [
            row
            for row in rows
            if not row.referral.is_open and row.referral.status != Status.NOT_REFERRED
        ],
        "interests": selectors.interests_of(person),
        "panels": panels_for(person),
    }
    return render(request, "interventions/person.html", context)


@require_http_methods(["GET", "POST"])
def refer(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Refer to an intervention"
    )
    choices = choices_for(person)
    form = ReferForm(_data(request), choices=choices, initial=initial_from(request.GET, choices))
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.decide(actor=actor, person=person, decision=form.decision())
        except ValidationError as error:
            add_errors(form, error)
        else:
            intervention = referral.intervention
            if referral.suitability == Suitability.SUITABLE:
                provider = intervention.provider
                messages.success(
                    request,
                    f"Referred to {intervention.name}"
                    + (f": {provider.name} can see the referral now" if provider else ""),
                )
            else:
                messages.success(
                    request,
                    f"Decision recorded: {referral.get_suitability_display().lower()} for "
                    f"{intervention.name}",
                )
            return redirect(TAB, person.pk)
    interest_id = str(form["interest"].value() or "")
    context = person_context(person, actor, TAB) | {
        "form": form,
        "choices": choices,
        "interest": next((i for i in choices.interests if str(i.pk) == interest_id), None),
    }
    return render(request, "interventions/refer.html", context)


def _referral(person: Person, referral_id: UUID) -> Referral:
    return get_object_or_404(selectors.referrals_of(person), pk=referral_id)


@require_safe
def referral(request: StaffRequest, person_id: UUID, referral_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Referral")
    shown = _referral(person, referral_id)
    events = sorted(shown.events.all(), key=lambda event: event.at, reverse=True)
    context = person_context(person, actor, TAB) | {
        "referral": shown,
        "row": _row(shown),
        "provider_sees": selectors.what_the_provider_sees(shown),
        "history": [
            {
                "title": event.get_status_display(),
                "by": person.known_as
                if event.by_person
                else (event.by_user.display_name if event.by_user else ""),
                "datetime": event.at,
                "description": event.note,
            }
            for event in events
        ],
        "moves": rules.moves_from(Status(shown.status), rules.By.CASE_MANAGER),
    }
    return render(request, "interventions/referral.html", context)


def _change_page(
    request: StaffRequest,
    person: Person,
    actor: StaffActor,
    referral: Referral,
    form: Form,
    *,
    template: str,
    stale: bool,
) -> HttpResponse:
    context = person_context(person, actor, TAB) | {
        "referral": referral,
        "form": form,
        "stale": stale,
        "back_url": reverse("interventions:referral", args=[person.pk, referral.pk]),
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def withdraw(request: StaffRequest, person_id: UUID, referral_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Withdraw a referral")
    shown = _referral(person, referral_id)
    form = WithdrawReferralForm(_data(request), initial={"version": shown.version})
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(
                actor=actor,
                referral_id=shown.pk,
                expected_version=form.cleaned_data["version"] or 0,
                end_reason=form.cleaned_data["end_reason"],
                note=form.cleaned_data["note"].strip(),
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            shown = _referral(person, referral_id)
            form = WithdrawReferralForm(with_current_version(request, shown.version))
            form.is_valid()
            stale = True
        else:
            provider = shown.intervention.provider
            messages.success(
                request,
                f"Referral to {shown.intervention.name} withdrawn"
                + (f": {provider.name} no longer sees it" if provider else ""),
            )
            return redirect("interventions:referral", person.pk, shown.pk)
    return _change_page(
        request,
        person,
        actor,
        shown,
        form,
        template="interventions/withdraw_referral.html",
        stale=stale,
    )


@require_http_methods(["GET", "POST"])
def close(request: StaffRequest, person_id: UUID, referral_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Close a referral")
    shown = _referral(person, referral_id)
    form = CloseReferralForm(_data(request), initial={"version": shown.version})
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            closed = services.finish(
                actor=actor,
                referral_id=shown.pk,
                expected_version=form.cleaned_data["version"] or 0,
                completed=form.completed,
                end_reason=form.cleaned_data["end_reason"],
                note=form.cleaned_data["note"].strip(),
                by=rules.By.CASE_MANAGER,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            shown = _referral(person, referral_id)
            form = CloseReferralForm(with_current_version(request, shown.version))
            form.is_valid()
            stale = True
        else:
            messages.success(
                request,
                f"Referral to {shown.intervention.name}: {closed.get_status_display().lower()}",
            )
            return redirect("interventions:referral", person.pk, shown.pk)
    return _change_page(
        request,
        person,
        actor,
        shown,
        form,
        template="interventions/close_referral.html",
        stale=stale,
    )
