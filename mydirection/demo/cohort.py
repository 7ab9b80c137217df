"""Drawing the demo's people so that their characteristics match the pilot's figures.

Plain numpy, no Django: every function takes a seeded ``numpy.random.Generator`` and returns
arrays, one element a person. Values are the models' choice values spelt out as strings.

Proportions are drawn *exactly to the nearest person*: for a share ``p`` of ``n`` people,
``round(p * n)`` of them have the characteristic (a shuffled vector, not independent coin
tosses), so a group of 84 shows the table's 65% male as 55 men, not "about 55". Means are made
exact too: values are drawn from a sensible skewed distribution and then nudged, one unit at a
time, until their total is ``round(mean * n)``.

The figures are those of "Figures from the pilot" in ``docs/product.md`` (Hull, 2018-2019):
``INTERVENTION`` for the 84 people on the programme and ``COUNTERFACTUAL`` for the 529 people
with untrained case managers in the same office and disposal-date range.
"""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from mydirection.dates import add_months

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.str_]

MALE, FEMALE, NON_BINARY = "male", "female", "non_binary"
COMMUNITY_ORDER, SUSPENDED_SENTENCE, LICENCE = "community_order", "suspended_sentence", "licence"
WHITE_BRITISH = "white_british"
UNEMPLOYED = "unemployed"
SETTLED, UNSETTLED, HOMELESS, APPROVED_PREMISES = (
    "settled",
    "unsettled",
    "homeless",
    "approved_premises",
)
UNSETTLED_KINDS = (UNSETTLED, HOMELESS, APPROVED_PREMISES)

# The index offence categories. Violence, theft and public order are the pilot's; the other
# 38% are spread over the remaining categories in roughly the order of a probation caseload.
OFFENCES: tuple[tuple[str, float], ...] = (
    ("violence", 0.35),
    ("theft", 0.15),
    ("public_order", 0.12),
    ("drugs", 0.08),
    ("criminal_damage", 0.07),
    ("burglary", 0.06),
    ("motoring", 0.05),
    ("fraud", 0.04),
    ("weapons", 0.03),
    ("robbery", 0.02),
    ("other", 0.03),
)

# Other ethnic groups of people whose ethnicity is recorded and who are not White British
# (Hull's largest other group is White Other, mostly Eastern European).
OTHER_ETHNICITIES: tuple[tuple[str, float], ...] = (
    ("white_other", 0.36),
    ("white_irish", 0.05),
    ("white_gypsy", 0.08),
    ("mixed_wbc", 0.06),
    ("mixed_wa", 0.04),
    ("mixed_other", 0.04),
    ("asian_pakistani", 0.04),
    ("asian_indian", 0.03),
    ("asian_other", 0.04),
    ("black_african", 0.08),
    ("black_caribbean", 0.04),
    ("arab", 0.05),
    ("other", 0.09),
)

# Order lengths in months before they are nudged to the group's mean.
ORDER_MONTHS: dict[str, tuple[tuple[int, float], ...]] = {
    COMMUNITY_ORDER: ((6, 0.2), (9, 0.1), (12, 0.5), (18, 0.12), (24, 0.08)),
    # The supervision period of a Suspended Sentence Order.
    SUSPENDED_SENTENCE: ((6, 0.2), (9, 0.15), (12, 0.45), (18, 0.12), (24, 0.08)),
    # The licence period after release.
    LICENCE: ((3, 0.15), (4, 0.1), (6, 0.25), (9, 0.15), (12, 0.2), (18, 0.1), (24, 0.05)),
}
ORDER_MONTH_BOUNDS: dict[str, tuple[int, int]] = {
    COMMUNITY_ORDER: (6, 36),
    SUSPENDED_SENTENCE: (6, 24),
    LICENCE: (2, 24),
}
# Custodial terms (months) behind a licence: about half is served before release.
CUSTODIAL_MONTHS = (4, 6, 8, 10, 12, 16, 18, 24, 30, 36, 48)

