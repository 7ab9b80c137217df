"""The access policy: may this user do this to this person's record?

Plain functions over relations, so the rules can be read and tested without HTTP:

* the case manager holding the case, and the senior case manager of its team, may see and
  change it;
* a colleague in the same team may see and change it with a recorded justification (covering
  for a colleague, duty work);
* the data protection officer may see who accessed it, never its content;
* nobody else may know it exists (404), whatever their role.

Pages that are not about one person (a caseload, a diary, the staff list, the evaluation) are
guarded by *capabilities*: the table ``CAPABILITIES`` below says which role may do what, and
is the only place outside this package's relations that reads a role. Views declare theirs
with ``guard.requires``; the menu and the start page are built from the same table.

Restricted cases (nDelius "limited access") come on top: an active *exclusion* bars a named
user; an active *restriction* bars everyone but its named users. A barred user who would
otherwise have a relation to the case sees the exclusion or restriction message. Every
person-scoped queryset starts from ``visible_to`` or ``in_scope_of`` so lists cannot leak.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from mydirection.access.models import Exclusion, Restriction
from mydirection.cocreation.models import ReporterGroup, Story
from mydirection.fund.models import Level
from mydirection.fund.models import Request as FundRequest
from mydirection.fund.models import Status as FundStatus
from mydirection.interventions.models import OPEN_STATUSES, Referral, Shared, Status
from mydirection.interventions.models import Kind as InterventionKind
from mydirection.people.models import Person
from mydirection.staff.models import Office, Role, User
from mydirection.timebank.models import Member, TimeBank
from mydirection.volunteering.models import Stage, Volunteer


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    ALLOCATE = "allocate"
    VIEW_ACCESS_LOG = "view_access_log"
    MANAGE_ACCESS_RULES = "manage_access_rules"
    # Release everything held about the person to them (a subject access request, which is
    # recorded and named in every log entry: no further justification is asked).
    SUBJECT_ACCESS = "subject_access"
    # Decide whether to erase a record past its retention period, and erase it (the review
    # and the reason are recorded and named in every log entry).
    ERASE = "erase"
    # Record a request to correct the record, and the decision on it.
    RECTIFY = "rectify"


class Relation(StrEnum):
    CASE_MANAGER = "case_manager"
    TEAM_MANAGER = "team_manager"
    TEAM = "team"
    DATA_PROTECTION = "data_protection"
    # The programme's evaluation: people combined into a cohort or an extract, never opened.
    EVALUATION = "evaluation"
    # A partner organisation's worker, on a referral to their organisation (never the record).
    PARTNER = "partner"
    # A volunteer helping to run an intervention the person takes part in (first name only).
    VOLUNTEER = "volunteer"
    # The programme manager, on an Enabling Fund request they must decide or close
    # (``fund_requests``): the request, never the record.
    FUND = "fund"
    # A Time Bank member (or volunteer) who meets a person on probation in the bank as any
    # other member: their first name and initial, never the record. The bank's coordinators
    # are partner workers (``PARTNER``).
    TIME_BANK = "time_bank"
    # The volunteer coordinator, on a referral to a Life Links circle or to peer mentoring
    # (``coordinator_referrals``), and on a circle they coordinate: never the record.
    VOLUNTEERING = "volunteering"
    # The member of staff who imports a case-management extract (``caseload.importing``):
    # the records it adds are written, never opened.
    IMPORT = "import"
    # A Community Reporter or the co-creation lead, on a story a person on probation told
    # (``stories_of``): the story and its consent, never the record.
    COCREATION = "cocreation"
    NONE = "none"


# What each relation may do, and whether it needs a justification first.
_ALLOWED: dict[Relation, dict[Action, bool]] = {
    Relation.CASE_MANAGER: {Action.VIEW: False, Action.EDIT: False, Action.ALLOCATE: False},
    Relation.TEAM_MANAGER: {Action.VIEW: False, Action.EDIT: False, Action.ALLOCATE: False},
    Relation.TEAM: {Action.VIEW: True, Action.EDIT: True},
    Relation.DATA_PROTECTION: {
        Action.VIEW_ACCESS_LOG: True,
        Action.MANAGE_ACCESS_RULES: True,
        Action.SUBJECT_ACCESS: False,
        Action.ERASE: False,
        Action.RECTIFY: False,
    },
    Relation.EVALUATION: {},
    Relation.PARTNER: {},
    Relation.VOLUNTEER: {},
    Relation.FUND: {},
    Relation.TIME_BANK: {},
    Relation.VOLUNTEERING: {},
    Relation.IMPORT: {},
    Relation.COCREATION: {},
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
    if not user.is_active or person.erased_on is not None:
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


class Capability(StrEnum):
    # Hold a caseload: my caseload, my diary and its calendar, the enforcement list, search.
    HOLD_CASELOAD = "hold_caseload"
    # Add people to one's team, and run sessions at the team's office.
    WORK_IN_A_TEAM = "work_in_a_team"
    # The team's caseload and diary, for the senior case manager.
    LEAD_A_TEAM = "lead_a_team"
    # The messages inbox and the messages to check.
    READ_THE_INBOX = "read_the_inbox"
    # The office's list of appointment locations.
    MANAGE_LOCATIONS = "manage_locations"
    # Add staff, switch accounts off, reset authenticators, record training.
    ADMINISTER_STAFF = "administer_staff"
    # Implementation monitoring and the impact report.
    EVALUATE = "evaluate"
    # The pseudonymised extract, a disclosure outside the service.
    EXTRACT = "extract"
    # Search the access log, and set restricted-case rules.
    AUDIT_ACCESS = "audit_access"
    # Subject access requests (and, as they land, erasure and rectification).
    HANDLE_DATA_RIGHTS = "handle_data_rights"
    # Read the catalogue of interventions (to refer, or to run it).
    SEE_INTERVENTIONS = "see_interventions"
    # Import people, their orders, requirements and allocations from a case-management
    # extract (a CSV file), all rows or none.
    IMPORT_CASES = "import_cases"
    # Add, change, pause and withdraw interventions and partner organisations.
    MANAGE_INTERVENTIONS = "manage_interventions"
    # The "not suitable" decisions of a team, to challenge them.
    REVIEW_DECISIONS = "review_decisions"
    # A partner organisation's open referrals (``partner_referrals``).
    RECEIVE_REFERRALS = "receive_referrals"
    # The groups a volunteer helps to run (``volunteer_referrals``).
    HELP_RUN_GROUPS = "help_run_groups"
    # Enabling Fund requests waiting for one's decision (``approval_level``).
    DECIDE_FUND_REQUESTS = "decide_fund_requests"
    # Open, fund, cut and close Enabling Fund pots; their rules and providers; their report.
    MANAGE_FUNDS = "manage_funds"
    # --- The Time Bank ---
    # Run the Time Bank of one's organisation: its members, exchanges and report
    # (``time_bank_of``; 404 for a partner worker of an organisation without one).
    COORDINATE_TIME_BANK = "coordinate_time_bank"
    # Take part in a Time Bank with an account of one's own: offers, requests, exchanges
    # (``member_of``; 404 for someone who is not a member).
    USE_TIME_BANK = "use_time_bank"
    # --- Volunteering ---
    # Recruit, vet, train and place volunteers; sessions, hours, expenses; peer mentor
    # matches and Life Links circles of the coordinator's office (``coordinator_referrals``).
    COORDINATE_VOLUNTEERS = "coordinate_volunteers"
    # A volunteer's own sessions, circles, tasks, hours and expenses (``volunteer_of``; 404
    # for an account with no volunteer record).
    VOLUNTEER = "volunteer"
    # --- The API (``mydirection.api``) ---
    # Create, list and revoke one's own API tokens; a token acts as its owner, under this same
    # policy (``visible_to``, ``decide``), so it is granted to the roles that hold cases and
    # read them in the browser. A partner system's service account is a case-holding account
    # made by the administrator, its token made with ``manage.py create_api_token``.
    USE_THE_API = "use_the_api"
    # --- Staff learning ---
    # Organise training days and Action Learning Sets for one's office (``learning_offices``;
    # the programme manager, who belongs to no team, every office). Never anyone's
    # reflective log: only its author reads an entry.
    ORGANISE_LEARNING = "organise_learning"
    # My learning: one's own training days, Action Learning Sets and reflective log.
    LEARN = "learn"
    # --- Co-creation (Community Reporting) ---
    # Capture stories, take consent, screen and redact them, for one's reporter groups
    # (``reporter_groups``; 404 for an account that is no reporter).
    CAPTURE_STORIES = "capture_stories"
    # Highlight, theme and group stories into insights; reporters, groups, guides and
    # co-analysts (the co-creation lead, for the groups of their office or all offices).
    CURATE_STORIES = "curate_stories"
    # Workshops, their decisions and change actions; the "you said, we did" page.
    RUN_WORKSHOPS = "run_workshops"
    # Read the "you said, we did" page: what was heard from stories and what changed.
    SEE_CHANGES = "see_changes"


# Which role may do what; True: only while they belong to a team (an office's work).
CAPABILITIES: dict[Role, dict[Capability, bool]] = {
    Role.CASE_MANAGER: {
        Capability.HOLD_CASELOAD: False,
        Capability.WORK_IN_A_TEAM: True,
        Capability.READ_THE_INBOX: False,
        Capability.SEE_INTERVENTIONS: False,
        Capability.DECIDE_FUND_REQUESTS: True,
        Capability.USE_THE_API: False,
        Capability.LEARN: False,
        Capability.CAPTURE_STORIES: False,
        Capability.SEE_CHANGES: False,
    },
    Role.SENIOR_CASE_MANAGER: {
        Capability.HOLD_CASELOAD: False,
        Capability.WORK_IN_A_TEAM: True,
        Capability.LEAD_A_TEAM: True,
        Capability.READ_THE_INBOX: False,
        Capability.MANAGE_LOCATIONS: True,
        Capability.SEE_INTERVENTIONS: False,
        Capability.REVIEW_DECISIONS: True,
        Capability.DECIDE_FUND_REQUESTS: True,
        Capability.USE_THE_API: False,
        Capability.ORGANISE_LEARNING: True,
        Capability.LEARN: False,
        Capability.CAPTURE_STORIES: False,
        Capability.SEE_CHANGES: False,
    },
    Role.ADMINISTRATOR: {
        Capability.ADMINISTER_STAFF: False,
        Capability.MANAGE_LOCATIONS: False,
        Capability.IMPORT_CASES: False,
    },
    Role.EVALUATOR: {Capability.EVALUATE: False},
    Role.PROGRAMME_MANAGER: {
        Capability.EVALUATE: False,
        Capability.EXTRACT: False,
        Capability.SEE_INTERVENTIONS: False,
        Capability.MANAGE_INTERVENTIONS: False,
        Capability.DECIDE_FUND_REQUESTS: False,
        Capability.MANAGE_FUNDS: False,
        Capability.ORGANISE_LEARNING: False,
        Capability.LEARN: False,
        Capability.CAPTURE_STORIES: False,
        Capability.SEE_CHANGES: False,
        Capability.CURATE_STORIES: False,
        Capability.RUN_WORKSHOPS: False,
    },
    Role.DATA_PROTECTION_OFFICER: {
        Capability.AUDIT_ACCESS: False,
        Capability.HANDLE_DATA_RIGHTS: False,
    },
    Role.VOLUNTEER_COORDINATOR: {
        Capability.SEE_INTERVENTIONS: False,
        Capability.COORDINATE_VOLUNTEERS: True,
        Capability.LEARN: False,
        Capability.CAPTURE_STORIES: False,
        Capability.SEE_CHANGES: False,
    },
    Role.VOLUNTEER: {
        Capability.HELP_RUN_GROUPS: False,
        Capability.USE_TIME_BANK: False,
        Capability.VOLUNTEER: False,
        Capability.CAPTURE_STORIES: False,
        Capability.SEE_CHANGES: False,
    },
    Role.PARTNER_WORKER: {
        Capability.RECEIVE_REFERRALS: False,
        Capability.COORDINATE_TIME_BANK: False,
    },
    # A community member's account: the Time Bank and nothing else.
    Role.TIME_BANK_MEMBER: {Capability.USE_TIME_BANK: False},
}

# Where each capability's holder starts after signing in, first match wins.
START_PAGES: tuple[tuple[Capability, str], ...] = (
    (Capability.HOLD_CASELOAD, "caseload:home"),
    (Capability.ADMINISTER_STAFF, "staff:list"),
    (Capability.AUDIT_ACCESS, "access:log-search"),
    (Capability.EVALUATE, "evaluation:home"),
    # A scoped capability counts only with its scope (``holds``): a partner worker whose
    # organisation runs no Time Bank starts on their referrals.
    (Capability.COORDINATE_VOLUNTEERS, "volunteering:home"),
    (Capability.COORDINATE_TIME_BANK, "timebank:home"),
    (Capability.RECEIVE_REFERRALS, "partner:referrals"),
    (Capability.VOLUNTEER, "volunteering:mine"),
    (Capability.CURATE_STORIES, "cocreation:home"),
    (Capability.CAPTURE_STORIES, "cocreation:home"),
    (Capability.HELP_RUN_GROUPS, "interventions:groups"),
    (Capability.USE_TIME_BANK, "timebank:listings"),
)


def may(user: User, capability: Capability) -> bool:
    """Deny by default: an inactive account, an unknown role or a missing row may nothing."""
    if not user.is_active:
        return False
    granted = CAPABILITIES.get(Role(user.role), {}) if user.role in Role.values else {}
    if capability not in granted:
        return False
    return not granted[capability] or user.team_id is not None


# Who may approve Enabling Fund requests up to which level (``fund.rules.required_level``);
# a role not named approves nothing.
APPROVAL_LEVELS: dict[Role, Level] = {
    Role.CASE_MANAGER: Level.CASE_MANAGER,
    Role.SENIOR_CASE_MANAGER: Level.SENIOR,
    Role.PROGRAMME_MANAGER: Level.PROGRAMME_MANAGER,
}


def approval_level(user: User) -> Level | None:
    """The highest level of Enabling Fund request ``user`` may approve (None: none). Their
    relation to the person is decided apart: the case manager and senior through the record,
    the programme manager through ``fund_requests``."""
    if not user.is_active or user.role not in Role.values:
        return None
    return APPROVAL_LEVELS.get(Role(user.role))


def start_page(user: User) -> str:
    """The URL name a user lands on: their first capability's page, else their caseload."""
    return next((name for cap, name in START_PAGES if holds(user, cap)), "caseload:home")


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
    # An erased person's row is an empty shell kept for the monitoring figures: nobody's.
    people = Person.objects.filter(erased_on__isnull=True)
    if not user.is_active:
        return people.none()
    if user.role == Role.DATA_PROTECTION_OFFICER:
        return people
    if user.role in (Role.CASE_MANAGER, Role.SENIOR_CASE_MANAGER) and user.team_id:
        return people.filter(Q(team_id=user.team_id) | Q(case_manager_id=user.pk))
    if user.holds_caseload:
        return people.filter(case_manager_id=user.pk)
    return people.none()


