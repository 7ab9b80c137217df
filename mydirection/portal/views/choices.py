"""My choices in the app (/my/choices/): how the person is contacted, and the consents they
gave, each theirs to withdraw (giving one needs a conversation with their case manager)."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from mydirection.notifications import selectors as notification_selectors
from mydirection.notifications import services as notifications
from mydirection.notifications.forms import preferences_form
from mydirection.people import services as people_services
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.versioning import StaleEdit, with_current_version


@require_http_methods(["GET", "POST"])
@portal_view("App: my choices")
def choices(request: PortalRequest) -> HttpResponse:
    person = request.person
    form = preferences_form(person, request.POST if request.method == "POST" else None)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            notifications.update_preferences(
                person=person,
                changes=form.changes(),
                expected_version=form.cleaned_data["version"] or 0,
                actor=request.actor,
            )
        except StaleEdit:
            # Keep their choices; saving again over the newer ones is then theirs to do.
            stale = True
            stored = notification_selectors.preferences_of(person).version
            form = preferences_form(person, with_current_version(request, stored))
        else:
            messages.success(request, "Your choices are saved")
            return redirect("portal:choices")
    # Every consent is the person's to withdraw; giving one needs a conversation first.
    consents = person.consents.order_by("-given_on")
    context = {"person": person, "form": form, "stale": stale, "consents": consents}
    return render(request, "portal/choices.html", context)


@require_POST
@portal_view("App: withdraw a consent")
def withdraw_consent(request: PortalRequest, consent_id: UUID) -> HttpResponse:
    consent = get_object_or_404(request.person.consents, pk=consent_id)
    people_services.withdraw_consent(actor=request.actor, consent=consent)
    messages.success(request, f"You have said no to: {consent.get_purpose_display()}")
    return redirect("portal:choices")
