"""Erasing a person's records once their retention period is over and the data protection
officer has confirmed it (UK GDPR article 17; DPA 2018 sections 39 and 47).

What goes, what stays and why. ``subject_access.SOURCES`` says how every model's rows are found
from a person; erasure walks the same list, the most dependent rows first, and for each row:

* **deleted**, by default: the plan, tools, assessments, messages, consents, orders, files, the
  app account, referrals, Time Bank and volunteering records, requests about their rights;
* **emptied in place** (``cleared``: every free-text field blanked, every JSON field reset)
  where deleting would take rows that must stay with it, or where another kept row depends on
  it (a foreign key that protects it). The person's own row is emptied this way into a
  *shell*: no name, date of birth, case reference, contact details, health or offence
  information; only its team, case manager and programme start, which the monitoring figures
  group by. Nobody can open a shell (``access.policy``: no relation to an erased person);
* **kept as written**: rows the law or the books need unchanged, which the application cannot
  change anyway: the ledgers (``AppendOnly``: Enabling Fund and Time Bank entries, the
  releases of a subject access request) and the access log.

**Monitoring.** Past months' figures must not move when someone is erased: attendance,
needs discussed and personalised working are counted from appointments, their outcomes and
the needs and tools recorded (``evaluation/monitoring.py``). Those rows are kept
(``FOR_MONITORING``), emptied of free text (notes, addresses, keyworkers, actions agreed),
hanging from the shell, which keeps the team and the
case manager they are grouped by. So a month's figures are the same before and after
(``tests/test_erasure.py``). Figures counted from deleted records (plans agreed, referrals,
consents) lose the erased person; they describe the live caseload, which has none.

**The access log.** Its entries are not changed: on PostgreSQL the application's role may not
update or delete them (a trigger, revoked privileges), and the checkpoints kept outside the
database recorded their hashes, so any rewrite would show as tampering. They stay as they are
and the chain verifies after an erasure as before (``mydirection verify-access-log``; tested).
What they hold about the person once erased:

* ``subject_id`` and ``actor_person_id``: random UUIDs that, once the shell is empty, link to
  nothing in the service that says who the person was; ``subject_key`` is a keyed hash that
  only the service's pseudonym key can tie to an id. Not personal data without the records
  erased here;
* ``details``: identifiers and field names only (``log.record`` forbids content);
* ``justification`` and ``recipients``: staff's reasons for opening a record and who received
  a disclosure: the legal record of how the data was processed (DPA 2018 section 62), which
  must outlive the data to show that it was handled, and erased, lawfully. Readable only by
  the data protection officer;
* ``actor_name``: for what the person did themselves in the app, their name, as written then.
  The log is kept for its own period (at least the longest case period); entries are never
  edited, so the name goes when the log's oldest part is archived and its chain re-anchored,
  not here. This is the one personal field left, and it is documented in docs/security.md.

The erasure itself is logged (``Operation.ERASE``) with the review, the rule and the rows
counted by kind; that entry carries the subject key that survives (DPA 2018 section 62).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import DEFAULT_DB_ALIAS, IntegrityError, models, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.db.models.deletion import Collector
from django.utils import timezone

from mydirection.ledger import AppendOnly
from mydirection.people.models import Gender, OffenceCategory, Person
from mydirection.rights.subject_access import SOURCES, Source
from mydirection.summaries import services as summaries
from mydirection.uploads import disk

# Kept as written, with the reason.
KEPT: Mapping[str, str] = {
    "access.AccessLogEntry": (
        "the access log: append-only and chained; its entries outlive the records they are "
        "about (DPA 2018 section 62)"
    ),
    "rights.ErasureReview": "the record of this erasure: who confirmed it, when and why",
}

# Kept, emptied of free text, for the monitoring figures of past months.
FOR_MONITORING: Mapping[str, str] = {
    "appointments.Appointment": "attendance, by month, team and case manager",
    "appointments.Outcome": "attendance, by month, team and case manager",
    "appointments.NeedDiscussed": "needs discussed, by month",
    "appointments.ToolUsed": "personalised working, by month",
    "summaries.PersonMonth": "the monthly counts the figures above are read from",
    "summaries.PersonDay": "the daily counts the figures above are read from",
}

# The person's row, once emptied: fields the monitoring figures group by stay.
SHELL_KEEPS = frozenset(
    {"id", "team", "case_manager", "programme_start", "created_at", "updated_at", "version"}
)
# Required fields with no default or blank value: what the shell holds instead.
SHELL_PLACEHOLDERS: Mapping[str, Any] = {
    "first_name": "Erased",
    "last_name": "Erased",
    "date_of_birth": date(1900, 1, 1),
    "gender": Gender.NOT_STATED,
    "index_offence": OffenceCategory.OTHER,
}


@dataclass
class Erased:
    """What erasure did, by source: rows deleted, emptied in place, and kept as written."""

    rows: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, label: str, how: str, number: int) -> None:
        if number:
            counts = self.rows.setdefault(label, {})
            counts[how] = counts.get(how, 0) + number


ERASED = "Erased"


def _free_text(model: type[models.Model], *, required: bool = True) -> dict[str, Any]:
    """The values that empty a row of ``model``: free text blanked (or "Erased" where it may
    not be blank), JSON reset. Fields with choices, identifiers that must stay unique, and
    relations are left as they are; ``required=False`` leaves the fields that may not be blank
    too (for a model whose constraints refuse the word)."""
    values: dict[str, Any] = {}
    for model_field in model._meta.concrete_fields:
        if model_field.is_relation or model_field.primary_key or model_field.unique:
            continue
        if isinstance(model_field, models.JSONField):
            values[model_field.name] = model_field.get_default()
        elif isinstance(model_field, models.CharField | models.TextField):
            if model_field.choices:
                continue
            if model_field.blank:
                values[model_field.name] = None if model_field.null else ""
            elif required and (model_field.max_length or len(ERASED)) >= len(ERASED):
                values[model_field.name] = ERASED
    return values


def _clear(rows: QuerySet[Any], model: type[models.Model]) -> bool:
    """Empty ``rows`` of free text; False if there was nothing to empty."""
    for required in (True, False):
        values = _free_text(model, required=required)
        if not values:
            return False
        try:
            with transaction.atomic():
                rows.update(**values)
        except IntegrityError:
            continue  # a check constraint refuses the word: blank what may be blank
        return True
    return False


def _shell(person: Person, today: date) -> dict[str, Any]:
    """The values that empty the person's row."""
    values: dict[str, Any] = {}
    for model_field in Person._meta.concrete_fields:
        name = model_field.name
        if name in SHELL_KEEPS:
            continue
        if name in SHELL_PLACEHOLDERS:
            values[name] = SHELL_PLACEHOLDERS[name]
        elif model_field.null:
            values[name] = None
        elif model_field.has_default():
            values[name] = model_field.get_default()
        elif isinstance(model_field, models.CharField | models.TextField):
            values[name] = ""
    values["updated_at"] = timezone.now()
    # Unique, and says nothing: not a case reference's form (a letter and six digits).
    values["case_reference"] = "#" + person.pk.hex[:6]
    values["erased_on"] = today
    return values


