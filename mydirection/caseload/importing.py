"""Importing people on probation, their orders, requirements and allocations from a
case-management extract: a CSV file in the shape of an nDelius extract, all rows or none.

The shape: one row per requirement, as a case-management system's extract lists them. The
person's columns repeat on every row of their orders and requirements, and the order's on
every row of its requirements; a row with the requirement columns blank is an order without
requirements. ``COLUMNS`` lists the columns (``docs/importing-cases.md`` shows them as a
table, and ``docs/import-cases-sample.csv`` is a file to start from). Choices are given by
their code or their name ("community_order" or "Community Order"), dates as YYYY-MM-DD or
DD/MM/YYYY.

Every row is checked with the rules the forms and services use (``PersonForm``,
``OrderForm``, ``RequirementForm``; the allocation's rules in ``caseload.services``), then
against the records already held and the other rows of the file; every problem is listed by
row and column, and if there is one nothing is saved. Otherwise everything new is saved in
one transaction through the same services as the pages (``people.services``,
``caseload.services.allocate``), each writing its access-log entry with the importing member
of staff as the actor (relation ``import``), and one entry says the import was made.

Importing the same file again changes nothing: a person is matched by their case reference
(their name and date of birth must agree with the record held), an order by its person, type
and start date, a requirement by its order, type and description, and an allocation by the
person's case manager. What is already held is never changed by an import: a case held here
by someone other than the file names stays where it is, and is listed as a note.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.access.policy import Relation
from mydirection.caseload import services as caseload_services
from mydirection.caseload.services import FINISHED, AllocationRefused
from mydirection.csvimport import (
    DATE_FORMATS,
    RowError,
    Table,
    is_blank,
    parse_date,
    read_table,
    read_text,
)
from mydirection.people import ending
from mydirection.people import services as people_services
from mydirection.people.forms import OrderForm, PersonForm, RequirementForm
from mydirection.people.models import (
    Ethnicity,
    Gender,
    OffenceCategory,
    Order,
    OrderType,
    Person,
    Requirement,
    RequirementType,
    RiskLevel,
)
from mydirection.staff.models import Team, User

# The largest file the page takes (the command reads any size): about 20,000 rows.
MAX_BYTES = 5 * 1024 * 1024

IMPORTED = "Case-management extract imported"
REASON = "Imported from a case-management extract"


@dataclass(frozen=True)
class Column:
    name: str
    what: str
    required: bool = True
    # Its codes and their names, for a column of choices.
    choices: tuple[tuple[str, str], ...] = ()


def _choices(kind: type[models.TextChoices]) -> tuple[tuple[str, str], ...]:
    return tuple((str(code), str(label)) for code, label in kind.choices)


PERSON_COLUMNS = (
    Column("case_reference", "Case reference number (nDelius CRN): one letter and 6 digits"),
    Column("first_name", "First name"),
    Column("last_name", "Last name"),
    Column("preferred_name", "What they like to be called, if not their first name", False),
    Column("date_of_birth", f"Date of birth ({DATE_FORMATS})"),
    Column("gender", "Gender", choices=_choices(Gender)),
    Column("ethnicity", "Ethnicity (2021 Census categories)", False, _choices(Ethnicity)),
    Column("phone", "UK phone number", False),
    Column("email", "Email address", False),
    Column("address", "Address", False),
    Column("postcode", "Postcode", False),
    Column("index_offence", "Index offence category", choices=_choices(OffenceCategory)),
    Column("risk_level", "Risk of serious harm (RoSH)", choices=_choices(RiskLevel)),
)
ALLOCATION_COLUMNS = (
    Column("office", "The office of the person's team, by its name in MyDirection"),
    Column("team", "The person's team, by its name in MyDirection"),
    Column(
        "case_manager",
        "The username of the case manager who holds the case (blank: unallocated)",
        False,
    ),
)
ORDER_COLUMNS = (
    Column("order_type", "Type of order", choices=_choices(OrderType)),
    Column("court", "The court that made the order"),
    Column("sentence_date", f"Date of sentence ({DATE_FORMATS})"),
    Column("order_start_date", f"Start date of the order ({DATE_FORMATS})"),
    Column("order_end_date", f"End date of the order ({DATE_FORMATS})"),
)
REQUIREMENT_COLUMNS = (
    Column(
        "requirement_type",
        "Type of requirement (blank: an order without requirements)",
        False,
        _choices(RequirementType),
    ),
    Column("requirement_description", "What the requirement is, in a few words", False),
    Column(
        "requirement_amount",
        "Hours of unpaid work, rehabilitation activity days or programme sessions",
        False,
    ),
)
COLUMNS = PERSON_COLUMNS + ALLOCATION_COLUMNS + ORDER_COLUMNS + REQUIREMENT_COLUMNS
REQUIRED = tuple(column.name for column in COLUMNS if column.required)
_BY_NAME = {column.name: column for column in COLUMNS}

# Form fields whose column has another name (the order's dates, the requirement's fields).
_ORDER_COLUMN = {"start_date": "order_start_date", "end_date": "order_end_date"}
_REQUIREMENT_COLUMN = {
    "description": "requirement_description",
    "amount": "requirement_amount",
}
# The form's fields an extract does not carry take the record's defaults, as a new record
# made on the page starts from them.
_DEFAULTED = ("contact_preference", "accommodation", "employment", "previous_events")
# Of a person held already, what must agree with the file: else the case reference is wrong.
_IDENTITY = ("first_name", "last_name", "date_of_birth")


# --- One row, on its own: no database --------------------------------------------------

M = TypeVar("M", bound=models.Model)


def _unchecked_constraints(instance: M) -> M:
    """A new record for a form to validate without a query. Django checks a model's check
    constraints with a SELECT; the forms' own ``clean`` states the same rules in words, and
    the service checks the constraints again when the record is saved."""
    instance.validate_constraints = lambda exclude=None: None  # type: ignore[method-assign]
    return instance


class _PersonRow(PersonForm):
    """The person form, for a row: a person held already is matched by case reference
    (``check_file``), not refused as a repeat."""

    def validate_unique(self) -> None:
        return None


def _choice(column: Column, text: str) -> tuple[str, RowError | None]:
    """The code ``text`` names (a code or a name, in any case), or the problem."""
    wanted = text.strip().lower()
    for code, label in column.choices:
        if wanted in (code.lower(), label.lower()):
            return code, None
    if len(column.choices) <= 8:
        known = ", ".join(code for code, _ in column.choices)
        hint = f": use one of {known}"
    else:
        hint = ": see the codes in docs/importing-cases.md"
    what = column.what.split(" (")[0].lower()
    return "", RowError(0, f"'{text}' is not a {what} we know{hint}", column.name)


def _date_parts(column: str, text: str, data: dict[str, str], field: str) -> RowError | None:
    """Put a date from the file into a form's three date boxes, or say it is no date."""
    if not text:
        return None  # the form says it is missing, if it must be there
    day = parse_date(text)
    if day is None:
        return RowError(0, f"'{text}' is not a real date in the form {DATE_FORMATS}", column)
    data |= {f"{field}_0": str(day.day), f"{field}_1": str(day.month), f"{field}_2": str(day.year)}
    return None


