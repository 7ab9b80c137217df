"""The caseload shows the live caseload (issue 20, item 9): finished cases leave the default
list and a filter shows them, a finished case is not reallocated, risk sorts highest first,
and a reallocation offers each case manager with their live caseload and their training."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.caseload.models import Allocation
from mydirection.caseload.services import AllocationRefused, allocate
from mydirection.people.models import Person, RiskLevel
from mydirection.staff.models import Training, TrainingCourse
from mydirection.testing import OrderFactory, PersonFactory, World, acting, sign_in
from mydirection.testing import allocate as give

pytestmark = pytest.mark.django_db

HANDOVER = {
    "reason": "Cover",
    "what_matters": "Work",
    "key_history": "History",
}


def finished_case(world: World, holder=None, **names: str) -> Person:
    """A person whose only order ended a year ago."""
    person = give(PersonFactory.create(team=world.team_a, **names), holder or world.cm)
    today = timezone.localdate()
    OrderFactory.create(
        person=person,
        sentence_date=today - timedelta(days=730),
        end_date=today - timedelta(days=365),
        termination_reason="completed",
        terminated_at=timezone.now(),
    )
    return person


def names_listed(page: str) -> list[str]:
    return re.findall(r'href="/people/[0-9a-f-]+/">([^<]+)</a>', page)


def test_finished_cases_leave_the_default_list_and_a_filter_shows_them(world: World) -> None:
    gone = finished_case(world, first_name="Ellis", last_name="Finchley")
    client = sign_in(Client(), world.cm)

    live = client.get(reverse("caseload:home")).content.decode()
    assert "Finchley, Ellis" not in names_listed(live)
    assert "Quinn, Alex" in names_listed(live)
    assert "Finished cases" in live  # the filter's choice

    finished = client.get(reverse("caseload:home"), {"status": "finished"}).content.decode()
    assert names_listed(finished) == ["Finchley, Ellis"]
    assert "No current order: ended, completed" in finished

    everyone = client.get(reverse("caseload:home"), {"status": "all"}).content.decode()
    assert {"Finchley, Ellis", "Quinn, Alex"} <= set(names_listed(everyone))
    assert gone.case_manager == world.cm  # still held: only the list changed


def test_the_counts_are_of_the_live_caseload(world: World) -> None:
    client = sign_in(Client(), world.cm)
    before = client.get(reverse("caseload:home")).context["counts"].total
    finished_case(world)
    assert client.get(reverse("caseload:home")).context["counts"].total == before


def test_a_finished_case_cannot_be_reallocated(world: World) -> None:
    person = finished_case(world)
    client = sign_in(Client(), world.cm)
    allocation_page = client.get(reverse("caseload:allocation", args=[person.pk])).content.decode()
    assert "Reallocate the case" not in allocation_page
    assert "This case has finished" in allocation_page

    response = client.post(
        reverse("caseload:reallocate", args=[person.pk]),
        HANDOVER | {"case_manager": str(world.colleague.pk)},
    )

    assert response.status_code == 200
    assert "This case has finished (no order is current), so it cannot be reallocated" in (
        response.content.decode()
    )
    person.refresh_from_db()
    assert person.case_manager == world.cm
    assert Allocation.objects.filter(person=person).count() == 1


def test_a_finished_unallocated_case_is_not_allocated_either(world: World) -> None:
    person = world.unallocated_person
    OrderFactory.create(person=person, ended_early_on=timezone.localdate() - timedelta(days=2))
    with pytest.raises(AllocationRefused, match="cannot be allocated"):
        allocate(actor=acting(world.senior, person), person=person, case_manager=world.colleague)
    assert not Allocation.objects.filter(person=person).exists()


def test_a_new_order_makes_a_finished_case_live_again(world: World) -> None:
    person = finished_case(world)
    OrderFactory.create(person=person)
    response = sign_in(Client(), world.cm).post(
        reverse("caseload:reallocate", args=[person.pk]),
        HANDOVER | {"case_manager": str(world.colleague.pk)},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("name", ["caseload:home", "caseload:team"])
def test_sorting_by_risk_puts_the_highest_first(world: World, name: str) -> None:
    for level, last_name in [
        (RiskLevel.MEDIUM, "Medium"),
        (RiskLevel.VERY_HIGH, "Veryhigh"),
        (RiskLevel.LOW, "Low"),
        (RiskLevel.HIGH, "High"),
    ]:
        person = give(
            PersonFactory.create(team=world.team_a, last_name=last_name, risk_level=level),
            world.cm,
        )
        OrderFactory.create(person=person)
    client = sign_in(Client(), world.senior if name == "caseload:team" else world.cm)
    page = client.get(reverse(name)).content.decode()
    # The Risk column's first click sorts highest first.
    link = re.search(r'href="\?([^"]*)">Risk</a>', page)
    assert link is not None and "sort=-risk" in link.group(1)

    sorted_page = client.get(reverse(name), {"sort": "-risk"}).content.decode()
    order = [n.split(",")[0] for n in names_listed(sorted_page)]
    ours = [n for n in order if n in {"Medium", "Veryhigh", "Low", "High"}]
    assert ours == ["Veryhigh", "High", "Medium", "Low"]
    assert 'aria-sort="descending"' in sorted_page


def test_a_reallocation_offers_each_case_manager_with_caseload_and_training(
    world: World,
) -> None:
    for _ in range(2):
        OrderFactory.create(person=give(PersonFactory.create(team=world.team_a), world.colleague))
    finished_case(world, holder=world.colleague)  # not counted: finished
    Training.objects.create(
        user=world.colleague, course=TrainingCourse.PERSON_CENTRED, completed_on=date(2026, 3, 9)
    )
    Training.objects.create(
        user=world.excluded, course=TrainingCourse.STRENGTHS_BASED, completed_on=date(2026, 4, 1)
    )
    page = (
        sign_in(Client(), world.cm)
        .get(reverse("caseload:reallocate", args=[world.person.pk]))
        .content.decode()
    )
    # Each case manager is a radio, with a hint; the colleague also holds the world's
    # excluded-from case: 3 live cases.
    hints = dict(
        re.findall(
            r'for="[^"]+">([^<]+)</label>\s*<div id="[^"]+-hint" class="govuk-hint '
            r'govuk-radios__hint">([^<]+)</div>',
            page,
        )
    )
    assert hints["Priya Natarajan (Team A)"] == "3 live cases; person-centred training March 2026"
    assert hints["Dominic Roberts (Team A)"] == "0 live cases; no person-centred training"
    assert 'aria-describedby="id_case_manager_0-hint"' in page


def test_the_team_page_counts_live_cases(world: World) -> None:
    finished_case(world, holder=world.colleague)
    page = sign_in(Client(), world.senior).get(reverse("caseload:team"))
    sizes = {member.pk: member.caseload_size for member in page.context["members"]}
    assert sizes[world.colleague.pk] == 1  # the world's excluded-from case only


def test_the_team_page_shows_each_course_once(world: World) -> None:
    """Monthly action learning sets are one line with how often, not a line a session."""
    for month in (2, 3, 4):
        Training.objects.create(
            user=world.colleague,
            course=TrainingCourse.ACTION_LEARNING,
            completed_on=date(2026, month, 10),
        )
    page = sign_in(Client(), world.senior).get(reverse("caseload:team")).content.decode()
    assert "Action Learning Set (3 times, last Apr 2026)" in page
    assert page.count("Action Learning Set") == 1


def test_pages_of_the_caseload_carry_the_counts_of_the_whole_caseload(world: World) -> None:
    """Each page's rows and the counts over everyone come from one query: a later page
    still counts everyone, a page past the end shows the last one, and a page that is not a
    number the first."""
    for n in range(55):  # with the world's own, two pages of 50
        give(PersonFactory.create(team=world.team_a, last_name=f"Zz{n:02}"), world.cm)
    client = sign_in(Client(), world.cm)
    everyone = client.get(reverse("caseload:home")).context["counts"].total
    assert everyone > 55

    second = client.get(reverse("caseload:home"), {"page": 2})
    assert second.context["counts"].total == everyone
    assert second.context["page"].number == 2
    assert len(names_listed(second.content.decode())) == everyone - 50
    assert f"Showing 51 to {everyone} of {everyone} people" in " ".join(
        second.content.decode().split()
    )

    past_the_end = client.get(reverse("caseload:home"), {"page": 9})
    assert past_the_end.context["page"].number == 2
    assert past_the_end.context["counts"].total == everyone
    assert names_listed(past_the_end.content.decode()) == names_listed(second.content.decode())

    not_a_number = client.get(reverse("caseload:home"), {"page": "last"})
    assert not_a_number.context["page"].number == 1
    assert len(names_listed(not_a_number.content.decode())) == 50

    nobody = client.get(reverse("caseload:home"), {"q": "Nobody-by-this-name", "page": "3"})
    assert nobody.context["counts"].total == 0
    assert "No people match these filters" in nobody.content.decode()
