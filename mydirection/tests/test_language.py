"""Hints about labelling words: found whole-word, once each, and never blocking."""

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from mydirection.language import hints_for, suggest


def test_the_issue_words_get_a_suggested_alternative() -> None:
    text = "The offender was non-compliant, says the service user."
    hints = hints_for(text)
    assert [h.written for h in hints] == ["offender", "non-compliant", "service user"]
    assert hints[0].suggestion == "'person on probation'"


def test_longer_phrase_wins_and_each_word_is_hinted_once() -> None:
    hints = hints_for("An ex-offender. Ex-offender again. OFFENDERS too.")
    assert [h.written for h in hints] == ["ex-offender", "OFFENDERS"]


def test_words_inside_other_words_are_left_alone() -> None:
    assert hints_for("Offenderless? Criminalistics. Addiction services helped.") == []
    assert hints_for("") == []


def test_suggest_adds_one_message_only_when_there_is_something_to_say() -> None:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    assert suggest(request, "Alex found work.") == []
    assert list(get_messages(request)) == []

    suggest(request, "A criminal past", "an addict once")
    [message] = list(get_messages(request))
    assert "instead of 'criminal', try 'person with a conviction'" in str(message)
    assert "instead of 'addict', try 'person who uses drugs'" in str(message)
