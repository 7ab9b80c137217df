"""The reporter's pages: their stories, capturing one, its consent (taken by someone who is
not the storyteller's case manager), withdrawal, the risk screen and redactions. Every page
showing a story is logged about the storyteller when they are a person on probation."""

from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access import guard
from mydirection.access.policy import stories_of, visible_to
from mydirection.cocreation import rules, selectors
from mydirection.cocreation.forms import (
    CaptureForm,
    ConsentForm,
    RedactForm,
    ScreenForm,
    WithdrawForm,
)
from mydirection.cocreation.models import StorytellerRole
from mydirection.cocreation.services import stories
from mydirection.cocreation.views.common import (
    actor,
    curates,
    data,
    files,
    form_page,
    groups,
)
from mydirection.http import StaffRequest
from mydirection.uploads.serving import response
from mydirection.versioning import attempt, with_current_version

# The same answer whether the reference does not exist or names someone whose record the
# reporter may not open (a volunteer opens none): only staff who work with the person link
# a story to them, and nobody learns from this page whether a reference exists.
NOT_LINKED = (
    "Enter the case reference of a person on probation at this office whose record you can "
    "open. If you cannot open their record, ask their case manager or a colleague in their "
    "team to capture the story with you"
)


@require_safe
def home(request: StaffRequest) -> HttpResponse:
    reach = groups(request)
    shown = list(selectors.stories_in(stories_of(request.user)))
    guard.stories_consulted(request, "Stories", shown)
    reporter = selectors.reporter_of(request.user.pk, [g.pk for g in reach])
    rows = [
        (
            story,
            selectors.consent_of(story),
            selectors.screened(story),
            selectors.storyteller_shown(story),
        )
        for story in shown
    ]
    return render(
        request,
        "cocreation/home.html",
        {"groups": reach, "rows": rows, "reporter": reporter, "curates": curates(request)},
    )