UNPAID_WORK_HOURS = (40, 60, 80, 100, 120, 150, 180, 200, 240, 300)
REHABILITATION_DAYS = (5, 10, 15, 20, 25, 30, 40)
# Accredited programmes ("P3"): name and number of sessions.
BUILDING_BETTER_RELATIONSHIPS = ("Building Better Relationships", 31)
RESOLVE = ("Resolve", 24)
THINKING_SKILLS = ("Thinking Skills Programme", 19)
PROGRAMMES = (BUILDING_BETTER_RELATIONSHIPS, RESOLVE, THINKING_SKILLS)


@dataclass(frozen=True)
class Profile:
    """A group's figures. Shares are of the whole group unless the name says otherwise."""

    name: str
    male: float
    mean_age: float
    white_british: float  # of those whose ethnicity is recorded
    mean_ogrs3: float
    mean_deprivation: float  # of those whose deprivation decile is recorded
    domestic_abuse_perpetrator: float
    domestic_abuse_history: float  # as victim or perpetrator: includes every perpetrator
    mental_health: float
    mental_illness: float  # diagnosed: a subset of those with mental health needs
    unsettled_accommodation: float
    unemployed: float
    unpaid_work: float
    accredited_programme: float  # "P3"
    drug_rehabilitation: float
    alcohol_treatment: float
    order_mix: tuple[tuple[str, float], ...] = (
        (COMMUNITY_ORDER, 0.57),
        (LICENCE, 0.27),
        (SUSPENDED_SENTENCE, 0.14),
    )
    mean_previous_events: float = 10.0
    max_previous_events: int | None = None  # the largest value, exactly, when given
    mean_order_months: float = 11.0
    missing_deprivation: float = 0.15
    missing_ethnicity: float = 0.23
    offences: tuple[tuple[str, float], ...] = OFFENCES


INTERVENTION = Profile(
    name="intervention",
    male=0.65,
    mean_age=34,
    white_british=0.90,
    mean_ogrs3=40,
    mean_deprivation=3.3,
    domestic_abuse_perpetrator=0.08,
    domestic_abuse_history=0.13,
    mental_health=0.27,
    mental_illness=0.17,
    unsettled_accommodation=0.20,
    unemployed=0.67,
    unpaid_work=0.19,
    accredited_programme=0.15,
    drug_rehabilitation=0.10,
    alcohol_treatment=0.64,
    max_previous_events=68,
)

COUNTERFACTUAL = Profile(
    name="counterfactual",
    male=0.79,
    mean_age=35,
    white_british=0.92,
    mean_ogrs3=45,
    mean_deprivation=2.6,
    domestic_abuse_perpetrator=0.14,
    domestic_abuse_history=0.19,
    mental_health=0.20,
    mental_illness=0.13,
    unsettled_accommodation=0.19,
    unemployed=0.61,
    unpaid_work=0.16,
    accredited_programme=0.09,
    drug_rehabilitation=0.10,
    alcohol_treatment=0.48,
)

INTERVENTION_SIZE = 84
COUNTERFACTUAL_SIZE = 529
MIN_AGE, MAX_AGE = 18, 79
MAX_PREVIOUS_EVENTS = 90


@dataclass
class Characteristics:
    """One group's drawn characteristics: parallel arrays, one element a person."""

    order_type: StrArray
    gender: StrArray
    age: IntArray  # whole years on the day the order started (the cohort start date)
    previous_events: IntArray
    index_offence: StrArray
    ogrs3: IntArray
    risk_level: StrArray
    ethnicity: StrArray  # "" when not recorded
    deprivation: IntArray  # 0 when not recorded
    domestic_abuse_perpetrator: BoolArray
    domestic_abuse_history: BoolArray
    mental_health: BoolArray
    mental_illness: BoolArray
    accommodation: StrArray
    employment: StrArray
    order_months: IntArray
    unpaid_work_hours: IntArray  # 0 for none
    rehabilitation_days: IntArray  # 0 for none
    programme: IntArray  # index into PROGRAMMES, -1 for none
    drug_rehabilitation: BoolArray
    alcohol_treatment: BoolArray
    curfew: BoolArray

    def __len__(self) -> int:
        return len(self.gender)

    @classmethod
    def concatenate(cls, parts: Sequence["Characteristics"]) -> "Characteristics":
        values: dict[str, Any] = {
            f.name: np.concatenate([getattr(part, f.name) for part in parts]) for f in fields(cls)
        }
        return cls(**values)


