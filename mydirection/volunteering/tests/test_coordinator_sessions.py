"""The coordinator's roles, sessions, hours and expenses pages: the right thing saved, refusals
by the field with nothing saved, 404 for another office, the access log, list pages in a
constant number of queries."""

from datetime import timedelta

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.testing import World, page_queries
from mydirection.uploads.testing import a_png
from mydirection.volunteering.models import (
    ChangeStatus,
    CheckLevel,
    ExpenseEntry,
    ExpenseStatus,
    Hours,
    HoursStatus,
    Need,
    Role,
    Session,
    Shift,
)
from mydirection.volunteering.services import expenses, sessions
from mydirection.volunteering.testing import Scene, as_coordinator, vetted


def _when(days: int) -> dict[str, object]:
    day = timezone.localdate() + timedelta(days=days)
    return {"starts_at_0": day.day, "starts_at_1": day.month, "starts_at_2": day.year}


# --- Roles ----------------------------------------------------------------------------------


def test_a_role_is_added_and_changed_as_a_versioned_edit(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        reverse("volunteering:add-role"),
        {
            "name": "Transport",
            "check_level": CheckLevel.BASIC,
            "training": ["induction", "safeguarding"],
            "supervision_days": "56",
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(name="Transport")
    assert role.training == ["induction", "safeguarding"] and role.supervision_days == 56
    url = reverse("volunteering:change-role", args=[role.pk])
    values = {
        "version": 1,
        "name": "Transport to groups",
        "check_level": CheckLevel.BASIC,
        "supervision_days": "28",
        "active": "on",
    }
    assert coordinator_client.post(url, values).status_code == 302
    stale = coordinator_client.post(url, values | {"name": "Lifts"})
    assert stale.status_code == 200
    assert "This changed since you opened the page" in stale.content.decode()
    role.refresh_from_db()
    assert role.name == "Transport to groups" and role.version == 2


def test_a_role_named_as_another_is_refused_by_its_name(
    hull: Scene, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        reverse("volunteering:add-role"),
        {"name": "peer mentor", "check_level": CheckLevel.NONE, "supervision_days": "42"},
    )
    assert response.status_code == 200
    assert "A role with this name is already in the catalogue" in response.content.decode()
    assert Role.objects.count() == 3


# --- Sessions -------------------------------------------------------------------------------


def test_a_weekly_series_is_added_with_the_roles_it_needs(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        reverse("volunteering:add-session"),
        {
            "name": "Induction",
            "place": "Hull hub",
            **_when(7),
            "time": "2pm",
            "minutes": "90",
            "weeks": "3",
            f"need_{hull.helper.pk.hex}": "2",
        },
    )
    assert response.status_code == 302
    made = Session.objects.filter(name="Induction").order_by("starts_at")
    assert made.count() == 3 and len({s.series for s in made}) == 1
    assert timezone.localtime(made[0].starts_at).hour == 14
    assert made[1].starts_at - made[0].starts_at == timedelta(weeks=1)
    assert list(Need.objects.filter(session__in=made).values_list("count", flat=True)) == [2] * 3


def test_a_session_needing_nobody_is_refused_by_the_roles_and_nothing_saved(
    hull: Scene, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        reverse("volunteering:add-session"),
        {"name": "Induction", "place": "Hull hub", **_when(7), "time": "10:00", "minutes": "60"}
        | {"weeks": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say how many volunteers it needs in at least one role" in page
    # By the first role's box (the catalogue's order: Circle volunteer).
    assert f'href="#id_need_{hull.circle_role.pk.hex}"' in page
    assert not Session.objects.filter(name="Induction").exists()


def test_the_sessions_list_shows_places_filled_and_costs_the_same(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:sessions")
    page = coordinator_client.get(url).content.decode()
    assert "Recovery group helper: 1 of 2" in page and "1 more needed" in page
    few = page_queries(coordinator_client, url)
    actor = as_coordinator(world.coordinator)
    for days in (2, 3, 4):
        extra = sessions.add_sessions(
            actor=actor,
            name="Group",
            office=world.hull,
            place="Hub",
            starts_at=timezone.now() + timedelta(days=days),
            minutes=60,
            needs={hull.helper: 3},
        )[0]
        helper = vetted(world.coordinator, hull.helper, first_name=f"H{days}")
        sessions.sign_up(actor=actor, session=extra, volunteer=helper, role=hull.helper)
    assert page_queries(coordinator_client, url) == few


def test_the_coordinator_checks_in_a_volunteer_on_the_day_and_their_hours_wait(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    actor = as_coordinator(world.coordinator)
    soon = sessions.add_sessions(
        actor=actor,
        name="Drop-in",
        office=world.hull,
        place="Hub",
        starts_at=timezone.now() + timedelta(minutes=30),
        minutes=60,
        needs={hull.helper: 1},
    )[0]
    shift = sessions.sign_up(actor=actor, session=soon, volunteer=hull.dana, role=hull.helper)
    page = coordinator_client.get(reverse("volunteering:session", args=[soon.pk])).content
    assert b"Check in" in page
    url = reverse("volunteering:check-in", args=[soon.pk, shift.pk])
    assert coordinator_client.post(url).status_code == 302
    shift.refresh_from_db()
    assert shift.checked_in_at is not None
    assert Hours.objects.get(shift=shift).status == HoursStatus.LOGGED
    again = coordinator_client.post(url, follow=True).content.decode()
    assert "You have already checked in" in again


def test_checking_in_before_the_day_is_refused_with_a_message(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:check-in", args=[hull.session.pk, hull.shift.pk])
    page = coordinator_client.post(url, follow=True).content.decode()
    assert "Check in on the day" in page
    hull.shift.refresh_from_db()
    assert hull.shift.checked_in_at is None


def test_a_session_is_cancelled(hull: Scene, coordinator_client: Client) -> None:
    url = reverse("volunteering:cancel-session", args=[hull.session.pk])
    assert "1 volunteer signed up" in coordinator_client.get(url).content.decode()
    assert coordinator_client.post(url, {"version": 1}).status_code == 302
    hull.session.refresh_from_db()
    assert hull.session.cancelled and hull.session.version == 2
    assert Shift.objects.filter(pk=hull.shift.pk, withdrawn_at__isnull=True).exists()


# --- Hours ----------------------------------------------------------------------------------


def test_hours_are_approved_and_a_stale_decision_is_refused(
    hull: Scene, coordinator_client: Client
) -> None:
    page = coordinator_client.get(reverse("volunteering:hours")).content.decode()
    assert "Set up the room" in page and "It took two hours, not one" in page
    assert "60 minutes: Reminder calls" in page and "120 minutes: Reminder calls" in page
    url = reverse("volunteering:decide-hours", args=[hull.hours.pk])
    stale = coordinator_client.post(url, {"decision": "approve", "version": 7}, follow=True)
    assert "It changed since you opened the page" in stale.content.decode()
    hull.hours.refresh_from_db()
    assert hull.hours.status == HoursStatus.LOGGED
    done = coordinator_client.post(url, {"decision": "approve", "version": 1})
    assert done.status_code == 302
    hull.hours.refresh_from_db()
    assert hull.hours.status == HoursStatus.APPROVED


def test_a_change_is_accepted_keeping_the_entry_as_it_was(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:decide-change", args=[hull.change.pk])
    assert coordinator_client.post(url, {}).status_code == 302
    hull.change.refresh_from_db()
    assert hull.change.status == ChangeStatus.REQUESTED
    assert coordinator_client.post(url, {"decision": "accept"}).status_code == 302
    hull.change.refresh_from_db()
    assert hull.change.status == ChangeStatus.ACCEPTED and hull.change.was_minutes == 60
    assert Hours.objects.get(pk=hull.change.hours_id).minutes == 120


def test_the_hours_page_costs_the_same_however_many_are_waiting(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:hours")
    few = page_queries(coordinator_client, url)
    actor = as_coordinator(world.coordinator)
    for name in ("Gil", "Hal", "Ida"):
        helper = vetted(world.coordinator, hull.helper, first_name=name)
        sessions.log_hours(
            actor=actor, volunteer=helper, on=timezone.localdate(), minutes=30, what="Tea"
        )
    assert page_queries(coordinator_client, url) == few


# --- Expenses -------------------------------------------------------------------------------


def test_a_claim_is_approved_then_paid_through_the_ledger(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:expense", args=[hull.expense.pk])
    page = coordinator_client.get(url).content.decode()
    assert "£4.50" in page and "See the receipt" in page
    assert coordinator_client.post(url, {"decision": "approve", "version": 1}).status_code == 302
    hull.expense.refresh_from_db()
    assert hull.expense.status == ExpenseStatus.APPROVED
    listing = coordinator_client.get(reverse("volunteering:expenses")).content.decode()
    assert "£4.50 to Dana Whitley" in listing
    paid = coordinator_client.post(reverse("volunteering:pay-expense", args=[hull.expense.pk]))
    assert paid.status_code == 302
    hull.expense.refresh_from_db()
    assert hull.expense.status == ExpenseStatus.PAID
    assert expenses.owed_to(hull.dana) == 0
    assert ExpenseEntry.objects.filter(volunteer=hull.dana).count() == 4


def test_declining_without_a_reason_is_refused_by_the_field(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:expense", args=[hull.expense.pk])
    response = coordinator_client.post(url, {"decision": "decline", "version": 1})
    assert response.status_code == 200
    assert "Say why the claim is declined" in response.content.decode()
    hull.expense.refresh_from_db()
    assert hull.expense.status == ExpenseStatus.CLAIMED
    paying = coordinator_client.post(
        reverse("volunteering:pay-expense", args=[hull.expense.pk]), follow=True
    )
    assert "This claim is already waiting for a decision" in paying.content.decode()
    assert not ExpenseEntry.objects.exists()


def test_the_receipt_is_served_to_the_coordinator_and_logged(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    on_probation = vetted(world.coordinator, hull.helper, first_name="Al", person=world.person)
    with TestCase.captureOnCommitCallbacks(execute=True):
        claim = expenses.claim(
            actor=as_coordinator(world.coordinator),
            volunteer=on_probation,
            spent_on=timezone.localdate(),
            what="Bus",
            amount=300,
            receipt=a_png(),
        )
    response = coordinator_client.get(reverse("volunteering:expense-receipt", args=[claim.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None and entry.what == "Volunteer expense receipt"
    assert entry.operation == Operation.CONSULT and entry.subject_id == world.person.pk


def test_the_expenses_page_costs_the_same_however_many_claims(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:expenses")
    few = page_queries(coordinator_client, url)
    actor = as_coordinator(world.coordinator)
    for name in ("Gil", "Hal"):
        helper = vetted(world.coordinator, hull.helper, first_name=name)
        with TestCase.captureOnCommitCallbacks(execute=True):
            claim = expenses.claim(
                actor=actor,
                volunteer=helper,
                spent_on=timezone.localdate(),
                what="Bus",
                amount=300,
                receipt=a_png(),
            )
        expenses.approve(actor=actor, expense=claim, expected_version=1)
    assert page_queries(coordinator_client, url) == few


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        ("session", "session"),
        ("cancel-session", "session"),
        ("expense", "expense"),
        ("expense-receipt", "expense"),
    ],
)
def test_another_offices_coordinator_gets_404(
    hull: Scene, beverley_client: Client, name: str, subject: str
) -> None:
    url = reverse(f"volunteering:{name}", args=[getattr(hull, subject).pk])
    assert beverley_client.get(url).status_code == 404


def test_another_offices_coordinator_cannot_decide_hulls_hours_or_pay(
    hull: Scene, beverley_client: Client
) -> None:
    for url in (
        reverse("volunteering:decide-hours", args=[hull.hours.pk]),
        reverse("volunteering:decide-change", args=[hull.change.pk]),
        reverse("volunteering:pay-expense", args=[hull.expense.pk]),
        reverse("volunteering:check-in", args=[hull.session.pk, hull.shift.pk]),
    ):
        assert beverley_client.post(url, {"decision": "approve"}).status_code == 404
    hull.hours.refresh_from_db()
    assert hull.hours.status == HoursStatus.LOGGED