def _barred(user: User, person: str) -> Exists:
    """Is the person at ``person`` (an outer reference) barred to ``user`` by a rule in force?"""
    now = timezone.now()
    excluded = Exists(Exclusion.objects.filter(in_force(now), person=OuterRef(person), user=user))
    restricted = Exists(
        Restriction.objects.filter(in_force(now), person=OuterRef(person)).exclude(
            allowed_users=user
        )
    )
    return excluded | restricted  # type: ignore[return-value]


def visible_to(user: User) -> QuerySet[Person]:
    """People whose records ``user`` may open: in scope and not barred by a restriction."""
    kept = _kept(user)
    if kept is not None:
        return kept.visible.all()
    people = in_scope_of(user)
    if user.role == Role.DATA_PROTECTION_OFFICER:
        return people
    return people.exclude(_barred(user, "pk"))


def with_access_rules(user: User) -> Q:
    """A filter on the people in ``user``'s scope: those with an exclusion or a restriction
    in force (anyone's), the lists' "Restricted" tag."""
    kept = _kept(user)
    if kept is None or kept.ruled is None:
        return Q(has_access_rules())
    return Q(pk__in=kept.ruled)


@dataclass(frozen=True)
class _Rule:
    visible: QuerySet[Person]
    # The people in scope with a rule in force (None: the data protection officer's scope is
    # everyone, and they see no list that shows it).
    ruled: frozenset[UUID] | None


