"""The small form page the staff apps show: a heading, a form (or a confirmation) and a way
back. Each app gives its own template (its layout); the context is the same everywhere."""

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

from mydirection.http import StaffRequest


def form_page(
    request: StaffRequest,
    form: forms.Form | None,
    *,
    template: str,
    heading: str,
    button: str,
    back: str,
    back_text: str = "Back",
    caption: str = "",
    intro: str = "",
    stale: bool = False,
    **extra: Any,
) -> HttpResponse:
    context = {
        "form": form,
        "heading": heading,
        "button": button,
        "back": back,
        "back_text": back_text,
        "caption": caption,
        "intro": intro,
        "stale": stale,
    } | extra
    return render(request, template, context)
