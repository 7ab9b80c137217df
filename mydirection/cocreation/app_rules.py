"""Rules for Community Reporting in the person's app, as plain functions tested without the
database: how a reporter on probation names a peer, and what a storyteller may change of their
consent there.

A reporter on probation never looks a peer up: not by case reference, not by name. A mature
service does not let one person on probation probe whether another is on probation, where, or
with whom: the record is the service's, not the reporter's. So a peer's story is kept as the
reporter was told it: the first name the peer gave, or "A peer", with the consent they gave
the reporter, and not linked to any record (staff see "Person on probation" and that name).
A story the reporter tells themself is linked to their own record, and so shows in their
"Your stories".

From the app a storyteller may only narrow their consent (fewer uses, fewer channels, a
plainer name, an earlier end) or withdraw it. Widening it is a conversation with a reporter,
who takes it again with them.
"""

from collections.abc import Sequence
from datetime import date

from mydirection.cocreation.models import Identification

A_PEER = "A peer"
WIDER = (
    "You can only take uses away here. To agree to more, talk to a Community Reporter or "
    "your case manager"
)
# From the most to the least identifying.
_NAMING = [Identification.NAME, Identification.FIRST_NAME, Identification.ANONYMOUS]


def peer_name(first_name: str) -> str:
    """How a peer's story names its storyteller: the first name they gave, else "A peer"."""
    name = first_name.strip().split(" ")[0] if first_name.strip() else ""
    return name or A_PEER


def widens(
    *,
    was_analysis: bool,
    was_workshops: bool,
    was_channels: Sequence[str],
    was_identification: str,
    was_expires_on: date | None,
    analysis: bool,
    workshops: bool,
    channels: Sequence[str],
    identification: str,
    expires_on: date | None,
) -> bool:
    """Whether the new consent agrees to anything the old one did not."""
    if (analysis and not was_analysis) or (workshops and not was_workshops):
        return True
    if not set(channels) <= set(was_channels):
        return True
    if _NAMING.index(Identification(identification)) < _NAMING.index(
        Identification(was_identification)
    ):
        return True
    return was_expires_on is not None and (expires_on is None or expires_on > was_expires_on)
