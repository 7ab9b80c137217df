"""Demo Enabling Fund: Hull's pot during the pilot, as it ended, and Hull's pot now.

The pilot's pot is shaped like the pilot's fund: opened when the pilot began, 10 uses by 9
people, £453.40 in all, the largest £84, mostly accommodation, food and clothing (4, 3, 2
and an ID document), decided by case managers (in the fast lane) and a senior case manager,
receipts in for most; its budget cut at four months, and closed at eight (the day the
catalogue's Enabling Fund was withdrawn), a request still waiting declined because it closed.
Two of its grants are the pilot's Enabling Fund referrals (``demo.interventions``): the work
boots and the provisional driving licence, for the same people.

The pot now: £1,000, the case manager up to £50, a senior up to £150, £150 a person,
"Something else" needing a senior, five approved providers, and a few requests in each state:
the £35 work boots a person asked for from their app yesterday, waiting for their case
manager (the demo's trained case manager); £120 for a deposit waiting for the senior case
manager; one paid by voucher whose receipt is overdue; one paid with its receipt; one
approved and not yet paid; one declined; one the person cancelled.

Everything goes through the fund's services (the ledger is never written by hand), each step
on the day it happened: the clock is moved to it (``time_machine``), so the requests, the
ledger's movements and the access log carry realistic dates. Receipts are stored through
``uploads.services.store`` (their files are written when each step's transaction commits).
"""

import io
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.policy import Relation, relation_of
from mydirection.dates import add_months
from mydirection.demo.cohort import cohort_window
from mydirection.fund.models import (
    Category,
    CategoryRule,
    Fund,
    PaymentMethod,
    Provider,
    Request,
)
from mydirection.fund.rules import pounds
from mydirection.fund.services import pots
from mydirection.fund.services.requests import add_receipt, approve, ask, cancel, decline, pay
from mydirection.interventions.models import Kind, Referral
from mydirection.interventions.models import Status as ReferralStatus
from mydirection.people.models import Order, Person
from mydirection.plans.models import CURRENT_GOALS, Conversation, Goal
from mydirection.plans.services import add_goal, record_conversation
from mydirection.practice import Area, ConversationKind
from mydirection.staff.models import Office, Role, User

HULL = "Hull"

# The providers, by a short key: (name, what they sell).
PROVIDERS: dict[str, tuple[str, str]] = {
    "workwear": ("Hull Workwear", "Work boots and work clothing"),
    "travel": ("Humber Travel", "Bus passes and tickets"),
    "lettings": ("City Lettings deposit scheme", "Deposits and rent in advance"),
    "food": ("Hull Food Co-op", "Food and household basics"),
    "id": ("Post Office ID services", "Driving licences, passports and birth certificates"),
    "lodge": ("Humber Lodge", "Emergency rooms, by the night or the week"),
    "clothes": ("Castle Street Clothing", "Clothes and shoes"),
}
PILOT_PROVIDERS = ("lodge", "lettings", "food", "workwear", "clothes", "id", "travel")
NOW_PROVIDERS = ("workwear", "travel", "lettings", "food", "id")


@dataclass(frozen=True)
class Grant:
    """One request, and what happened to it (times after asking)."""

    day: int  # days after the pilot began (its pot), or days ago (the pot now)
    category: Category
    amount: int  # pence
    provider: str
    what_for: str
    area: Area  # the plan goal it is for
    goal: str  # in the person's words, if they have no current goal in that area
    decided: timedelta | None  # None: approved at once, in the fast lane
    paid: timedelta = timedelta(days=2)
    method: PaymentMethod = PaymentMethod.VOUCHER
    receipt: timedelta | None = timedelta(days=9)  # None: never came in
    again: int | None = None  # the same person as this earlier grant (its index)
    referral: str = ""  # the start of the pilot referral's note this grant is (interventions)


H, D = timedelta(hours=1), timedelta(days=1)
ACC, FOOD, CLOTHES, ID = (
    Category.ACCOMMODATION,
    Category.FOOD,
    Category.CLOTHING,
    Category.ID_DOCUMENTS,
)
HOME, WORK, MONEY = Area.ACCOMMODATION, Area.EMPLOYMENT_EDUCATION, Area.FINANCES

