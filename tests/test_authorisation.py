"""The authorisation matrix: every URL x method x persona, and the status each must get.

A URL that is not in the matrix fails the build, so a new page cannot escape review.
Subjects: ``world.person`` is held by the case manager ``cm`` in team A (see
``mydirection.testing``). Statuses for a colleague in the team are 302: they are sent to
give a justification first.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.appointments.testing import appointment_subjects
from mydirection.caseload.models import Allocation, Handover
from mydirection.people.models import Consent
from mydirection.testing import World, sign_in

PERSONAS = (
    "cm",
    "colleague",
    "senior",
    "excluded",
    "elsewhere",
    "volunteer",
    "partner",
    "evaluator",
    "administrator",
    "programme_manager",
    "dpo",
)

# URLs anyone may reach without signing in. Everything else redirects to sign-in.
PUBLIC = {"health", "staff:sign-in", "staff:sign-out"}


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


# A person's record: the holder and the senior see it; team colleagues justify first; the
# data protection officer knows it exists (for its access log) but may not read it (403);
# nobody else may know it exists.
RECORD = expect(404, cm=200, senior=200, colleague=302, excluded=302, dpo=403)
# A change that succeeds redirects; the same for anyone allowed to change the record.
RECORD_CHANGED = expect(404, cm=302, senior=302, colleague=302, excluded=302, dpo=403)
# Forms posted empty: the allowed re-render with errors (200) and nothing is saved.
RECORD_FORM_ERRORS = RECORD
CASE_HOLDERS = expect(404, cm=200, colleague=200, senior=200, excluded=200, elsewhere=200)

MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "start": {"GET": expect(302)},
    "health": {"GET": expect(200)},
    "staff:sign-in": {"GET": expect(200), "POST": expect(200)},
    "staff:second-factor": {"GET": expect(302), "POST": expect(302)},
    "staff:sign-out": {"POST": expect(302)},
    "caseload:home": {"GET": expect(200)},
    "caseload:team": {"GET": expect(404, senior=200)},
    "caseload:search": {"GET": CASE_HOLDERS},
    "caseload:allocation": {"GET": RECORD},
    "caseload:reallocate": {
        "GET": expect(404, cm=200, senior=200, colleague=403, excluded=403, dpo=403),
        "POST": expect(404, cm=200, senior=200, colleague=403, excluded=403, dpo=403),
    },
    "caseload:handover-read": {
        "POST": expect(404, cm=302, senior=404, colleague=302, excluded=302, dpo=403)
    },
    "people:add": {
        "GET": expect(404, cm=200, colleague=200, senior=200, excluded=200, elsewhere=200),
        "POST": expect(404, cm=200, colleague=200, senior=200, excluded=200, elsewhere=200),
    },
    "people:overview": {"GET": RECORD},
    "people:details": {"GET": RECORD},
    "people:edit": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "people:sentence": {"GET": RECORD},
    "people:add-order": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "people:add-requirement": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "people:consents": {"GET": RECORD},
    "people:add-consent": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "people:withdraw-consent": {"POST": RECORD_CHANGED},
    "people:history": {"GET": RECORD},
    # Only those whose next step waits for a reason: team colleagues, and the data
    # protection officer (for the access log).
    "access:justify": {
        "GET": expect(404, colleague=200, excluded=200, dpo=200),
        "POST": expect(404, colleague=200, excluded=200, dpo=200),
    },
    "access:log-search": {"GET": expect(404, dpo=200), "POST": expect(404, dpo=200)},
    "access:person-log": {"GET": expect(404, dpo=302)},
    # The data protection officer gives a reason (302 to the justification page) first.
    "access:rules": {"GET": expect(404, dpo=302), "POST": expect(404, dpo=302)},
    "access:end-rule": {"POST": expect(404, dpo=302)},
    "staff:change-password": {"GET": expect(200), "POST": expect(200)},
    "staff:list": {"GET": expect(404, administrator=200)},
    "staff:add": {"GET": expect(404, administrator=200), "POST": expect(404, administrator=200)},
    "staff:member": {"GET": expect(404, administrator=200), "POST": expect(404, administrator=200)},
    # appointments: a person's appointments are part of their record; diaries and the
    # enforcement list are for case holders; locations for a senior or an administrator.
    "appointments:list": {"GET": RECORD},
    "appointments:arrange": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:detail": {"GET": RECORD},
    "appointments:reschedule": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:cancel": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:outcome": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:decide": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:activity": {"GET": RECORD},
    "appointments:hours": {"GET": RECORD, "POST": RECORD_FORM_ERRORS},
    "appointments:diary": {"GET": CASE_HOLDERS},
    "appointments:team-diary": {"GET": expect(404, senior=200)},
    "appointments:calendar": {"GET": CASE_HOLDERS},
    "appointments:enforcement": {"GET": CASE_HOLDERS},
    "appointments:locations": {
        "GET": expect(404, senior=200, administrator=200),
        "POST": expect(404, senior=200, administrator=200),
    },
    "appointments:location": {
        "GET": expect(404, senior=200, administrator=200),
        "POST": expect(404, senior=200, administrator=200),
    },
}

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def all_url_names() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    raise AssertionError(f"URL {pattern.pattern} has no name")
                yield f"{namespace}{pattern.name}", pattern

    return walk(get_resolver().url_patterns, "")


def _subjects(world: World) -> dict[str, Callable[[], Any]]:
    """What each URL parameter stands for in the matrix."""
    consent = Consent.objects.create(
        person=world.person,
        purpose="reminders",
        given_on=timezone.localdate(),
        recorded_by=world.cm,
    )
    allocation = Allocation.objects.get(person=world.person, ended_at__isnull=True)
    handover = Handover.objects.create(
        allocation=allocation,
        what_matters="Seeing her children",
        key_history="Moved to Hull last year",
        written_by=world.senior,
        written_at=timezone.now(),
    )
    appointment, unpaid_work, location = appointment_subjects(world)
    return {
        "person_id": lambda: world.person.pk,
        "order_id": lambda: world.person.orders.get().pk,
        "consent_id": lambda: consent.pk,
        "handover_id": lambda: handover.pk,
        "rule_id": lambda: world.restricted_person.restriction.pk,
        "user_id": lambda: world.cm.pk,
        # appointments
        "appointment_id": lambda: appointment.pk,
        "requirement_id": lambda: unpaid_work.pk,
        "location_id": lambda: location.pk,
    }


def _url(name: str, pattern: URLPattern, subjects: dict[str, Callable[[], Any]]) -> str:
    kwargs = {key: subjects[key]() for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


def test_every_url_is_in_the_matrix() -> None:
    missing = sorted(name for name, _ in all_url_names() if name not in MATRIX)
    assert not missing, f"Add these URLs to the authorisation matrix: {missing}"
    stale = sorted(set(MATRIX) - {name for name, _ in all_url_names()})
    assert not stale, f"These matrix entries name no URL: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_matrix(world: World, persona: str) -> None:
    subjects = _subjects(world)
    failures = []
    for name, pattern in all_url_names():
        for method in METHODS:
            expected = MATRIX[name].get(method, {}).get(persona, 405)
            if name == "staff:sign-out" or (name == "start" and method != "GET"):
                continue  # signing out, or methods on a redirect, are tested elsewhere
            client = sign_in(Client(), world.personas()[persona])
            response = client.generic(method, _url(name, pattern, subjects))
            if response.status_code != expected:
                failures.append(f"{method} {name}: expected {expected}, got {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_page_needs_sign_in(world: World) -> None:
    subjects = _subjects(world)
    sign_in_url = reverse("staff:sign-in")
    for name, pattern in all_url_names():
        if name in PUBLIC:
            continue
        for method in MATRIX[name]:
            response = Client().generic(method, _url(name, pattern, subjects))
            assert response.status_code == 302, (method, name)
            assert response["Location"].startswith(sign_in_url), (method, name)


@pytest.mark.django_db
def test_a_password_alone_reaches_nothing(world: World) -> None:
    """Signed in without the second factor: every page sends you to the code page."""
    subjects = _subjects(world)
    code_url = reverse("staff:second-factor")
    client = Client()
    client.force_login(world.cm)
    for name, pattern in all_url_names():
        if name in PUBLIC or name == "staff:second-factor":
            continue
        response = client.get(_url(name, pattern, subjects))
        if "GET" in MATRIX[name]:
            assert response.status_code == 302, name
            assert response["Location"].startswith(code_url), name


SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["cm", "dpo", "senior"])
def test_every_page_sends_security_headers(world: World, persona: str) -> None:
    subjects = _subjects(world)
    client = sign_in(Client(), world.personas()[persona])
    for name, pattern in all_url_names():
        response = client.get(_url(name, pattern, subjects))
        for header, value in SECURITY_HEADERS.items():
            assert response.get(header) == value, (name, header, response.get(header))
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, name
        assert "'unsafe-inline'" not in policy, name
        assert "frame-ancestors 'none'" in policy, name
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            # The page's own boot script runs only because it carries this response's nonce.
            nonce = policy.split("'nonce-")[1].split("'")[0]
            assert f'nonce="{nonce}"' in response.content.decode(), name


# Person-scoped pages that show nothing of the record: the justification page asks why
# before anything is shown (only the case reference appears).
SHOWS_NO_RECORD = {"access:justify"}


@pytest.mark.django_db
def test_every_page_of_a_record_is_in_the_access_log(world: World) -> None:
    """A view of personal data that writes no access-log entry fails here."""
    subjects = _subjects(world)
    client = sign_in(Client(), world.cm)
    for name, pattern in all_url_names():
        url = _url(name, pattern, subjects)
        if "person_id" not in pattern.pattern.regex.groupindex or "GET" not in MATRIX[name]:
            continue
        if name in SHOWS_NO_RECORD:
            continue
        if MATRIX[name]["GET"]["cm"] != 200:
            continue
        before = AccessLogEntry.objects.count()
        assert client.get(url).status_code == 200
        entry = AccessLogEntry.objects.order_by("-id").first()
        assert AccessLogEntry.objects.count() > before, name
        assert entry is not None
        assert entry.operation == Operation.CONSULT, name
        assert entry.subject_id == world.person.pk, name
        assert entry.actor_id == world.cm.pk, name
