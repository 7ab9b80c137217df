from urllib.parse import parse_qs, urlparse

import segno
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from mydirection.http import StaffRequest
from mydirection.staff.auth import (
    before_second_factor,
    confirmed_device,
    demo_code,
    unconfirmed_device,
)
from mydirection.staff.forms import CodeForm, SignInForm


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("caseload:home")


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        # login() rotates the session key, so a session fixed before sign-in is worthless.
        login(request, form.get_user())
        return redirect(f"{reverse('staff:second-factor')}?next={_next_url(request)}")
    return render(request, "staff/sign_in.html", {"form": form, "next": _next_url(request)})


@before_second_factor
@require_http_methods(["GET", "POST"])
def second_factor(request: StaffRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = confirmed_device(request.user)
    setting_up = device is None
    if device is None:
        device = unconfirmed_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.token):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            "The security code is not right or has expired. Try the newest code"
            if allowed
            else "Too many wrong codes. Wait a minute and try again",
        )
    context = {
        "form": form,
        "setting_up": setting_up,
        "next": _next_url(request),
        "demo_code": demo_code(device),
    }
    if setting_up:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            scale=4, dark="#0b0c0c", light="#ffffff", omitsize=False
        )
        context["secret"] = _grouped_secret(device.config_url)
    return render(request, "staff/second_factor.html", context)


def _grouped_secret(config_url: str) -> str:
    secret = parse_qs(urlparse(config_url).query)["secret"][0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_not_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("staff:sign-in")
