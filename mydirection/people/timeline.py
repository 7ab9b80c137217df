"""The person's timeline: what happened on their record, newest first, from every app.

Two pages of the record show parts of it, each a *log*: the History tab (``HISTORY``: the
sentences, allocations and recorded changes) and the Activity log (``ACTIVITY``: appointments,
outcomes, enforcement, unpaid work, plan changes, messages and reminders, filtered by kind).

Each app registers its sources in its ``AppConfig.ready`` (``register``): a function from the
person to their newest events, the kinds of event it gives (with the label a filter shows) and
the log it belongs to. Every source runs a fixed number of queries, so each page does too,
whatever the length of the history. This module names no other app: a new app adds its events
without touching ``people``.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.dates import start_of
from mydirection.people.models import Order, Person

HISTORY, ACTIVITY = "history", "activity"
# How many events each log shows; a source need give no more than its log's length.
LENGTHS = {HISTORY: 100, ACTIVITY: 200}


@dataclass(frozen=True)
class Event:
    kind: str
    title: str
    # A date for things that happen on a day (a sentence); a datetime for recorded changes.
    at: dt.datetime | dt.date
    description: str = ""
    by: str = ""
    tag: str = ""
    href: str = ""

    @property
    def sort_key(self) -> dt.datetime:
        if isinstance(self.at, dt.datetime):
            return self.at
        return start_of(self.at)

    @property
    def datetime(self) -> dt.datetime | dt.date:
        """The name ``components/timeline.html`` reads."""
        return self.at


Source = Callable[[Person], Iterable[Event]]


@dataclass(frozen=True)
class _Registered:
    source: Source
    kinds: dict[str, str]
    log: str
    told_instead: tuple[str, ...]


_SOURCES: dict[tuple[str, str], _Registered] = {}


def register(
    source: Source, kinds: dict[str, str], *, log: str, told_instead: Iterable[str] = ()
) -> None:
    """Add a source of events to a log (once: ``ready`` may run twice).

    ``kinds``: each kind of event the source gives, with its label, in the order a filter
    lists them. ``told_instead``: access-log entries (their ``what``) this source tells in its
    own words, which the log's recorded changes then leave out rather than show twice.
    """
    if log not in LENGTHS:
        raise ValueError(f"No log called {log!r}")
    key = (log, f"{source.__module__}.{source.__qualname__}")
    _SOURCES[key] = _Registered(source, dict(kinds), log, tuple(told_instead))


def kinds(log: str) -> dict[str, str]:
    """The kinds of event in ``log`` and their labels, in the order they were registered."""
    out: dict[str, str] = {}
    for registered in _SOURCES.values():
        if registered.log == log:
            out |= registered.kinds
    return out


def events(person: Person, log: str, chosen: Iterable[str] = ()) -> list[Event]:
    """The newest events of ``log``; ``chosen`` narrows to those kinds (and skips sources
    that give none of them)."""
    offered = kinds(log)
    wanted = set(chosen) & set(offered) or set(offered)
    out: list[Event] = []
    for registered in _SOURCES.values():
        if registered.log == log and wanted & set(registered.kinds):
            out += [event for event in registered.source(person) if event.kind in wanted]
    out.sort(key=lambda event: event.sort_key, reverse=True)
    return out[: LENGTHS[log]]


# The record's own sources: the History tab --------------------------------------------------


def sentence_events(person: Person) -> list[Event]:
    return [
        Event(
            kind="sentence",
            title=f"Sentenced: {order.get_order_type_display()}",
            at=order.sentence_date,
            description=f"{order.court}. Runs {order.start_date:%-d %B %Y} to "
            f"{order.end_date:%-d %B %Y}.",
        )
        for order in Order.objects.filter(person=person).order_by("-sentence_date")[
            : LENGTHS[HISTORY]
        ]
    ]


def change_events(person: Person) -> list[Event]:
    """Every recorded collection or alteration of the person's data, as the access log has
    it, but for what another source of the History tab tells in its own words."""
    told_elsewhere = [
        what
        for registered in _SOURCES.values()
        if registered.log == HISTORY
        for what in registered.told_instead
    ]
    return [
        Event(kind="change", title=entry.what, at=entry.occurred_at, by=entry.actor_name)
        for entry in AccessLogEntry.objects.filter(
            subject_id=person.pk, operation__in=[Operation.COLLECT, Operation.ALTER]
        )
        .exclude(what__in=told_elsewhere)
        .order_by("-id")[: LENGTHS[HISTORY]]
    ]
