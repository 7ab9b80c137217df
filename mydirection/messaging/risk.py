"""Does a message suggest a risk of harm? A short, documented list of words and phrases.

It only *flags* a message for a member of staff to read and check: it never acts, and a
flag is not a judgement. The lists favour catching real risk, then trim known harmless uses
("kill time", "killing it", "dying to see") so staff are not buried in false alarms.

Each pattern matches from the start of a word, case-insensitively; a space in a pattern
matches any run of spaces, and a backslash-s-star an optional one ("myself", "my self").
"""

import re

# Self-harm and suicide.
SELF_HARM = (
    r"kill (?:my\s*self|me)",
    r"end (?:it all|my life|things)",
    r"take my (?:own )?life",
    r"suicid(?:e|al)",
    r"want to die",
    r"better off dead",
    r"no (?:point|reason) (?:in )?(?:living|going on)",
    r"hurt(?:ing)? my\s*self",
    r"harm(?:ing)? my\s*self",
    r"self[- ]harm(?:ing)?",
    r"cut(?:ting)? my\s*self",
    r"overdose",
    r"don'?t want to (?:be here|live) any\s*more",
)

# Violence to others.
VIOLENCE = (
    r"(?:kill|stab|shoot|strangle|batter) (?:him|her|them|you|someone|somebody|the)",
    r"(?:going to|gonna|want to) (?:hurt|kill|stab|smash|batter)\b",
    r"beat (?:him|her|them|you) up",
    r"get a (?:knife|gun|blade)",
    r"burn (?:his|her|their|the) (?:house|flat|car)",
)

# Harmless uses of the same words, removed before matching.
HARMLESS = (
    r"kill(?:ing)? (?:the )?time",
    r"killing it",
    r"kill for a",
    r"(?:my )?(?:feet|legs|back|head) (?:are|is) killing me",
    r"dying (?:to|for)",
    r"(?:made|make|makes) me die laughing",
)


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    spaced = (pattern.replace(" ", r"\s+") for pattern in patterns)
    return re.compile(r"\b(?:" + "|".join(spaced) + r")", re.IGNORECASE)


_RISK = _compile(SELF_HARM + VIOLENCE)
_HARMLESS = _compile(HARMLESS)


def suggests_risk(text: str) -> bool:
    """True when ``text`` has words that suggest a risk of harm to self or others."""
    cleaned = _HARMLESS.sub(" ", text.replace("\u2019", "'"))
    return bool(_RISK.search(cleaned))
