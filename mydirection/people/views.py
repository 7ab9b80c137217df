"""Pages of a person's record. Each reaches the person only through ``person_for``."""

from copy import copy
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.guard import person_for
from mydirection.access.policy import Action
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.people import ending, progress, selectors, services, timeline
from mydirection.people.forms import (
    ConsentForm,
    EndOrderForm,
    OrderForm,
    PersonForm,
    RequirementForm,
)
from mydirection.people.record import overview_panels, person_context
from mydirection.versioning import StaleEdit, with_current_version


@require_safe
def overview(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Person overview")
    context = person_context(person, actor, "people:overview") | overview_panels(person, actor)
    delivery = progress.orders_of(person)
    context |= {
        "delivery": delivery,
        "latest_is_current": bool(delivery)
        and ending.is_current(delivery[0].order, timezone.localdate()),
    }
    return render(request, "people/overview.html", context)


@require_safe
def details(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Personal details")
    return render(request, "people/details.html", person_context(person, actor, "people:details"))


@require_http_methods(["GET", "POST"])
def edit(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Change personal details"
    )
    form = PersonForm(request.POST if request.method == "POST" else None, instance=person)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                person=person,
                changes=form.details(),
                expected_version=form.cleaned_data["version"] or 0,
                actor=actor,
            )
        except StaleEdit:
            # Keep what they typed; show them the record has moved on.
            stale = True
        else:
            messages.success(request, "Personal details saved")
            return redirect("people:details", person.pk)
    context = person_context(person, actor, "people:details")
    if stale:
        person.refresh_from_db()
        # A copy: checking the form writes what they typed onto its instance, and the
        # identity bar shows the record as it is stored.
        form = PersonForm(with_current_version(request, person.version), instance=copy(person))
    context |= {"form": form, "stale": stale}
    return render(request, "people/person_form.html", context)


@require_safe
def sentence(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Sentence")
    context = person_context(person, actor, "people:sentence")
    context |= {"delivery": progress.orders_of(person)}
    return render(request, "people/sentence.html", context)


@require_http_methods(["GET", "POST"])
def add_order(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Add an order")
    form = OrderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.add_order(person=person, details=form.cleaned_data, actor=actor)
        messages.success(request, "Order added")
        return redirect("people:sentence", person.pk)
    context = person_context(person, actor, "people:sentence") | {"form": form}
    return render(request, "people/order_form.html", context)


@require_http_methods(["GET", "POST"])
def add_requirement(request: StaffRequest, person_id: UUID, order_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Add a requirement")
    order = get_object_or_404(person.orders, pk=order_id)
    form = RequirementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.add_requirement(order=order, details=form.cleaned_data, actor=actor)
        messages.success(request, "Requirement added")
        return redirect("people:sentence", person.pk)
    context = person_context(person, actor, "people:sentence") | {"form": form, "order": order}
    return render(request, "people/requirement_form.html", context)


@require_http_methods(["GET", "POST"])
def end_order(request: StaffRequest, person_id: UUID, order_id: UUID) -> HttpResponse:
    """Record how an order ended (or correct it): the reason, the day, who and when."""
    person, actor = person_for(request, person_id, action=Action.EDIT, what="End an order")
    order = get_object_or_404(person.orders, pk=order_id)
    form = EndOrderForm(
        request.POST if request.method == "POST" else None,
        initial=EndOrderForm.initial_for(order),
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.end_order(
                actor=actor,
                order=order,
                reason=form.cleaned_data["reason"],
                ended_on=form.cleaned_data["ended_on"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            stale = True
            order.refresh_from_db()
            form = EndOrderForm(with_current_version(request, order.version))
            form.is_valid()
        else:
            messages.success(request, f"Order ended: {order.get_termination_reason_display()}")
            return redirect("people:sentence", person.pk)
    context = person_context(person, actor, "people:sentence")
    context |= {"form": form, "order": order, "stale": stale}
    return render(request, "people/end_order_form.html", context)


@require_safe
def consents(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Consents")
    context = person_context(person, actor, "people:consents")
    context |= {"consents": selectors.consents(person)}
    return render(request, "people/consents.html", context)


@require_http_methods(["GET", "POST"])
def add_consent(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Record a consent")
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        initial={"given_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        services.record_consent(
            person=person,
            purpose=form.cleaned_data["purpose"],
            given_on=form.cleaned_data["given_on"],
            details=form.cleaned_data["details"],
            actor=actor,
        )
        messages.success(request, "Consent recorded")
        return redirect("people:consents", person.pk)
    context = person_context(person, actor, "people:consents") | {"form": form}
    return render(request, "people/consent_form.html", context)


@require_POST
def withdraw_consent(request: StaffRequest, person_id: UUID, consent_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Withdraw a consent")
    consent = get_object_or_404(person.consents, pk=consent_id)
    services.withdraw_consent(actor=actor, consent=consent)
    messages.success(request, f"Consent withdrawn: {consent.get_purpose_display()}")
    return redirect("people:consents", person.pk)


@require_safe
def history(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="History")
    context = person_context(person, actor, "people:history")
    context |= {"events": timeline.events(person, timeline.HISTORY)}
    return render(request, "people/history.html", context)
