"""Reading tokens, and the people, plans, appointments and referrals the API returns.

Every person comes from ``visible_to`` (lists) or ``guard.person_for`` (one record), as the
pages' do; what is read of each is the pages' own selectors.
"""

from datetime import date
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from mydirection.access.policy import (
    Action,
    Capability,
    decide,
    may,
    visible_to,
    with_limited_access,
)
from mydirection.api import tokens
from mydirection.api.models import ApiToken
from mydirection.appointments.models import Appointment
from mydirection.caseload.selectors import annotate_for_lists
from mydirection.interventions.models import Referral
from mydirection.interventions.selectors import referrals_of
from mydirection.people.models import Person
from mydirection.plans.models import CURRENT_GOALS, Goal, Plan, PlanVersion
from mydirection.plans.selectors import goals_with_steps
from mydirection.staff.models import User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(owner=user)


def token_of(user: User, token_id: UUID) -> ApiToken | None:
    return tokens_of(user).filter(pk=token_id).first()


def token_for(secret: str) -> ApiToken | None:
    """The live token ``secret`` is, with its owner, if the owner may still use the API."""
    prefix = tokens.prefix_of(secret)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
    if token is None or not tokens.matches(secret, token.token_hash):
        return None
    if not tokens.is_live(token.expires_at, token.revoked_at, timezone.now()):
        return None
    if not may(token.owner, Capability.USE_THE_API):
        return None
    return token


def openable(user: User) -> list[UUID]:
    """The people ``user`` may open without giving a reason first (their own caseload; a
    senior case manager's team): the API cannot ask for one. The policy's own ``decide``
    says so, as for the outbox, so the API follows it if the rules change."""
    candidates = with_limited_access(
        visible_to(user).only("id", "case_manager", "team", "erased_on"), user
    )
    return [
        person.pk
        for person in candidates
        if (decision := decide(user, person, Action.VIEW)).allowed
        and not decision.needs_justification
    ]


def people(user: User, case_reference: str = "") -> QuerySet[Person]:
    """The people ``user`` may open without a reason, as the caseload lists them (name
    order)."""
    found = annotate_for_lists(Person.objects.filter(pk__in=openable(user)), user)
    found = found.select_related("team")
    if case_reference:
        found = found.filter(case_reference__iexact=case_reference.strip())
    return found.order_by("last_name", "first_name", "pk")


def as_listed(person: Person, user: User) -> Person:
    """``person`` again, with the caseload's columns (the order in force, restricted) as
    ``user`` sees them."""
    listed = annotate_for_lists(Person.objects.filter(pk=person.pk), user)
    return listed.select_related("team").get()


def plan_of(person: Person) -> tuple[Plan | None, PlanVersion | None, list[Goal]]:
    """The plan, its latest agreed (or recorded) version, and its current goals with steps."""
    plan = Plan.objects.filter(person=person).first()
    if plan is None:
        return None, None, []
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    goals = [goal for goal in goals_with_steps(plan) if goal.status in CURRENT_GOALS]
    return plan, version, goals


def appointments_of(
    person: Person, since: date | None, until: date | None
) -> QuerySet[Appointment]:
    """The person's appointments (every status), soonest first, from the day ``since`` to
    the day ``until`` (both included) when given."""
    found = Appointment.objects.filter(person=person).select_related("location", "outcome")
    if since is not None:
        found = found.filter(starts_at__date__gte=since)
    if until is not None:
        found = found.filter(starts_at__date__lte=until)
    return found.order_by("starts_at", "pk")


def referrals(person: Person) -> QuerySet[Referral]:
    """The person's referrals, newest first, as their record's Interventions tab reads them."""
    return referrals_of(person).order_by("-decided_at", "pk")
