"""Co-creation's rules as plain functions, tested without the database.

Who may capture a story, who may take consent, whether a story may be used for what, how the
redacted transcript reads, how a storyteller is named, and when an insight is flagged.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from mydirection.cocreation.models import Identification

UNTRAINED = (
    "This reporter has not done the responsible storytelling training yet. Record the "
    "training before they capture a story"
)
INACTIVE = "This reporter is no longer active"
OWN_CASE_MANAGER = (
    "The storyteller's own case manager cannot take their consent. Ask someone else to take it"
)
NO_RECORD = "The storyteller must agree to their story being recorded"
PUBLISH_NEEDS_SCREEN = "A story can be published only once it has passed the risk screen"
NOT_SIGNED_OFF = "The risk screen has not been signed off by a second person yet"
OWN_SCREEN = (
    "You screened this story, so you cannot sign the screen off. Ask the group's lead or "
    "another curator"
)
NOT_A_CURATOR = "Only the group's lead or another curator can sign the risk screen off"
NOTHING_TO_SIGN = "The story has not been through the risk screen yet"
FAILED_SCREEN = "The story did not pass the risk screen: there is nothing to sign off"
ALREADY_SIGNED = "The risk screen is already signed off"


class Use(StrEnum):
    """What a story is used for, each needing its own consent and a passed risk screen."""

    ANALYSIS = "analysis"
    WORKSHOP = "workshop"
    PUBLICATION = "publication"


def capture_refusal(*, trained_on: date | None, active: bool) -> str | None:
    """A reporter captures stories only once trained in responsible storytelling."""
    if not active:
        return INACTIVE
    if trained_on is None:
        return UNTRAINED
    return None


def consent_taker_refusal(*, storyteller_case_manager_id: object, taker_id: object) -> str | None:
    """Consent is not taken by the storyteller's own case manager (a power imbalance)."""
    if storyteller_case_manager_id is not None and storyteller_case_manager_id == taker_id:
        return OWN_CASE_MANAGER
    return None


@dataclass(frozen=True)
class ConsentState:
    record: bool
    analysis: bool
    workshops: bool
    channels: Sequence[str]
    expires_on: date | None
    withdrawn_at: datetime | None


def consent_word(consent: ConsentState | None, today: date) -> str:
    """The consent's state in a word, for every quote's provenance."""
    if consent is None:
        return "No consent recorded"
    if consent.withdrawn_at is not None:
        return "Withdrawn"
    if consent.expires_on is not None and consent.expires_on < today:
        return "Expired"
    return "Given"


def sign_off_refusal(
    *,
    screened: bool | None,
    signed_off: bool,
    screener_id: object,
    signer_id: object,
    signer_curates: bool,
) -> str | None:
    """The four-eyes rule: one person screens a story, a second (the group's lead or another
    curator) signs it off; never the screener, never a screen that failed or is signed."""
    if screened is None:
        return NOTHING_TO_SIGN
    if not screened:
        return FAILED_SCREEN
    if signed_off:
        return ALREADY_SIGNED
    if not signer_curates:
        return NOT_A_CURATOR
    if screener_id == signer_id:
        return OWN_SCREEN
    return None


def why_not_usable(
    consent: ConsentState | None,
    *,
    screened: bool | None,
    signed_off: bool,
    use: Use,
    today: date,
    channel: str = "",
) -> str | None:
    """None when the story may be used for ``use`` today; else why not. ``screened`` is the
    risk screen's result (None: not screened yet), ``signed_off`` whether a second person
    signed that screen off."""
    state = consent_word(consent, today)
    if consent is None or state != "Given":
        return f"Consent: {state.lower()}"
    if not consent.record:
        return NO_RECORD
    allowed = {
        Use.ANALYSIS: consent.analysis,
        Use.WORKSHOP: consent.workshops,
        Use.PUBLICATION: channel in consent.channels,
    }[use]
    if not allowed:
        return f"The storyteller has not agreed to {use.value}"
    if screened is None:
        return "The story has not been through the risk screen"
    if not screened:
        return "The story did not pass the risk screen"
    if not signed_off:
        return NOT_SIGNED_OFF
    return None


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    replacement: str = ""


def span_refusal(start: int, end: int, length: int) -> str | None:
    if start < 0 or end <= start:
        return "Choose where the text starts and ends"
    if end > length:
        return "The text chosen goes past the end of the transcript"
    return None


def overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


def find_span(text: str, words: str, taken: Iterable[Span] = ()) -> tuple[int, int] | None:
    """Where ``words`` first appear in ``text`` outside the ``taken`` spans (None: nowhere)."""
    words = words.strip()
    taken = list(taken)
    at = text.find(words) if words else -1
    while at >= 0:
        if not overlaps(Span(at, at + len(words)), taken):
            return at, at + len(words)
        at = text.find(words, at + 1)
    return None


def redacted(transcript: str, redactions: Iterable[Span]) -> str:
    """The transcript with each redacted span replaced: the only text any output shows."""
    parts: list[str] = []
    cursor = 0
    for span in sorted(redactions, key=lambda s: s.start):
        if span.start < cursor:
            continue  # overlapping spans are refused when saved; never shown twice
        parts.append(transcript[cursor : span.start])
        parts.append(span.replacement)
        cursor = span.end
    parts.append(transcript[cursor:])
    return "".join(parts)


def shown_name(identification: str, *, first_name: str, full_name: str) -> str:
    """How the storyteller is named in outputs, as they chose."""
    if identification == Identification.NAME:
        return full_name
    if identification == Identification.FIRST_NAME:
        return first_name
    return "Anonymous"


REDACTED_SINCE = "Words were removed from the story after this was highlighted: highlight it again"


def why_not_published(
    consent: ConsentState | None,
    *,
    screened: bool | None,
    signed_off: bool,
    channel: str,
    today: date,
    excerpt: str,
    redacted_text: str,
) -> str | None:
    """None when an excerpt may go out on ``channel`` today; else why not. Its story's consent
    must allow that channel (given, not expired, not withdrawn), its risk screen passed and
    signed off, and the excerpt must still read so in the redacted text (a redaction made after
    it was highlighted would otherwise be published)."""
    refusal = why_not_usable(
        consent,
        screened=screened,
        signed_off=signed_off,
        use=Use.PUBLICATION,
        today=today,
        channel=channel,
    )
    if refusal:
        return refusal
    if not excerpt or excerpt not in redacted_text:
        return REDACTED_SINCE
    return None


def flagged(withdrawn: Iterable[bool]) -> bool:
    """An output is flagged when any story it used has been withdrawn."""
    return any(withdrawn)
