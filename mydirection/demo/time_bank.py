"""A living Hull Time Bank: its coordinator (the partner worker Janice Holloway), community
members (one with a demo sign-in), volunteers (the demo volunteer among them), and three
people on probation: one already taking part from an earlier referral, and two referred since
the pause ended, with conditions for taking part (never their reasons). Listings across the
skills, exchanges confirmed over the last four months (one-to-one, and group painting
sessions), a few waiting for confirmation, some proposed and one cancelled.

The Time Bank intervention was paused for lack of referrals while the Time Bank and the
probation service agreed how case managers refer; the pause ended when referrals with
conditions for taking part began (its availability stays "paused" with an end date in the
past: open today, with its history). Everything goes through the services, as the pages
would: the rules, the ledger and the access log. Runs after the demo's interventions.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from mydirection.access.actor import Actor, PersonActor, StaffActor
from mydirection.access.policy import Relation
from mydirection.demo.organisation import TIME_BANK
from mydirection.interventions.models import (
    Condition,
    Intervention,
    Kind,
    Referral,
    ReferralEvent,
    Shared,
    Status,
    Suitability,
)
from mydirection.interventions.services import referrals
from mydirection.people.models import Consent, ConsentPurpose, Person
from mydirection.staff.models import Organisation, Role, User
from mydirection.timebank.models import (
    Exchange,
    ListingKind,
    Member,
    MemberKind,
    Place,
    Skill,
    TimeBank,
)
from mydirection.timebank.services import exchanges, joining, listings, members

# When the pause ended, and when the two people referred since joined (days ago).
REOPENED_DAYS_AGO = 80
JOINED_DAYS_AGO = 72


@dataclass(frozen=True)
class Offer:
    kind: str
    skill: str
    title: str
    place: str
    is_group: bool = False
    description: str = ""


@dataclass(frozen=True)
class Someone:
    key: str
    first_name: str
    last_initial: str
    kind: str
    area: str
    profile: str
    availability: str
    joined_days_ago: int
    offers: tuple[Offer, ...] = ()
    phone: str = ""
    # "persona": the demo's community member sign-in; "volunteer": the demo volunteer.
    account: str = ""


OFFER, ASK = ListingKind.OFFER, ListingKind.REQUEST

COMMUNITY: tuple[Someone, ...] = (
    Someone(
        "maggie", "Maggie", "B", MemberKind.COMMUNITY, "Newland Park",
        "Retired seamstress. I love a natter and my back garden, but my knees don't.",
        "Weekday afternoons", 140,
        (Offer(OFFER, Skill.SEWING, "Alterations and simple dressmaking", Place.HUB),
         Offer(ASK, Skill.GARDENING, "A hand with my back garden", Place.HOME)),
        account="persona",
    ),
    Someone(
        "dennis", "Dennis", "P", MemberKind.COMMUNITY, "Hessle Road",
        "Joiner for forty years. Happy to fix anything that wobbles.",
        "Mornings", 150,
        (Offer(OFFER, Skill.DIY, "Small repairs and flat-pack furniture", Place.HOME),),
        phone="01632 960901",
    ),
    Someone(
        "aisha", "Aisha", "K", MemberKind.COMMUNITY, "The Avenues",
        "Yoga teacher and mum of two.", "Saturday mornings", 150,
        (Offer(OFFER, Skill.WELLBEING, "Gentle yoga in Pearson Park", Place.PUBLIC, True),
         Offer(ASK, Skill.COMPUTERS, "Help setting up a website", Place.ONLINE)),
    ),
    Someone(
        "tom", "Tom", "W", MemberKind.COMMUNITY, "Beverley Road",
        "Music student. I teach piano to pay my way.", "Evenings", 130,
        (Offer(OFFER, Skill.MUSIC, "Piano for beginners", Place.HUB),
         Offer(ASK, Skill.DIY, "Someone to fix my bike", Place.PUBLIC)),
    ),
    Someone(
        "grace", "Grace", "O", MemberKind.COMMUNITY, "Orchard Park",
        "I cook for a crowd every Sunday.", "Weekends", 120,
        (Offer(OFFER, Skill.COOKING, "Cooking on a budget", Place.HUB, True),),
    ),
    Someone(
        "pete", "Pete", "H", MemberKind.COMMUNITY, "Sutton",
        "Taxi driver, now retired. I know every road in Hull.", "Most days", 140,
        (Offer(OFFER, Skill.ERRANDS, "Lifts to appointments and the shops", Place.PUBLIC),),
        phone="01632 960902",
    ),
    Someone(
        "lin", "Lin", "C", MemberKind.COMMUNITY, "City Centre",
        "IT support by day. Patient with phones.", "Tuesday and Thursday evenings", 110,
        (Offer(OFFER, Skill.COMPUTERS, "Help with phones and computers", Place.HUB),
         Offer(ASK, Skill.COMPANY, "Someone to walk with at weekends", Place.PUBLIC)),
    ),
    Someone(
        "bev", "Bev", "S", MemberKind.COMMUNITY, "Anlaby",
        "Painter and decorator. Bring old clothes!", "Thursdays", 150,
        (Offer(OFFER, Skill.DECORATING, "Painting together at the community hall", Place.HUB,
               True, "We repaint the hall and the garden benches. Paint and brushes "
               "provided."),),
    ),
    Someone(
        "dave", "Dave", "A", MemberKind.VOLUNTEER, "Hull",
        "I help run the small groups. Ask me about the community garden.", "Weekdays", 150,
        (Offer(OFFER, Skill.GARDENING, "Community garden mornings", Place.PUBLIC, True),
         Offer(OFFER, Skill.COMPANY, "A cuppa and a chat", Place.PUBLIC)),
        account="volunteer",
    ),
    Someone(
        "sue", "Sue", "R", MemberKind.VOLUNTEER, "Cottingham",
        "Former teacher.", "Monday and Wednesday", 145,
        (Offer(OFFER, Skill.TEACHING, "Reading and writing practice", Place.HUB),),
    ),
)  # fmt: skip

# The people on probation: their offers (their conditions come with their referrals).
REFERRED_OFFERS: dict[str, tuple[Offer, ...]] = {
    "alex": (Offer(OFFER, Skill.GARDENING, "Gardening: weeding, mowing, planting", Place.PUBLIC),),
    "sam": (Offer(OFFER, Skill.DIY, "Bike repairs", Place.HUB),),
    "jordan": (Offer(OFFER, Skill.MUSIC, "Guitar for beginners", Place.HUB),),
}
REFERRED_PROFILES = {
    "alex": ("Outdoors is where I feel best.", "Weekday mornings", "Bransholme"),
    "sam": ("Good with my hands. Learning to cook.", "Afternoons", "Holderness Road"),
    "jordan": ("Been playing guitar since I was twelve.", "Evenings", "Gipsyville"),
}


@dataclass(frozen=True)
class Swap:
    """One exchange of the script: days ago (negative: to come), who gives, who receives,
    what, and how far it got."""

    days_ago: int
    giver: str
    receivers: tuple[str, ...]
    skill: str
    description: str
    minutes: int
    place: str
    how: str  # "record", "confirm", "waiting", "half", "agreed", "proposed", "cancel", "open"
    group: bool = False


# (days ago, giver, receivers, skill, what, minutes, place, how, group)
SWAPS: tuple[Swap, ...] = (
    Swap(120, "dennis", ("maggie",), "diy", "Fixed a wobbly wardrobe door", 60, "home", "record"),
    Swap(112, "maggie", ("aisha",), "sewing", "Took up two pairs of trousers", 90, "hub", "record"),
    Swap(105, "tom", ("lin",), "music", "A first piano lesson", 60, "hub", "record"),
    Swap(98, "bev", ("maggie", "dennis", "grace"), "decorating", "Painting the community hall",
         120, "hub", "record", True),
    Swap(90, "lin", ("tom",), "computers", "Set up a new phone", 45, "hub", "record"),
    Swap(84, "pete", ("sue",), "errands", "A lift to the hospital", 60, "public", "record"),
    Swap(77, "aisha", ("maggie", "lin", "grace"), "wellbeing", "Yoga in the park", 60, "public",
         "record", True),
    Swap(63, "grace", ("dennis", "pete", "sue"), "cooking", "Soup and bread for a week", 90,
         "hub", "record", True),
    Swap(56, "alex", ("aisha",), "gardening", "Planting at the community garden", 120, "public",
         "record"),
    Swap(49, "dave", ("pete",), "company", "A cuppa and a chat at the café", 60, "public",
         "record"),
    Swap(42, "bev", ("alex", "sam", "maggie", "tom"), "decorating",
         "Painting the garden benches", 120, "hub", "record", True),
    Swap(40, "jordan", ("lin",), "music", "Guitar chords for beginners", 60, "hub", "record"),
    Swap(35, "sue", ("sam",), "teaching", "Reading practice", 60, "hub", "record"),
    Swap(30, "pete", ("grace",), "errands", "A lift to the cash and carry", 60, "public",
         "cancel"),
    Swap(28, "dave", ("alex", "jordan", "dennis"), "gardening", "Community garden morning", 120,
         "public", "record", True),
    Swap(21, "maggie", ("alex",), "sewing", "Fixed a jacket zip", 30, "hub", "confirm"),
    Swap(18, "grace", ("dennis",), "cooking", "Batch cooking for the freezer", 180, "home",
         "record"),
    Swap(14, "alex", ("maggie",), "gardening", "An hour of gardening at the Pearson Park beds",
         60, "public", "confirm"),
    Swap(10, "sam", ("tom",), "diy", "Fixed a bike puncture", 45, "hub", "record"),
    Swap(7, "aisha", ("sam", "sue", "lin"), "wellbeing", "Yoga in the park", 60, "public",
         "record", True),
    # Waiting: the coordinator records Lin's (no phone); Dave has to confirm Alex's.
    Swap(2, "lin", ("maggie",), "computers", "Set up video calls", 60, "hub", "half"),
    Swap(1, "alex", ("dave",), "gardening", "Tidied the community garden beds", 90, "public",
         "half"),
    Swap(1, "tom", ("grace",), "music", "A piano lesson", 60, "hub", "agreed"),
    # To come.
    Swap(-3, "dennis", ("maggie",), "diy", "Put up a shelf", 60, "home", "proposed"),
    Swap(-5, "bev", ("alex", "maggie"), "decorating", "Painting the hall doors", 120, "hub",
         "open", True),
    Swap(-6, "tom", ("jordan",), "music", "Piano and guitar together", 60, "hub", "proposed"),
)  # fmt: skip


@dataclass
class Cast:
    bank: TimeBank
    coordinator: StaffActor
    members: dict[str, Member] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)

    def actor(self, key: str) -> Actor:
        return self.actors.get(key, self.coordinator)


def _reopen(intervention: Intervention, today: date) -> None:
    reopened = today - timedelta(days=REOPENED_DAYS_AGO)
    Intervention.objects.filter(pk=intervention.pk).update(
        paused_until=reopened - timedelta(days=1),
        availability_reason=(
            "Paused for lack of referrals while the Time Bank and the probation service "
            "agreed how case managers refer: now with conditions for taking part, which the "
            f"Time Bank sees as conditions, never the reasons. Open again since "
            f"{reopened:%-d %B %Y}."
        ),
    )
    intervention.refresh_from_db()


def _people_to_refer(
    intervention: Intervention, today: date, persona: str | None, on: date
) -> list[Person]:
    """People in Hull on a current order who agreed to share their details with a partner
    by ``on``, without a Time Bank referral: on the trained case manager's caseload if they
    have any."""
    agreed = Consent.objects.filter(
        purpose=ConsentPurpose.PARTNER_REFERRAL, given_on__lte=on, withdrawn_on__isnull=True
    ).values("person")
    running = (
        Person.objects.filter(
            pk__in=agreed,
            team__office=intervention.office,
            case_manager__isnull=False,
            orders__end_date__gte=today + timedelta(days=120),
            orders__start_date__lte=today - timedelta(days=90),
        )
        .exclude(referrals__intervention=intervention)
        .exclude(Q(restriction__isnull=False) | Q(exclusions__isnull=False))
        .select_related("case_manager", "team")
        .distinct()
        .order_by("case_reference")
    )
    theirs = list(running.filter(case_manager__username=persona)[:40]) if persona else []
    return theirs or list(running[:40])


def _refer(
    intervention: Intervention,
    person: Person,
    partner: StaffActor,
    conditions: frozenset[Condition],
    keep_apart_from: str,
    on: date,
) -> Referral:
    """Referred, with conditions, and accepted, as the case manager and the coordinator
    would; then dated back to when it happened."""
    case_manager = person.case_manager
    if case_manager is None:
        raise ValueError("Referred by their case manager")
    referral = referrals.decide(
        actor=StaffActor(case_manager, Relation.CASE_MANAGER),
        person=person,
        decision=referrals.Decision(
            intervention=intervention,
            suitability=Suitability.SUITABLE,
            consent=True,
            shares=frozenset({Shared.CONTACT}),
            conditions=conditions,
            keep_apart_from=keep_apart_from,
        ),
    )
    referrals.respond(
        actor=partner,
        referral_id=referral.pk,
        expected_version=referral.version,
        accept=True,
        note="Welcome: we meet at the community hall on Thursdays.",
    )
    decided = datetime.combine(on, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    Referral.objects.filter(pk=referral.pk).update(decided_at=decided, consent_given_on=on)
    for later, status in ((timedelta(0), Status.SENT), (timedelta(days=3), Status.ACCEPTED)):
        ReferralEvent.objects.filter(referral=referral, status=status).update(at=decided + later)
    referral.refresh_from_db()
    return referral


def _join_people(
    cast: Cast, intervention: Intervention, today: date, persona: str | None, draw: random.Random
) -> None:
    partner = cast.coordinator
    started = (
        Referral.objects.filter(intervention=intervention, status=Status.STARTED)
        .select_related("person")
        .first()
    )
    joined_on = today - timedelta(days=JOINED_DAYS_AGO)
    referred_on = joined_on - timedelta(days=4)
    candidates = _people_to_refer(intervention, today, persona, referred_on)
    chosen = draw.sample(candidates, min(2, len(candidates)))
    plans: tuple[tuple[str, frozenset[Condition], str, list[str]], ...] = (
        ("alex", frozenset({Condition.PUBLIC_PLACES_ONLY}), "", []),
        (
            "sam",
            frozenset({Condition.NO_CHILDREN, Condition.NO_CONTACT}),
            "Pete H (a member who knows their family)",
            ["pete"],
        ),
    )
    for person, (key, conditions, apart, others) in zip(chosen, plans, strict=False):
        referral = _refer(
            intervention, person, partner, conditions, apart, joined_on - timedelta(days=4)
        )
        cast.members[key] = joining.join_referral(
            actor=partner,
            bank=cast.bank,
            referral=referral,
            first_name=person.preferred_name or person.first_name,
            last_initial=person.last_name[:1],
            no_contact_with=[cast.members[o] for o in others],
            joined_on=joined_on,
            phone=person.phone,
        )
        cast.actors[key] = PersonActor(person)
    if started is not None and not Member.objects.filter(person=started.person).exists():
        person = started.person
        cast.members["jordan"] = joining.join_referral(
            actor=partner,
            bank=cast.bank,
            referral=started,
            first_name=person.preferred_name or person.first_name,
            last_initial=person.last_name[:1],
            joined_on=started.started_on or joined_on,
        )
        cast.actors["jordan"] = PersonActor(person)
    for key, member in list(cast.members.items()):
        if key in REFERRED_PROFILES:
            profile, availability, area = REFERRED_PROFILES[key]
            Member.objects.filter(pk=member.pk).update(
                profile=profile, availability=availability, area=area
            )
            member.refresh_from_db()


def _list(cast: Cast, key: str, offers: tuple[Offer, ...]) -> None:
    for offer in offers:
        listings.add(
            actor=cast.actor(key),
            member=cast.members[key],
            kind=offer.kind,
            skill=offer.skill,
            title=offer.title,
            description=offer.description,
            is_group=offer.is_group,
            place=offer.place,
        )


def _play(cast: Cast, swap: Swap, today: date) -> Exchange | None:
    keys = [swap.giver, *swap.receivers]
    if any(key not in cast.members for key in keys):
        return None  # someone the demo could not cast (too few people)
    giver = cast.members[swap.giver]
    receivers = [cast.members[key] for key in swap.receivers]
    common: dict[str, Any] = {
        "bank": cast.bank,
        "giver": giver,
        "skill": swap.skill,
        "description": swap.description,
        "happens_on": today - timedelta(days=swap.days_ago),
        "minutes": swap.minutes,
        "place": swap.place,
    }
    listing = giver.listings.filter(skill=swap.skill, kind=ListingKind.OFFER).first()
    if swap.group:
        exchange = exchanges.propose(
            actor=cast.coordinator,
            receivers=[],
            proposed_by=giver,
            is_group=True,
            listing=listing,
            **common,
        )
        for key, member in zip(swap.receivers, receivers, strict=True):
            exchanges.join_group(actor=cast.actor(key), exchange_id=exchange.pk, member=member)
    else:
        asker = receivers[0]
        exchange = exchanges.propose(
            actor=cast.actor(swap.receivers[0]),
            receivers=receivers,
            proposed_by=asker,
            listing=listing,
            **common,
        )
        if swap.how not in ("proposed",):
            exchanges.accept(
                actor=cast.actor(swap.giver),
                exchange_id=exchange.pk,
                by=giver,
                expected_version=exchange.version,
            )
    if swap.how == "record":
        exchanges.record(actor=cast.coordinator, exchange_id=exchange.pk)
    elif swap.how == "confirm":
        for key in keys:
            exchanges.confirm(actor=cast.actor(key), exchange_id=exchange.pk, by=cast.members[key])
    elif swap.how == "half":
        first = next(key for key in keys if key in cast.actors)
        exchanges.confirm(actor=cast.actor(first), exchange_id=exchange.pk, by=cast.members[first])
    elif swap.how == "cancel":
        exchanges.cancel(
            actor=cast.coordinator,
            exchange_id=exchange.pk,
            by=None,
            reason="Pete's car broke down. They will fix another day.",
        )
    return exchange


def write_demo_time_bank(
    *, seed: int, today: date | None = None, persona: str | None = None
) -> int:
    """The Hull Time Bank, its members, listings and exchanges; returns how many exchanges
    were written (0 when the demo has no Time Bank organisation or coordinator)."""
    today = today or timezone.localdate()
    draw = random.Random(seed * 7_919 + 13)
    organisation = Organisation.objects.filter(name=TIME_BANK).first()
    coordinator = (
        User.objects.filter(organisation=organisation).order_by("username").first()
        if organisation
        else None
    )
    intervention = Intervention.objects.filter(
        provider=organisation, kind=Kind.TIME_BANK, office__name="Hull"
    ).first()
    if organisation is None or coordinator is None or intervention is None:
        return 0
    bank = TimeBank.objects.create(organisation=organisation, area="Hull and the East Riding")
    cast = Cast(bank, StaffActor(coordinator, Relation.PARTNER))
    accounts = {
        "persona": User.objects.filter(role=Role.TIME_BANK_MEMBER).order_by("username").first(),
        "volunteer": User.objects.filter(role=Role.VOLUNTEER).order_by("username").first(),
    }
    for someone in COMMUNITY:
        user = accounts.get(someone.account) if someone.account else None
        cast.members[someone.key] = members.join(
            actor=cast.coordinator,
            bank=bank,
            kind=someone.kind,
            first_name=someone.first_name,
            last_initial=someone.last_initial,
            joined_on=today - timedelta(days=someone.joined_days_ago),
            area=someone.area,
            profile=someone.profile,
            availability=someone.availability,
            phone=someone.phone,
            user=user,
        )
        if user is not None:
            cast.actors[someone.key] = StaffActor(user, Relation.TIME_BANK)
    _reopen(intervention, today)
    _join_people(cast, intervention, today, persona, draw)
    for someone in COMMUNITY:
        _list(cast, someone.key, someone.offers)
    for key, offers in REFERRED_OFFERS.items():
        if key in cast.members:
            _list(cast, key, offers)
    played = [_play(cast, swap, today) for swap in SWAPS]
    return sum(1 for exchange in played if exchange is not None)
