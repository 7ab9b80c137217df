"""Who wrote a version: a member of staff, or the person themself.

Today staff record everything, with the person. The person's own app (the portal) will let
them add to their profile and confirm or correct what was written about them, so every
service that writes a version or a confirmation takes ``by``, which may be the ``Person``.
The access log then has no staff actor, and says the person wrote it.
"""

from typing import Any

from mydirection.people.models import Person
from mydirection.staff.models import User

Author = User | Person


def staff_of(by: Author) -> User | None:
    """The member of staff who wrote it, or None when the person wrote it themself."""
    return by if isinstance(by, User) else None


def log_details(by: Author, **details: Any) -> dict[str, Any]:
    """Access-log details naming the kind of author (never the person's name)."""
    return details | {"author": "staff" if isinstance(by, User) else "person"}
