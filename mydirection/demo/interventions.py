"""Demo interventions and referrals: the pilot's catalogue, and its low uptake.

Each office's catalogue holds the pilot's interventions as they ended up: the Enabling Fund
(run in-house; cut, then withdrawn after eight months), the Time Bank (a partner; paused for
lack of referrals), Life Links circles (in-house with volunteers; withdrawn, no circle ever
met), life coaching with work experience (R-Evolution), self-organised small groups (with a
volunteer), a recovery group and a women's centre. The partner organisations and their workers
are written with the staff (``organisation.PARTNERS``).

The referrals follow a script (``STORIES``) rather than a rate: few referrals, several "not
suitable" decisions with their reasons (risk most often, then timing in the sentence), a few
accepted, started, completed or ended early with their sessions, some from plan steps whose
"who will do it" is the Time Bank or a life coach, and two "I'm interested" from the app that
nobody has answered yet. Only people who agreed to share their details with a partner
(a ``partner_referral`` consent given by the day of the decision) are referred. The people
are drawn with a seeded generator of this module's own, after every other part of the demo,
so nothing else changes; each referral carries its full history (``ReferralEvent``), as the
services would write it.
"""

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mydirection.caseload.models import Allocation
from mydirection.dates import add_months
from mydirection.demo.cohort import FEMALE, cohort_window
from mydirection.demo.organisation import LIFE_COACHING, TIME_BANK, WOMENS_CENTRE
from mydirection.interventions.models import (
    Availability,
    EndReason,
    Interest,
    Intervention,
    Kind,
    Reason,
    Referral,
    ReferralEvent,
    SessionRecord,
    Status,
    Suitability,
)
from mydirection.people.models import Consent, ConsentPurpose, Order, Person
from mydirection.plans.models import Goal, Plan, Step, StepActor
from mydirection.staff.models import Office, Organisation, Role, Team, User

HULL, BEVERLEY = "Hull", "Beverley"

# Interventions, by a short key the stories use.
ENABLING_FUND, TIME_BANK_KEY, LIFE_LINKS = "enabling_fund", "time_bank", "life_links"
COACHING, SMALL_GROUPS, RECOVERY, WOMEN = "coaching", "small_groups", "recovery", "women"


@dataclass(frozen=True)
class Offer:
    key: str
    name: str
    kind: Kind
    partner: str | None  # the partner organisation's name; None: run in-house
    offer: str
    eligibility: str
    capacity: int | None = None
    availability: Availability = Availability.OPEN
    reason: str = ""
    withdrawn_after_months: int | None = None  # of the pilot
    volunteers: bool = False


ENABLING_FUND_REASON = (
    "Cut, then withdrawn after eight months of the pilot: its budget was cut at four months, "
    "few people were referred, and small grants took weeks to approve."
)
TIME_BANK_REASON = (
    "Paused for lack of referrals. The Time Bank and the probation service are agreeing how "
    "case managers refer before it takes anyone new; the people already taking part carry on."
)
LIFE_LINKS_REASON = (
    "Discontinued: volunteers were trained, but too few people were referred to start a "
    "circle, and no circle ever met."
)

