"""The case manager's volunteering pages of a person's record (the Interventions tab's
Volunteering panel links here): talking about volunteering with the person, recorded as their
readiness (``services.mentoring.record_readiness``; where the order stands is worked out, not
typed), and, once they are ready, putting them forward as a volunteer to their team's office
(``services.vetting.apply``). Each reaches the person through ``person_for`` (logged)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mydirection.access.guard import person_for
from mydirection.access.policy import Action
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.people.record import person_context
from mydirection.volunteering import rules
from mydirection.volunteering.models import Pathway, ReadinessOutcome, Volunteer
from mydirection.volunteering.record.forms import PutForwardForm, ReadinessForm
from mydirection.volunteering.record.selectors import latest_readiness
from mydirection.volunteering.services import mentoring, vetting

TAB = "interventions:person"


def _data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def talk(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Talk about volunteering"
    )
    latest = latest_readiness(person)
    initial = {"pathway": latest.pathway if latest else Pathway.TAKING_PART}
    form = ReadinessForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            readiness = mentoring.record_readiness(actor=actor, person=person, **form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            if readiness.outcome == ReadinessOutcome.READY:
                messages.success(
                    request,
                    f"Recorded: {person.known_as} is ready to volunteer. You can put them "
                    "forward now",
                )
            else:
                messages.success(request, "Recorded: not yet")
            return redirect(TAB, person.pk)
    today = timezone.localdate()
    context = person_context(person, actor, TAB) | {
        "form": form,
        "latest": latest,
        "order_position": rules.order_position(mentoring.order_end(person, today), today),
    }
    return render(request, "volunteering/record/talk.html", context)


@require_http_methods(["GET", "POST"])
def put_forward(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Put forward as a volunteer"
    )
    latest = latest_readiness(person)
    existing = Volunteer.objects.filter(person=person).select_related("office").first()
    office = person.team.office if person.team else None
    ready = latest is not None and latest.outcome == ReadinessOutcome.READY
    may = ready and existing is None and office is not None
    form = PutForwardForm(_data(request), initial={"motivation": latest.wants if latest else ""})
    if request.method == "POST" and may and form.is_valid():
        assert office is not None  # noqa: S101 (checked in ``may``)
        try:
            vetting.apply(
                actor=actor,
                office=office,
                first_name=person.known_as,
                last_name=person.last_name,
                person=person,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"{person.known_as} is put forward as a volunteer. The volunteer coordinator "
                f"in {office.name} can see it now",
            )
            return redirect(TAB, person.pk)
    context = person_context(person, actor, TAB) | {
        "form": form,
        "latest": latest,
        "ready": ready,
        "existing": existing,
        "office": office,
        "may": may,
    }
    return render(request, "volunteering/record/put_forward.html", context)
