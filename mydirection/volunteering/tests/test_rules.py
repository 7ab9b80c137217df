"""Volunteering's rules, without the database."""

from datetime import UTC, date, datetime, timedelta

import pytest

from mydirection.volunteering import rules
from mydirection.volunteering.models import CheckLevel, Course, Stage

MENTOR = rules.RoleNeeds(
    name="Peer mentor",
    check_level=CheckLevel.ENHANCED,
    training=[Course.INDUCTION, Course.PEER_MENTORING],
)
READY = rules.Vetting(
    name="Dana",
    stage=Stage.VETTING,
    satisfactory_references=2,
    cleared_level=CheckLevel.ENHANCED,
    courses={Course.INDUCTION, Course.PEER_MENTORING},
    boundaries_agreed=True,
)


def test_a_check_above_the_roles_eligibility_cannot_be_asked_for() -> None:
    assert rules.check_refusal(CheckLevel.ENHANCED, MENTOR) is None
    assert rules.check_refusal(CheckLevel.BASIC, MENTOR) is None
    assert rules.check_refusal(CheckLevel.ENHANCED_BARRED, MENTOR) == (
        "Peer mentor is eligible for an enhanced check at most, so an enhanced check with "
        "barred list cannot be asked for"
    )
    assert rules.check_refusal(CheckLevel.NONE, MENTOR) == "Choose the level of check to ask for"


def test_a_vetted_trained_volunteer_may_be_given_the_role() -> None:
    assert rules.placement_refusals(MENTOR, READY) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"satisfactory_references": 1}, "Dana needs 2 satisfactory references (1 so far)"),
        ({"cleared_level": CheckLevel.STANDARD}, "Peer mentor needs a cleared enhanced check"),
        ({"courses": {Course.INDUCTION}}, "Dana has not done the training: Peer mentoring"),
        ({"boundaries_agreed": False}, "Dana has not signed the boundaries agreement"),
        ({"stage": Stage.ON_HOLD}, "Dana is on hold"),
        ({"lived_experience": True}, "Dana has lived experience: record a suitability"),
    ],
)
def test_each_missing_step_refuses_the_role_and_says_which(
    change: dict[str, object], message: str
) -> None:
    refusals = rules.placement_refusals(MENTOR, rules.Vetting(**(vars(READY) | change)))
    assert len(refusals) == 1
    assert refusals[0].startswith(message)


def test_lived_experience_needs_a_suitable_decision_whatever_the_check() -> None:
    lived = rules.Vetting(**(vars(READY) | {"lived_experience": True}))
    assert rules.placement_refusals(MENTOR, lived)
    for decision in ("not_yet", "not_suitable"):
        assert rules.placement_refusals(
            MENTOR, rules.Vetting(**(vars(lived) | {"suitability": decision}))
        )
    assert (
        rules.placement_refusals(
            MENTOR, rules.Vetting(**(vars(lived) | {"suitability": "suitable"}))
        )
        == []
    )


def test_supervision_follows_the_most_frequent_role_from_the_last_one() -> None:
    started, last = date(2026, 1, 5), date(2026, 3, 1)
    assert rules.supervision_due([42, 28], None, started) == started + timedelta(days=28)
    assert rules.supervision_due([42, 28], last, started) == last + timedelta(days=28)
    assert rules.supervision_due([], last, started) is None


def test_any_conflict_blocks_the_match_and_each_is_named_for_staff() -> None:
    clear = rules.Conflicts(False, False, False, False, False)
    assert clear.clear
    assert clear.reasons() == []
    found = rules.Conflicts(True, False, True, False, True)
    assert not found.clear
    assert found.reasons() == [
        "a co-defendant",
        "a family member",
        "on the same caseload while the mentor is still supervised",
    ]
    # What a volunteer reads says nothing of why.
    assert not any(reason in rules.NOT_MATCHED for reason in found.reasons())


def test_same_caseload_counts_only_while_the_mentor_is_supervised() -> None:
    assert rules.same_caseload("cm-1", True, "cm-1")
    assert not rules.same_caseload("cm-1", False, "cm-1")
    assert not rules.same_caseload("cm-1", True, "cm-2")
    assert not rules.same_caseload(None, True, "cm-1")