CATALOGUE: dict[str, tuple[Offer, ...]] = {
    HULL: (
        Offer(
            ENABLING_FUND,
            "Enabling Fund",
            Kind.ENABLING_FUND,
            None,
            "A small grant for something that helps you move on: work boots, a bus pass, a "
            "course fee, a provisional driving licence.",
            "People on MyDirection in Hull, for a step in their plan.",
            availability=Availability.WITHDRAWN,
            reason=ENABLING_FUND_REASON,
            withdrawn_after_months=8,
        ),
        Offer(
            TIME_BANK_KEY,
            "Time Bank",
            Kind.TIME_BANK,
            TIME_BANK,
            "Share what you are good at and get help in return: an hour of your time for an "
            "hour of someone else's. Gardening, decorating, cooking, computers.",
            "Anyone on probation in Hull.",
            capacity=10,
            availability=Availability.PAUSED,
            reason=TIME_BANK_REASON,
        ),
        Offer(
            LIFE_LINKS,
            "Life Links circles",
            Kind.LIFE_LINKS,
            None,
            "A circle of trained volunteers from your community who meet you every fortnight "
            "to help you work towards your goals.",
            "People on MyDirection with at least six months of their order left.",
            capacity=4,
            availability=Availability.WITHDRAWN,
            reason=LIFE_LINKS_REASON,
            withdrawn_after_months=6,
            volunteers=True,
        ),
        Offer(
            COACHING,
            "Life coaching and work experience",
            Kind.LIFE_COACHING,
            LIFE_COACHING,
            "One-to-one coaching to work out what you want next, and work experience in "
            "R-Evolution's workshops: woodwork, bike repair and catering.",
            "Anyone on probation in Hull who wants to work towards a job.",
            capacity=8,
        ),
        Offer(
            SMALL_GROUPS,
            "Small groups",
            Kind.SMALL_GROUP,
            None,
            "A small group of people on probation who meet each week and decide together what "
            "to do: a walk, cooking, a quiz, a talk from someone who has been through it.",
            "Anyone on probation in Hull.",
            capacity=6,
            volunteers=True,
        ),
        Offer(
            RECOVERY,
            "Recovery group",
            Kind.RECOVERY_GROUP,
            None,
            "A weekly group for people in recovery from drink or drugs, with peer mentors who "
            "have been there.",
            "People in recovery from alcohol or drugs, or wanting to be.",
        ),
        Offer(
            WOMEN,
            "Women's centre",
            Kind.WOMENS_CENTRE,
            WOMENS_CENTRE,
            "A women-only space: drop-ins, groups, counselling, and advice on housing, money "
            "and relationships.",
            "Women on probation.",
        ),
    ),
    BEVERLEY: (
        Offer(
            COACHING,
            "Life coaching and work experience",
            Kind.LIFE_COACHING,
            LIFE_COACHING,
            "One-to-one coaching to work out what you want next, and work experience in "
            "R-Evolution's workshops in Hull (bus fares paid).",
            "Anyone on probation in the East Riding who wants to work towards a job.",
            capacity=4,
        ),
        Offer(
            RECOVERY,
            "Recovery group",
            Kind.RECOVERY_GROUP,
            None,
            "A fortnightly group in Beverley for people in recovery from drink or drugs.",
            "People in recovery from alcohol or drugs, or wanting to be.",
        ),
        Offer(
            WOMEN,
            "Women's centre outreach",
            Kind.WOMENS_CENTRE,
            WOMENS_CENTRE,
            "The women's centre's outreach worker, at the Beverley office every Thursday.",
            "Women on probation.",
        ),
    ),
}


class Path(StrEnum):
    """How a decision went on: the statuses its history passes through."""

    NOT_REFERRED = "not_referred"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    STARTED = "started"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"
    WITHDRAWN = "withdrawn"  # by the case manager
    STOPPED = "stopped"  # the intervention was withdrawn


@dataclass(frozen=True)
class Story:
    office: str
    offer: str
    path: Path
    # Days after the pilot began (``pilot``) or before today (otherwise).
    day: int
    pilot: bool = False
    suitability: Suitability = Suitability.SUITABLE
    reason: str = ""
    detail: str = ""  # why not referred, or the note for the provider
    sessions: int = 0  # for a completed or ended referral
    step: StepActor | None = None  # a plan step this referral is for
    women: bool = False
    persona: bool = False  # on the trained persona's caseload if possible
    interest: bool = False  # answers an "I'm interested" from the app
    end_reason: str = ""
    provider_note: str = ""


def _no(
    office: str,
    offer: str,
    day: int,
    suitability: Suitability,
    reason: str,
    detail: str,
    **extra: Any,
) -> Story:
    return Story(
        office,
        offer,
        Path.NOT_REFERRED,
        day,
        suitability=suitability,
        reason=reason,
        detail=detail,
        **extra,
    )


NOT, NOW = Suitability.NOT_SUITABLE, Suitability.NOT_NOW

