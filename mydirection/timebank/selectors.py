"""Reads of a Time Bank: its members and their balances, offers and requests, exchanges,
statements, the coordinator's home and report, and the figures other apps read (the person's
record, the evaluation). Every read starts from one bank (the coordinator's, the member's):
another bank's ids find nothing, so its pages answer 404."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Any
from uuid import UUID

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mydirection.interventions.models import Kind, Referral, Status
from mydirection.people.models import Person
from mydirection.timebank import rules
from mydirection.timebank.models import (
    Exchange,
    ExchangeStatus,
    Listing,
    ListingKind,
    Member,
    Party,
    Posting,
    Skill,
    TimeBank,
    TransferKind,
)
from mydirection.timebank.who import Who

# A member is active if they gave or received time in this many days.
ACTIVE_DAYS = 90
# Exchanges still to happen or to be confirmed.
UNDER_WAY = (ExchangeStatus.PROPOSED, ExchangeStatus.ACCEPTED, ExchangeStatus.DONE)


def _balance() -> Coalesce:
    return Coalesce(Sum("postings__minutes"), Value(0), output_field=IntegerField())


# --- Members ---------------------------------------------------------------------------------


def members(bank: TimeBank, *, active_only: bool = False) -> QuerySet[Member]:
    """The bank's members with their balance (``balance``, minutes), by first name: one
    query however many there are."""
    found = Member.objects.filter(bank=bank).annotate(balance=_balance())
    if active_only:
        found = found.filter(left_on__isnull=True)
    return found.order_by("left_on", "first_name", "number")


def member_in(bank: TimeBank, member_id: UUID) -> Member | None:
    return (
        members(bank)
        .select_related("referral__intervention", "user")
        .prefetch_related("no_contact_with")
        .filter(pk=member_id)
        .first()
    )


def balance_of(member: Member) -> int:
    total = Posting.objects.filter(member=member).aggregate(total=Sum("minutes"))["total"]
    return int(total or 0)


def past_soft_floor(bank: TimeBank) -> list[Member]:
    """Members whose balance is below the bank's soft floor: the coordinator follows them up."""
    return [
        member
        for member in members(bank, active_only=True)
        if rules.flagged(int(member.balance), bank.soft_floor)  # type: ignore[attr-defined]
    ]


@dataclass(frozen=True)
class Line:
    on: date
    text: str
    minutes: int
    balance: int


def statement(member: Member) -> list[Line]:
    """Every movement of the member's credits, oldest first, with the balance after each."""
    postings = (
        Posting.objects.filter(member=member)
        .select_related("transfer__exchange")
        .order_by("transfer__at", "id")
    )
    lines: list[Line] = []
    balance = 0
    for posting in postings:
        transfer = posting.transfer
        balance += posting.minutes
        exchange = transfer.exchange
        if transfer.kind == TransferKind.STARTER:
            text = "Starter credits from the Time Bank"
        elif exchange is not None:
            text = f"{'Gave' if posting.minutes > 0 else 'Received'}: {exchange.description}"
        else:
            text = transfer.note or transfer.get_kind_display()
        if exchange is not None:
            on = exchange.happens_on
        elif transfer.kind == TransferKind.STARTER:
            on = member.joined_on
        else:
            on = timezone.localdate(transfer.at)
        lines.append(Line(on, text, posting.minutes, balance))
    return lines


def accounts_to_link(bank: TimeBank, accounts: QuerySet[Any]) -> QuerySet[Any]:
    """Of the accounts that may take part (``access.policy.time_bank_accounts``), those not
    yet a member anywhere."""
    return accounts.exclude(time_bank_member__isnull=False).order_by("first_name", "last_name")


# --- Offers and requests ---------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    kind: str = ""
    skill: str = ""
    area: str = ""