@require_http_methods(["GET", "POST"])
def capture(request: StaffRequest) -> HttpResponse:
    reach = groups(request)
    reporter = selectors.reporter_of(request.user.pk, [g.pk for g in reach])
    if reporter is None:
        raise Http404
    refusal = rules.capture_refusal(trained_on=reporter.trained_on, active=reporter.active)
    form = CaptureForm(data(request), files(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        person = None
        if values["storyteller_role"] == StorytellerRole.PERSON:
            person = selectors.storyteller_by_reference(
                reporter.group, values["case_reference"], among=visible_to(request.user)
            )
            if person is None:
                form.add_error("case_reference", NOT_LINKED)
        if not form.errors:
            outcome = attempt(
                form,
                lambda: stories.capture(
                    actor=actor(request),
                    reporter=reporter,
                    technique=values["technique"],
                    storyteller_role=values["storyteller_role"],
                    storyteller_person=person,
                    storyteller_name=values["storyteller_name"],
                    title=values["title"],
                    text=values["text"],
                    transcript=values["transcript"],
                    media=values["recording"] or None,
                ),
            )
            if outcome.done:
                messages.success(request, "The story is saved. Now record the consent")
                return redirect("cocreation:consent", story_id=outcome.value.pk)
    return form_page(
        request,
        form,
        heading="Capture a story",
        caption=reporter.group.name,
        button="" if refusal else "Save the story",
        back=reverse("cocreation:home"),
        back_text="Back to stories",
        refusal=refusal,
        multipart=True,
    )


@require_safe
def story(request: StaffRequest, story_id: UUID) -> HttpResponse:
    found, _ = guard.story_for(request, story_id, what="Story")
    return render(
        request,
        "cocreation/story.html",
        {
            "story": found,
            "consent": selectors.consent_of(found),
            "screened": selectors.screened(found),
            "storyteller": selectors.storyteller_shown(found),
            "redacted": selectors.redacted_transcript(found),
            "redactions": found.redactions.select_related("by"),
            "highlights": selectors.highlights_of(found),
            "curates": curates(request),
            "uses": [
                (use.value, selectors.why_not_usable(found, use))
                for use in (rules.Use.ANALYSIS, rules.Use.WORKSHOP)
            ],
        },
    )


@require_safe
def recording(request: StaffRequest, story_id: UUID) -> FileResponse:
    found, story_actor = guard.story_for(request, story_id, what="Story recording")
    if found.media is None:
        raise Http404
    return response(actor=story_actor, stored=found.media, what="Story recording")


def _back(story_id: UUID) -> str:
    return reverse("cocreation:story", kwargs={"story_id": story_id})


@require_http_methods(["GET", "POST"])
def consent(request: StaffRequest, story_id: UUID) -> HttpResponse:
    found, story_actor = guard.story_for(request, story_id, what="Story consent")
    if selectors.consent_of(found) is not None:
        messages.info(request, "Consent is already recorded for this story")
        return redirect("cocreation:story", story_id=found.pk)
    form = ConsentForm(data(request), initial={"record": True, "identification": "anonymous"})
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form, lambda: stories.take_consent(actor=story_actor, story=found, **form.cleaned_data)
        )
        if outcome.done:
            messages.success(request, "Consent is recorded")
            return redirect("cocreation:story", story_id=found.pk)
    return form_page(
        request,
        form,
        heading="Record the storyteller's consent",
        caption=found.title,
        intro="Walk them through each layer. You take the consent: you cannot if you are "
        "their case manager. They may withdraw at any time.",
        button="Record consent",
        back=_back(found.pk),
        back_text="Back to the story",
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: StaffRequest, story_id: UUID) -> HttpResponse:
    found, story_actor = guard.story_for(request, story_id, what="Story consent")
    held = selectors.consent_of(found)
    if held is None or held.withdrawn_at is not None:
        raise Http404
    form = WithdrawForm(data(request), initial={"version": held.version})
    stale = False
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: stories.withdraw(
                actor=story_actor,
                story=found,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if outcome.done:
            messages.success(
                request,
                "Consent is withdrawn. The story is left out of everything from now on, and "
                "insights that used it are flagged",
            )
            return redirect("cocreation:story", story_id=found.pk)
        if outcome.stale:
            held.refresh_from_db()
            form = WithdrawForm(with_current_version(request, held.version))
            form.is_valid()
            stale = True
    return form_page(
        request,
        form,
        heading="Withdraw consent",
        caption=found.title,
        intro="The story will not be used again. Insights and workshops that used it are "
        "flagged so that their owners can take it out.",
        button="Withdraw consent",
        warning=True,
        stale=stale,
        back=_back(found.pk),
        back_text="Back to the story",
    )


@require_http_methods(["GET", "POST"])
def screen(request: StaffRequest, story_id: UUID) -> HttpResponse:
    found, story_actor = guard.story_for(request, story_id, what="Story risk screen")
    form = ScreenForm(data(request))
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form, lambda: stories.screen(actor=story_actor, story=found, **form.cleaned_data)
        )
        if outcome.done:
            if outcome.value.passed:
                messages.success(request, "The story passed the risk screen")
            else:
                messages.warning(
                    request, "The story did not pass the risk screen: it cannot be used"
                )
            return redirect("cocreation:story", story_id=found.pk)
    return form_page(
        request,
        form,
        heading="Risk screen",
        caption=found.title,
        intro="Before any use. Tick each only if it is true; redact names and details first.",
        button="Save the risk screen",
        back=_back(found.pk),
        back_text="Back to the story",
        transcript=selectors.redacted_transcript(found),
    )


@require_http_methods(["GET", "POST"])
def redact(request: StaffRequest, story_id: UUID) -> HttpResponse:
    found, story_actor = guard.story_for(request, story_id, what="Story redaction")
    form = RedactForm(data(request), initial={"replacement": "[name removed]"})
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form, lambda: stories.redact(actor=story_actor, story=found, **form.cleaned_data)
        )
        if outcome.done:
            messages.success(request, "The words are removed from every output")
            return redirect("cocreation:story", story_id=found.pk)
    return form_page(
        request,
        form,
        heading="Remove words from the transcript",
        caption=found.title,
        button="Remove the words",
        back=_back(found.pk),
        back_text="Back to the story",
        transcript=selectors.redacted_transcript(found),
    )
