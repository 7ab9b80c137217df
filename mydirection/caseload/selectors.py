"""Reads for caseload pages. Every queryset starts from the access policy."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import (
    in_scope_of,
    visible_to,
    with_access_rules,
    with_limited_access,
)
from mydirection.appointments import selectors as appointment_selectors
from mydirection.caseload import attention
from mydirection.caseload.models import Allocation, Handover
from mydirection.messaging import selectors as messaging_selectors
from mydirection.people import timeline
from mydirection.people.ending import current_orders, finished_cases
from mydirection.people.models import Order, Person, RiskLevel
from mydirection.person_centred import selectors as person_centred_selectors
from mydirection.plans import selectors as plan_selectors
from mydirection.staff.models import CASE_HOLDING_ROLES, Team, Training, TrainingCourse, User
from mydirection.staff.selectors import courses_taken
from mydirection.volunteering.record import selectors as volunteering_record
from mydirection.wording import noun

# Sortable columns: the URL's ?sort= value to the database ordering. Descending ("-risk")
# reverses the first column only: names stay A to Z within a risk level.
SORTS = {
    "name": ("last_name", "first_name"),
    "crn": ("case_reference",),
    "order": ("current_order_type", "last_name"),
    "end": ("current_order_end", "last_name"),
    "risk": ("risk_rank", "last_name"),
}
RISK_RANK = {RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3, RiskLevel.VERY_HIGH: 4}
FLAGS = {
    "restricted": "Restricted case",
    "programme": "On the MyDirection programme",
    "handover": "Handover to read",
    "ending": "Order ends within 4 weeks",
}
# Which cases a list shows: the live caseload unless asked (a finished case has orders and
# none is current: ``people.ending``).
LIVE, FINISHED, ALL = "live", "finished", "all"
STATUSES = {LIVE: "Live cases", FINISHED: "Finished cases", ALL: "All cases"}


@dataclass(frozen=True)
class CaseloadFilters:
    text: str = ""
    order_types: tuple[str, ...] = ()
    risk_levels: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    sort: str = "name"
    descending: bool = False
    case_manager_ids: tuple[str, ...] = field(default_factory=tuple)
    status: str = LIVE


def _current_order() -> QuerySet[Order]:
    return (
        current_orders(timezone.localdate()).filter(person=OuterRef("pk")).order_by("-start_date")
    )


def _latest_order() -> QuerySet[Order]:
    return Order.objects.filter(person=OuterRef("pk")).order_by("-start_date")


def annotate_for_lists(people: QuerySet[Person], user: User) -> QuerySet[Person]:
    """Columns and flags the caseload tables show ``user``, computed in the database."""
    return people.select_related("case_manager").annotate(
        current_order_type=Subquery(_current_order().values("order_type")[:1]),
        current_order_end=Subquery(_current_order().values("end_date")[:1]),
        # How the latest order ended, for a finished case.
        ended_reason=Subquery(_latest_order().values("termination_reason")[:1]),
        is_restricted=with_access_rules(user),
        handover_unread=Exists(
            Handover.objects.filter(
                allocation__person=OuterRef("pk"),
                allocation__ended_at__isnull=True,
                read_at__isnull=True,
            )
        ),
        risk_rank=Case(
            *(When(risk_level=level, then=Value(rank)) for level, rank in RISK_RANK.items()),
            output_field=IntegerField(),
        ),
    )


def _filter(people: QuerySet[Person], filters: CaseloadFilters) -> QuerySet[Person]:
    text = filters.text.strip()
    if text:
        people = people.filter(
            Q(case_reference__iexact=text)
            | Q(last_name__istartswith=text)
            | Q(first_name__istartswith=text)
            | Q(preferred_name__istartswith=text)
        )
    # Q() here: the type checker cannot see annotations such as current_order_type.
    if filters.order_types:
        people = people.filter(Q(current_order_type__in=filters.order_types))
    if filters.risk_levels:
        people = people.filter(risk_level__in=filters.risk_levels)
    if filters.case_manager_ids:
        people = people.filter(Q(case_manager_id__in=filters.case_manager_ids))
    flag_filters = {
        "restricted": Q(is_restricted=True),
        "programme": Q(programme_start__isnull=False),
        "handover": Q(handover_unread=True),
        "ending": Q(current_order_end__lte=timezone.localdate() + timedelta(weeks=4)),
    }
    for flag in filters.flags:
        if flag in flag_filters:
            people = people.filter(flag_filters[flag])
    finished = finished_cases(timezone.localdate())
    if filters.status == FINISHED:
        people = people.filter(finished)
    elif filters.status != ALL:
        people = people.exclude(finished)
    first, *rest = SORTS.get(filters.sort, SORTS["name"])
    if filters.descending:
        first = f"-{first}"
    return people.order_by(first, *rest, "pk")


# What the caseload tables show of a person (``caseload.rows``), and what the access log's
# relation reads (``access.policy.relation_of``): not the whole record. Of their case manager
# only the name, as columns (``_listed``): no member of staff is built for each row.
LISTED = (
    "case_reference",
    "first_name",
    "last_name",
    "preferred_name",
    "risk_level",
    "programme_start",
    "erased_on",
    "team",
    "case_manager",
)


def _listed(people: QuerySet[Person], user: User) -> QuerySet[Person]:
    return (
        annotate_for_lists(people, user)
        .select_related(None)
        .only(*LISTED)
        .annotate(
            holder_first_name=F("case_manager__first_name"),
            holder_last_name=F("case_manager__last_name"),
            holder_username=F("case_manager__username"),
        )
    )


def my_caseload(user: User, filters: CaseloadFilters) -> QuerySet[Person]:
    return _filter(_listed(visible_to(user).filter(case_manager=user), user), filters)


def team_caseload(user: User, filters: CaseloadFilters) -> QuerySet[Person]:
    """Everyone in the senior case manager's team, allocated or waiting."""
    if user.team_id is None:
        return Person.objects.none()
    return _filter(_listed(visible_to(user).filter(team_id=user.team_id), user), filters)


