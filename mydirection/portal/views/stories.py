"""Stories in the person's app (Community Reporting): a reporter on probation captures a
story and the consent the storyteller gave them; a storyteller sees each story they told,
what it was used for, and narrows or withdraws their consent.

The capture and withdrawal call the staff's own services with the person as the actor
(``cocreation.services.app``, ``stories.withdraw``); the story then waits for the staff's risk
screen before any use. Pages 404 for anyone who is neither a reporter nor the storyteller.
Every page is logged (``portal_view``) and every change by its service.
"""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.cocreation import app_rules, app_selectors, rules, selectors
from mydirection.cocreation.models import Story
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


@require_http_methods(["GET", "POST"])
@portal_view("App: your consent to a story")
def narrow(request: PortalRequest, story_id: UUID) -> HttpResponse:
    found = _told(request, story_id)
    held = selectors.consent_of(found)
    if held is None or held.withdrawn_at is not None:
        raise Http404
    current = {
        "analysis": held.analysis,
        "workshops": held.workshops,
        "channels": held.channels,
        "identification": held.identification,
        "expires_on": held.expires_on,
        "version": held.version,
    }
    form = NarrowForm(request.POST if request.method == "POST" else None, initial=current)
    stale = False
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: app.narrow_consent(
                actor=request.actor,
                story=found,
                analysis=values["analysis"],
                workshops=values["workshops"],
                channels=values["channels"],
                identification=values["identification"],
                expires_on=values["expires_on"],
                expected_version=values["version"],
            ),
        )
        if outcome.done:
            messages.success(request, "Your consent is changed. It applies from now on")
            return redirect("portal:story", story_id=found.pk)
        if outcome.stale:
            held.refresh_from_db()
            form = NarrowForm(with_current_version(request, held.version))
            form.is_valid()
            stale = True
    return render(
        request,
        "portal/stories/narrow.html",
        {"form": form, "story": found, "stale": stale, "wider": app_rules.WIDER},
    )


@require_http_methods(["GET", "POST"])
@portal_view("App: withdraw consent to a story")
def withdraw(request: PortalRequest, story_id: UUID) -> HttpResponse:
    found = _told(request, story_id)
    held = selectors.consent_of(found)
    if held is None or held.withdrawn_at is not None:
        raise Http404
    form = WithdrawStoryForm(
        request.POST if request.method == "POST" else None, initial={"version": held.version}
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: stories.withdraw(
                actor=request.actor,
                story=found,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if outcome.done:
            messages.success(
                request,
                "Your consent is withdrawn. Your story will not be used again, and staff are "
                "told to take it out of what already used it",
            )
            return redirect("portal:story", story_id=found.pk)
        if outcome.stale:
            held.refresh_from_db()
            form = WithdrawStoryForm(with_current_version(request, held.version))
            form.is_valid()
            stale = True
    return render(
        request, "portal/stories/withdraw.html", {"form": form, "story": found, "stale": stale}
    )
