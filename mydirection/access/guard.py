"""The one way a view reaches a person's record.

``person_for`` loads the person, asks the policy, and then either returns the person (and logs
the consultation), or refuses: 404 when the user may not know the case exists, the exclusion
or restriction message when a restricted-case rule bars them, or a request for a
justification first. Refusals are logged too.
"""

import functools
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest

from mydirection.access.actor import Actor, PersonActor, StaffActor
from mydirection.access.log import Entries, record, record_groups, record_many
from mydirection.access.models import Operation
from mydirection.access.policy import (
    CAPABILITIES,
    Action,
    Capability,
    Relation,
    _barred,
    coordinator_office_id,
    coordinator_referrals,
    curated_groups,
    decide,
    fund_requests,
    has_access_rules,
    may,
    member_of,
    partner_referrals,
    relation_of,
    reporter_groups,
    stories_of,
    time_bank_of,
    volunteer_of,
    volunteer_referrals,
    with_limited_access,
)
from mydirection.cocreation.models import ReporterGroup, Story
from mydirection.fund.models import Request as FundRequest
from mydirection.http import StaffRequest
from mydirection.interventions.models import Referral
from mydirection.people.models import Person
from mydirection.staff.models import User
from mydirection.timebank.models import Member, TimeBank
from mydirection.volunteering.models import Volunteer

_SESSION_KEY = "justifications"

# Annotations other apps add to the person a record page loads (for the identity bar's
# flags), so a flag costs no query of its own: name -> a function giving the expression.
_RECORD_ANNOTATIONS: dict[str, Callable[[], Any]] = {}


def annotate_record(name: str, expression: Callable[[], Any]) -> None:
    """Load ``name`` with every person a record page opens (an app's ``ready`` calls it)."""
    _RECORD_ANNOTATIONS[name] = expression


View = TypeVar("View", bound=Callable[..., Any])
Rows = TypeVar("Rows", bound=Model)


def requires(capability: Capability) -> Callable[[View], View]:
    """A page for the holders of ``capability`` only; anyone else gets 404, as for a page
    that does not exist (the access policy's table says who holds what)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: StaffRequest, *args: Any, **kwargs: Any) -> Any:
            if not may(request.user, capability):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


class JustificationRequired(Exception):
    def __init__(self, person: Person) -> None:
        super().__init__("A justification is needed to open this record")
        self.person = person


def justification_for(request: StaffRequest, person_id: UUID) -> str:
    """The reason the user gave for this case in this session, while it lasts."""
    given: dict[str, Any] = request.session.get(_SESSION_KEY, {})
    entry = given.get(str(person_id))
    if not entry or entry["until"] < time.time():
        return ""
    return str(entry["reason"])


def remember_justification(request: StaffRequest, person_id: UUID, reason: str) -> None:
    given: dict[str, Any] = request.session.get(_SESSION_KEY, {})
    now = time.time()
    given = {key: value for key, value in given.items() if value["until"] >= now}
    given[str(person_id)] = {"reason": reason, "until": now + settings.JUSTIFICATION_SECONDS}
    request.session[_SESSION_KEY] = given


def person_for(
    request: StaffRequest,
    person_id: UUID,
    *,
    action: Action = Action.VIEW,
    what: str,
    details: dict[str, Any] | None = None,
) -> tuple[Person, StaffActor]:
    """The person, if the policy allows ``action``, and the user as the actor of whatever the
    view does next (with the relation that let them in, and the reason they gave); logs the
    consultation (on GET now, on other methods if the response shows the page).

    ``what`` names the page or record, as it will read in the access log; ``details`` goes
    with it (identifiers only: the API names its token there).
    """
    user = request.user
    extra = {name: expression() for name, expression in _RECORD_ANNOTATIONS.items()}
    people = with_limited_access(
        Person.objects.select_related("team__office", "case_manager").annotate(
            has_access_rules=has_access_rules(), **extra
        ),
        user,
    )
    person = people.filter(pk=person_id).first()
    if person is None:
        raise Http404
    decision = decide(user, person, action)
    if not decision.allowed:
        if decision.may_know_it_exists:
            record(
                actor=StaffActor(user, decision.relation),
                operation=Operation.DENY,
                what=what,
                subject_id=person.pk,
                details={"action": action, "restricted": bool(decision.limited_access_message)},
            )
            raise PermissionDenied(
                decision.limited_access_message or "You cannot do this for this person."
            )
        raise Http404
    justification = ""
    if decision.needs_justification:
        justification = justification_for(request, person.pk)
        if not justification:
            raise JustificationRequired(person)
    actor = StaffActor(user, decision.relation, justification=justification)
    _consult(request, actor, what, person.pk, details)
    return person, actor


def _consult(
    request: StaffRequest,
    actor: StaffActor,
    what: str,
    person_id: UUID,
    details: dict[str, Any] | None = None,
) -> None:
    """Log the page as a consultation of the person: now for a GET; for another method once
    the response shows the page. A form posted with errors (or from an old version)
    re-renders the page full of the record, so it is a consultation as much as a GET; a
    redirect after a change shows nothing, and the service has logged the change. Only the
    response can tell."""
    consult = functools.partial(
        record,
        actor=actor,
        operation=Operation.CONSULT,
        what=what,
        subject_id=person_id,
        details=details,
    )
    if request.method == "GET":
        consult()
    else:
        consult_if_shown(request, consult)


def consulted(
    user: User, what: str, people: Iterable[Person], details: dict[str, Any] | None = None
) -> None:
    """A page listing people is a consultation of each person on it, each with the user's
    relation to them (the people must come from ``visible_to(user)``); ``details`` as for
    ``person_for``."""
    consulted_lists(user, [(what, people)], details)


def consulted_lists(
    user: User,
    lists: Iterable[tuple[str, Iterable[Person]]],
    details: dict[str, Any] | None = None,
) -> None:
    """``consulted`` for each of a page's lists (what it is, its people), written at once: the
    same entries, in one insert under the access log's lock."""
    groups = []
    for what, people in lists:
        by_relation: dict[Relation, list[UUID]] = defaultdict(list)
        for person in dict.fromkeys(people):
            by_relation[relation_of(user, person)].append(person.pk)
        groups += [
            Entries(StaffActor(user, relation), what, person_ids, details)
            for relation, person_ids in by_relation.items()
        ]
    record_groups(operation=Operation.CONSULT, groups=groups)