STORIES: tuple[Story, ...] = (
    # The Enabling Fund, during the pilot.
    Story(HULL, ENABLING_FUND, Path.COMPLETED, 25, pilot=True,
          detail="Work boots and a hi-vis jacket for a labouring job that starts on Monday."),
    Story(HULL, ENABLING_FUND, Path.COMPLETED, 60, pilot=True,
          detail="The fee for a provisional driving licence."),
    _no(HULL, ENABLING_FUND, 40, NOT, Reason.RISK,
        "Wanted money towards a car: not while the risk of driving while disqualified is high.",
        pilot=True),
    Story(HULL, ENABLING_FUND, Path.WITHDRAWN, 100, pilot=True,
          detail="A college course fee.", end_reason=EndReason.CIRCUMSTANCES,
          provider_note="The college waived the fee."),
    _no(HULL, ENABLING_FUND, 130, NOT, Reason.OTHER,
        "Wanted help with rent arrears: the fund does not pay debts. Referred to Citizens "
        "Advice instead.", pilot=True),
    # Life Links circles, during the pilot: no circle ever met.
    Story(HULL, LIFE_LINKS, Path.STOPPED, 50, pilot=True,
          detail="Lonely since moving to a new area; would like people to talk things over with."),
    Story(HULL, LIFE_LINKS, Path.STOPPED, 95, pilot=True,
          detail="Wants support to stay away from old friends."),
    _no(HULL, LIFE_LINKS, 70, NOT, Reason.RISK,
        "Circle volunteers meet people at home: not suitable with the current risk to women.",
        pilot=True),
    _no(HULL, LIFE_LINKS, 110, NOW, Reason.TIMING,
        "Five months left on the order: a circle needs at least six.", pilot=True),
    # The Time Bank, before it was paused.
    Story(HULL, TIME_BANK_KEY, Path.COMPLETED, 150, sessions=6, step=StepActor.TIME_BANK,
          detail="Good at painting and decorating; would like to swap it for gym sessions."),
    Story(HULL, TIME_BANK_KEY, Path.ENDED_EARLY, 120, sessions=3,
          end_reason=EndReason.PERSON_STOPPED, provider_note="Stopped coming after the third week.",
          detail="Keen on gardening; anxious in big groups."),
    Story(HULL, TIME_BANK_KEY, Path.STARTED, 60, step=StepActor.TIME_BANK, persona=True,
          detail="Used to paint houses for a living; anxious in new places, so a quiet first "
                  "visit would help."),
    Story(HULL, TIME_BANK_KEY, Path.SENT, 20, step=StepActor.TIME_BANK,
          detail="Good with a paintbrush; has a van licence and could help with removals too."),
    _no(HULL, TIME_BANK_KEY, 90, NOT, Reason.RISK,
        "Time Bank members visit each other's homes: not with the current risk assessment."),
    _no(HULL, TIME_BANK_KEY, 45, NOT, Reason.RISK,
        "Risk to children: exchanges may involve families.", persona=True),
    _no(HULL, TIME_BANK_KEY, 30, NOW, Reason.TIMING,
        "Just out on licence: housing first, then the Time Bank."),
    # Life coaching with work experience (R-Evolution).
    Story(HULL, COACHING, Path.COMPLETED, 170, sessions=8, step=StepActor.LIFE_COACH,
          detail="Wants to keep calm at work, and to try the catering kitchen: has a food "
                  "hygiene certificate."),
    Story(HULL, COACHING, Path.STARTED, 50, step=StepActor.LIFE_COACH, persona=True,
          detail="Would like help to keep calm when wound up, and to find out what work might "
                  "suit them after a long time out."),
    Story(HULL, COACHING, Path.DECLINED, 35,
          provider_note="The next work-experience places start in the spring: please refer "
          "again then.", detail="Interested in bike repair."),
    _no(HULL, COACHING, 80, NOT, Reason.RISK,
        "The workshops use tools: the risk of violence at work is too high for now."),
    _no(HULL, COACHING, 25, NOW, Reason.TIMING,
        "Starting the accredited programme this month: too much at once."),
    _no(HULL, COACHING, 65, NOT, Reason.DECLINED, "Said coaching is not for them."),
    # Small groups, with a volunteer.
    Story(HULL, SMALL_GROUPS, Path.STARTED, 40, interest=True,
          detail="Asked in the app to join a group; would like to meet people who get it."),
    Story(HULL, SMALL_GROUPS, Path.ACCEPTED, 12, persona=True,
          detail="Quiet at first; does better with a familiar face there."),
    _no(HULL, SMALL_GROUPS, 55, NOT, Reason.RISK,
        "Known to others in the Tuesday group from the offence: not suitable."),
    _no(HULL, SMALL_GROUPS, 15, NOW, Reason.CAPACITY,
        "The group that meets near them is full; ask again when it splits in two."),
    # The recovery group.
    Story(HULL, RECOVERY, Path.COMPLETED, 140, sessions=10,
          detail="Six weeks sober; wants support to keep it going."),
    Story(HULL, RECOVERY, Path.ENDED_EARLY, 100, sessions=4, end_reason=EndReason.BREACH,
          provider_note="Recalled to custody.", detail="Cutting down with the drug service."),
    _no(HULL, RECOVERY, 75, NOT, Reason.RISK, "Made threats at the recovery café last month."),
    _no(HULL, RECOVERY, 20, NOW, Reason.TIMING,
        "Still using every day and not yet seeing the drug service: refer once they are."),
    # The women's centre.
    Story(HULL, WOMEN, Path.STARTED, 70, women=True,
          detail="Would like help with debts and someone to talk to."),
    Story(HULL, WOMEN, Path.SENT, 6, women=True, persona=True,
          detail="Would like to join the Wednesday group."),
    _no(HULL, WOMEN, 40, NOW, Reason.TIMING,
        "In the first weeks of a refuge place: think again once she is settled.", women=True),
    _no(HULL, WOMEN, 85, NOT, Reason.DECLINED,
        "Did not want to go somewhere she might meet people she knows.", women=True),
    # Beverley.
    Story(BEVERLEY, WOMEN, Path.STARTED, 45, women=True,
          detail="Would like advice on housing after leaving a violent partner."),
    _no(BEVERLEY, COACHING, 30, NOT, Reason.RISK,
        "Risk to staff in the workshops assessed as too high."),
    _no(BEVERLEY, RECOVERY, 15, NOW, Reason.TIMING,
        "Detox booked next month: refer after it."),
)  # fmt: skip

