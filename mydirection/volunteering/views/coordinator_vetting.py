"""Each vetting step on a volunteer, a small form page of its own: references asked for and
received, a check asked for (levels offered only up to the role's) and its certificate
recorded (never its content), suitability for lived experience, training, the boundaries
agreement, giving and ending a role, on hold or leaving, supervision and wellbeing."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from mydirection.access.guard import requires
from mydirection.http import StaffRequest
from mydirection.versioning import attempt, with_current_version
from mydirection.volunteering import coordinator_selectors as selectors
from mydirection.volunteering import rules
from mydirection.volunteering.coordinator_forms import (
    BoundariesForm,
    CheckForm,
    CheckRoleForm,
    DecideCheckForm,
    GiveRoleForm,
    ReceiveReferenceForm,
    ReferenceForm,
    StageForm,
    SuitabilityForm,
    SupervisionForm,
    TrainingForm,
)
from mydirection.volunteering.models import (
    Check,
    CheckLevel,
    Decision,
    Placement,
    Reference,
    Role,
    Stage,
    Volunteer,
)
from mydirection.volunteering.services import vetting
from mydirection.volunteering.views.coordinator_common import (
    COORDINATE,
    actor,
    data,
    form_page,
    found,
    volunteer,
)


def _back(shown: Volunteer) -> dict[str, Any]:
    return {
        "back": reverse("volunteering:volunteer", args=[shown.pk]),
        "back_text": f"Back to {shown}",
        "caption": str(shown),
    }


def _done(request: StaffRequest, shown: Volunteer, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("volunteering:volunteer", shown.pk)


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def ask_reference(request: StaffRequest, volunteer_id: UUID) -> HttpResponse:
    shown = volunteer(request, volunteer_id, "Ask for a volunteer's reference")
    form = ReferenceForm(data(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: vetting.ask_reference(actor=actor(request), volunteer=shown, **values),
        )
        if outcome.done:
            return _done(request, shown, f"Reference from {values['referee']} asked for")
    return form_page(
        request,
        form,
        heading="Ask for a reference",
        intro=f"A volunteer needs {rules.REFERENCES_NEEDED} satisfactory references before a "
        "role. Record it here when you ask; record it again when it comes back.",
        button="Record that it was asked for",
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def receive_reference(
    request: StaffRequest, volunteer_id: UUID, reference_id: UUID
) -> HttpResponse:
    shown = volunteer(request, volunteer_id, "Record a volunteer's reference")
    reference = found(Reference.objects.filter(volunteer=shown, pk=reference_id).first())
    form = ReceiveReferenceForm(data(request))
    if request.method == "POST" and form.is_valid():
        satisfactory = form.cleaned_data["satisfactory"]
        outcome = attempt(
            form,
            lambda: vetting.receive_reference(
                actor=actor(request), reference=reference, satisfactory=satisfactory
            ),
        )
        if outcome.done:
            return _done(request, shown, f"Reference from {reference.referee} recorded")
    return form_page(
        request,
        form,
        heading=f"Reference from {reference.referee}",
        intro=f"{reference.relationship}. Asked for on {reference.requested_on:%-d %B %Y}.",
        button="Record the reference",
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def ask_check(request: StaffRequest, volunteer_id: UUID) -> HttpResponse:
    """First the role the check is for; then its level, offered only up to the role's."""
    shown = volunteer(request, volunteer_id, "Ask for a volunteer's check")
    roles = Role.objects.filter(active=True, check_level__gt=CheckLevel.NONE)
    chosen_id = request.POST.get("role") or request.GET.get("role") or ""
    role = roles.filter(pk=chosen_id).first() if _is_uuid(chosen_id) else None
    if role is None:
        picker = CheckRoleForm(request.GET if "role" in request.GET else None, roles=roles)
        picker.is_valid()
        return form_page(
            request,
            picker,
            heading="Ask for a criminal record check",
            intro="Choose the role first: a check can be asked for only up to the level the "
            "role is eligible for.",
            button="Continue",
            method="get",
            **_back(shown),
        )
    form = CheckForm(data(request), role=role)
    if request.method == "POST" and form.is_valid():
        level = form.cleaned_data["level"]
        outcome = attempt(
            form,
            lambda: vetting.request_check(
                actor=actor(request), volunteer=shown, role=role, level=level
            ),
        )
        if outcome.done:
            return _done(request, shown, f"{CheckLevel(level).label} asked for")
    return form_page(
        request,
        form,
        heading=f"Ask for a check for {role.name}",
        intro="Record it here when you send the application. When the certificate comes, "
        "record its number, date and your decision.",
        button="Record that it was asked for",
        **_back(shown),
    )


