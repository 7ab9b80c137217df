from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.actor import StaffActor
from mydirection.access.guard import consulted, consulted_lists, person_for, requires
from mydirection.access.policy import Action, Capability, decide, limited_access_message, may
from mydirection.caseload import importing, selectors, services
from mydirection.caseload.forms import ImportCasesForm, ReallocateForm
from mydirection.caseload.models import Handover
from mydirection.caseload.rows import Row, rows
from mydirection.fund import selectors as fund_selectors
from mydirection.http import StaffRequest
from mydirection.interventions import selectors as intervention_selectors
from mydirection.people.forms import PersonForm
from mydirection.people.models import OrderType, Person, RiskLevel
from mydirection.people.record import person_context

PAGE_SIZE = 50


def _filters(request: StaffRequest) -> selectors.CaseloadFilters:
    sort = request.GET.get("sort", "name")
    return selectors.CaseloadFilters(
        text=request.GET.get("q", "")[:100],
        order_types=tuple(request.GET.getlist("order")),
        risk_levels=tuple(request.GET.getlist("risk")),
        flags=tuple(request.GET.getlist("flag")),
        case_manager_ids=tuple(request.GET.getlist("case_manager")),
        sort=sort.lstrip("-"),
        descending=sort.startswith("-"),
        status=request.GET.get("status", selectors.LIVE),
    )


class _Counted(Paginator[Row]):
    """A paginator told the count (the caseload page's query has it), not counting again."""

    def __init__(self, total: int) -> None:
        super().__init__([], PAGE_SIZE)
        self.total = total

    @cached_property
    def count(self) -> int:
        return self.total


def _page(
    request: StaffRequest, people: QuerySet[Person]
) -> tuple[Page[Row], selectors.CaseloadCounts]:
    """The page asked for (the first if ``page`` is not a number, the last if it is past the
    end) and the counts, in one query (three past the end)."""
    try:
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        number = 1
    found, counts = selectors.caseload_page(people, number, PAGE_SIZE)
    if not found and number > 1:
        counts = selectors.caseload_counts(people)
        number = _Counted(counts.total).num_pages
        found, _ = selectors.caseload_page(people, number, PAGE_SIZE)
    paginator = _Counted(counts.total)
    return Page(rows(found), number, paginator), counts


def _list_context(filters: selectors.CaseloadFilters) -> dict[str, Any]:
    return {
        "filters": filters,
        "order_choices": OrderType.choices,
        "risk_choices": RiskLevel.choices,
        "flag_choices": list(selectors.FLAGS.items()),
        "status_choices": list(selectors.STATUSES.items()),
    }


@require_safe
def home(request: StaffRequest) -> HttpResponse:
    """My caseload: the people I hold, sortable and filterable."""
    if not may(request.user, Capability.HOLD_CASELOAD):
        return render(request, "caseload/no_caseload.html")
    filters = _filters(request)
    page, counts = _page(request, selectors.my_caseload(request.user, filters))
    shown: list[tuple[str, Iterable[Person]]] = [
        ("My caseload", [row.person for row in page.object_list])
    ]
    context = _list_context(filters) | {"page": page, "counts": counts}
    if not request.htmx:
        caseload = selectors.caseload_ids(request.user)
        attention = selectors.needs_attention(request.user, caseload)
        interests = list(intervention_selectors.interests_for(request.user, caseload))
        shown += [
            ("Needs attention", [item.person for item in attention.items]),
            ("Interested in an intervention", [interest.person for interest in interests]),
        ]
        context |= {"attention": attention, "interests": interests}
        if may(request.user, Capability.DECIDE_FUND_REQUESTS):
            context |= {"fund_requests_to_decide": fund_selectors.waiting_for(request.user).count()}
    # Every list's people at once: one write to the access log.
    consulted_lists(request.user, shown)
    template = "caseload/caseload.html#results" if request.htmx else "caseload/caseload.html"
    return render(request, template, context)


