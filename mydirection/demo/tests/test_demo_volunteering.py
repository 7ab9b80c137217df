"""The demo's volunteering in Hull: a coordinator with a demo sign-in, the role catalogue,
volunteers at every stage (two with lived experience, one a person on probation who is now a
matched peer mentor), weekly sessions with hours, expenses in each state, one circle that meets
and one that stalled; and the demo volunteer's sign-in opens his own page."""

from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from mydirection.demo import signins
from mydirection.interventions.models import Availability, Intervention, Kind, Referral, Status
from mydirection.interventions.selectors import availability_today
from mydirection.staff.models import Role as StaffRole
from mydirection.staff.models import User
from mydirection.testing import sign_in
from mydirection.volunteering import rules
from mydirection.volunteering.figures import figures
from mydirection.volunteering.models import (
    Circle,
    CircleStatus,
    Concern,
    Expense,
    ExpenseStatus,
    Hours,
    HoursChange,
    HoursStatus,
    Match,
    Readiness,
    ReadinessOutcome,
    Role,
    Session,
    Shift,
    Stage,
    Volunteer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Path]:
    var = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var), transaction.atomic():
        call_command("demo_data", stdout=StringIO(), stderr=StringIO())
        yield var
        transaction.set_rollback(True)


def users(demo: Path) -> dict[str, User]:
    sheet = signins.read(demo / signins.FILE_NAME)
    assert sheet is not None
    return {s.persona: User.objects.get(username=s.username) for s in sheet.sign_ins}


def test_volunteers_at_every_stage_with_the_roles_catalogue(demo: Path) -> None:
    assert Role.objects.count() == 7
    assert Role.objects.filter(mentoring=True).exists() and Role.objects.filter(circles=True)
    volunteers = list(Volunteer.objects.filter(office__name="Hull"))
    assert 11 <= len(volunteers) <= 15
    assert set(Counter(v.stage for v in volunteers)) == set(Stage.values)
    lived = [v for v in volunteers if v.lived_experience]
    assert len(lived) == 2 and sum(1 for v in lived if v.person_id) == 1


def test_a_person_on_probation_found_ready_is_a_matched_peer_mentor(demo: Path) -> None:
    mentor = Volunteer.objects.get(person__isnull=False)
    assert mentor.stage == Stage.ACTIVE
    assert mentor.placements.filter(role__mentoring=True, ended_on__isnull=True).exists()
    assert Readiness.objects.filter(person=mentor.person, outcome=ReadinessOutcome.READY).exists()
    assert mentor.suitability_decisions.filter(decision="suitable").exists()
    match = Match.objects.get(mentor=mentor)
    assert match.conflict_check.clear and match.ended_on is None
    assert match.mentee.case_manager_id != mentor.person.case_manager_id  # type: ignore[union-attr]
    assert Referral.objects.filter(
        person=match.mentee, intervention__kind=Kind.PEER_MENTORING, status=Status.STARTED
    ).exists()
    trained = users(demo)["trained_case_manager"]
    assert mentor.person.case_manager == trained  # type: ignore[union-attr]
    # The persona's caseload has a talk still to act on, and one "not yet".
    outcomes = Counter(
        Readiness.objects.filter(person__case_manager=trained).values_list("outcome", flat=True)
    )
    assert outcomes[ReadinessOutcome.READY] >= 2 and outcomes[ReadinessOutcome.NOT_YET] >= 1


def test_weekly_sessions_in_office_hours_with_hours_and_expenses(demo: Path) -> None:
    sessions = list(Session.objects.all())
    assert len(sessions) >= 20
    for session in sessions:
        local = timezone.localtime(session.starts_at)
        assert (
            local.weekday() < 5
            and local.hour >= 9
            and local.hour * 60 + local.minute + (session.minutes) <= 17 * 60
        )
    assert Shift.objects.filter(checked_in_at__isnull=False).count() >= 20
    statuses = Counter(Hours.objects.values_list("status", flat=True))
    assert statuses[HoursStatus.APPROVED] >= 20 and statuses[HoursStatus.LOGGED] >= 2
    assert statuses[HoursStatus.DECLINED] >= 1 and HoursChange.objects.exists()
    assert set(Expense.objects.values_list("status", flat=True)) == set(ExpenseStatus.values)
    assert all(e.receipt_id for e in Expense.objects.all())


def test_one_circle_meets_and_one_stalled(demo: Path) -> None:
    now = timezone.now()
    meeting = Circle.objects.get(status=CircleStatus.MEETING)
    assert (
        meeting.referral is not None and meeting.members.filter(left_on__isnull=True).count() >= 3
    )
    meetings = list(meeting.meetings.all())
    late = [
        m for m in meetings if m.minutes_at and rules.minutes_overdue(m.held_at, m.minutes_at, now)
    ]
    on_time = [
        m
        for m in meetings
        if m.minutes_at and not rules.minutes_overdue(m.held_at, m.minutes_at, now)
    ]
    assert len(late) == 1 and len(on_time) >= 3
    assert meeting.tasks.filter(done_on__isnull=True).exists()
    assert meeting.tasks.filter(done_on__isnull=False).exists()
    concern = Concern.objects.get(circle=meeting)
    assert concern.triaged_at is not None and concern.outcome
    stalled = Circle.objects.get(status=CircleStatus.FORMING)
    assert stalled.members.count() == 2 and not stalled.meetings.exists()
    assert rules.stalled(stalled.status, None, stalled.created_at, now)
    links = Intervention.objects.get(kind=Kind.LIFE_LINKS, office__name="Hull")
    assert availability_today(links) == Availability.OPEN
    assert "no circle ever met" in links.availability_reason
    found = figures()
    assert found.became_circles == 2 and found.waiting >= 1 and found.not_circles


def test_the_coordinator_and_the_volunteer_sign_in(demo: Path) -> None:
    people = users(demo)
    coordinator = people["volunteer_coordinator"]
    assert coordinator.role == StaffRole.VOLUNTEER_COORDINATOR
    assert coordinator.team is not None and coordinator.team.office.name == "Hull"
    dave = people["volunteer"]
    assert dave.get_full_name() == "Dave Ackroyd"
    client = sign_in(Client(), dave)
    assert client.get(reverse("start"))["Location"] == reverse("volunteering:mine")
    page = client.get(reverse("volunteering:mine"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Recovery group helper" in text and "Circle with" in text
