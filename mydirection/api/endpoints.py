"""The API at /api/v1/: OpenAPI 3.1, bearer tokens, the pages' access policy and access log.

Each request acts as the token's owner: ``TokenAuth`` finds the token and makes its owner the
request's user, and every person is reached as the pages reach them: lists from
``visible_to`` (logged with ``guard.consulted``), one record through ``guard.person_for``
(404 when the owner may not know the case exists, 403 with the restriction message, 403 when
the policy wants a reason first, which only the browser can give). Every read of a person is
a consultation in the access log, ``what`` starting "API: " and the token named in
``details``. Scopes are checked per operation (403); each token has its own rate limit.
"""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from mydirection.access.guard import JustificationRequired, consulted, person_for, requires
from mydirection.access.policy import Capability
from mydirection.api import schemas, selectors
from mydirection.api.models import ApiToken, Scope
from mydirection.api.services import note_use
from mydirection.appointments.models import Appointment
from mydirection.interventions.models import Referral
from mydirection.people.models import Person


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mdt_...``: a live token whose owner may still use the API."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = selectors.token_for(token)
        if found is None:
            return None
        note_use(found)
        # The request acts as the token's owner, for the guard and the access log.
        request.user = found.owner
        return found


class PerToken(SimpleRateThrottle):
    """``settings.API_RATE_LIMIT`` requests per token (e.g. "60/min"), read on each request."""

    scope = "api_token"

    def __init__(self) -> None:
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


api = NinjaAPI(
    title="MyDirection API",
    version="1",
    description=(
        "Read people, plans, appointments and referrals with a token from MyDirection's "
        "'API tokens' page. Each token acts as its owner, under the same access rules as the "
        "pages, and every read of a person is written to the access log."
    ),
    auth=TokenAuth(),
    throttle=[PerToken()],
    urls_namespace="api",
    # No Swagger UI: its pages fail the service's accessibility checks (contrast, touch
    # targets). Developers read docs/api.md and load the schema into their own tools.
    docs_url=None,
    docs_decorator=lambda view: require_safe(requires(Capability.USE_THE_API)(view)),
)

# Every operation may answer these as well as its own.
REFUSALS: dict[int, Any] = {
    401: schemas.Problem,
    403: schemas.Problem,
    404: schemas.Problem,
    422: schemas.Invalid,
    429: schemas.Problem,
}