def test_the_pathway_goes_one_step_at_a_time_to_a_paid_role() -> None:
    assert rules.next_on_pathway(1) == 2
    assert rules.next_on_pathway(3) == 4
    assert rules.next_on_pathway(4) is None


def test_the_order_position_is_told_in_months() -> None:
    today = date(2026, 12, 6)
    assert rules.order_position(date(2027, 3, 6), today) == (
        "On an order until 6 March 2027 (3 months left)"
    )
    assert rules.order_position(date(2026, 12, 20), today) == (
        "On an order until 20 December 2026 (less than a month left)"
    )
    assert rules.order_position(date(2025, 11, 6), today) == (
        "Order ended on 6 November 2025 (13 months ago)"
    )
    assert rules.order_position(None, today) == "No order recorded"


def test_hours_are_more_than_nothing_a_day_at_most_and_not_in_the_future() -> None:
    today = date(2026, 12, 6)
    assert rules.hours_refusals(90, today, today) == {}
    assert set(rules.hours_refusals(0, today, today)) == {"minutes"}
    assert set(rules.hours_refusals(24 * 60 + 1, today, today)) == {"minutes"}
    assert set(rules.hours_refusals(60, today + timedelta(days=1), today)) == {"on"}


def test_a_role_is_signed_up_for_by_its_volunteers_until_it_is_full() -> None:
    assert rules.shift_refusals(needed=2, taken=1, placed_in_role=True, session_started=False) == []
    assert rules.shift_refusals(needed=2, taken=2, placed_in_role=True, session_started=False) == [
        "This role is already filled for the session"
    ]
    assert rules.shift_refusals(needed=2, taken=0, placed_in_role=False, session_started=True) == [
        "This session has already started",
        "Only a volunteer given this role can sign up for it",
    ]


def test_expenses_need_a_receipt_an_amount_and_a_recent_past_date() -> None:
    today = date(2026, 12, 6)
    assert rules.expense_refusals(450, today, today, has_receipt=True) == {}
    refused = rules.expense_refusals(0, today + timedelta(days=1), today, has_receipt=False)
    assert set(refused) == {"amount", "spent_on", "receipt"}
    stale = rules.expense_refusals(450, today - timedelta(days=120), today, has_receipt=True)
    assert stale == {"spent_on": "Expenses are claimed within 3 months of spending the money"}


def test_a_circle_meets_with_three_to_six_volunteers() -> None:
    assert (
        rules.meeting_refusal(2, ended=False)
        == "A circle meets once it has 3 volunteers (2 so far)"
    )
    assert rules.meeting_refusal(3, ended=False) is None
    assert rules.meeting_refusal(4, ended=True) == "This circle has ended"
    assert rules.join_refusal(5) is None
    assert rules.join_refusal(6) == "A circle has 6 volunteers at most"


def test_minutes_are_due_within_48_hours_and_late_ones_stay_late() -> None:
    held = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    assert rules.minutes_due(held) == datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
    assert not rules.minutes_overdue(held, None, held + timedelta(hours=47))
    assert rules.minutes_overdue(held, None, held + timedelta(hours=49))
    assert not rules.minutes_overdue(held, held + timedelta(hours=30), held + timedelta(days=9))
    assert rules.minutes_overdue(held, held + timedelta(hours=50), held + timedelta(days=9))


def test_reviews_are_quarterly_and_a_silent_circle_stalls() -> None:
    assert rules.review_due(None, None) is None
    assert rules.review_due(date(2026, 1, 1), None) == date(2026, 4, 2)
    assert rules.review_due(date(2026, 1, 1), date(2026, 4, 1)) == date(2026, 7, 1)
    now = datetime(2026, 12, 6, tzinfo=UTC)
    formed = now - timedelta(days=60)
    assert rules.stalled("forming", None, formed, now)
    assert not rules.stalled("meeting", now - timedelta(days=7), formed, now)
    assert not rules.stalled("ended", None, formed, now)
