"""Money as the interface shows and reads it: whole pence inside, pounds outside.

Every amount of money is an integer number of pence (the Enabling Fund, volunteers'
expenses); these two functions are the only way between that and what a person types or reads.
"""

import re

from django.core.exceptions import ValidationError

_POUNDS = re.compile(r"^(?P<pounds>\d{1,7})(?:\.(?P<pence>\d{1,2}))?$")


def parse_pounds(text: str, *, field: str = "amount") -> int:
    """An amount typed in pounds ("35", "£35.50", "1,200") as whole pence, or a
    ``ValidationError`` on ``field`` saying what is wrong."""
    cleaned = text.strip().replace(",", "").removeprefix("£").strip()
    if not cleaned:
        raise ValidationError({field: "Enter an amount in pounds, like 35 or 35.50"})
    if cleaned.startswith("-"):
        raise ValidationError({field: "The amount must be more than £0"})
    found = _POUNDS.match(cleaned)
    if found is None:
        if re.match(r"^\d+\.\d{3,}$", cleaned):
            raise ValidationError({field: "The amount cannot have parts of a penny"})
        raise ValidationError({field: "Enter an amount in pounds, like 35 or 35.50"})
    pence = int(found["pounds"]) * 100 + int((found["pence"] or "0").ljust(2, "0"))
    if pence == 0:
        raise ValidationError({field: "The amount must be more than £0"})
    return pence


def pounds(pence: int) -> str:
    """Pence as the interface shows money: £35, £35.50, £1,200."""
    whole, part = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    if part:
        return f"{sign}£{whole:,}.{part:02d}"
    return f"{sign}£{whole:,}"