# Two people said in the app that something interests them; nobody has answered yet.
UNANSWERED = (
    (COACHING, "I'd like to get some work experience. I used to do joinery.", 2),
    (SMALL_GROUPS, "Could I try the group on Tuesdays?", 5),
)

SESSION_NOTES = {
    TIME_BANK_KEY: ("Helped at the community garden", "Painted the hall at the tenants' centre",
                    "Computer session at the library", "Cooked for the lunch club"),
    COACHING: ("Coaching: what a good job would look like", "Bike workshop",
               "Catering kitchen, prep shift", "Coaching: a CV and a practice interview"),
    SMALL_GROUPS: ("Walk round East Park", "Cooked together", "Quiz night", "Talk from a peer"),
    RECOVERY: ("Weekly group", "Weekly group, spoke for the first time", "Weekly group"),
    WOMEN: ("Drop-in", "Wednesday group", "Money advice appointment", "Counselling"),
}  # fmt: skip
# Which notes an intervention's sessions take, by its kind.
SESSIONS_OF: dict[Kind, str] = {
    Kind.TIME_BANK: TIME_BANK_KEY,
    Kind.LIFE_COACHING: COACHING,
    Kind.SMALL_GROUP: SMALL_GROUPS,
    Kind.RECOVERY_GROUP: RECOVERY,
    Kind.WOMENS_CENTRE: WOMEN,
}
MISSED = ("Did not come", "Texted to say they were ill", "Did not come; no answer by phone")
ACCEPTED_NOTE = "Welcome: we will be in touch to arrange the first session."


@dataclass
class Candidate:
    pk: uuid.UUID
    office: str
    female: bool
    case_manager: uuid.UUID
    on_programme: date | None
    start: date
    end: date
    consent: date | None  # partner_referral consent given on (in force)
    steps: dict[str, tuple[uuid.UUID, uuid.UUID]]  # actor -> (step, goal)


