"""Reading staff learning. The organiser reaches the days and sets of their offices
(``policy.learning_offices``); a member their own days and sets; an author their own log
entries, and nobody else's (``rules.may_read_entry``): anything else is None, a 404."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet

from mydirection.access.policy import learners, learning_offices
from mydirection.learning.models import ActionLearningSet, Attendee, LogEntry, TrainingDay
from mydirection.learning.rules import may_read_entry
from mydirection.staff.models import Office, User


def offices_of(user: User) -> QuerySet[Office]:
    return learning_offices(user)


def staff_of(user: User) -> QuerySet[User]:
    """The staff an organiser may invite: learners of their offices."""
    return (
        learners()
        .filter(team__office__in=learning_offices(user))
        .select_related("team")
        .order_by("last_name", "first_name")
    )


def days_for(user: User) -> QuerySet[TrainingDay]:
    return (
        TrainingDay.objects.filter(office__in=learning_offices(user))
        .select_related("office")
        .annotate(
            invited=Count("attendees"),
            came=Count("attendees", filter=Q(attendees__attended=True)),
        )
        # A query with GROUP BY ignores the model's ordering: the newest day first.
        .order_by("-held_on", "course")
    )


def day_for(user: User, day_id: UUID) -> TrainingDay | None:
    return (
        TrainingDay.objects.filter(office__in=learning_offices(user), pk=day_id)
        .select_related("office", "organised_by")
        .prefetch_related(
            Prefetch("attendees", queryset=Attendee.objects.select_related("user__team"))
        )
        .first()
    )


def invited(day: TrainingDay) -> QuerySet[User]:
    return User.objects.filter(training_days__day=day).select_related("team")


def sets_for(user: User) -> QuerySet[ActionLearningSet]:
    return (
        ActionLearningSet.objects.filter(office__in=learning_offices(user))
        .select_related("office", "facilitator")
        .annotate(
            member_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("name")
    )


@dataclass(frozen=True)
class SetShown:
    learning_set: ActionLearningSet
    organiser: bool  # may change it and record meetings


def set_for(user: User, set_id: UUID) -> SetShown | None:
    """A set its organiser, a member or its facilitator may see (None: a 404)."""
    found = (
        ActionLearningSet.objects.filter(pk=set_id)
        .select_related("office", "facilitator")
        .prefetch_related("members__team", "meetings__present")
        .first()
    )
    if found is None:
        return None
    organiser = learning_offices(user).filter(pk=found.office_id).exists()
    taking_part = found.facilitator_id == user.pk or user in found.members.all()
    if not (organiser or taking_part):
        return None
    return SetShown(found, organiser)


@dataclass(frozen=True)
class Mine:
    days: list[Attendee]
    sets: list[ActionLearningSet]
    entries: list[LogEntry]


def my_days(user: User) -> QuerySet[TrainingDay]:
    return TrainingDay.objects.filter(attendees__user=user).select_related("office")


def my_sets(user: User) -> QuerySet[ActionLearningSet]:
    return ActionLearningSet.objects.filter(Q(members=user) | Q(facilitator=user)).distinct()


def mine(user: User) -> Mine:
    """My learning: my training days, my sets and my own log (in three queries)."""
    days = (
        Attendee.objects.filter(user=user).select_related("day__office").order_by("-day__held_on")
    )
    sets = (
        my_sets(user)
        .select_related("facilitator")
        .annotate(meeting_count=Count("meetings", distinct=True))
    )
    entries = LogEntry.objects.filter(author=user).select_related("training_day", "learning_set")
    return Mine(list(days), list(sets), list(entries))


def entry_for(user: User, entry_id: UUID) -> LogEntry | None:
    """The author's own entry; anyone else's is None (a 404), whoever asks."""
    entry = (
        LogEntry.objects.filter(pk=entry_id).select_related("training_day", "learning_set").first()
    )
    if entry is None or not may_read_entry(user.pk, entry.author_id):
        return None
    return entry
