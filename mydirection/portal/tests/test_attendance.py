"""Registering attendance with a venue code: the code's alphabet and time window, the limit
on wrong codes, staff confirming, and nobody learning who else came."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry
from mydirection.portal import selectors
from mydirection.portal.models import Attendance, CodeAttempt
from mydirection.portal.services import attendance
from mydirection.portal.testing import a_session, portal_sign_in
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_codes_avoid_look_alike_characters() -> None:
    codes = {attendance.new_code() for _ in range(200)}
    assert all(len(code) == 6 for code in codes)
    assert not set("".join(codes)) & set("0O1IL2Z5S8B6G")


def test_a_code_registers_the_person_once_during_the_session(world: World) -> None:
    session = a_session(world.cm)
    first = attendance.register(person=world.person, code=session.code.lower())
    again = attendance.register(person=world.person, code=f" {session.code} ")
    assert first.pk == again.pk and first.self_registered and first.confirmed_at is None
    entry = AccessLogEntry.objects.get(what="Attendance registered in the app")
    assert entry.actor_person_id == world.person.pk


def test_a_code_does_not_work_before_or_after_its_session(world: World) -> None:
    later = a_session(world.cm, hours_from_now=3)
    with pytest.raises(attendance.Refused):
        attendance.register(person=world.person, code=later.code)
    after = timezone.now() + timedelta(hours=5)
    with pytest.raises(attendance.Refused):
        attendance.register(person=world.person, code=later.code, now=after)
    assert not Attendance.objects.exists()


def test_five_wrong_codes_an_hour_then_even_a_right_one_waits(world: World) -> None:
    session = a_session(world.cm)
    for _ in range(attendance.WRONG_TRIES_AN_HOUR):
        with pytest.raises(attendance.Refused, match="does not work"):
            attendance.register(person=world.person, code="XXXXXX")
    with pytest.raises(attendance.Refused, match="too many"):
        attendance.register(person=world.person, code=session.code)
    assert CodeAttempt.objects.count() == attendance.WRONG_TRIES_AN_HOUR
    # Someone else is not held up by this person's tries.
    attendance.register(person=world.other_person, code=session.code)
    # An hour on, the person can try again.
    CodeAttempt.objects.update(at=timezone.now() - timedelta(hours=2))
    assert attendance.register(person=world.person, code=session.code).person == world.person


def test_the_person_registers_in_the_app_and_sees_nobody_else(world: World) -> None:
    session = a_session(world.cm)
    attendance.register(person=world.other_person, code=session.code)
    app = portal_sign_in(Client(), world.person)
    page = app.get(reverse("portal:attend") + f"?code={session.code}").content.decode()
    assert f'value="{session.code}"' in page
    response = app.post(reverse("portal:attend"), {"code": session.code}, follow=True)
    page = response.content.decode()
    assert "You are registered at Cooking group" in page
    assert world.other_person.first_name not in page
    wrong = app.post(reverse("portal:attend"), {"code": "QQQQQQ"}).content.decode()
    assert "That code does not work" in wrong


def test_staff_show_the_code_and_confirm_who_came(world: World) -> None:
    staff = sign_in(Client(), world.cm)
    response = staff.post(
        reverse("app-access:sessions"),
        {
            "kind": "time_bank",
            "title": "Time Bank: garden",
            "place": "Allotments",
            "date_0": timezone.localdate().day,
            "date_1": timezone.localdate().month,
            "date_2": timezone.localdate().year,
            "starts": "00:00",
            "ends": "23:59",
        },
    )
    assert response.status_code == 302
    session = selectors.sessions_for(world.cm).get()
    found = attendance.register(person=world.person, code=session.code)
    page = staff.get(response["Location"]).content.decode()
    assert session.code in page and "<svg" in page and world.person.full_name in page
    confirm = reverse("app-access:confirm-attendance", args=[session.pk, found.pk])
    assert staff.post(confirm).status_code == 302
    found.refresh_from_db()
    assert found.confirmed_by == world.cm and found.confirmed_at is not None
    tab = staff.get(reverse("appointments:list", args=[world.person.pk])).content.decode()
    assert "Time Bank: garden" in tab and f"By {world.cm.display_name}" in tab


def test_other_offices_staff_get_404(world: World) -> None:
    session = a_session(world.cm)
    elsewhere = sign_in(Client(), world.elsewhere)
    assert elsewhere.get(reverse("app-access:session", args=[session.pk])).status_code == 404


def test_staff_see_no_name_of_someone_whose_record_they_may_not_see(world: World) -> None:
    session = a_session(world.excluded)
    attendance.register(person=world.excluded_from_person, code=session.code)
    attendance.register(person=world.person, code=session.code)
    page = sign_in(Client(), world.excluded).get(reverse("app-access:session", args=[session.pk]))
    text = page.content.decode()
    assert world.person.full_name in text
    assert world.excluded_from_person.full_name not in text
    assert "1 more person registered whose records you cannot see" in text
