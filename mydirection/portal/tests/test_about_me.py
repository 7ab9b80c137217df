"""About me in the app: the person confirms, corrects and adds to their one-page profile; the
case manager's "About me" shows it was the person; a clash loses nothing; nobody else's."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.actor import PersonActor
from mydirection.access.models import AccessLogEntry
from mydirection.messaging.models import PersonMessage
from mydirection.person_centred import selectors
from mydirection.person_centred.models import SaidBy, Statement
from mydirection.person_centred.services import ToolRefused
from mydirection.person_centred.testing import one_page_profile
from mydirection.portal.services import profile
from mydirection.portal.testing import portal_sign_in
from mydirection.testing import World, sign_in
from mydirection.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def _by_cm(world: World) -> Statement:
    one_page_profile(world.person, by=world.cm)
    return Statement.objects.get(said_by=SaidBy.CASE_MANAGER, record__number=1)


# Services, without HTTP -----------------------------------------------------------------------


def test_confirming_makes_a_new_version_by_the_person(world: World) -> None:
    statement = _by_cm(world)
    record = profile.confirm_statement(
        actor=PersonActor(world.person), statement_id=statement.pk, expected_version=1
    )
    assert record.number == 2 and record.recorded_by is None
    assert record.statements.get(text=statement.text).confirmed
    entry = AccessLogEntry.objects.latest("id")
    assert entry.actor_person_id == world.person.pk and entry.actor_id is None


def test_adding_puts_my_words_at_the_end_of_their_section(world: World) -> None:
    one_page_profile(world.person, by=world.cm)
    record = profile.add_my_words(
        actor=PersonActor(world.person),
        section="appreciate",
        text="I cook for my nan",
        expected_version=1,
    )
    texts = [(s.section, s.said_by) for s in record.statements.order_by("position")]
    assert texts[2] == ("appreciate", SaidBy.PERSON)
    assert record.statements.get(text="I cook for my nan").confirmed


def test_a_correction_follows_what_was_wrong_and_can_tell_the_case_manager(world: World) -> None:
    statement = _by_cm(world)
    record = profile.correct_statement(
        actor=PersonActor(world.person),
        statement_id=statement.pk,
        correction="I volunteer at the community garden, not the food bank",
        tell_case_manager=True,
        expected_version=1,
    )
    ordered = list(record.statements.order_by("position"))
    index = next(i for i, s in enumerate(ordered) if s.text == statement.text)
    assert not ordered[index].confirmed
    assert ordered[index + 1].said_by == SaidBy.PERSON
    assert "community garden" in ordered[index + 1].text
    message = PersonMessage.objects.get(person=world.person)
    assert message.from_person and "food bank" in message.text


def test_a_correction_without_words_or_telling_changes_nothing_else(world: World) -> None:
    statement = _by_cm(world)
    with pytest.raises(ToolRefused):
        profile.correct_statement(
            actor=PersonActor(world.person),
            statement_id=statement.pk,
            correction="  ",
            tell_case_manager=True,
            expected_version=1,
        )
    profile.correct_statement(
        actor=PersonActor(world.person),
        statement_id=statement.pk,
        correction="Not quite",
        tell_case_manager=False,
        expected_version=1,
    )
    assert not PersonMessage.objects.exists()


def test_a_stale_version_saves_nothing(world: World) -> None:
    statement = _by_cm(world)
    profile.confirm_statement(
        actor=PersonActor(world.person), statement_id=statement.pk, expected_version=1
    )
    with pytest.raises(StaleEdit):
        profile.add_my_words(
            actor=PersonActor(world.person),
            section="support",
            text="Text me first",
            expected_version=1,
        )


def test_another_persons_statement_is_not_found(world: World) -> None:
    statement = _by_cm(world)
    with pytest.raises(profile.NotFound):
        profile.confirm_statement(
            actor=PersonActor(world.other_person), statement_id=statement.pk, expected_version=1
        )


# Pages -----------------------------------------------------------------------------------------


def test_the_page_shows_the_profile_with_a_tick_for_what_others_wrote(world: World) -> None:
    statement = _by_cm(world)
    app = portal_sign_in(Client(), world.person)
    page = app.get(reverse("portal:about-me")).content.decode()
    assert statement.text in page
    assert reverse("portal:about-me-confirm", args=[statement.pk]) in page
    assert reverse("portal:about-me-correct", args=[statement.pk]) in page
    assert AccessLogEntry.objects.latest("id").what == "App: about me"


def test_confirm_and_add_show_in_the_case_managers_about_me_as_by_the_person(
    world: World,
) -> None:
    statement = _by_cm(world)
    app = portal_sign_in(Client(), world.person)
    url = reverse("portal:about-me-confirm", args=[statement.pk])
    assert app.post(url, {"version": 1}).status_code == 302
    response = app.post(
        reverse("portal:about-me-add"),
        {"section": "support", "text": "Text me the day before", "version": 2},
    )
    assert response.status_code == 302
    current = selectors.current_profile(world.person)
    assert current is not None and current.number == 3 and current.recorded_by is None
    staff = sign_in(Client(), world.cm)
    url = reverse("person_centred:tool", args=[world.person.pk, "one-page-profile"])
    page = staff.get(url).content.decode()
    assert "“Text me the day before”" in page
    assert "Version 3, " in page and f"by {world.person.known_as}" in page


def test_adding_with_nothing_written_shows_an_error_and_saves_nothing(world: World) -> None:
    one_page_profile(world.person, by=world.cm)
    app = portal_sign_in(Client(), world.person)
    response = app.post(reverse("portal:about-me-add"), {"section": "support", "version": 1})
    assert response.status_code == 200
    assert "Write what you want to say" in response.content.decode()
    assert selectors.current_profile(world.person).number == 1  # type: ignore[union-attr]


def test_a_clash_keeps_the_persons_words_and_says_so(world: World) -> None:
    statement = _by_cm(world)
    profile.confirm_statement(
        actor=PersonActor(world.person), statement_id=statement.pk, expected_version=1
    )
    app = portal_sign_in(Client(), world.person)
    response = app.post(
        reverse("portal:about-me-add"),
        {"section": "support", "text": "Call me after 10", "version": 1},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "changed while you were here" in page
    assert "Call me after 10" in page
    assert selectors.current_profile(world.person).number == 2  # type: ignore[union-attr]


def test_correcting_an_old_version_explains_and_saves_nothing(world: World) -> None:
    statement = _by_cm(world)
    profile.add_my_words(
        actor=PersonActor(world.person), section="support", text="Hi", expected_version=1
    )
    app = portal_sign_in(Client(), world.person)
    url = reverse("portal:about-me-correct", args=[statement.pk])
    response = app.post(url, {"text": "Wrong", "version": 1})
    assert (
        response.status_code == 200 and "changed while you were here" in response.content.decode()
    )
    assert selectors.current_profile(world.person).number == 2  # type: ignore[union-attr]


def test_another_person_gets_404_on_this_persons_statements(world: World) -> None:
    statement = _by_cm(world)
    other = portal_sign_in(Client(), world.other_person)
    assert other.get(reverse("portal:about-me-correct", args=[statement.pk])).status_code == 404
    url = reverse("portal:about-me-confirm", args=[statement.pk])
    assert other.post(url, {"version": 1}).status_code == 404
    assert selectors.current_profile(world.person).number == 1  # type: ignore[union-attr]
