"""Gentle hints about deficit and labelling words in what staff write.

Words shape how people see themselves: a plan that calls someone an "offender" tells them
what they are, not who they could become. So when staff free text uses a labelling word,
MyDirection suggests another. It is a hint, never a block: the text is saved as written,
because the word may be a quotation, a court's wording or simply the clearest thing to say.

Use ``hints_for(text)`` in business rules and tests, and ``suggest(request, *texts)`` in a
view after a successful save to show the hints in an "Important" banner.
"""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest


@dataclass(frozen=True)
class Hint:
    written: str  # the word as it appears in the text
    suggestion: str


# (pattern, suggestion). Longer phrases first, so "ex-offender" is not also hinted as
# "offender". Patterns match whole words, in any case.
_TERMS: tuple[tuple[str, str], ...] = (
    (r"ex-?offenders?", "'person with a conviction'"),
    (r"offenders?", "'person on probation'"),
    (r"non-?complian(?:t|ce)", "saying what happened, for example 'did not attend on 3 May'"),
    (r"service[ -]users?", "the person's name, or 'person on probation'"),
    (r"criminals?", "'person with a conviction'"),
    (r"convicts?", "'person with a conviction'"),
    (r"addicts?", "'person who uses drugs'"),
    (r"alcoholics?", "'person with an alcohol problem'"),
    (r"junkies|junkie", "'person who uses drugs'"),
    (r"manipulative", "saying what the person did, in plain words"),
    (r"unmotivated", "saying what the person wants, and what gets in the way"),
    (r"hard[ -]to[ -]reach", "'not yet reached by our services'"),
)
_PATTERN = re.compile(
    "|".join(rf"(?P<t{i}>\b{pattern}\b)" for i, (pattern, _) in enumerate(_TERMS)),
    re.IGNORECASE,
)


def hints_for(text: str) -> list[Hint]:
    """One hint per distinct labelling word in ``text``, in the order they first appear."""
    found: dict[str, Hint] = {}
    for match in _PATTERN.finditer(text or ""):
        group = match.lastgroup or "t0"  # always set: every alternative is a named group
        suggestion = _TERMS[int(group[1:])][1]
        written = match.group(0)
        found.setdefault(written.lower(), Hint(written, suggestion))
    return list(found.values())


def suggest(request: HttpRequest, *texts: str) -> list[Hint]:
    """Adds one message listing the hints for ``texts`` (if any) and returns them."""
    seen: dict[str, Hint] = {}
    for text in texts:
        for hint in hints_for(text):
            seen.setdefault(hint.written.lower(), hint)
    hints = list(seen.values())
    if hints:
        words = "; ".join(f"instead of '{h.written}', try {h.suggestion}" for h in hints)
        messages.info(
            request,
            f"Saved. A suggestion about wording, which you are free to ignore: {words}.",
        )
    return hints
