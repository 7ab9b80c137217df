from urllib.parse import parse_qs, urlparse
from uuid import UUID

import segno
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login

from mydirection.access.actor import StaffActor
from mydirection.access.guard import requires
from mydirection.access.policy import Capability
from mydirection.http import StaffRequest
from mydirection.staff import services
from mydirection.staff.auth import (
    before_second_factor,
    confirmed_device,
    demo_code,
    unconfirmed_device,
)
from mydirection.staff.forms import (
    CodeForm,
    PasswordChangeForm,
    SignInForm,
    StaffForm,
    StaffStatusForm,
    TrainingForm,
)
from mydirection.staff.models import User


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("start")


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
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
    form = CodeForm(request.POST if request.method == "POST" else None)
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


@require_safe
@requires(Capability.ADMINISTER_STAFF)
def staff_list(request: StaffRequest) -> HttpResponse:
    staff = (
        User.objects.select_related("team__office", "organisation")
        .prefetch_related("training")
        .order_by("team__office__name", "team__name", "last_name", "first_name")
    )
    return render(request, "staff/staff_list.html", {"staff": staff})


@require_http_methods(["GET", "POST"])
@requires(Capability.ADMINISTER_STAFF)
def add_staff(request: StaffRequest) -> HttpResponse:
    form = StaffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user, password = services.add_staff(
            actor=StaffActor.about_no_person(request.user), details=form.cleaned_data
        )
        # Shown once, here, and never stored in plain text.
        return render(request, "staff/staff_added.html", {"member": user, "password": password})
    return render(
        request,
        "staff/staff_form.html",
        {
            "form": form,
            "heading": "Add a member of staff",
            "button": "Add member of staff",
            "intro": "They get a temporary password to sign in with, and set up their "
            "authenticator app the first time they sign in.",
            "back_url": reverse("staff:list"),
            "back_text": "Back to staff",
        },
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.ADMINISTER_STAFF)
def change_staff(request: StaffRequest, user_id: UUID) -> HttpResponse:
    member = get_object_or_404(
        User.objects.select_related("team__office", "organisation"), pk=user_id
    )
    # The form writes what was typed onto its instance: keep the saved name for the page.
    name = member.display_name
    form = StaffForm(request.POST if request.method == "POST" else None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.change_staff(
            actor=StaffActor.about_no_person(request.user),
            user=member,
            changes={key: form.cleaned_data[key] for key in services.ACCOUNT_FIELDS},
        )
        messages.success(request, "Details saved")
        return redirect("staff:member", member.pk)
    return render(
        request,
        "staff/staff_form.html",
        {
            "form": form,
            "caption": name,
            "heading": "Change their details",
            "button": "Save",
            "back_url": reverse("staff:member", args=[member.pk]),
            "back_text": "Back",
        },
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.ADMINISTER_STAFF)
def staff_member(request: StaffRequest, user_id: UUID) -> HttpResponse:
    member = get_object_or_404(
        User.objects.select_related("team__office", "organisation"), pk=user_id
    )
    kind = request.POST.get("kind")
    status_form = StaffStatusForm(
        request.POST if kind == "status" else None, initial={"is_active": str(member.is_active)}
    )
    training_form = TrainingForm(request.POST if kind == "training" else None, prefix="training")
    if kind == "status" and status_form.is_valid():
        if member == request.user:
            status_form.add_error("is_active", "You cannot switch off your own account")
        else:
            services.change_staff(
                actor=StaffActor.about_no_person(request.user),
                user=member,
                changes={"is_active": status_form.cleaned_data["is_active"]},
            )
            messages.success(request, "Account updated")
            return redirect("staff:member", member.pk)
    if kind == "reset-authenticator":
        services.reset_authenticator(actor=StaffActor.about_no_person(request.user), user=member)
        messages.success(
            request, f"{member.display_name} will set up their authenticator app at next sign-in"
        )
        return redirect("staff:member", member.pk)
    if kind == "training" and training_form.is_valid():
        services.record_training(
            actor=StaffActor.about_no_person(request.user),
            user=member,
            course=training_form.cleaned_data["course"],
            completed_on=training_form.cleaned_data["completed_on"],
        )
        messages.success(request, "Training recorded")
        return redirect("staff:member", member.pk)
    context = {
        "member": member,
        "training": member.training.all(),
        "status_form": status_form,
        "training_form": training_form,
    }
    return render(request, "staff/staff_member.html", context)


@require_http_methods(["GET", "POST"])
def change_password(request: StaffRequest) -> HttpResponse:
    """Change one's own password. Every other session of the account ends."""
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Keeps this session; Django's session hash check ends all the others.
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has been changed")
        return redirect("start")
    return render(request, "staff/change_password.html", {"form": form})
