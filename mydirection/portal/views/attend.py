"""I am here: the person enters the venue's code at /my/attend/ (the QR code opens it
prefilled) and is registered at the session. Staff run sessions in ``views/sessions.py``."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mydirection.portal.services import attendance
from mydirection.portal.session import PortalRequest, portal_view


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        help_text="It has 6 letters and numbers. Staff show it at the venue",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10",
                "autocapitalize": "characters",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the code"},
    )


@require_http_methods(["GET", "POST"])
@portal_view("App: I am here")
def attend(request: PortalRequest) -> HttpResponse:
    posting = request.method == "POST"
    form = CodeForm(
        request.POST if posting else None,
        initial={"code": attendance.normalise(request.GET.get("code", ""))[:12]},
    )
    if posting and form.is_valid():
        try:
            registered = attendance.register(person=request.person, code=form.cleaned_data["code"])
        except attendance.Refused as problem:
            form.add_error("code", str(problem))
        else:
            messages.success(
                request, f"Thank you. You are registered at {registered.session.title}"
            )
            return redirect("portal:attend")
    return render(request, "portal/attend.html", {"person": request.person, "form": form})
