"""Co-creation's rules, without the database."""

from datetime import date, datetime

from mydirection.cocreation import rules
from mydirection.cocreation.rules import ConsentState, Span, Use

TODAY = date(2026, 12, 6)


def state(**changes: object) -> ConsentState:
    values: dict[str, object] = {
        "record": True,
        "analysis": True,
        "workshops": False,
        "channels": ["report"],
        "expires_on": None,
        "withdrawn_at": None,
    } | changes
    return ConsentState(**values)  # type: ignore[arg-type]


def test_an_untrained_reporter_cannot_capture() -> None:
    assert rules.capture_refusal(trained_on=None, active=True) == rules.UNTRAINED
    assert rules.capture_refusal(trained_on=TODAY, active=False) == rules.INACTIVE
    assert rules.capture_refusal(trained_on=TODAY, active=True) is None


def test_the_storytellers_own_case_manager_cannot_take_consent() -> None:
    assert rules.consent_taker_refusal(storyteller_case_manager_id=7, taker_id=7)
    assert rules.consent_taker_refusal(storyteller_case_manager_id=7, taker_id=8) is None
    assert rules.consent_taker_refusal(storyteller_case_manager_id=None, taker_id=8) is None


def test_each_use_needs_its_own_consent_and_a_passed_screen() -> None:
    assert (
        rules.why_not_usable(state(), screened=True, signed_off=True, use=Use.ANALYSIS, today=TODAY)
        is None
    )
    assert rules.why_not_usable(
        state(), screened=True, signed_off=True, use=Use.WORKSHOP, today=TODAY
    )
    assert rules.why_not_usable(
        state(), screened=None, signed_off=False, use=Use.ANALYSIS, today=TODAY
    )
    assert rules.why_not_usable(
        state(), screened=False, signed_off=False, use=Use.ANALYSIS, today=TODAY
    )
    assert rules.why_not_usable(None, screened=True, signed_off=True, use=Use.ANALYSIS, today=TODAY)
    publish = {"screened": True, "signed_off": True, "use": Use.PUBLICATION, "today": TODAY}
    assert rules.why_not_usable(state(), channel="report", **publish) is None  # type: ignore[arg-type]
    assert rules.why_not_usable(state(), channel="social", **publish)  # type: ignore[arg-type]


def test_withdrawn_or_expired_consent_stops_every_use() -> None:
    withdrawn = state(withdrawn_at=datetime(2026, 12, 1))
    expired = state(expires_on=date(2026, 12, 5))
    for consent, word in ((withdrawn, "Withdrawn"), (expired, "Expired")):
        assert rules.consent_word(consent, TODAY) == word
        assert rules.why_not_usable(
            consent, screened=True, signed_off=True, use=Use.ANALYSIS, today=TODAY
        )
    assert rules.consent_word(state(expires_on=TODAY), TODAY) == "Given"


def test_outputs_show_the_redacted_text_only() -> None:
    text = "Dave said Dave would call."
    assert rules.redacted(text, [Span(0, 4, "[name]"), Span(10, 14, "[name]")]) == (
        "[name] said [name] would call."
    )
    assert rules.redacted(text, []) == text


def test_a_redaction_finds_the_next_place_not_yet_removed() -> None:
    text = "Dave said Dave would call."
    assert rules.find_span(text, "Dave") == (0, 4)
    assert rules.find_span(text, "Dave", [Span(0, 4)]) == (10, 14)
    assert rules.find_span(text, "Dave", [Span(0, 4), Span(10, 14)]) is None
    assert rules.find_span(text, "   ") is None


def test_spans() -> None:
    assert rules.span_refusal(3, 2, 10)
    assert rules.span_refusal(0, 11, 10)
    assert rules.span_refusal(0, 10, 10) is None
    assert rules.overlaps(Span(2, 5), [Span(4, 8)])
    assert not rules.overlaps(Span(2, 4), [Span(4, 8)])


def test_the_storyteller_is_named_as_they_chose() -> None:
    names = {"first_name": "Alex", "full_name": "Alex Quinn"}
    assert rules.shown_name("name", **names) == "Alex Quinn"
    assert rules.shown_name("first_name", **names) == "Alex"
    assert rules.shown_name("anonymous", **names) == "Anonymous"


def test_an_output_using_a_withdrawn_story_is_flagged() -> None:
    assert rules.flagged([False, True])
    assert not rules.flagged([False])
    assert not rules.flagged([])
