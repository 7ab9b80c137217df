"""The drawing of the demo's people, without the database: exact shares, exact means."""

from datetime import date, timedelta

import numpy as np
import pytest

from mydirection.demo import cohort, names
from mydirection.demo.cohort import (
    COUNTERFACTUAL,
    COUNTERFACTUAL_SIZE,
    INTERVENTION,
    INTERVENTION_SIZE,
    LICENCE,
    Profile,
)
from mydirection.people.models import (
    Accommodation,
    Employment,
    Ethnicity,
    Gender,
    OffenceCategory,
    OrderType,
    RiskLevel,
    postcode_validator,
    uk_phone_validator,
)

SHARES = (
    "male",
    "domestic_abuse_perpetrator",
    "domestic_abuse_history",
    "mental_health",
    "mental_illness",
    "unsettled_accommodation",
    "unemployed",
    "unpaid_work",
    "accredited_programme",
    "drug_rehabilitation",
    "alcohol_treatment",
    "missing_deprivation",
    "missing_ethnicity",
)


def to_nearest_person(share: float, n: int, target: float) -> bool:
    """``share`` of ``n`` is ``target`` of ``n`` rounded to a whole person."""
    return abs(share * n - target * n) <= 0.5 + 1e-9


@pytest.mark.parametrize(
    ("profile", "n"),
    [(INTERVENTION, INTERVENTION_SIZE), (COUNTERFACTUAL, COUNTERFACTUAL_SIZE)],
    ids=["intervention", "counterfactual"],
)
@pytest.mark.parametrize("seed", [1, 2018, 99])
def test_it_draws_the_pilot_figures_to_the_nearest_person(profile: Profile, n: int, seed: int):
    people = cohort.draw_characteristics(np.random.default_rng(seed), n, profile)
    figures = cohort.summarise(people)
    assert len(people) == n
    for name in SHARES:
        assert to_nearest_person(figures[name], n, getattr(profile, name)), name
    recorded = int((people.ethnicity != "").sum())
    assert to_nearest_person(figures["white_british"], recorded, profile.white_british)
    with_decile = int((people.deprivation > 0).sum())
    # Means are exact to the unit of their total.
    assert abs(figures["mean_age"] * n - profile.mean_age * n) <= 0.5
    assert abs(figures["mean_ogrs3"] * n - profile.mean_ogrs3 * n) <= 0.5
    assert (
        abs(figures["mean_deprivation"] * with_decile - profile.mean_deprivation * with_decile)
        <= 0.5
    )
    assert figures["mean_previous_events"] == pytest.approx(10, abs=0.5 / n)
    assert figures["mean_order_months"] == pytest.approx(11, abs=0.5 / n)


def test_it_gives_the_pilot_group_its_largest_number_of_previous_events():
    people = cohort.draw_characteristics(np.random.default_rng(5), 84, INTERVENTION)
    assert people.previous_events.max() == 68
    assert (people.previous_events == 68).sum() == 1
    # Skewed: most people have fewer than the mean.
    assert np.median(people.previous_events) < 10


def test_it_splits_the_order_mix_and_offences_as_the_pilot_did():
    people = cohort.draw_characteristics(np.random.default_rng(3), 84, INTERVENTION)
    kinds = {kind: int((people.order_type == kind).sum()) for kind in OrderType.values}
    # 57%, 27% and 14% of 84 leave one person over: it goes to the largest remainder.
    assert kinds == {"community_order": 49, "licence": 23, "suspended_sentence": 12}
    offences = {
        o: int((people.index_offence == o).sum()) for o in ("violence", "theft", "public_order")
    }
    assert offences == {"violence": 29, "theft": 13, "public_order": 10}