# Counting and choosing exactly ------------------------------------------------------------


def exact_count(share: float, n: int) -> int:
    """``share`` of ``n`` to the nearest person (halves round up)."""
    return int(np.floor(share * n + 0.5))


def split_counts(shares: Sequence[float], n: int) -> list[int]:
    """Whole counts in proportion to ``shares`` that add up to ``n`` (largest remainders).

    Shares that do not add up to one are scaled first: the pilot's order mix (57%, 27%, 14%)
    adds up to 98%, so its missing 2% is spread in proportion rather than given to one kind.
    """
    weights = np.array(shares, dtype=np.float64)
    raw = weights / weights.sum() * n
    counts = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - counts), kind="stable")
    for i in range(n - int(counts.sum())):
        counts[order[i]] += 1
    return [int(c) for c in counts]


def shuffled_categories(
    rng: np.random.Generator, categories: Sequence[tuple[str, float]], n: int
) -> StrArray:
    """``n`` values with each category's share exact to the nearest person, in random order."""
    counts = split_counts([share for _, share in categories], n)
    values = np.repeat(np.array([name for name, _ in categories]), counts)
    return rng.permutation(values)


def choose_exactly(rng: np.random.Generator, k: int, weights: FloatArray) -> IntArray:
    """``k`` distinct indices, each drawn with probability in proportion to its weight.

    Efraimidis and Spirakis' method: the ``k`` largest of ``log(u) / w``. Indices with no
    weight are never chosen; ``k`` is cut to how many have some.
    """
    eligible = weights > 0
    k = min(k, int(eligible.sum()))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    u = rng.random(len(weights))
    keys = np.full(len(weights), -np.inf)
    keys[eligible] = np.log(u[eligible]) / weights[eligible]
    chosen = np.argpartition(-keys, k - 1)[:k]
    return np.sort(chosen).astype(np.int64)


def exact_flags(
    rng: np.random.Generator, share: float, n: int, weights: FloatArray | None = None
) -> BoolArray:
    """A flag for ``round(share * n)`` of ``n`` people, chosen by weight."""
    flags = np.zeros(n, dtype=np.bool_)
    flags[
        choose_exactly(rng, exact_count(share, n), np.ones(n) if weights is None else weights)
    ] = True
    return flags


def nudge_to_total(
    rng: np.random.Generator,
    values: IntArray,
    total: int,
    low: IntArray | int,
    high: IntArray | int,
) -> IntArray:
    """Move values one unit at a time, at random, until they add up to ``total``.

    Each value stays within its bounds. The distribution keeps its shape because the draw was
    already close: only a few people move, by one or two units.
    """
    out = values.copy()
    lo = np.broadcast_to(np.asarray(low, dtype=np.int64), out.shape)
    hi = np.broadcast_to(np.asarray(high, dtype=np.int64), out.shape)
    out = np.clip(out, lo, hi)
    while (gap := total - int(out.sum())) != 0:
        step = 1 if gap > 0 else -1
        movable = np.flatnonzero(out < hi) if step > 0 else np.flatnonzero(out > lo)
        if len(movable) == 0:
            raise ValueError(f"cannot reach a total of {total} within the bounds")
        take = min(abs(gap), len(movable))
        out[rng.choice(movable, size=take, replace=False)] += step
    return out


def rank_scores(values: npt.ArrayLike) -> FloatArray:
    """Ranks scaled to -1..1: a cheap, tie-tolerant standard score for ordering."""
    array = np.asarray(values, dtype=np.float64)
    if len(array) < 2:
        return np.zeros(len(array))
    ranks = np.argsort(np.argsort(array, kind="stable"), kind="stable").astype(np.float64)
    scaled: FloatArray = ranks / (len(array) - 1) * 2 - 1
    return scaled


def arrange_by(values: IntArray, latent: FloatArray) -> IntArray:
    """The same values, given out so that the largest go to the largest ``latent``.

    Keeps the values (and so their mean and maximum) exactly, adding correlation.
    """
    out = np.empty_like(values)
    out[np.argsort(latent, kind="stable")] = np.sort(values, kind="stable")
    return out