def listings(bank: TimeBank, search: Search = Search()) -> QuerySet[Listing]:
    """Open offers and requests (not expired, not withdrawn, of members still in the bank),
    newest first, by kind, skill and area (the listing's or its member's)."""
    found = Listing.objects.filter(
        member__bank=bank,
        member__left_on__isnull=True,
        withdrawn=False,
        expires_on__gte=timezone.localdate(),
    ).select_related("member")
    if search.kind:
        found = found.filter(kind=search.kind)
    if search.skill:
        found = found.filter(skill=search.skill)
    if search.area.strip():
        words = search.area.strip()
        found = found.filter(Q(area__icontains=words) | Q(member__area__icontains=words))
    return found.order_by("-created_at")


def listings_of(member: Member) -> QuerySet[Listing]:
    """A member's own listings that are not taken down, expired ones included (to renew)."""
    return Listing.objects.filter(member=member, withdrawn=False).order_by("-created_at")


def listing_for(who: Who, listing_id: UUID) -> Listing | None:
    """A listing of the bank; an expired or withdrawn one only for its member or the
    coordinator."""
    listing = (
        Listing.objects.filter(member__bank=who.bank, pk=listing_id)
        .select_related("member__bank", "member__referral__step")
        .first()
    )
    if listing is None:
        return None
    hidden = listing.withdrawn or listing.expires_on < timezone.localdate()
    if hidden and not (who.coordinator or who.is_me(listing.member)):
        return None
    return listing


def is_expired(listing: Listing) -> bool:
    return listing.expires_on < timezone.localdate()


# --- Exchanges -------------------------------------------------------------------------------


def _with_people(exchanges: QuerySet[Exchange]) -> QuerySet[Exchange]:
    return exchanges.select_related("giver", "listing", "proposed_by").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("member").order_by("id"))
    )


def sessions_of(listing: Listing) -> QuerySet[Exchange]:
    """A group offer's sessions still to come or to be confirmed, soonest first."""
    return _with_people(
        Exchange.objects.filter(
            listing=listing,
            is_group=True,
            status__in=UNDER_WAY,
            happens_on__gte=timezone.localdate() - timedelta(days=30),
        )
    ).order_by("happens_on")


def exchanges_of(member: Member) -> QuerySet[Exchange]:
    """The member's exchanges, as giver or receiver, newest first."""
    mine = Q(giver=member) | Q(Exists(Party.objects.filter(exchange=OuterRef("pk"), member=member)))
    return _with_people(Exchange.objects.filter(mine)).order_by("-happens_on", "-created_at")


def exchange_for(who: Who, exchange_id: UUID) -> Exchange | None:
    """An exchange of the bank: any for the coordinator; for a member, one they are in or a
    group session open to join."""
    found = _with_people(Exchange.objects.filter(bank=who.bank, pk=exchange_id))
    if who.member is not None:
        member = who.member
        found = found.filter(
            Q(giver=member)
            | Q(Exists(Party.objects.filter(exchange=OuterRef("pk"), member=member)))
            | Q(is_group=True, status__in=UNDER_WAY)
        )
    return found.first()


def people_in(exchange: Exchange) -> list[Member]:
    """The giver first, then the receivers (from the prefetch)."""
    return [exchange.giver, *(party.member for party in exchange.parties.all())]


@dataclass(frozen=True)
class ExchangeView:
    """An exchange as one member (or the coordinator: ``me`` None) reads it."""

    exchange: Exchange
    me: Any
    giving: bool
    receiving: bool
    confirmed: bool  # by this member
    waiting_for: list[str] = field(default_factory=list)  # who has not confirmed yet

    @property
    def taking_part(self) -> bool:
        return self.giving or self.receiving

    @property
    def others(self) -> list[Member]:
        return [m for m in people_in(self.exchange) if m.pk != self.me]


def view_of(exchange: Exchange, member: Member | None) -> ExchangeView:
    parties = list(exchange.parties.all())
    me = member.pk if member is not None else None
    giving = me is not None and exchange.giver_id == me
    mine = next((p for p in parties if me is not None and p.member_id == me), None)
    confirmed = (giving and exchange.giver_confirmed_at is not None) or (
        mine is not None and mine.confirmed_at is not None
    )
    waiting = []
    if exchange.status in (ExchangeStatus.ACCEPTED, ExchangeStatus.DONE):
        if exchange.giver_confirmed_at is None:
            waiting.append(exchange.giver.name)
        waiting += [p.member.name for p in parties if p.confirmed_at is None]
    return ExchangeView(exchange, me, giving, mine is not None, confirmed, waiting)