# The pilot's ten uses: £453.40, the largest £84 (a senior's), the mean £45.34.
PILOT_GRANTS: tuple[Grant, ...] = (
    Grant(12, ACC, 8400, "lodge", "A week at Humber Lodge until my flat is ready", HOME,
          "I want somewhere safe to live when I get out", 5 * D),
    Grant(19, FOOD, 2500, "food", "Food until my first Universal Credit payment", MONEY,
          "I want to get my benefits sorted and pay my bills", None),
    Grant(25, CLOTHES, 4550, "workwear", "Work boots and a hi-vis jacket for the labouring job",
          WORK, "I want to get back on the building sites", 2 * D, referral="Work boots"),
    Grant(33, ACC, 4800, "lodge", "Two nights at Humber Lodge after the hostel closed", HOME,
          "I want somewhere safe to live", 4 * H, paid=D),
    Grant(46, FOOD, 3000, "food", "Food for the first week in my new flat", HOME,
          "I want to make my flat a home", None, receipt=None),
    Grant(60, ID, 3400, "id", "A provisional driving licence", WORK,
          "I want to learn to drive so I can get a delivery job", 3 * D,
          method=PaymentMethod.PURCHASE_ORDER, referral="The fee for a provisional"),
    Grant(78, ACC, 7200, "lettings", "Rent in advance for a room in a shared house", HOME,
          "I want a place of my own", 8 * D, method=PaymentMethod.PURCHASE_ORDER),
    Grant(101, CLOTHES, 4950, "clothes", "Clothes for a job interview at the warehouse", WORK,
          "I want a job with regular hours", 20 * H, method=PaymentMethod.REIMBURSEMENT),
    Grant(150, ACC, 4500, "lettings", "The rest of the deposit on my flat", HOME,
          "I want a place of my own", 6 * D, again=1),
    Grant(190, FOOD, 2040, "food", "Food and electric until payday", MONEY,
          "I want to get on top of my money", None, receipt=None),
)  # fmt: skip
PILOT_OPENED_WITH = 120_000  # £1,200
PILOT_CUT = 40_000  # £400, at four months
PILOT_CUT_NOTE = "The budget was cut by a third at four months."
# The pilot's referral story of rent arrears (``demo.interventions``), as a declined request.
ARREARS = Grant(130, ACC, 15_000, "lettings", "Help with my rent arrears", HOME,
                "I want to keep my tenancy", 2 * D,
                referral="Wanted help with rent arrears")  # fmt: skip
ARREARS_REASON = (
    "The fund cannot pay debts such as rent arrears. Your case manager has referred you to "
    "Citizens Advice, who can help you agree a plan with your landlord."
)
# Asked a few days before the pot closed, and declined because it closed.
LAST_ASKED = Grant(-3, Category.TRAVEL, 3800, "travel", "A bus pass to get to college", WORK,
                   "I want to finish my maths course", None)  # fmt: skip

NOW_AMOUNT = 100_000  # £1,000
NOW_LIMITS = {"case_manager_limit": 5_000, "senior_limit": 15_000, "person_limit": 15_000}


@dataclass
class DemoFund:
    """What was written, for the summary the demo prints."""

    pilot: Fund | None = None
    now: Fund | None = None
    requests: int = 0
    receipts: list[uuid.UUID] = field(default_factory=list)

    def summary(self) -> str:
        if self.pilot is None or self.now is None:
            return "Enabling Fund: not written (no Hull office, programme manager or people)."
        spent = sum(grant.amount for grant in PILOT_GRANTS)
        return (
            f"Enabling Fund: Hull's pilot pot, closed ({len(PILOT_GRANTS)} uses, "
            f"{pounds(spent)}), and its pot now ({pounds(NOW_AMOUNT)}; two requests waiting "
            "for the trained case manager and the senior case manager)."
        )


@contextmanager
def on(moment: datetime) -> Iterator[None]:
    """The clock at ``moment`` (still) while the services write."""
    import time_machine  # the demo's own dependency: never loaded by the service itself

    with time_machine.travel(moment, tick=False):
        yield


@dataclass
class Candidate:
    pk: uuid.UUID
    case_manager: uuid.UUID
    team: uuid.UUID | None
    joined: date | None
    orders: list[tuple[date, date]]
    goals: dict[str, uuid.UUID]  # area -> a current goal

    def running(self, first: date, last: date) -> bool:
        return any(start <= first and end >= last for start, end in self.orders)


