"""Factories and a portal sign-in for tests."""

import time

from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone

from mydirection.people.models import Person
from mydirection.portal.models import AccountStatus, PortalAccount
from mydirection.portal.session import GENERATION, PERSON, SEEN

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
