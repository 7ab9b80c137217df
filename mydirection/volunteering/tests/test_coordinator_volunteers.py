"""The coordinator's home, volunteers and vetting pages: the right thing saved, refusals shown
by the field with nothing saved, 404 for another office, the access log, and list pages in a
constant number of queries."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.testing import World, page_queries
from mydirection.volunteering.models import (
    Check,
    CheckLevel,
    Decision,
    Placement,
    Reference,
    Stage,
    Supervision,
    TrainingRecord,
    Volunteer,
)
from mydirection.volunteering.testing import Scene, a_volunteer, vetted


def _page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(f"volunteering:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_puts_concerns_first_and_links_everything_waiting(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    page = _page(coordinator_client, "home")
    concern = page.index("1 concern to triage now")
    assert concern < page.index("entry of hours to approve")
    assert "moj-ticket-panel__content--red" in page
    assert reverse("volunteering:triage", args=[hull.concern.pk]) in page
    assert "He said he has nowhere to sleep this week" in page
    assert "change to hours to decide" in page and "expense claim to decide" in page
    # The circle's minutes are overdue; both referrals are new.
    assert "1 meeting without minutes after 48 hours" in page
    assert reverse("volunteering:form-circle", args=[hull.circle_referral.pk]) in page
    assert reverse("volunteering:mentoring-referral", args=[hull.mentoring_referral.pk]) in page
    # Each person on probation shown is logged, as the coordinator (relation volunteering).
    logged = AccessLogEntry.objects.filter(what="Volunteering home", operation=Operation.CONSULT)
    assert set(logged.values_list("subject_id", flat=True)) == {
        world.unallocated_person.pk,
        world.person.pk,
    }
    assert set(logged.values_list("relation", flat=True)) == {Relation.VOLUNTEERING}


def test_the_home_page_flags_overdue_supervision_and_low_wellbeing(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    Placement.objects.filter(volunteer=hull.dana).update(
        starts_on=timezone.localdate() - timedelta(days=60)
    )
    response = coordinator_client.post(
        reverse("volunteering:supervision", args=[hull.mo.pk]),
        {
            "kind": "wellbeing",
            "held_on_0": timezone.localdate().day,
            "held_on_1": timezone.localdate().month,
            "held_on_2": timezone.localdate().year,
            "wellbeing": "2",
            "notes": "Finding the group hard going",
        },
    )
    assert response.status_code == 302
    assert Supervision.objects.get(volunteer=hull.mo).wellbeing == 2
    page = _page(coordinator_client, "home")
    supervision = page[page.index("Supervision overdue") : page.index("Wellbeing to follow up")]
    assert "Dana Whitley" in supervision
    wellbeing = page[page.index("Wellbeing to follow up") : page.index("Circles with minutes")]
    assert "Mo Farrah" in wellbeing and "2 out of 5" in wellbeing


def test_the_home_page_costs_the_same_however_many_volunteers(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:home")
    few = page_queries(coordinator_client, url)
    for name in ("Gil", "Hal", "Ida", "Jo"):
        vetted(world.coordinator, hull.helper, first_name=name)
        vetted(world.coordinator, hull.mentor_role, first_name=name + "m")
    assert page_queries(coordinator_client, url) == few


def test_the_volunteers_list_filters_by_stage_and_costs_the_same(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:volunteers")
    applied = coordinator_client.get(url, {"stage": Stage.APPLIED}).content.decode()
    assert "Ari Newman" in applied and "Dana Whitley" not in applied
    everyone = _page(coordinator_client, "volunteers")
    assert "Ari Newman" in everyone and "Recovery group helper" in everyone
    few = page_queries(coordinator_client, url)
    for name in ("Gil", "Hal", "Ida"):
        vetted(world.coordinator, hull.helper, first_name=name)
    assert page_queries(coordinator_client, url) == few


def test_a_volunteer_who_is_on_probation_is_logged_and_others_are_not(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    on_probation = a_volunteer(world.coordinator, first_name="Alex", person=world.person)
    before = AccessLogEntry.objects.count()
    _page(coordinator_client, "volunteer", hull.dana.pk)
    assert AccessLogEntry.objects.count() == before
    _page(coordinator_client, "volunteer", on_probation.pk)
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None and entry.subject_id == world.person.pk
    assert entry.relation == Relation.VOLUNTEERING and entry.operation == Operation.CONSULT


def test_adding_a_volunteer_saves_their_application(
    world: World, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        reverse("volunteering:add-volunteer"),
        {
            "first_name": "Lee",
            "last_name": "Gray",
            "phone": "07700 900456",
            "lived_experience": "yes",
            "motivation": "I want to give back",
        },
    )
    added = Volunteer.objects.get(first_name="Lee")
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteering:volunteer", args=[added.pk])
    assert added.office == world.hull and added.lived_experience
    assert added.stage == Stage.APPLIED and added.user is None


def test_an_application_without_names_is_refused_and_nothing_saved(
    coordinator_client: Client,
) -> None:
    response = coordinator_client.post(reverse("volunteering:add-volunteer"), {})
    assert response.status_code == 200
    assert "Enter their first name" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_a_check_offers_only_levels_up_to_the_roles_and_the_service_refuses_above(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:ask-check", args=[hull.ari.pk])
    picker = coordinator_client.get(url).content.decode()
    assert "Recovery group helper: standard check" in picker
    page = coordinator_client.get(url, {"role": str(hull.helper.pk)}).content.decode()
    assert "Basic check" in page and "Standard check" in page
    assert "Enhanced check" not in page
    response = coordinator_client.post(url, {"role": hull.helper.pk, "level": CheckLevel.ENHANCED})
    assert response.status_code == 200
    assert "so an enhanced check cannot be asked for" in response.content.decode()
    assert not Check.objects.filter(volunteer=hull.ari).exists()
    response = coordinator_client.post(url, {"role": hull.helper.pk, "level": CheckLevel.BASIC})
    assert response.status_code == 302
    assert Check.objects.get(volunteer=hull.ari).level == CheckLevel.BASIC


def test_the_certificate_is_recorded_as_metadata_and_a_bad_number_refused(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:decide-check", args=[hull.dana.pk, hull.check.pk])
    page = coordinator_client.get(url).content.decode()
    assert "Never record what the certificate says" in page
    today = timezone.localdate()
    values = {
        "version": 1,
        "certificate_number": "1234",
        "issued_on_0": today.day,
        "issued_on_1": today.month,
        "issued_on_2": today.year,
        "update_service": "no",
        "decision": Decision.CLEAR,
    }
    refused = coordinator_client.post(url, values)
    assert refused.status_code == 200
    assert "Enter the 12-digit certificate number" in refused.content.decode()
    hull.check.refresh_from_db()
    assert hull.check.decision == Decision.PENDING
    done = coordinator_client.post(url, values | {"certificate_number": "009876543210"})
    assert done.status_code == 302
    hull.check.refresh_from_db()
    assert hull.check.decision == Decision.CLEAR
    assert hull.check.certificate_number == "009876543210"


def test_a_check_changed_meanwhile_is_not_overwritten(
    hull: Scene, coordinator_client: Client
) -> None:
    Check.objects.filter(pk=hull.check.pk).update(version=2)
    today = timezone.localdate()
    response = coordinator_client.post(
        reverse("volunteering:decide-check", args=[hull.dana.pk, hull.check.pk]),
        {
            "version": 1,
            "certificate_number": "009876543210",
            "issued_on_0": today.day,
            "issued_on_1": today.month,
            "issued_on_2": today.year,
            "update_service": "yes",
            "decision": Decision.CLEAR,
        },
    )
    assert response.status_code == 200
    assert "This changed since you opened the page" in response.content.decode()
    hull.check.refresh_from_db()
    assert hull.check.decision == Decision.PENDING


def test_references_are_asked_for_and_recorded(hull: Scene, coordinator_client: Client) -> None:
    response = coordinator_client.post(
        reverse("volunteering:ask-reference", args=[hull.ari.pk]),
        {"referee": "Pat Boss", "relationship": "Employer"},
    )
    assert response.status_code == 302
    reference = Reference.objects.get(volunteer=hull.ari)
    hull.ari.refresh_from_db()
    assert hull.ari.stage == Stage.VETTING
    url = reverse("volunteering:receive-reference", args=[hull.ari.pk, reference.pk])
    assert coordinator_client.post(url, {}).status_code == 200
    assert coordinator_client.post(url, {"satisfactory": "yes"}).status_code == 302
    reference.refresh_from_db()
    assert reference.satisfactory is True and reference.received_on == timezone.localdate()


def test_giving_a_role_shows_what_stops_it_and_the_service_refuses_by_the_field(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:give-role", args=[hull.ari.pk])
    page = coordinator_client.get(url, {"role": str(hull.helper.pk)}).content.decode()
    assert "This role cannot be given yet" in page
    assert "Ari needs 2 satisfactory references (0 so far)" in page
    assert "Give the role" not in page
    refused = coordinator_client.post(url, {"role": str(hull.helper.pk)})
    assert refused.status_code == 200
    assert "Ari has not signed the boundaries agreement" in refused.content.decode()
    assert not Placement.objects.filter(volunteer=hull.ari).exists()


def test_a_vetted_volunteer_is_given_a_role_and_it_can_be_ended(
    world: World, hull: Scene, coordinator_client: Client
) -> None:
    TrainingRecord.objects.create(
        volunteer=hull.dana,
        course="peer_mentoring",
        completed_on=timezone.localdate(),
        recorded_by=world.coordinator,
    )
    Check.objects.filter(pk=hull.check.pk).update(
        level=CheckLevel.ENHANCED, decision=Decision.CLEAR
    )
    url = reverse("volunteering:give-role", args=[hull.dana.pk])
    page = coordinator_client.get(url, {"role": str(hull.mentor_role.pk)}).content.decode()
    assert "They have everything the role needs" in page
    assert coordinator_client.post(url, {"role": str(hull.mentor_role.pk)}).status_code == 302
    placement = Placement.objects.get(volunteer=hull.dana, role=hull.mentor_role)
    end = reverse("volunteering:end-role", args=[hull.dana.pk, placement.pk])
    assert coordinator_client.post(end).status_code == 302
    placement.refresh_from_db()
    assert placement.ended_on == timezone.localdate()


def test_leaving_needs_a_reason_and_ends_every_role(
    hull: Scene, coordinator_client: Client
) -> None:
    url = reverse("volunteering:stage", args=[hull.dana.pk])
    refused = coordinator_client.post(url, {"version": hull.dana.version, "stage": Stage.LEFT})
    assert refused.status_code == 200
    assert "Say why" in refused.content.decode()
    hull.dana.refresh_from_db()
    assert hull.dana.stage == Stage.ACTIVE
    done = coordinator_client.post(
        url,
        {"version": hull.dana.version, "stage": Stage.LEFT, "stage_reason": "Moved to Leeds"},
    )
    assert done.status_code == 302
    hull.dana.refresh_from_db()
    assert hull.dana.stage == Stage.LEFT
    assert not hull.dana.placements.filter(ended_on__isnull=True).exists()


@pytest.mark.parametrize(
    "name",
    [
        "volunteer",
        "ask-reference",
        "ask-check",
        "suitability",
        "training",
        "boundaries",
        "give-role",
        "stage",
        "supervision",
    ],
)
def test_another_offices_coordinator_gets_404(
    hull: Scene, beverley_client: Client, name: str
) -> None:
    url = reverse(f"volunteering:{name}", args=[hull.dana.pk])
    assert beverley_client.get(url).status_code == 404
    assert beverley_client.post(url).status_code in (404, 405)


def test_another_offices_coordinator_sees_none_of_hulls_volunteers(
    hull: Scene, beverley_client: Client
) -> None:
    page = beverley_client.get(reverse("volunteering:volunteers")).content.decode()
    assert "Dana" not in page and "0 volunteers" in page
    home = beverley_client.get(reverse("volunteering:home")).content.decode()
    assert "concern to triage" not in home and "Quinn" not in home