def _candidates(offices: dict[str, Office]) -> list[Candidate]:
    """People in the demo offices held by the case manager they started with (a decision's
    case manager is theirs throughout), with their order, consent and plan steps.

    Each table is read on its own and joined here: in a test's transaction PostgreSQL has
    no statistics for the new rows, and plans a join of steps, goals and plans as nested
    scans that take many minutes.
    """
    office_of = {
        team: name
        for name, office in offices.items()
        for team in Team.objects.filter(office=office).values_list("pk", flat=True)
    }
    moved = set(
        Allocation.objects.filter(ended_at__isnull=False).values_list("person_id", flat=True)
    )
    orders = {
        person: (start, end)
        for person, start, end in Order.objects.filter(ended_early_on__isnull=True).values_list(
            "person_id", "start_date", "end_date"
        )
    }
    consents = dict(
        Consent.objects.filter(
            purpose=ConsentPurpose.PARTNER_REFERRAL, withdrawn_on__isnull=True
        ).values_list("person_id", "given_on")
    )
    person_of = dict(Plan.objects.values_list("pk", "person_id"))
    goals = {
        pk: (person_of[plan], position)
        for pk, plan, position in Goal.objects.values_list("pk", "plan_id", "position")
    }
    steps: dict[uuid.UUID, dict[str, tuple[uuid.UUID, uuid.UUID]]] = defaultdict(dict)
    found = Step.objects.filter(actor__in=(StepActor.TIME_BANK, StepActor.LIFE_COACH))
    for pk, goal, actor in sorted(
        found.values_list("pk", "goal_id", "actor"), key=lambda s: (goals[s[1]], s[0])
    ):
        steps[goals[goal][0]].setdefault(actor, (pk, goal))
    people = (
        Person.objects.filter(team_id__in=list(office_of), case_manager__isnull=False)
        .order_by("case_reference")
        .values_list("pk", "team_id", "gender", "case_manager_id", "programme_start")
    )
    return [
        Candidate(
            pk,
            office_of[team],
            gender == FEMALE,
            case_manager,
            joined,
            *orders[pk],
            consents.get(pk),
            steps[pk],
        )
        for pk, team, gender, case_manager, joined in people
        if pk in orders and pk not in moved
    ]


def _last_day(story: Story, decided: date, today: date, withdrawn_on: date | None) -> date:
    """The day the person's order must run to: the end of the story's history during the
    pilot (the intervention's withdrawal, for a referral it stopped), or a while yet now."""
    if not story.pilot:
        return today + timedelta(days=14)
    if story.path is Path.STOPPED and withdrawn_on is not None:
        return withdrawn_on
    if story.path in (Path.COMPLETED, Path.ENDED_EARLY):
        return decided + timedelta(days=10 + 7 * story.sessions + 7)
    return decided + timedelta(days=30)


def _fits(person: Candidate, story: Story, decided: date, last_day: date) -> bool:
    """Could ``person`` be the one ``story`` is about? Their order ran from a week before
    the decision to ``last_day``; in Hull, the decisions were made by the trained case
    managers, about people on the programme; a referral needs their consent to share their
    details with a partner, given by the day of the decision."""
    in_hull = story.pilot or story.office == HULL
    referred = story.path is not Path.NOT_REFERRED
    return (
        person.office == story.office
        and (person.female or not story.women)
        and person.start <= decided - timedelta(days=7)
        and person.end >= last_day
        and not (in_hull and (person.on_programme is None or person.on_programme > decided))
        and not (referred and (person.consent is None or person.consent > decided))
    )


def _choose(
    draw: random.Random, fitting: list[Candidate], story: Story, persona: uuid.UUID | None
) -> Candidate:
    """One of the people ``story`` fits, preferring the persona's caseload and a matching
    plan step when it asks for them (the step first)."""
    wishes: list[Any] = []
    if story.persona and persona is not None:
        wishes.append(lambda p: p.case_manager == persona)
    if story.step is not None:
        wishes.append(lambda p: story.step in p.steps)
    while wishes:
        best = [p for p in fitting if all(wish(p) for wish in wishes)]
        if best:
            return draw.choice(best)
        wishes.pop(0)
    return draw.choice(fitting)


