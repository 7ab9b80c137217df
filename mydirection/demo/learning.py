"""Staff learning in Hull, the pilot's office, in the pilot's shape: the training days its
trained case managers attended before the pilot (person-centred practice, strengths-based
working, the Three Conversations; Community Reporting for some), each with a colleague or two
invited who did not come; a training day coming up for the case managers not yet trained; two
Action Learning Sets of the trained case managers meeting monthly through the pilot, the
programme manager facilitating; and a few entries of the demo case manager's reflective log.

Built from the training the organisation already holds (``staff.Training``, written with the
staff), so the monitoring's trained and untrained case managers stay as calibrated: the
training days add who organised them, where, and who did not come. Runs after the staff.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from mydirection.access.policy import learners
from mydirection.learning.models import (
    ActionLearningSet,
    Attendee,
    LogEntry,
    SetMeeting,
    SetStatus,
    TrainingDay,
)
from mydirection.staff.models import (
    CASE_HOLDING_ROLES,
    Office,
    Role,
    Training,
    TrainingCourse,
    User,
)

HULL = "Hull"
PLACE = "Hull probation office, training room 1"
FACILITATORS = {
    TrainingCourse.PERSON_CENTRED: "Helen Sanderson Associates",
    TrainingCourse.STRENGTHS_BASED: "Jess Holt, practice development",
    TrainingCourse.THREE_CONVERSATIONS: "Partners for Change",
    TrainingCourse.COMMUNITY_REPORTING: "People's Voice Media",
}
SET_NAMES = ("Hull set one", "Hull set two")
MEETING_EVERY = 30  # days: the sets met monthly

ENTRIES = (
    (
        TrainingCourse.PERSON_CENTRED,
        "The person-centred practice day: we each wrote a one-page profile of ourselves first.",
        "Writing my own made me see how much the first conversation decides what is written.",
        "Start the first appointment with what matters to the person, not with the order.",
    ),
    (
        TrainingCourse.THREE_CONVERSATIONS,
        "The Three Conversations day: practising 'listen and connect' before any plan.",
        "I jump to the plan too early when I am worried about risk.",
        "Hold the first conversation open longer and say why I am asking.",
    ),
    (
        "set",
        "Brought a stuck case to the set: someone who misses every other appointment.",
        "The set's questions showed I had never asked what gets in the way on those days.",
        "Ask, then offer the afternoon slot and a reminder the day before.",
    ),
    (
        "set",
        "Talked through a plan goal the person wrote in their own words.",
        "Their words carried further than mine had: they told their family about it.",
        "Keep goals in the person's words, even when they are not how I would put it.",
    ),
)


@dataclass
class Written:
    days: int = 0
    sets: int = 0
    meetings: int = 0
    entries: int = 0

    def summary(self) -> str:
        if not self.days:
            return "Staff learning: not written (no Hull office, or nobody trained in it)."
        return (
            f"Staff learning: {self.days} training days in Hull, {self.sets} Action Learning "
            f"Sets ({self.meetings} monthly meetings), {self.entries} reflective log entries "
            "of the trained case manager."
        )


def _organiser(office: Office) -> User | None:
    return (
        User.objects.filter(role=Role.SENIOR_CASE_MANAGER, team__office=office, is_active=True)
        .order_by("username")
        .first()
    )


@transaction.atomic
def write_demo_learning(
    *, seed: int, today: date | None = None, persona: str | None = None
) -> Written:
    today = today or timezone.localdate()
    written = Written()
    draw = random.Random(seed * 7_919 + 15)
    office = Office.objects.filter(name=HULL).first()
    manager = User.objects.filter(role=Role.PROGRAMME_MANAGER).order_by("username").first()
    organiser = _organiser(office) if office else None
    if office is None or organiser is None or manager is None:
        return written
    staff = list(
        learners().filter(team__office=office, role__in=CASE_HOLDING_ROLES).order_by("username")
    )
    courses = list(FACILITATORS)
    done = Training.objects.filter(user__in=staff, course__in=courses)
    by_day: dict[tuple[str, date], set[User]] = defaultdict(set)
    who = {user.pk: user for user in staff}
    for row in done:
        by_day[(row.course, row.completed_on)].add(who[row.user_id])
    trained = {user for users in by_day.values() for user in users}
    untrained = [user for user in staff if user not in trained]
    days: list[TrainingDay] = []
    attendees: list[Attendee] = []
    for (course, held_on), came in sorted(by_day.items(), key=lambda item: item[0][1]):
        day = TrainingDay(
            office=office,
            course=course,
            held_on=held_on,
            place=PLACE,
            facilitator=FACILITATORS[TrainingCourse(course)],
            organised_by=organiser,
        )
        days.append(day)
        absent = draw.sample(untrained, min(2, len(untrained)))
        attendees += [Attendee(day=day, user=user, attended=True) for user in came]
        attendees += [Attendee(day=day, user=user, attended=False) for user in absent]
    if not days:
        return written
    # The next round, for those not trained yet: invited, nothing recorded.
    upcoming = TrainingDay(
        office=office,
        course=TrainingCourse.PERSON_CENTRED,
        held_on=_weekday(today + timedelta(days=21)),
        place=PLACE,
        facilitator=FACILITATORS[TrainingCourse.PERSON_CENTRED],
        organised_by=organiser,
    )
    days.append(upcoming)
    attendees += [Attendee(day=upcoming, user=user) for user in untrained[:16]]
    TrainingDay.objects.bulk_create(days)
    Attendee.objects.bulk_create(attendees)
    written.days = len(days)
    _write_sets(written, office, manager, staff, today, draw)
    _write_entries(written, persona, today)
    return written


def _write_sets(
    written: Written,
    office: Office,
    manager: User,
    staff: list[User],
    today: date,
    draw: random.Random,
) -> None:
    """The trained case managers who took part in Action Learning, in two sets meeting monthly
    from six weeks before their first recorded set day to their last (or today)."""
    rows = Training.objects.filter(user__in=staff, course=TrainingCourse.ACTION_LEARNING)
    members = sorted({row.user for row in rows}, key=lambda user: user.username)
    dates = sorted({row.completed_on for row in rows})
    if len(members) < 8 or not dates:
        return
    start, end = dates[0] - timedelta(days=42), min(dates[-1], today)
    status = SetStatus.CLOSED if end < today - timedelta(days=45) else SetStatus.ACTIVE
    half = len(members) // 2
    for name, group in zip(SET_NAMES, (members[:half], members[half:][:8]), strict=True):
        learning_set = ActionLearningSet.objects.create(
            office=office, name=name, facilitator=manager, status=status, organised_by=manager
        )
        learning_set.members.set(group)
        written.sets += 1
        day = start
        while day <= end:
            meeting = SetMeeting.objects.create(learning_set=learning_set, held_on=day)
            meeting.present.set([user for user in group if draw.random() < 0.85])
            written.meetings += 1
            day += timedelta(days=MEETING_EVERY)


def _write_entries(written: Written, persona: str | None, today: date) -> None:
    author = User.objects.filter(username=persona).first() if persona else None
    if author is None:
        return
    attended = {
        a.day.course: a.day
        for a in Attendee.objects.filter(user=author, attended=True).select_related("day")
    }
    learning_set = ActionLearningSet.objects.filter(members=author).first()
    meetings = (
        list(SetMeeting.objects.filter(learning_set=learning_set, present=author))
        if learning_set
        else []
    )
    entries = []
    for index, (about, happened, learnt, differently) in enumerate(ENTRIES):
        day = attended.get(about)
        meeting = meetings[index % len(meetings)] if about == "set" and meetings else None
        if day is None and meeting is None:
            continue
        on = day.held_on if day else meeting.held_on if meeting else today
        entries.append(
            LogEntry(
                author=author,
                written_on=min(on + timedelta(days=1), today),
                training_day=day,
                learning_set=learning_set if meeting else None,
                what_happened=happened,
                what_i_learnt=learnt,
                do_differently=differently,
            )
        )
    LogEntry.objects.bulk_create(entries)
    written.entries = len(entries)


def _weekday(day: date) -> date:
    """The day itself, or the Monday after it when it falls at a weekend."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day
