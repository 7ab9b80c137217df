"""Where queries go: the primary database, or a read replica for the figures that only read.

A national deployment can give the evaluation's heavy reads (the monitoring figures over a
year of appointments, the cohorts of the impact report and the extract) a read replica of
PostgreSQL, so that they never slow the case managers' pages on the primary
(docs/operations.md, "A national deployment"). ``MYDIRECTION_REPLICA_URL`` names it; the
``replica`` alias is always configured (the primary itself when there is no replica, and the
test database in tests), and ``settings.READ_REPLICA`` says whether one was named.

Only code that asks goes there: ``with replica_reads(): ...`` around reads that change
nothing and may be a few seconds behind. Everything else reads and writes the primary:

- writes always go to the primary, even for an object read from the replica;
- inside a transaction on the primary, reads stay there too: a service that reads and then
  writes (the access log's chain, a cohort logged in the transaction that read it) sees its
  own writes and nothing older;
- outside ``replica_reads``, reads go to the primary, so an object read from the replica
  fetches its related objects from the primary once the block has ended.

Migrations run on the primary only: the replica follows it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in the block go to the replica, when there is one and no transaction is open on
    the primary."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reading_from_replica() -> bool:
    """Whether a read here would go to the replica."""
    return (
        _reading.get()
        and bool(settings.READ_REPLICA)
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """``DATABASE_ROUTERS``: the rules above."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return REPLICA if reading_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read there may be related to one
        # read from the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