def _cast(
    draw: random.Random,
    people: list[Candidate],
    stories: list[tuple[Story, date, date]],
    persona: uuid.UUID | None,
) -> list[tuple[Story, date, Candidate]]:
    """A different person for each story (``(story, decided, last_day)``), the story with
    the fewest people left to choose from first: the pilot's referrals need the rarest
    people (consent given, the order running long enough), whom an easier story must not
    take. A story nobody fits is left out."""
    fits = {
        n: [p for p in people if _fits(p, story, decided, last_day)]
        for n, (story, decided, last_day) in enumerate(stories)
    }
    used: set[uuid.UUID] = set()
    cast: dict[int, Candidate] = {}
    while fits:
        left = {n: [p for p in fitting if p.pk not in used] for n, fitting in fits.items()}
        n = min(left, key=lambda k: (len(left[k]) or len(people) + 1, k))
        del fits[n]
        if left[n]:
            cast[n] = _choose(draw, left[n], stories[n][0], persona)
            used.add(cast[n].pk)
    return [(stories[n][0], stories[n][1], cast[n]) for n in sorted(cast)]


def _id(draw: random.Random) -> uuid.UUID:
    return uuid.UUID(int=draw.getrandbits(128), version=4)


@dataclass
class Written:
    interventions: list[Intervention]
    referrals: list[Referral]
    events: list[ReferralEvent]
    sessions: list[SessionRecord]
    interests: list[Interest]


class _Writer:
    """Builds the rows of one story at a time, in memory."""

    def __init__(self, draw: random.Random, zone: ZoneInfo, out: Written) -> None:
        self.draw, self.zone, self.out = draw, zone, out

    def at(self, day: date, hour: int | None = None) -> datetime:
        hour = self.draw.randint(9, 16) if hour is None else hour
        return datetime.combine(day, time(hour, self.draw.choice((0, 15, 30, 45))), self.zone)

    def event(self, referral: Referral, status: Status, on: date, by: User, note: str = "") -> None:
        self.out.events.append(
            ReferralEvent(
                id=_id(self.draw), referral=referral, status=status, note=note,
                at=self.at(on), by_user=by,
            )
        )  # fmt: skip

    def sessions(
        self, referral: Referral, key: str, first: date, count: int, by: User, stop: int
    ) -> list[date]:
        """``count`` weekly sessions from ``first``: the first attended, the last ``stop``
        missed, the rest mostly attended. Returns their dates."""
        days = [first + timedelta(weeks=week) for week in range(count)]
        for n, day in enumerate(days):
            attended = n == 0 or (n < count - stop and self.draw.random() < 0.85)
            note = self.draw.choice(SESSION_NOTES[key]) if attended else self.draw.choice(MISSED)
            self.out.sessions.append(
                SessionRecord(
                    id=_id(self.draw), referral=referral, on=day, attended=attended, note=note,
                    recorded_by=by,
                )
            )  # fmt: skip
        return days


