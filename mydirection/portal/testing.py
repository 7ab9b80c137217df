"""Factories and a portal sign-in for tests."""

import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone

from mydirection.appointments.models import Appointment, Location, LocationKind, Place
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.people.models import Person
from mydirection.portal.models import AccountStatus, PortalAccount, ServiceSession
from mydirection.portal.session import GENERATION, PERSON, SEEN
from mydirection.staff.models import User

PIN = "274951"


def active_account(person: Person, pin: str = PIN) -> PortalAccount:
    account, _ = PortalAccount.objects.update_or_create(
        person=person,
        defaults={
            "status": AccountStatus.ACTIVE,
            "pin_hash": make_password(pin),
            "enrolled_at": timezone.now(),
        },
    )
    return account


def portal_sign_in(client: Client, person: Person) -> Client:
    """A portal session for ``person``, as signing in with code and PIN would leave it."""
    account = PortalAccount.objects.filter(person=person, status=AccountStatus.ACTIVE).first()
    account = account or active_account(person)
    session = client.session
    session[PERSON] = str(person.pk)
    session[GENERATION] = account.session_generation
    session[SEEN] = time.time()
    session.save()
    return client


def upcoming_appointment(person: Person, staff: User, days: int = 5) -> Appointment:
    """An arranged appointment ``days`` ahead at a listed location with an address."""
    if staff.team is None:
        raise ValueError("Staff in an office only")
    location, _ = Location.objects.get_or_create(
        office=staff.team.office,
        name="Queen Street office",
        defaults={"kind": LocationKind.OFFICE_ROOM, "address": "1 Queen Street\nHull HU1 1AA"},
    )
    return AppointmentFactory.create(
        person=person, staff=staff, starts_at=local(days), location=location, place=Place.LISTED
    )


def a_session(
    by: User, *, hours_from_now: float = 0, title: str = "Cooking group"
) -> ServiceSession:
    """A session of ``by``'s office, on now unless told otherwise (an hour long)."""
    from mydirection.access.actor import StaffActor
    from mydirection.portal.services.attendance import create_session

    starts = timezone.now() + timedelta(hours=hours_from_now) - timedelta(minutes=10)
    return create_session(
        actor=StaffActor.about_no_person(by),
        kind="group",
        title=title,
        place="Women's centre, Beverley Road",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