def _form_errors(form: forms.BaseForm, columns: Mapping[str, str]) -> list[RowError]:
    return [
        RowError(0, str(message), columns.get(name, name) if name != "__all__" else "")
        for name, messages in form.errors.items()
        for message in messages
    ]


@dataclass
class CheckedRow:
    """One row, checked on its own: what it says, cleaned as the forms clean it, and its
    problems (row numbers filled in)."""

    number: int
    raw: dict[str, str]
    person: dict[str, Any] = field(default_factory=dict)
    order: dict[str, Any] = field(default_factory=dict)
    # None: the row is an order without requirements.
    requirement: dict[str, Any] | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def case_reference(self) -> str:
        return str(self.person.get("case_reference") or self.raw.get("case_reference", ""))


def _with_choices(
    raw: Mapping[str, str], columns: Iterable[Column], data: dict[str, str]
) -> list[RowError]:
    errors = []
    for column in columns:
        text = raw.get(column.name, "")
        if column.choices and text:
            code, problem = _choice(column, text)
            if problem:
                errors.append(problem)
            data[column.name] = code
        else:
            data[column.name] = text
    return errors


def _check_person(raw: Mapping[str, str], checked: CheckedRow) -> None:
    data: dict[str, str] = {}
    errors = _with_choices(raw, PERSON_COLUMNS, data)
    for name in _DEFAULTED:
        data[name] = str(Person._meta.get_field(name).get_default())  # type: ignore[union-attr]
    if problem := _date_parts("date_of_birth", data.pop("date_of_birth"), data, "date_of_birth"):
        errors.append(problem)
    form = _PersonRow(data, instance=_unchecked_constraints(Person()))
    if form.is_valid():
        checked.person = form.details()
    else:
        refused = {problem.column for problem in errors}
        errors += [e for e in _form_errors(form, {}) if e.column not in refused]
    checked.errors += errors


