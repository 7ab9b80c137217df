"""Changes to people's records. Each function is one transaction and logs what it changed.

The access log names the fields that changed, never their values: values can be special
category data (health, ethnicity) and the log must hold none.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people.models import Consent, Order, Person, Requirement
from mydirection.staff.models import Team, User


class StaleEdit(Exception):
    """Someone else saved this record after the editor opened it."""


# Fields a member of staff may set through the person form.
EDITABLE_FIELDS = (
    "case_reference",
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "gender",
    "ethnicity",
    "phone",
    "email",
    "address",
    "postcode",
    "contact_preference",
    "accommodation",
    "employment",
    "deprivation_decile",
    "domestic_abuse_perpetrator",
    "domestic_abuse_history",
    "mental_health",
    "mental_illness",
    "index_offence",
    "previous_events",
    "risk_level",
    "ogrs3",
    "programme_start",
)


@transaction.atomic
def create_person(
    *, by: User, team: Team, details: dict[str, Any], case_manager: User | None
) -> Person:
    from mydirection.caseload.services import allocate  # caseload builds on people

    person = Person(team=team, **{key: details[key] for key in EDITABLE_FIELDS if key in details})
    person.full_clean()
    person.save(force_insert=True)
    record(
        actor=by,
        operation=Operation.COLLECT,
        what="Person added",
        subject_id=person.pk,
        details={"fields": sorted(key for key in details if key in EDITABLE_FIELDS)},
    )
    if case_manager is not None:
        allocate(by=by, person=person, case_manager=case_manager, reason="New case")
    return person


@transaction.atomic
def update_person(
    *, by: User, person: Person, changes: dict[str, Any], expected_version: int, relation: str
) -> Person:
    """Save ``changes`` unless the record moved on since ``expected_version`` was read."""
    # Compare with the stored row: a ModelForm has already copied its values onto ``person``.
    stored = Person.objects.get(pk=person.pk)
    changed = {
        key: value
        for key, value in changes.items()
        if key in EDITABLE_FIELDS and getattr(stored, key) != value
    }
    updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
        **changed, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise StaleEdit
    if changed:
        record(
            actor=by,
            operation=Operation.ALTER,
            what="Personal details changed",
            subject_id=person.pk,
            relation=relation,
            details={"fields": sorted(changed)},
        )
    person.refresh_from_db()
    return person


def _collect(
    *, by: User, instance: Order | Requirement | Consent, what: str, person_id: Any, relation: str
) -> None:
    """Validate and insert a new record about a person, and log its collection."""
    instance.full_clean()
    instance.save(force_insert=True)
    record(
        actor=by,
        operation=Operation.COLLECT,
        what=what,
        subject_id=person_id,
        relation=relation,
        details={"record": str(instance.pk), "kind": type(instance).__name__},
    )


@transaction.atomic
def add_order(*, by: User, person: Person, details: dict[str, Any], relation: str) -> Order:
    order = Order(person=person, **details)
    _collect(by=by, instance=order, what="Order added", person_id=person.pk, relation=relation)
    return order


@transaction.atomic
def add_requirement(
    *, by: User, order: Order, details: dict[str, Any], relation: str
) -> Requirement:
    requirement = Requirement(order=order, **details)
    _collect(
        by=by,
        instance=requirement,
        what="Requirement added",
        person_id=order.person_id,
        relation=relation,
    )
    return requirement


@transaction.atomic
def record_consent(
    *, by: User, person: Person, purpose: str, given_on: date, details: str, relation: str
) -> Consent:
    consent = Consent(
        person=person, purpose=purpose, given_on=given_on, details=details, recorded_by=by
    )
    _collect(
        by=by, instance=consent, what="Consent recorded", person_id=person.pk, relation=relation
    )
    return consent


@transaction.atomic
def withdraw_consent(*, by: User, consent: Consent, on: date, relation: str) -> Consent:
    """Withdrawal keeps the consent record, dated, so what was allowed when stays known."""
    updated = Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(
        withdrawn_on=on
    )
    if updated:
        record(
            actor=by,
            operation=Operation.ALTER,
            what="Consent withdrawn",
            subject_id=consent.person_id,
            relation=relation,
            details={"consent": str(consent.pk), "purpose": consent.purpose},
        )
    consent.refresh_from_db()
    return consent
