"""Counted words (issue 20, item 10): no page says "1 orders"."""

from mydirection.caseload.selectors import CaseloadCounts
from mydirection.wording import counted, noun


def test_one_is_singular_and_everything_else_plural() -> None:
    assert [counted(n, "order") for n in (0, 1, 2)] == ["0 orders", "1 order", "2 orders"]
    assert counted(1, "person") == "1 person"
    assert counted(1200, "person") == "1,200 people"
    assert noun(1, "order ending within 4 weeks") == "order ending within 4 weeks"
    assert noun(3, "order ending within 4 weeks") == "orders ending within 4 weeks"
    assert counted(2, "person has", "people have") == "2 people have"


def test_the_caseload_cards_agree_with_their_counts() -> None:
    cards = CaseloadCounts(
        total=1, by_risk={"High": 0, "Very high": 0}, ending_soon=1, handovers_to_read=1
    ).cards
    assert [card["label"] for card in cards] == [
        "person",
        "high or very high risk",
        "order ending within 4 weeks",
        "handover to read",
    ]
