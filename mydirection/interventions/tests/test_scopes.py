"""The partner's and the volunteer's narrow scopes in the access policy: open referrals to
their own organisation (or group), only what the person agreed to share, never a record."""

import pytest

from mydirection.access.models import Restriction
from mydirection.access.policy import (
    Action,
    decide,
    partner_referrals,
    shared_with_provider,
    visible_to,
    volunteer_referrals,
    with_limited_access,
)
from mydirection.interventions.models import Shared, Status
from mydirection.interventions.selectors import groups_of, what_the_provider_sees
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.people.models import Person
from mydirection.staff.models import Organisation
from mydirection.testing import World

pytestmark = pytest.mark.django_db


def test_a_partner_sees_only_open_referrals_to_their_organisation(world: World) -> None:
    ours = an_intervention(world.hull, provider=world.partner.organisation)
    theirs = an_intervention(
        world.hull, provider=Organisation.objects.create(name="Women's centre"), name="Drop-in"
    )
    open_one = a_referral(world.person, ours, world.cm, status=Status.ACCEPTED)
    a_referral(world.restricted_person, ours, world.cm, status=Status.COMPLETED)
    a_referral(world.unallocated_person, ours, world.cm, status=Status.NOT_REFERRED)
    a_referral(world.other_person, theirs, world.elsewhere)
    assert list(partner_referrals(world.partner)) == [open_one]
    # Nobody else reaches a referral this way, and a partner worker of no organisation none.
    for user in (world.cm, world.senior, world.volunteer, world.programme_manager):
        assert not partner_referrals(user).exists()
    world.partner.organisation = None
    assert not partner_referrals(world.partner).exists()


def test_a_restricted_case_is_out_of_a_partner_s_reach(world: World) -> None:
    ours = an_intervention(world.hull, provider=world.partner.organisation)
    a_referral(world.restricted_person, ours, world.cm)
    assert Restriction.objects.filter(person=world.restricted_person).exists()
    assert not partner_referrals(world.partner).exists()


def test_a_partner_never_opens_the_record(world: World) -> None:
    ours = an_intervention(world.hull, provider=world.partner.organisation)
    a_referral(world.person, ours, world.cm)
    assert not visible_to(world.partner).exists()
    person = with_limited_access(Person.objects.filter(pk=world.person.pk), world.partner).get()
    assert not decide(world.partner, person, Action.VIEW).may_know_it_exists


def test_the_provider_reads_only_what_the_person_agreed_to_share(world: World) -> None:
    world.person.phone = "07700 900 123"
    world.person.address = "12 Dock Street"
    world.person.save()
    ours = an_intervention(world.hull, provider=world.partner.organisation)
    referral = a_referral(
        world.person,
        ours,
        world.cm,
        shares_contact=False,
        shares_note=True,
        note_for_provider="Prefers mornings",
    )
    assert shared_with_provider(referral) == [Shared.NAME, Shared.NOTE]
    seen = {field.label: field.value for field in what_the_provider_sees(referral)}
    assert seen == {"Name": world.person.full_name, "From their case manager": "Prefers mornings"}
    assert "07700 900 123" not in seen.values()
    referral.status = Status.COMPLETED
    assert what_the_provider_sees(referral) == []


def test_a_volunteer_knows_first_names_in_their_own_groups(world: World) -> None:
    group = an_intervention(world.hull, name="Walking group")
    group.volunteers.add(world.volunteer)
    other = an_intervention(world.hull, name="Cooking group")
    world.person.preferred_name = "Al"
    world.person.save()
    a_referral(world.person, group, world.cm, status=Status.STARTED)
    a_referral(world.unallocated_person, group, world.cm)  # not accepted yet
    a_referral(world.restricted_person, group, world.cm, status=Status.STARTED)  # restricted
    a_referral(world.other_person, other, world.elsewhere, status=Status.STARTED)
    groups = groups_of(volunteer_referrals(world.volunteer))
    assert [(g.intervention.name, g.first_names) for g in groups] == [("Walking group", ["Al"])]
    assert not volunteer_referrals(world.partner).exists()
    assert not volunteer_referrals(world.cm).exists()
