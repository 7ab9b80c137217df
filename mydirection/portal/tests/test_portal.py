"""The app's own controls: enrolment, codes, PIN, lockout, idle timeout, revoke, no
enumeration, and sessions that never mix with staff ones."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from mydirection.access.log import verify_chain
from mydirection.access.models import AccessLogEntry
from mydirection.notifications.models import ContactPreferences, Message, Purpose
from mydirection.people.models import Consent, ConsentPurpose
from mydirection.portal.models import AccountStatus, Invitation, PortalAccount, SignInCode
from mydirection.portal.services import accounts
from mydirection.portal.testing import PIN, active_account, portal_sign_in
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db
PHONE = "07700 900 982"


@pytest.fixture
def person(world: World):
    world.person.phone = PHONE
    world.person.save()
    return world.person


def invite(world: World) -> str:
    """The case manager invites the person; returns the link from the outbox."""
    client = sign_in(Client(), world.cm)
    response = client.post(reverse("app-access:invite", args=[world.person.pk]))
    assert response.status_code == 302
    message = Message.objects.filter(purpose=Purpose.PORTAL_INVITATION).latest("created_at")
    return str(message.personalisation["link"])


def ask_for_code(client: Client, contact: str = "+44 7700 900982") -> str:
    before = Message.objects.filter(purpose=Purpose.SIGN_IN_CODE).count()
    response = client.post(reverse("portal:sign-in"), {"contact": contact})
    assert response.status_code == 302 and response["Location"] == reverse("portal:code")
    sent = Message.objects.filter(purpose=Purpose.SIGN_IN_CODE).order_by("-created_at")
    if sent.count() == before:
        return ""
    return str(sent.first().personalisation["code"])  # type: ignore[union-attr]


def enter(client: Client, code: str, pin: str = PIN):
    return client.post(reverse("portal:code"), {"code": code, "pin": pin})


def test_enrol_from_the_invitation_link(world: World, person) -> None:
    link = invite(world)
    token = link.rsplit("/", 2)[-2]
    assert not Invitation.objects.filter(token_hash=token).exists()  # only the hash is kept
    assert Invitation.objects.get().token_hash == accounts.digest(token)
    client = Client()
    response = client.get(link)
    assert response["Location"] == reverse("portal:enrol")  # the token leaves the address bar
    for weak in ("123456", "000000", "654321", "121212", "170590"):
        response = client.post(reverse("portal:enrol"), {"pin": weak, "pin_again": weak})
        assert response.status_code == 200, weak
        assert "too easy to guess" in response.content.decode(), weak
    response = client.post(reverse("portal:enrol"), {"pin": PIN, "pin_again": "274950"})
    assert "not the same" in response.content.decode()
    response = client.post(reverse("portal:enrol"), {"pin": PIN, "pin_again": PIN})
    assert response["Location"] == reverse("portal:sign-in")
    account = PortalAccount.objects.get(person=person)
    assert account.status == AccountStatus.ACTIVE
    assert account.pin_hash.startswith("argon2") and PIN not in account.pin_hash
    # The link works once.
    again = Client()
    again.get(link)
    assert again.get(reverse("portal:enrol")).status_code == 404


def test_an_invitation_expires(world: World, person) -> None:
    link = invite(world)
    with time_machine.travel(
        timezone.now() + timedelta(hours=accounts.INVITATION_HOURS, minutes=1)
    ):
        client = Client()
        client.get(link)
        assert client.get(reverse("portal:enrol")).status_code == 404


def test_sign_in_with_code_and_pin_rotates_the_session(person) -> None:
    active_account(person)
    client = Client()
    code = ask_for_code(client)
    assert re.fullmatch(r"\d{6}", code)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = enter(client, code)
    assert response["Location"] == reverse("portal:home")
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert client.get(reverse("portal:home")).status_code == 200
    entry = AccessLogEntry.objects.filter(what="Signed in to the app").get()
    assert entry.actor_person_id == person.pk and entry.actor_id is None
    assert verify_chain().intact


def test_the_answer_is_the_same_for_known_and_unknown_people(person) -> None:
    active_account(person)
    known, unknown = Client(), Client()
    answers = [
        client.post(reverse("portal:sign-in"), {"contact": contact}, follow=True)
        for client, contact in ((known, PHONE), (unknown, "07700 900 000"))
    ]
    assert answers[0].redirect_chain == answers[1].redirect_chain
    pages = [
        re.sub(r'(value|nonce)="[^"]{16,}"', "", answer.content.decode()) for answer in answers
    ]
    assert pages[0] == pages[1]
    assert "If we know you, we've sent you a code" in answers[1].content.decode()
    assert SignInCode.objects.count() == 1
    # A wrong code from the unknown side reads like one from the known side.
    wrong = [enter(client, "111111").content.decode() for client in (known, unknown)]
    assert all("The code or PIN is not right" in page for page in wrong)


def test_a_code_expires_after_ten_minutes(person) -> None:
    active_account(person)
    client = Client()
    code = ask_for_code(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)):
        response = enter(client, code)
    assert "stopped working" in response.content.decode()
    assert "portal.person" not in client.session


def test_a_code_works_once(person) -> None:
    active_account(person)
    client = Client()
    code = ask_for_code(client)
    pending = client.session["portal.pending"], client.session["portal.binding"]
    assert enter(client, code).status_code == 302
    replay = Client()
    session = replay.session
    session["portal.pending"], session["portal.binding"] = pending
    session.save()
    assert "stopped working" in enter(replay, code).content.decode()


def test_a_code_works_only_in_the_session_that_asked_for_it(person) -> None:
    active_account(person)
    client = Client()
    code = ask_for_code(client)
    thief = Client()
    session = thief.session
    session["portal.pending"], session["portal.binding"] = client.session["portal.pending"], "x"
    session.save()
    assert "not right" in enter(thief, code).content.decode()
    assert enter(client, code).status_code == 302


def test_a_code_allows_three_tries(person) -> None:
    active_account(person)
    client = Client()
    code = ask_for_code(client)
    for _ in range(accounts.CODE_ATTEMPTS):
        enter(client, "000001")
    assert "stopped working" in enter(client, code).content.decode()
    assert "portal.person" not in client.session


def test_a_wrong_pin_fails_even_with_the_right_code(person) -> None:
    active_account(person)
    client = Client()
    code = ask_for_code(client)
    assert "not right" in enter(client, code, pin="274952").content.decode()


def test_repeated_failures_lock_the_account_and_tell_the_case_manager(world: World, person) -> None:
    active_account(person)
    client = Client()
    for _ in range(2):
        ask_for_code(client)
        for _ in range(accounts.CODE_ATTEMPTS):
            enter(client, "000001")
    account = PortalAccount.objects.get(person=person)
    assert account.status == AccountStatus.LOCKED
    assert account.failed_attempts == accounts.LOCK_AFTER
    # Even the right code and PIN no longer work, and no new code is sent.
    assert ask_for_code(client) == ""
    staff = sign_in(Client(), world.cm)
    page = staff.get(reverse("people:overview", args=[person.pk])).content.decode()
    assert "Locked out of the app" in page
    page = staff.get(reverse("app-access:page", args=[person.pk])).content.decode()
    assert "locked out of the app after 5 failed sign-ins" in page


def test_too_many_codes_in_an_hour_are_not_sent(person) -> None:
    active_account(person)
    client = Client()
    codes = [ask_for_code(client) for _ in range(accounts.CODES_PER_HOUR + 1)]
    assert all(codes[:-1]) and codes[-1] == ""


def test_thirty_minutes_idle_signs_the_person_out(person) -> None:
    client = portal_sign_in(Client(), person)
    assert client.get(reverse("portal:home")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.get(reverse("portal:home")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29 + 31)):
        response = client.get(reverse("portal:home"))
    assert response["Location"] == reverse("portal:sign-in")


def test_revoking_ends_the_persons_sessions_at_once(world: World, person) -> None:
    phone = portal_sign_in(Client(), person)
    assert phone.get(reverse("portal:home")).status_code == 200
    staff = sign_in(Client(), world.cm)
    assert staff.post(reverse("app-access:revoke", args=[person.pk])).status_code == 302
    assert phone.get(reverse("portal:home"))["Location"] == reverse("portal:sign-in")
    assert PortalAccount.objects.get(person=person).status == AccountStatus.REVOKED
    # Re-enrolment in person: a new invitation works again.
    link = invite(world)
    client = Client()
    client.get(link)
    client.post(reverse("portal:enrol"), {"pin": "385027", "pin_again": "385027"})
    assert PortalAccount.objects.get(person=person).status == AccountStatus.ACTIVE


def test_staff_and_portal_sessions_never_mix(world: World, person) -> None:
    active_account(person)
    staff = sign_in(Client(), world.cm)
    # A member of staff is not a portal user.
    assert staff.get(reverse("portal:home"))["Location"] == reverse("portal:sign-in")
    # Signing in to the app on the same browser ends the staff sign-in.
    code = ask_for_code(staff)
    assert enter(staff, code)["Location"] == reverse("portal:home")
    response = staff.get(reverse("caseload:home"))
    assert response["Location"].startswith(reverse("staff:sign-in"))
    # And a portal session reaches no staff page.
    person_client = portal_sign_in(Client(), person)
    response = person_client.get(reverse("people:overview", args=[person.pk]))
    assert response["Location"].startswith(reverse("staff:sign-in"))


def test_the_person_changes_their_choices_and_withdraws_a_consent(world: World, person) -> None:
    consent = Consent.objects.create(
        person=person,
        purpose=ConsentPurpose.SHARE_PLAN,
        given_on=timezone.localdate(),
        recorded_by=world.cm,
    )
    client = portal_sign_in(Client(), person)
    form = {"channel": "email", "reminders": "no", "earliest_hour": "9", "latest_hour": "17"}
    assert client.post(reverse("portal:choices"), form | {"version": "1"}).status_code == 302
    assert ContactPreferences.objects.get(person=person).reminders_opted_out
    url = reverse("portal:withdraw-consent", args=[consent.pk])
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    entries = AccessLogEntry.objects.filter(actor_person_id=person.pk).order_by("id")
    assert [entry.what for entry in entries][-2:] == [
        "Contact preferences changed",
        "Consent withdrawn",
    ]
    assert all(entry.actor_role == "person" for entry in entries)
    assert verify_chain().intact
    # The case manager sees it withdrawn.
    page = sign_in(Client(), world.cm).get(reverse("people:consents", args=[person.pk]))
    assert "Withdrawn" in page.content.decode()


def test_another_person_reaches_nothing_of_this_persons(world: World, person) -> None:
    consent = Consent.objects.create(
        person=person,
        purpose=ConsentPurpose.STORIES,
        given_on=timezone.localdate(),
        recorded_by=world.cm,
    )
    other = portal_sign_in(Client(), world.other_person)
    assert other.post(reverse("portal:withdraw-consent", args=[consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.is_active
    assert person.first_name not in other.get(reverse("portal:choices")).content.decode()


def test_the_service_worker_caches_only_static_files_and_the_offline_page() -> None:
    script = Client().get(reverse("portal:service-worker")).content.decode()
    # Every cache write is guarded by isCacheable (static files) or is the precache list.
    assert script.count("cache.put(") == 1
    assert "url.pathname.startsWith(STATIC_PREFIX)" in script
    precache = re.search(r"const PRECACHE = \[(.*)\];", script)
    assert precache is not None
    urls = re.findall(r'"([^"]+)"', precache.group(1))
    assert all(url.startswith("/static/") for url in urls)
    assert "OFFLINE_URL" in precache.group(1)
    assert 'const OFFLINE_URL = "/my/offline/"' in script


def test_the_person_as_actor_is_covered_by_the_hash_chain(world: World, person) -> None:
    from mydirection.access.actor import PersonActor, StaffActor
    from mydirection.access.log import entry_hash, record
    from mydirection.access.models import Operation

    entry = record(
        actor=PersonActor(person), operation=Operation.ALTER, what="x", subject_id=person.pk
    )
    assert (entry.actor_person_id, entry.actor_role) == (person.pk, "person")
    assert entry.actor_role_label == "Person on probation (in the app)"
    assert entry_hash(entry) == entry.entry_hash
    entry.actor_person_id = world.other_person.pk
    assert entry_hash(entry) != entry.entry_hash
    # A staff entry's hash does not include the new field, so older entries still verify.
    staff_entry = record(
        actor=StaffActor.about_no_person(world.cm), operation=Operation.CONSULT, what="y"
    )
    assert staff_entry.actor_person_id is None and verify_chain().intact


@override_settings(DEMO_MODE=True)
def test_in_the_demo_the_code_page_shows_the_code_sent_and_it_signs_in(person) -> None:
    """The demo's texts stay in the outbox, so the code page shows the code, as the staff
    second-factor page does in the demo (issue 20, item 11)."""
    active_account(person)
    client = Client()
    code = ask_for_code(client)
    page = client.get(reverse("portal:code")).content.decode()
    assert f'<strong data-testid="demo-code">{code}</strong>' in page
    assert "The real service never shows it" in page
    # Only to the browser that asked: another session, or an unknown number, gets nothing.
    stranger = Client()
    ask_for_code(stranger, "07700 900 000")
    assert "demo-code" not in stranger.get(reverse("portal:code")).content.decode()
    assert enter(client, code).status_code == 302
    # Used: no longer shown.
    session = client.session
    session["portal.pending"] = str(SignInCode.objects.get().pk)
    session.save()
    assert "demo-code" not in client.get(reverse("portal:code")).content.decode()


@override_settings(DEMO_MODE=False)
def test_the_real_service_never_shows_the_code(person) -> None:
    active_account(person)
    client = Client()
    code = ask_for_code(client)
    for page in (client.get(reverse("portal:code")), enter(client, "000000")):
        assert code not in page.content.decode()
        assert "demo-code" not in page.content.decode()
    assert (
        accounts.demo_code(client.session["portal.pending"], client.session["portal.binding"])
        is None
    )
