"""Signing in to the app (a code sent to the person's phone or e-mail, and their PIN), signing
out, and enrolling from the case manager's invitation link. These pages need no session; the
rules are in ``portal.services.accounts``."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.portal import session
from mydirection.portal.forms import CodeForm, ContactForm, PinForm
from mydirection.portal.services import accounts

PENDING, BINDING, ENROL = "portal.pending", "portal.binding", "portal.enrol"


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        binding = secrets.token_urlsafe(32)
        pending = accounts.request_code(form.cleaned_data["contact"], binding)
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
        result = accounts.verify(
            str(request.session[PENDING]),
            str(request.session.get(BINDING, "")),
            form.cleaned_data["code"],
            form.cleaned_data["pin"],
        )
        if result.account is not None:
            session.sign_in(request, result.account)
            return redirect("portal:home")
        problem = result.problem
    # In the demo only: the code, as the demo's texts never leave the outbox.
    shown = accounts.demo_code(str(request.session[PENDING]), str(request.session.get(BINDING, "")))
    return render(
        request, "portal/code.html", {"form": form, "problem": problem, "demo_code": shown}
    )


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
    invitation = accounts.invitation_for(str(request.session.get(ENROL, "")))
    if invitation is None:
        return render(request, "portal/link_expired.html", status=404)
    form = PinForm(request.POST if request.method == "POST" else None, person=invitation.person)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.enrol(invitation, form.cleaned_data["pin"])
        except accounts.CannotInvite:
            return render(request, "portal/link_expired.html", status=404)
        request.session.pop(ENROL, None)
        messages.success(request, "Your PIN is set. Now sign in")
        return redirect("portal:sign-in")
    return render(request, "portal/enrol.html", {"form": form, "person": invitation.person})
