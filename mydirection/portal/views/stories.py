"""Stories in the person's app (Community Reporting): a reporter on probation captures a
story and the consent the storyteller gave them; a storyteller sees each story they told,
what it was used for, and narrows or withdraws their consent.

The capture and withdrawal call the staff's own services with the person as the actor
(``cocreation.services.app``, ``stories.withdraw``); the story then waits for the staff's risk
screen before any use. Pages 404 for anyone who is neither a reporter nor the storyteller.
Every page is logged (``portal_view``) and every change by its service.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.cocreation import app_rules, app_selectors, rules, selectors
from mydirection.cocreation.models import Consent, Story
from mydirection.cocreation.services import app, stories
from mydirection.portal.forms_stories import CaptureForm, NarrowForm, WithdrawStoryForm
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.versioning import attempt, with_current_version


def _told(request: PortalRequest, story_id: UUID) -> Story:
    found = app_selectors.told_story(request.person, story_id)
    if found is None:
        raise Http404
    return found


@require_safe
@portal_view("App: stories")
def home(request: PortalRequest) -> HttpResponse:
    reporter = app_selectors.app_reporter(request.person)
    told = list(app_selectors.told_by(request.person))
    if reporter is None and not told:
        raise Http404
    counts = app_selectors.used_counts(told)
    return render(
        request,
        "portal/stories/home.html",
        {
            "reporter": reporter,
            "refusal": reporter
            and rules.capture_refusal(trained_on=reporter.trained_on, active=reporter.active),
            "captured": list(app_selectors.captured_by(request.person)) if reporter else [],
            "told": [(s, selectors.consent_of(s), counts[s.pk]) for s in told],
        },
    )


@require_http_methods(["GET", "POST"])
@portal_view("App: capture a story")
def capture(request: PortalRequest) -> HttpResponse:
    reporter = app_selectors.app_reporter(request.person)
    if reporter is None:
        raise Http404
    refusal = rules.capture_refusal(trained_on=reporter.trained_on, active=reporter.active)
    posted = request.method == "POST" and not refusal
    form = CaptureForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"record": True, "identification": "anonymous"},
    )
    if posted and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: app.capture(
                actor=request.actor,
                reporter=reporter,
                told_by=values["told_by"],
                storyteller_name=values["storyteller_name"],
                technique=values["technique"],
                title=values["title"],
                text=values["text"],
                transcript=values["transcript"],
                media=values["recording"] or None,
                consent=values,
            ),
        )
        if outcome.done:
            messages.success(
                request,
                "Thank you. The story and its consent are saved. Staff check it before it is used",
            )
            return redirect("portal:stories")
    return render(
        request,
        "portal/stories/capture.html",
        {"form": form, "refusal": refusal, "group": reporter.group},
    )


@require_safe
@portal_view("App: a story you told")
def told(request: PortalRequest, story_id: UUID) -> HttpResponse:
    found = _told(request, story_id)
    return render(
        request,
        "portal/stories/told.html",
        {
            "story": found,
            "consent": selectors.consent_of(found),
            "screened": selectors.screened(found),
            "uses": app_selectors.uses_of(found),
            "today": timezone.localdate(),
        },
    )


def _change_consent(
    request: PortalRequest,
    form: Form,
    held: Consent,
    call: Callable[[dict[str, Any]], object],
    done: str,
) -> tuple[HttpResponse | None, Form, bool]:
    """A consent change from a posted form (``call`` with its values): done, a message and
    back to the story; changed since the page was read, the form again with the stored
    version (``stale``); refused, the form with the service's messages."""
    if request.method != "POST" or not form.is_valid():
        return None, form, False
    outcome = attempt(form, lambda: call(form.cleaned_data))
    if outcome.done:
        messages.success(request, done)
        return redirect("portal:story", story_id=held.story_id), form, False
    if not outcome.stale:
        return None, form, False
    held.refresh_from_db()
    form = type(form)(with_current_version(request, held.version))
    form.is_valid()
    return None, form, True


def _held(story: Story) -> Consent:
    """The story's consent, while it is given (404 otherwise: nothing to change)."""
    held = selectors.consent_of(story)
    if held is None or held.withdrawn_at is not None:
        raise Http404
    return held


@require_http_methods(["GET", "POST"])
@portal_view("App: your consent to a story")
def narrow(request: PortalRequest, story_id: UUID) -> HttpResponse:
    found = _told(request, story_id)
    held = _held(found)
    current = {
        "analysis": held.analysis,
        "workshops": held.workshops,
        "channels": held.channels,
        "identification": held.identification,
        "expires_on": held.expires_on,
        "version": held.version,
    }
    response, form, stale = _change_consent(
        request,
        NarrowForm(request.POST if request.method == "POST" else None, initial=current),
        held,
        lambda values: app.narrow_consent(
            actor=request.actor,
            story=found,
            analysis=values["analysis"],
            workshops=values["workshops"],
            channels=values["channels"],
            identification=values["identification"],
            expires_on=values["expires_on"],
            expected_version=values["version"],
        ),
        "Your consent is changed. It applies from now on",
    )
    return response or render(
        request,
        "portal/stories/narrow.html",
        {"form": form, "story": found, "stale": stale, "wider": app_rules.WIDER},
    )


@require_http_methods(["GET", "POST"])
@portal_view("App: withdraw consent to a story")
def withdraw(request: PortalRequest, story_id: UUID) -> HttpResponse:
    found = _told(request, story_id)
    held = _held(found)
    response, form, stale = _change_consent(
        request,
        WithdrawStoryForm(
            request.POST if request.method == "POST" else None, initial={"version": held.version}
        ),
        held,
        lambda values: stories.withdraw(
            actor=request.actor,
            story=found,
            reason=values["reason"],
            expected_version=values["version"],
        ),
        "Your consent is withdrawn. Your story will not be used again, and staff are told to "
        "take it out of what already used it",
    )
    return response or render(
        request, "portal/stories/withdraw.html", {"form": form, "story": found, "stale": stale}
    )
