"""The "Needs attention" panel on the person's overview and the caseload home (issue 20,
item 1): risk first, each item linking to where it is dealt with, through the access policy,
logged, and at a cost that does not grow with the caseload."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Exclusion, Operation
from mydirection.access.policy import Relation
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.caseload.testing import everything_for, in_crisis
from mydirection.interventions.models import Interest
from mydirection.interventions.testing import an_intervention
from mydirection.plans.models import Conversation
from mydirection.practice import ConversationKind
from mydirection.testing import (
    OrderFactory,
    PersonFactory,
    World,
    allocate,
    page_queries,
    sign_in,
)
from mydirection.volunteering import testing as volunteering
from mydirection.volunteering.models import ConcernOutcome
from mydirection.volunteering.services import circles
from mydirection.volunteering.tests.builders import a_circle, circle_volunteers

pytestmark = pytest.mark.django_db

TAGS = re.compile(r'<strong class="govuk-tag[^"]*">([^<]+)</strong></dt>')


def tags(page: str) -> list[str]:
    return TAGS.findall(page)


def test_the_overview_shows_what_needs_attention_risk_first(world: World) -> None:
    everything_for(world.person, world.cm)
    client = sign_in(Client(), world.cm)
    page = client.get(reverse("people:overview", args=[world.person.pk])).content.decode()

    assert "Needs attention" in page
    assert page.index("Needs attention") < page.index("Current order")
    assert "5 things to do, most urgent first" in page
    assert tags(page) == [
        "Message to check",
        "Crisis",
        "Absence to decide",
        "Outcome to record",
        "Move request",
        "Next appointment",
    ]
    review = (timezone.localdate() + timedelta(days=10)).strftime("%-d %B %Y")
    assert f"Review the emergency plan by {review}" in page
    person = world.person.pk
    assert f'href="/people/{person}/plan/"' in page
    assert f'href="/people/{person}/conversation/#message-' in page
    assert page.count(f'href="/people/{person}/appointments/') >= 3
    assert f'href="/people/{person}/app/move-requests/' in page


def test_an_overdue_crisis_review_comes_before_everything(world: World) -> None:
    everything_for(world.person, world.cm)
    in_crisis(world.person, world.cm, review_in_days=-1)
    page = sign_in(Client(), world.cm).get(reverse("people:overview", args=[world.person.pk]))
    assert tags(page.content.decode())[0] == "Crisis: review overdue"


def test_dealing_with_an_item_takes_it_off_the_panel(world: World) -> None:
    everything_for(world.person, world.cm)
    client = sign_in(Client(), world.cm)
    client.get(reverse("messaging:thread", args=[world.person.pk]))  # read: checked
    Conversation.objects.create(  # a later conversation moves the crisis on
        person=world.person,
        kind=ConversationKind.GOOD_LIFE,
        held_on=timezone.localdate(),
        by=world.cm,
    )
    page = client.get(reverse("people:overview", args=[world.person.pk])).content.decode()
    assert "Message to check" not in tags(page)
    assert "Crisis" not in tags(page)
    assert "Outcome to record" in tags(page)


def test_nothing_to_do_says_so(world: World) -> None:
    page = sign_in(Client(), world.cm).get(reverse("people:overview", args=[world.person.pk]))
    assert "Nothing needs attention now." in page.content.decode()


def test_the_caseload_home_lists_them_across_the_caseload_named(world: World) -> None:
    everything_for(world.person, world.cm)
    everything_for(world.other_person, world.elsewhere)  # not on my caseload
    everything_for(world.excluded_from_person, world.colleague)  # a colleague's
    client = sign_in(Client(), world.cm)

    page = client.get(reverse("caseload:home")).content.decode()

    assert page.index("Needs attention") < page.index("Showing 1 to")
    assert "5 things to do for 1 person, most urgent first" in page
    assert tags(page) == [
        "Message to check",
        "Crisis",
        "Absence to decide",
        "Outcome to record",
        "Move request",
    ]  # the next appointment is the overview's only
    assert "Alex Quinn: Crisis since" in page
    for someone_else in (world.other_person, world.excluded_from_person):
        assert str(someone_else.pk) not in page


def test_the_caseload_home_leaves_out_cases_the_policy_hides(world: World) -> None:
    hidden = allocate(PersonFactory.create(team=world.team_a), world.cm)
    everything_for(hidden, world.cm)
    Exclusion.objects.create(
        person=hidden,
        user=world.cm,
        reason="Knows the family",
        message="You are excluded from this case.",
        created_by=world.senior,
    )
    page = sign_in(Client(), world.cm).get(reverse("caseload:home")).content.decode()
    assert str(hidden.pk) not in page
    assert "Nothing needs attention now." in page


def test_the_caseload_panel_is_in_the_access_log(world: World) -> None:
    everything_for(world.person, world.cm)
    everything_for(world.restricted_person, world.cm)  # restricted, and cm is named on it
    sign_in(Client(), world.cm).get(reverse("caseload:home"))
    logged = AccessLogEntry.objects.filter(operation=Operation.CONSULT, what="Needs attention")
    assert set(logged.values_list("subject_id", flat=True)) == {
        world.person.pk,
        world.restricted_person.pk,
    }


def test_the_caseload_home_logs_its_lists_in_one_write(world: World) -> None:
    """The table, the panel and the interests: each list's people logged under its own
    name, with the relation that let the user in, in one write (an ``INSERT``, or
    PostgreSQL's ``COPY``)."""
    everything_for(world.person, world.cm)
    Interest.objects.create(
        person=world.restricted_person, intervention=an_intervention(world.hull), at=timezone.now()
    )
    with CaptureQueriesContext(connection) as queries:
        sign_in(Client(), world.cm).get(reverse("caseload:home"))
    writes = [
        q
        for q in queries
        if q["sql"].startswith(("INSERT", "COPY")) and '"access_accesslogentry"' in q["sql"]
    ]
    assert len(writes) == 1
    logged = AccessLogEntry.objects.filter(operation=Operation.CONSULT)
    assert {(e.what, e.subject_id, e.relation) for e in logged} == {
        ("My caseload", world.person.pk, Relation.CASE_MANAGER),
        ("My caseload", world.restricted_person.pk, Relation.CASE_MANAGER),
        ("Needs attention", world.person.pk, Relation.CASE_MANAGER),
        ("Interested in an intervention", world.restricted_person.pk, Relation.CASE_MANAGER),
    }


def test_outcomes_from_my_diary_count_for_people_i_do_not_hold(world: World) -> None:
    """Cover: the case manager saw someone else's person; the outcome is theirs to record."""
    covered = AppointmentFactory.create(
        person=world.excluded_from_person, staff=world.cm, starts_at=local(-1)
    )
    page = sign_in(Client(), world.cm).get(reverse("caseload:home")).content.decode()
    assert tags(page) == ["Outcome to record"]
    assert reverse("appointments:outcome", args=[world.excluded_from_person.pk, covered.pk]) in (
        page
    )


def grow(world: World, n: int) -> None:
    for _ in range(n):
        person = allocate(PersonFactory.create(team=world.team_a), world.cm)
        OrderFactory.create(person=person)
        everything_for(person, world.cm)


def test_the_caseload_home_costs_the_same_with_2_or_8_people_needing_attention(
    world: World,
) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("caseload:home")
    grow(world, 2)
    two = page_queries(client, url)
    grow(world, 6)
    assert page_queries(client, url) == two
    assert "40 things to do for 8 people" in client.get(url).content.decode()


def test_the_overview_costs_the_same_with_more_to_do(world: World) -> None:
    client = sign_in(Client(), world.cm)
    url = reverse("people:overview", args=[world.person.pk])
    everything_for(world.person, world.cm, days_ago=2)
    one = page_queries(client, url)
    for days_ago in (3, 4, 5):
        everything_for(world.person, world.cm, days_ago=days_ago)
    assert page_queries(client, url) == one


def test_an_appointment_still_under_way_has_no_outcome_due_yet(world: World) -> None:
    AppointmentFactory.create(
        person=world.person, staff=world.colleague, starts_at=timezone.now() - timedelta(minutes=10)
    )
    page = sign_in(Client(), world.cm).get(reverse("people:overview", args=[world.person.pk]))
    assert "Outcome to record" not in tags(page.content.decode())


def test_a_circle_volunteers_concern_reaches_the_case_manager_until_it_is_triaged(
    world: World,
) -> None:
    # A restriction can keep the coordinator away from a circle's focus person: the case
    # manager, who always holds the case, sees the concern and reads it on the record.
    coord = volunteering.coordinator(world)
    ash = circle_volunteers(coord, 1)
    circle = a_circle(world, coord, volunteers=ash)
    concern = circles.raise_concern(
        actor=volunteering.as_coordinator(coord),
        circle=circle,
        by=ash[0],
        what="He said he has nowhere to sleep this week",
    )
    client = sign_in(Client(), world.cm)
    person = world.person.pk
    overview = client.get(reverse("people:overview", args=[person])).content.decode()
    assert tags(overview) == ["Volunteer concern"]
    assert f'href="/people/{person}/interventions/#volunteer-concerns"' in overview
    assert "Volunteer concern" in client.get(reverse("caseload:home")).content.decode()
    record = client.get(reverse("interventions:person", args=[person])).content.decode()
    assert "He said he has nowhere to sleep this week" in record
    assert "Not triaged yet" in record

    circles.triage(
        actor=volunteering.as_coordinator(coord),
        concern=concern,
        outcome=ConcernOutcome.CASE_MANAGER,
        note="Rang the case manager; housing options booked",
        expected_version=1,
    )
    overview = client.get(reverse("people:overview", args=[person])).content.decode()
    assert "Volunteer concern" not in tags(overview)
    record = client.get(reverse("interventions:person", args=[person])).content.decode()
    assert "Passed to the case manager" in record and "housing options booked" in record