def _candidates(office: Office) -> list[Candidate]:
    """People in ``office`` with a case manager and no restriction or exclusion: each table
    read on its own (as ``demo.interventions`` does)."""
    people = (
        Person.objects.filter(
            team__office=office, case_manager__isnull=False, restriction__isnull=True
        )
        .exclude(pk__in=Person.objects.filter(exclusions__isnull=False).values("pk"))
        .order_by("case_reference")
        .values_list("pk", "case_manager_id", "team_id", "programme_start")
    )
    orders: dict[uuid.UUID, list[tuple[date, date]]] = defaultdict(list)
    for person, start, end, early in Order.objects.filter(person__team__office=office).values_list(
        "person_id", "start_date", "end_date", "ended_early_on"
    ):
        orders[person].append((start, early or end))
    goals: dict[uuid.UUID, dict[str, uuid.UUID]] = defaultdict(dict)
    for pk, person, area in (
        Goal.objects.filter(plan__person__team__office=office, status__in=CURRENT_GOALS)
        .order_by("position", "created_at")
        .values_list("pk", "plan__person_id", "area")
    ):
        goals[person].setdefault(area, pk)
    return [
        Candidate(pk, manager, team, joined, orders[pk], goals[pk])
        for pk, manager, team, joined in people
    ]


class _Cast:
    """Chooses people, a different one for each request (unless it says otherwise)."""

    def __init__(self, draw: random.Random, people: list[Candidate]) -> None:
        self.draw, self.people = draw, people
        self.used: set[uuid.UUID] = set()

    def choose(self, *wishes: Callable[[Candidate], bool]) -> Candidate:
        """Someone not yet used, meeting as many of ``wishes`` (predicates, most important
        first) as anyone does."""
        left = [p for p in self.people if p.pk not in self.used]
        if not left:
            raise LookupError("Not enough people for the demo's Enabling Fund")
        wanted = list(wishes)
        while wanted:
            best = [p for p in left if all(wish(p) for wish in wanted)]
            if best:
                chosen = self.draw.choice(best)
                break
            wanted.pop()
        else:
            chosen = self.draw.choice(left)
        self.used.add(chosen.pk)
        return chosen

    def this(self, pk: uuid.UUID) -> Candidate | None:
        found = next((p for p in self.people if p.pk == pk and p.pk not in self.used), None)
        if found is not None:
            self.used.add(found.pk)
        return found


