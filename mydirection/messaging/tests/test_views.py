"""Messages through HTTP: the person writes in the app, staff read and reply, colleagues
justify first, flags show only to staff, and pages cost constant queries."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.messaging.models import PersonMessage
from mydirection.messaging.testing import from_person, from_staff
from mydirection.notifications.models import Message, Purpose
from mydirection.portal.testing import portal_sign_in
from mydirection.testing import PersonFactory, World, allocate, page_queries, sign_in

pytestmark = pytest.mark.django_db


def thread_url(world: World) -> str:
    return reverse("messaging:thread", args=[world.person.pk])


def test_the_person_writes_and_the_case_manager_replies(world: World) -> None:
    world.person.email = "alex@example.org"
    world.person.save()
    app = portal_sign_in(Client(), world.person)
    response = app.post(reverse("portal:messages"), {"text": "Can we move Tuesday?"})
    assert response.status_code == 302
    entry = AccessLogEntry.objects.filter(what="Message from the person").get()
    assert entry.actor_person_id == world.person.pk

    staff = sign_in(Client(), world.cm)
    inbox = staff.get(reverse("messaging:inbox")).content.decode()
    assert "Alex Quinn" in inbox and "1 new" in inbox
    assert '<span class="moj-notification-badge">1<' in inbox  # in the navigation
    page = staff.get(thread_url(world)).content.decode()
    assert "Can we move Tuesday?" in page
    assert PersonMessage.objects.get().read_by_staff == world.cm
    assert "moj-notification-badge" not in staff.get(reverse("messaging:inbox")).content.decode()

    assert staff.post(thread_url(world), {"text": "Yes, Wednesday at 10"}).status_code == 302
    sent = Message.objects.get(purpose=Purpose.NEW_MESSAGE)
    assert sent.personalisation["link"].endswith(reverse("portal:messages"))
    home = app.get(reverse("portal:home")).content.decode()
    assert "1 new" in home
    page = app.get(reverse("portal:messages")).content.decode()
    assert "Yes, Wednesday at 10" in page and "Carol" in page
    assert "1 new" not in app.get(reverse("portal:home")).content.decode()


def test_an_empty_message_changes_nothing(world: World) -> None:
    app = portal_sign_in(Client(), world.person)
    response = app.post(reverse("portal:messages"), {"text": "  "})
    assert response.status_code == 200 and "Write your message" in response.content.decode()
    staff = sign_in(Client(), world.cm)
    response = staff.post(thread_url(world), {"text": ""})
    assert response.status_code == 200 and "Write your message" in response.content.decode()
    assert not PersonMessage.objects.exists()


def test_a_flag_shows_to_staff_and_never_to_the_person(world: World) -> None:
    from_person(world.person, "I want to kill myself")
    app = portal_sign_in(Client(), world.person)
    assert "Check this message" not in app.get(reverse("portal:messages")).content.decode()
    for user in (world.cm, world.senior):
        staff = sign_in(Client(), user)
        assert "Check this message" in staff.get(reverse("messaging:inbox")).content.decode()
        assert "Alex Quinn" in staff.get(reverse("messaging:flagged")).content.decode()
    staff = sign_in(Client(), world.cm)
    assert "Check this message" in staff.get(thread_url(world)).content.decode()
    assert "Alex Quinn" not in (
        sign_in(Client(), world.elsewhere).get(reverse("messaging:flagged")).content.decode()
    )


def test_a_team_colleague_gives_a_reason_before_replying(world: World) -> None:
    from_person(world.person, "Is anyone there? My case manager is off")
    colleague = sign_in(Client(), world.colleague)
    response = colleague.get(thread_url(world))
    assert (
        response.status_code == 302
        and reverse("access:justify", args=[world.person.pk]) in (response["Location"])
    )
    colleague.post(
        reverse("access:justify", args=[world.person.pk]),
        {"reason": "duty"},
    )
    assert colleague.get(thread_url(world)).status_code == 200
    assert (
        colleague.post(thread_url(world), {"text": "Carol is away. I can help"}).status_code == 302
    )
    entry = AccessLogEntry.objects.filter(what="Message to the person").get()
    assert entry.actor_id == world.colleague.pk and entry.relation == "team"


def test_viewing_the_thread_is_a_logged_consultation(world: World) -> None:
    staff = sign_in(Client(), world.cm)
    staff.get(thread_url(world))
    entry = AccessLogEntry.objects.latest("id")
    assert entry.operation == Operation.CONSULT and entry.what == "Conversation"
    from_person(world.person)
    staff.get(reverse("messaging:inbox"))
    entry = AccessLogEntry.objects.latest("id")
    assert entry.what == "Messages inbox" and entry.subject_id == world.person.pk


def _grow(world: World, n: int) -> None:
    for _ in range(n):
        someone = allocate(PersonFactory.create(team=world.team_a), world.cm)
        from_person(someone, "hello")
        from_person(someone, "I want to end it all")
        from_person(world.person, "hello")
        from_staff(world.person, world.cm)
        from_staff(world.person, world.senior)


def test_the_inbox_and_the_thread_cost_constant_queries(world: World) -> None:
    staff = sign_in(Client(), world.cm)
    senior = sign_in(Client(), world.senior)
    app = portal_sign_in(Client(), world.person)
    pages = [
        (staff, reverse("messaging:inbox")),
        (senior, reverse("messaging:inbox")),
        (staff, reverse("messaging:flagged")),
        (staff, thread_url(world)),
        (app, reverse("portal:messages")),
        (app, reverse("portal:home")),
    ]
    _grow(world, 1)
    few = [page_queries(client, address) for client, address in pages]
    _grow(world, 5)
    many = [page_queries(client, address) for client, address in pages]
    assert few == many