def _must_stay(model: type[models.Model]) -> bool:
    label = model._meta.label
    return label in KEPT or label in FOR_MONITORING or issubclass(model, AppendOnly)


def _deletes_only_what_may_go(rows: QuerySet[Any]) -> bool:
    """Would deleting ``rows`` delete nothing that must stay, and not be refused?"""
    collector = Collector(using=rows.db or DEFAULT_DB_ALIAS, origin=rows)
    try:
        collector.collect(rows)
    except (ProtectedError, RestrictedError):
        return False
    reached = set(collector.data) | {qs.model for qs in collector.fast_deletes}
    return not any(_must_stay(model) for model in reached)


def _erase_source(source: Source, person: Person, erased: Erased) -> None:
    model = source.model
    label = model._meta.label
    if label == "people.Person":
        return
    ids = list(source.rows(person).values_list("pk", flat=True))
    if not ids:
        return
    rows = model._base_manager.filter(pk__in=ids)
    if label in KEPT or issubclass(model, AppendOnly):
        erased.count(label, "kept", len(ids))
        return
    if label not in FOR_MONITORING:
        if _deletes_only_what_may_go(rows):
            deletable = ids
        else:
            # Some of them are held by a row that must stay: one by one, to delete the rest.
            deletable = [pk for pk in ids if _deletes_only_what_may_go(rows.filter(pk=pk))]
        if deletable:
            going = model._base_manager.filter(pk__in=deletable)
            if label == "uploads.StoredFile":
                _remove_files_when_committed(list(going.values_list("storage_name", flat=True)))
            going.delete()
            erased.count(label, "deleted", len(deletable))
        ids = [pk for pk in ids if pk not in set(deletable)]
        if not ids:
            return
        rows = model._base_manager.filter(pk__in=ids)
    if label == "uploads.StoredFile":
        # A file a kept record points to (a receipt of a ledger's payment): its content goes.
        _remove_files_when_committed(list(rows.values_list("storage_name", flat=True)))
    erased.count(label, "cleared" if _clear(rows, model) else "kept", len(ids))


def _remove_files_when_committed(storage_names: list[str]) -> None:
    """The uploaded files go from the disk once their rows' deletion is committed."""

    def remove() -> None:
        for name in storage_names:
            disk.path_of(name).unlink(missing_ok=True)

    transaction.on_commit(remove)


def erase_person(person: Person, today: date) -> Erased:
    """Erase ``person``'s records (see the module's docstring). Call it inside the
    transaction that logs the erasure."""
    erased = Erased()
    with transaction.atomic():
        # The most dependent rows first: each source is listed after those it hangs from.
        for source in reversed(SOURCES):
            _erase_source(source, person, erased)
        Person.objects.filter(pk=person.pk).update(**_shell(person, today))
        erased.count("people.Person", "cleared", 1)
        # The counts follow what is kept (goals discussed go with the plan).
        summaries.recount([person.pk])
    return erased