# A page asks ``visible_to`` several times (its list, its panels, the menu's unread count).
# Within ``one_request`` (the ``access.middleware.one_rule_per_request`` middleware) each
# user's rule is built once and kept: the people in their scope with a restriction or an
# exclusion in force are read once (one query, usually no rows), with which of them bar the
# user, so every later query of the page carries a plain list, often none, instead of the
# rule tables' subqueries. That was a sixth of the caseload pages' time at 250,000 people
# (docs/benchmarks.md).
#
# A rule written during the request counts at once: writing or ending an exclusion or a
# restriction, or changing who a restriction allows, forgets the kept rules (``forget``,
# connected in ``access.apps``). A rule written by another request while this one runs
# counts from this one's next request, as if it had started a moment earlier. Only the
# moment the rule was built is kept with it: a rule that ends during the request still bars
# until it is over (it never opens a record early).
_rules: ContextVar[dict[tuple[object, ...], _Rule] | None] = ContextVar(
    "visible_to_rules", default=None
)


def _kept(user: User) -> _Rule | None:
    """The request's rule for ``user``, built when first asked for (None outside a request)."""
    kept = _rules.get()
    if kept is None:
        return None
    key = (user.pk, user.role, user.team_id, user.is_active)
    if key not in kept:
        people = in_scope_of(user)
        if user.role == Role.DATA_PROTECTION_OFFICER:
            kept[key] = _Rule(people, ruled=None)
        else:
            rules = people.filter(has_access_rules()).annotate(barred=_barred(user, "pk"))
            ruled = dict(rules.values_list("pk", "barred"))
            barred = [pk for pk, bars in ruled.items() if bars]
            visible = people.exclude(pk__in=barred) if barred else people
            kept[key] = _Rule(visible, frozenset(ruled))
    return kept[key]