class _Writer:
    def __init__(self, zone: ZoneInfo, manager: User, draw: random.Random) -> None:
        self.zone, self.manager, self.draw = zone, manager, draw
        self.out = DemoFund()

    def at(self, day: date, hour: int | None = None, minute: int | None = None) -> datetime:
        hour = self.draw.randint(9, 16) if hour is None else hour
        minute = self.draw.choice((5, 20, 35, 50)) if minute is None else minute
        return datetime.combine(day, time(hour, minute), self.zone)

    def as_manager(self) -> StaffActor:
        return StaffActor.about_no_person(self.manager)

    def staff(self, user: User, person: Person) -> StaffActor:
        return StaffActor(user, relation_of(user, person), with_person=True)

    def goal(
        self, person: Person, who: Candidate, grant: Grant, by: User, moment: datetime
    ) -> Goal:
        """The person's current goal in the grant's area, or a new one in their words."""
        found = who.goals.get(grant.area)
        if found is not None:
            return Goal.objects.select_related("plan").get(pk=found)
        written = moment - timedelta(days=self.draw.randint(3, 20))
        if not Conversation.objects.filter(person=person).exists():
            # A plan follows the first of the Three Conversations, never the other way round.
            with on(written - timedelta(days=7)):
                record_conversation(
                    person=person,
                    kind=ConversationKind.LISTEN_CONNECT,
                    on=timezone.localdate(),
                    actor=self.staff(by, person),
                    note="Talked about what a good week looks like and who helps.",
                )
        with on(written):
            goal = add_goal(
                person=person, actor=self.staff(by, person), title=grant.goal, area=grant.area
            )
        who.goals[grant.area] = goal.pk
        return goal

    def provider(self, fund: Fund, key: str) -> Provider:
        return Provider.objects.get(fund=fund, name=PROVIDERS[key][0])

    def ask(
        self,
        fund: Fund,
        who: Candidate,
        grant: Grant,
        moment: datetime,
        *,
        by: User | None,
        fast_lane: bool = False,
    ) -> Request:
        """``by``: the case manager, with the person; ``None``: the person, in their app."""
        person = Person.objects.get(pk=who.pk)
        goal = self.goal(person, who, grant, by or User.objects.get(pk=who.case_manager), moment)
        with on(moment):
            request = ask(
                actor=PersonActor(person) if by is None else self.staff(by, person),
                fund=fund,
                person=person,
                goal=goal,
                category=grant.category,
                amount=grant.amount,
                what_for=grant.what_for,
                provider=self.provider(fund, grant.provider),
                approve_now=fast_lane,
            )
        self.out.requests += 1
        return request

    def approve(self, request: Request, by: User, moment: datetime) -> None:
        request.refresh_from_db()
        with on(moment):
            approve(
                actor=self.staff(by, request.person),
                request_id=request.pk,
                expected_version=request.version,
            )

    def pay(self, request: Request, moment: datetime, method: PaymentMethod) -> None:
        request.refresh_from_db()
        with on(moment):
            pay(
                actor=StaffActor(self.manager, Relation.FUND),
                request_id=request.pk,
                expected_version=request.version,
                method=method,
                amount=request.amount,
                reference=f"EF-{moment:%y%m}-{self.draw.randint(100, 999)}",
            )

    def receipt(self, request: Request, moment: datetime, *, by_person: bool = False) -> None:
        request.refresh_from_db()
        person = request.person
        case_manager = person.case_manager
        if by_person or case_manager is None:
            actor: StaffActor | PersonActor = PersonActor(person)
        else:
            actor = self.staff(case_manager, person)
        image = receipt_image(request, moment)
        with on(moment):
            add_receipt(
                actor=actor,
                request_id=request.pk,
                upload=SimpleUploadedFile("receipt.jpg", image, content_type="image/jpeg"),
            )
        request.refresh_from_db()
        if request.receipt_id is not None:
            self.out.receipts.append(request.receipt_id)


def receipt_image(request: Request, moment: datetime) -> bytes:
    """A till receipt, as a phone would photograph one: the provider, the item, the total."""
    width, height = 300, 400
    image = Image.new("RGB", (width, height), (236, 232, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 20, width - 30, height - 20), fill=(252, 251, 247))
    big, small = ImageFont.load_default(size=20), ImageFont.load_default(size=15)
    lines = [
        (request.provider.name, big),
        (f"{timezone.localtime(moment):%d/%m/%Y %H:%M}", small),
        ("", small),
        *((line, small) for line in _wrap(request.what_for, 28)),
        ("", small),
        (f"TOTAL  {pounds(request.amount)}", big),
        ("Thank you", small),
    ]
    y = 40
    for text, font in lines:
        draw.text((45, y), text, fill=(40, 40, 40), font=font)
        y += 30 if font is big else 22
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _staff(office: Office, username: str | None, role: Role) -> User | None:
    """The persona ``username`` if given and there, else the first of ``role`` in ``office``."""
    found = User.objects.filter(username=username).first() if username else None
    return found or (
        User.objects.filter(team__office=office, role=role, is_active=True)
        .order_by("username")
        .first()
    )


def _senior_for(person: Person, office: Office, not_user: uuid.UUID) -> User:
    """A senior case manager of the person's team (another in the office, failing that),
    never ``not_user`` (who asked)."""
    seniors = User.objects.filter(
        team__office=office, role=Role.SENIOR_CASE_MANAGER, is_active=True
    ).exclude(pk=not_user)
    chosen = seniors.filter(team_id=person.team_id).order_by("username").first()
    return chosen or seniors.order_by("username").first() or User.objects.get(pk=not_user)