@dataclass(frozen=True)
class CaseloadCounts:
    total: int
    by_risk: dict[str, int]
    ending_soon: int
    handovers_to_read: int

    @property
    def cards(self) -> list[dict[str, object]]:
        high = self.by_risk[RiskLevel.HIGH.label] + self.by_risk[RiskLevel.VERY_HIGH.label]
        return [
            {"count": self.total, "label": noun(self.total, "person")},
            {"count": high, "label": "high or very high risk", "warning": high > 0},
            {
                "count": self.ending_soon,
                "label": noun(self.ending_soon, "order ending within 4 weeks"),
            },
            {
                "count": self.handovers_to_read,
                "label": noun(self.handovers_to_read, "handover to read"),
                "warning": self.handovers_to_read > 0,
            },
        ]


def _counted() -> dict[str, Count]:
    """The counts over a (filtered) caseload, by name: each ``Count`` over its rows."""
    soon = timezone.localdate() + timedelta(weeks=4)
    return {
        "total": Count("pk"),
        "ending_soon": Count("pk", filter=Q(current_order_end__lte=soon)),
        "handovers": Count("pk", filter=Q(handover_unread=True)),
        **{f"risk_{level}": Count("pk", filter=Q(risk_level=level)) for level in RiskLevel},
    }


def _counts_from(values: Mapping[str, int]) -> CaseloadCounts:
    return CaseloadCounts(
        total=values["total"],
        by_risk={level.label: values[f"risk_{level}"] for level in RiskLevel},
        ending_soon=values["ending_soon"],
        handovers_to_read=values["handovers"],
    )


NO_COUNTS = CaseloadCounts(
    total=0, by_risk={level.label: 0 for level in RiskLevel}, ending_soon=0, handovers_to_read=0
)


