"""The co-creation lead's pages: groups (reporters, their training, the best-practice guide,
themes, co-analysts), highlights and insights. Every quote shows its story and its consent
state; an insight whose story was withdrawn is flagged."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access import guard
from mydirection.access.guard import requires
from mydirection.access.policy import CAPABILITIES, Capability, curated_groups
from mydirection.cocreation import rules, selectors
from mydirection.cocreation.forms import (
    CoAnalystForm,
    GroupForm,
    GuideForm,
    HighlightForm,
    InsightForm,
    ReporterForm,
    ThemeForm,
    TrainingForm,
)
from mydirection.cocreation.models import Reporter
from mydirection.cocreation.services import curation, reporters
from mydirection.cocreation.views.common import (
    CURATE,
    actor,
    curated,
    data,
    form_page,
    found,
)
from mydirection.http import StaffRequest
from mydirection.staff.models import Office, User
from mydirection.versioning import attempt, latest_number_of, with_current_version


def _group_url(group_id: UUID) -> str:
    return reverse("cocreation:group", kwargs={"group_id": group_id})


@require_http_methods(["GET", "POST"])
@requires(CURATE)
def add_group(request: StaffRequest) -> HttpResponse:
    form = GroupForm(data(request))
    office = request.user.team.office if request.user.team else None
    offices = curated_groups(request.user).values_list("office", flat=True)
    chosen = office or Office.objects.filter(pk__in=offices).first() or Office.objects.first()
    if request.method == "POST" and form.is_valid() and chosen is not None:
        outcome = attempt(
            form,
            lambda: reporters.add_group(
                actor=actor(request), name=form.cleaned_data["name"], office=chosen
            ),
        )
        if outcome.done:
            messages.success(request, "The group is added")
            return redirect("cocreation:group", group_id=outcome.value.pk)
    return form_page(
        request,
        form,
        heading="Add a reporter group",
        button="Add the group",
        back=reverse("cocreation:home"),
        back_text="Back to stories",
    )


@require_safe
@requires(CURATE)
def group(request: StaffRequest, group_id: UUID) -> HttpResponse:
    shown = curated(request, group_id)
    members = list(shown.reporters.select_related("user", "person").order_by("added_at"))
    co_analysts = list(shown.co_analysts.select_related("person"))
    guard.cocreation_consulted(
        request,
        "Reporter group",
        [r.person_id for r in members] + [c.person_id for c in co_analysts],
    )
    guide = shown.guides.select_related("written_by").first()
    return render(
        request,
        "cocreation/group.html",
        {
            "group": shown,
            "reporters": members,
            "guide": guide,
            "themes": selectors.theme_tree(shown),
            "insights": [
                (insight, selectors.insight_flagged(insight))
                for insight in selectors.insights_of(type(shown).objects.filter(pk=shown.pk))
            ],
            "workshops": shown.workshops.order_by("-held_on"),
            "co_analysts": co_analysts,
        },
    )


@require_http_methods(["GET", "POST"])
@requires(CURATE)
def guide(request: StaffRequest, group_id: UUID) -> HttpResponse:
    shown = curated(request, group_id)
    current = shown.guides.first()
    version = latest_number_of(shown.guides.all())
    form = GuideForm(
        data(request), initial={"version": version, "text": current.text if current else ""}
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: reporters.write_guide(
                actor=actor(request),
                group=shown,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if outcome.done:
            messages.success(request, f"Version {outcome.value.number} of the guide is saved")
            return redirect("cocreation:group", group_id=shown.pk)
        if outcome.stale:
            form = GuideForm(with_current_version(request, latest_number_of(shown.guides.all())))
            form.is_valid()
            stale = True
    return form_page(
        request,
        form,
        heading="Best-practice guide",
        caption=shown.name,
        intro="The group's editorial policy, written together: what is safe to share, how "
        "consent is asked, what the group will not publish. Each save is a new version.",
        button="Save a new version",
        stale=stale,
        back=_group_url(shown.pk),
        back_text="Back to the group",
    )


def _accounts() -> list[User]:
    roles = [
        role for role, granted in CAPABILITIES.items() if Capability.CAPTURE_STORIES in granted
    ]
    return list(User.objects.filter(role__in=roles, is_active=True).order_by("first_name"))


@require_http_methods(["GET", "POST"])
@requires(CURATE)
def add_reporter(request: StaffRequest, group_id: UUID) -> HttpResponse:
    shown = curated(request, group_id)
    form = ReporterForm(data(request), accounts=_accounts())
    if request.method == "POST" and form.is_valid():
        person = None
        reference = form.cleaned_data["case_reference"]
        if reference:
            person = selectors.storyteller_by_reference(shown, reference)
            if person is None:
                form.add_error(
                    "case_reference",
                    "Enter the case reference of a person on probation at this office",
                )
        if not form.errors:
            outcome = attempt(
                form,
                lambda: reporters.add_reporter(
                    actor=actor(request),
                    group=shown,
                    user=form.chosen_account(),
                    person=person,
                ),
            )
            if outcome.done:
                messages.success(request, "The reporter is added. Record their training next")
                return redirect("cocreation:group", group_id=shown.pk)
    return form_page(
        request,
        form,
        heading="Add a Community Reporter",
        caption=shown.name,
        button="Add the reporter",
        back=_group_url(shown.pk),
        back_text="Back to the group",
    )


@require_http_methods(["GET", "POST"])
@requires(CURATE)
def training(request: StaffRequest, reporter_id: UUID) -> HttpResponse:
    reporter = found(
        Reporter.objects.select_related("group", "user", "person")
        .filter(group__in=curated_groups(request.user), pk=reporter_id)
        .first()
    )
    guard.cocreation_consulted(request, "Community Reporter", [reporter.person_id])
    form = TrainingForm(data(request))
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: reporters.record_training(
                actor=actor(request), reporter=reporter, **form.cleaned_data
            ),
        )
        if outcome.done:
            messages.success(request, "The training is recorded: they may capture stories")
            return redirect("cocreation:group", group_id=reporter.group_id)
    return form_page(
        request,
        form,
        heading="Responsible storytelling training",
        caption=str(reporter),
        button="Record the training",
        back=_group_url(reporter.group_id),
        back_text="Back to the group",
    )


@require_http_methods(["GET", "POST"])
@requires(CURATE)
def add_theme(request: StaffRequest, group_id: UUID) -> HttpResponse:
    shown = curated(request, group_id)
    form = ThemeForm(data(request), themes=shown.themes.filter(parent__isnull=True))
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: curation.add_theme(
                actor=actor(request),
                group=shown,
                name=form.cleaned_data["name"],
                parent=form.chosen_parent(),
            ),
        )
        if outcome.done:
            messages.success(request, f"The theme {outcome.value} is added")
            return redirect("cocreation:group", group_id=shown.pk)
    return form_page(
        request,
        form,
        heading="Add a theme",
        caption=shown.name,
        button="Add the theme",
        back=_group_url(shown.pk),
        back_text="Back to the group",
    )


@require_http_methods(["GET", "POST"])
@requires(CURATE)
def add_co_analyst(request: StaffRequest, group_id: UUID) -> HttpResponse:
    shown = curated(request, group_id)
    form = CoAnalystForm(data(request))
    if request.method == "POST" and form.is_valid():
        person = selectors.storyteller_by_reference(shown, form.cleaned_data["case_reference"])
        if person is None:
            form.add_error(
                "case_reference", "Enter the case reference of a person on probation at this office"
            )
        else:
            outcome = attempt(
                form,
                lambda: curation.add_co_analyst(actor=actor(request), group=shown, person=person),
            )
            if outcome.done:
                messages.success(request, "They can now analyse the group's excerpts in their app")
                return redirect("cocreation:group", group_id=shown.pk)
    return form_page(
        request,
        form,
        heading="Add a co-analyst",
        caption=shown.name,
        intro="A person on probation who analyses stories with you. In their app they see "
        "only consented, screened and redacted excerpts of this group.",
        button="Add the co-analyst",
        back=_group_url(shown.pk),
        back_text="Back to the group",
    )


@require_http_methods(["GET", "POST"])
@requires(CURATE)
def highlight(request: StaffRequest, story_id: UUID) -> HttpResponse:
    story, story_actor = guard.story_for(request, story_id, what="Story highlight")
    curated(request, story.group_id)
    form = HighlightForm(data(request), themes=selectors.themes_of(story.group))
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: curation.highlight(
                actor=story_actor,
                story=story,
                words=form.cleaned_data["words"],
                themes=form.chosen_themes(),
            ),
        )
        if outcome.done:
            messages.success(request, "The highlight is saved")
            return redirect("cocreation:story", story_id=story.pk)
    return form_page(
        request,
        form,
        heading="Highlight part of the story",
        caption=story.title,
        button="Save the highlight",
        back=reverse("cocreation:story", kwargs={"story_id": story.pk}),
        back_text="Back to the story",
        transcript=selectors.redacted_transcript(story),
        refusal=selectors.why_not_usable(story, rules.Use.ANALYSIS),
    )


@require_http_methods(["GET", "POST"])
@requires(CURATE)
def add_insight(request: StaffRequest, group_id: UUID) -> HttpResponse:
    shown = curated(request, group_id)
    offered = selectors.group_highlights(shown)
    guard.stories_consulted(request, "Highlights", [h.story for h in offered])
    form = InsightForm(data(request), highlights=offered)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: curation.add_insight(
                actor=actor(request),
                group=shown,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                highlights=form.chosen_highlights(),
            ),
        )
        if outcome.done:
            messages.success(request, "The insight is saved")
            return redirect("cocreation:insight", insight_id=outcome.value.pk)
    return form_page(
        request,
        form,
        heading="Add an insight",
        caption=shown.name,
        intro="What several stories say together. Highlights of withdrawn stories are not offered.",
        button="Save the insight",
        back=_group_url(shown.pk),
        back_text="Back to the group",
    )


@require_safe
@requires(CURATE)
def insight(request: StaffRequest, insight_id: UUID) -> HttpResponse:
    shown = found(selectors.insights_of(curated_groups(request.user)).filter(pk=insight_id).first())
    quotes = selectors.excerpts(shown.highlights.all(), rules.Use.ANALYSIS)
    guard.stories_consulted(request, "Insight", [q.story for q in quotes])
    return render(
        request,
        "cocreation/insight.html",
        {
            "insight": shown,
            "flagged": selectors.insight_flagged(shown),
            "quotes": quotes,
        },
    )