def write_demo_fund(
    *,
    seed: int,
    today: date | None = None,
    case_manager: str | None = None,
    senior: str | None = None,
) -> DemoFund:
    """Hull's pilot pot and its pot now. ``case_manager`` and ``senior``: the personas'
    usernames (the two waiting requests are theirs to decide)."""
    today = today or timezone.localdate()
    zone = ZoneInfo(settings.TIME_ZONE)
    draw = random.Random(seed * 7_919 + 47)  # its own: the rest of the demo stays the same
    office = Office.objects.filter(name=HULL).first()
    manager = User.objects.filter(role=Role.PROGRAMME_MANAGER).order_by("username").first()
    if office is None or manager is None:
        return DemoFund()
    writer = _Writer(zone, manager, draw)
    cast = _Cast(draw, _candidates(office))
    persona = _staff(office, case_manager, Role.CASE_MANAGER)
    senior_persona = _staff(office, senior, Role.SENIOR_CASE_MANAGER)
    # The people of the pilot's referrals to the fund are kept for their grants, and the
    # people of the pot now are chosen next: those the personas decide for must be theirs.
    referred = {
        key: found
        for key, pk in _pilot_referral_people(office).items()
        if (found := cast.this(pk)) is not None
    }
    now = _cast_now(cast, today, persona, senior_persona) if persona and senior_persona else {}
    _write_pilot(writer, cast, office, today, referred)
    _write_now(writer, office, today, now)
    return writer.out


def _open(
    writer: _Writer, office: Office, name: str, starts: date, amount: int, **rules: int
) -> Fund:
    with on(writer.at(starts, 9, 30)):
        fund = pots.open_fund(
            actor=writer.as_manager(),
            amount=amount,
            name=name,
            office=office,
            starts_on=starts,
            ends_on=add_months(starts, 12) - timedelta(days=1),
            category_rules={Category.OTHER.value: CategoryRule.SENIOR.value},
            **rules,
        )
    return fund


def _add_providers(writer: _Writer, fund: Fund, keys: tuple[str, ...], day: date) -> None:
    with on(writer.at(day, 10, 0)):
        for key in keys:
            name, sells = PROVIDERS[key]
            pots.add_provider(actor=writer.as_manager(), fund_id=fund.pk, name=name, sells=sells)


def _pilot_referral_people(office: Office) -> dict[str, uuid.UUID]:
    """The people of the pilot's Enabling Fund referrals, by the start of their note (the
    reason not to refer, for the arrears)."""
    found: dict[str, uuid.UUID] = {}
    referrals = Referral.objects.filter(
        intervention__office=office, intervention__kind=Kind.ENABLING_FUND
    ).values_list("person_id", "note_for_provider", "reason_detail", "status")
    for person, note, detail, status in referrals:
        for grant in (*PILOT_GRANTS, ARREARS):
            text = note if status != ReferralStatus.NOT_REFERRED else detail
            if grant.referral and text.startswith(grant.referral):
                found[grant.referral] = person
    return found


def _write_pilot(
    writer: _Writer,
    cast: _Cast,
    office: Office,
    today: date,
    referred: dict[str, Candidate],
) -> None:
    """``referred``: the people of the pilot's referrals to the fund, by the grant's
    ``referral``."""
    began = cohort_window(today).first
    cut_on, closed_on = add_months(began, 4), add_months(began, 8)
    fund = _open(
        writer,
        office,
        "Hull Enabling Fund (pilot)",
        began,
        PILOT_OPENED_WITH,
        case_manager_limit=5_000,
        senior_limit=15_000,
        person_limit=15_000,
    )
    _add_providers(writer, fund, PILOT_PROVIDERS, began)
    writer.out.pilot = fund

    def person_for(grant: Grant, asked: date, chosen: list[Candidate]) -> Candidate:
        if grant.again is not None:
            return chosen[grant.again]
        return referred.get(grant.referral) or cast.choose(
            lambda p: p.running(asked - timedelta(days=7), asked + timedelta(days=30)),
            lambda p: p.joined is not None and p.joined <= asked,
        )

    chosen: list[Candidate] = []
    cut = False
    for grant in (*PILOT_GRANTS[:8], ARREARS, *PILOT_GRANTS[8:]):
        asked_on = began + timedelta(days=grant.day)
        if not cut and asked_on >= cut_on:
            with on(writer.at(cut_on, 11, 0)):
                pots.cut(
                    actor=writer.as_manager(),
                    fund_id=fund.pk,
                    amount=PILOT_CUT,
                    note=PILOT_CUT_NOTE,
                )
            cut = True
        who = person_for(grant, asked_on, chosen)
        if grant is not ARREARS:
            chosen.append(who)
        _pilot_request(writer, fund, office, grant, who, writer.at(asked_on))

    asked_on = closed_on + timedelta(days=LAST_ASKED.day)
    who = cast.choose(lambda p: p.running(asked_on, asked_on + timedelta(days=30)))
    last = writer.ask(
        fund,
        who,
        LAST_ASKED,
        writer.at(asked_on),
        by=User.objects.get(pk=who.case_manager),
    )
    fund.refresh_from_db()
    with on(writer.at(closed_on, 16, 0)):
        pots.close(
            actor=writer.as_manager(),
            fund_id=fund.pk,
            expected_version=fund.version,
            closing=pots.Closing(approve=frozenset(), seen=frozenset({last.pk})),
        )
    fund.refresh_from_db()


