"""Pages of the person-centred tools. Each reaches the person through ``person_for``."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.guard import person_for
from mydirection.access.policy import Action
from mydirection.http import StaffRequest
from mydirection.language import suggest
from mydirection.people.record import person_context
from mydirection.person_centred import selectors, services
from mydirection.person_centred.forms import ToolForm, statement_formset
from mydirection.person_centred.models import SaidBy, tool_from_slug
from mydirection.person_centred.tools import SPECS, ToolSpec
from mydirection.practice import Tool
from mydirection.versioning import StaleEdit, with_current_version

TAB = "person_centred:index"


def _spec(slug: str) -> ToolSpec:
    tool = tool_from_slug(slug)
    if tool is None:
        raise Http404
    return SPECS[tool]


@require_safe
def index(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Person-centred tools")
    profile = selectors.current_profile(person)
    context = person_context(person, actor, TAB) | {
        "rows": selectors.index(person),
        "profile": profile,
        "profile_sections": selectors.sections(SPECS[Tool.ONE_PAGE_PROFILE], profile),
    }
    return render(request, "person_centred/index.html", context)


@require_safe
def tool(request: StaffRequest, person_id: UUID, tool: str) -> HttpResponse:
    spec = _spec(tool)
    person, actor = person_for(request, person_id, what=spec.tool.label)
    record = selectors.current(person, spec.tool)
    versions = list(selectors.versions(person, spec.tool))
    previous = (
        selectors.version(person, spec.tool, record.number - 1)
        if record and record.number > 1
        else None
    )
    context = person_context(person, actor, TAB) | {
        "spec": spec,
        "record": record,
        "sections": selectors.sections(spec, record),
        "versions": versions,
        "changes": selectors.changes(spec, previous, record) if previous and record else [],
    }
    return render(request, "person_centred/tool.html", context)


@require_http_methods(["GET", "POST"])
def edit(request: StaffRequest, person_id: UUID, tool: str) -> HttpResponse:
    spec = _spec(tool)
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what=f"Change {spec.tool.label}"
    )
    record = selectors.current(person, spec.tool)
    current_version = record.number if record else 0
    data = request.POST if request.method == "POST" else None
    form = ToolForm(
        data, initial={"notes": record.notes if record else "", "version": current_version}
    )
    formset = statement_formset(data, spec=spec, record=record, known_as=person.known_as)
    stale = False
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        statements = formset.statements()
        try:
            services.save_tool(
                person=person,
                tool=spec.tool,
                statements=statements,
                notes=form.cleaned_data["notes"],
                expected_version=form.cleaned_data["version"] or 0,
                actor=actor,
            )
        except StaleEdit:
            # Keep what they typed; tell them someone saved a newer version meanwhile.
            stale = True
            form = ToolForm(with_current_version(request, current_version))
        except services.ToolRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"{spec.tool.label} saved as a new version")
            # What the person said is in their own words: no wording hints on it.
            staff_words = [s.text for s in statements if s.said_by != SaidBy.PERSON]
            suggest(request, form.cleaned_data["notes"], *staff_words)
            return redirect("person_centred:tool", person.pk, spec.slug)
    groups = [
        (section, [f for f in formset.forms if f.section_key == section.key])
        for section in spec.sections
    ]
    context = person_context(person, actor, TAB) | {
        "spec": spec,
        "form": form,
        "formset": formset,
        "error_forms": [form, formset],
        "groups": groups,
        "stale": stale,
    }
    return render(request, "person_centred/edit.html", context)


@require_safe
def version(request: StaffRequest, person_id: UUID, tool: str, tool_version: int) -> HttpResponse:
    spec = _spec(tool)
    person, actor = person_for(request, person_id, what=f"{spec.tool.label}, earlier version")
    record = selectors.version(person, spec.tool, tool_version)
    if record is None:
        raise Http404
    previous = selectors.version(person, spec.tool, tool_version - 1) if tool_version > 1 else None
    context = person_context(person, actor, TAB) | {
        "spec": spec,
        "record": record,
        "sections": selectors.sections(spec, record),
        "previous": previous,
        "previous_sections": selectors.sections(spec, previous) if previous else [],
        "changes": selectors.changes(spec, previous, record),
        "latest": selectors.latest_number(person, spec.tool),
    }
    return render(request, "person_centred/version.html", context)