def _check_order(raw: Mapping[str, str], checked: CheckedRow) -> None:
    data: dict[str, str] = {}
    errors = _with_choices(raw, ORDER_COLUMNS, data)
    for field_name, column in (("sentence_date", "sentence_date"), *_ORDER_COLUMN.items()):
        if problem := _date_parts(column, data.pop(column), data, field_name):
            errors.append(problem)
    form = OrderForm(data, instance=_unchecked_constraints(Order()))
    if form.is_valid():
        checked.order = dict(form.cleaned_data)
    else:
        refused = {problem.column for problem in errors}
        errors += [e for e in _form_errors(form, _ORDER_COLUMN) if e.column not in refused]
    checked.errors += errors


def _check_requirement(raw: Mapping[str, str], checked: CheckedRow) -> None:
    if is_blank(raw.get(column.name) for column in REQUIREMENT_COLUMNS):
        return
    if not raw.get("requirement_type"):
        message = "Enter the type of requirement, or leave the requirement's columns blank"
        checked.errors.append(RowError(0, message, "requirement_type"))
        return
    data: dict[str, str] = {}
    errors = _with_choices(raw, REQUIREMENT_COLUMNS, data)
    form = RequirementForm(
        {
            "requirement_type": data["requirement_type"],
            "description": data["requirement_description"],
            "amount": data["requirement_amount"],
        },
        instance=_unchecked_constraints(Requirement()),
    )
    if form.is_valid():
        checked.requirement = dict(form.cleaned_data)
    else:
        refused = {problem.column for problem in errors}
        errors += [e for e in _form_errors(form, _REQUIREMENT_COLUMN) if e.column not in refused]
    checked.errors += errors


def check_row(number: int, raw: Mapping[str, str]) -> CheckedRow:
    """Check one row on its own, as the forms would (no database): the person, the order,
    the requirement. What the row says about the office, team and case manager is checked
    against MyDirection's records by ``check_file``."""
    checked = CheckedRow(number=number, raw=dict(raw))
    _check_person(raw, checked)
    _check_order(raw, checked)
    _check_requirement(raw, checked)
    for name in ("office", "team"):
        if not raw.get(name):
            checked.errors.append(RowError(0, f"Enter the {name} of the person's team", name))
    # One problem a column, the first found (an amount that is no number is not also
    # missing), in the order of the columns.
    first: dict[str, RowError] = {}
    for error in checked.errors:
        first.setdefault(error.column or error.message, error)
    checked.errors = [
        RowError(number, error.message, error.column)
        for error in sorted(first.values(), key=lambda e: _column_order(e.column))
    ]
    return checked


def _column_order(name: str) -> int:
    names = [column.name for column in COLUMNS]
    return names.index(name) if name in names else -1


# --- The whole file, against what is held ------------------------------------------------


@dataclass(frozen=True)
class Counts:
    new: int = 0
    unchanged: int = 0


@dataclass
class _PersonPlan:
    """What the import does for one case reference: rows in file order."""

    first: CheckedRow
    team: Team | None = None
    case_manager: User | None = None
    held: Person | None = None
    # The orders, by (type, start date): the order held, or None for a new one; its rows.
    orders: dict[tuple[str, date], tuple[Order | None, list[CheckedRow]]] = field(
        default_factory=dict
    )
    allocate: bool = False