def _pilot_request(
    writer: _Writer, fund: Fund, office: Office, grant: Grant, who: Candidate, asked: datetime
) -> None:
    case_manager = User.objects.get(pk=who.case_manager)
    request = writer.ask(fund, who, grant, asked, by=case_manager, fast_lane=grant.decided is None)
    if grant.decided is not None:
        decided = asked + grant.decided
        if grant.amount > fund.case_manager_limit:
            decider = _senior_for(request.person, office, case_manager.pk)
        else:
            decider = case_manager
        if grant is ARREARS:
            request.refresh_from_db()
            with on(decided):
                decline(
                    actor=writer.staff(decider, request.person),
                    request_id=request.pk,
                    expected_version=request.version,
                    reason=ARREARS_REASON,
                )
            return
        writer.approve(request, decider, decided)
    else:
        decided = asked
    if grant.method == PaymentMethod.REIMBURSEMENT:
        writer.receipt(request, decided + D)
        writer.pay(request, decided + grant.paid, grant.method)
        return
    paid = decided + grant.paid
    writer.pay(request, paid, grant.method)
    if grant.receipt is not None:
        writer.receipt(request, paid + grant.receipt)


# The pot now: each request by days ago, with what happened to it.
BOOTS = Grant(
    1,
    Category.WORK_EQUIPMENT,
    3500,
    "workwear",
    "Work boots for my new job on the building site: it starts on Monday",
    WORK,
    "I want a job on a building site",
    None,
)
DEPOSIT = Grant(
    2,
    ACC,
    12_000,
    "lettings",
    "The rest of the deposit for a one-bedroom flat",
    HOME,
    "I want a flat of my own where my daughter can stay",
    None,
)
BUS_PASS = Grant(
    70,
    Category.TRAVEL,
    4200,
    "travel",
    "A month's bus pass to get to my new job",
    WORK,
    "I want to keep my job at the warehouse",
    None,
)
FOOD_NOW = Grant(
    40,
    FOOD,
    2500,
    "food",
    "Food until my first wage comes in",
    MONEY,
    "I want to get on top of my money",
    D,
)
LICENCE = Grant(
    6,
    ID,
    3400,
    "id",
    "A provisional driving licence",
    WORK,
    "I want to learn to drive so I can get a delivery job",
    5 * H,
)
TAXIS = Grant(
    20,
    Category.TRAVEL,
    9500,
    "travel",
    "Taxi fares to visit my mum in Bridlington",
    Area.RELATIONSHIPS_COMMUNITY,
    "I want to see more of my family",
    2 * D,
)
COAT = Grant(
    12,
    CLOTHES,
    4000,
    "workwear",
    "A warm coat for the walk to work",
    WORK,
    "I want to keep my job at the warehouse",
    None,
)
TAXIS_REASON = (
    "The fund pays for travel to work, training and the appointments in your plan, not for "
    "visits. Your case manager can help you apply for a railcard, which makes the train to "
    "Bridlington a third cheaper."
)
COAT_REASON = "My sister gave me her old coat."  # fmt: skip


# The requests of the pot now, in the order their people are chosen (the personas' first),
# each with whether it is on the trained case manager's caseload.
NOW_REQUESTS: tuple[tuple[Grant, bool], ...] = (
    (BOOTS, True),
    (DEPOSIT, True),
    (BUS_PASS, False),
    (FOOD_NOW, False),
    (TAXIS, False),
    (COAT, False),
    (LICENCE, False),
)