def write_demo_interventions(
    *, seed: int, today: date | None = None, persona: str | None = None
) -> int:
    """The catalogue of Hull and Beverley, and the referrals of ``STORIES``; returns how many
    decisions were written. ``persona``: the trained case manager's username, whose caseload
    some stories and the unanswered interests are about."""
    today = today or timezone.localdate()
    now = timezone.now()
    zone = ZoneInfo(settings.TIME_ZONE)
    draw = random.Random(seed * 104_729 + 23)  # its own: the rest of the demo stays the same
    offices = {o.name: o for o in Office.objects.filter(name__in=(HULL, BEVERLEY))}
    if len(offices) < 2:
        return 0
    partners = {o.name: o for o in Organisation.objects.all()}
    workers = {
        u.organisation_id: u
        for u in User.objects.filter(role=Role.PARTNER_WORKER).order_by("-username")
    }
    manager = User.objects.filter(role=Role.PROGRAMME_MANAGER).order_by("username").first()
    if manager is None:
        return 0
    volunteers = list(User.objects.filter(role=Role.VOLUNTEER))
    persona_id = (
        User.objects.filter(username=persona).values_list("pk", flat=True).first()
        if persona
        else None
    )
    pilot_start = cohort_window(today).first

    out = Written([], [], [], [], [])
    catalogue: dict[tuple[str, str], Intervention] = {}
    for office_name, offers in CATALOGUE.items():
        for offer in offers:
            withdrawn_on = (
                add_months(pilot_start, offer.withdrawn_after_months)
                if offer.withdrawn_after_months
                else None
            )
            intervention = Intervention(
                id=_id(draw),
                office=offices[office_name],
                name=offer.name,
                kind=offer.kind,
                provider=partners.get(offer.partner) if offer.partner else None,
                offer=offer.offer,
                eligibility=offer.eligibility,
                capacity=offer.capacity,
                availability=offer.availability,
                availability_reason=offer.reason,
                withdrawn_on=withdrawn_on,
            )
            catalogue[(office_name, offer.key)] = intervention
            out.interventions.append(intervention)

    def runner(intervention: Intervention) -> User:
        """Who answers for the provider: its worker, or the programme manager in-house."""
        if intervention.provider_id is None:
            return manager
        return workers.get(intervention.provider_id, manager)

    people = _candidates(offices)
    stories = []
    for story in STORIES:
        withdrawn_on = catalogue[(story.office, story.offer)].withdrawn_on
        decided = (
            pilot_start + timedelta(days=story.day)
            if story.pilot
            else today - timedelta(days=story.day)
        )
        stories.append((story, decided, _last_day(story, decided, today, withdrawn_on)))
    writer = _Writer(draw, zone, out)
    used: set[uuid.UUID] = set()
    for story, decided, person in _cast(draw, people, stories, persona_id):
        intervention = catalogue[(story.office, story.offer)]
        used.add(person.pk)
        _write_story(writer, story, intervention, person, decided, today, runner(intervention))

    # Open referrals of withdrawn interventions were ended when they were withdrawn (the
    # stories put none there); the interest the app recorded for the answered ones.
    _write_unanswered(draw, out, catalogue, people, used, persona_id, now)
    with transaction.atomic():
        Intervention.objects.bulk_create(out.interventions)
        through = Intervention.volunteers.through
        through.objects.bulk_create(
            through(intervention_id=i.pk, user_id=v.pk)
            for i in out.interventions
            if i.kind in (Kind.SMALL_GROUP, Kind.LIFE_LINKS) and i.office.name == HULL
            for v in volunteers
        )
        Interest.objects.bulk_create(out.interests)
        Referral.objects.bulk_create(out.referrals)
        ReferralEvent.objects.bulk_create(out.events)
        SessionRecord.objects.bulk_create(out.sessions)
    return len(out.referrals)


