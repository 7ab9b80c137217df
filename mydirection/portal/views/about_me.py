"""About me in the app (/my/about-me/): the person's one-page profile. They add to it in their
own words and confirm or correct what was written about them (``portal.services.profile``).
Statements are looked up in the person's own profile: another person's ids give 404."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.person_centred import selectors
from mydirection.person_centred.models import Statement
from mydirection.person_centred.services import ToolRefused
from mydirection.person_centred.tools import SPECS
from mydirection.portal import selectors as portal_selectors
from mydirection.portal.services import profile
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.versioning import StaleEdit, with_current_version

SPEC = SPECS[profile.PROFILE]
# The sections in the app's words (the profile's own headings are already first person).
SECTION_CHOICES = [(s.key, s.label) for s in SPEC.sections]


def _my_words(label: str, *, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="Use your own words",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": required, "max_length": "Use 500 letters or less"},
    )


class AddForm(forms.Form):
    section = forms.ChoiceField(
        label="Where does it go?",
        choices=SECTION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where it goes", "invalid_choice": "Choose one"},
    )
    text = _my_words("What do you want to say?", required="Write what you want to say")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CorrectForm(forms.Form):
    text = _my_words("What is wrong? What should it say?", required="Say what is wrong")
    tell = forms.BooleanField(label="Send this to my case manager as a message too", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _page(request: PortalRequest, **extra: Any) -> dict[str, Any]:
    record = selectors.current_profile(request.person)
    return {
        "person": request.person,
        "record": record,
        "version": record.number if record else 0,
        "sections": selectors.sections(SPEC, record),
    } | extra


def _statement(request: PortalRequest, statement_id: UUID) -> Statement:
    """A statement of any version of the person's own profile; anyone else's is a 404."""
    found = portal_selectors.my_statement(request.person, statement_id)
    if found is None:
        raise Http404
    return found


@require_safe
@portal_view("App: about me")
def about_me(request: PortalRequest) -> HttpResponse:
    return render(request, "portal/about_me.html", _page(request))


@require_http_methods(["GET", "POST"])
@portal_view("App: add to about me")
def add(request: PortalRequest) -> HttpResponse:
    context = _page(request)
    posting = request.method == "POST"
    form = AddForm(request.POST if posting else None, initial={"version": context["version"]})
    stale = False
    if posting and form.is_valid():
        try:
            profile.add_my_words(
                actor=request.actor,
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale = True
            form = _keep(AddForm, request, context["version"])
        except ToolRefused as problem:
            form.add_error("text", str(problem))
        else:
            messages.success(request, "Added to About me")
            return redirect("portal:about-me")
    return render(request, "portal/about_me_add.html", context | {"form": form, "stale": stale})


def _keep(form_class: type[forms.Form], request: PortalRequest, version: int) -> Any:
    """After a clash: the person's words stay, against what the page says now."""
    return form_class(with_current_version(request, version))


@require_POST
@portal_view("App: confirm about me")
def confirm(request: PortalRequest, statement_id: UUID) -> HttpResponse:
    _statement(request, statement_id)  # another person's statement is a 404
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return redirect("portal:about-me")
    try:
        profile.confirm_statement(
            actor=request.actor,
            statement_id=statement_id,
            expected_version=form.cleaned_data["version"],
        )
    except (profile.NotFound, StaleEdit):
        messages.info(request, "Your About me page changed. Check it and try again")
    else:
        messages.success(request, "Thank you. You said this is right")
    return redirect("portal:about-me")


@require_http_methods(["GET", "POST"])
@portal_view("App: correct about me")
def correct(request: PortalRequest, statement_id: UUID) -> HttpResponse:
    context = _page(request)
    statement = _statement(request, statement_id)
    record = context["record"]
    # A statement of an older version: the page changed since the person opened it.
    stale = record is None or statement.record_id != record.pk
    posting = request.method == "POST" and not stale
    form = CorrectForm(
        request.POST if request.method == "POST" else None,
        initial={"version": context["version"]},
    )
    if posting and form.is_valid():
        try:
            profile.correct_statement(
                actor=request.actor,
                statement_id=statement_id,
                correction=form.cleaned_data["text"],
                tell_case_manager=form.cleaned_data["tell"],
                expected_version=form.cleaned_data["version"],
            )
        except (StaleEdit, profile.NotFound):
            stale = True
            form = _keep(CorrectForm, request, context["version"])
        except ToolRefused as problem:
            form.add_error("text", str(problem))
        else:
            messages.success(request, "Thank you. Your words are on your About me page")
            return redirect("portal:about-me")
    context |= {"form": form, "stale": stale, "statement": statement}
    return render(request, "portal/about_me_correct.html", context)