def _cast_now(cast: _Cast, today: date, persona: User, senior: User) -> dict[Grant, Candidate]:
    """Someone for each request of the pot now: their order running, on the persona's
    caseload when it is theirs to decide, in the senior's team, with a goal in the area."""
    chosen: dict[Grant, Candidate] = {}
    for grant, theirs in NOW_REQUESTS:
        since, until = today - timedelta(days=grant.day + 14), today + timedelta(days=30)

        def running(p: Candidate, since: date = since, until: date = until) -> bool:
            return p.running(since, until)

        def on_caseload(p: Candidate, theirs: bool = theirs) -> bool:
            return not theirs or p.case_manager == persona.pk

        def in_team(p: Candidate) -> bool:
            return p.team == senior.team_id

        def with_goal(p: Candidate, area: str = grant.area) -> bool:
            return area in p.goals

        chosen[grant] = cast.choose(running, on_caseload, in_team, with_goal)
    return chosen


def _write_now(
    writer: _Writer, office: Office, today: date, people: dict[Grant, Candidate]
) -> None:
    starts = add_months(today, -3)
    fund = _open(writer, office, "Hull Enabling Fund", starts, NOW_AMOUNT, **NOW_LIMITS)
    _add_providers(writer, fund, NOW_PROVIDERS, starts)
    writer.out.now = fund
    if not people:
        return

    def days_ago(grant: Grant, hour: int | None = None) -> datetime:
        return writer.at(today - timedelta(days=grant.day), hour)

    def manager_of(who: Candidate) -> User:
        return User.objects.get(pk=who.case_manager)

    # Paid by voucher in the fast lane, and its receipt added from the app five days later.
    who = people[BUS_PASS]
    request = writer.ask(
        fund, who, BUS_PASS, days_ago(BUS_PASS), by=manager_of(who), fast_lane=True
    )
    writer.pay(request, days_ago(BUS_PASS) + D, PaymentMethod.VOUCHER)
    writer.receipt(request, days_ago(BUS_PASS) + 5 * D + 6 * H, by_person=True)

    # Paid by voucher; the receipt, due 14 days later, never came: chased on the pot's page.
    who = people[FOOD_NOW]
    request = writer.ask(fund, who, FOOD_NOW, days_ago(FOOD_NOW), by=manager_of(who))
    writer.approve(request, manager_of(who), days_ago(FOOD_NOW) + D)
    writer.pay(request, days_ago(FOOD_NOW) + D + 3 * H, PaymentMethod.VOUCHER)

    # Over the case manager's £50, so a senior's: declined, with the reason the person reads.
    who = people[TAXIS]
    request = writer.ask(fund, who, TAXIS, days_ago(TAXIS), by=manager_of(who))
    request.refresh_from_db()
    decider = _senior_for(request.person, office, manager_of(who).pk)
    with on(days_ago(TAXIS) + 2 * D):
        decline(
            actor=writer.staff(decider, request.person),
            request_id=request.pk,
            expected_version=request.version,
            reason=TAXIS_REASON,
        )

    # Asked from the app, then cancelled by the person.
    who = people[COAT]
    request = writer.ask(fund, who, COAT, days_ago(COAT, 20), by=None)
    request.refresh_from_db()
    with on(days_ago(COAT, 20) + 2 * D):
        cancel(
            actor=PersonActor(request.person),
            request_id=request.pk,
            expected_version=request.version,
            reason=COAT_REASON,
        )

    # Approved by the case manager, not yet paid.
    who = people[LICENCE]
    request = writer.ask(fund, who, LICENCE, days_ago(LICENCE), by=manager_of(who))
    writer.approve(request, manager_of(who), days_ago(LICENCE) + 5 * H)

    # Waiting for the senior case manager: £120, over the case manager's £50.
    who = people[DEPOSIT]
    writer.ask(fund, who, DEPOSIT, days_ago(DEPOSIT), by=manager_of(who))

    # Waiting for the case manager: £35 for work boots, asked from the app last night.
    who = people[BOOTS]
    writer.ask(fund, who, BOOTS, writer.at(today - timedelta(days=1), 21, 40), by=None)
