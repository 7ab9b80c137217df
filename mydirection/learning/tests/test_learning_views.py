"""Staff learning's pages: saved, refused with a message, 404 for others, logged."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.learning.models import ActionLearningSet, LogEntry, TrainingDay
from mydirection.learning.testing import a_day, a_set, an_entry, scene
from mydirection.staff.models import Training
from mydirection.testing import World, page_queries, sign_in

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: date) -> dict[str, str]:
    parts = (day.day, day.month, day.year)
    return {f"{prefix}_{i}": str(part) for i, part in enumerate(parts)}


def test_the_senior_organises_a_training_day_and_records_attendance(world: World) -> None:
    client = sign_in(Client(), world.senior)
    held_on = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("learning:add-day"),
        {
            "office": world.team_a.office.pk,
            "course": "three_conversations",
            **_date("held_on", held_on),
            "place": "Hull office",
            "facilitator": "Jess Holt",
            "attendees": [world.cm.pk, world.colleague.pk],
        },
    )
    day = TrainingDay.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:day", args=[day.pk])
    assert day.organised_by == world.senior
    response = client.post(
        reverse("learning:attendance", args=[day.pk]), {"attended": [world.cm.pk]}
    )
    assert response.status_code == 302
    assert Training.objects.get().user == world.cm
    page = client.get(reverse("learning:day", args=[day.pk])).content.decode()
    assert "Attended" in page and "Did not attend" in page


def test_a_day_without_staff_is_refused_with_a_message(world: World) -> None:
    client = sign_in(Client(), world.senior)
    response = client.post(reverse("learning:add-day"), {"office": world.team_a.office.pk})
    assert response.status_code == 200
    assert "Select the staff invited" in response.content.decode()
    assert "Enter where it is held" in response.content.decode()
    assert not TrainingDay.objects.exists()


def test_a_set_of_three_is_refused_with_a_message(world: World) -> None:
    client = sign_in(Client(), world.senior)
    response = client.post(
        reverse("learning:add-set"),
        {
            "office": world.team_a.office.pk,
            "name": "Small",
            "facilitator": world.senior.pk,
            "members": [world.cm.pk, world.colleague.pk, world.excluded.pk],
        },
    )
    assert response.status_code == 200
    assert "Select at least 4 members" in response.content.decode()
    assert not ActionLearningSet.objects.exists()


def test_another_offices_day_and_set_are_404_to_its_senior(world: World) -> None:
    """Beverley's organiser does not reach Hull's: a senior of team B."""
    from mydirection.staff.models import Role
    from mydirection.testing import UserFactory

    beverley_senior = UserFactory.create(role=Role.SENIOR_CASE_MANAGER, team=world.team_b)
    day, learning_set = a_day(world), a_set(world)
    client = sign_in(Client(), beverley_senior)
    assert client.get(reverse("learning:day", args=[day.pk])).status_code == 404
    assert client.get(reverse("learning:set", args=[learning_set.pk])).status_code == 404
    assert client.post(reverse("learning:attendance", args=[day.pk]), {}).status_code == 404
    assert "Hull" not in client.get(reverse("learning:home")).content.decode()


def test_a_member_writes_an_entry_only_they_can_read(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(
        reverse("learning:add-entry"),
        {
            **_date("written_on", timezone.localdate()),
            "what_happened": "A strengths conversation that went well",
            "what_i_learnt": "Listening first",
            "do_differently": "Ask about their week",
        },
    )
    entry = LogEntry.objects.get()
    assert response.status_code == 302
    assert entry.author == world.cm
    url = reverse("learning:entry", args=[entry.pk])
    last = AccessLogEntry.objects.order_by("-id").first()
    assert last is not None
    assert "Listening first" in client.get(url).content.decode()
    read = AccessLogEntry.objects.filter(id__gt=last.id).get()
    assert (read.operation, read.what, read.actor_id, read.subject_id) == (
        Operation.CONSULT,
        "Reflective log entry read",
        world.cm.pk,
        None,
    )
    for persona, user in world.personas().items():
        if persona == "cm":
            continue
        response = sign_in(Client(), user).get(url)
        assert response.status_code == 404, persona
        assert "Listening first" not in response.content.decode(), persona


def test_an_entry_is_refused_without_what_happened(world: World) -> None:
    response = sign_in(Client(), world.cm).post(
        reverse("learning:add-entry"), _date("written_on", timezone.localdate())
    )
    assert response.status_code == 200
    assert "Enter what happened" in response.content.decode()
    assert not LogEntry.objects.exists()


def test_the_organiser_sees_no_log(world: World) -> None:
    found = scene(world)
    for user in (world.senior, world.programme_manager):
        client = sign_in(Client(), user)
        pages = [
            client.get(reverse("learning:home")),
            client.get(reverse("learning:day", args=[found.day.pk])),
            client.get(reverse("learning:set", args=[found.learning_set.pk])),
        ]
        for page in pages:
            assert page.status_code == 200
            assert found.entry.what_happened not in page.content.decode()


def test_my_learning_shows_my_days_sets_and_log_and_is_logged(world: World) -> None:
    found = scene(world)
    client = sign_in(Client(), world.cm)
    page = client.get(reverse("learning:mine")).content.decode()
    assert "Person-centred practice" in page
    assert found.learning_set.name in page
    assert reverse("learning:entry", args=[found.entry.pk]) in page
    logged = AccessLogEntry.objects.filter(what="My learning (own reflective log)").get()
    assert logged.actor_id == world.cm.pk and logged.subject_id is None
    # The colleague's page shows none of the case manager's log.
    other = sign_in(Client(), world.colleague).get(reverse("learning:mine")).content.decode()
    assert reverse("learning:entry", args=[found.entry.pk]) not in other


def test_a_member_sees_their_set_without_the_organisers_forms(world: World) -> None:
    found = scene(world)
    page = sign_in(Client(), world.cm).get(reverse("learning:set", args=[found.learning_set.pk]))
    assert page.status_code == 200
    assert "Record the meeting" not in page.content.decode()
    assert (
        sign_in(Client(), world.cm)
        .post(reverse("learning:add-meeting", args=[found.learning_set.pk]), {})
        .status_code
        == 404
    )


def test_list_pages_cost_the_same_however_many_rows(world: World) -> None:
    scene(world)
    organiser = sign_in(Client(), world.senior)
    member = sign_in(Client(), world.cm)
    home, mine = (
        page_queries(organiser, reverse("learning:home")),
        page_queries(member, reverse("learning:mine")),
    )
    for _ in range(3):
        a_day(world, invited=[world.cm, world.colleague, world.excluded])
        an_entry(world.cm)
    a_set(world)
    assert page_queries(organiser, reverse("learning:home")) == home
    assert page_queries(member, reverse("learning:mine")) == mine


def test_training_days_are_listed_newest_first_and_a_day_to_come_counts_no_attendance(
    world: World,
) -> None:
    today = timezone.localdate()
    for days_ago in (30, -14, 90, 7):
        a_day(world, held_on=today - timedelta(days=days_ago))
    page = sign_in(Client(), world.senior).get(reverse("learning:home"))
    shown = [day.held_on for day in page.context["days"]]
    assert shown == sorted(shown, reverse=True)
    assert "2 invited, to come" in page.content.decode()
