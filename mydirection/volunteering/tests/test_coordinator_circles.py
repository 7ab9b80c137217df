"""The coordinator's peer mentoring and Life Links pages: referrals read as shared, the
conflict check and the match (the referral moves on), "not matched" with reasons for the
coordinator only, circles formed from a referral, their volunteers, concerns triaged and
reviews; 404 for another office; the access log; list pages in a constant number of
queries."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.interventions.models import Status
from mydirection.testing import OrderFactory, PersonFactory, World, allocate, page_queries
from mydirection.volunteering.models import (
    Circle,
    CircleStatus,
    CircleVolunteer,
    ConcernOutcome,
    ConflictCheck,
    Match,
    Mode,
    OuterMember,
    ReviewKind,
    Task,
)
from mydirection.volunteering.services import circles, mentoring
from mydirection.volunteering.testing import Scene, as_coordinator, vetted

NO = {"co_defendant": "no", "victim": "no", "family": "no", "known_associate": "no"}


# --- Peer mentoring -------------------------------------------------------------------------


def test_a_referral_shows_only_what_the_person_agreed_to_share(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    referral = hull.mentoring_referral
    referral.shares_note = False
    referral.reason_detail = "Assaulted a neighbour in 2019"
    referral.save()
    url = reverse("volunteering:mentoring-referral", args=[referral.pk])
    page = coordinator_client.get(url).content.decode()
    assert "Alex Quinn" in page and "Mo F" in page
    assert "Keen on gardening" not in page and "neighbour" not in page
    assert "Theft" not in page and world.person.case_reference not in page
    entry = AccessLogEntry.objects.filter(what="Referral to peer mentoring").get()
    assert entry.subject_id == world.person.pk and entry.relation == Relation.VOLUNTEERING


def test_a_clear_conflict_check_makes_the_match_and_starts_the_referral(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:conflict-check", args=[hull.mentoring_referral.pk])
    form = coordinator_client.get(url, {"mentor": str(hull.mo.pk)}).content.decode()
    assert "Check with both case managers before you answer" in form
    assert "is not on the same caseload while still supervised" in form
    response = coordinator_client.post(url, {"mentor": hull.mo.pk} | NO)
    check = ConflictCheck.objects.get(mentee=world.person)
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteering:conflict-result", args=[check.pk])
    match = Match.objects.get(mentee=world.person)
    assert match.mentor == hull.mo and match.conflict_check == check
    hull.mentoring_referral.refresh_from_db()
    assert hull.mentoring_referral.status == Status.STARTED
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Matched" in page


def test_a_conflict_keeps_the_check_makes_no_match_and_shows_why_to_the_coordinator(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:conflict-check", args=[hull.mentoring_referral.pk])
    response = coordinator_client.post(url, {"mentor": hull.mo.pk} | NO | {"family": "yes"})
    check = ConflictCheck.objects.get(mentee=world.person)
    assert not check.clear and not Match.objects.filter(mentee=world.person).exists()
    hull.mentoring_referral.refresh_from_db()
    assert hull.mentoring_referral.status == Status.SENT
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Not matched" in page and "a family member" in page
    assert "say only that this match cannot be made" in page


def test_the_caseload_rule_is_worked_out_and_shown(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    mentor_person = allocate(PersonFactory.create(team=world.team_a), world.cm)
    OrderFactory.create(person=mentor_person)
    mentor = vetted(world.coordinator, hull.mentor_role, first_name="Rae", person=mentor_person)
    url = reverse("volunteering:conflict-check", args=[hull.mentoring_referral.pk])
    page = coordinator_client.get(url, {"mentor": str(mentor.pk)}).content.decode()
    assert "Same caseload" in page
    coordinator_client.post(url, {"mentor": mentor.pk} | NO)
    check = ConflictCheck.objects.get(mentor=mentor)
    assert check.same_caseload and not check.clear


def test_a_conflict_check_without_answers_is_refused_and_nothing_saved(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:conflict-check", args=[hull.mentoring_referral.pk])
    response = coordinator_client.post(url, {"mentor": str(hull.mo.pk)})
    assert response.status_code == 200
    assert "Select whether they are family" in response.content.decode()
    assert ConflictCheck.objects.count() == 1  # the scene's own


def test_a_match_ends_with_a_reason(hull: Scene, coordinator_client: Client) -> None:
    url = reverse("volunteering:end-match", args=[hull.match.pk])
    refused = coordinator_client.post(url, {})
    assert "Say why the mentoring ends" in refused.content.decode()
    assert coordinator_client.post(url, {"reason": "Sasha moved away"}).status_code == 302
    hull.match.refresh_from_db()
    assert hull.match.ended_on == timezone.localdate()


def test_the_mentoring_page_costs_the_same_however_many_matches(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:mentoring")
    page = coordinator_client.get(url).content.decode()
    assert "Mo Farrah</a> mentors Sasha Wetherby" in page
    few = page_queries(coordinator_client, url)
    for name in ("Gil", "Hal"):
        mentor = vetted(world.coordinator, hull.mentor_role, first_name=name)
        mentee = PersonFactory.create(team=world.team_a)
        mentoring.check_and_match(
            actor=as_coordinator(world.coordinator),
            mentor=mentor,
            mentee=mentee,
            co_defendant=False,
            victim=False,
            family=False,
            known_associate=False,
        )
    assert page_queries(coordinator_client, url) == few


# --- Circles --------------------------------------------------------------------------------


def _chosen(days_ago: int = 3) -> dict[str, object]:
    day = timezone.localdate() - timedelta(days=days_ago)
    return {"chosen_on_0": day.day, "chosen_on_1": day.month, "chosen_on_2": day.year}


def test_a_circle_is_formed_from_a_referral_which_is_then_accepted(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:form-circle", args=[hull.circle_referral.pk])
    response = coordinator_client.post(
        url, {**_chosen(), "purpose": "To get back to football", "mode": Mode.ACCOUNTABILITY}
    )
    circle = Circle.objects.get(person=world.person)
    assert response.status_code == 302
    assert circle.referral == hull.circle_referral and circle.coordinator == world.coordinator
    assert circle.purpose == "To get back to football" and circle.office == world.hull
    hull.circle_referral.refresh_from_db()
    assert hull.circle_referral.status == Status.ACCEPTED
    again = coordinator_client.get(url)
    assert again.status_code == 200
    assert reverse("volunteering:form-circle", args=[hull.circle_referral.pk]) not in (
        coordinator_client.get(reverse("volunteering:circles")).content.decode()
    )


def test_a_circle_without_the_persons_purpose_is_refused_and_nothing_saved(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:form-circle", args=[hull.circle_referral.pk])
    response = coordinator_client.post(url, {**_chosen(), "mode": Mode.SUPPORT})
    assert response.status_code == 200
    assert "Write the circle&#x27;s purpose in the person&#x27;s words" in (
        response.content.decode()
    )
    assert not Circle.objects.filter(person=world.person).exists()


def test_the_circle_page_shows_meetings_minutes_and_the_concern_and_is_logged(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    page = coordinator_client.get(reverse("volunteering:circle", args=[hull.circle.pk]))
    text = page.content.decode()
    assert "Volunteers: 3 of 6" in text and "Overdue" in text
    assert "He said he has nowhere to sleep this week" in text
    assert "Quarterly review due" in text
    entry = AccessLogEntry.objects.filter(
        what="Life Links circle", operation=Operation.CONSULT
    ).get()
    assert entry.subject_id == world.unallocated_person.pk
    assert entry.relation == Relation.VOLUNTEERING


def test_volunteers_join_and_leave_a_circle(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    dee = vetted(world.coordinator, hull.circle_role, first_name="Dee")
    url = reverse("volunteering:add-circle-volunteer", args=[hull.circle.pk])
    assert "Dee Whitley" in coordinator_client.get(url).content.decode()
    assert coordinator_client.post(url, {"volunteer": dee.pk}).status_code == 302
    assert CircleVolunteer.objects.filter(circle=hull.circle, volunteer=dee).exists()
    not_a_circle_volunteer = coordinator_client.post(url, {"volunteer": hull.dana.pk})
    assert not_a_circle_volunteer.status_code == 200
    assert "Select a volunteer" in not_a_circle_volunteer.content.decode()
    remove = reverse("volunteering:remove-circle-volunteer", args=[hull.circle.pk, hull.member.pk])
    assert "Remove Cal Whitley from the circle" in coordinator_client.get(remove).content.decode()
    assert coordinator_client.post(remove).status_code == 302
    hull.member.refresh_from_db()
    assert hull.member.left_on == timezone.localdate()


def test_an_outer_circle_belongs_to_an_accountability_circle_only(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:add-outer-member", args=[hull.circle.pk])
    values = {"name": "PC Shaw", "organisation": "Humberside Police", "role": "Offender manager"}
    refused = coordinator_client.post(url, values)
    assert refused.status_code == 200
    assert "Only an accountability circle has an outer circle" in refused.content.decode()
    Circle.objects.filter(pk=hull.circle.pk).update(mode=Mode.ACCOUNTABILITY)
    assert coordinator_client.post(url, values).status_code == 302
    assert OuterMember.objects.get(circle=hull.circle).organisation == "Humberside Police"


def test_a_task_is_added_for_a_volunteer_in_the_circle(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:add-task", args=[hull.circle.pk])
    member = hull.member.volunteer
    response = coordinator_client.post(
        url, {"what": "Find the football times", "volunteer": member.pk}
    )
    assert response.status_code == 302
    assert Task.objects.get(circle=hull.circle).volunteer == member


def test_a_concern_is_triaged_with_an_outcome_once(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:triage", args=[hull.concern.pk])
    refused = coordinator_client.post(url, {"version": 1, "outcome": ConcernOutcome.CASE_MANAGER})
    assert "Say what was done and why" in refused.content.decode()
    hull.concern.refresh_from_db()
    assert hull.concern.triaged_at is None
    done = coordinator_client.post(
        url,
        {
            "version": 1,
            "outcome": ConcernOutcome.CASE_MANAGER,
            "outcome_note": "Rang his case manager, who is finding him a hostel place",
        },
    )
    assert done.status_code == 302
    hull.concern.refresh_from_db()
    assert hull.concern.outcome == ConcernOutcome.CASE_MANAGER
    assert hull.concern.triaged_by == world.coordinator
    home = coordinator_client.get(reverse("volunteering:home")).content.decode()
    assert "concern to triage now" not in home
    page = coordinator_client.get(url).content.decode()
    assert "Passed to the case manager" in page and "Save the triage" not in page


def test_the_end_of_circle_review_ends_it(hull: Scene, coordinator_client: Client) -> None:
    url = reverse("volunteering:review-circle", args=[hull.circle.pk])
    refused = coordinator_client.post(url, {"kind": ReviewKind.END, "notes": "Went well"})
    assert "Say why the circle ends" in refused.content.decode()
    done = coordinator_client.post(
        url, {"kind": ReviewKind.END, "notes": "Went well", "end_reason": "He has a job now"}
    )
    assert done.status_code == 302
    hull.circle.refresh_from_db()
    assert hull.circle.status == CircleStatus.ENDED
    assert not hull.circle.members.filter(left_on__isnull=True).exists()


def test_the_circles_page_costs_the_same_however_many_circles(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:circles")
    page = coordinator_client.get(url).content.decode()
    assert "Jamie Holloway" in page and "Minutes overdue" in page and "3 of 6" in page
    few = page_queries(coordinator_client, url)
    actor = as_coordinator(world.coordinator)
    for _ in range(3):
        person = PersonFactory.create(team=world.team_a)
        circle = circles.form(
            actor=actor,
            office=world.hull,
            person=person,
            chosen_on=timezone.localdate(),
            purpose="Company",
            mode=Mode.SUPPORT,
            coordinator=world.coordinator,
        )
        circles.add_volunteer(
            actor=actor,
            circle=circle,
            volunteer=vetted(world.coordinator, hull.circle_role, first_name="Zed"),
        )
    assert page_queries(coordinator_client, url) == few
    logged = AccessLogEntry.objects.filter(what="Life Links circles").order_by("-id")
    assert logged.count() >= 5


def test_a_restricted_focus_persons_circle_is_hidden_from_the_coordinator(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    hidden = circles.form(
        actor=as_coordinator(world.coordinator),
        office=world.hull,
        person=world.restricted_person,
        chosen_on=timezone.localdate(),
        purpose="Company",
        mode=Mode.SUPPORT,
        coordinator=world.coordinator,
    )
    page = coordinator_client.get(reverse("volunteering:circles")).content.decode()
    assert "Pennington" not in page
    url = reverse("volunteering:circle", args=[hidden.pk])
    assert coordinator_client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        ("mentoring-referral", "mentoring_referral"),
        ("conflict-check", "mentoring_referral"),
        ("conflict-result", "conflict_check"),
        ("end-match", "match"),
        ("form-circle", "circle_referral"),
        ("circle", "circle"),
        ("add-circle-volunteer", "circle"),
        ("add-outer-member", "circle"),
        ("add-task", "circle"),
        ("review-circle", "circle"),
        ("triage", "concern"),
    ],
)
def test_another_offices_coordinator_gets_404(
    hull: Scene, beverley_client: Client, name: str, subject: str
) -> None:
    url = reverse(f"volunteering:{name}", args=[getattr(hull, subject).pk])
    assert beverley_client.get(url).status_code == 404
    assert beverley_client.post(url).status_code in (404, 405)


def test_another_offices_coordinator_sees_none_of_hulls_circles_or_matches(
    hull: Scene, beverley_client: Client
) -> None:
    for name in ("circles", "mentoring"):
        page = beverley_client.get(reverse(f"volunteering:{name}")).content.decode()
        assert "Holloway" not in page and "Quinn" not in page and "Wetherby" not in page