def test_its_values_are_the_models_choices():
    people = cohort.draw_characteristics(
        np.random.default_rng(8), 2_000, COUNTERFACTUAL, non_binary=0.01, high_risk=0.05
    )
    assert set(people.gender) <= set(Gender.values)
    assert set(people.ethnicity) - {""} <= set(Ethnicity.values)
    assert set(people.accommodation) <= set(Accommodation.values)
    assert set(people.employment) <= set(Employment.values)
    assert set(people.index_offence) <= set(OffenceCategory.values)
    assert set(people.risk_level) <= set(RiskLevel.values)
    assert set(people.order_type) <= set(OrderType.values)
    assert people.ogrs3.min() >= 0 and people.ogrs3.max() <= 99
    assert set(people.deprivation[people.deprivation > 0]) <= set(range(1, 11))
    assert people.age.min() >= 18


def test_it_keeps_the_characteristics_consistent():
    people = cohort.draw_characteristics(np.random.default_rng(11), 5_000, COUNTERFACTUAL)
    # Diagnosed illness is a subset of mental health needs; perpetrators have a history.
    assert not (people.mental_illness & ~people.mental_health).any()
    assert not (people.domestic_abuse_perpetrator & ~people.domestic_abuse_history).any()
    licence = people.order_type == LICENCE
    assert not (licence & (people.unpaid_work_hours > 0)).any()
    assert not (~licence & (people.accommodation == "approved_premises")).any()
    # Correlations a probation caseload shows: the more previous events, the higher OGRS3.
    assert np.corrcoef(people.previous_events, people.ogrs3)[0, 1] > 0.3


def test_the_same_seed_draws_the_same_people():
    one = cohort.draw_characteristics(np.random.default_rng(42), 300, INTERVENTION)
    two = cohort.draw_characteristics(np.random.default_rng(42), 300, INTERVENTION)
    other = cohort.draw_characteristics(np.random.default_rng(43), 300, INTERVENTION)
    assert (one.age == two.age).all() and (one.gender == two.gender).all()
    assert not (one.age == other.age).all()


def test_the_cohort_window_ends_more_than_a_year_ago():
    today = date(2026, 3, 31)
    window = cohort.cohort_window(today)
    assert window.last < today - timedelta(days=366)
    assert 270 <= window.days <= 276  # nine months


def test_current_orders_are_still_running_and_started_in_the_last_year():
    today = date(2026, 3, 1)
    people = cohort.draw_characteristics(np.random.default_rng(2), 500, COUNTERFACTUAL)
    dates = cohort.draw_dates(np.random.default_rng(2), people, today=today, current=True)
    assert all(end > today + timedelta(days=6) for end in dates.end)
    assert all(today - timedelta(days=366) <= start < today for start in dates.start)
    for kind, sentence, start in zip(people.order_type, dates.sentence, dates.start, strict=True):
        assert sentence < start if kind == LICENCE else sentence == start


def test_birthdays_give_the_drawn_age_on_the_start_date():
    ages = np.array([18, 34, 35, 79, 40])
    days = [
        date(2024, 2, 29),
        date(2025, 1, 1),
        date(2025, 12, 31),
        date(2024, 7, 15),
        date(2025, 3, 1),
    ]
    for seed in range(20):
        for born, age, day in zip(
            cohort.date_of_birth(np.random.default_rng(seed), ages, days), ages, days, strict=True
        ):
            assert day.year - born.year - ((day.month, day.day) < (born.month, born.day)) == age


def test_contact_details_are_fictional():
    rng = np.random.default_rng(1)
    for phone in names.phone_numbers(rng, 500, share=1.0):
        uk_phone_validator(phone)
        assert "07700 900000" <= phone <= "07700 900999"
    emails = names.email_addresses(rng, ["Siân"] * 200, ["O'Brien"] * 200, share=1.0)
    assert all(e.split("@")[1] in {"example.com", "example.org"} for e in emails)
    assert all(e.startswith("sian.obrien") for e in emails)
    places = names.addresses(rng, [names.HULL] * 300 + [names.EAST_RIDING] * 300, 600)
    for postcode in places.postcode:
        postcode_validator(postcode)
    assert all(p.startswith("HU") for p in places.postcode[:300])
    assert all(p[:2] in {"HU", "YO", "DN"} for p in places.postcode[300:])
    references = names.case_references(rng, 20_000)
    assert len(set(references)) == 20_000
    assert all(len(r) == 7 and r[0].isupper() and r[1:].isdigit() for r in references)
