"""The coordinator's home and their volunteers: the list by stage, adding one (the application)
and a volunteer's page. The vetting steps are in ``coordinator_vetting``; roles, sessions and
hours, expenses, peer mentoring and circles in their own modules.

Pages showing people on probation (a focus person, a mentee, a volunteer who is on probation)
log each as consulted with the relation ``volunteering``; other volunteers are not people on
probation and nothing is logged about them.
"""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access import guard
from mydirection.access.guard import requires
from mydirection.http import StaffRequest
from mydirection.staff.models import Office
from mydirection.versioning import attempt
from mydirection.volunteering import coordinator_selectors as selectors
from mydirection.volunteering import rules
from mydirection.volunteering.coordinator_forms import ApplicationForm
from mydirection.volunteering.models import Stage
from mydirection.volunteering.services import vetting
from mydirection.volunteering.views.coordinator_common import (
    COORDINATE,
    actor,
    data,
    form_page,
    office,
    volunteer,
)


@require_safe
@requires(COORDINATE)
def home(request: StaffRequest) -> HttpResponse:
    """What needs the coordinator, most urgent first: concerns at once."""
    office_id = office(request)
    found = selectors.home(office_id, request.user, timezone.now())
    guard.volunteering_consulted(request, "Volunteering home", found.people())
    hours, expenses = reverse("volunteering:hours"), reverse("volunteering:expenses")
    cards = [
        _card(found.hours, "entry of hours to approve", "entries of hours to approve", hours),
        _card(found.changes, "change to hours to decide", "changes to hours to decide", hours),
        _card(found.claims, "expense claim to decide", "expense claims to decide", expenses),
        _card(found.to_pay, "approved claim to pay", "approved claims to pay", expenses),
    ]
    context = {
        "home": found,
        "office": Office.objects.get(pk=office_id),
        "cards": cards,
        "stages": _stages(selectors.stage_counts(office_id)),
    }
    return render(request, "volunteering/coordinator/home.html", context)


def _card(count: int, one: str, many: str, href: str) -> dict[str, object]:
    return {"count": count, "label": one if count == 1 else many, "href": href, "warning": count}


def _stages(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """Each stage's value, label and number of volunteers."""
    return [(value, label, counts[value]) for value, label in Stage.choices]


@require_safe
@requires(COORDINATE)
def volunteer_list(request: StaffRequest) -> HttpResponse:
    office_id = office(request)
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        stage = ""
    shown = list(selectors.volunteers(office_id, stage))
    guard.volunteering_consulted(request, "Volunteers", [v.person_id for v in shown])
    context = {
        "volunteers": shown,
        "stage": stage,
        "stages": _stages(selectors.stage_counts(office_id)),
    }
    return render(request, "volunteering/coordinator/volunteers.html", context)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def add_volunteer(request: StaffRequest) -> HttpResponse:
    office_id = office(request)
    form = ApplicationForm(data(request), accounts=guard.volunteer_accounts())
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            form,
            lambda: vetting.apply(
                actor=actor(request), office=Office.objects.get(pk=office_id), **form.values()
            ),
        )
        if outcome.done:
            added = outcome.value
            messages.success(request, f"{added} has applied. Ask for their references next")
            return redirect("volunteering:volunteer", added.pk)
    return form_page(
        request,
        form,
        heading="Add a volunteer",
        caption="Their application",
        intro="A person on probation who volunteers is put forward by their case manager, "
        "from their record.",
        button="Add the volunteer",
        back=reverse("volunteering:volunteers"),
        back_text="Back to volunteers",
    )


@require_safe
@requires(COORDINATE)
def volunteer_page(request: StaffRequest, volunteer_id: UUID) -> HttpResponse:
    shown = volunteer(request, volunteer_id)
    page = selectors.volunteer_page(shown)
    context = {
        "page": page,
        "volunteer": shown,
        "vetting": vetting.vetting_of(shown),
        "references_needed": rules.REFERENCES_NEEDED,
        "supervision_overdue": page.next_supervision is not None
        and page.next_supervision < timezone.localdate(),
    }
    return render(request, "volunteering/coordinator/volunteer.html", context)