def _weighted(
    rng: np.random.Generator, options: Sequence[tuple[Any, float]], n: int
) -> npt.NDArray[Any]:
    values = np.array([value for value, _ in options])
    p = np.array([share for _, share in options], dtype=np.float64)
    return values[rng.choice(len(values), size=n, p=p / p.sum())]


def _deprivation_weights(mean: float) -> FloatArray:
    """Probabilities of deciles 1..10 falling off geometrically, with the given mean."""
    deciles = np.arange(1, 11, dtype=np.float64)
    low, high = -5.0, 5.0
    for _ in range(60):
        rate = (low + high) / 2
        p = np.exp(-rate * (deciles - 1))
        if float((p * deciles).sum() / p.sum()) > mean:
            low = rate
        else:
            high = rate
    weights: FloatArray = np.exp(-((low + high) / 2) * (deciles - 1))
    normalised: FloatArray = weights / float(weights.sum())
    return normalised


# Drawing a group ------------------------------------------------------------------------


def draw_characteristics(
    rng: np.random.Generator,
    n: int,
    profile: Profile,
    *,
    non_binary: float = 0.0,
    high_risk: float = 0.0,
) -> Characteristics:
    """Draw ``n`` people whose shares and means are ``profile``'s, exact to the person.

    ``non_binary`` and ``high_risk`` add a few people outside the pilot's figures (the pilot
    recorded only men and women, and only people of low and medium risk of serious harm) for
    live caseloads; the cohorts use neither.
    """
    if n == 0:
        return _empty()

    order_type = shuffled_categories(rng, profile.order_mix, n)
    licence = order_type == LICENCE
    community = ~licence

    # Gender: men exact; then the few non-binary people; women the rest.
    gender = np.full(n, FEMALE, dtype="<U20")
    men = choose_exactly(rng, exact_count(profile.male, n), np.ones(n))
    gender[men] = MALE
    others = np.flatnonzero(gender == FEMALE)
    if non_binary and len(others):
        k = exact_count(non_binary, n)
        gender[others[choose_exactly(rng, k, np.ones(len(others)))]] = NON_BINARY
    female = gender == FEMALE
    male = gender == MALE

    # Age: skewed to the young, 18 to 79, mean exact.
    mean_age = profile.mean_age
    raw_age = MIN_AGE + rng.gamma(2.2, (mean_age - MIN_AGE) / 2.2, size=n)
    age = nudge_to_total(
        rng, np.rint(raw_age).astype(np.int64), exact_count(mean_age, n), MIN_AGE, MAX_AGE
    )

    # Previous offending events: a negative binomial (very skewed), mean exact; the pilot's
    # largest (68) exactly when the profile names one. Older people have had longer to offend.
    dispersion = 1.1
    mean_events = profile.mean_previous_events
    raw_events = rng.negative_binomial(dispersion, dispersion / (dispersion + mean_events), n)
    total_events = exact_count(mean_events, n)
    if profile.max_previous_events is not None and n > 1:
        top = profile.max_previous_events
        rest = nudge_to_total(rng, raw_events[1:].astype(np.int64), total_events - top, 0, top - 1)
        events = np.concatenate([[top], rest]).astype(np.int64)
    else:
        events = nudge_to_total(
            rng, raw_events.astype(np.int64), total_events, 0, MAX_PREVIOUS_EVENTS
        )
    events = arrange_by(events, 0.6 * rank_scores(age) + rng.normal(0, 0.6, n))

    index_offence = shuffled_categories(rng, profile.offences, n)

    # OGRS3: a beta distribution on 1..98, mean exact; higher for the young, for those with
    # more previous events, and for men.
    m = profile.mean_ogrs3 / 99
    shape = 2.4
    raw_ogrs = 99 * rng.beta(shape, shape * (1 - m) / m, size=n)
    ogrs3 = nudge_to_total(
        rng, np.rint(raw_ogrs).astype(np.int64), exact_count(profile.mean_ogrs3, n), 1, 98
    )
    latent = 0.7 * rank_scores(events) - 0.4 * rank_scores(age) + 0.3 * male + rng.normal(0, 0.5, n)
    ogrs3 = arrange_by(ogrs3, latent)

    # Risk of serious harm: low or medium (more often medium with a higher OGRS3).
    risk_level = np.where(rng.random(n) < 0.15 + ogrs3 / 110, "medium", "low").astype("<U20")
    if high_risk:
        chosen = choose_exactly(rng, exact_count(high_risk, n), ogrs3.astype(np.float64))
        risk_level[chosen] = "high"

    # Ethnicity: not recorded for an exact share; White British an exact share of the rest.
    ethnicity = np.full(n, "", dtype="<U20")
    recorded = np.sort(rng.permutation(n)[: n - exact_count(profile.missing_ethnicity, n)])
    white_british = np.zeros(len(recorded), dtype=np.bool_)
    white_british[
        choose_exactly(
            rng, exact_count(profile.white_british, len(recorded)), np.ones(len(recorded))
        )
    ] = True
    ethnicity[recorded[white_british]] = WHITE_BRITISH
    ethnicity[recorded[~white_british]] = _weighted(
        rng, OTHER_ETHNICITIES, int((~white_british).sum())
    )

    # Deprivation decile of the home area (1 most deprived), missing for an exact share.
    deprivation = np.zeros(n, dtype=np.int64)
    with_decile = np.sort(rng.permutation(n)[: n - exact_count(profile.missing_deprivation, n)])
    if len(with_decile):
        p = _deprivation_weights(profile.mean_deprivation)
        raw_decile = rng.choice(np.arange(1, 11), size=len(with_decile), p=p)
        deprivation[with_decile] = nudge_to_total(
            rng,
            raw_decile.astype(np.int64),
            exact_count(profile.mean_deprivation, len(with_decile)),
            1,
            10,
        )

    # Domestic abuse: perpetrators (mostly men) are all among those with a history; the
    # others with a history are mostly women (as victims).
    perpetrator = exact_flags(rng, profile.domestic_abuse_perpetrator, n, np.where(male, 3.0, 1.0))
    history = perpetrator.copy()
    extra = exact_count(profile.domestic_abuse_history, n) - int(perpetrator.sum())
    history[choose_exactly(rng, extra, np.where(perpetrator, 0.0, np.where(female, 3.0, 1.0)))] = (
        True
    )

    mental_health = exact_flags(rng, profile.mental_health, n, np.where(female, 1.5, 1.0))
    mental_illness = np.zeros(n, dtype=np.bool_)
    mental_illness[
        choose_exactly(
            rng, exact_count(profile.mental_illness, n), mental_health.astype(np.float64)
        )
    ] = True

    # Accommodation: an exact share unsettled (more often after custody); approved premises
    # only after custody.
    unsettled = exact_flags(
        rng,
        profile.unsettled_accommodation,
        n,
        np.where(licence, 2.0, 1.0) * np.where(mental_health, 1.5, 1.0),
    )
    accommodation = np.full(n, SETTLED, dtype="<U20")
    kind = rng.random(n)
    accommodation[unsettled] = UNSETTLED
    accommodation[unsettled & (kind < 0.2)] = HOMELESS
    accommodation[unsettled & licence & (kind > 0.7)] = APPROVED_PREMISES

    # Employment: an exact share unemployed; the others by age.
    unemployed = exact_flags(
        rng,
        profile.unemployed,
        n,
        np.where(unsettled, 2.0, 1.0)
        * np.where(mental_health, 1.5, 1.0)
        * np.where(age >= 66, 0.1, 1.0),
    )
    employment = _weighted(
        rng,
        (("employed", 0.55), ("self_employed", 0.1), ("not_available", 0.22), ("education", 0.13)),
        n,
    ).astype("<U20")
    employment[(age >= 66) & ~unemployed] = "retired"
    employment[unemployed] = UNEMPLOYED

    # Order lengths around the mean; Community Orders and SSOs mostly 12 months, licences
    # shorter and more varied.
    order_months = np.zeros(n, dtype=np.int64)
    low = np.zeros(n, dtype=np.int64)
    high = np.zeros(n, dtype=np.int64)
    for kind_name, options in ORDER_MONTHS.items():
        where = order_type == kind_name
        order_months[where] = _weighted(rng, options, int(where.sum()))
        low[where], high[where] = ORDER_MONTH_BOUNDS[kind_name]
    order_months = nudge_to_total(
        rng, order_months, exact_count(profile.mean_order_months, n), low, high
    )

    # Requirements, each for an exact share. Unpaid work is never part of a licence; the
    # other requirements come mostly with a community sentence (a licence has conditions).
    on_licence = np.where(community, 4.0, 1.0)
    unpaid = exact_flags(rng, profile.unpaid_work, n, np.where(community, 1.0, 0.0))
    unpaid_work_hours = np.where(unpaid, rng.choice(np.array(UNPAID_WORK_HOURS), size=n), 0).astype(
        np.int64
    )

    offence_violence = index_offence == "violence"
    programme_flag = exact_flags(
        rng,
        profile.accredited_programme,
        n,
        on_licence * np.where(perpetrator, 4.0, 1.0) * np.where(offence_violence, 1.5, 1.0),
    )
    programme = np.full(n, -1, dtype=np.int64)
    programme[programme_flag] = np.where(
        perpetrator[programme_flag],
        PROGRAMMES.index(BUILDING_BETTER_RELATIONSHIPS),
        np.where(
            offence_violence[programme_flag],
            PROGRAMMES.index(RESOLVE),
            PROGRAMMES.index(THINKING_SKILLS),
        ),
    )

    drugs_or_theft = np.isin(index_offence, ["drugs", "theft", "burglary"])
    drug_rehabilitation = exact_flags(
        rng, profile.drug_rehabilitation, n, on_licence * np.where(drugs_or_theft, 3.0, 1.0)
    )
    drink_related = np.isin(
        index_offence, ["violence", "public_order", "criminal_damage", "motoring"]
    )
    alcohol_treatment = exact_flags(
        rng, profile.alcohol_treatment, n, on_licence * np.where(drink_related, 2.0, 1.0)
    )

    # Outside the table: rehabilitation activity days for most community sentences, and a
    # few curfews.
    rehabilitation = community & (rng.random(n) < 0.6)
    rehabilitation_days = np.where(
        rehabilitation, rng.choice(np.array(REHABILITATION_DAYS), size=n), 0
    ).astype(np.int64)
    curfew = community & (rng.random(n) < 0.05)

    return Characteristics(
        order_type=order_type.astype("<U20"),
        gender=gender.astype("<U20"),
        age=age,
        previous_events=events,
        index_offence=index_offence.astype("<U20"),
        ogrs3=ogrs3,
        risk_level=risk_level.astype("<U20"),
        ethnicity=ethnicity,
        deprivation=deprivation,
        domestic_abuse_perpetrator=perpetrator,
        domestic_abuse_history=history,
        mental_health=mental_health,
        mental_illness=mental_illness,
        accommodation=accommodation,
        employment=employment,
        order_months=order_months,
        unpaid_work_hours=unpaid_work_hours,
        rehabilitation_days=rehabilitation_days,
        programme=programme,
        drug_rehabilitation=drug_rehabilitation,
        alcohol_treatment=alcohol_treatment,
        curfew=curfew,
    )