def caseload_counts(people: QuerySet[Person]) -> CaseloadCounts:
    """Counts over the whole (filtered) caseload in one query."""
    return _counts_from(people.order_by().aggregate(**_counted()))


def caseload_page(
    people: QuerySet[Person], number: int, size: int
) -> tuple[list[Person], CaseloadCounts]:
    """Page ``number`` (from 1) of ``people``, with the counts over them all, in one query:
    each count is a window over the whole filtered caseload beside the page's rows, so the
    query is built and run once, not once for the rows and again for the counts. A page
    past the end has no rows to carry the counts: ``NO_COUNTS`` then (count them with
    ``caseload_counts`` to find the last page)."""
    counted = _counted()
    windows = {f"_count_{name}": Window(count) for name, count in counted.items()}
    start = (number - 1) * size
    rows = list(people.annotate(**windows)[start : start + size])
    if not rows:
        return [], NO_COUNTS
    return rows, _counts_from({name: getattr(rows[0], f"_count_{name}") for name in counted})


def live_caseload_size() -> Coalesce:
    """How many live cases a member of staff holds (finished cases do not count)."""
    live = (
        Person.objects.filter(case_manager=OuterRef("pk"))
        .exclude(finished_cases(timezone.localdate()))
        .order_by()
        .values("case_manager")
        .annotate(size=Count("pk"))
        .values("size")
    )
    return Coalesce(Subquery(live[:1]), 0)


def team_members_with_counts(user: User) -> tuple[Team | None, list[User]]:
    """The user's team with its office (the team page's caption), and its case holders, each
    with their live caseload size and the courses they took (``courses``:
    ``staff.selectors.courses_taken``): two queries (three for a team nobody holds cases in)."""
    if user.team_id is None:
        return None, []
    members: list[User] = list(
        User.objects.filter(team_id=user.team_id, is_active=True)
        .filter(role__in=CASE_HOLDING_ROLES)
        .select_related("team__office")
        .annotate(caseload_size=live_caseload_size())
        .prefetch_related("training")
        .order_by("last_name", "first_name")
    )
    for member in members:
        member.courses = courses_taken(member.training.all())  # type: ignore[attr-defined]
    if members:
        return members[0].team, members
    return Team.objects.select_related("office").filter(pk=user.team_id).first(), members


def case_managers_to_offer(person: Person) -> QuerySet[User]:
    """Who may be offered the case: case holders of the person's office, except the one
    holding it, each with their live caseload size and their latest person-centred training
    (``person_centred_on``, or None)."""
    trained = Training.objects.filter(
        user=OuterRef("pk"), course=TrainingCourse.PERSON_CENTRED
    ).order_by("-completed_on")
    return (
        User.objects.filter(
            is_active=True, role__in=CASE_HOLDING_ROLES, team__office_id=person.team.office_id
        )
        .exclude(Q(pk=person.case_manager_id))
        .select_related("team")
        .annotate(
            caseload_size=live_caseload_size(),
            person_centred_on=Subquery(trained.values("completed_on")[:1]),
        )
        .order_by("team__name", "last_name", "first_name")
    )


def is_finished(person: Person) -> bool:
    """A finished case (``people.ending``): not reallocated, not in the default list."""
    return Person.objects.filter(pk=person.pk).filter(finished_cases(timezone.localdate())).exists()


def search(user: User, text: str, limit: int = 50) -> list[Person]:
    """People in the user's scope matching ``text``.

    Restricted cases the user may not open come back with ``limited_access_message`` set,
    so the page shows them as "Restricted access" without a name.
    """
    text = text.strip()
    if not text:
        return []
    people = with_limited_access(
        in_scope_of(user).select_related("case_manager", "team"), user
    ).filter(
        Q(case_reference__iexact=text)
        | Q(last_name__istartswith=text)
        | Q(first_name__istartswith=text)
    )
    return list(people.order_by("last_name", "first_name", "pk")[:limit])


