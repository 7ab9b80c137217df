"""Versioned records: concurrent edits never silently overwrite.

A versioned model has an integer ``version``. A form carries the version its editor read;
the save is one conditional UPDATE (``save_if_unchanged``) that also bumps the version, so
of two editors who read the same version only the first saves and the second gets
``StaleEdit``, keeps what they typed, and is shown the record as it now is.
"""

from typing import Any

from django.db.models import F, Manager, QuerySet


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
