"""The data protection officer's pages: subject access requests (the list with deadlines,
recording a request, and a request's page where the information is released and the request
completed); erasure reviews (the list the daily run fills, a review's page where it is
confirmed or held, and the erasure); and requests to correct the record."""

from datetime import date
from typing import Any
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
from mydirection.people.models import Person
from mydirection.rights import rectification, retention, services
from mydirection.rights.forms import (
    CorrectionDecisionForm,
    OpenCorrectionForm,
    OpenRequestForm,
    ReleaseForm,
    ReviewDecisionForm,
)
from mydirection.rights.models import (
    UNFINISHED,
    ErasureReview,
    RectificationRequest,
    Release,
    ReleaseFormat,
    RequestStatus,
    ReviewStatus,
    SubjectAccessRequest,
)
from mydirection.rights.subject_access import SOURCES
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


def _person_by_reference(
    request: StaffRequest, form: Any, action: Action, what: str
) -> tuple[Person, StaffActor] | None:
    """The person a request is about, by the case reference typed on ``form``, through the
    guard (which logs the consultation); None, with the message by the field, if there is
    no such person the officer may reach."""
    reference = form.cleaned_data["case_reference"].strip().upper()
    person = visible_to(request.user).filter(case_reference=reference).first()
    if person is None:
        form.add_error("case_reference", "No person has this case reference number")
        return None
    return person_for(request, person.pk, action=action, what=what)


def _recorded(request: StaffRequest, due_on: date, page: str, pk: UUID) -> HttpResponse:
    messages.success(request, f"Request recorded. Answer it by {due_on:%-d %B %Y}")
    return redirect(page, pk)


@require_http_methods(["GET", "POST"])
@requires(RIGHTS)
def open_request(request: StaffRequest) -> HttpResponse:
    form = OpenRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        found = _person_by_reference(request, form, Action.SUBJECT_ACCESS, WHAT)
        if found is not None:
            person, actor = found
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
                return _recorded(request, opened.due_on, "rights:request", opened.pk)
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


# --- Retention: the data protection officer's review list, a review, and the erasure ------

ERASURE = retention.WHAT


@require_safe
@requires(RIGHTS)
def reviews(request: StaffRequest) -> HttpResponse:
    """Reviews waiting for a decision, confirmed and held, by the day the records were due to
    go; then the latest erasures (their people are shells: nothing of them is shown)."""
    waiting = list(
        ErasureReview.objects.filter(
            status__in=UNFINISHED, person__in=visible_to(request.user)
        ).select_related("person")
    )
    erased = list(
        ErasureReview.objects.filter(status=ReviewStatus.ERASED)
        .select_related("erased_by")
        .order_by("-erased_at")[:50]
    )
    consulted(request.user, "Erasure reviews", [review.person for review in waiting])
    by_status = {status: [r for r in waiting if r.status == status] for status in UNFINISHED}
    return render(
        request,
        "rights/reviews.html",
        {
            "proposed": by_status[ReviewStatus.PROPOSED],
            "confirmed": by_status[ReviewStatus.CONFIRMED],
            "held": by_status[ReviewStatus.HELD],
            "erased": erased,
            "schedule": retention.periods().values(),
        },
    )


def _review(request: StaffRequest, review_id: UUID) -> tuple[ErasureReview, StaffActor]:
    found = get_object_or_404(
        ErasureReview.objects.exclude(status=ReviewStatus.ERASED), pk=review_id
    )
    person, actor = person_for(request, found.person_id, action=Action.ERASE, what=ERASURE)
    found.person = person
    return found, actor


def _review_page(
    request: StaffRequest, found: ErasureReview, form: ReviewDecisionForm
) -> HttpResponse:
    period = retention.periods().get(found.record_type)
    return render(
        request,
        "rights/review.html",
        {
            "review": found,
            "person": found.person,
            "period": period,
            "held": services.held_about(found.person),
            "form": form,
        },
    )


@require_safe
@requires(RIGHTS)
def review_page(request: StaffRequest, review_id: UUID) -> HttpResponse:
    erased = ErasureReview.objects.filter(pk=review_id, status=ReviewStatus.ERASED).first()
    if erased is not None:
        # Nobody's record any more: what was erased, when and by whom.
        titles = {source.label: source.title for source in SOURCES}
        done = [(titles.get(label, label), counts) for label, counts in erased.erased_rows.items()]
        return render(
            request,
            "rights/erased.html",
            {
                "review": erased,
                "period": retention.periods().get(erased.record_type),
                "done": sorted(done, key=lambda row: row[0]),
            },
        )
    found, _ = _review(request, review_id)
    return _review_page(request, found, ReviewDecisionForm())


