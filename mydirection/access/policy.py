"""The access policy: may this user do this to this person's record?

Plain functions over relations, so the rules can be read and tested without HTTP:

* the case manager holding the case, and the senior case manager of its team, may see and
  change it;
* a colleague in the same team may see and change it with a recorded justification (covering
  for a colleague, duty work);
* the data protection officer may see who accessed it, never its content;
* nobody else may know it exists (404), whatever their role.

Restricted cases (nDelius "limited access") come on top: an active *exclusion* bars a named
user; an active *restriction* bars everyone but its named users. A barred user who would
otherwise have a relation to the case sees the exclusion or restriction message. Every
person-scoped queryset starts from ``visible_to`` or ``in_scope_of`` so lists cannot leak.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from mydirection.access.models import Exclusion, Restriction
from mydirection.people.models import Person
from mydirection.staff.models import Role, User


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    ALLOCATE = "allocate"
    VIEW_ACCESS_LOG = "view_access_log"
    MANAGE_ACCESS_RULES = "manage_access_rules"


class Relation(StrEnum):
    CASE_MANAGER = "case_manager"
    TEAM_MANAGER = "team_manager"
    TEAM = "team"
    DATA_PROTECTION = "data_protection"
    # The programme's evaluation: people combined into a cohort or an extract, never opened.
    EVALUATION = "evaluation"
    NONE = "none"


# What each relation may do, and whether it needs a justification first.
_ALLOWED: dict[Relation, dict[Action, bool]] = {
    Relation.CASE_MANAGER: {Action.VIEW: False, Action.EDIT: False, Action.ALLOCATE: False},
    Relation.TEAM_MANAGER: {Action.VIEW: False, Action.EDIT: False, Action.ALLOCATE: False},
    Relation.TEAM: {Action.VIEW: True, Action.EDIT: True},
    Relation.DATA_PROTECTION: {Action.VIEW_ACCESS_LOG: True, Action.MANAGE_ACCESS_RULES: True},
    Relation.EVALUATION: {},
    Relation.NONE: {},
}

# Relations that bypass restricted-case rules: the data protection officer must be able to
# see who accessed a restricted case, and sees none of its content.
_BYPASSES_LIMITED_ACCESS = {Relation.DATA_PROTECTION}


@dataclass(frozen=True)
class Decision:
    relation: Relation
    allowed: bool
    needs_justification: bool = False
    # Set when an exclusion or restriction bars the user: the message they are shown.
    limited_access_message: str = ""

    @property
    def may_know_it_exists(self) -> bool:
        return self.relation is not Relation.NONE


def relation_of(user: User, person: Person) -> Relation:
    if not user.is_active:
        return Relation.NONE
    if user.holds_caseload and person.case_manager_id == user.pk:
        return Relation.CASE_MANAGER
    if user.team_id is not None and person.team_id == user.team_id:
        if user.role == Role.SENIOR_CASE_MANAGER:
            return Relation.TEAM_MANAGER
        if user.role == Role.CASE_MANAGER:
            return Relation.TEAM
    if user.role == Role.DATA_PROTECTION_OFFICER:
        return Relation.DATA_PROTECTION
    return Relation.NONE


def in_force(now: datetime) -> Q:
    """Exclusions and restrictions without an end, or ending after ``now``."""
    return Q(ends_at__isnull=True) | Q(ends_at__gt=now)


def has_access_rules() -> Exists:
    """A query expression: does the outer person have an exclusion or restriction in force?"""
    now = timezone.now()
    restricted = Exists(Restriction.objects.filter(in_force(now), person=OuterRef("pk")))
    excluded = Exists(Exclusion.objects.filter(in_force(now), person=OuterRef("pk")))
    return restricted | excluded  # type: ignore[return-value]


def with_limited_access(queryset: QuerySet[Person], user: User) -> QuerySet[Person]:
    """Annotate ``limited_access_message``: empty unless an active rule bars ``user``."""
    now = timezone.now()
    exclusion = Exclusion.objects.filter(in_force(now), person=OuterRef("pk"), user=user)
    restriction = Restriction.objects.filter(in_force(now), person=OuterRef("pk")).exclude(
        allowed_users=user
    )
    return queryset.annotate(
        exclusion_message=Subquery(exclusion.values("message")[:1]),
        restriction_message=Subquery(restriction.values("message")[:1]),
    )


def limited_access_message(person: Person) -> str:
    """The message from ``with_limited_access`` annotations (an exclusion wins)."""
    return (
        getattr(person, "exclusion_message", None)
        or getattr(person, "restriction_message", None)
        or ""
    )


def decide(user: User, person: Person, action: Action) -> Decision:
    """``person`` must come from ``with_limited_access`` for the same user."""
    relation = relation_of(user, person)
    if relation is Relation.NONE:
        return Decision(relation, allowed=False)
    message = limited_access_message(person)
    if message and relation not in _BYPASSES_LIMITED_ACCESS:
        return Decision(relation, allowed=False, limited_access_message=message)
    permitted = _ALLOWED[relation]
    if action not in permitted:
        return Decision(relation, allowed=False)
    return Decision(relation, allowed=True, needs_justification=permitted[action])


def needs_a_reason(user: User, person: Person) -> bool:
    """Does anything ``user`` may do to this record wait for a justification first?"""
    decisions = (decide(user, person, action) for action in Action)
    return any(decision.allowed and decision.needs_justification for decision in decisions)


def in_scope_of(user: User) -> QuerySet[Person]:
    """People ``user`` has a relation to, before restricted-case rules.

    Only search uses this directly, to show restricted cases as redacted rows.
    """
    people = Person.objects.all()
    if not user.is_active:
        return people.none()
    if user.role == Role.DATA_PROTECTION_OFFICER:
        return people
    if user.role in (Role.CASE_MANAGER, Role.SENIOR_CASE_MANAGER) and user.team_id:
        return people.filter(Q(team_id=user.team_id) | Q(case_manager_id=user.pk))
    if user.holds_caseload:
        return people.filter(case_manager_id=user.pk)
    return people.none()


def visible_to(user: User) -> QuerySet[Person]:
    """People whose records ``user`` may open: in scope and not barred by a restriction."""
    now = timezone.now()
    barred = Exists(
        Exclusion.objects.filter(in_force(now), person=OuterRef("pk"), user=user)
    ) | Exists(
        Restriction.objects.filter(in_force(now), person=OuterRef("pk")).exclude(allowed_users=user)
    )
    people = in_scope_of(user)
    if user.role == Role.DATA_PROTECTION_OFFICER:
        return people
    return people.exclude(barred)