@contextmanager
def one_request() -> Iterator[None]:
    """Within this, ``visible_to`` builds each user's rule once."""
    token = _rules.set({})
    try:
        yield
    finally:
        _rules.reset(token)


def forget(**_: object) -> None:
    """A restricted-case rule changed: the request's kept rules are built again when next
    asked for (a signal receiver, hence the keyword arguments)."""
    kept = _rules.get()
    if kept:
        kept.clear()


def partner_referrals(user: User) -> QuerySet[Referral]:
    """The referrals a partner worker may see: open ones, to their own organisation, of
    people no restricted-case rule bars them from. Nothing else of anyone: no record page
    (their relation to a person is never more than ``Relation.PARTNER`` on a referral)."""
    referrals = Referral.objects.filter(status__in=OPEN_STATUSES, person__erased_on__isnull=True)
    if not may(user, Capability.RECEIVE_REFERRALS) or user.organisation_id is None:
        return referrals.none()
    return referrals.filter(intervention__provider_id=user.organisation_id).exclude(
        _barred(user, "person_id")
    )


def shared_with_provider(referral: Referral) -> list[Shared]:
    """What the provider may read of a referral: what the person agreed to share, while the
    referral is open; nothing once it has ended."""
    return referral.shared_items if referral.is_open else []


