"""Writing the demo data: everything drawn first (seeded), then bulk inserts in batches.

Two shapes share one path:

* the calibrated demo (``load_calibrated``): the pilot office, Hull, with the 84 people of the
  pilot's intervention group spread over ten trained case managers and the 529 people of its
  counterfactual group over twenty untrained ones, all starting their orders in the cohort
  window (``cohort.cohort_window``); every case manager also holds a live caseload of 20 to 30
  people sentenced in the last year; a second office, Beverley, with its own team;
* large data sets for benchmarks (``load_large``): the same organisation plus offices
  elsewhere, about 40 people a case manager, the same distributions.

Everything random comes from ``numpy.random.SeedSequence(seed)``: the same seed gives the same
people, names, case references and identifiers (dates are relative to today). Each batch of
people, with their orders, requirements, allocations and consents, is one transaction.
"""

import math
import multiprocessing
import os
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from multiprocessing.util import Finalize
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from mydirection.access.actor import SYSTEM
from mydirection.access.log import record
from mydirection.access.models import Exclusion, Operation, Restriction
from mydirection.appointments.models import Appointment
from mydirection.appointments.services.outcomes import mark_outcomes
from mydirection.caseload.models import Allocation, Handover
from mydirection.dates import add_months
from mydirection.demo import appointments as demo_appointments
from mydirection.demo import assessment as strengths_demo
from mydirection.demo import cocreation as demo_cocreation
from mydirection.demo import (
    cohort,
    interventions,
    messaging,
    names,
    notifications,
    plans,
    reoffending,
    time_bank,
)
from mydirection.demo import fund as demo_fund
from mydirection.demo import learning as demo_learning
from mydirection.demo import person_centred as person_centred_demo
from mydirection.demo import portal as demo_portal
from mydirection.demo import volunteering as demo_volunteering
from mydirection.demo.cohort import (
    COUNTERFACTUAL,
    COUNTERFACTUAL_SIZE,
    FEMALE,
    INTERVENTION,
    INTERVENTION_SIZE,
    LICENCE,
    PROGRAMMES,
    SUSPENDED_SENTENCE,
    BoolArray,
    Characteristics,
    FloatArray,
    IntArray,
    Profile,
    StrArray,
    Window,
)
from mydirection.demo.organisation import (
    PERSONAS,
    Organisation,
    calibrated_organisation,
    name_staff,
    scaled_organisation,
    training_days,
)
from mydirection.demo.signins import DEFAULT_ADDRESS, AppSignIn, SignIn
from mydirection.people.models import Consent, Order, Person, Requirement, TerminationReason
from mydirection.staff.models import Office, Team, Training, User
from mydirection.staff.models import Organisation as PartnerOrganisation
from mydirection.summaries import services as summaries

DEFAULT_SEED = 2018
BATCH_PEOPLE = 2_000
INSERT_BATCH = 1_000
PEOPLE_PER_CASE_MANAGER = 40
LIVE_CASELOAD = (20, 30)  # people a case manager holds who were sentenced in the last year

Progress = Callable[[int, int], None]


# Planning -------------------------------------------------------------------------------


@dataclass
class Group:
    """People drawn together with one profile and handed out to some case managers."""

    label: str
    profile: Profile
    holders: list[int]  # staff indices
    quotas: list[int]  # people each holder takes
    window: Window | None
    current: bool
    programme: bool
    non_binary: float = 0.0
    high_risk: float = 0.0

    @property
    def size(self) -> int:
        return sum(self.quotas)


@dataclass
class People:
    """Everyone to be written, in order: parallel arrays and lists, one element a person."""

    traits: Characteristics
    sentence: list[date]
    start: list[date]
    end: list[date]
    programme_start: list[date | None]
    holder: IntArray
    group: IntArray

    def __len__(self) -> int:
        return len(self.traits)


@dataclass
class LoadResult:
    people: int
    staff: int
    sign_ins: list[SignIn]
    groups: dict[str, int] = field(default_factory=dict)
    # Lines for the summary the command prints: what else the demo holds.
    notes: list[str] = field(default_factory=list)
    # A person on probation's sign-in to the app (the calibrated demo only).
    app_sign_in: AppSignIn | None = None