def _is_uuid(value: str) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def decide_check(request: StaffRequest, volunteer_id: UUID, check_id: UUID) -> HttpResponse:
    shown = volunteer(request, volunteer_id, "Record a volunteer's check")
    check = found(Check.objects.filter(volunteer=shown, pk=check_id).select_related("role").first())
    initial: dict[str, Any] = {"version": check.version}
    if check.decision != Decision.PENDING:
        initial |= {
            "certificate_number": check.certificate_number,
            "issued_on": check.issued_on,
            "update_service": "yes" if check.update_service else "no",
            "decision": check.decision,
        }
    form = DecideCheckForm(data(request), initial=initial)
    stale = False
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: vetting.decide_check(
                actor=actor(request),
                check=check,
                certificate_number=values["certificate_number"],
                issued_on=values["issued_on"],
                update_service=values["update_service"],
                decision=values["decision"],
                expected_version=values["version"] or 0,
            ),
        )
        if outcome.done:
            return _done(request, shown, "Check recorded")
        if outcome.stale:
            check.refresh_from_db()
            form = DecideCheckForm(with_current_version(request, check.version))
            form.is_valid()
            stale = True
    return form_page(
        request,
        form,
        heading=f"{check.get_level_display()} for {check.role.name}",
        intro="Record the certificate's number, its date of issue and your decision. Never "
        "record what the certificate says: look at it, decide, and record the decision only.",
        button="Save the check",
        stale=stale,
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def suitability(request: StaffRequest, volunteer_id: UUID) -> HttpResponse:
    shown = volunteer(request, volunteer_id, "A volunteer's suitability")
    form = SuitabilityForm(data(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: vetting.decide_suitability(actor=actor(request), volunteer=shown, **values),
        )
        if outcome.done:
            return _done(request, shown, "Suitability decision recorded")
    return form_page(
        request,
        form,
        heading="Suitability decision",
        intro="For a volunteer with lived experience of the justice system, a decision on "
        "the role's risks, separate from any criminal record check. Talk it through with "
        "their case manager if they are on probation.",
        button="Save the decision",
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def training(request: StaffRequest, volunteer_id: UUID) -> HttpResponse:
    shown = volunteer(request, volunteer_id, "A volunteer's training")
    form = TrainingForm(data(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form, lambda: vetting.record_training(actor=actor(request), volunteer=shown, **values)
        )
        if outcome.done:
            return _done(request, shown, "Training recorded")
    return form_page(request, form, heading="Record training", button="Save", **_back(shown))


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def boundaries(request: StaffRequest, volunteer_id: UUID) -> HttpResponse:
    shown = volunteer(request, volunteer_id, "A volunteer's boundaries agreement")
    form = BoundariesForm(data(request), initial={"version": shown.version})
    stale = False
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: vetting.agree_boundaries(
                actor=actor(request),
                volunteer=shown,
                on=values["on"],
                expected_version=values["version"] or 0,
            ),
        )
        if outcome.done:
            return _done(request, shown, "Boundaries agreement recorded")
        if outcome.stale:
            shown.refresh_from_db()
            form = BoundariesForm(with_current_version(request, shown.version))
            form.is_valid()
            stale = True
    return form_page(
        request,
        form,
        heading="Boundaries agreement",
        intro="The agreement covers confidentiality, contact outside sessions, gifts and "
        "money, and what to do with a worry. Record the day they signed it.",
        button="Save",
        stale=stale,
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def give_role(request: StaffRequest, volunteer_id: UUID) -> HttpResponse:
    """Choose a role; what stops it being given is shown in plain words before the button."""
    shown = volunteer(request, volunteer_id, "Give a volunteer a role")
    held = shown.placements.filter(ended_on__isnull=True).values("role_id")
    roles = Role.objects.filter(active=True).exclude(pk__in=held)
    source = request.POST if request.method == "POST" else request.GET
    form = GiveRoleForm(source if "role" in source else None, roles=roles)
    role = None
    refusals: list[str] = []
    if form.is_bound and form.is_valid():
        role = form.fields["role"].chosen(form.cleaned_data["role"])  # type: ignore[attr-defined]
        refusals = selectors.placement_refusals(shown, role)
        if request.method == "POST":
            outcome = attempt(
                form, lambda: vetting.give_role(actor=actor(request), volunteer=shown, role=role)
            )
            if outcome.done:
                return _done(request, shown, f"{shown.first_name} now has the role {role.name}")
    return form_page(
        request,
        form,
        heading="Give a role",
        button="Continue" if role is None else "" if refusals else f"Give the role {role.name}",
        method="post" if role else "get",
        role=role,
        refusals=refusals,
        template="volunteering/coordinator/give_role.html",
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def end_role(request: StaffRequest, volunteer_id: UUID, placement_id: UUID) -> HttpResponse:
    shown = volunteer(request, volunteer_id, "End a volunteer's role")
    placement = found(
        Placement.objects.filter(volunteer=shown, pk=placement_id, ended_on__isnull=True)
        .select_related("role")
        .first()
    )
    if request.method == "POST":
        vetting.end_role(actor=actor(request), placement=placement)
        return _done(request, shown, f"The role {placement.role.name} has ended")
    return form_page(
        request,
        None,
        heading=f"End the role {placement.role.name}",
        intro=f"{shown.first_name} has had this role since {placement.starts_on:%-d %B %Y}. "
        "Their sessions and hours in it stay on record.",
        button="End the role",
        warning=True,
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def stage(request: StaffRequest, volunteer_id: UUID) -> HttpResponse:
    shown = volunteer(request, volunteer_id, "A volunteer's stage")
    initial = {"version": shown.version}
    form = StageForm(data(request), initial=initial, current=shown.stage)
    stale = False
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: vetting.change_stage(
                actor=actor(request),
                volunteer=shown,
                stage=Stage(values["stage"]),
                reason=values["stage_reason"],
                on_hold_until=values["on_hold_until"],
                expected_version=values["version"] or 0,
            ),
        )
        if outcome.done:
            return _done(
                request, shown, f"{shown.first_name} is now {Stage(values['stage']).label.lower()}"
            )
        if outcome.stale:
            shown.refresh_from_db()
            form = StageForm(with_current_version(request, shown.version), current=shown.stage)
            form.is_valid()
            stale = True
    return form_page(
        request,
        form,
        heading="On hold, leaving or back",
        intro=f"{shown.first_name} is {shown.get_stage_display().lower()} now.",
        button="Save",
        stale=stale,
        **_back(shown),
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def supervision(request: StaffRequest, volunteer_id: UUID) -> HttpResponse:
    shown = volunteer(request, volunteer_id, "A volunteer's supervision")
    form = SupervisionForm(data(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        outcome = attempt(
            form,
            lambda: vetting.record_supervision(actor=actor(request), volunteer=shown, **values),
        )
        if outcome.done:
            return _done(request, shown, "Recorded")
    return form_page(
        request,
        form,
        heading="Supervision or wellbeing check-in",
        button="Save",
        **_back(shown),
    )
