"""Portal sessions: a person signed in to the app, kept apart from staff sessions.

A portal session holds the person's id, the account's session generation and when it was
last used. It is a portal session only while no member of staff is signed in on it: staff
are never portal users, and signing in to the portal flushes the session (ending any staff
sign-in on it, and rotating the key). Raising the account's generation (revoke, lock,
re-enrol) ends every one of the person's sessions at once.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mydirection.access.actor import PersonActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.people.models import Person
from mydirection.portal.models import PortalAccount
from mydirection.portal.services import accounts

PERSON, GENERATION, SEEN = "portal.person", "portal.generation", "portal.seen"


class PortalRequest(HttpRequest):
    person: Person
    # The person as the actor of whatever the page does: ``portal_view`` sets it.
    actor: PersonActor


def sign_in(request: HttpRequest, account: PortalAccount) -> None:
    request.session.flush()  # a new key, and nothing from before (staff or portal) survives
    request.session[PERSON] = str(account.person_id)
    request.session[GENERATION] = account.session_generation
    request.session[SEEN] = time.time()
    request.session.set_expiry(accounts.IDLE_SECONDS)


def sign_out(request: HttpRequest) -> None:
    if PERSON in request.session:
        request.session.flush()


def current_person(request: HttpRequest) -> Person | None:
    """The person signed in on this session, or None (and the session ended if it lapsed)."""
    if request.user.is_authenticated or PERSON not in request.session:
        return None
    seen = float(request.session.get(SEEN, 0))
    account = accounts.active_account(
        str(request.session[PERSON]), int(request.session.get(GENERATION, 0))
    )
    if account is None or time.time() - seen > accounts.IDLE_SECONDS:
        request.session.flush()
        return None
    request.session[SEEN] = time.time()
    return account.person


View = Callable[..., HttpResponse]


def portal_view(what: str) -> Callable[[View], View]:
    """A page of the app: needs a portal session, not a staff one. Logs GETs as the person's
    own consultation of their record."""

    def decorate(view: View) -> View:
        @login_not_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            had_session = PERSON in request.session and not request.user.is_authenticated
            person = current_person(request)
            if person is None:
                if had_session:
                    messages.info(request, "You were signed out. Sign in again to carry on")
                return redirect("portal:sign-in")
            request.person = person  # type: ignore[attr-defined]
            request.actor = PersonActor(person)  # type: ignore[attr-defined]
            if request.method == "GET":
                record(
                    actor=request.actor,  # type: ignore[attr-defined]
                    operation=Operation.CONSULT,
                    what=what,
                    subject_id=person.pk,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