def _empty() -> Characteristics:
    one = draw_characteristics(np.random.default_rng(0), 1, COUNTERFACTUAL)
    return Characteristics(**{f.name: getattr(one, f.name)[:0] for f in fields(Characteristics)})


# Dates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Inclusive range of dates."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def cohort_window(today: date) -> Window:
    """When the pilot's cohort started their orders: nine months (the pilot ran for nine),
    ending 14 months before today so that every one-year outcome is already observable."""
    last = add_months(today, -14)
    return Window(add_months(last, -9) + timedelta(days=1), last)


@dataclass
class Dates:
    """Each person's order dates and the day they joined the programme (if they did)."""

    sentence: list[date]
    start: list[date]
    end: list[date]
    programme_start: list[date | None]


def draw_dates(
    rng: np.random.Generator,
    people: Characteristics,
    *,
    today: date,
    window: Window | None = None,
    current: bool = False,
    programme: bool = False,
) -> Dates:
    """Start dates in ``window`` (the community part: for a licence, the release), or, when
    ``current``, within the last 12 months and with the order still running today.

    A Community Order or SSO starts on the day of sentence; a licence starts after about half
    of a custodial term. People on the programme joined within four weeks of the start, and a
    cohort member within the window.
    """
    n = len(people)
    months = people.order_months
    lag = rng.integers(0, 29, size=n)
    custody = rng.choice(np.array(CUSTODIAL_MONTHS), size=n)
    spread = rng.random(n)
    sentence: list[date] = []
    start: list[date] = []
    end: list[date] = []
    joined: list[date | None] = []
    for i in range(n):
        if current:
            # Late enough that the order has at least a week to run; within the last year.
            latest_start = today - timedelta(days=2)
            earliest = max(
                today - timedelta(days=365),
                add_months(today + timedelta(days=8), -int(months[i])),
            )
            earliest = min(earliest, latest_start)
            days = (latest_start - earliest).days
            begins = earliest + timedelta(days=int(spread[i] * (days + 1)))
        else:
            if window is None:
                raise ValueError("a window is needed unless the orders are current")
            begins = window.first + timedelta(days=int(spread[i] * window.days))
        ends = add_months(begins, int(months[i]))
        if people.order_type[i] == LICENCE:
            sentenced = begins - timedelta(days=round(int(custody[i]) * 30.44 / 2))
        else:
            sentenced = begins
        sentence.append(sentenced)
        start.append(begins)
        end.append(ends)
        if programme:
            joined_on = begins + timedelta(days=int(lag[i]))
            if window is not None and not current:
                joined_on = min(joined_on, window.last)
            joined.append(min(joined_on, today))
        else:
            joined.append(None)
    return Dates(sentence=sentence, start=start, end=end, programme_start=joined)


