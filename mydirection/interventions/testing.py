"""Factories for interventions and referrals in tests."""

from typing import Any

from django.utils import timezone

from mydirection.interventions.models import (
    Intervention,
    Kind,
    Referral,
    ReferralEvent,
    Status,
    Suitability,
)
from mydirection.people.models import Person
from mydirection.staff.models import Office, Organisation, User


def an_intervention(
    office: Office, provider: Organisation | None = None, **fields: Any
) -> Intervention:
    values: dict[str, Any] = {
        "name": "Time Bank" if provider else "Recovery group",
        "kind": Kind.TIME_BANK if provider else Kind.RECOVERY_GROUP,
        "offer": "Share what you are good at, and get help in return: an hour for an hour.",
        "eligibility": "Anyone on probation in Hull.",
    }
    return Intervention.objects.create(office=office, provider=provider, **(values | fields))


def a_referral(
    person: Person,
    intervention: Intervention,
    by: User,
    *,
    status: Status = Status.SENT,
    **fields: Any,
) -> Referral:
    """A referral straight into ``status`` (the services' path is tested on its own)."""
    referred = status != Status.NOT_REFERRED
    values: dict[str, Any] = {
        "suitability": Suitability.SUITABLE if referred else Suitability.NOT_SUITABLE,
        "reason": "" if referred else "risk",
        "consent_given_on": timezone.localdate() if referred else None,
        "shares_contact": referred,
        "note_for_provider": "Keen on gardening; anxious in big groups." if referred else "",
        "started_on": timezone.localdate() if status == Status.STARTED else None,
    }
    referral = Referral.objects.create(
        person=person,
        intervention=intervention,
        status=status,
        decided_by=by,
        decided_at=timezone.now(),
        **(values | fields),
    )
    ReferralEvent.objects.create(referral=referral, status=status, at=timezone.now(), by_user=by)
    return referral