@dataclass
class ImportResult:
    """What an import found and did. ``saved``: it changed nothing unless this is true."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Not problems: what the import left as it is, and why.
    notes: list[RowError] = field(default_factory=list)
    people: Counts = Counts()
    orders: Counts = Counts()
    requirements: Counts = Counts()
    allocations: Counts = Counts()
    saved: bool = False
    # The rows with problems, as the file gave them, to show beside their problems.
    rows_with_errors: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new(self) -> int:
        return sum(c.new for c in (self.people, self.orders, self.requirements, self.allocations))

    @property
    def unchanged(self) -> int:
        return sum(
            c.unchanged for c in (self.people, self.orders, self.requirements, self.allocations)
        )

    def counts(self) -> list[tuple[str, Counts]]:
        return [
            ("People", self.people),
            ("Orders", self.orders),
            ("Requirements", self.requirements),
            ("Allocations", self.allocations),
        ]

    def headline(self) -> str:
        """What an import that saved did, in short: "7 new, 0 unchanged"."""
        return f"{self.new} new, {self.unchanged} unchanged"

    def summary(self) -> str:
        if not self.ok:
            problems = len(self.errors)
            rows = len({error.row for error in self.errors})
            return (
                f"Nothing was imported: {problems} problem{'s' if problems != 1 else ''} "
                f"in {rows} row{'s' if rows != 1 else ''}."
            )
        details = "; ".join(
            f"{name.lower()} {c.new} new, {c.unchanged} unchanged" for name, c in self.counts()
        )
        return f"{self.headline()} ({details})."


@dataclass(frozen=True)
class ErrorRow:
    """A row with problems, for a page: what it says, and its problems."""

    number: int
    case_reference: str
    name: str
    errors: list[RowError]


def error_rows(result: ImportResult) -> list[ErrorRow]:
    """The rows with problems, in file order, each with its problems; problems about the
    whole file (row 1, the header) come first."""
    by_row: dict[int, list[RowError]] = defaultdict(list)
    for error in result.errors:
        by_row[error.row].append(error)
    rows = []
    for number, errors in sorted(by_row.items()):
        raw = result.rows_with_errors.get(number, {})
        name = " ".join(part for part in (raw.get("first_name"), raw.get("last_name")) if part)
        rows.append(
            ErrorRow(
                number=number,
                case_reference=raw.get("case_reference", ""),
                name=name,
                errors=errors,
            )
        )
    return rows


Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _known_teams() -> dict[tuple[str, str], Team]:
    return {
        (team.office.name.lower(), team.name.lower()): team
        for team in Team.objects.select_related("office")
    }


def _staff(usernames: set[str]) -> dict[str, User]:
    users = User.objects.filter(username__in=usernames).select_related("team__office")
    return {user.username.lower(): user for user in users}


def _held_people(references: set[str]) -> dict[str, Person]:
    """The people held with these case references (matched in any case), with their orders
    and the orders' requirements."""
    wanted = references | {reference.lower() for reference in references}
    people = Person.objects.filter(case_reference__in=wanted).prefetch_related(
        "orders__requirements"
    )
    return {person.case_reference.upper(): person for person in people}


def _compare(
    row: CheckedRow,
    first: CheckedRow,
    values: Mapping[str, Any],
    earlier: Mapping[str, Any],
    columns: Mapping[str, str],
    what: str,
) -> list[RowError]:
    return [
        RowError(
            row.number,
            f"This differs from row {first.number}, for the same {what}",
            columns.get(name, name),
        )
        for name, value in values.items()
        if earlier.get(name) != value
    ]


def _check_team_and_manager(
    plan: _PersonPlan, teams: Mapping[tuple[str, str], Team], staff: Mapping[str, User]
) -> list[RowError]:
    row = plan.first
    errors = []
    office, team_name = row.raw.get("office", ""), row.raw.get("team", "")
    if office and team_name:
        plan.team = teams.get((office.lower(), team_name.lower()))
        if plan.team is None:
            offices = {known_office for known_office, _ in teams}
            if office.lower() not in offices:
                errors.append(
                    RowError(row.number, f"There is no office called '{office}'", "office")
                )
            else:
                errors.append(
                    RowError(row.number, f"{office} has no team called '{team_name}'", "team")
                )
    username = row.raw.get("case_manager", "")
    if not username:
        return errors
    user = staff.get(username.lower())
    if user is None or not user.is_active:
        message = f"No active member of staff has the username '{username}'"
        return [*errors, RowError(row.number, message, "case_manager")]
    if not user.holds_caseload:
        message = f"{user.display_name} ({username}) cannot hold a caseload"
        return [*errors, RowError(row.number, message, "case_manager")]
    if plan.team is not None and user.team_id != plan.team.pk:
        theirs = f"{user.team.name}, {user.team.office.name}" if user.team else "no team"
        message = (
            f"{user.display_name} ({username}) is in {theirs}, not {plan.team.name}, "
            f"{plan.team.office.name}"
        )
        errors.append(RowError(row.number, message, "case_manager"))
    plan.case_manager = user
    return errors


def _check_identity(plan: _PersonPlan) -> list[RowError]:
    held, row = plan.held, plan.first
    if held is None:
        return []
    differs = [
        name
        for name in _IDENTITY
        if str(getattr(held, name)).strip().lower() != str(row.person.get(name, "")).strip().lower()
    ]
    return [
        RowError(
            row.number,
            f"The person held with case reference {row.case_reference} has another "
            f"{name.replace('_', ' ')}: check the case reference",
            name,
        )
        for name in differs
    ]