def volunteer_referrals(user: User) -> QuerySet[Referral]:
    """The referrals a volunteer may know of: people accepted on or taking part in an
    intervention the volunteer helps to run. They read the first name and nothing else."""
    referrals = Referral.objects.filter(
        status__in=(Status.ACCEPTED, Status.STARTED), person__erased_on__isnull=True
    )
    if not may(user, Capability.HELP_RUN_GROUPS):
        return referrals.none()
    return referrals.filter(intervention__volunteers=user).exclude(_barred(user, "person_id"))


def fund_requests(user: User) -> QuerySet[FundRequest]:
    """The Enabling Fund requests the programme manager may read without the record: those
    only they may approve, and every request still waiting (to close a pot). Logged with the
    relation ``fund``; restricted cases stay barred."""
    # An erased person's request stays for the ledger, emptied: nobody's to decide or read.
    requests = FundRequest.objects.filter(person__erased_on__isnull=True)
    if not may(user, Capability.MANAGE_FUNDS):
        return requests.none()
    return requests.filter(Q(level=Level.PROGRAMME_MANAGER) | Q(status=FundStatus.WAITING)).exclude(
        _barred(user, "person_id")
    )


# --- The Time Bank -----------------------------------------------------------------------
# Coordinators are partner workers of the organisation that runs a Time Bank; members with
# accounts are community members (``Role.TIME_BANK_MEMBER``) and volunteers, each reaching
# their own membership only. People on probation take part from their app (``Member.person``).