def waiting_to_record(bank: TimeBank) -> QuerySet[Exchange]:
    """Agreed exchanges whose day has come and that not everyone has confirmed: for members
    without phones, the coordinator records them."""
    with_someone = Exists(Party.objects.filter(exchange=OuterRef("pk")))
    return _with_people(
        Exchange.objects.filter(
            bank=bank,
            status__in=(ExchangeStatus.ACCEPTED, ExchangeStatus.DONE),
            happens_on__lte=timezone.localdate(),
        ).filter(with_someone)
    ).order_by("happens_on")


def waiting_to_agree(bank: TimeBank) -> QuerySet[Exchange]:
    return _with_people(
        Exchange.objects.filter(bank=bank, status=ExchangeStatus.PROPOSED)
    ).order_by("happens_on")


def referrals_waiting(bank: TimeBank, in_reach: QuerySet[Referral]) -> list[Referral]:
    """Of the coordinator's open referrals (``access.policy.partner_referrals``), those to the
    bank not yet members: to answer (sent) or to join (accepted)."""
    return list(
        in_reach.filter(
            intervention__kind=Kind.TIME_BANK,
            intervention__provider_id=bank.organisation_id,
            status__in=(Status.SENT, Status.ACCEPTED, Status.STARTED),
        )
        .exclude(Exists(Member.objects.filter(referral=OuterRef("pk"))))
        .select_related("person", "intervention")
        .order_by("decided_at")
    )


# --- The coordinator's report ----------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: date
    skills: list[tuple[str, int, int]]  # (skill, exchanges, minutes given), busiest first
    exchanges: int
    minutes: int


@dataclass(frozen=True)
class Report:
    skills: list[tuple[str, str]]
    months: list[MonthRow]
    total_exchanges: int
    total_minutes: int
    active: int
    inactive: int
    without_offers: list[Member]
    # Days from joining to the first exchange: how many members in each band.
    first_exchange: list[tuple[str, int]]
    median_days: float | None


FIRST_EXCHANGE_BANDS = (
    (14, "Within 2 weeks"),
    (31, "Within a month"),
    (92, "Within 3 months"),
    (None, "Longer than 3 months"),
)


