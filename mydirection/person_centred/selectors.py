"""Reads of person-centred tools, each a fixed number of queries whatever the history."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from mydirection.people.models import Person
from mydirection.person_centred.models import Statement, ToolRecord, tool_slug
from mydirection.person_centred.tools import SPECS, Section, ToolSpec
from mydirection.practice import Tool
from mydirection.versioning import latest_number_of


def _with_statements(records: QuerySet[ToolRecord]) -> QuerySet[ToolRecord]:
    return records.select_related("recorded_by").prefetch_related(
        Prefetch("statements", queryset=Statement.objects.order_by("position"))
    )


def current(person: Person, tool: str) -> ToolRecord | None:
    """The latest version of ``tool`` with its statements (two queries), or None."""
    return (
        _with_statements(ToolRecord.objects.filter(person=person, tool=tool))
        .order_by("-number")
        .first()
    )


def current_profile(person: Person) -> ToolRecord | None:
    """The one-page profile: what a new case manager reads first."""
    return current(person, Tool.ONE_PAGE_PROFILE)


def version(person: Person, tool: str, number: int) -> ToolRecord | None:
    return _with_statements(
        ToolRecord.objects.filter(person=person, tool=tool, number=number)
    ).first()


def versions(person: Person, tool: str) -> QuerySet[ToolRecord]:
    return (
        ToolRecord.objects.filter(person=person, tool=tool)
        .select_related("recorded_by")
        .annotate(
            statement_count=Count("statements"),
            confirmed_count=Count("statements", filter=Q(statements__confirmed=True)),
        )
        .order_by("-number")
    )


@dataclass(frozen=True)
class ToolRow:
    tool: Tool
    slug: str
    record: ToolRecord | None


def index(person: Person) -> list[ToolRow]:
    """Every tool with its latest version (who, when, how much is confirmed): one query."""
    latest = Subquery(
        ToolRecord.objects.filter(person=OuterRef("person"), tool=OuterRef("tool"))
        .order_by("-number")
        .values("number")[:1]
    )
    records = (
        ToolRecord.objects.filter(person=person, number=latest)
        .select_related("recorded_by")
        .annotate(
            statement_count=Count("statements"),
            confirmed_count=Count("statements", filter=Q(statements__confirmed=True)),
        )
        .order_by()
    )
    by_tool = {r.tool: r for r in records}
    return [ToolRow(tool, tool_slug(tool), by_tool.get(tool.value)) for tool in Tool]


@dataclass
class SectionView:
    section: Section
    statements: list[Statement] = field(default_factory=list)


def sections(spec: ToolSpec, record: ToolRecord | None) -> list[SectionView]:
    """The record's statements under their sections, in the tool's order."""
    views = {s.key: SectionView(s) for s in spec.sections}
    if record is not None:
        for statement in record.statements.all():
            if statement.section in views:
                views[statement.section].statements.append(statement)
    return list(views.values())


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "moved", "confirmed"
    text: str
    section: str
    before: str = ""  # for "moved": the section it was in


def changes(spec: ToolSpec, older: ToolRecord | None, newer: ToolRecord) -> list[Change]:
    """What changed from ``older`` to ``newer``: statements matched by their words."""

    def label(key: str) -> str:
        found = spec.section(key)
        return found.label if found else key

    def keyed(record: ToolRecord | None) -> dict[str, Statement]:
        if record is None:
            return {}
        return {" ".join(s.text.lower().split()): s for s in record.statements.all()}

    before, after = keyed(older), keyed(newer)
    found: list[Change] = []
    for key, statement in after.items():
        previous = before.get(key)
        if previous is None:
            found.append(Change("added", statement.text, label(statement.section)))
        elif previous.section != statement.section:
            found.append(
                Change("moved", statement.text, label(statement.section), label(previous.section))
            )
        elif statement.confirmed and not previous.confirmed:
            found.append(Change("confirmed", statement.text, label(statement.section)))
    for key, statement in before.items():
        if key not in after:
            found.append(Change("removed", statement.text, label(statement.section)))
    return found


def profile_first(person: Person) -> dict[str, object]:
    """What the overview shows at the top for a new case manager: the one-page profile."""
    profile = current_profile(person)
    return {
        "profile_first": True,
        "profile": profile,
        "profile_sections": sections(SPECS[Tool.ONE_PAGE_PROFILE], profile),
    }


def latest_number(person: Person, tool: str) -> int:
    """The version a new save starts from: 0 when the tool has never been used."""
    return latest_number_of(ToolRecord.objects.filter(person=person, tool=tool))
