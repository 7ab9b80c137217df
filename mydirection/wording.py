"""Counted words: "1 order", "2 orders", "1 person has", "3 people have".

Every count shown to someone goes through here (or the ``counted`` and ``noun`` template
filters, ``{% load govuk %}``), so no page says "1 orders".
"""

# Plurals that are not the singular with "s".
IRREGULAR = {
    "person": "people",
    "entry": "entries",
    "child": "children",
    "is": "are",
    "has": "have",
    "was": "were",
}


def plural(singular: str) -> str:
    """The plural of a word or of a phrase's first word ("order ending soon" -> "orders
    ending soon")."""
    first, _, rest = singular.partition(" ")
    many = IRREGULAR.get(first, first + "s")
    return f"{many} {rest}" if rest else many


def noun(count: int, singular: str, many: str | None = None) -> str:
    """The word (or phrase) for ``count`` of it, without the number."""
    if count == 1:
        return singular
    return many if many is not None else plural(singular)


def counted(count: int, singular: str, many: str | None = None) -> str:
    """``count`` and its word: "1 order", "0 orders", "3 people"."""
    return f"{count:,} {noun(count, singular, many)}"