def time_bank_of(user: User) -> TimeBank | None:
    """The Time Bank ``user`` coordinates: their organisation's (None: none; its pages 404)."""
    if not may(user, Capability.COORDINATE_TIME_BANK) or user.organisation_id is None:
        return None
    return (
        TimeBank.objects.select_related("organisation")
        .filter(organisation_id=user.organisation_id)
        .first()
    )


def member_of(user: User) -> Member | None:
    """``user``'s own membership of a Time Bank, while it lasts (None: its pages 404)."""
    if not may(user, Capability.USE_TIME_BANK):
        return None
    return (
        Member.objects.select_related("bank__organisation")
        .filter(user=user, left_on__isnull=True)
        .first()
    )


# --- Volunteering ------------------------------------------------------------------------
# The coordinator works for an office (their team's): its volunteers, sessions and circles, and
# the referrals to its own circles and peer mentoring. A volunteer reaches their own record,
# and the people in their circles or mentored by them by first name only.

COORDINATED_KINDS = (InterventionKind.LIFE_LINKS, InterventionKind.PEER_MENTORING)


def coordinator_office_id(user: User) -> UUID | None:
    """The office whose volunteering ``user`` coordinates (None: none; its pages 404)."""
    if not may(user, Capability.COORDINATE_VOLUNTEERS) or user.team is None:
        return None
    return user.team.office_id


def coordinator_referrals(user: User) -> QuerySet[Referral]:
    """Referrals the coordinator may see: to their office's own (not a partner's) circles and
    peer mentoring, open or ended (a circle outlives its referral), restricted cases barred.
    What they read of each is what the person agreed to share (``shared_with_provider``)."""
    office_id = coordinator_office_id(user)
    referrals = Referral.objects.filter(
        intervention__kind__in=COORDINATED_KINDS, intervention__provider__isnull=True
    )
    if office_id is None:
        return referrals.none()
    return referrals.filter(intervention__office_id=office_id).exclude(_barred(user, "person_id"))


def volunteer_of(user: User) -> Volunteer | None:
    """``user``'s own volunteer record, unless they have left (None: its pages 404)."""
    if not may(user, Capability.VOLUNTEER):
        return None
    return Volunteer.objects.filter(user=user).exclude(stage=Stage.LEFT).first()


