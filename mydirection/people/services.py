"""Changes to people's records. Each function is one transaction and logs what it changed.

The access log names the fields that changed, never their values: values can be special
category data (health, ethnicity) and the log must hold none.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people import ending
from mydirection.people.models import Consent, Order, Person, Requirement
from mydirection.staff.models import Team
from mydirection.versioning import save_if_unchanged

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
def create_person(*, actor: StaffActor, team: Team, details: dict[str, Any]) -> Person:
    """Add a person's record to ``team``. The actor's relation is the one the addition gives
    them (``caseload.services.add_to_caseload`` allocates the new case in the same step)."""
    person = Person(team=team, **{key: details[key] for key in EDITABLE_FIELDS if key in details})
    person.full_clean()
    person.save(force_insert=True)
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what="Person added",
        subject_id=person.pk,
        details={"fields": sorted(key for key in details if key in EDITABLE_FIELDS)},
    )
    return person


@transaction.atomic
def update_person(
    *, actor: StaffActor, person: Person, changes: dict[str, Any], expected_version: int
) -> Person:
    """Save ``changes`` unless the record moved on since ``expected_version`` was read."""
    # Compare with the stored row: a ModelForm has already copied its values onto ``person``.
    stored = Person.objects.get(pk=person.pk)
    changed = {
        key: value
        for key, value in changes.items()
        if key in EDITABLE_FIELDS and getattr(stored, key) != value
    }
    save_if_unchanged(
        Person.objects,
        pk=person.pk,
        expected_version=expected_version,
        **changed,
        updated_at=timezone.now(),
    )
    if changed:
        record(
            actor=actor,
            operation=Operation.ALTER,
            what="Personal details changed",
            subject_id=person.pk,
            details={"fields": sorted(changed)},
        )
    person.refresh_from_db()
    return person


def _collect(
    *, actor: StaffActor, instance: Order | Requirement | Consent, what: str, person_id: Any
) -> None:
    """Validate and insert a new record about a person, and log its collection."""
    instance.full_clean()
    instance.save(force_insert=True)
    record(
        actor=actor,
        operation=Operation.COLLECT,
        what=what,
        subject_id=person_id,
        details={"record": str(instance.pk), "kind": type(instance).__name__},
    )


@transaction.atomic
def add_order(*, actor: StaffActor, person: Person, details: dict[str, Any]) -> Order:
    order = Order(person=person, **details)
    _collect(actor=actor, instance=order, what="Order added", person_id=person.pk)
    return order


ORDER_ENDED = "Order ended"


@transaction.atomic
def end_order(
    *,
    actor: StaffActor,
    order: Order,
    reason: str,
    ended_on: date | None,
    note: str = "",
    expected_version: int,
) -> Order:
    """Record how and when an order ended (or correct it), with who recorded it and when.

    Ended before its end date, the order stops being current from that day. Refused with a
    ``ValidationError`` by field (``ending.check_ending``); ``StaleEdit`` if someone changed
    the order since the editor opened it.
    """
    ended_on = ending.check_ending(
        order, reason=reason, ended_on=ended_on, note=note, today=timezone.localdate()
    )
    save_if_unchanged(
        Order.objects,
        pk=order.pk,
        expected_version=expected_version,
        termination_reason=reason,
        termination_note=note.strip(),
        ended_early_on=ended_on if ended_on < order.end_date else None,
        terminated_by=actor.user,
        terminated_at=timezone.now(),
    )
    record(
        actor=actor,
        operation=Operation.ALTER,
        what=ORDER_ENDED,
        subject_id=order.person_id,
        details={
            "order": str(order.pk),
            "fields": ["ended_early_on", "termination_note", "termination_reason"],
        },
    )
    order.refresh_from_db()
    return order


@transaction.atomic
def add_requirement(*, actor: StaffActor, order: Order, details: dict[str, Any]) -> Requirement:
    requirement = Requirement(order=order, **details)
    _collect(actor=actor, instance=requirement, what="Requirement added", person_id=order.person_id)
    return requirement


@transaction.atomic
def record_consent(
    *, actor: StaffActor, person: Person, purpose: str, given_on: date, details: str
) -> Consent:
    consent = Consent(
        person=person, purpose=purpose, given_on=given_on, details=details, recorded_by=actor.user
    )
    _collect(actor=actor, instance=consent, what="Consent recorded", person_id=person.pk)
    return consent


@transaction.atomic
def withdraw_consent(*, actor: StaffActor | PersonActor, consent: Consent) -> Consent:
    """Withdrawal keeps the consent record, dated, so what was allowed when stays known.

    By staff, or by the person in their app (only their own consents). It is dated today, or
    the day it was given if that is later (a consent recorded ahead).
    """
    if isinstance(actor, PersonActor) and consent.person_id != actor.person.pk:
        raise ValueError("A person withdraws only their own consents")
    on = max(timezone.localdate(), consent.given_on)
    updated = Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(
        withdrawn_on=on
    )
    if updated:
        record(
            actor=actor,
            operation=Operation.ALTER,
            what="Consent withdrawn",
            subject_id=consent.person_id,
            details={"consent": str(consent.pk), "purpose": consent.purpose},
        )
    consent.refresh_from_db()
    return consent