@require_POST
@requires(RIGHTS)
def decide(request: StaffRequest, review_id: UUID) -> HttpResponse:
    found, actor = _review(request, review_id)
    form = ReviewDecisionForm(request.POST)
    decision = request.POST.get("decision")
    if decision not in ("confirm", "hold") or not form.is_valid():
        return redirect("rights:review", found.pk)
    act = retention.confirm if decision == "confirm" else retention.hold
    try:
        act(
            actor=actor,
            review=found,
            reason=form.cleaned_data["reason"],
            expected_version=int(request.POST.get("version", "0") or 0),
        )
    except ValidationError as error:
        add_errors(form, error)
        return _review_page(request, found, form)
    except StaleEdit:
        messages.error(request, "Someone else changed this review. Check it and try again")
        return redirect("rights:review", found.pk)
    done = "Confirmed for erasure" if decision == "confirm" else "Held: the records stay"
    messages.success(request, done)
    return redirect("rights:review", found.pk)


@require_POST
@requires(RIGHTS)
def erase(request: StaffRequest, review_id: UUID) -> HttpResponse:
    found, actor = _review(request, review_id)
    try:
        retention.erase(
            actor=actor,
            review=found,
            expected_version=int(request.POST.get("version", "0") or 0),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rights:review", found.pk)
    except StaleEdit:
        messages.error(request, "Someone else changed this review. Check it and try again")
        return redirect("rights:review", found.pk)
    messages.success(request, "The records were erased")
    return redirect("rights:review", found.pk)


# --- Rectification: requests to correct the record ----------------------------------------

CORRECTION = rectification.WHAT


@require_safe
@requires(RIGHTS)
def corrections(request: StaffRequest) -> HttpResponse:
    found = list(
        RectificationRequest.objects.filter(person__in=visible_to(request.user))
        .select_related("person")
        .order_by("status", "due_on")
    )
    open_ones = [r for r in found if r.status == RequestStatus.OPEN]
    closed = [r for r in found if r.status != RequestStatus.OPEN][:50]
    consulted(request.user, "Rectification requests", [r.person for r in open_ones + closed])
    return render(
        request,
        "rights/corrections.html",
        {"open": open_ones, "closed": closed, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@requires(RIGHTS)
def open_correction(request: StaffRequest) -> HttpResponse:
    form = OpenCorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        found = _person_by_reference(request, form, Action.RECTIFY, CORRECTION)
        if found is not None:
            person, actor = found
            try:
                opened = rectification.open_request(
                    actor=actor,
                    person=person,
                    received_on=form.cleaned_data["received_on"],
                    requester=form.cleaned_data["requester"],
                    what_is_wrong=form.cleaned_data["what_is_wrong"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return _recorded(request, opened.due_on, "rights:correction", opened.pk)
    return render(request, "rights/open_correction.html", {"form": form})


def _correction(
    request: StaffRequest, rectification_id: UUID
) -> tuple[RectificationRequest, StaffActor]:
    found = get_object_or_404(RectificationRequest, pk=rectification_id)
    person, actor = person_for(request, found.person_id, action=Action.RECTIFY, what=CORRECTION)
    found.person = person
    return found, actor


def _correction_page(
    request: StaffRequest,
    found: RectificationRequest,
    form: CorrectionDecisionForm,
) -> HttpResponse:
    return render(
        request,
        "rights/correction.html",
        {"correction": found, "person": found.person, "form": form, "today": timezone.localdate()},
    )


@require_safe
@requires(RIGHTS)
def correction(request: StaffRequest, rectification_id: UUID) -> HttpResponse:
    found, _ = _correction(request, rectification_id)
    return _correction_page(request, found, CorrectionDecisionForm())


@require_POST
@requires(RIGHTS)
def decide_correction(request: StaffRequest, rectification_id: UUID) -> HttpResponse:
    found, actor = _correction(request, rectification_id)
    form = CorrectionDecisionForm(request.POST)
    if form.is_valid():
        try:
            rectification.decide(
                actor=actor,
                request=found,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["decision_reason"],
                expected_version=int(request.POST.get("version", "0") or 0),
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            messages.error(request, "Someone else changed this request. Check it and try again")
            return redirect("rights:correction", found.pk)
        else:
            messages.success(request, "Decision recorded and the request completed")
            return redirect("rights:correction", found.pk)
    return _correction_page(request, found, form)
