"""The monitoring's staff learning figures against hand counts: training coverage by office
and team, and the practice figures of trained and untrained staff."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.evaluation import monitoring
from mydirection.evaluation.monitoring import Dimension
from mydirection.evaluation.period import Period
from mydirection.evaluation.tests.test_monitoring import by_group, contacts
from mydirection.learning import services
from mydirection.learning.testing import a_day, as_staff
from mydirection.staff.models import Training, TrainingCourse
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.usefixtures("summaries_recounted")  # records written directly

# The year of ``contacts``: the page's default (the last 12 months) would leave it out.
PERIOD_2025 = {
    "by": "office",
    **{f"since_{i}": part for i, part in enumerate(("1", "1", "2025"))},
    **{f"until_{i}": part for i, part in enumerate(("31", "12", "2025"))},
}


def trained(world: World) -> None:
    """Carol Mercer (cm) trained in person-centred practice on 5 March 2025, between her
    appointments of 3 and 10 March (``contacts``); Priya Natarajan (colleague) attended the
    Three Conversations training day of 1 June 2025; Stewart Farmer (senior) was invited and
    did not come."""
    Training.objects.create(
        user=world.cm, course=TrainingCourse.PERSON_CENTRED, completed_on=date(2025, 3, 5)
    )
    day = a_day(
        world,
        invited=[world.colleague, world.senior],
        held_on=date(2025, 6, 1),
        course=TrainingCourse.THREE_CONVERSATIONS,
    )
    services.record_attendance(
        actor=as_staff(world.senior), day=day, attended=[world.colleague], today=date(2026, 1, 1)
    )


def test_training_coverage_by_office_and_team(world: World) -> None:
    trained(world)
    # Case managers now: Hull's cm, colleague, senior and excluded; Beverley's elsewhere.
    rows = by_group(monitoring.training_coverage(Dimension.OFFICE))
    assert rows["Hull"]["case_managers"] == 4 and rows["Hull"]["trained"] == 2
    assert rows["Hull"]["person_centred"] == 1 and rows["Hull"]["three_conversations"] == 1
    assert rows["Hull"]["strengths_based"] == 0
    assert rows["Beverley"]["case_managers"] == 1 and rows["Beverley"]["trained"] == 0
    teams = by_group(monitoring.training_coverage(Dimension.TEAM))
    assert teams["Team A, Hull"]["trained"] == 2
    # In a period: only the training in it.
    since_april = Period(date(2025, 4, 1), date(2025, 12, 31))
    rows = by_group(monitoring.training_coverage(Dimension.OFFICE, period=since_april))
    assert rows["Hull"]["trained"] == 1 and rows["Hull"]["person_centred"] == 0
    # Only Hull's, for Hull.
    hull = monitoring.training_coverage(Dimension.OFFICE, world.team_a.office_id)
    assert [row["group"] for row in hull] == ["Hull"]
    assert monitoring.training_coverage(Dimension.MONTH) == []
    share = monitoring.figure("training_coverage").column("trained_share")
    assert share.whole == "case_managers"


def test_practice_split_by_trained_and_untrained_staff(world: World) -> None:
    contacts(world)
    trained(world)
    rows = by_group(monitoring.practice_by_training(Dimension.OFFICE))
    # Hull: 3 March attended with a tool and a goal, before cm's training; 10 March attended
    # with neither, 17 March absent, after it. Beverley: 2 April attended, a tool and a goal.
    assert rows == {
        "Beverley: not trained": {
            "with_outcome": 1,
            "attended": 1,
            "with_tools": 1,
            "plan_goal": 1,
        },
        "Hull: trained": {"with_outcome": 2, "attended": 1, "with_tools": 0, "plan_goal": 0},
        "Hull: not trained": {"with_outcome": 1, "attended": 1, "with_tools": 1, "plan_goal": 1},
    }
    # Trained comes before not trained in each group.
    groups = [row["group"] for row in monitoring.practice_by_training(Dimension.OFFICE)]
    assert groups.index("Hull: trained") < groups.index("Hull: not trained")
    months = by_group(monitoring.practice_by_training(Dimension.MONTH))
    assert months["March 2025: trained"]["with_outcome"] == 2
    after = Period(date(2025, 3, 5), date(2025, 3, 31))
    assert list(by_group(monitoring.practice_by_training(Dimension.OFFICE, period=after))) == [
        "Hull: trained"
    ]


def test_the_monitoring_page_shows_the_learning_figures(world: World) -> None:
    contacts(world)
    trained(world)
    client = sign_in(Client(), world.programme_manager)
    page = client.get(reverse("evaluation:home"), PERIOD_2025).content.decode()
    assert "Training coverage" in page
    assert "Practice by trained and untrained case managers" in page
    assert "Hull: trained" in page
