"""The demo's staff learning, on the test world (Hull and Beverley): training days from the
training the staff hold, the untrained invited to the next, two Action Learning Sets meeting
monthly, and the demo case manager's log; the trained and untrained stay as they were."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from mydirection.demo.learning import write_demo_learning
from mydirection.learning.models import ActionLearningSet, Attendee, LogEntry, TrainingDay
from mydirection.staff.models import Role, Training, TrainingCourse
from mydirection.testing import UserFactory, World

pytestmark = pytest.mark.django_db


def test_the_demo_writes_hulls_learning_in_the_pilots_shape(world: World) -> None:
    today = timezone.localdate()
    start = date(2025, 3, 3)
    trained = [world.cm, world.colleague, world.senior] + [
        UserFactory.create(role=Role.CASE_MANAGER, team=world.team_a) for _ in range(7)
    ]
    untrained = [UserFactory.create(role=Role.CASE_MANAGER, team=world.team_a) for _ in range(3)]
    for user in trained:
        Training.objects.create(
            user=user, course=TrainingCourse.PERSON_CENTRED, completed_on=start - timedelta(42)
        )
        for weeks in (6, 12, 18):
            Training.objects.create(
                user=user,
                course=TrainingCourse.ACTION_LEARNING,
                completed_on=start + timedelta(weeks=weeks),
            )
    before = set(Training.objects.values_list("user", "course", "completed_on"))
    written = write_demo_learning(seed=2018, today=today, persona=world.cm.username)
    # One day before the pilot, and the next round for the untrained.
    assert written.days == 2 == TrainingDay.objects.count()
    past = TrainingDay.objects.get(held_on=start - timedelta(42))
    came = set(Attendee.objects.filter(day=past, attended=True).values_list("user", flat=True))
    assert came == {user.pk for user in trained}
    assert Attendee.objects.filter(day=past, attended=False).count() == 2
    upcoming = TrainingDay.objects.get(held_on__gt=today)
    invited = set(Attendee.objects.filter(day=upcoming).values_list("user", flat=True))
    assert {user.pk for user in untrained} <= invited
    assert not invited & {user.pk for user in trained}
    # Two sets of the trained, 4 to 8 members each, meeting monthly, facilitated.
    sets = list(ActionLearningSet.objects.all())
    assert len(sets) == 2
    for learning_set in sets:
        assert 4 <= learning_set.members.count() <= 8
        assert learning_set.facilitator == world.programme_manager
        days = sorted(learning_set.meetings.values_list("held_on", flat=True))
        assert len(days) >= 5
        assert {(b - a).days for a, b in pairwise(days)} == {30}
    # The demo case manager's log, theirs alone.
    assert LogEntry.objects.count() == written.entries >= 2
    assert set(LogEntry.objects.values_list("author", flat=True)) == {world.cm.pk}
    # Nothing about who is trained changed.
    assert set(Training.objects.values_list("user", "course", "completed_on")) == before
