"""Pages of the strengths-based assessment. Each reaches the person through ``person_for``."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.guard import person_for
from mydirection.access.policy import Action
from mydirection.assessment import selectors, services
from mydirection.assessment.forms import AreaForm
from mydirection.assessment.models import AnsweredBy, AreaAnswer, area_from_slug
from mydirection.http import StaffRequest
from mydirection.language import suggest
from mydirection.people.models import Person
from mydirection.people.record import person_context
from mydirection.practice import Area
from mydirection.versioning import StaleEdit, with_current_version

TAB = "assessment:summary"


def _area(slug: str) -> Area:
    area = area_from_slug(slug)
    if area is None:
        raise Http404
    return area


def _question(person: Person, area: Area) -> str:
    return f"Does {person.known_as} want to make changes to their {area.label.lower()}?"


@require_safe
def summary(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Strengths assessment")
    context = person_context(person, actor, TAB) | {"rows": selectors.summary(person)}
    return render(request, "assessment/summary.html", context)


@require_http_methods(["GET", "POST"])
def area(request: StaffRequest, person_id: UUID, area: str) -> HttpResponse:
    chosen = _area(area)
    if request.method == "POST":
        person, actor = person_for(
            request, person_id, action=Action.EDIT, what="Answer a strengths assessment area"
        )
    else:
        person, actor = person_for(request, person_id, what=f"Strengths assessment: {chosen.label}")
    versions = list(selectors.area_history(person, chosen))
    latest = versions[0] if versions else None
    current_version = latest.number if latest else 0
    form = AreaForm(
        request.POST if request.method == "POST" else None,
        initial=AreaForm.initial_from(latest, current_version),
        question=_question(person, chosen),
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_area(
                person=person,
                area=chosen,
                answers=form.answers(),
                expected_version=form.cleaned_data["version"] or 0,
                actor=actor,
            )
        except StaleEdit:
            # Keep what they typed; tell them the answers moved on (see the versions below).
            stale = True
            form = AreaForm(
                with_current_version(request, current_version), question=_question(person, chosen)
            )
        else:
            messages.success(request, f"{chosen.label} saved as a new version")
            data = form.cleaned_data
            # The person's own words (answered alone) get no wording hints.
            if data["answered_by"] != AnsweredBy.PERSON:
                suggest(
                    request, data["strengths"], data["harm_details"], data["reoffending_details"]
                )
            return redirect("assessment:summary", person.pk)
    context = person_context(person, actor, TAB) | {
        "area": chosen,
        "form": form,
        "versions": versions,
        "stale": stale,
    }
    return render(request, "assessment/area.html", context)


@require_safe
def version(request: StaffRequest, person_id: UUID, area: str, area_version: int) -> HttpResponse:
    chosen = _area(area)
    person, actor = person_for(
        request, person_id, what=f"Strengths assessment: {chosen.label}, earlier version"
    )
    answer = get_object_or_404(
        AreaAnswer.objects.select_related("recorded_by"),
        person=person,
        area=chosen,
        number=area_version,
    )
    latest = selectors.latest_number(person, chosen)
    context = person_context(person, actor, TAB) | {
        "area": chosen,
        "answer": answer,
        "latest": latest,
        "question": _question(person, chosen),
    }
    return render(request, "assessment/version.html", context)


@require_safe
def history(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Strengths assessment history")
    context = person_context(person, actor, TAB) | {"versions": selectors.history(person)}
    return render(request, "assessment/history.html", context)
