"""The cohort builder: who is in which group, the one-year outcome, and nothing identifying."""

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from django.utils import timezone

from mydirection.demo import reoffending as demo_reoffending
from mydirection.demo.cohort import cohort_window
from mydirection.demo.load import load_calibrated
from mydirection.evaluation.cohorts import COLUMNS, build_cohorts, pseudonym
from mydirection.evaluation.models import ReoffendingEvent
from mydirection.evaluation.stats import TreatmentData, regression_adjustment
from mydirection.people.models import Ethnicity, Gender, Person, Requirement, RequirementType
from mydirection.staff.models import Office
from mydirection.testing import OrderFactory, PersonFactory, World

WINDOW_START = date(2024, 1, 1)
WINDOW_END = date(2024, 9, 30)
START = date(2024, 3, 1)


def enrol(world: World, *, start: date = START, programme: bool = True, **fields: Any) -> Person:
    person = PersonFactory.create(
        team=world.team_a, programme_start=start if programme else None, **fields
    )
    OrderFactory.create(person=person, sentence_date=start, start_date=start)
    return person


def offence(world: World, person: Person, day: date, category: str = "theft") -> None:
    ReoffendingEvent.objects.create(
        person=person,
        offence_date=day,
        category=category,
        import_batch="TEST",
        imported_at=timezone.now(),
        imported_by=world.evaluator,
    )


def build(world: World, today: date = date(2026, 1, 1)) -> pd.DataFrame:
    cohort = build_cohorts(
        office=world.hull, window_start=WINDOW_START, window_end=WINDOW_END, today=today
    )
    return cohort.frame.set_index("pseudo_id")


def test_groups_are_drawn_by_office_window_and_programme(world: World) -> None:
    treated = enrol(world)
    control = enrol(world, programme=False, start=date(2024, 9, 30))
    too_early = enrol(world, start=date(2023, 12, 31))
    too_late = enrol(world, programme=False, start=date(2024, 10, 1))
    elsewhere = PersonFactory.create(team=world.team_b, programme_start=START)
    OrderFactory.create(person=elsewhere, sentence_date=START, start_date=START)

    cohort = build_cohorts(office=world.hull, window_start=WINDOW_START, window_end=WINDOW_END)
    frame = cohort.frame.set_index("pseudo_id")

    assert frame["treated"].to_dict() == {pseudonym(treated.pk): 1, pseudonym(control.pk): 0}
    assert (cohort.n_treated, cohort.n_control) == (1, 1)
    for outside in (too_early, too_late, elsewhere, world.person):
        assert pseudonym(outside.pk) not in frame.index


def test_the_cohort_start_is_the_first_order_start_in_the_window(world: World) -> None:
    person = enrol(world, start=date(2024, 5, 1))
    OrderFactory.create(person=person, sentence_date=START, start_date=START)
    OrderFactory.create(person=person, sentence_date=date(2023, 6, 1), start_date=date(2023, 6, 1))
    assert build(world).loc[pseudonym(person.pk), "cohort_start"] == START


@pytest.mark.parametrize(
    ("day", "category", "counts"),
    [
        (START, "theft", False),  # the start day itself is not after the start
        (START + timedelta(days=1), "theft", True),
        (START + timedelta(days=365), "violence", True),  # the last day of the year
        (START + timedelta(days=366), "theft", False),
        (START - timedelta(days=10), "theft", False),  # before the start
        (START + timedelta(days=30), "breach", False),  # breaches are not reoffending
    ],
)
def test_the_outcome_is_a_non_breach_offence_within_365_days(
    world: World, day: date, category: str, counts: bool
) -> None:
    person = enrol(world)
    offence(world, person, day, category)
    assert build(world).loc[pseudonym(person.pk), "reoffended"] == int(counts)


def test_follow_up_is_complete_only_once_the_year_has_passed(world: World) -> None:
    person = enrol(world)
    key = pseudonym(person.pk)
    assert build(world, today=START + timedelta(days=365)).loc[key, "follow_up_complete"] == 1
    assert build(world, today=START + timedelta(days=364)).loc[key, "follow_up_complete"] == 0


def test_covariates_come_from_the_person_record(world: World) -> None:
    person = enrol(
        world,
        gender=Gender.FEMALE,
        date_of_birth=date(1990, 3, 2),  # 33 on 1 March 2024, a day short of 34
        ogrs3=41,
        deprivation_decile=None,
        ethnicity="",
        mental_health=True,
        accommodation="homeless",
    )
    Requirement.objects.create(
        order=person.orders.get(), requirement_type=RequirementType.ALCOHOL_TREATMENT
    )
    recorded = enrol(world, ethnicity=Ethnicity.WHITE_BRITISH, deprivation_decile=3)
    frame = build(world)
    row = frame.loc[pseudonym(person.pk)]
    assert (row["male"], row["age"], row["ogrs3"]) == (0, 33, 41.0)
    assert pd.isna(row["deprivation"]) and pd.isna(row["white_british"])
    assert row["ethnicity_recorded"] == 0
    assert (row["mental_health"], row["mental_illness"]) == (1, 0)
    assert row["unsettled_accommodation"] == 1
    assert (row["alcohol_treatment"], row["unpaid_work"]) == (1, 0)
    other = frame.loc[pseudonym(recorded.pk)]
    assert (other["white_british"], other["ethnicity_recorded"], other["deprivation"]) == (
        1.0,
        1,
        3.0,
    )