def _plan_orders(plan: _PersonPlan, rows: list[CheckedRow]) -> list[RowError]:
    errors: list[RowError] = []
    held_orders = {
        (order.order_type, order.start_date): order
        for order in (plan.held.orders.all() if plan.held else [])
    }
    first_of_requirement: dict[tuple[str, date, str, str], CheckedRow] = {}
    for row in rows:
        key = (row.order["order_type"], row.order["start_date"])
        if key not in plan.orders:
            plan.orders[key] = (held_orders.get(key), [row])
        else:
            first_rows = plan.orders[key][1]
            errors += _compare(
                row,
                first_rows[0],
                row.order,
                first_rows[0].order,
                _ORDER_COLUMN,
                "order (its type and start date)",
            )
            first_rows.append(row)
        if row.requirement is not None:
            requirement_key = (
                *key,
                row.requirement["requirement_type"],
                row.requirement["description"].strip().lower(),
            )
            if requirement_key in first_of_requirement:
                earlier = first_of_requirement[requirement_key].number
                errors.append(RowError(row.number, f"This requirement repeats row {earlier}"))
            else:
                first_of_requirement[requirement_key] = row
    return errors


def _plan_allocation(plan: _PersonPlan, today: date) -> tuple[list[RowError], list[RowError]]:
    """Whether the case is to be allocated; the problems, and the notes."""
    row, held, to = plan.first, plan.held, plan.case_manager
    if to is None:
        return [], []
    if held is not None and held.case_manager_id is not None:
        if held.case_manager_id == to.pk:
            return [], []
        note = (
            f"{row.case_reference} is held here by someone else, not {to.username}: "
            "left as it is (reallocate it on the record's Allocation page)"
        )
        return [], [RowError(row.number, note, "case_manager")]
    # Its orders once imported: those held, and the file's new ones.
    orders = list(held.orders.all()) if held else []
    orders += [Order(**rows[0].order) for order, rows in plan.orders.values() if order is None]
    if ending.is_finished(orders, today):
        return [RowError(row.number, FINISHED.format("allocated"), "case_manager")], []
    plan.allocate = True
    return [], []


def _placement(row: CheckedRow) -> dict[str, str]:
    return {name: row.raw.get(name, "").lower() for name in ("office", "team", "case_manager")}


def check_file(
    table: Table, *, today: date, progress: Progress = _no_progress
) -> tuple[list[_PersonPlan], ImportResult]:
    """Check every row on its own, then the file against what is held and against itself."""
    result = ImportResult(rows=len(table.rows))
    checked: list[CheckedRow] = []
    for done, (number, raw) in enumerate(table.rows, start=1):
        checked.append(check_row(number, raw))
        progress("Checking", done, len(table.rows))
    errors = [error for row in checked for error in row.errors]
    by_reference: dict[str, list[CheckedRow]] = defaultdict(list)
    for row in checked:
        if row.case_reference:
            by_reference[row.case_reference.upper()].append(row)

    teams = _known_teams()
    staff = _staff({row.raw["case_manager"] for row in checked if row.raw.get("case_manager")})
    held = _held_people(set(by_reference))
    plans = []
    notes: list[RowError] = []
    for reference, rows in by_reference.items():
        plan = _PersonPlan(first=rows[0], held=held.get(reference))
        errors += _check_team_and_manager(plan, teams, staff)
        for row in rows[1:]:
            errors += _compare(row, rows[0], row.person, rows[0].person, {}, "case reference")
            errors += _compare(
                row, rows[0], _placement(row), _placement(rows[0]), {}, "case reference"
            )
        if any(row.errors for row in rows):
            continue  # the rows' own problems first: comparing the rest would add noise
        errors += _check_identity(plan)
        errors += _plan_orders(plan, rows)
        problems, left = _plan_allocation(plan, today)
        errors += problems
        notes += left
        plans.append(plan)
    result.errors = sorted(set(errors), key=lambda e: (e.row, _column_order(e.column), e.message))
    result.notes = notes
    if not table.rows and not result.errors:
        result.errors = [RowError(1, "The file has no rows to import")]
    if result.errors:
        rows_with_errors = {error.row for error in result.errors}
        result.rows_with_errors = {n: raw for n, raw in table.rows if n in rows_with_errors}
        return [], result
    _count(plans, result)
    return plans, result