def _write_story(
    writer: _Writer,
    story: Story,
    intervention: Intervention,
    person: Candidate,
    decided: date,
    today: date,
    provider: User,
) -> None:
    draw, out = writer.draw, writer.out
    case_manager = User(pk=person.case_manager)
    referred = story.path is not Path.NOT_REFERRED
    step = person.steps.get(story.step) if story.step else None
    decided_at = writer.at(decided)
    interest = None
    if story.interest:
        interest = Interest(
            id=_id(draw),
            person_id=person.pk,
            intervention=intervention,
            note=story.detail,
            at=decided_at - timedelta(days=3),
            answered_at=decided_at,
        )
        out.interests.append(interest)
    referral = Referral(
        id=_id(draw),
        person_id=person.pk,
        intervention=intervention,
        goal_id=step[1] if step else None,
        step_id=step[0] if step else None,
        suitability=story.suitability,
        reason="" if referred else story.reason,
        reason_detail="" if referred else story.detail,
        consent_given_on=decided if referred else None,
        shares_contact=referred,
        shares_goal=step is not None,
        shares_note=referred,
        shares_availability=referred and draw.random() < 0.5,
        note_for_provider=story.detail if referred else "",
        availability_note="Weekday afternoons; works mornings" if referred else "",
        status=Status.NOT_REFERRED if not referred else Status.SENT,
        decided_by=case_manager,
        decided_at=decided_at,
        interest=interest,
    )
    out.referrals.append(referral)
    first = Status.SENT if referred else Status.NOT_REFERRED
    out.events.append(
        ReferralEvent(
            id=_id(draw),
            referral=referral,
            status=first,
            note="" if referred else story.detail,
            at=decided_at,
            by_user=case_manager,
        )
    )
    if not referred or story.path is Path.SENT:
        return

    def move(status: Status, on: date, by: User, note: str = "") -> None:
        referral.status = status
        referral.version += 1
        writer.event(referral, status, on, by, note)

    def end(status: Status, on: date, by: User, note: str, reason: str = "") -> None:
        move(status, on, by, note)
        referral.ended_on, referral.status_note, referral.end_reason = on, note, reason

    answered = decided + timedelta(days=draw.randint(2, 5))
    if story.path is Path.DECLINED:
        end(Status.DECLINED, answered, provider, story.provider_note)
        return
    if story.path is Path.WITHDRAWN:
        end(Status.WITHDRAWN, answered, case_manager, story.provider_note, story.end_reason)
        return
    if story.path is Path.STOPPED:
        if draw.random() < 0.5:
            move(Status.ACCEPTED, answered, provider, ACCEPTED_NOTE)
        withdrawn_on = intervention.withdrawn_on or today
        end(
            Status.WITHDRAWN,
            withdrawn_on,
            provider,
            intervention.availability_reason,
            EndReason.INTERVENTION_STOPPED,
        )
        return
    move(Status.ACCEPTED, answered, provider, ACCEPTED_NOTE)
    if story.path is Path.ACCEPTED:
        return
    first_day = answered + timedelta(days=7)
    if intervention.kind == Kind.ENABLING_FUND:
        # A grant: paid, then spent; no sessions.
        referral.started_on = first_day
        move(Status.STARTED, first_day, provider, "Paid.")
        spent = first_day + timedelta(days=14)
        end(Status.COMPLETED, spent, provider, "Bought, and the receipt seen.")
        return
    key = SESSIONS_OF[Kind(intervention.kind)]
    if story.path is Path.STARTED:
        count = max(1, (today - timedelta(days=1) - first_day).days // 7 + 1)
        days = writer.sessions(referral, key, first_day, count, provider, stop=0)
    else:
        stop = 2 if story.end_reason == EndReason.PERSON_STOPPED else 0
        days = writer.sessions(referral, key, first_day, story.sessions, provider, stop)
    referral.started_on = days[0]
    move(Status.STARTED, days[0], provider)
    if story.path is Path.COMPLETED:
        end(Status.COMPLETED, days[-1], provider, "Came to the sessions and finished the course.")
    elif story.path is Path.ENDED_EARLY:
        end(
            Status.ENDED_EARLY,
            days[-1] + timedelta(days=7),
            provider,
            story.provider_note,
            story.end_reason,
        )


def _write_unanswered(
    draw: random.Random,
    out: Written,
    catalogue: dict[tuple[str, str], Intervention],
    people: list[Candidate],
    used: set[uuid.UUID],
    persona: uuid.UUID | None,
    now: datetime,
) -> None:
    """Two unanswered interests, on the persona's caseload if they have people on it."""
    running = [
        p
        for p in people
        if p.office == HULL and p.pk not in used and p.end > now.date() and p.on_programme
    ]
    theirs = [p for p in running if p.case_manager == persona] or running
    for (key, note, days_ago), person in zip(
        UNANSWERED, draw.sample(theirs, min(len(theirs), len(UNANSWERED))), strict=False
    ):
        used.add(person.pk)
        out.interests.append(
            Interest(
                id=_id(draw),
                person_id=person.pk,
                intervention=catalogue[(HULL, key)],
                note=note,
                at=now - timedelta(days=days_ago, hours=draw.randint(0, 8)),
            )
        )
