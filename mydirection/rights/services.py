"""Subject access requests: opened with the date received (its deadline follows), released in
any of three forms (each a disclosure, logged and recorded), completed once released."""

import dataclasses
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people.models import Person
from mydirection.rights import rules
from mydirection.rights.models import (
    Release,
    ReleaseFormat,
    RequestStatus,
    SubjectAccessRequest,
)
from mydirection.rights.subject_access import SOURCES, collect
from mydirection.versioning import save_if_unchanged

WHAT = "Subject access request"


def _for_the_request(actor: StaffActor, request: SubjectAccessRequest) -> StaffActor:
    """The request is why the record is opened: it goes in every entry's justification."""
    return dataclasses.replace(
        actor, justification=f"Subject access request received {request.received_on:%d %b %Y}"
    )


def open_request(
    *,
    actor: StaffActor,
    person: Person,
    received_on: date,
    requester: str,
    identity_checked: str,
) -> SubjectAccessRequest:
    errors = {}
    if received_on > timezone.localdate():
        errors["received_on"] = "The date received must be today or in the past"
    if not requester.strip():
        errors["requester"] = "Say who made the request"
    if not identity_checked.strip():
        errors["identity_checked"] = "Say how their identity (and any authority) was checked"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = SubjectAccessRequest.objects.create(
            person=person,
            received_on=received_on,
            due_on=rules.one_month_after(received_on),
            requester=requester.strip(),
            identity_checked=identity_checked.strip(),
            opened_by=actor.user,
        )
        record(
            actor=_for_the_request(actor, request),
            operation=Operation.COLLECT,
            what=WHAT,
            subject_id=person.pk,
            details={"request": str(request.pk)},
        )
    return request


@dataclasses.dataclass(frozen=True)
class Released:
    content: bytes
    content_type: str
    filename: str


CONTENT = {
    ReleaseFormat.PDF: ("application/pdf", "pdf"),
    ReleaseFormat.JSON: ("application/json", "json"),
    ReleaseFormat.CSV: ("application/zip", "zip"),
}


def release(*, actor: StaffActor, request: SubjectAccessRequest, form: ReleaseFormat) -> Released:
    """The bundle in ``form``, recorded and logged as a disclosure to the requester."""
    if request.status == RequestStatus.WITHDRAWN:
        raise ValidationError("This request was withdrawn")
    # fpdf2 and its fonts take seconds to import: only when the bundle is released.
    from mydirection.rights import render

    bundle = collect(request.person)
    if form == ReleaseFormat.PDF:
        content = render.as_pdf(bundle, request.person)
    elif form == ReleaseFormat.JSON:
        content = render.as_json(bundle)
    else:
        content = render.as_csv_zip(bundle)
    with transaction.atomic():
        Release.objects.create(
            request=request,
            format=form,
            by=actor.user,
            rows={section.label: len(section.rows) for section in bundle.sections if section.rows},
            redactions=[vars(redaction) for redaction in bundle.redactions],
        )
        record(
            actor=_for_the_request(actor, request),
            operation=Operation.DISCLOSE,
            what=WHAT,
            subject_id=request.person_id,
            recipients=request.requester,
            details={"request": str(request.pk), "format": str(form)},
        )
    content_type, extension = CONTENT[form]
    name = f"subject-access-{request.person.case_reference}-{timezone.localdate():%Y-%m-%d}"
    return Released(content, content_type, f"{name}.{extension}")


def complete(*, actor: StaffActor, request: SubjectAccessRequest, expected_version: int) -> None:
    if not request.releases.exists():
        raise ValidationError("Release the information before completing the request")
    with transaction.atomic():
        save_if_unchanged(
            SubjectAccessRequest.objects.filter(status=RequestStatus.OPEN),
            pk=request.pk,
            expected_version=expected_version,
            status=RequestStatus.COMPLETED,
            completed_on=timezone.localdate(),
            completed_by=actor.user,
        )
        record(
            actor=_for_the_request(actor, request),
            operation=Operation.ALTER,
            what=WHAT,
            subject_id=request.person_id,
            details={"request": str(request.pk), "status": "completed"},
        )


def summary(request: SubjectAccessRequest) -> list[tuple[str, int]]:
    """How many rows of each kind are held now (the DPO's page): counted, not collected."""
    return held_about(request.person)


def held_about(person: Person) -> list[tuple[str, int]]:
    """How many rows of each kind are held about ``person``: counted, not collected."""
    counts = ((source.title, source.rows(person).count()) for source in SOURCES)
    return sorted((title, count) for title, count in counts if count)
