"""The referral rules, without the database."""

from datetime import date

import pytest

from mydirection.interventions import rules
from mydirection.interventions.models import Availability, Status, Suitability
from mydirection.interventions.rules import By


def proposal(**changes: object) -> rules.Proposal:
    values: dict[str, object] = {
        "suitability": Suitability.SUITABLE,
        "reason": "",
        "consent": True,
        "availability": Availability.OPEN,
        "capacity": 10,
        "open_referrals": 3,
        "already_open": False,
    }
    return rules.Proposal(**(values | changes))  # type: ignore[arg-type]


def messages(error: object) -> dict[str, list[str]]:
    assert error is not None
    return error.message_dict  # type: ignore[attr-defined,no-any-return]


def test_a_suitable_referral_with_consent_to_an_open_intervention_with_places_is_allowed() -> None:
    assert rules.refusals(proposal()) is None


def test_no_consent_is_refused_on_the_consent_field() -> None:
    assert "agree" in messages(rules.refusals(proposal(consent=False)))["consent"][0]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"availability": Availability.PAUSED}, "paused"),
        ({"availability": Availability.WITHDRAWN}, "withdrawn"),
        ({"capacity": 3, "open_referrals": 3}, "full"),
        ({"already_open": True}, "already have an open referral"),
    ],
)
def test_an_intervention_that_cannot_take_them_is_refused_with_its_reason(
    changes: dict[str, object], words: str
) -> None:
    assert words in messages(rules.refusals(proposal(**changes)))["intervention"][0]


def test_no_limit_on_capacity_is_never_full() -> None:
    assert rules.refusals(proposal(capacity=None, open_referrals=500)) is None


@pytest.mark.parametrize("suitability", [Suitability.NOT_NOW, Suitability.NOT_SUITABLE])
def test_a_decision_not_to_refer_needs_a_reason_and_nothing_else(suitability: Suitability) -> None:
    assert "reason" in messages(rules.refusals(proposal(suitability=suitability, reason="")))
    # Whatever the intervention's state, and without consent: every decision is on record.
    closed = proposal(
        suitability=suitability,
        reason="risk",
        consent=False,
        availability=Availability.WITHDRAWN,
        already_open=True,
    )
    assert rules.refusals(closed) is None


def test_each_step_of_the_path_belongs_to_someone() -> None:
    assert rules.may_move(Status.SENT, Status.ACCEPTED, By.PROVIDER)
    assert not rules.may_move(Status.SENT, Status.ACCEPTED, By.CASE_MANAGER)
    assert rules.may_move(Status.SENT, Status.WITHDRAWN, By.CASE_MANAGER)
    assert not rules.may_move(Status.SENT, Status.WITHDRAWN, By.PROVIDER)
    assert rules.may_move(Status.STARTED, Status.COMPLETED, By.CASE_MANAGER)
    assert not rules.may_move(Status.COMPLETED, Status.STARTED, By.PROVIDER)
    assert not rules.may_move(Status.NOT_REFERRED, Status.ACCEPTED, By.PROVIDER)


def test_ended_referrals_go_nowhere() -> None:
    for status in (Status.NOT_REFERRED, Status.DECLINED, Status.COMPLETED, Status.WITHDRAWN):
        for by in By:
            assert rules.moves_from(status, by) == []


def test_the_provider_s_moves_from_a_new_referral() -> None:
    assert rules.moves_from(Status.SENT, By.PROVIDER) == [Status.ACCEPTED, Status.DECLINED]


def test_a_refused_move_says_where_the_referral_is() -> None:
    with pytest.raises(Exception, match="completed"):
        rules.check_move(Status.COMPLETED, Status.STARTED, By.PROVIDER)


def test_a_pause_with_an_end_date_is_over_the_day_after() -> None:
    until = date(2026, 12, 10)
    assert rules.availability_on(Availability.PAUSED, until, date(2026, 12, 10)) == "paused"
    assert rules.availability_on(Availability.PAUSED, until, date(2026, 12, 11)) == "open"
    assert rules.availability_on(Availability.PAUSED, None, date(2030, 1, 1)) == "paused"
    assert rules.availability_on(Availability.WITHDRAWN, None, date(2030, 1, 1)) == "withdrawn"