def date_of_birth(rng: np.random.Generator, ages: IntArray, on: Sequence[date]) -> list[date]:
    """Birthdays that make each person exactly ``age`` whole years old on the given day."""
    out: list[date] = []
    spread = rng.random(len(ages))
    for age, day, u in zip(ages, on, spread, strict=True):
        youngest = add_months(day, -12 * int(age))  # born on this day: just turned ``age``
        oldest = add_months(day, -12 * (int(age) + 1)) + timedelta(days=1)
        out.append(oldest + timedelta(days=int(u * ((youngest - oldest).days + 1))))
    return out


def summarise(people: Characteristics) -> dict[str, float]:
    """The measures of the pilot's table for drawn people (shares 0..1, means)."""
    n = len(people)
    recorded = people.ethnicity != ""
    deciles = people.deprivation[people.deprivation > 0]
    return {
        "male": float((people.gender == MALE).mean()),
        "mean_age": float(people.age.mean()),
        "white_british": float((people.ethnicity[recorded] == WHITE_BRITISH).mean()),
        "mean_ogrs3": float(people.ogrs3.mean()),
        "mean_deprivation": float(deciles.mean()) if len(deciles) else 0.0,
        "domestic_abuse_perpetrator": float(people.domestic_abuse_perpetrator.mean()),
        "domestic_abuse_history": float(people.domestic_abuse_history.mean()),
        "mental_health": float(people.mental_health.mean()),
        "mental_illness": float(people.mental_illness.mean()),
        "unsettled_accommodation": float(np.isin(people.accommodation, UNSETTLED_KINDS).mean()),
        "unemployed": float((people.employment == UNEMPLOYED).mean()),
        "unpaid_work": float((people.unpaid_work_hours > 0).mean()),
        "accredited_programme": float((people.programme >= 0).mean()),
        "drug_rehabilitation": float(people.drug_rehabilitation.mean()),
        "alcohol_treatment": float(people.alcohol_treatment.mean()),
        "mean_previous_events": float(people.previous_events.mean()),
        "max_previous_events": float(people.previous_events.max()) if n else 0.0,
        "mean_order_months": float(people.order_months.mean()),
        "missing_deprivation": float((people.deprivation == 0).mean()),
        "missing_ethnicity": float((~recorded).mean()),
    }