def even_quotas(rng: np.random.Generator, n: int, k: int) -> list[int]:
    """``n`` split over ``k`` holders as evenly as possible, the larger shares at random."""
    quotas = np.full(k, n // k, dtype=np.int64)
    quotas[rng.permutation(k)[: n % k]] += 1
    return [int(q) for q in quotas]


def assign_holders(
    rng: np.random.Generator, group: Group, gender: StrArray, org: Organisation
) -> IntArray:
    """Which holder has each person: each takes their quota; those who work only with women
    take women (while there are enough), the others the rest at random."""
    n = len(gender)
    out = np.full(n, -1, dtype=np.int64)
    women = rng.permutation(np.flatnonzero(gender == FEMALE))
    used = 0
    slots: list[int] = []
    shortfall = 0
    for holder, quota in zip(group.holders, group.quotas, strict=True):
        if org.staff[holder].women_only:
            taken = women[used : used + quota]
            out[taken] = holder
            used += len(taken)
            shortfall += quota - len(taken)
        else:
            slots.extend([holder] * quota)
    general = [h for h in group.holders if not org.staff[h].women_only] or group.holders
    slots.extend(general[i % len(general)] for i in range(shortfall))
    rest = rng.permutation(np.flatnonzero(out < 0))
    out[rest] = np.array(slots, dtype=np.int64)
    return out


def draw_people(
    rng: np.random.Generator, groups: list[Group], org: Organisation, today: date
) -> People:
    parts: list[Characteristics] = []
    sentence: list[date] = []
    start: list[date] = []
    end: list[date] = []
    joined: list[date | None] = []
    holders: list[IntArray] = []
    labels: list[IntArray] = []
    for number, group in enumerate(groups):
        traits = cohort.draw_characteristics(
            rng,
            group.size,
            group.profile,
            non_binary=group.non_binary,
            high_risk=group.high_risk,
        )
        dates = cohort.draw_dates(
            rng,
            traits,
            today=today,
            window=group.window,
            current=group.current,
            programme=group.programme,
        )
        parts.append(traits)
        sentence += dates.sentence
        start += dates.start
        end += dates.end
        joined += dates.programme_start
        holders.append(assign_holders(rng, group, traits.gender, org))
        labels.append(np.full(group.size, number, dtype=np.int64))
    return People(
        traits=Characteristics.concatenate(parts),
        sentence=sentence,
        start=start,
        end=end,
        programme_start=joined,
        holder=np.concatenate(holders),
        group=np.concatenate(labels),
    )


def calibrated_groups(rng: np.random.Generator, org: Organisation, today: date) -> list[Group]:
    hull, beverley = 0, 1
    holders = org.case_holders()
    trained = [i for i in holders if org.staff[i].trained and org.office_of(i) == hull]
    untrained = [i for i in holders if not org.staff[i].trained and org.office_of(i) == hull]
    riding = [i for i in holders if org.office_of(i) == beverley]
    window = cohort.cohort_window(today)

    def live(k: int) -> list[int]:
        low, high = LIVE_CASELOAD
        return [int(q) for q in rng.integers(low, high + 1, size=k)]

    return [
        Group(
            "pilot intervention group",
            INTERVENTION,
            trained,
            even_quotas(rng, INTERVENTION_SIZE, len(trained)),
            window,
            current=False,
            programme=True,
        ),
        Group(
            "pilot counterfactual group",
            COUNTERFACTUAL,
            untrained,
            even_quotas(rng, COUNTERFACTUAL_SIZE, len(untrained)),
            window,
            current=False,
            programme=False,
        ),
        Group(
            "live caseloads on the programme",
            INTERVENTION,
            trained,
            live(len(trained)),
            None,
            current=True,
            programme=True,
            non_binary=0.005,
        ),
        Group(
            "live caseloads in Hull",
            COUNTERFACTUAL,
            untrained,
            live(len(untrained)),
            None,
            current=True,
            programme=False,
            non_binary=0.005,
            high_risk=0.03,
        ),
        Group(
            "live caseloads in Beverley",
            COUNTERFACTUAL,
            riding,
            live(len(riding)),
            None,
            current=True,
            programme=False,
            non_binary=0.005,
            high_risk=0.03,
        ),
    ]


def large_groups(rng: np.random.Generator, org: Organisation, n: int, today: date) -> list[Group]:
    holders = org.case_holders()
    quotas = even_quotas(rng, n, len(holders))
    window = Window(add_months(today, -30), today - timedelta(days=2))
    trained = [(h, q) for h, q in zip(holders, quotas, strict=True) if org.staff[h].trained]
    untrained = [(h, q) for h, q in zip(holders, quotas, strict=True) if not org.staff[h].trained]
    return [
        Group(
            "on the programme",
            INTERVENTION,
            [h for h, _ in trained],
            [q for _, q in trained],
            window,
            current=False,
            programme=True,
            non_binary=0.005,
        ),
        Group(
            "not on the programme",
            COUNTERFACTUAL,
            [h for h, _ in untrained],
            [q for _, q in untrained],
            window,
            current=False,
            programme=False,
            non_binary=0.005,
            high_risk=0.03,
        ),
    ]


# Writing --------------------------------------------------------------------------------


DEMO_NAMESPACE = uuid.UUID("6f1d3c52-58d4-4c0e-9a3b-2f7c1e0d9a41")


def fixed_id(name: str) -> uuid.UUID:
    """The same identifier for the same name, whatever the seed."""
    return uuid.uuid5(DEMO_NAMESPACE, name)


class Ids:
    """Version 4 UUIDs from a seeded generator, so that a seed always gives the same URLs."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def __call__(self) -> uuid.UUID:
        return uuid.UUID(int=self._random.getrandbits(128), version=4)


WHAT_MATTERS = (
    "Keeping my flat and getting my daughter back for weekends.",
    "Staying off the drink so I can hold on to my job at the warehouse.",
    "Getting my driving licence back and finding steady work.",
    "Being there for my kids and not letting my mum down again.",
    "Sorting out my debts so I am not stressed all the time.",
    "Finishing my catering course at college.",
    "Getting my own place away from the people I used to knock about with.",
    "My dog and my allotment. They keep me going.",
    "Getting back into boxing at my old club.",
    "Seeing a counsellor about what happened when I was younger.",
)
KEY_HISTORY = (
    "Has come to almost every appointment; one acceptable absence for a hospital appointment.",
    "Struggled to attend in the first month while homeless; much more settled since moving "
    "into supported housing.",
    "Engaging well with the alcohol service; has said a relapse is most likely around family "
    "birthdays.",
    "Prefers afternoon appointments because of work and answers text reminders.",
    "Has done the strengths assessment and a one-page profile, and wants the plan shared with "
    "their keyworker.",
)
OPEN_ACTIONS = (
    "Follow up the housing referral.",
    "Book the next three-way meeting with the drug and alcohol keyworker.",
    "Check progress on unpaid work hours with the placement.",
    "Review the plan together at the next appointment.",
    "",
)
REALLOCATION_REASONS = (
    "Case manager moved to another team",
    "Workload balanced across the team",
    "Case manager on long-term leave",
    "The person asked for a different case manager",
)
SHARE_PLAN_WITH = (
    "My mum",
    "My partner",
    "My sister",
    "My dad",
    "My nan",
    "My keyworker at the drug and alcohol service",
    "My housing support worker",
)
CONSENT_SHARES = {  # purpose: (share of people, share of people on the programme)
    "reminders": (0.85, 0.9),
    "evaluation": (0.7, 0.8),
    "share_plan": (0.12, 0.3),
    "partner_referral": (0.1, 0.2),
    "stories": (0.03, 0.08),
}


@dataclass
class Draws:
    """The random numbers every record needs, drawn up front for everyone so that the batch
    size changes nothing."""

    u: dict[str, FloatArray]
    lag: dict[str, IntArray]

    @classmethod
    def make(cls, rng: np.random.Generator, n: int) -> "Draws":
        keys = (
            "court",
            "minute",
            "realloc",
            "realloc_when",
            "realloc_who",
            "realloc_why",
            "read",
            "what",
            "history",
            "actions",
            "perf",
            "finished",
            "early",
            "early_when",
            "contact",
            "share_with",
            "withdrawn",
            *CONSENT_SHARES,
        )
        u = {key: rng.random(n) for key in keys}
        u["perf"] = rng.beta(5, 2, size=n)
        lag = {key: rng.integers(0, 15, size=n) for key in CONSENT_SHARES}
        lag["withdrawn"] = rng.integers(14, 200, size=n)
        lag["read"] = rng.integers(1, 5, size=n)
        return cls(u, lag)


@dataclass
class Context:
    org: Organisation
    people: People
    details: names.Addresses
    firsts: list[str]
    lasts: list[str]
    preferred: list[str]
    pronouns: list[str]
    birthdays: list[date]
    phones: list[str]
    emails: list[str]
    references: list[str]
    draws: Draws
    today: date
    now: datetime
    zone: ZoneInfo
    ids: Ids
    id_seed: int
    staff_ids: list[uuid.UUID]
    team_ids: list[uuid.UUID]
    person_ids: list[uuid.UUID]
    reallocate: BoolArray
    unread: BoolArray

    def at(self, day: date, i: int, hour: int = 9) -> datetime:
        minutes = int(self.draws.u["minute"][i] * 8 * 60)
        return datetime.combine(day, time(hour + minutes // 60, minutes % 60), tzinfo=self.zone)


def write_staff(
    org: Organisation, password: str, ids: Ids, training_span: Window
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Offices, teams, partner organisations, staff (with one shared password hash),
    training and confirmed TOTP devices, in one transaction."""
    office_ids = [ids() for _ in org.offices]
    team_ids = [ids() for _ in org.teams]
    # Staff named in advance (partner workers, the volunteer) and partner organisations get
    # identifiers from their names, not from ``ids``: adding them changes no one else's.
    staff_ids = [fixed_id(s.username) if s.fixed else ids() for s in org.staff]
    existing = dict(
        PartnerOrganisation.objects.filter(name__in=[p.name for p in org.partners]).values_list(
            "name", "id"
        )
    )  # organisations outlive a wiped demo's staff: reused
    partner_ids = [existing.get(p.name, fixed_id(p.name)) for p in org.partners]
    hashed = make_password(password)  # once: Argon2 for every user would take minutes
    training: list[Training] = []
    users: list[User] = []
    for i, spec in enumerate(org.staff):
        started = training_span.first - timedelta(days=round(spec.years_in_role * 365.25))
        users.append(
            User(
                id=staff_ids[i],
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=spec.email,
                role=spec.role,
                team_id=team_ids[spec.team] if spec.team is not None else None,
                organisation_id=(
                    partner_ids[spec.organisation] if spec.organisation is not None else None
                ),
                job_title=spec.job_title,
                started_in_role=started,
                password=hashed,
            )
        )
        if spec.trained:
            reporter = i % 3 == 0
            training.extend(
                Training(id=ids(), user_id=staff_ids[i], course=day.course, completed_on=day.on)
                for day in training_days(training_span.first, training_span.last, reporter=reporter)
            )
    with transaction.atomic():
        Office.objects.bulk_create(
            # Ofcom's numbers reserved for drama (01632 960000 to 960999): never anyone's.
            Office(id=office_ids[i], name=o.name, address=o.address, phone=f"01632 960{i:03d}")
            for i, o in enumerate(org.offices)
        )
        Team.objects.bulk_create(
            Team(id=team_ids[i], office_id=office_ids[t.office], name=t.name)
            for i, t in enumerate(org.teams)
        )
        PartnerOrganisation.objects.bulk_create(
            PartnerOrganisation(
                id=partner_ids[i],
                name=p.name,
                description=p.description,
                phone=p.phone,
                email=p.email,
                website=p.website,
            )
            for i, p in enumerate(org.partners)
            if p.name not in existing
        )
        User.objects.bulk_create(users, batch_size=INSERT_BATCH)
        Training.objects.bulk_create(training, batch_size=INSERT_BATCH)
        TOTPDevice.objects.bulk_create(
            (
                TOTPDevice(user_id=staff_ids[i], name="Authenticator app", confirmed=True)
                for i in range(len(org.staff))
            ),
            batch_size=INSERT_BATCH,
        )
    return staff_ids, team_ids


@dataclass
class Batch:
    """One batch's slice of the drawn values as plain Python lists (numpy scalars are slow
    to index one at a time)."""

    first: int
    traits: dict[str, list[Any]]
    u: dict[str, list[float]]
    lag: dict[str, list[int]]
    ids: Ids

    @classmethod
    def of(cls, ctx: Context, first: int, last: int) -> "Batch":
        traits = ctx.people.traits
        return cls(
            first=first,
            traits={f.name: getattr(traits, f.name)[first:last].tolist() for f in fields(traits)},
            u={key: values[first:last].tolist() for key, values in ctx.draws.u.items()},
            lag={key: values[first:last].tolist() for key, values in ctx.draws.lag.items()},
            # Each batch has its own stream of identifiers, so batches can be written in any
            # order (or in parallel) and still give the same rows.
            ids=Ids(ctx.id_seed * 1_000_003 + first),
        )


# The share of finished orders that ended early, and why (the share of each reason among
# them, with the note "Other" needs).
EARLY_SHARE = 0.04
EARLY_REASONS = (
    (0.55, TerminationReason.REVOKED, ""),
    (0.80, TerminationReason.TRANSFERRED_OUT, ""),
    (0.88, TerminationReason.DIED, ""),
    (1.00, TerminationReason.OTHER, "Sentence quashed on appeal"),
)
ONE_DAY = timedelta(days=1)


def _early_termination(early: float) -> tuple[str, str]:
    """Why an order ended early, from the draw that ended it early (below ``EARLY_SHARE``,
    so ``early / EARLY_SHARE`` is uniform again): no draw added, no other figure moves."""
    share = early / EARLY_SHARE
    for upto, reason, note in EARLY_REASONS:
        if share < upto:
            return reason, note
    return TerminationReason.OTHER, EARLY_REASONS[-1][2]


def _requirements(ctx: Context, batch: "Batch", i: int, order_id: uuid.UUID) -> list[Requirement]:
    t, u, j = batch.traits, batch.u, i - batch.first
    start, end = ctx.people.start[i], ctx.people.end[i]
    span = max((end - start).days, 1)
    elapsed = min(max((ctx.today - start).days / span, 0.0), 1.0)
    finished = end <= ctx.today
    ended_early = finished and u["early"][j] < EARLY_SHARE
    perf = float(u["perf"][j])
    completes = u["finished"][j] < 0.85 and not ended_early
    wanted: list[tuple[str, str, int | None]] = []
    if t["unpaid_work_hours"][j]:
        wanted.append(("unpaid_work", "", int(t["unpaid_work_hours"][j])))
    if t["rehabilitation_days"][j]:
        wanted.append(("rar", "", int(t["rehabilitation_days"][j])))
    if t["programme"][j] >= 0:
        name, sessions = PROGRAMMES[int(t["programme"][j])]
        wanted.append(("accredited_programme", name, sessions))
    if t["drug_rehabilitation"][j]:
        wanted.append(
            ("drug_rehabilitation", "Six months, non-residential, with drug testing", None)
        )
    if t["alcohol_treatment"][j]:
        wanted.append(("alcohol_treatment", "Six months with the community alcohol service", None))
    if t["curfew"][j]:
        wanted.append(("curfew", "7pm to 7am, electronically monitored", None))
    out: list[Requirement] = []
    for kind, description, amount in wanted:
        if finished:
            status = "completed" if completes else "terminated"
            done = amount if completes and amount else math.floor((amount or 0) * perf * 0.8)
        else:
            done = min(math.floor((amount or 0) * min(1.0, elapsed * perf * 1.3)), amount or 0)
            if amount and done >= amount:
                status = "completed"
            elif done > 0 or (amount is None and elapsed > 0.05):
                status = "in_progress"
            else:
                status = "not_started"
        out.append(
            Requirement(
                id=batch.ids(),
                order_id=order_id,
                requirement_type=kind,
                description=description,
                amount=amount,
                completed=done if amount else 0,
                status=status,
            )
        )
    return out


def _write_batch(ctx: Context, first: int, last: int) -> None:
    people = ctx.people
    batch = Batch.of(ctx, first, last)
    t, u, lag = batch.traits, batch.u, batch.lag
    rows: list[Person] = []
    orders: list[Order] = []
    requirements: list[Requirement] = []
    allocations: list[Allocation] = []
    handovers: list[Handover] = []
    consents: list[Consent] = []
    for i in range(first, last):
        j = i - first
        holder = int(people.holder[i])
        team_index = ctx.org.team_of(holder)
        office = ctx.org.offices[ctx.org.office_of(holder)]
        pid = ctx.person_ids[i]
        homeless = t["accommodation"][j] == "homeless"
        email = ctx.emails[i]
        phone = ctx.phones[i]
        contact = u["contact"][j]
        if phone and (not email or contact < 0.8):
            preference = "sms" if contact < 0.7 else "phone"
        elif email:
            preference = "email"
        else:
            preference = "post"
        start, end = people.start[i], people.end[i]
        order_type = str(t["order_type"][j])

        realloc = bool(ctx.reallocate[i])
        previous = holder
        moved_on = start
        if realloc:
            team = ctx.org.team_members(team_index)
            others = [m for m in team if m != holder]
            previous = others[int(u["realloc_who"][j] * len(others))]
            room = (min(ctx.today, end) - start).days - 8
            moved_on = start + timedelta(days=7 + int(u["realloc_when"][j] * room))

        rows.append(
            Person(
                id=pid,
                case_reference=ctx.references[i],
                first_name=ctx.firsts[i],
                last_name=ctx.lasts[i],
                preferred_name=ctx.preferred[i],
                pronouns=ctx.pronouns[i],
                date_of_birth=ctx.birthdays[i],
                gender=str(t["gender"][j]),
                ethnicity=str(t["ethnicity"][j]),
                phone=phone,
                email=email,
                address="" if homeless else ctx.details.address[i],
                postcode="" if homeless else ctx.details.postcode[i],
                contact_preference=preference,
                accommodation=str(t["accommodation"][j]),
                employment=str(t["employment"][j]),
                deprivation_decile=int(t["deprivation"][j]) or None,
                domestic_abuse_perpetrator=bool(t["domestic_abuse_perpetrator"][j]),
                domestic_abuse_history=bool(t["domestic_abuse_history"][j]),
                mental_health=bool(t["mental_health"][j]),
                mental_illness=bool(t["mental_illness"][j]),
                index_offence=str(t["index_offence"][j]),
                previous_events=int(t["previous_events"][j]),
                risk_level=str(t["risk_level"][j]),
                ogrs3=int(t["ogrs3"][j]),
                team_id=ctx.team_ids[team_index],
                case_manager_id=ctx.staff_ids[holder],
                programme_start=people.programme_start[i],
            )
        )

        crown_share = {LICENCE: 0.85, SUSPENDED_SENTENCE: 0.5}.get(order_type, 0.15)
        court = office.crown_court if u["court"][j] < crown_share else office.magistrates_court
        ended_early_on = None
        if end <= ctx.today and u["early"][j] < EARLY_SHARE:
            span = (end - start).days
            ended_early_on = start + timedelta(days=int(span * (0.3 + 0.6 * u["early_when"][j])))
        # An ended order carries its termination, recorded by the case manager the day after
        # (nDelius's reasons: ``people.models.TerminationReason``).
        reason, note, terminated_at = "", "", None
        if ended_early_on is not None or end < ctx.today:
            reason, note = (
                _early_termination(float(u["early"][j]))
                if ended_early_on is not None
                else (TerminationReason.COMPLETED, "")
            )
            ended = ended_early_on or end
            terminated_at = ctx.at(min(ended + ONE_DAY, ctx.today - ONE_DAY), i)
        order_id = batch.ids()
        orders.append(
            Order(
                id=order_id,
                person_id=pid,
                order_type=order_type,
                court=court,
                sentence_date=people.sentence[i],
                start_date=start,
                end_date=end,
                ended_early_on=ended_early_on,
                termination_reason=reason,
                termination_note=note,
                terminated_by_id=ctx.staff_ids[holder] if terminated_at else None,
                terminated_at=terminated_at,
            )
        )
        requirements += _requirements(ctx, batch, i, order_id)

        first_reason = (
            "Allocated on release from custody"
            if order_type == LICENCE
            else "Allocated on sentence"
        )
        allocated_at = ctx.at(start, i)
        if realloc:
            moved_at = ctx.at(moved_on, i, hour=10)
            allocations.append(
                Allocation(
                    id=batch.ids(),
                    person_id=pid,
                    case_manager_id=ctx.staff_ids[previous],
                    allocated_by_id=ctx.staff_ids[ctx.org.allocator(previous)],
                    started_at=allocated_at,
                    ended_at=moved_at,
                    reason=first_reason,
                )
            )
            current_id = batch.ids()
            allocations.append(
                Allocation(
                    id=current_id,
                    person_id=pid,
                    case_manager_id=ctx.staff_ids[holder],
                    allocated_by_id=ctx.staff_ids[ctx.org.allocator(holder)],
                    started_at=moved_at,
                    reason=REALLOCATION_REASONS[
                        int(u["realloc_why"][j] * len(REALLOCATION_REASONS))
                    ],
                )
            )
            read_at = moved_at + timedelta(days=int(lag["read"][j]))
            handovers.append(
                Handover(
                    id=batch.ids(),
                    allocation_id=current_id,
                    what_matters=WHAT_MATTERS[int(u["what"][j] * len(WHAT_MATTERS))],
                    key_history=(
                        f"Order started on {start.day} {start:%B %Y}. "
                        + KEY_HISTORY[int(u["history"][j] * len(KEY_HISTORY))]
                    ),
                    open_actions=OPEN_ACTIONS[int(u["actions"][j] * len(OPEN_ACTIONS))],
                    written_by_id=ctx.staff_ids[previous],
                    written_at=moved_at,
                    read_at=None if ctx.unread[i] or read_at >= ctx.now else read_at,
                )
            )
        else:
            allocations.append(
                Allocation(
                    id=batch.ids(),
                    person_id=pid,
                    case_manager_id=ctx.staff_ids[holder],
                    allocated_by_id=ctx.staff_ids[ctx.org.allocator(holder)],
                    started_at=allocated_at,
                    reason=first_reason,
                )
            )

        on_programme = people.programme_start[i] is not None
        for purpose, (share, programme_share) in CONSENT_SHARES.items():
            if u[purpose][j] >= (programme_share if on_programme else share):
                continue
            given = min(start + timedelta(days=int(lag[purpose][j])), ctx.today)
            withdrawn = None
            if purpose == "reminders" and u["withdrawn"][j] < 0.05:
                withdrawn = min(given + timedelta(days=int(lag["withdrawn"][j])), ctx.today)
            details = ""
            if purpose == "share_plan":
                choices = SHARE_PLAN_WITH + (
                    ("My support worker at the women's centre",) if t["gender"][j] == FEMALE else ()
                )
                details = choices[int(u["share_with"][j] * len(choices))]
            recorder = previous if realloc and given < moved_on else holder
            consents.append(
                Consent(
                    id=batch.ids(),
                    person_id=pid,
                    purpose=purpose,
                    given_on=given,
                    withdrawn_on=withdrawn,
                    details=details,
                    recorded_by_id=ctx.staff_ids[recorder],
                )
            )

    with transaction.atomic():
        Person.objects.bulk_create(rows, batch_size=INSERT_BATCH)
        Order.objects.bulk_create(orders, batch_size=INSERT_BATCH)
        Requirement.objects.bulk_create(requirements, batch_size=INSERT_BATCH)
        Allocation.objects.bulk_create(allocations, batch_size=INSERT_BATCH)
        Handover.objects.bulk_create(handovers, batch_size=INSERT_BATCH)
        Consent.objects.bulk_create(consents, batch_size=INSERT_BATCH)


_FORKED_CONTEXT: Context | None = None


def _start_worker() -> None:
    # Close this writer's own connection when it finishes.
    Finalize(None, connections.close_all, exitpriority=10)


def _write_in_worker(bounds: tuple[int, int]) -> int:
    if _FORKED_CONTEXT is None:
        raise RuntimeError("the demo's writer process started without its data")
    _write_batch(_FORKED_CONTEXT, *bounds)
    return bounds[1] - bounds[0]


def default_workers() -> int:
    """Processes writing batches at once: several on PostgreSQL, which takes concurrent
    writers in its stride; one on SQLite, which serialises them anyway."""
    if connection.vendor != "postgresql":
        return 1
    return max(1, min(4, (os.cpu_count() or 1)))


def _write_people(ctx: Context, progress: Progress | None, workers: int) -> None:
    """Every batch in its own transaction: in this process, or in ``workers`` forked ones.

    Forked writers need every earlier write committed (they have their own connections), so
    inside a caller's transaction, as in tests, the batches are written here one by one.
    """
    n = len(ctx.people)
    batches = [(first, min(first + BATCH_PEOPLE, n)) for first in range(0, n, BATCH_PEOPLE)]
    done = 0
    if workers <= 1 or len(batches) == 1 or connection.in_atomic_block:
        for first, last in batches:
            _write_batch(ctx, first, last)
            done += last - first
            if progress:
                progress(done, n)
        return
    global _FORKED_CONTEXT  # noqa: PLW0603 (the forked writers inherit it)
    _FORKED_CONTEXT = ctx
    connections.close_all()  # a connection must never be shared across a fork
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    try:
        for size in pool.imap_unordered(_write_in_worker, batches):
            done += size
            if progress:
                progress(done, n)
        pool.close()  # the writers finish and close their connections
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _FORKED_CONTEXT = None


def _running(people: People, i: int, today: date) -> bool:
    return people.end[i] > today and people.start[i] <= today - timedelta(days=21)


def _special_cases(
    org: Organisation, people: People, draws: Draws, today: date
) -> tuple[BoolArray, BoolArray, dict[str, int]]:
    """Who was reallocated (about one in ten people with a running order), whose handover is
    still unread, and whose cases are restricted: two of the trained persona's people
    (excluded officer; allow-list) and one in Hull East (another exclusion)."""
    n = len(people)
    running = np.array([_running(people, i, today) for i in range(n)], dtype=np.bool_)
    team_size = [len(org.team_members(t)) for t in range(len(org.teams))]
    movable = np.array([team_size[org.team_of(int(h))] > 1 for h in people.holder], dtype=np.bool_)
    reallocate = running & movable & (draws.u["realloc"] < 0.1)
    unread = np.zeros(n, dtype=np.bool_)

    def by_preference(indices: list[int]) -> list[int]:
        # People with a running order first, then the most recent starts.
        return sorted(indices, key=lambda i: (not running[i], -people.start[i].toordinal(), i))

    persona = org.persona("trained_case_manager")
    mine = by_preference(np.flatnonzero(people.holder == persona).tolist())
    hull_east = next(t for t, team in enumerate(org.teams) if team.name == "Hull East")
    east_trained = [i for i in org.team_members(hull_east) if org.staff[i].trained]
    theirs = by_preference(np.flatnonzero(np.isin(people.holder, east_trained)).tolist())
    if len(mine) < 2 or not theirs:
        raise ValueError("too few people for the demo's restricted cases: load more people")
    special = {"excluded": mine[0], "restricted": mine[1], "excluded_elsewhere": theirs[0]}
    for i in special.values():
        reallocate[i] = False
    for i in mine[2:4]:  # the persona has two handovers to read first
        if (min(today, people.end[i]) - people.start[i]).days > 9:
            reallocate[i] = True
            unread[i] = True
    return reallocate, unread, special


def _write_restrictions(ctx: Context, special: dict[str, int]) -> None:
    org = ctx.org
    staff_id = ctx.staff_ids
    persona = org.persona("trained_case_manager")
    senior = org.persona("senior_case_manager")
    excluded = org.persona("excluded_officer")
    senior_name = org.staff[senior].full_name
    hull_east = next(t for t, team in enumerate(org.teams) if team.name == "Hull East")
    east_untrained = [i for i in org.team_members(hull_east) if not org.staff[i].trained]
    east_senior = org.allocator(int(ctx.people.holder[special["excluded_elsewhere"]]))
    Exclusion.objects.bulk_create(
        [
            Exclusion(
                id=ctx.ids(),
                person_id=ctx.person_ids[special["excluded"]],
                user_id=staff_id[excluded],
                message=(
                    "You have been excluded from this case because you know the person outside "
                    f"work. Speak to {senior_name}, your senior case manager, if you think you "
                    "need access."
                ),
                reason="Declared conflict of interest: a neighbour of the person's family.",
                created_by_id=staff_id[senior],
            ),
            Exclusion(
                id=ctx.ids(),
                person_id=ctx.person_ids[special["excluded_elsewhere"]],
                user_id=staff_id[east_untrained[0]],
                reason="While a complaint the person made about this case manager is looked into.",
                ends_at=ctx.now + timedelta(days=120),
                created_by_id=staff_id[east_senior],
            ),
        ]
    )
    restriction = Restriction.objects.create(
        id=ctx.ids(),
        person_id=ctx.person_ids[special["restricted"]],
        message=(
            "This case is restricted to named staff. Speak to "
            f"{senior_name}, senior case manager, if you think you need access."
        ),
        reason="The person is a relative of a member of staff in the Hull office.",
        created_by_id=staff_id[senior],
    )
    restriction.allowed_users.set(User.objects.filter(id__in=[staff_id[persona], staff_id[senior]]))


def _load(
    *,
    seed: int,
    password: str,
    today: date | None,
    progress: Progress | None,
    workers: int | None = None,
    plan: Callable[[np.random.Generator, Organisation, date], list[Group]],
    organisation: Callable[[np.random.Generator], Organisation],
) -> LoadResult:
    today = today or timezone.localdate()
    workers = default_workers() if workers is None else workers
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)]
    staff_rng, people_rng, names_rng, records_rng, ids_rng = streams
    id_seed = int(ids_rng.integers(0, 2**62))
    ids = Ids(id_seed)

    org = organisation(staff_rng)
    taken = set(User.objects.values_list("username", flat=True))
    name_staff(staff_rng, org, taken)
    groups = plan(people_rng, org, today)
    people = draw_people(people_rng, groups, org, today)
    n = len(people)

    traits = people.traits
    firsts = names.first_names(names_rng, traits.gender)
    lasts = names.last_names(names_rng, n)
    areas = [org.offices[org.office_of(int(h))].area for h in people.holder]
    details = names.addresses(names_rng, areas, n)
    draws = Draws.make(records_rng, n)
    reallocate, unread, special = _special_cases(org, people, draws, today)
    staff_ids, team_ids = write_staff(org, password, ids, cohort.cohort_window(today))
    ctx = Context(
        org=org,
        people=people,
        details=details,
        firsts=firsts.tolist(),
        lasts=lasts.tolist(),
        preferred=names.preferred_names(names_rng, firsts),
        pronouns=names.pronouns(names_rng, traits.gender),
        birthdays=cohort.date_of_birth(names_rng, traits.age, people.start),
        phones=names.phone_numbers(names_rng, n),
        emails=names.email_addresses(names_rng, firsts.tolist(), lasts.tolist()),
        references=names.case_references(names_rng, n),
        draws=draws,
        today=today,
        now=timezone.now(),
        zone=ZoneInfo(settings.TIME_ZONE),
        ids=ids,
        id_seed=id_seed,
        staff_ids=staff_ids,
        team_ids=team_ids,
        person_ids=[ids() for _ in range(n)],
        reallocate=reallocate,
        unread=unread,
    )
    _write_people(ctx, progress, workers)
    with transaction.atomic():
        _write_restrictions(ctx, special)
        record(
            actor=SYSTEM,
            operation=Operation.COLLECT,
            what="Demo data loaded",
            details={"people": n},
        )
    sign_ins = [
        SignIn(
            key, label, org.staff[org.persona(key)].full_name, org.staff[org.persona(key)].username
        )
        for key, label in PERSONAS.items()
    ]
    return LoadResult(
        people=n,
        staff=len(org.staff),
        sign_ins=sign_ins,
        groups={g.label: g.size for g in groups},
    )


