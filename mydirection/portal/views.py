"""The person's app, under /my/. Every page is reachable without a staff sign-in and checks
the portal session itself (``session.portal_view``)."""

import secrets
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.messaging import selectors as messaging_selectors
from mydirection.notifications import services as notifications
from mydirection.notifications.forms import PreferencesForm
from mydirection.people import services as people_services
from mydirection.portal import services, session
from mydirection.portal.forms import CodeForm, ContactForm, PinForm
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.versioning import StaleEdit

PENDING, BINDING, ENROL = "portal.pending", "portal.binding", "portal.enrol"


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        binding = secrets.token_urlsafe(32)
        pending = services.request_code(form.cleaned_data["contact"], binding)
        request.session[PENDING], request.session[BINDING] = pending, binding
        return redirect("portal:code")
    return render(request, "portal/sign_in.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    if PENDING not in request.session:
        return redirect("portal:sign-in")
    form = CodeForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        result = services.verify(
            str(request.session[PENDING]),
            str(request.session.get(BINDING, "")),
            form.cleaned_data["code"],
            form.cleaned_data["pin"],
        )
        if result.account is not None:
            session.sign_in(request, result.account)
            return redirect("portal:home")
        problem = result.problem
    return render(request, "portal/code.html", {"form": form, "problem": problem})


@login_not_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session.sign_out(request)
    return redirect("portal:sign-in")


@login_not_required
@require_safe
def enrol_link(request: HttpRequest, token: str) -> HttpResponse:
    """Keep the token in the session and take it out of the address bar and history."""
    request.session[ENROL] = token
    return redirect("portal:enrol")


@login_not_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    invitation = services.invitation_for(str(request.session.get(ENROL, "")))
    if invitation is None:
        return render(request, "portal/link_expired.html", status=404)
    form = PinForm(request.POST if request.method == "POST" else None, person=invitation.person)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrol(invitation, form.cleaned_data["pin"])
        except services.CannotInvite:
            return render(request, "portal/link_expired.html", status=404)
        request.session.pop(ENROL, None)
        messages.success(request, "Your PIN is set. Now sign in")
        return redirect("portal:sign-in")
    return render(request, "portal/enrol.html", {"form": form, "person": invitation.person})


@require_safe
@portal_view("App: home")
def home(request: PortalRequest) -> HttpResponse:
    unread = messaging_selectors.unread_for_person(request.person)
    return render(request, "portal/home.html", {"person": request.person, "unread": unread})


@require_http_methods(["GET", "POST"])
@portal_view("App: my choices")
def choices(request: PortalRequest) -> HttpResponse:
    person = request.person
    current = notifications.preferences_of(person)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        instance=current,
        initial={"channel": notifications.preferred_channel(person, current)},
    )
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
            stale = True
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


@login_not_required
@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/offline.html")


@login_not_required
@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/manifest.webmanifest",
        {"icon": static("mydirection/images/favicon.svg")},
        content_type="application/manifest+json",
    )


@login_not_required
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    precache = [
        static("mydirection/css/app.css"),
        static("mydirection/js/init.js"),
        static("mydirection/js/govuk-frontend.min.js"),
        static("mydirection/js/moj-frontend.min.js"),
        static("portal/register-sw.js"),
    ]
    response = render(
        request,
        "portal/sw.js",
        {"precache": precache, "static_prefix": static("")},
        content_type="text/javascript",
    )
    return response