def _count(plans: list[_PersonPlan], result: ImportResult) -> None:
    # [unchanged, new] of each
    people, orders, requirements, allocations = [0, 0], [0, 0], [0, 0], [0, 0]
    for plan in plans:
        people[plan.held is None] += 1
        if plan.case_manager is not None:
            allocations[plan.allocate] += 1
        for order, rows in plan.orders.values():
            orders[order is None] += 1
            held_requirements = _held_requirements(order)
            for row in rows:
                if row.requirement is not None:
                    requirements[_requirement_key(row.requirement) not in held_requirements] += 1
    result.people = Counts(new=people[1], unchanged=people[0])
    result.orders = Counts(new=orders[1], unchanged=orders[0])
    result.requirements = Counts(new=requirements[1], unchanged=requirements[0])
    result.allocations = Counts(new=allocations[1], unchanged=allocations[0])


def _requirement_key(details: Mapping[str, Any]) -> tuple[str, str]:
    return (str(details["requirement_type"]), str(details.get("description") or "").strip().lower())


def _held_requirements(order: Order | None) -> set[tuple[str, str]]:
    if order is None:
        return set()
    return {
        (requirement.requirement_type, requirement.description.strip().lower())
        for requirement in order.requirements.all()
    }


# --- Saving ------------------------------------------------------------------------------


class _RolledBack(Exception):
    def __init__(self, error: RowError) -> None:
        self.error = error


def importer(user: User) -> StaffActor:
    """The actor of an import: the records it adds are written, never opened."""
    return StaffActor(user, Relation.IMPORT, justification=REASON)


def _save_person(plan: _PersonPlan, actor: StaffActor) -> None:
    row = plan.first
    try:
        person = plan.held
        if person is None and plan.team is not None:  # a plan has a team (check_file)
            person = people_services.create_person(actor=actor, team=plan.team, details=row.person)
        if person is None:
            raise _RolledBack(RowError(row.number, "The team is not known", "team"))
        for held_order, rows in plan.orders.values():
            row = rows[0]
            order = held_order or people_services.add_order(
                actor=actor, person=person, details=row.order
            )
            held_requirements = _held_requirements(held_order)
            for row in rows:
                if row.requirement is None:
                    continue
                if _requirement_key(row.requirement) in held_requirements:
                    continue
                people_services.add_requirement(actor=actor, order=order, details=row.requirement)
        if plan.allocate and plan.case_manager is not None:
            row = plan.first
            caseload_services.allocate(
                actor=actor, person=person, case_manager=plan.case_manager, reason=REASON
            )
    except ValidationError as error:
        raise _RolledBack(RowError(row.number, "; ".join(error.messages))) from error
    except IntegrityError as error:  # another import or page added the same record meanwhile
        message = "This row's records changed while the file was imported: import it again"
        raise _RolledBack(RowError(row.number, message)) from error
    except AllocationRefused as error:
        raise _RolledBack(RowError(row.number, str(error), "case_manager")) from error


def import_cases(
    *,
    by: User,
    file: IO[str] | IO[bytes],
    progress: Progress = _no_progress,
    today: date | None = None,
) -> ImportResult:
    """Import the extract in ``file``; ``NotText`` if it is not UTF-8 text."""
    return import_text(by=by, text=read_text(file), progress=progress, today=today)


def import_text(
    *, by: User, text: str, progress: Progress = _no_progress, today: date | None = None
) -> ImportResult:
    """Check every row; then save everything new in one transaction, or nothing."""
    today = today or timezone.localdate()
    table = read_table(text, REQUIRED)
    if table.errors:
        return ImportResult(errors=table.errors)
    plans, result = check_file(table, today=today, progress=progress)
    if not result.ok:
        return result
    actor = importer(by)
    try:
        with transaction.atomic():
            for done, plan in enumerate(plans, start=1):
                _save_person(plan, actor)
                progress("Saving", done, len(plans))
            record(
                actor=StaffActor.about_no_person(by),
                operation=Operation.COLLECT,
                what=IMPORTED,
                details={
                    "rows": result.rows,
                    "new": result.new,
                    "unchanged": result.unchanged,
                }
                | {name.lower(): [c.new, c.unchanged] for name, c in result.counts()},
            )
    except _RolledBack as refused:
        # Someone changed a record between the check and the save: nothing was saved.
        return ImportResult(rows=result.rows, errors=[refused.error])
    result.saved = True
    return result