def _refresh_statistics() -> None:
    """Tell PostgreSQL's planner how big the tables it has just filled are. Until autovacuum
    gets to them (never, inside a test's transaction) it plans for empty tables, and a join
    through people, plans and goals becomes nested full scans that take minutes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def load_calibrated(
    *,
    seed: int = DEFAULT_SEED,
    password: str,
    today: date | None = None,
    progress: Progress | None = None,
    address: str = DEFAULT_ADDRESS,
    pin: str | None = None,
) -> LoadResult:
    """The demo calibrated to the pilot's figures (about 1,500 people). ``address``: where the
    demo is served (for the app invitation's link); ``pin``: the app PIN of an earlier load."""
    result = _load(
        seed=seed,
        password=password,
        today=today,
        progress=progress,
        plan=calibrated_groups,
        organisation=calibrated_organisation,
    )
    reoffending.write_demo_reoffending(seed=seed, today=today)
    plans.write_demo_plans(seed=seed, today=today)
    strengths_demo.write_demo_assessments(seed=seed, today=today)
    person_centred_demo.write_demo_person_centred(seed=seed, today=today)
    demo_appointments.write_demo_appointments(seed=seed, today=today)
    mark_outcomes(Appointment.objects.all())  # which have an outcome, as the service marks
    _refresh_statistics()  # before counting them: a planner that thinks them empty takes minutes
    summaries.recount()  # the monitoring summaries of those appointments' outcomes
    notifications.write_demo_messages(seed=seed)  # the reminders of those appointments
    messaging.write_demo_conversations(seed=seed)
    demo_portal.write_demo_portal(seed=seed, today=today)
    _refresh_statistics()
    trained = next(s for s in result.sign_ins if s.persona == "trained_case_manager")
    interventions.write_demo_interventions(seed=seed, today=today, persona=trained.username)
    senior = next(s for s in result.sign_ins if s.persona == "senior_case_manager")
    written = demo_fund.write_demo_fund(
        seed=seed, today=today, case_manager=trained.username, senior=senior.username
    )
    result.notes.append(written.summary())
    # --- The Time Bank: a living Hull Time Bank, after the interventions (its referrals).
    time_bank.write_demo_time_bank(seed=seed, today=today, persona=trained.username)
    # --- Volunteering: Hull's volunteers, sessions, a peer mentor and circles, after the Time
    # Bank (its volunteer Dave Ackroyd is the demo volunteer).
    volunteered = demo_volunteering.write_demo_volunteering(
        seed=seed, today=today, persona=trained.username
    )
    result.notes.append(volunteered.summary())
    # --- Staff learning: Hull's training days, Action Learning Sets and the trained case
    # manager's reflective log, from the training written with the staff.
    result.notes.append(
        demo_learning.write_demo_learning(
            seed=seed, today=today, persona=trained.username
        ).summary()
    )
    # --- Co-creation: Hull's Community Reporters and their stories, after volunteering (its
    # peer mentor on probation is a reporter).
    # The person who tries the app told one of the stories (``demo_portal.person_for_the_app``
    # picks them again below).
    app_person = demo_portal.person_for_the_app(trained.username, timezone.now())
    result.notes.append(
        demo_cocreation.write_demo_cocreation(
            seed=seed, today=today, app_person=app_person
        ).summary()
    )
    # --- A person on the trained case manager's caseload (a Time Bank member), already
    # invited to the app with a PIN set, so the phone can be tried without the outbox.
    result.app_sign_in = demo_portal.write_demo_app_sign_in(
        case_manager=trained.username, address=address, pin=pin
    )
    return result


def load_large(
    *,
    people: int,
    seed: int = DEFAULT_SEED,
    password: str,
    today: date | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> LoadResult:
    """``people`` people, about 40 a case manager, for benchmarks."""
    holders = max(1, math.ceil(people / PEOPLE_PER_CASE_MANAGER))
    return _load(
        seed=seed,
        password=password,
        today=today,
        progress=progress,
        workers=workers,
        plan=lambda rng, org, today: large_groups(rng, org, people, today),
        organisation=lambda rng: scaled_organisation(rng, holders),
    )