# --- Staff learning ----------------------------------------------------------------------
# A senior case manager organises the training days and Action Learning Sets of their team's
# office; the programme manager (no team) those of every office. Learners are the staff who
# may keep a learning record (``LEARN``). A reflective log entry is its author's alone: no
# capability reads another's (``learning.rules.may_read_entry``).


def learning_offices(user: User) -> QuerySet[Office]:
    """The offices whose learning ``user`` organises (none: its pages 404)."""
    if not may(user, Capability.ORGANISE_LEARNING):
        return Office.objects.none()
    if user.team_id is None:
        return Office.objects.all()
    return Office.objects.filter(teams__members=user)


def learners() -> QuerySet[User]:
    """Active accounts that keep a learning record: the staff a training day or a set is for."""
    roles = [role for role, granted in CAPABILITIES.items() if Capability.LEARN in granted]
    return User.objects.filter(role__in=roles, is_active=True)


# --- Co-creation ---------------------------------------------------------------------------
# A reporter (staff, volunteer) reaches the stories of their own groups; the co-creation lead
# those of their office's groups, or of every office when they belong to no team. A story told
# by a person on probation is read with the relation ``cocreation``: never the record.


def reporter_groups(user: User) -> QuerySet[ReporterGroup]:
    """The groups ``user`` is an active reporter of (none: the reporter's pages 404)."""
    groups = ReporterGroup.objects.all()
    if not may(user, Capability.CAPTURE_STORIES):
        return groups.none()
    return groups.filter(reporters__user=user, reporters__active=True).distinct()


def reporter_group_of(user: User) -> ReporterGroup | None:
    """One group ``user`` reports in (None: none; the capability's scope)."""
    return reporter_groups(user).first()


def curated_groups(user: User) -> QuerySet[ReporterGroup]:
    """The groups the co-creation lead curates: their office's, or all without a team."""
    groups = ReporterGroup.objects.all()
    if not may(user, Capability.CURATE_STORIES):
        return groups.none()
    if user.team_id is not None:
        return groups.filter(office_id=user.team.office_id)  # type: ignore[union-attr]
    return groups


def stories_of(user: User) -> QuerySet[Story]:
    """The stories ``user`` may read: their groups' (as a reporter or as the lead), without
    those of people on probation a restricted-case rule bars them from."""
    stories = Story.objects.filter(
        Q(group__in=reporter_groups(user).order_by().values("pk"))
        | Q(group__in=curated_groups(user).order_by().values("pk"))
    )
    return stories.exclude(
        Q(storyteller_person__isnull=False) & Q(_barred(user, "storyteller_person_id"))
    )


# Capabilities that reach one bank, one membership, one office or one volunteer: held only
# with it.
_SCOPES = {
    Capability.COORDINATE_TIME_BANK: time_bank_of,
    Capability.USE_TIME_BANK: member_of,
    Capability.COORDINATE_VOLUNTEERS: coordinator_office_id,
    Capability.VOLUNTEER: volunteer_of,
    Capability.CAPTURE_STORIES: reporter_group_of,
}


def holds(user: User, capability: Capability) -> bool:
    """``may``, and for a scoped capability its scope too (the menu and the start page)."""
    scope = _SCOPES.get(capability)
    return may(user, capability) and (scope is None or scope(user) is not None)


def knows_only_the_time_bank(user: User) -> bool:
    """A community member's account: the Time Bank is all they may use, so their pages (the
    layout and its footer included) never speak of probation."""
    if not user.is_active or user.role not in Role.values:
        return False
    granted = CAPABILITIES.get(Role(user.role), {})
    return set(granted) == {Capability.USE_TIME_BANK}


def time_bank_accounts() -> QuerySet[User]:
    """Accounts that may take part in a Time Bank (community members, volunteers): the
    coordinator links one to a member, who then signs in to it."""
    roles = [role for role, granted in CAPABILITIES.items() if Capability.USE_TIME_BANK in granted]
    return User.objects.filter(role__in=roles, is_active=True)