def _first_months(today: date, count: int) -> list[date]:
    first = today.replace(day=1)
    months = [first]
    for _ in range(count - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months


def report(bank: TimeBank, *, months: int = 12) -> Report:
    """Exchanges and hours by month and skill (the giver's credit is the time given), active
    and inactive members, members without an offer, and how soon members first exchange."""
    today = timezone.localdate()
    starts = _first_months(today, months)
    given = (
        Posting.objects.filter(
            bank=bank,
            transfer__kind=TransferKind.EXCHANGE,
            minutes__gt=0,
            transfer__exchange__happens_on__gte=starts[-1],
        )
        .values_list("transfer__exchange__happens_on", "transfer__exchange__skill", "minutes")
        .order_by()
    )
    by_month: dict[date, Counter[str]] = defaultdict(Counter)
    minutes_by: dict[date, Counter[str]] = defaultdict(Counter)
    for on, skill, minutes in given:
        month = on.replace(day=1)
        by_month[month][skill] += 1
        minutes_by[month][skill] += minutes
    used = {skill for counter in by_month.values() for skill in counter}
    skills = [(value, label) for value, label in Skill.choices if value in used]
    rows = [
        MonthRow(
            month,
            sorted(
                (
                    (str(label), by_month[month][value], minutes_by[month][value])
                    for value, label in skills
                    if by_month[month][value]
                ),
                key=lambda cell: (-cell[1], cell[0]),
            ),
            sum(by_month[month].values()),
            sum(minutes_by[month].values()),
        )
        for month in starts
    ]
    current = list(members(bank, active_only=True))
    since = today - timedelta(days=ACTIVE_DAYS)
    confirmed = Exchange.objects.filter(bank=bank, status=ExchangeStatus.CONFIRMED)
    recent = confirmed.filter(happens_on__gte=since)
    active_ids = set(recent.values_list("giver_id", flat=True)) | set(
        Party.objects.filter(exchange__in=recent).values_list("member_id", flat=True)
    )
    offering = set(
        listings(bank).filter(kind=ListingKind.OFFER).values_list("member_id", flat=True)
    )
    firsts: dict[Any, date] = {}
    for giver_id, on in confirmed.values_list("giver_id", "happens_on"):
        firsts[giver_id] = min(on, firsts.get(giver_id, on))
    for member_id, on in Party.objects.filter(exchange__in=confirmed).values_list(
        "member_id", "exchange__happens_on"
    ):
        firsts[member_id] = min(on, firsts.get(member_id, on))
    days = [max(0, (firsts[m.pk] - m.joined_on).days) for m in members(bank) if m.pk in firsts]
    bands, lower = [], -1
    for limit, label in FIRST_EXCHANGE_BANDS:
        bands.append((label, sum(1 for d in days if lower < d and (limit is None or d <= limit))))
        lower = limit if limit is not None else lower
    not_yet = sum(1 for m in current if m.pk not in firsts)
    bands.append(("Not yet", not_yet))
    active = sum(1 for m in current if m.pk in active_ids)
    return Report(
        skills=skills,
        months=rows,
        total_exchanges=sum(r.exchanges for r in rows),
        total_minutes=sum(r.minutes for r in rows),
        active=active,
        inactive=len(current) - active,
        without_offers=[m for m in current if m.pk not in offering],
        first_exchange=bands,
        median_days=median(days) if days else None,
    )


# --- For the person's record and the evaluation ----------------------------------------------


@dataclass(frozen=True)
class Hours:
    member: Member
    given: int
    received: int
    exchanges: int

    @property
    def balance(self) -> int:
        return self.given - self.received


def _given_received(postings: QuerySet[Posting]) -> tuple[int, int]:
    sums = postings.filter(transfer__kind=TransferKind.EXCHANGE).aggregate(
        given=Sum("minutes", filter=Q(minutes__gt=0)),
        received=Sum("minutes", filter=Q(minutes__lt=0)),
    )
    return int(sums["given"] or 0), -int(sums["received"] or 0)


def hours_of(person: Person) -> Hours | None:
    """The person's time given and received in the Time Bank (None: not a member)."""
    member = Member.objects.filter(person=person).select_related("bank__organisation").first()
    if member is None:
        return None
    given, received = _given_received(Posting.objects.filter(member=member))
    exchanges = Exchange.objects.filter(
        Q(giver=member) | Q(parties__member=member), status=ExchangeStatus.CONFIRMED
    ).aggregate(count=Count("pk", distinct=True))["count"]
    return Hours(member, given, received, int(exchanges or 0))


def person_panel(person: Person) -> dict[str, Any] | None:
    """The Interventions tab's Time Bank panel: the person's hours (None: not a member)."""
    hours = hours_of(person)
    return None if hours is None else {"hours": hours}


@dataclass(frozen=True)
class TakingPart:
    """People on probation in Time Banks (for the evaluation: counts of people, suppressed
    when small by the page that shows them)."""

    bank: str
    joined: int
    exchanged: int
    given: int
    received: int
    steps_done: int


def people_on_probation_taking_part() -> list[TakingPart]:
    rows = []
    for bank in TimeBank.objects.select_related("organisation").order_by("organisation__name"):
        referred = Member.objects.filter(bank=bank, person__isnull=False)
        confirmed = Exchange.objects.filter(bank=bank, status=ExchangeStatus.CONFIRMED)
        exchanged = referred.filter(
            Q(Exists(confirmed.filter(giver=OuterRef("pk"))))
            | Q(Exists(Party.objects.filter(member=OuterRef("pk"), exchange__in=confirmed)))
        ).count()
        given, received = _given_received(
            Posting.objects.filter(bank=bank, member__person__isnull=False)
        )
        steps = confirmed.filter(step__isnull=False).values("step").distinct().count()
        rows.append(
            TakingPart(bank.organisation.name, referred.count(), exchanged, given, received, steps)
        )
    return rows