def test_the_frame_holds_nothing_that_identifies_a_person(world: World) -> None:
    person = enrol(world)
    frame = build_cohorts(office=world.hull, window_start=WINDOW_START, window_end=WINDOW_END).frame
    assert tuple(frame.columns) == COLUMNS
    text = frame.astype(str).to_csv()
    for needle in (
        str(person.pk),
        person.first_name,
        person.last_name,
        person.case_reference,
        person.date_of_birth.isoformat(),
    ):
        assert needle not in text
    # The evaluation's pseudonym is not the access log's: one cannot be joined to the other.
    from mydirection.access.log import subject_key

    assert frame.loc[0, "pseudo_id"] != subject_key(person.pk)


def test_the_number_of_queries_does_not_grow_with_the_cohort(
    world: World, django_assert_num_queries: Any
) -> None:
    def grow(n: int) -> None:
        for i in range(n):
            person = enrol(world, programme=bool(i % 2))
            offence(world, person, START + timedelta(days=40))
            Requirement.objects.create(
                order=person.orders.get(), requirement_type=RequirementType.UNPAID_WORK
            )

    # People (those left out flagged: restricted cases, withdrawn consent), events and
    # requirements.
    grow(2)
    with django_assert_num_queries(3):
        small = build(world)
    grow(10)
    with django_assert_num_queries(3):
        large = build(world)
    assert (len(small), len(large)) == (2, 12)
    assert large["reoffended"].sum() == 12 and large["unpaid_work"].sum() == 12


def test_an_office_with_no_cohort_gives_an_empty_frame(world: World) -> None:
    cohort = build_cohorts(office=world.beverley, window_start=WINDOW_START, window_end=WINDOW_END)
    assert cohort.frame.empty and tuple(cohort.frame.columns) == COLUMNS
    assert (cohort.n_treated, cohort.n_control) == (0, 0)


# The demo's reoffending events, drawn from the pilot's model.


def pilot_like(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Covariates shaped like the pilot's two groups (84 and 529 people)."""
    treated = np.r_[np.ones(84), np.zeros(529)]
    male = np.r_[rng.random(84) < 0.65, rng.random(529) < 0.79].astype(float)
    age = np.r_[rng.normal(34, 10, 84), rng.normal(35, 10, 529)]
    ogrs3 = np.clip(np.r_[rng.normal(40, 20, 84), rng.normal(45, 20, 529)], 0, 99)
    return treated, male, age, ogrs3


@pytest.mark.parametrize("seed", range(5))
def test_demo_outcomes_land_within_one_person_of_the_pilots_rates(seed: int) -> None:
    rng = np.random.default_rng(seed)
    treated, male, age, ogrs3 = pilot_like(rng)
    drawn = demo_reoffending.draw_outcomes(rng, treated, male, age, ogrs3)
    assert abs(drawn[treated == 1].sum() - 0.131 * 84) < 1
    assert abs(drawn[treated == 0].sum() - 0.151 * 529) < 1


def test_demo_outcomes_follow_each_persons_model_probability() -> None:
    """Over many draws each person reoffends as often as the model says: random, not fixed."""
    rng = np.random.default_rng(7)
    treated, male, age, ogrs3 = pilot_like(rng)
    model = demo_reoffending.calibrate(treated, male, age, ogrs3)
    p = model.probability(treated, male, age, ogrs3)
    counts = sum(
        demo_reoffending.draw_outcomes(rng, treated, male, age, ogrs3).astype(int)
        for _ in range(2000)
    )
    assert np.abs(counts / 2000 - p).max() < 0.05
    assert model.treated < 0  # the programme lowers the odds, a little
    assert p[(male == 1) & (treated == 0)].mean() > p[(male == 0) & (treated == 0)].mean()


def test_the_calibrated_demo_shows_the_pilots_shape(db: None) -> None:
    load_calibrated(password="correct horse battery staple")
    window = cohort_window(timezone.localdate())
    cohort = build_cohorts(
        office=Office.objects.get(name="Hull"), window_start=window.first, window_end=window.last
    )
    frame = cohort.frame
    assert (cohort.n_treated, cohort.n_control) == (84, 529)
    assert frame["follow_up_complete"].all()
    rates = frame.groupby("treated")["reoffended"].mean()
    assert abs(rates[1] - 0.131) < 0.012 and abs(rates[0] - 0.151) < 0.002
    assert ReoffendingEvent.objects.filter(category="breach").exists()  # which do not count

    data = TreatmentData.from_frame(frame, "treated", "reoffended", ["male", "age", "ogrs3"])
    result = regression_adjustment(data, "atet", outcome_model="logit")
    assert -0.05 < result.effect.value < 0 and not result.effect.significant
