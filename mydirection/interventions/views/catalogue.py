"""The catalogue: case managers read it to refer; the programme manager runs it (adds and
changes interventions and partner organisations, pauses, reopens and withdraws).

No page here names a person: an intervention's referrals are shown as numbers only."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.actor import StaffActor
from mydirection.access.guard import requires
from mydirection.access.policy import Capability, may
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.interventions import rules, selectors
from mydirection.interventions.forms.catalogue import (
    InterventionForm,
    OrganisationForm,
    PauseForm,
    WithdrawForm,
)
from mydirection.interventions.models import Availability, Intervention, Status
from mydirection.interventions.services import catalogue as services
from mydirection.staff.models import Office, Organisation
from mydirection.versioning import StaleEdit, with_current_version

STALE = "Someone else has changed this intervention since you opened it"


@dataclass(frozen=True)
class Entry:
    """An intervention as the catalogue shows it: its availability today (a pause with an end
    date is over the day after it) and its places."""

    intervention: Intervention
    availability: str
    open_referrals: int

    @property
    def places_left(self) -> int | None:
        return rules.places_left(self.intervention.capacity, self.open_referrals)


def _entry(intervention: Intervention) -> Entry:
    return Entry(
        intervention,
        selectors.availability_today(intervention),
        getattr(intervention, "open_referrals", 0),
    )


def _data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _intervention(intervention_id: UUID) -> Intervention:
    """One intervention, with its open referrals counted (``selectors.catalogue``)."""
    return get_object_or_404(selectors.catalogue(), pk=intervention_id)


def _manager(request: StaffRequest) -> StaffActor:
    return StaffActor.about_no_person(request.user)


@require_safe
@requires(Capability.SEE_INTERVENTIONS)
def catalogue(request: StaffRequest) -> HttpResponse:
    offices = list(Office.objects.all())
    office = next((o for o in offices if str(o.pk) == request.GET.get("office")), None)
    entries = [_entry(i) for i in selectors.catalogue(office)]
    context = {
        "entries": entries,
        "offices": offices,
        "office": office,
        "may_manage": may(request.user, Capability.MANAGE_INTERVENTIONS),
        "may_review": may(request.user, Capability.REVIEW_DECISIONS),
    }
    return render(request, "interventions/catalogue.html", context)


@require_safe
@requires(Capability.SEE_INTERVENTIONS)
def detail(request: StaffRequest, intervention_id: UUID) -> HttpResponse:
    intervention = _intervention(intervention_id)
    may_manage = may(request.user, Capability.MANAGE_INTERVENTIONS)
    counts = selectors.referral_counts(intervention) if may_manage else {}
    context = {
        "entry": _entry(intervention),
        "intervention": intervention,
        "may_manage": may_manage,
        # Numbers only: the programme manager runs the catalogue, not anyone's case.
        "counts": [(status.label, counts.get(status, 0)) for status in Status],
        "total": sum(counts.values()),
    }
    return render(request, "interventions/detail.html", context)


def _form_page(
    request: StaffRequest,
    form: Any,
    *,
    heading: str,
    button: str,
    back: str,
    caption: str = "",
    intro: str = "",
    stale: bool = False,
    warning: str = "",
    danger: bool = False,
) -> HttpResponse:
    context = {
        "form": form,
        "heading": heading,
        "button": button,
        "back_url": back,
        "caption": caption,
        "intro": intro,
        "stale": stale,
        "warning": warning,
        "danger": danger,
    }
    return render(request, "interventions/form.html", context)


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_INTERVENTIONS)
def add(request: StaffRequest) -> HttpResponse:
    form = InterventionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            intervention = services.add_intervention(actor=_manager(request), **form.values)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{intervention.name} added to the catalogue")
            return redirect("interventions:detail", intervention.pk)
    return _form_page(
        request,
        form,
        heading="Add an intervention",
        button="Add intervention",
        back=_catalogue_url(),
        intro="It is open for referrals once added. Case managers see it when they refer, "
        "and people on probation in its office see it in their app.",
    )


def _catalogue_url() -> str:
    return reverse("interventions:catalogue")


def _detail_url(intervention: Intervention) -> str:
    return reverse("interventions:detail", args=[intervention.pk])


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_INTERVENTIONS)
def change(request: StaffRequest, intervention_id: UUID) -> HttpResponse:
    intervention = _intervention(intervention_id)
    # The form writes what was typed onto its instance: keep what is saved for the page.
    name, back = intervention.name, _detail_url(intervention)
    form = InterventionForm(
        _data(request), instance=intervention, initial={"version": intervention.version}
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.change_intervention(
                actor=_manager(request),
                intervention_id=intervention.pk,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            stored = _intervention(intervention_id)
            form = InterventionForm(with_current_version(request, stored.version), instance=stored)
            form.is_valid()
            stale = True
        else:
            messages.success(request, "Intervention saved")
            return redirect(back)
    return _form_page(
        request,
        form,
        heading="Change the intervention",
        caption=name,
        button="Save",
        back=back,
        stale=stale,
    )


def _withdrawn(request: StaffRequest, intervention: Intervention) -> HttpResponse | None:
    """A withdrawn intervention is withdrawn for good: nothing more to do to it."""
    if intervention.availability != Availability.WITHDRAWN:
        return None
    messages.info(request, f"{intervention.name} has been withdrawn: it cannot be changed")
    return redirect("interventions:detail", intervention.pk)


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_INTERVENTIONS)
def pause(request: StaffRequest, intervention_id: UUID) -> HttpResponse:
    intervention = _intervention(intervention_id)
    if (done := _withdrawn(request, intervention)) is not None:
        return done
    form = PauseForm(
        _data(request),
        initial={
            "version": intervention.version,
            "reason": intervention.availability_reason,
            "until": intervention.paused_until,
        },
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.pause(
                actor=_manager(request),
                intervention_id=intervention.pk,
                expected_version=form.cleaned_data["version"] or 0,
                reason=form.cleaned_data["reason"].strip(),
                until=form.cleaned_data["until"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            stored = _intervention(intervention_id)
            if (done := _withdrawn(request, stored)) is not None:
                return done
            form = PauseForm(with_current_version(request, stored.version))
            form.is_valid()
            stale = True
        else:
            messages.success(request, f"{intervention.name} is paused: it takes no new referrals")
            return redirect("interventions:detail", intervention.pk)
    open_referrals = _entry(intervention).open_referrals
    return _form_page(
        request,
        form,
        heading="Pause the intervention",
        caption=intervention.name,
        button="Pause",
        back=_detail_url(intervention),
        intro="While it is paused it takes no new referrals. "
        + (
            f"The {open_referrals} open referral{'s' if open_referrals != 1 else ''} carry on, "
            "and their case managers and the provider see that it is paused."
            if open_referrals
            else "It has no open referrals."
        ),
        stale=stale,
    )


@require_POST
@requires(Capability.MANAGE_INTERVENTIONS)
def reopen(request: StaffRequest, intervention_id: UUID) -> HttpResponse:
    intervention = _intervention(intervention_id)
    if (done := _withdrawn(request, intervention)) is not None:
        return done
    if intervention.is_open:
        messages.info(request, f"{intervention.name} is already open for referrals")
        return redirect("interventions:detail", intervention.pk)
    try:
        version = int(request.POST.get("version", intervention.version))
    except ValueError:
        version = intervention.version
    try:
        services.reopen(
            actor=_manager(request), intervention_id=intervention.pk, expected_version=version
        )
    except StaleEdit:
        messages.info(request, f"{STALE}: check it, then reopen it again")
    else:
        messages.success(request, f"{intervention.name} is open for referrals again")
    return redirect("interventions:detail", intervention.pk)


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_INTERVENTIONS)
def withdraw(request: StaffRequest, intervention_id: UUID) -> HttpResponse:
    intervention = _intervention(intervention_id)
    if (done := _withdrawn(request, intervention)) is not None:
        return done
    form = WithdrawForm(_data(request), initial={"version": intervention.version})
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.withdraw(
                actor=_manager(request),
                intervention_id=intervention.pk,
                expected_version=form.cleaned_data["version"] or 0,
                reason=form.cleaned_data["reason"].strip(),
            )
        except StaleEdit:
            stored = _intervention(intervention_id)
            if (done := _withdrawn(request, stored)) is not None:
                return done
            intervention = stored
            form = WithdrawForm(with_current_version(request, stored.version))
            form.is_valid()
            stale = True
        else:
            messages.success(
                request,
                f"{intervention.name} is withdrawn"
                + (f": {ended} open referral{'s' if ended != 1 else ''} ended" if ended else ""),
            )
            return redirect("interventions:detail", intervention.pk)
    open_referrals = _entry(intervention).open_referrals
    return _form_page(
        request,
        form,
        heading="Withdraw the intervention",
        caption=intervention.name,
        button="Withdraw it",
        danger=True,
        back=_detail_url(intervention),
        intro="Withdrawing is for good: it leaves the catalogue and the app, and cannot be "
        "reopened.",
        warning=(
            f"{open_referrals} open referral{'s' if open_referrals != 1 else ''} will end. "
            "Each is marked withdrawn (or ended early, if it had started) with your reason, "
            "and its case manager sees why."
            if open_referrals
            else "It has no open referrals: none will end."
        ),
        stale=stale,
    )


# --- Partner organisations --------------------------------------------------------------


@require_safe
@requires(Capability.MANAGE_INTERVENTIONS)
def organisations(request: StaffRequest) -> HttpResponse:
    listed = selectors.organisations()
    return render(request, "interventions/organisations.html", {"organisations": listed})


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_INTERVENTIONS)
def add_organisation(request: StaffRequest) -> HttpResponse:
    form = OrganisationForm(_data(request))
    if request.method == "POST" and form.is_valid():
        organisation = services.add_organisation(actor=_manager(request), **form.cleaned_data)
        messages.success(request, f"{organisation.name} added")
        return redirect("interventions:organisations")
    return _form_page(
        request,
        form,
        heading="Add a partner organisation",
        button="Add organisation",
        back=reverse("interventions:organisations"),
        intro="An organisation that runs interventions. Its workers get accounts from your "
        "administrator, and see only the open referrals to it.",
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_INTERVENTIONS)
def organisation(request: StaffRequest, organisation_id: UUID) -> HttpResponse:
    stored = get_object_or_404(Organisation, pk=organisation_id)
    # The form writes what was typed onto its instance: keep the saved name for the caption.
    name = stored.name
    form = OrganisationForm(_data(request), instance=stored)
    if request.method == "POST" and form.is_valid():
        services.change_organisation(
            actor=_manager(request), organisation=stored, **form.cleaned_data
        )
        messages.success(request, "Organisation saved")
        return redirect("interventions:organisations")
    return _form_page(
        request,
        form,
        heading="Change the organisation",
        caption=name,
        button="Save",
        back=reverse("interventions:organisations"),
    )