def _problem(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _problem(request, 401, "A valid token is needed: unknown, expired or revoked")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _problem(request, 403, str(exc) or "You cannot do this for this person.")


@api.exception_handler(JustificationRequired)
def needs_a_reason(request: HttpRequest, exc: JustificationRequired) -> HttpResponse:
    return _problem(
        request,
        403,
        "This record needs a reason before it is opened: open it in MyDirection and give one.",
    )


def _token(request: HttpRequest, scope: Scope) -> ApiToken:
    """The request's token, if it carries ``scope`` (403 otherwise)."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if scope not in token.scopes:
        raise HttpError(403, f"This token may not {scope.label[0].lower()}{scope.label[1:]}")
    return token


def _details(token: ApiToken) -> dict[str, Any]:
    return {"token": token.name, "token_prefix": token.prefix}


def _person(request: HttpRequest, person_id: UUID, token: ApiToken, what: str) -> Person:
    person, _actor = person_for(
        request,  # type: ignore[arg-type]
        person_id,
        what=f"API: {what}",
        details=_details(token),
    )
    return person


def _summary(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "case_reference": person.case_reference,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "preferred_name": person.preferred_name,
        "team": person.team.name,
        "case_manager": person.case_manager.display_name if person.case_manager else None,
        "current_order_type": getattr(person, "current_order_type", None),
        "current_order_end": getattr(person, "current_order_end", None),
        "restricted": bool(getattr(person, "is_restricted", False)),
    }


@api.get(
    "/people",
    response={200: schemas.PeoplePage, **REFUSALS},
    summary="The people the token's owner may open",
    tags=["people"],
)
def people(
    request: HttpRequest,
    paging: Query[schemas.Paging],
    case_reference: Annotated[
        str,
        Query(max_length=20, pattern=r"^[A-Za-z0-9-]*$", description="Only this case reference"),
    ] = "",
) -> dict[str, Any]:
    """Everyone whose record the owner may open (their caseload and, for a senior case
    manager, their team's), in name order. Each person returned is logged as consulted."""
    token = _token(request, Scope.READ_PEOPLE)
    user = request.user
    found = selectors.people(user, case_reference)  # type: ignore[arg-type]
    page = list(found[paging.offset : paging.offset + paging.limit])
    consulted(user, "API: people", page, details=_details(token))  # type: ignore[arg-type]
    return {"count": found.count(), "items": [_summary(person) for person in page]}


@api.get(
    "/people/{person_id}",
    response={200: schemas.PersonDetail, **REFUSALS},
    summary="One person",
    tags=["people"],
)
def person(request: HttpRequest, person_id: UUID) -> dict[str, Any]:
    token = _token(request, Scope.READ_PEOPLE)
    found = _person(request, person_id, token, "person")
    listed = selectors.as_listed(found, request.user)  # type: ignore[arg-type]
    orders = found.orders.order_by("-start_date")
    return _summary(listed) | {
        "date_of_birth": found.date_of_birth,
        "pronouns": found.pronouns,
        "orders": [
            {
                "order_type": order.order_type,
                "start_date": order.start_date,
                "end_date": order.end_date,
                "ended_early_on": order.ended_early_on,
            }
            for order in orders
        ],
    }


@api.get(
    "/people/{person_id}/plan",
    response={200: schemas.PlanOut, **REFUSALS},
    summary="The person's plan: its current goals and their steps",
    tags=["plans"],
)
def plan(request: HttpRequest, person_id: UUID) -> dict[str, Any]:
    token = _token(request, Scope.READ_PLANS)
    found = _person(request, person_id, token, "plan")
    current, version, goals = selectors.plan_of(found)
    return {
        "person_id": found.pk,
        "has_plan": current is not None,
        "latest_version": (
            {
                "number": version.number,
                "agreement": version.agreement,
                "agreed_on": version.agreed_on,
            }
            if version
            else None
        ),
        "changed_since_agreed": bool(current and current.changed_since_agreed),
        "goals": [
            {
                "id": goal.pk,
                "title": goal.title,
                "area": goal.area,
                "status": goal.status,
                "target_date": goal.target_date,
                "steps": [
                    {"id": s.pk, "description": s.description, "who": s.actor, "status": s.status}
                    for s in goal.steps.all()
                ],
            }
            for goal in goals
        ],
    }


def _appointment(appointment: Appointment) -> dict[str, Any]:
    outcome = getattr(appointment, "outcome", None)
    return {
        "id": appointment.pk,
        "starts_at": appointment.starts_at,
        "duration_minutes": appointment.duration_minutes,
        "appointment_type": appointment.appointment_type,
        "format": appointment.format,
        "place": appointment.place,
        "location": appointment.location.name if appointment.location else None,
        "status": appointment.status,
        "outcome": outcome.outcome if outcome else None,
        "sensitive": appointment.sensitive,
    }


@api.get(
    "/people/{person_id}/appointments",
    response={200: schemas.AppointmentsPage, **REFUSALS},
    summary="The person's appointments, soonest first",
    tags=["appointments"],
)
def appointments(
    request: HttpRequest,
    person_id: UUID,
    paging: Query[schemas.Paging],
    since: Annotated[date | None, Query(description="On or after this day")] = None,
    until: Annotated[date | None, Query(description="On or before this day")] = None,
) -> dict[str, Any]:
    token = _token(request, Scope.READ_APPOINTMENTS)
    found = _person(request, person_id, token, "appointments")
    rows = selectors.appointments_of(found, since, until)
    page = rows[paging.offset : paging.offset + paging.limit]
    return {"count": rows.count(), "items": [_appointment(a) for a in page]}


def _referral(referral: Referral) -> dict[str, Any]:
    provider = referral.intervention.provider
    return {
        "id": referral.pk,
        "intervention": referral.intervention.name,
        "kind": referral.intervention.kind,
        "provider": provider.name if provider else None,
        "status": referral.status,
        "suitability": referral.suitability,
        "decided_at": referral.decided_at,
        "started_on": referral.started_on,
        "ended_on": referral.ended_on,
        "end_reason": referral.end_reason,
    }


@api.get(
    "/people/{person_id}/referrals",
    response={200: schemas.ReferralsPage, **REFUSALS},
    summary="The person's referrals to interventions, newest first",
    tags=["referrals"],
)
def referrals(
    request: HttpRequest, person_id: UUID, paging: Query[schemas.Paging]
) -> dict[str, Any]:
    token = _token(request, Scope.READ_REFERRALS)
    found = _person(request, person_id, token, "referrals")
    rows = selectors.referrals(found)
    page = rows[paging.offset : paging.offset + paging.limit]
    return {"count": rows.count(), "items": [_referral(r) for r in page]}


# The API's own pages (the schema, the root) stay behind sign-in; the operations
# answer to a token alone, never to a session, so the sign-in middleware lets them through.
STAFF_PAGES = {"openapi-json", "api-root"}


def urls() -> tuple[list[URLResolver | URLPattern], str, str]:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name == "api-root":
            pattern.callback = require_safe(pattern.callback)
        elif isinstance(pattern, URLPattern) and pattern.name not in STAFF_PAGES:
            callback: Callable[..., Any] = pattern.callback
            callback.login_required = False  # type: ignore[attr-defined]
    return patterns, app_name, namespace