@require_safe
@requires(Capability.LEAD_A_TEAM)
def team(request: StaffRequest) -> HttpResponse:
    """The senior case manager's team: every case, who holds it, and the counts."""
    filters = _filters(request)
    page, counts = _page(request, selectors.team_caseload(request.user, filters))
    consulted(request.user, "Team caseload", [row.person for row in page.object_list])
    context = _list_context(filters) | {"page": page, "counts": counts}
    if not request.htmx:  # the filters' results leave the caption and the members as they are
        team, members = selectors.team_members_with_counts(request.user)
        context |= {"team": team, "members": members}
    template = "caseload/team.html#results" if request.htmx else "caseload/team.html"
    return render(request, template, context)


@require_safe
@requires(Capability.HOLD_CASELOAD)
def search(request: StaffRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    results = selectors.search(request.user, text)
    # Redacted rows show nothing of the person, so only the others are consultations.
    consulted(
        request.user,
        "Search results",
        [person for person in results if not limited_access_message(person)],
    )
    return render(request, "caseload/search.html", {"q": text, "results": results})


@require_http_methods(["GET", "POST"])
@requires(Capability.WORK_IN_A_TEAM)
def add_person(request: StaffRequest) -> HttpResponse:
    """Add a person to the user's team, allocated to them (they hold a caseload)."""
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = services.add_to_caseload(
            actor=StaffActor.about_no_person(request.user), details=form.details()
        )
        messages.success(request, f"{person.full_name} has been added to your caseload")
        return redirect("people:overview", person.pk)
    return render(request, "people/person_form.html", {"form": form, "adding": True})


@require_safe
def allocation(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Allocation history")
    context = person_context(person, actor, "caseload:allocation")
    finished = selectors.is_finished(person)
    context |= {
        "allocations": selectors.allocation_history(person),
        "continuity": selectors.continuity(person),
        "finished": finished,
        "may_reallocate": not finished and decide(request.user, person, Action.ALLOCATE).allowed,
    }
    return render(request, "caseload/allocation.html", context)


@require_http_methods(["GET", "POST"])
def reallocate(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.ALLOCATE, what="Reallocate the case"
    )
    form = ReallocateForm(
        request.POST if request.method == "POST" else None, person=person, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.allocate_or_reallocate(
                actor=actor,
                person=person,
                to=form.cleaned_data["case_manager"],
                reason=form.cleaned_data["reason"],
                handover=form.handover(),
            )
        except services.AllocationRefused as refusal:
            form.add_error("case_manager", str(refusal))
        else:
            new_holder = form.cleaned_data["case_manager"]
            messages.success(
                request, f"{person.full_name}'s case is now with {new_holder.display_name}"
            )
            if new_holder == request.user:
                return redirect("caseload:allocation", person.pk)
            if may(request.user, Capability.LEAD_A_TEAM):
                return redirect("caseload:team")
            return redirect("caseload:home")
    context = person_context(person, actor, "caseload:allocation") | {"form": form}
    # Said before the form is filled in; the service refuses a finished case either way.
    if selectors.is_finished(person):
        doing = "reallocated" if form.needs_handover else "allocated"
        context |= {"finished": services.FINISHED.format(doing)}
    return render(request, "caseload/reallocate.html", context)


@require_POST
def handover_read(request: StaffRequest, person_id: UUID, handover_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Handover")
    handover = get_object_or_404(
        Handover.objects.select_related("allocation"),
        pk=handover_id,
        allocation__person=person,
        allocation__case_manager=request.user,
    )
    services.mark_handover_read(actor=actor, handover=handover)
    messages.success(request, "Handover marked as read. You can find it again under Allocation")
    return redirect("people:overview", person.pk)


@require_http_methods(["GET", "POST"])
@requires(Capability.IMPORT_CASES)
def import_cases(request: StaffRequest) -> HttpResponse:
    """Upload a case-management extract: the problems by row beside the rows, or what was
    imported. The file is read and checked, never kept."""
    form = ImportCasesForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    result = None
    if request.method == "POST" and form.is_valid():
        result = importing.import_text(by=request.user, text=form.cleaned_data["file"])
    return render(
        request,
        "caseload/import_cases.html",
        {
            "form": form,
            "result": result,
            "error_rows": importing.error_rows(result) if result else [],
            "columns": importing.COLUMNS,
            "max_megabytes": importing.MAX_BYTES // (1024 * 1024),
        },
    )
