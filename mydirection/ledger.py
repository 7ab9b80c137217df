"""Append-only double-entry ledgers: the Enabling Fund's pence, the Time Bank's minutes.

Money and time credits are never a number stored on a record and changed in place. Every
movement is a transaction of two or more entries whose amounts (integers, never zero) sum to
zero, so the whole ledger always sums to zero; an account's balance is the sum of its entries;
entries are never edited or deleted, and a correction is a new movement. An app's ledger is two
models: a movement (who, when, why) and its entries (account, signed amount), the entries
subclassing ``AppendOnly``. ``legs`` checks a movement before it is written; the migration
that creates the entries' table adds ``forbid_changes`` so that even SQL typed by hand cannot
alter a written entry on PostgreSQL.

Balance rules (a pot never below zero, a member never past their hard limit) are checked by
the app's service after it has locked the row all movements of one ledger serialise on, inside
the transaction that writes the movement: see ``fund.services`` and its concurrency tests.
"""

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import migrations, models


class ChangedEntry(Exception):
    """A written ledger entry was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise ChangedEntry("Ledger entries are never changed: post a correcting movement")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ChangedEntry("Ledger entries are never deleted: post a correcting movement")


class AppendOnly(models.Model):
    """A row that is written once: saving it again, or deleting it, raises ``ChangedEntry``."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ChangedEntry(f"{type(self).__name__} {self.pk} is already written")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ChangedEntry(f"{type(self).__name__} {self.pk} is never deleted")


class Leg(NamedTuple):
    """One side of a movement: ``key`` names the account in the app's own terms."""

    key: Any
    amount: int


def legs(*pairs: tuple[Any, int]) -> list[Leg]:
    """The legs of one movement, checked: at least two, whole non-zero amounts, summing to
    zero. Raises ``ValueError`` otherwise (a programming error, never a user's)."""
    checked = [Leg(key, amount) for key, amount in pairs]
    if len(checked) < 2:
        raise ValueError("A movement has at least two legs")
    for leg in checked:
        if isinstance(leg.amount, bool) or not isinstance(leg.amount, int) or leg.amount == 0:
            raise ValueError(f"A leg's amount is a whole number, never zero: {leg!r}")
    if sum(leg.amount for leg in checked) != 0:
        raise ValueError(f"A movement's legs sum to zero: {checked!r}")
    return checked


def balance(amounts: Iterable[int | None]) -> int:
    """The sum of entries' amounts (an account with no entries has balance 0)."""
    return sum(amount or 0 for amount in amounts)


def _trigger_sql(table: str) -> tuple[str, str]:
    function = f"{table}_append_only"
    create = f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'Ledger entries in {table} are never changed or deleted';
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
    """
    drop = f"DROP TRIGGER IF EXISTS {function} ON {table}; DROP FUNCTION IF EXISTS {function}();"
    return create, drop


def forbid_changes(table: str) -> migrations.RunPython:
    """A migration operation: on PostgreSQL, a trigger refusing UPDATE and DELETE of the
    table's rows (TRUNCATE, which tests use to empty tables, is a separate statement)."""
    create, drop = _trigger_sql(table)

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return migrations.RunPython(forwards, backwards)
