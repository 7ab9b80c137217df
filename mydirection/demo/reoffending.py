"""The demo's reoffending events, drawn from a logistic model with the pilot's parameters.

Nothing here writes a result down. Each person in the pilot cohort (Hull, orders starting in
``cohort.cohort_window``) reoffends within the year with probability

    logit p = a + b_treated * treated + b_male * male
              + b_age * (age - 35) / 10 + b_ogrs * (OGRS3 - 45) / 10

and a seeded random draw decides whether they do. The covariate effects point the usual way
(men, younger people and higher OGRS3 scores reoffend more) but are weak, because the pilot
found the groups' covariates explained little: 15.1% of the counterfactual group reoffended
and the model put the intervention group's counterfactual rate at 14.7%. The intercept and
the treatment effect are then solved for on the people actually drawn, so that the *expected*
rates are the pilot's 15.1% (counterfactual) and 13.1% (intervention); the observed rates
land within one person of them (see ``draw_outcomes``).

Alongside the offences, some people breach their order (which is not reoffending) and some
offend after their year is over (which is outside the outcome), so the evaluation's rules
have something to tell apart.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.db.models import Min, Q
from django.utils import timezone

from mydirection.demo import cohort
from mydirection.demo.cohort import OFFENCES, BoolArray, FloatArray
from mydirection.evaluation.models import BREACH, ReoffendingEvent
from mydirection.people.models import Gender, Person
from mydirection.staff.models import Role, User

COUNTERFACTUAL_RATE = 0.151
INTERVENTION_RATE = 0.131
# Per man, per ten years of age above 35, per ten OGRS3 points above 45 (log-odds).
B_MALE = 0.12
B_AGE = -0.08
B_OGRS = 0.04
BREACH_RATE = 0.10  # people with a breach in their year
LATE_RATE = 0.08  # people whose next offence came after their year
DEMO_SOURCE = "Police National Computer extract (demo data)"
DEMO_BATCH = "DEMO"
OFFICE = "Hull"


@dataclass(frozen=True)
class Model:
    intercept: float
    treated: float

    def probability(
        self, treated: FloatArray, male: FloatArray, age: FloatArray, ogrs3: FloatArray
    ) -> FloatArray:
        eta = (
            self.intercept
            + self.treated * treated
            + B_MALE * male
            + B_AGE * (age - 35) / 10
            + B_OGRS * (ogrs3 - 45) / 10
        )
        p: FloatArray = 1 / (1 + np.exp(-eta))
        return p


def _solve(offset: FloatArray, target: float) -> float:
    """The constant c with mean(expit(offset + c)) == target, by bisection."""
    low, high = -20.0, 20.0
    for _ in range(80):
        mid = (low + high) / 2
        if np.mean(1 / (1 + np.exp(-(offset + mid)))) < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def calibrate(treated: FloatArray, male: FloatArray, age: FloatArray, ogrs3: FloatArray) -> Model:
    """The intercept and treatment effect giving the pilot's expected rates on these people."""
    covariates = B_MALE * male + B_AGE * (age - 35) / 10 + B_OGRS * (ogrs3 - 45) / 10
    control, on = treated == 0, treated == 1
    intercept = _solve(covariates[control], COUNTERFACTUAL_RATE) if control.any() else 0.0
    effect = _solve(covariates[on] + intercept, INTERVENTION_RATE) if on.any() else 0.0
    return Model(intercept, effect)


def draw_outcomes(
    rng: np.random.Generator,
    treated: FloatArray,
    male: FloatArray,
    age: FloatArray,
    ogrs3: FloatArray,
) -> BoolArray:
    """Whether each person reoffends within their year.

    Each person reoffends with exactly their model probability, but the draws within a group
    are made together by systematic sampling (people in a random order, their probabilities
    laid end to end, one random start and then every whole step): the number who reoffend is
    the group's expected number rounded up or down, not that number plus the binomial noise
    of independent coin tosses, which for 84 people is nearly four percentage points.
    """
    p = calibrate(treated, male, age, ogrs3).probability(treated, male, age, ogrs3)
    drawn: BoolArray = np.zeros(len(p), dtype=bool)
    for group in (0.0, 1.0):
        members = rng.permutation(np.flatnonzero(treated == group))
        if not len(members):
            continue
        ends = np.cumsum(p[members])
        starts = ends - p[members]
        u = rng.random()
        # Person j is drawn when a point u, u + 1, u + 2, ... falls in [starts_j, ends_j).
        drawn[members] = np.ceil(ends - u) > np.ceil(starts - u)
    return drawn


def write_demo_reoffending(*, seed: int, today: date | None = None) -> int:
    """Draw and save the pilot cohort's reoffending events; return how many were saved."""
    today = today or timezone.localdate()
    window = cohort.cohort_window(today)
    importer = User.objects.filter(role=Role.EVALUATOR).order_by("username").first()
    if importer is None:
        return 0
    in_window = Q(orders__start_date__gte=window.first, orders__start_date__lte=window.last)
    rows = list(
        Person.objects.filter(team__office__name=OFFICE)
        .annotate(cohort_start=Min("orders__start_date", filter=in_window))
        .filter(cohort_start__isnull=False)
        .order_by("case_reference")
        .values_list("id", "cohort_start", "programme_start", "gender", "date_of_birth", "ogrs3")
    )
    if not rows:
        return 0
    rng = np.random.default_rng(np.random.SeedSequence([seed, 365]))
    ids = [row[0] for row in rows]
    starts: list[date] = [row[1] for row in rows]
    treated = np.array([row[2] is not None for row in rows], dtype=float)
    male = np.array([row[3] == Gender.MALE for row in rows], dtype=float)
    age = np.array(
        [
            start.year - born.year - ((start.month, start.day) < (born.month, born.day))
            for start, born in zip(starts, (row[4] for row in rows), strict=True)
        ],
        dtype=float,
    )
    ogrs3 = np.array([np.nan if row[5] is None else row[5] for row in rows], dtype=float)
    ogrs3 = np.where(np.isnan(ogrs3), 45.0, ogrs3)

    reoffends = draw_outcomes(rng, treated, male, age, ogrs3)
    breaches = rng.random(len(rows)) < BREACH_RATE
    late = (rng.random(len(rows)) < LATE_RATE) & ~reoffends
    codes = [code for code, _ in OFFENCES]
    weights = np.array([share for _, share in OFFENCES])
    weights /= weights.sum()
    now = timezone.now()

    events: list[ReoffendingEvent] = []

    def add(i: int, day: date, category: str) -> None:
        if day <= today:
            events.append(
                ReoffendingEvent(
                    id=uuid.UUID(bytes=rng.bytes(16), version=4),
                    person_id=ids[i],
                    offence_date=day,
                    category=category,
                    source=DEMO_SOURCE,
                    import_batch=DEMO_BATCH,
                    imported_at=now,
                    imported_by=importer,
                )
            )

    for i in range(len(rows)):
        if reoffends[i]:
            # Reoffending comes sooner rather than later: more of it early in the year.
            day = 1 + min(364, int(rng.exponential(140)))
            add(i, starts[i] + timedelta(days=day), str(rng.choice(codes, p=weights)))
        if breaches[i]:
            add(i, starts[i] + timedelta(days=int(rng.integers(14, 366))), BREACH)
        if late[i]:
            day = int(rng.integers(366, 730))
            add(i, starts[i] + timedelta(days=day), str(rng.choice(codes, p=weights)))
    ReoffendingEvent.objects.bulk_create(events)
    return len(events)
