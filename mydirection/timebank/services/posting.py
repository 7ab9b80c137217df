"""Writing a Time Bank's ledger: every transfer of one bank happens under the bank's row lock,
reads balances as sums of postings, and writes postings that sum to zero."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from mydirection.ledger import legs
from mydirection.staff.models import User
from mydirection.timebank.models import Exchange, Member, Posting, TimeBank, Transfer, TransferKind


def locked(bank_id: Any) -> TimeBank:
    return TimeBank.objects.select_for_update().get(pk=bank_id)


def balances(members: Iterable[Member]) -> dict[Any, int]:
    ids = [member.pk for member in members]
    rows = (
        Posting.objects.filter(member_id__in=ids).values("member_id").annotate(total=Sum("minutes"))
    )
    found = {row["member_id"]: row["total"] for row in rows}
    return {member_id: int(found.get(member_id) or 0) for member_id in ids}


def post(
    *,
    bank: TimeBank,
    kind: TransferKind,
    by: User | None,
    pairs: list[tuple[Member | None, int]],
    exchange: Exchange | None = None,
    note: str = "",
) -> Transfer:
    """One transfer; ``pairs`` are (member, or None for the bank's own account, minutes)."""
    checked = legs(*pairs)
    transfer = Transfer.objects.create(
        bank=bank, kind=kind, exchange=exchange, note=note, by_user=by, at=timezone.now()
    )
    Posting.objects.bulk_create(
        Posting(transfer=transfer, bank=bank, member=leg.key, minutes=leg.amount) for leg in checked
    )
    return transfer
