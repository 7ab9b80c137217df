"""Reads of the catalogue and of referrals. A person's referrals come through their record
(``access.guard.person_for``); a partner's and a volunteer's through ``access.policy``."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.urls import reverse
from django.utils import timezone

from mydirection.access.policy import shared_with_provider, visible_to
from mydirection.interventions import rules
from mydirection.interventions.models import (
    OPEN_STATUSES,
    Availability,
    Interest,
    Intervention,
    Referral,
    ReferralEvent,
    Shared,
    Suitability,
)
from mydirection.people import timeline
from mydirection.people.models import Person
from mydirection.staff.models import Office, Organisation, Team, User


def catalogue(office: Office | None = None) -> QuerySet[Intervention]:
    """Every intervention (withdrawn ones last), with its open referrals counted."""
    interventions = Intervention.objects.select_related("office", "provider").annotate(
        open_referrals=Count("referrals", filter=Q(referrals__status__in=OPEN_STATUSES))
    )
    if office is not None:
        interventions = interventions.filter(office=office)
    withdrawn_last = Case(When(availability=Availability.WITHDRAWN, then=1), default=0)
    return interventions.order_by("office__name", withdrawn_last, "name")


def organisations() -> QuerySet[Organisation]:
    """Partner organisations, with how many interventions they run and workers they have."""
    return Organisation.objects.annotate(
        intervention_count=Count("interventions", distinct=True),
        worker_count=Count("workers", distinct=True),
    )


def availability_today(intervention: Intervention, today: date | None = None) -> str:
    return rules.availability_on(
        Availability(intervention.availability),
        intervention.paused_until,
        today or timezone.localdate(),
    )


def referral_counts(intervention: Intervention) -> dict[str, int]:
    """How many referrals and decisions it has, by status: numbers only, no names (the
    programme manager's view of an intervention)."""
    rows = (
        Referral.objects.filter(intervention=intervention)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def open_for(person: Person) -> list[Intervention]:
    """What the person's office offers that is taking people now (their app's "Things that
    can help me", and the referral form's choices)."""
    today = timezone.localdate()
    offered = catalogue(person.team.office).exclude(availability=Availability.WITHDRAWN)
    return [i for i in offered if availability_today(i, today) == Availability.OPEN]


def referrals_of(person: Person) -> QuerySet[Referral]:
    """The person's referrals and decisions, newest first, with their history and sessions."""
    return (
        Referral.objects.filter(person=person)
        .select_related("intervention__provider", "goal", "step", "decided_by")
        .prefetch_related(
            Prefetch("events", queryset=ReferralEvent.objects.select_related("by_user")),
            "sessions",
        )
    )


def interests_of(person: Person) -> QuerySet[Interest]:
    """What the person said interests them and nobody has answered yet."""
    return Interest.objects.filter(person=person, answered_at__isnull=True).select_related(
        "intervention"
    )


def interests_for(user: User, caseload: Collection[UUID] | None = None) -> QuerySet[Interest]:
    """Unanswered interests of the people on ``user``'s own caseload (their home page):
    ``caseload`` is their ids when the caller has read them from ``visible_to(user)``."""
    people: Collection[UUID] | QuerySet[Person] = (
        visible_to(user).filter(case_manager=user) if caseload is None else list(caseload)
    )
    return (
        Interest.objects.filter(answered_at__isnull=True, person__in=people)
        .select_related("person", "intervention")
        .order_by("at")
    )


def not_suitable_decisions(user: User, team: Team) -> QuerySet[Referral]:
    """The team's decisions not to refer, newest first, about people ``user`` may see (never
    one a restricted-case rule bars them from): for the senior to see and challenge (the
    pilot found people left unreferred because of risk without anyone knowing)."""
    return (
        Referral.objects.filter(person__in=visible_to(user).filter(team=team))
        .exclude(suitability=Suitability.SUITABLE)
        .select_related("person", "intervention", "decided_by")
        .order_by("-decided_at")
    )


@dataclass(frozen=True)
class SharedField:
    label: str
    value: str


def what_the_provider_sees(referral: Referral) -> list[SharedField]:
    """The referral as its provider reads it: only what the person agreed to share, and
    nothing once it has ended (``access.policy.shared_with_provider``)."""
    person = referral.person
    fields: list[SharedField] = []
    for item in shared_with_provider(referral):
        if item is Shared.NAME:
            fields.append(SharedField("Name", person.full_name))
            if person.preferred_name:
                fields.append(SharedField("Likes to be called", person.preferred_name))
        elif item is Shared.CONTACT:
            fields.append(SharedField("Phone", person.phone or "Not given"))
            fields.append(SharedField("Email", person.email or "Not given"))
        elif item is Shared.GOAL and referral.goal is not None:
            fields.append(SharedField("Goal in their plan", referral.goal.title))
            if referral.step is not None:
                fields.append(SharedField("Step", referral.step.description))
        elif item is Shared.NOTE and referral.note_for_provider:
            fields.append(SharedField("From their case manager", referral.note_for_provider))
        elif item is Shared.AVAILABILITY and referral.availability_note:
            fields.append(SharedField("When they can take part", referral.availability_note))
    return fields


def for_provider(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """A partner's list (from ``access.policy.partner_referrals``), oldest waiting first."""
    return referrals.select_related("person", "intervention__office", "goal", "step").order_by(
        "intervention__name", "decided_at"
    )


def helped_by(user: User) -> QuerySet[Intervention]:
    """The interventions ``user`` helps to run as a volunteer (their "My groups" page lists
    each, with nobody in it yet or not)."""
    return (
        Intervention.objects.filter(volunteers=user)
        .exclude(availability=Availability.WITHDRAWN)
        .select_related("office", "provider")
        .order_by("name")
    )


@dataclass(frozen=True)
class Group:
    intervention: Intervention
    first_names: list[str]


def groups_of(referrals: QuerySet[Referral]) -> list[Group]:
    """A volunteer's groups (from ``access.policy.volunteer_referrals``): each intervention
    with the first names of the people taking part, and nothing else about them."""
    groups: dict[Intervention, list[str]] = {}
    for referral in referrals.select_related("intervention", "person").order_by(
        "intervention__name", "person__first_name"
    ):
        groups.setdefault(referral.intervention, []).append(referral.person.known_as)
    return [Group(intervention, names) for intervention, names in groups.items()]


def referral_events(person: Person) -> list[timeline.Event]:
    """Each step of the person's referrals, for the Activity log."""
    events = (
        ReferralEvent.objects.filter(referral__person=person)
        .select_related("referral__intervention", "by_user")
        .order_by("-at")[: timeline.LENGTHS[timeline.ACTIVITY]]
    )
    return [
        timeline.Event(
            kind="referral",
            title=f"{event.referral.intervention.name}: {event.get_status_display().lower()}",
            at=event.at,
            by=event.by_user.display_name if event.by_user else "",
            href=reverse(
                "interventions:referral",
                kwargs={"person_id": person.pk, "referral_id": event.referral_id},
            ),
        )
        for event in events
    ]
