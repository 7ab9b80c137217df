"""The fund's rules as plain functions: no database."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from mydirection.fund.models import Category, CategoryRule, Level
from mydirection.fund.rules import (
    MAX_REQUEST,
    Approving,
    Asking,
    Limits,
    approval_refusals,
    ask_refusals,
    parse_pounds,
    pounds,
    required_level,
)

LIMITS = Limits(
    case_manager=5000,
    senior=15000,
    person=15000,
    category_rules={
        Category.OTHER.value: CategoryRule.SENIOR.value,
        Category.TRAVEL.value: CategoryRule.NOT_ALLOWED.value,
    },
)


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("35", 3500), ("£35.50", 3550), ("35.5", 3550), (" 1,200 ", 120000), ("0.01", 1)],
)
def test_amounts_typed_in_pounds_become_whole_pence(typed: str, pence: int) -> None:
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an amount in pounds"),
        ("-5", "more than £0"),
        ("0", "more than £0"),
        ("0.00", "more than £0"),
        ("12.345", "parts of a penny"),
        ("twelve", "Enter an amount in pounds"),
        ("1e3", "Enter an amount in pounds"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_pounds(typed)
    assert message in str(refused.value.message_dict["amount"])


@given(st.integers(min_value=1, max_value=999_999_999))
def test_pounds_shown_read_back_as_the_same_pence(pence: int) -> None:
    assert parse_pounds(pounds(pence)) == pence


def test_money_is_shown_as_people_write_it() -> None:
    assert [pounds(3500), pounds(45340), pounds(120000), pounds(-250)] == [
        "£35",
        "£453.40",
        "£1,200",
        "-£2.50",
    ]


@pytest.mark.parametrize(
    ("category", "amount", "level"),
    [
        (Category.WORK_EQUIPMENT, 3500, Level.CASE_MANAGER),
        (Category.WORK_EQUIPMENT, 5000, Level.CASE_MANAGER),
        (Category.WORK_EQUIPMENT, 5001, Level.SENIOR),
        (Category.OTHER, 1000, Level.SENIOR),
        (Category.ACCOMMODATION, 12000, Level.SENIOR),
        (Category.ACCOMMODATION, 15001, Level.PROGRAMME_MANAGER),
    ],
)
def test_who_must_approve_follows_the_limits_and_categories(
    category: str, amount: int, level: Level
) -> None:
    assert required_level(LIMITS, category=category, amount=amount) is level


def asking(**changes: object) -> Asking:
    values: dict[str, object] = {
        "category": Category.FOOD,
        "amount": 2000,
        "person_first_name": "Alex",
        "person_used": 0,
        "fund_closed": False,
    } | changes
    return Asking(**values)  # type: ignore[arg-type]


def test_a_request_within_every_rule_is_not_refused() -> None:
    assert ask_refusals(LIMITS, asking()) == {}


def test_asking_refusals_name_the_field_and_the_reason() -> None:
    assert ask_refusals(LIMITS, asking(category=Category.TRAVEL)) == {
        "category": "The fund does not pay for travel"
    }
    assert ask_refusals(LIMITS, asking(amount=6000, person_used=10000)) == {
        "amount": "Alex has £50 left of the £150 this fund gives one person: ask for that or less"
    }
    assert "at most" in ask_refusals(LIMITS, asking(amount=MAX_REQUEST + 1))["amount"]
    assert "closed" in ask_refusals(LIMITS, asking(fund_closed=True))["__all__"]


def approving(**changes: object) -> Approving:
    values: dict[str, object] = {
        "amount": 3500,
        "required": Level.CASE_MANAGER,
        "approver_level": Level.CASE_MANAGER,
        "approver_asked": True,
        "available": 10000,
        "person_first_name": "Alex",
        "person_used": 0,
        "fund_closed": False,
    } | changes
    return Approving(**values)  # type: ignore[arg-type]


def test_the_fast_lane_lets_the_asking_case_manager_approve() -> None:
    assert approval_refusals(LIMITS, approving()) == []


def test_beyond_the_fast_lane_the_asker_never_approves_their_own_request() -> None:
    refusals = approval_refusals(
        LIMITS,
        approving(
            required=Level.SENIOR, approver_level=Level.SENIOR, amount=12000, available=20000
        ),
    )
    assert refusals == ["You asked for this request: someone else must approve it"]


def test_nobody_approves_above_their_level_and_the_system_never_approves() -> None:
    assert approval_refusals(LIMITS, approving(required=Level.SENIOR, approver_asked=False)) == [
        "This request needs a senior case manager to approve it"
    ]
    assert approval_refusals(LIMITS, approving(approver_level=None)) == [
        "This request needs a case manager to approve it"
    ]


def test_an_approval_never_takes_the_pot_or_the_person_past_zero_or_their_limit() -> None:
    assert approval_refusals(LIMITS, approving(available=3499)) == [
        "The fund has £34.99 available: £35 cannot be approved until money is added"
    ]
    assert approval_refusals(LIMITS, approving(person_used=12000)) == [
        "Alex has £30 left of the £150 this fund gives one person"
    ]
