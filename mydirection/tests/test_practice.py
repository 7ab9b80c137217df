"""The plan's phase follows its latest conversation."""

from mydirection.practice import Area, ConversationKind, Phase, phase_of


def test_a_plan_starts_in_interact_and_follows_its_latest_conversation() -> None:
    assert phase_of(None) is Phase.INTERACT
    assert phase_of(ConversationKind.CRISIS) is Phase.INTERVENE
    assert phase_of("3") is Phase.INTEGRATE


def test_there_are_the_eight_areas_of_need() -> None:
    assert len(Area.choices) == 8
