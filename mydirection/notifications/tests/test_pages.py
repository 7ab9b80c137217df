"""The outbox and a person's messages page, and the production guard against the outbox."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.notifications.models import ContactPreferences, Status
from mydirection.notifications.testing import FAKE_NOTIFY_KEY, MessageFactory
from mydirection.staff.tests.test_production_settings import run
from mydirection.testing import World, page_queries, sign_in


def test_production_refuses_the_outbox() -> None:
    result = run("check", MYDIRECTION_NOTIFICATIONS="outbox")
    assert result.returncode != 0
    assert "outbox cannot be used in production" in result.stderr


@pytest.mark.django_db
def test_the_outbox_refuses_a_real_key(settings) -> None:
    settings.NOTIFY_API_KEY = FAKE_NOTIFY_KEY
    with pytest.raises(Exception, match="E003"):
        call_command("check")


@pytest.mark.django_db
def test_the_outbox_lists_only_people_the_user_may_see(world: World) -> None:
    mine = MessageFactory.create(person=world.person, last_error="")
    MessageFactory.create(person=world.other_person)
    response = sign_in(Client(), world.cm).get(reverse("notifications:outbox"))
    assert response.status_code == 200
    people = {row["message"].person_id for row in response.context["rows"]}
    assert people == {world.person.pk}
    assert "You have an appointment on" in response.content.decode()
    assert world.other_person.last_name not in response.content.decode()
    entry = AccessLogEntry.objects.filter(what="Notifications outbox").get()
    assert entry.subject_id == mine.person_id and entry.operation == Operation.CONSULT


@pytest.mark.django_db
def test_there_is_no_outbox_when_messages_really_go(world: World, settings) -> None:
    settings.NOTIFICATIONS_BACKEND = "notify"
    response = sign_in(Client(), world.cm).get(reverse("notifications:outbox"))
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_persons_messages_show_failures_and_opt_outs(world: World) -> None:
    MessageFactory.create(
        person=world.person, status=Status.PERMANENT_FAILURE, last_error="Not a mobile number"
    )
    MessageFactory.create(person=world.person, status=Status.OPTED_OUT, attempts=0)
    url = reverse("notifications:person-messages", args=[world.person.pk])
    page = sign_in(Client(), world.cm).get(url).content.decode()
    assert "Failed: not sent" in page and "Not a mobile number" in page
    assert "Not sent: opted out" in page


@pytest.mark.django_db
def test_the_case_manager_changes_preferences(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("notifications:preferences", args=[world.person.pk])
    form = {
        "channel": "email",
        "reminders": "no",
        "earliest_hour": "9",
        "latest_hour": "18",
        "version": "1",
    }
    assert client.post(url, form).status_code == 302
    saved = ContactPreferences.objects.get(person=world.person)
    assert (saved.channel, saved.reminders_opted_out, saved.earliest_hour) == ("email", True, 9)
    entry = AccessLogEntry.objects.filter(what="Contact preferences changed").get()
    assert entry.actor_id == world.cm.pk
    assert entry.details == {
        "fields": ["channel", "earliest_hour", "latest_hour", "reminders_opted_out"]
    }


@pytest.mark.django_db
def test_bad_hours_save_nothing(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("notifications:preferences", args=[world.person.pk])
    form = {"channel": "sms", "reminders": "yes", "earliest_hour": "18", "latest_hour": "9"}
    response = client.post(url, form | {"version": "1"})
    assert response.status_code == 200
    assert "Choose a time after" in response.content.decode()
    assert not ContactPreferences.objects.filter(person=world.person).exists()


@pytest.mark.django_db
def test_a_second_saver_is_told_and_keeps_their_choice(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("notifications:preferences", args=[world.person.pk])
    form = {"channel": "email", "reminders": "yes", "earliest_hour": "8", "latest_hour": "20"}
    assert client.post(url, form | {"version": "1"}).status_code == 302
    response = client.post(url, form | {"channel": "sms", "version": "1"})
    assert response.status_code == 200
    assert "Someone else has changed these preferences" in response.content.decode()
    assert 'value="sms" checked' in response.content.decode().replace("\n", " ") or (
        response.context["form"]["channel"].value() == "sms"
    )
    assert ContactPreferences.objects.get(person=world.person).channel == "email"
    assert 'name="version" value="2"' in response.content.decode()  # saving again is a choice


@pytest.mark.django_db
def test_the_demo_ledger_shows_on_the_persons_page(world: World) -> None:
    from mydirection.appointments.testing import AppointmentFactory, local
    from mydirection.demo.notifications import write_demo_messages

    world.person.phone = "07700 900 982"
    world.person.save()
    # The demo's reminders are those of the person's past appointments.
    AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(-3))
    assert write_demo_messages(seed=1) > 0
    url = reverse("notifications:person-messages", args=[world.person.pk])
    page = sign_in(Client(), world.cm).get(url).content.decode()
    assert "Appointment reminder" in page


@pytest.mark.django_db
def test_the_messages_page_takes_the_same_queries_however_many_messages(
    world: World, django_assert_max_num_queries
) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("notifications:person-messages", args=[world.person.pk])
    MessageFactory.create(person=world.person)
    client.get(url)  # warm up: session, device
    few = page_queries(client, url)
    MessageFactory.create_batch(20, person=world.person)
    with django_assert_max_num_queries(few):
        client.get(url)


@pytest.mark.django_db
def test_the_outbox_takes_the_same_queries_however_many_people(
    world: World, django_assert_max_num_queries
) -> None:
    from mydirection.testing import PersonFactory, allocate

    client = sign_in(Client(), world.senior)
    url = reverse("notifications:outbox")
    MessageFactory.create(person=world.person)
    client.get(url)  # warm up: session, device
    few = page_queries(client, url)
    for _ in range(5):
        someone = allocate(PersonFactory.create(team=world.team_a), world.colleague)
        MessageFactory.create_batch(3, person=someone)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.context["rows"]) == 16
