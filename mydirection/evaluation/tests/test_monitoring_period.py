"""A period on every figure (issue 16, item 2): each figure keeps the records dated in it,
the page shows the last 12 whole months unless another period is chosen, and the grouped queries
agree with counting the records one by one."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.appointments.models import (
    Appointment,
    NeedDiscussed,
    Outcome,
    OutcomeKind,
    ToolUsed,
)
from mydirection.appointments.testing import AppointmentFactory, OutcomeFactory, local
from mydirection.dates import add_months, start_of
from mydirection.evaluation import monitoring
from mydirection.evaluation.monitoring import Dimension
from mydirection.evaluation.period import (
    ALL,
    Period,
    last_12_months,
    last_whole_months,
    whole_months,
)
from mydirection.people.models import Consent, ConsentPurpose
from mydirection.testing import OrderFactory, PersonFactory, World, allocate, sign_in

pytestmark = pytest.mark.usefixtures("summaries_recounted")  # records written directly

# --- The period's rules, without the database ------------------------------------------------


def test_the_last_12_months_end_today_and_start_the_day_after_a_year_ago() -> None:
    assert last_12_months(date(2026, 12, 6)) == Period(date(2025, 12, 7), date(2026, 12, 6))
    # The end of a month is kept within the month.
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert last_12_months(date(2024, 2, 29)).since == date(2023, 3, 1)


def test_a_local_day_starts_at_midnight_in_london_summer_and_winter() -> None:
    assert start_of(date(2026, 7, 1)) == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    assert start_of(date(2026, 12, 1)) == datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def test_the_page_default_is_the_last_12_whole_months_read_from_the_summaries_alone() -> None:
    year = last_whole_months(date(2026, 12, 7))
    assert year == Period(date(2025, 12, 1), date(2026, 11, 30))
    assert last_whole_months(date(2026, 1, 1)) == Period(date(2025, 1, 1), date(2025, 12, 31))
    assert last_whole_months(date(2024, 3, 31), 1) == Period(date(2024, 2, 1), date(2024, 2, 29))
    months = whole_months(year)
    assert months is not None
    assert (months.whole, months.edges) == (year, ())


def test_a_period_says_what_it_covers() -> None:
    assert Period(date(2025, 4, 1), date(2026, 3, 31)).text == "from 1 April 2025 to 31 March 2026"
    assert Period(until=date(2026, 3, 31)).text == "to 31 March 2026"
    assert ALL.text == "all time"


# --- The figures ---------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def contact(person, staff, days, outcome, needs=(), tools=()):
    appointment = AppointmentFactory.create(person=person, staff=staff, starts_at=local(days))
    made = OutcomeFactory.create(appointment=appointment, outcome=outcome)
    NeedDiscussed.objects.bulk_create([NeedDiscussed(outcome=made, area=a) for a in needs])
    ToolUsed.objects.bulk_create([ToolUsed(outcome=made, tool=t) for t in tools])
    return appointment


def mine(rows: list[dict[str, object]], world: World) -> dict[str, object]:
    (row,) = [row for row in rows if row["group"] == world.cm.display_name]
    return row


@pytestmark_db
def test_appointments_count_in_the_period_once_live_and_two_tools_count_once(
    world: World,
) -> None:
    a = OutcomeKind
    contact(world.person, world.cm, -10, a.ATTENDED_COMPLIED, tools=["one_page_profile"])
    contact(
        world.person,
        world.cm,
        -9,
        a.ATTENDED_COMPLIED,
        ["accommodation", "finances"],
        ["one_page_profile", "good_day_bad_day"],
    )
    cancelled = contact(world.person, world.cm, -8, a.ATTENDED_COMPLIED, ["finances"])
    Appointment.objects.filter(pk=cancelled.pk).update(status="cancelled")
    contact(world.person, world.cm, -6, a.TO_BE_RESCHEDULED)  # not happened yet
    contact(world.person, world.cm, -40, a.ATTENDED_COMPLIED, ["finances"])  # before the period
    today = timezone.localdate()
    period = Period(today - timedelta(days=20), today)
    by = Dimension.CASE_MANAGER
    assert mine(monitoring.attendance(by, period=period), world)["with_outcome"] == 2
    tools = mine(monitoring.tools_used(by, period=period), world)
    assert (tools["attended"], tools["with_tools"], tools["one_page_profile"]) == (2, 2, 2)
    needs = mine(monitoring.needs_discussed(by, period=period), world)
    assert (needs["accommodation"], needs["finances"]) == (1, 1)
    assert mine(monitoring.attendance(by), world)["with_outcome"] == 3  # all time
    # The period's last day counts whole; the day after it does not.
    assert (
        mine(monitoring.attendance(by, period=Period(until=today - timedelta(days=9))), world)[
            "with_outcome"
        ]
        == 3
    )
    assert not monitoring.attendance(by, period=Period(since=today + timedelta(days=1)))


@pytestmark_db
def test_people_consents_and_decisions_are_cut_by_their_own_dates(world: World) -> None:
    today = timezone.localdate()
    last_year = Period(today - timedelta(days=365), today)

    def hull(period: Period = ALL) -> int:
        rows = monitoring.people_on_programme(Dimension.OFFICE, period=period)
        return sum(row["people"] for row in rows if row["group"] == "Hull")

    before, before_in_period = hull(), hull(last_year)
    # A person whose order ended three years ago was not on probation in the last year.
    gone = allocate(PersonFactory.create(team=world.team_a), world.cm)
    gone.orders.all().delete()
    OrderFactory.create(
        person=gone,
        sentence_date=today - timedelta(days=5 * 365),
        start_date=today - timedelta(days=5 * 365),
        end_date=today - timedelta(days=3 * 365),
    )
    current = allocate(PersonFactory.create(team=world.team_a), world.cm)
    current.orders.all().delete()
    OrderFactory.create(
        person=current,
        sentence_date=today - timedelta(days=30),
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=300),
    )
    assert (hull(), hull(last_year)) == (before + 2, before_in_period + 1)
    Consent.objects.create(
        person=world.person,
        purpose=ConsentPurpose.EVALUATION,
        given_on=today - timedelta(days=400),
        recorded_by=world.cm,
    )
    assert monitoring.consents(Dimension.OFFICE)[0]["given"] >= 1
    assert not monitoring.consents(Dimension.OFFICE, period=Period(since=today))


@pytestmark_db
def test_the_page_shows_the_last_12_months_unless_another_period_is_chosen(
    world: World,
) -> None:
    today = timezone.localdate()
    contact(world.person, world.cm, -500, OutcomeKind.ATTENDED_COMPLIED)  # over a year ago
    contact(world.person, world.cm, -today.day - 3, OutcomeKind.FAILED_TO_ATTEND)  # last month
    contact(world.person, world.cm, 1 - today.day, OutcomeKind.ATTENDED_COMPLIED)  # this month
    client = sign_in(Client(), world.programme_manager)
    url = reverse("evaluation:home")
    page = client.get(url).content.decode()
    year = last_whole_months(today)
    assert f"the last 12 whole months ({year.text})" in page
    assert "This month is shown once it has ended" in page
    assert "In the period: appointments in it." in page
    assert "As it is today: no period applies." in page  # trained case managers
    assert client.get(url).context["figures"][4]["shown"].rows[0].cells[1] == "1"
    # Both dates empty: all time.
    everything = client.get(url, {"by": "office"})
    assert "all time" in everything.content.decode()
    assert everything.context["figures"][4]["shown"].rows[0].cells[1] == "3"
    assert "whole months" not in everything.content.decode()
    # A period that ends before it starts is refused next to its field.
    wrong = client.get(
        url,
        {
            "since_0": "1",
            "since_1": "4",
            "since_2": "2026",
            "until_0": "1",
            "until_1": "3",
            "until_2": "2026",
        },
    ).content.decode()
    assert "The end of the period must be the same as or after its start" in wrong


@pytestmark_db
def test_the_grouped_queries_agree_with_counting_row_by_row(world: World) -> None:
    """Many random contacts, counted by walking the records in Python: the same figures."""
    draw = random.Random(4)  # test data, not security
    other = allocate(PersonFactory.create(team=world.team_b), world.elsewhere)
    people = [(world.person, world.cm), (other, world.elsewhere)]
    areas, tools = ["accommodation", "drug_use", "finances"], ["one_page_profile", "wheel"]
    for day in range(-60, 0):
        person, staff = draw.choice(people)
        made = contact(
            person,
            staff,
            day,
            draw.choice(list(OutcomeKind)),
            draw.sample(areas, draw.randrange(3)),
            draw.sample(tools, draw.randrange(3)),
        )
        if draw.random() < 0.1:
            Appointment.objects.filter(pk=made.pk).update(status="superseded")
    # An edit of an outcome moves it between the figures.
    edited = Outcome.objects.filter(outcome=OutcomeKind.ATTENDED_COMPLIED).first()
    assert edited is not None
    edited.outcome = OutcomeKind.UNACCEPTABLE_ABSENCE
    edited.save()
    since = timezone.localdate() - timedelta(days=30)
    expected: dict[str, list[int]] = {}
    for outcome in Outcome.objects.select_related("appointment__staff").prefetch_related(
        "needs", "tools"
    ):
        appointment = outcome.appointment
        if (
            appointment.status != "arranged"
            or outcome.outcome == OutcomeKind.TO_BE_RESCHEDULED
            or timezone.localdate(appointment.starts_at) < since
        ):
            continue
        row = expected.setdefault(appointment.staff.display_name, [0, 0, 0, 0])
        row[0] += 1
        if outcome.attended:
            row[1] += 1
            row[2] += bool(outcome.tools.all())
            row[3] += sum(need.area == "finances" for need in outcome.needs.all())
    period = Period(since=since)
    by = Dimension.CASE_MANAGER
    attendance = {r["group"]: r for r in monitoring.attendance(by, period=period)}
    used = {r["group"]: r for r in monitoring.tools_used(by, period=period)}
    needs = {r["group"]: r for r in monitoring.needs_discussed(by, period=period)}
    got = {
        group: [
            attendance[group]["with_outcome"],
            attendance[group]["attended"],
            used.get(group, {}).get("with_tools", 0),
            needs.get(group, {}).get("finances", 0),
        ]
        for group in attendance
    }
    assert got == expected
    assert sum(row[0] for row in expected.values()) > 10
