"""Versioned records: concurrent edits never silently overwrite.

A versioned model has an integer ``version``. A form carries the version its editor read;
the save is one conditional UPDATE (``save_if_unchanged``) that also bumps the version, so
of two editors who read the same version only the first saves and the second gets
``StaleEdit``, keeps what they typed, and is shown the record as it now is
(``with_current_version`` re-binds their form for that page).

A record kept as numbered versions (a person-centred tool, an area of the assessment) needs
no ``version`` field: its latest number is the version the editor read. A save checks it
(``next_number``) and inserts the next number (``insert_version``); of two saves racing for the
same number, the model's unique constraint lets one through and the other gets ``StaleEdit``.

A view calls a service from a form with ``attempt``: a refusal (``ValidationError``) goes on
the form, field by field; a ``StaleEdit`` comes back as ``Outcome.stale``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Manager, Max, Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, QueryDict

from mydirection.forms import add_errors


class StaleEdit(Exception):
    """Someone else saved this record after the editor opened it."""


def save_if_unchanged(
    queryset: QuerySet[Any] | Manager[Any], *, pk: Any, expected_version: int, **values: Any
) -> None:
    """Write ``values`` and bump the version, or raise ``StaleEdit`` and write nothing.

    ``queryset`` may narrow further (say, only an appointment that is still arranged), so a
    record that moved on in any way that matters is refused the same way.
    """
    updated = queryset.filter(pk=pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if updated == 0:
        raise StaleEdit


def latest_number_of(versions: QuerySet[Any]) -> int:
    """The number of the newest of ``versions``: 0 when there is none yet."""
    found = versions.aggregate(latest=Max("number"))
    return int(found["latest"] or 0)


def next_number(latest: int, *, expected_version: int) -> int:
    """The number a save of a numbered record makes, or ``StaleEdit`` when the latest is no
    longer the version the editor read."""
    if latest != expected_version:
        raise StaleEdit
    return latest + 1


def insert_version(version: Model) -> None:
    """Insert a new numbered version, or raise ``StaleEdit`` and insert nothing when another
    save took its number first (the model's unique constraint on the number)."""
    try:
        with transaction.atomic():  # a savepoint: the race's loser fails here, not later
            version.save(force_insert=True)
    except IntegrityError as error:
        raise StaleEdit from error


def with_current_version(request: HttpRequest, version: int) -> QueryDict:
    """What the editor posted, with the version now stored, for the form on the stale-edit page.

    Their text stays on the page; saving it again over the newer record is then a choice
    they make having been told (the page says so and shows, or links to, what is stored).
    """
    data = request.POST.copy()
    data["version"] = str(version)
    return data


@dataclass(frozen=True)
class Outcome:
    """What became of a service called from a form (``attempt``)."""

    done: bool = False
    stale: bool = False
    value: Any = None


def attempt(form: BaseForm, call: Callable[[], Any]) -> Outcome:
    """Call the service: its refusal goes on the form by field; a record changed since the
    form was opened comes back as ``stale`` (the view shows it as it is now)."""
    try:
        value = call()
    except ValidationError as error:
        add_errors(form, error)
        return Outcome()
    except StaleEdit:
        return Outcome(stale=True)
    return Outcome(done=True, value=value)