def allocation_history(person: Person) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(person=person)
        .select_related("case_manager", "allocated_by", "handover", "handover__written_by")
        .order_by("-started_at")
    )


def continuity(person: Person) -> int:
    """How many case managers the person has had: fewer is better for them."""
    return Allocation.objects.filter(person=person).values("case_manager").distinct().count()


def _attention_items(person_ids: list[UUID]) -> list[attention.Item]:
    """The things to do for these people, from each app's own selector: five queries,
    whatever the number of people."""
    today = timezone.localdate()
    follow_up = appointment_selectors.to_follow_up(person_ids)
    return [
        *(attention.crisis(c, today) for c in plan_selectors.open_crises(person_ids)),
        *map(attention.flagged_message, messaging_selectors.flagged_unchecked(person_ids)),
        *map(attention.volunteer_concern, volunteering_record.untriaged_concerns(person_ids)),
        *map(attention.absence_to_decide, follow_up.absences_to_decide),
        *map(attention.outcome_to_record, follow_up.outcomes_to_record),
        *map(attention.move_request, appointment_selectors.pending_moves_of(person_ids)),
    ]


def caseload_ids(user: User) -> list[UUID]:
    """The ids of the people ``user`` holds and may see (restricted cases they are not named
    on, and exclusions, are left out by the access policy): one query, read once by the
    caseload home for its panels."""
    return list(visible_to(user).filter(case_manager=user).values_list("pk", flat=True))


def needs_attention(user: User, caseload: list[UUID] | None = None) -> attention.Panel:
    """The caseload home's panel: what needs doing for the people ``user`` holds and may see
    (``caseload_ids``, read here unless given), and outcomes to record in their own diary.
    Seven queries, whatever the caseload (six given the ids): the caseload's ids first, so
    each source starts from each person's own rows."""
    if caseload is None:
        caseload = caseload_ids(user)
    items = _attention_items(caseload)
    seen = {item.href for item in items}
    diary = map(attention.outcome_to_record, appointment_selectors.overdue_outcomes(user))
    items += [item for item in diary if item.href not in seen]
    return attention.panel(items)


def person_attention(person: Person) -> attention.Panel:
    """The overview's panel for one person (whose record the user has reached through the
    guard): what needs doing, and their next appointment."""
    items = _attention_items([person.pk])
    upcoming = appointment_selectors.next_appointment(person)
    if upcoming is not None:
        items.append(attention.next_appointment(upcoming))
    return attention.panel(items)


def overview_panel(person: Person, actor: StaffActor) -> dict[str, object]:
    """The record overview's caseload part: what needs attention first, continuity, and for a
    new case manager the handover to read first, beside the person's one-page profile."""
    handover = unread_handover(person, actor.user)
    panel: dict[str, object] = {
        "attention": person_attention(person),
        "handover": handover,
        "continuity": continuity(person),
    }
    if handover:
        panel |= person_centred_selectors.profile_first(person)
    return panel


def unread_handover(person: Person, user: User) -> Handover | None:
    """The handover the user, as the new case manager, has not yet marked as read."""
    return (
        Handover.objects.filter(
            allocation__person=person,
            allocation__ended_at__isnull=True,
            allocation__case_manager=user,
            read_at__isnull=True,
        )
        .select_related("written_by", "allocation")
        .first()
    )


def allocation_events(person: Person) -> list[timeline.Event]:
    """Who held the case and from when, for the History tab."""
    return [
        timeline.Event(
            kind="allocation",
            title=f"Allocated to {allocation.case_manager.display_name}",
            at=allocation.started_at,
            by=allocation.allocated_by.display_name,
            description=allocation.reason,
        )
        for allocation in Allocation.objects.filter(person=person)
        .select_related("case_manager", "allocated_by")
        .order_by("-started_at")[: timeline.LENGTHS[timeline.HISTORY]]
    ]
