"""Keeping the counts by person and month (``PersonMonth``) and by person and day
(``PersonDay``) in step with the records.

A service that changes appointments or their outcomes wraps its writes in
``tracking(appointment_ids)``, inside its transaction: the appointments are locked, counted
before and after, and the difference is added to the counts (``apply``) in the same
transaction, so a figure never sees a change without its count, nor the other way round.
A service that adds or takes away a member of staff's training calls ``training_changed``
in its transaction: the people whose appointments they held from the month of that
training's day are locked and those months counted again (the trained counts depend on the
day the member of staff was first trained).
``recount`` counts everything again from the records (``mydirection rebuild-summaries``).

Counting is one function (``counted``, by day; ``by_month`` adds the days up) for both, so the
counts kept and the counts rebuilt cannot disagree on what is counted, nor the months with
their days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, tzinfo
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Count, DateField, Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from mydirection.appointments.models import (
    ATTENDED,
    Appointment,
    NeedDiscussed,
    OutcomeGoal,
    OutcomeKind,
    Status,
    ToolUsed,
)
from mydirection.dates import add_months, start_of
from mydirection.practice import Area, ConversationKind, Tool
from mydirection.staff.selectors import trained_by_then
from mydirection.summaries.models import (
    COUNTS,
    PersonCounts,
    PersonDay,
    PersonMonth,
    conversation,
    need,
    tool,
    trained,
)

# A person and a day (or a month, as its first day).
Key = tuple[UUID, date]
Counts = dict[Key, Counter[str]]
# ``PersonMonth`` or ``PersonDay`` (or a migration's historical one): the type checker's
# Django plugin cannot follow a filter across two models, so it is not checked here.
Summary = Any

# An appointment counted: live, with an outcome. "With an outcome" in the figures leaves
# out those waiting to be rescheduled (they have not happened yet).
_HAPPENED = ~Q(outcome__outcome=OutcomeKind.TO_BE_RESCHEDULED)
_ATTENDED = Q(outcome__outcome__in=ATTENDED)


def _zone() -> tzinfo:
    return timezone.get_current_timezone()


def _day(field: str) -> TruncDate:
    """The local day of a moment."""
    return TruncDate(field, tzinfo=_zone(), output_field=DateField())


def by_month(days: Counts) -> Counts:
    """Counts by person and day added up by person and month."""
    months: Counts = {}
    for (person_id, day), counts in days.items():
        months.setdefault((person_id, day.replace(day=1)), Counter()).update(counts)
    return months


def counted(appointments: QuerySet[Appointment]) -> Counts:
    """The counts these appointments make, by person and day: three grouped queries."""
    live = appointments.filter(status=Status.ARRANGED, outcome__isnull=False)
    by_kind = {
        "acceptable_absence": OutcomeKind.ACCEPTABLE_ABSENCE,
        "unacceptable_absence": OutcomeKind.UNACCEPTABLE_ABSENCE,
        "failed_to_attend": OutcomeKind.FAILED_TO_ATTEND,
        "to_be_rescheduled": OutcomeKind.TO_BE_RESCHEDULED,
    }
    of = OuterRef("outcome")
    rows = (
        live.annotate(
            day=_day("starts_at"),
            has_need=Exists(NeedDiscussed.objects.filter(outcome=of)),
            has_goal=Exists(OutcomeGoal.objects.filter(outcome=of)),
            has_tool=Exists(ToolUsed.objects.filter(outcome=of)),
            trained=trained_by_then(among=live),
        )
        .values("person_id", "day")
        .annotate(
            with_outcome=Count("pk", filter=_HAPPENED),
            attended=Count("pk", filter=_ATTENDED),
            **{key: Count("pk", filter=Q(outcome__outcome=kind)) for key, kind in by_kind.items()},
            any_need=Count("pk", filter=_ATTENDED & Q(has_need=True)),
            plan_goal=Count("pk", filter=_ATTENDED & Q(has_goal=True)),
            with_tools=Count("pk", filter=_ATTENDED & Q(has_tool=True)),
            **{
                trained(key): Count("pk", filter=condition & Q(trained=True))
                for key, condition in (
                    ("with_outcome", _HAPPENED),
                    ("attended", _ATTENDED),
                    ("with_tools", _ATTENDED & Q(has_tool=True)),
                    ("plan_goal", _ATTENDED & Q(has_goal=True)),
                )
            },
            **{
                conversation(kind): Count("pk", filter=_HAPPENED & Q(outcome__conversation=kind))
                for kind in ConversationKind.values
            },
        )
        .order_by()
    )
    counts: Counts = {}
    for row in rows:
        found: dict[str, Any] = dict(row)
        key = (found.pop("person_id"), found.pop("day"))
        counts[key] = Counter({k: v for k, v in found.items() if v})
    attended = live.filter(_ATTENDED)
    kinds = ((NeedDiscussed, "area", need, Area.values), (ToolUsed, "tool", tool, Tool.values))
    for model, field, name, values in kinds:
        # Only the kinds there are (a row of another kind still counts in ``any_need``).
        items = (
            model._default_manager.filter(
                outcome__appointment__in=attended.values("pk"), **{f"{field}__in": values}
            )
            .annotate(day=_day("outcome__appointment__starts_at"))
            .values("outcome__appointment__person_id", "day", field)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for item in items:
            key = (item["outcome__appointment__person_id"], item["day"])
            counts.setdefault(key, Counter())[name(item[field])] += item["n"]
    return counts


def _difference(before: Counts, after: Counts) -> Counts:
    changes: Counts = {}
    for key in before.keys() | after.keys():
        change = Counter(after.get(key, Counter()))
        change.subtract(before.get(key, Counter()))
        change = Counter({k: v for k, v in change.items() if v})
        if change:
            changes[key] = change
    return changes


def apply(
    person_id: UUID, when: date, deltas: dict[str, int], model: Summary = PersonMonth
) -> None:
    """Add ``deltas`` to a person's counts for a month (``PersonMonth``, ``when`` its first
    day) or a day (``PersonDay``), in the caller's transaction.

    An ``UPDATE ... SET n = n + delta`` first (the row usually exists); else an insert, in a
    savepoint: if another transaction inserted the row meanwhile, the unique constraint
    refuses it (PostgreSQL waits for the other to commit first) and the update runs again.
    A row whose counts all come to zero goes.
    """
    if not any(deltas.values()):
        return
    unknown = set(deltas) - set(COUNTS)
    if unknown:
        raise ValueError(f"Not a count: {sorted(unknown)}")
    where = {"day": when, "month": when.replace(day=1)} if model is PersonDay else {"month": when}
    rows = model._default_manager.filter(person_id=person_id, **where)
    increments = {key: F(key) + value for key, value in deltas.items() if value}
    if not rows.update(**increments):
        if any(value < 0 for value in deltas.values()):
            raise ValueError("A count would go below zero: the summaries need rebuilding")
        try:
            with transaction.atomic():
                model._default_manager.create(person_id=person_id, **where, **deltas)
            return
        except IntegrityError:
            rows.update(**increments)
    rows.filter(**dict.fromkeys(COUNTS, 0)).delete()


def _apply_all(days: Counts) -> None:
    # The months, then the days, each in key order, so that two transactions lock the same
    # rows in the same order.
    for model, changes in ((PersonMonth, by_month(days)), (PersonDay, days)):
        for person_id, when in sorted(changes, key=lambda key: (str(key[0]), key[1])):
            apply(person_id, when, dict(changes[(person_id, when)]), model)


@contextmanager
def tracking(appointment_ids: Iterable[UUID | str]) -> Iterator[None]:
    """Around a change to these appointments (or their outcomes), inside the service's
    transaction: the counts follow the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Summaries change only inside the writing transaction")
    ids = sorted({str(pk) for pk in appointment_ids})
    # Locked first, so that the counts before are the ones this change starts from.
    list(Appointment.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    chosen = Appointment.objects.filter(pk__in=ids)
    before = counted(chosen)
    yield
    _apply_all(_difference(before, counted(chosen)))


def training_changed(user_ids: Iterable[UUID], since: date) -> None:
    """After training on the day ``since`` was added or taken away for these members of
    staff, inside that change's transaction: who was trained by the day of their
    appointments from ``since`` on may have changed (before it, nothing did: their first
    training day moved, if at all, to or from a day on or after ``since``), so the months
    from ``since``'s on of the people whose appointments they held are counted again.

    Those people's appointments in those months are locked first, in pk order as
    ``tracking`` locks them, so an outcome recorded meanwhile waits for this count (or this
    count for it), and then their rows for those months are replaced with the counts of
    their records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Summaries change only inside the writing transaction")
    staff = sorted(set(user_ids), key=str)
    if not staff:
        return
    from_month = since.replace(day=1)
    later = Q(starts_at__gte=start_of(from_month))
    people = list(
        Appointment.objects.filter(later, staff_id__in=staff)
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )
    if not people:
        return
    held = Appointment.objects.select_for_update().filter(later, person_id__in=people)
    list(held.order_by("pk").values("pk"))
    recount(people, from_month=from_month)


# Some people's appointments are counted again this many people at a time, and everyone's a
# month at a time: the counts of millions of appointments are never all held in memory at
# once (a rebuild of 5,000,000 at once held 12 GB).
CHUNK = 2000


def _batches(
    appointments: QuerySet[Appointment], people: list[UUID] | None
) -> Iterator[QuerySet[Appointment]]:
    """``appointments`` in batches to count: everyone's (``people=None``) a month at a time,
    in time order, so that the rows go into the table as a running service writes them, a
    period's rows together (a part-month then reads a few pages, not a page for each row);
    some people's ``CHUNK`` people at a time."""
    if people is not None:
        for first in range(0, len(people), CHUNK):
            yield appointments.filter(person_id__in=people[first : first + CHUNK])
        return
    span = appointments.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    if span["first"] is None:
        return
    month = timezone.localdate(span["first"]).replace(day=1)
    while month <= timezone.localdate(span["last"]):
        following = add_months(month, 1)
        yield appointments.filter(starts_at__gte=start_of(month), starts_at__lt=start_of(following))
        month = following


def recount(
    people: Collection[UUID] | None = None,
    *,
    from_month: date | None = None,
    month_model: type[PersonMonth] | None = PersonMonth,
    day_model: type[PersonDay] | None = PersonDay,
) -> int:
    """Count again from the records: every person's months and days (``people=None``) or
    these people's, all of them or those from ``from_month`` (the first of a month) on, in
    one transaction. The same records give the same rows, however often it runs. How many
    rows it wrote. ``month_model``, ``day_model``: a migration's historical models (only the
    counts they have are written), or None for none of those rows."""
    kept: list[tuple[Summary, str]] = [
        (model, field)
        for model, field in ((month_model, "month"), (day_model, "day"))
        if model is not None
    ]
    some = None if people is None else sorted(set(people), key=str)
    appointments = Appointment.objects.all()
    if from_month is not None:
        appointments = appointments.filter(starts_at__gte=start_of(from_month))
    written = 0
    with transaction.atomic():
        for model, _ in kept:
            # Everyone's: the rows of people with no appointment left go too.
            existing = model._default_manager.all()
            if some is not None:
                existing = existing.filter(person_id__in=some)
            if from_month is not None:
                existing = existing.filter(month__gte=from_month)
            existing.delete()
        for batch in _batches(appointments, some):
            days = counted(batch)
            for model, field in kept:
                counts = days if field == "day" else by_month(days)
                rows = _rows(model, field, counts)
                model._default_manager.bulk_create(rows, batch_size=2000)
                written += len(rows)
    return written


def _rows(model: Summary, field: str, counts: Counts) -> list[PersonCounts]:
    """The rows of ``counts`` (by month or by day) as ``model`` holds them."""
    fields = {field.name for field in model._meta.fields}
    return [
        model(
            person_id=person_id,
            **{field: when},
            **({"month": when.replace(day=1)} if field == "day" else {}),
            **{key: value for key, value in values.items() if key in fields},
        )
        # In time order, as a running service writes them (``_batches``).
        for (person_id, when), values in sorted(
            counts.items(), key=lambda i: (i[0][1], str(i[0][0]))
        )
        if any(values.values())
    ]


def table(
    people: Collection[UUID] | None = None, model: Summary = PersonMonth
) -> dict[Key, dict[str, Any]]:
    """The counts held by month (or by day: ``PersonDay``), non-zero ones only (for tests and
    the rebuild's check)."""
    field = "day" if model is PersonDay else "month"
    rows = model._default_manager.all()
    if people is not None:
        rows = rows.filter(person_id__in=list(people))
    return {
        (row["person_id"], row[field]): {k: row[k] for k in COUNTS if row[k]}
        for row in rows.values("person_id", field, *COUNTS)
    }
