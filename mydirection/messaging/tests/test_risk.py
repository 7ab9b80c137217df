import pytest

from mydirection.messaging.risk import suggests_risk


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "Sometimes I think about ending it. I want to end it all",
        "i feel suicidal tonight",
        "I've been cutting myself again",
        "Everyone would be better off dead without me",
        "I don\u2019t want to be here anymore",
        "If he says that again I'm going to stab him",
        "I'll kill him",
        "I'm gonna hurt someone",
        "Might get a knife for protection",
        "took an overdose last year",
    ],
)
def test_words_that_suggest_a_risk_of_harm_are_flagged(text: str) -> None:
    assert suggests_risk(text)


@pytest.mark.parametrize(
    "text",
    [
        "I read at the library to kill time",
        "Just killing time before my shift",
        "My feet are killing me after work",
        "Killing it at college this week!",
        "I could kill for a cup of tea",
        "I'm dying to see my kids",
        "Can we move Tuesday? I have a job interview",
        "My skills course ends in May",
        "",
    ],
)
def test_everyday_words_are_not_flagged(text: str) -> None:
    assert not suggests_risk(text)