def _referral_relation(user: User) -> Relation:
    """Partner workers and volunteers reach people only through referrals."""
    return Relation.PARTNER if may(user, Capability.RECEIVE_REFERRALS) else Relation.VOLUNTEER


def referrals_in_reach(user: User) -> QuerySet[Referral]:
    """The referrals a partner worker or volunteer may see (none for anyone else)."""
    if may(user, Capability.RECEIVE_REFERRALS):
        return partner_referrals(user)
    return volunteer_referrals(user)


def referral_for(
    request: StaffRequest, referral_id: UUID, *, what: str
) -> tuple[Referral, StaffActor]:
    """A referral a partner worker (or volunteer) may see, as ``person_for`` gives a record:
    404 for anything outside their reach, the consultation logged, and the actor to pass on."""
    referral = (
        referrals_in_reach(request.user)
        .select_related("person", "intervention__provider", "goal", "step")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    actor = StaffActor(request.user, _referral_relation(request.user))
    _consult(request, actor, what, referral.person_id)
    return referral, actor


def referrals_consulted(user: User, what: str, referrals: Iterable[Referral]) -> None:
    """A partner's or volunteer's list of referrals is a consultation of each person on it."""
    person_ids = list(dict.fromkeys(referral.person_id for referral in referrals))
    if person_ids:
        record_many(
            actor=StaffActor(user, _referral_relation(user)),
            operation=Operation.CONSULT,
            what=what,
            subject_ids=person_ids,
        )


def fund_request_for(
    request: StaffRequest, request_id: UUID, *, what: str
) -> tuple[FundRequest, StaffActor]:
    """An Enabling Fund request the programme manager may read without the record
    (``policy.fund_requests``), as ``referral_for`` gives a referral: 404 for anything else,
    the consultation logged with the relation ``fund``, and the actor to pass on."""
    found = (
        fund_requests(request.user)
        .select_related("person", "goal", "provider", "fund", "asked_by", "decided_by")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404
    actor = StaffActor(request.user, Relation.FUND)
    _consult(request, actor, what, found.person_id)
    return found, actor


def fund_requests_consulted(user: User, what: str, requests: Iterable[FundRequest]) -> None:
    """The programme manager's list of fund requests: one consultation per request, with the
    relation ``fund`` (they read the request, never the record)."""
    person_ids = [fund_request.person_id for fund_request in requests]
    if person_ids:
        record_many(
            actor=StaffActor(user, Relation.FUND),
            operation=Operation.CONSULT,
            what=what,
            subject_ids=person_ids,
        )


# The consultations a non-GET request has not written yet; see ``consult_if_shown``.
_PENDING = "_mydirection_pending_consults"


def consult_if_shown(request: HttpRequest, consult: Callable[[], object]) -> None:
    """Write ``consult`` once the response is known, if it shows the page.

    ``mydirection.access.middleware.consult_when_shown`` writes it for a page the view
    returns (a form with errors, a page saying the record changed meanwhile) and drops it for
    a redirect, an answer to HEAD (no body) or an error page from an exception (a 404 for a
    goal of someone else's shows nothing of this person).
    """
    pending: list[Callable[[], object]] = request.__dict__.setdefault(_PENDING, [])
    pending.append(consult)


def pending_consults(request: HttpRequest) -> list[Callable[[], object]]:
    """Take the consultations ``consult_if_shown`` kept for this request."""
    pending: list[Callable[[], object]] = request.__dict__.pop(_PENDING, [])
    return pending


# --- The Time Bank -----------------------------------------------------------------------
# A coordinator reaches their organisation's bank, a member with an account their own
# membership: 404 otherwise. Nobody reaches a record: a person on probation among the
# members is a member like any other (first name and initial), and a page that shows them is
# logged as a consultation with the relation that let the user in (``partner`` for the
# coordinator, ``time_bank`` for a member).


def time_bank_for(request: StaffRequest) -> TimeBank:
    """The bank the user coordinates (404 for anyone else)."""
    bank = time_bank_of(request.user)
    if bank is None:
        raise Http404
    return bank


def membership_for(request: StaffRequest) -> Member:
    """The user's own membership (404 for anyone who is not a member)."""
    member = member_of(request.user)
    if member is None:
        raise Http404
    return member


def time_bank_actor(user: User) -> StaffActor:
    """The user as the Time Bank's services and the access log see them."""
    coordinates = may(user, Capability.COORDINATE_TIME_BANK)
    return StaffActor(user, Relation.PARTNER if coordinates else Relation.TIME_BANK)


def members_consulted(
    request: HttpRequest, actor: Actor, what: str, members: Iterable[Member]
) -> None:
    """A Time Bank page showing members is a consultation of each person on probation among
    them (nobody else's record is kept); a person in their app is not logged for reading
    their own name. Logged now for a GET, else once the response shows the page."""
    own = actor.person.pk if isinstance(actor, PersonActor) else None
    person_ids = list(
        dict.fromkeys(m.person_id for m in members if m.person_id and m.person_id != own)
    )
    if not person_ids:
        return
    consult = functools.partial(
        record_many, actor=actor, operation=Operation.CONSULT, what=what, subject_ids=person_ids
    )
    if request.method == "GET":
        consult()
    else:
        consult_if_shown(request, consult)


# --- Volunteering: the coordinator ---------------------------------------------------------
# The coordinator reaches their office's volunteers, sessions, circles and peer mentor matches,
# and the referrals to its own Life Links and peer mentoring (``coordinator_referrals``): 404
# for anything of another office. They never open a record: a person on probation (a focus
# person, a mentee, a volunteer who is one) appears by name, and each page showing one is
# logged as a consultation with the relation ``volunteering``. Volunteers who are not people on
# probation are not logged about (nobody's record is kept of them here).


def coordinator_office(request: StaffRequest) -> UUID:
    """The id of the office whose volunteering the user coordinates (404 for anyone else)."""
    office_id = coordinator_office_id(request.user)
    if office_id is None:
        raise Http404
    return office_id


def coordinator_actor(user: User) -> StaffActor:
    """The coordinator as the volunteering services and the access log see them."""
    return StaffActor(user, Relation.VOLUNTEERING)


def volunteering_consulted(
    request: HttpRequest, what: str, person_ids: Iterable[UUID | None]
) -> None:
    """A coordinator's page showing people on probation (focus persons, mentees, volunteers
    who are on probation): one consultation per person, with the relation ``volunteering``.
    Logged now for a GET, else once the response shows the page."""
    ids = list(dict.fromkeys(pk for pk in person_ids if pk is not None))
    if not ids:
        return
    user: User = request.user  # type: ignore[assignment]
    consult = functools.partial(
        record_many,
        actor=coordinator_actor(user),
        operation=Operation.CONSULT,
        what=what,
        subject_ids=ids,
    )
    if request.method == "GET":
        consult()
    else:
        consult_if_shown(request, consult)


# --- Volunteering: volunteers and the person's own ----------------------------------------
# A volunteer reaches their own record only (``policy.volunteer_of``; 404 for anyone else),
# with a staff-style account or, for a person on probation who volunteers, from their app.
# The people on probation they meet there (a circle's focus person, a fellow volunteer with
# lived experience) are shown by first name and logged as consulted, with the relation
# ``volunteer``; a person in their app is not logged for reading their own name.


def volunteer_for(request: StaffRequest) -> Volunteer:
    """The user's own volunteer record (404 for anyone who has none, or has left)."""
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    return volunteer


def volunteer_actor(user: User) -> StaffActor:
    """A volunteer as the volunteering services and the access log see them."""
    return StaffActor(user, Relation.VOLUNTEER)


def volunteer_pages_consulted(
    request: HttpRequest, actor: Actor, what: str, person_ids: Iterable[UUID | None]
) -> None:
    """A volunteer's page showing people on probation (by first name): one consultation of
    each, now for a GET, else once the response shows the page."""
    own = actor.person.pk if isinstance(actor, PersonActor) else None
    shown = list(dict.fromkeys(p for p in person_ids if p is not None and p != own))
    if not shown:
        return
    consult = functools.partial(
        record_many, actor=actor, operation=Operation.CONSULT, what=what, subject_ids=shown
    )
    if request.method == "GET":
        consult()
    else:
        consult_if_shown(request, consult)


def coordinated_referrals(user: User, kind: str) -> QuerySet[Referral]:
    """The referrals of ``kind`` (Life Links, peer mentoring) the coordinator may read."""
    return coordinator_referrals(user).filter(intervention__kind=kind)


def coordinated_referral_for(
    request: StaffRequest, referral_id: UUID, *, kind: str, what: str
) -> tuple[Referral, StaffActor]:
    """One referral to the office's circles or peer mentoring, as ``referral_for`` gives a
    partner theirs: 404 for anything else, the consultation logged, and the actor."""
    referral = (
        coordinated_referrals(request.user, kind)
        .select_related("person", "intervention", "goal", "step")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    actor = coordinator_actor(request.user)
    _consult(request, actor, what, referral.person_id)
    return referral, actor


def not_barred(queryset: QuerySet[Rows], user: User, person_field: str) -> QuerySet[Rows]:
    """``queryset`` without the rows whose person (at ``person_field``) a restricted-case rule
    bars ``user`` from: a circle's focus person, a mentee."""
    return queryset.exclude(_barred(user, person_field))


def volunteer_accounts() -> QuerySet[User]:
    """Accounts a volunteer signs in with (``Capability.VOLUNTEER``) not yet linked to a
    volunteer record: the coordinator links one when adding a volunteer."""
    roles = [role for role, granted in CAPABILITIES.items() if Capability.VOLUNTEER in granted]
    return User.objects.filter(role__in=roles, is_active=True, volunteer__isnull=True)


# --- Co-creation (Community Reporting) ------------------------------------------------------
# A reporter reaches their groups' stories, the co-creation lead their office's groups' (all
# offices', without a team): 404 for anything else. Nobody reaches a record: a story told by a
# person on probation is logged about them, with the relation ``cocreation``.


def cocreation_actor(user: User) -> StaffActor:
    """A reporter or the co-creation lead, as co-creation's services and the log see them."""
    return StaffActor(user, Relation.COCREATION)


def story_groups(request: StaffRequest) -> QuerySet[ReporterGroup]:
    """The groups the user reports in or curates (404 when none)."""
    user = request.user
    groups = ReporterGroup.objects.filter(
        Q(pk__in=reporter_groups(user).order_by().values("pk"))
        | Q(pk__in=curated_groups(user).order_by().values("pk"))
    ).select_related("office")
    if not groups:
        raise Http404
    return groups


def story_for(request: StaffRequest, story_id: UUID, *, what: str) -> tuple[Story, StaffActor]:
    """A story the user may read (``stories_of``; 404 otherwise), its reading logged about the
    storyteller (now for a GET, else once the response shows the page), and the actor."""
    story = (
        stories_of(request.user)
        .select_related(
            "group__office",
            "storyteller_person",
            "captured_by__user",
            "captured_by__person",
            "consent__taken_by",
            "screen__screened_by",
            "screen__signed_off_by",
            "media",
        )
        .filter(pk=story_id)
        .first()
    )
    if story is None:
        raise Http404
    actor = cocreation_actor(request.user)
    consult = functools.partial(
        record,
        actor=actor,
        operation=Operation.CONSULT,
        what=what,
        subject_id=story.storyteller_person_id,
        details={"story": str(story.pk)},
    )
    if request.method == "GET":
        consult()
    else:
        consult_if_shown(request, consult)
    return story, actor


def stories_consulted(request: HttpRequest, what: str, stories: Iterable[Story]) -> None:
    """A page showing stories (or excerpts of them): one consultation of each storyteller on
    probation, with the relation ``cocreation``."""
    cocreation_consulted(request, what, (s.storyteller_person_id for s in stories))


def cocreation_consulted(
    request: HttpRequest, what: str, person_ids: Iterable[UUID | None]
) -> None:
    """A co-creation page naming people on probation (storytellers, reporters, co-analysts):
    one consultation of each, with the relation ``cocreation``; now for a GET, else once the
    response shows the page."""
    ids = list(dict.fromkeys(pk for pk in person_ids if pk is not None))
    if not ids:
        return
    user: User = request.user  # type: ignore[assignment]
    consult = functools.partial(
        record_many,
        actor=cocreation_actor(user),
        operation=Operation.CONSULT,
        what=what,
        subject_ids=ids,
    )
    if request.method == "GET":
        consult()
    else:
        consult_if_shown(request, consult)
