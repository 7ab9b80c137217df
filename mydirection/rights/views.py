"""The data protection officer's subject access requests: the list with deadlines, recording
a request, and a request's page where the information is released and the request completed."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.actor import StaffActor
from mydirection.access.guard import consulted, person_for, requires
from mydirection.access.policy import Action, Capability, visible_to
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.rights import services
from mydirection.rights.forms import OpenRequestForm, ReleaseForm
from mydirection.rights.models import Release, ReleaseFormat, RequestStatus, SubjectAccessRequest
from mydirection.versioning import StaleEdit

RIGHTS = Capability.HANDLE_DATA_RIGHTS
WHAT = services.WHAT


@require_safe
@requires(RIGHTS)
def requests(request: StaffRequest) -> HttpResponse:
    """Open requests by deadline (the overdue first), then the completed ones. Names are not
    shown on the list: case references only, so the list itself opens no record."""
    found = list(
        SubjectAccessRequest.objects.filter(person__in=visible_to(request.user))
        .select_related("person")
        .annotate(released=Exists(Release.objects.filter(request=OuterRef("pk"))))
        .order_by("status", "due_on")
    )
    open_ones = [r for r in found if r.status == RequestStatus.OPEN]
    closed = [r for r in found if r.status != RequestStatus.OPEN][:50]
    # A case reference is personal data too: the list is a consultation of everyone on it.
    consulted(request.user, "Subject access requests", [r.person for r in open_ones + closed])
    return render(
        request,
        "rights/requests.html",
        {
            "open": open_ones,
            "closed": closed,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(RIGHTS)
def open_request(request: StaffRequest) -> HttpResponse:
    form = OpenRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["case_reference"].strip().upper()
        person = visible_to(request.user).filter(case_reference=reference).first()
        if person is None:
            form.add_error("case_reference", "No person has this case reference number")
        else:
            person, actor = person_for(request, person.pk, action=Action.SUBJECT_ACCESS, what=WHAT)
            try:
                opened = services.open_request(
                    actor=actor,
                    person=person,
                    received_on=form.cleaned_data["received_on"],
                    requester=form.cleaned_data["requester"],
                    identity_checked=form.cleaned_data["identity_checked"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, f"Request recorded. Answer it by {opened.due_on:%-d %B %Y}"
                )
                return redirect("rights:request", opened.pk)
    return render(request, "rights/open.html", {"form": form})


def _request(request: StaffRequest, sar_id: UUID) -> tuple[SubjectAccessRequest, StaffActor]:
    found = get_object_or_404(SubjectAccessRequest, pk=sar_id)
    person, actor = person_for(request, found.person_id, action=Action.SUBJECT_ACCESS, what=WHAT)
    found.person = person
    return found, actor


@require_safe
@requires(RIGHTS)
def request_page(request: StaffRequest, sar_id: UUID) -> HttpResponse:
    found, _ = _request(request, sar_id)
    return render(
        request,
        "rights/request.html",
        {
            "sar": found,
            "person": found.person,
            "held": services.summary(found),
            "releases": found.releases.select_related("by"),
            "formats": ReleaseFormat.choices,
            "today": timezone.localdate(),
        },
    )


@require_POST
@requires(RIGHTS)
def release(request: StaffRequest, sar_id: UUID) -> HttpResponse:
    found, actor = _request(request, sar_id)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the form to download")
        return redirect("rights:request", found.pk)
    try:
        released = services.release(
            actor=actor,
            request=found,
            form=ReleaseFormat(form.cleaned_data["format"]),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rights:request", found.pk)
    response = HttpResponse(released.content, content_type=released.content_type)
    response["Content-Disposition"] = f'attachment; filename="{released.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@requires(RIGHTS)
def complete(request: StaffRequest, sar_id: UUID) -> HttpResponse:
    found, actor = _request(request, sar_id)
    try:
        services.complete(
            actor=actor,
            request=found,
            expected_version=int(request.POST.get("version", "0") or 0),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except StaleEdit:
        messages.error(request, "Someone else changed this request. Check it and try again")
    else:
        messages.success(request, "Request completed")
    return redirect("rights:request", found.pk)
