"""Messages without HTTP: authors, read receipts, unread counts, flags, notifications,
reallocation, and the access log."""

import pytest

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry
from mydirection.access.policy import Action, Decision, Relation, decide, with_limited_access
from mydirection.caseload.services import HandoverNote, reallocate
from mydirection.messaging import selectors, services
from mydirection.messaging.testing import from_person, from_staff
from mydirection.notifications.models import Message, Purpose
from mydirection.people.models import Person
from mydirection.staff.models import User
from mydirection.testing import World

pytestmark = pytest.mark.django_db


def test_a_message_from_the_person_names_them_in_the_access_log(world: World) -> None:
    message = from_person(world.person, "Can we move Tuesday?")
    assert message.from_person and message.by_user is None and not message.flagged
    entry = AccessLogEntry.objects.latest("id")
    assert entry.what == "Message from the person"
    assert entry.actor_id is None and entry.actor_person_id == world.person.pk
    assert entry.subject_id == world.person.pk
    assert "Tuesday" not in str(entry.details)  # identifiers only, never the words
    assert verify_chain().intact


def test_staff_get_no_notification_and_the_person_gets_only_a_link(world: World) -> None:
    from_person(world.person)
    assert not Message.objects.exists()
    world.person.phone = "07700 900 982"
    world.person.save()
    from_staff(world.person, world.cm, "Your appointment moved to Wednesday")
    sent = Message.objects.get(purpose=Purpose.NEW_MESSAGE)
    assert sent.template == "new_message"
    assert sent.personalisation["link"] == "https://example/my/"
    assert "Wednesday" not in str(sent.personalisation)
    entry = AccessLogEntry.objects.filter(what="Message to the person").get()
    assert entry.actor_id == world.cm.pk


def test_empty_and_long_messages_are_refused(world: World) -> None:
    with pytest.raises(Exception, match="Write your message"):
        services.write_by_person(actor=PersonActor(world.person), text="   ")
    with pytest.raises(Exception, match="2000 characters"):
        services.write_by_person(actor=PersonActor(world.person), text="a" * 2001)
    assert not world.person.thread_messages.exists()


def test_unread_counts_and_read_receipts_each_side(world: World) -> None:
    from_person(world.person, "one")
    from_person(world.person, "two")
    from_staff(world.person, world.cm, "reply")
    assert selectors.unread_for_staff(world.cm) == 2
    assert selectors.unread_for_staff(world.senior) == 2  # the team's inbox, for cover
    assert selectors.unread_for_person(world.person) == 1
    assert [p.unread for p in selectors.inbox(world.cm)] == [2]  # type: ignore[attr-defined]

    services.mark_read_by_person(world.person)
    assert selectors.unread_for_person(world.person) == 0
    assert selectors.unread_for_staff(world.cm) == 2  # the person reading changes nothing here

    services.mark_read_by_staff(world.person, world.senior)
    assert selectors.unread_for_staff(world.cm) == 0
    first = world.person.thread_messages.filter(from_person=True).first()
    assert first is not None and first.read_by_staff == world.senior


def test_the_inbox_is_newest_first_and_only_the_caseload(world: World) -> None:
    from_person(world.person, "first")
    from_person(world.restricted_person, "second")  # held by cm, restricted for others
    from_person(world.other_person, "in another team")
    people = selectors.inbox(world.cm)
    assert [p.pk for p in people] == [world.restricted_person.pk, world.person.pk]
    # A team colleague covers through the record (with a reason), not through their inbox.
    assert selectors.inbox(world.colleague) == []
    assert [p.pk for p in selectors.inbox(world.elsewhere)] == [world.other_person.pk]
    assert selectors.inbox(world.dpo) == [] and selectors.unread_for_staff(world.dpo) == 0
    assert selectors.inbox(world.volunteer) == []


def test_a_risky_message_is_flagged_quietly_for_staff(world: World) -> None:
    ordinary = from_person(world.person, "I go to the gym to kill time")
    risky = from_person(world.person, "I want to end it all")
    assert not ordinary.flagged and risky.flagged
    assert [m.pk for m in selectors.flagged_for(world.cm)] == [risky.pk]
    assert [m.pk for m in selectors.flagged_for(world.senior)] == [risky.pk]
    assert selectors.flagged_for(world.elsewhere) == []
    assert [p.flagged for p in selectors.inbox(world.cm)] == [1]  # type: ignore[attr-defined]
    # Nothing is done automatically: no message goes anywhere.
    assert not Message.objects.exists()


def _move(world: World, to: User) -> None:
    reallocate(
        actor=StaffActor(world.senior, Relation.TEAM_MANAGER),
        person=world.person,
        to=to,
        reason="Caseload balance",
        handover=HandoverNote(what_matters="Her children", key_history="Moved to Hull"),
    )


def _decision(user: User, person: Person, action: Action = Action.VIEW) -> Decision:
    person = with_limited_access(Person.objects.filter(pk=person.pk), user).get()
    return decide(user, person, action)


def test_after_reallocation_the_thread_moves_with_the_case(world: World) -> None:
    from_person(world.person, "before the move")
    _move(world, world.colleague)
    from_person(world.person, "after the move")
    world.person.refresh_from_db()
    # The new case manager holds the whole thread; the old one has it no more in the inbox,
    # and needs a reason to open the record, like any team colleague.
    assert [p.pk for p in selectors.inbox(world.colleague)] == [world.person.pk]
    assert selectors.unread_for_staff(world.colleague) == 2
    assert selectors.inbox(world.cm) == [] and selectors.unread_for_staff(world.cm) == 0
    assert _decision(world.cm, world.person).needs_justification
    assert len(selectors.thread(world.person)) == 2


def test_after_reallocation_to_another_team_the_old_case_manager_loses_the_thread(
    world: World,
) -> None:
    from_person(world.person, "before the move")
    _move(world, world.elsewhere)  # the case moves to team B with its new case manager
    world.person.refresh_from_db()
    assert not _decision(world.cm, world.person).allowed
    assert not _decision(world.cm, world.person).may_know_it_exists  # 404
    assert selectors.inbox(world.cm) == [] and selectors.inbox(world.senior) == []
    assert [p.pk for p in selectors.inbox(world.elsewhere)] == [world.person.pk]
