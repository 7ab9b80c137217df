"""A volunteer's way in: references, a check asked for no higher than the role allows and
recorded as metadata, training, the boundaries agreement, and a role only when all are done."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mydirection.access.models import AccessLogEntry
from mydirection.staff.models import User
from mydirection.testing import World
from mydirection.volunteering.models import (
    Check,
    CheckLevel,
    Course,
    Decision,
    Placement,
    Role,
    Stage,
    SuitabilityDecision,
    Volunteer,
)
from mydirection.volunteering.services import vetting
from mydirection.volunteering.testing import a_role, a_volunteer, as_coordinator, vetted


def test_a_vetted_and_trained_volunteer_is_given_the_role_and_becomes_active(
    coord: User, helper_role: Role
) -> None:
    volunteer = vetted(coord, helper_role)
    assert volunteer.stage == Stage.ACTIVE
    placement = Placement.objects.get(volunteer=volunteer)
    assert (placement.role, placement.given_by, placement.ended_on) == (helper_role, coord, None)


def test_a_role_is_refused_until_every_step_is_done_and_nothing_is_saved(
    coord: User, helper_role: Role
) -> None:
    actor = as_coordinator(coord)
    volunteer = a_volunteer(coord)
    with pytest.raises(ValidationError) as refused:
        vetting.give_role(actor=actor, volunteer=volunteer, role=helper_role)
    messages = refused.value.message_dict["role"]
    assert "Dana needs 2 satisfactory references (0 so far)" in messages
    assert "Recovery group helper needs a cleared standard check" in messages
    assert "Dana has not done the training: Volunteer induction" in messages
    assert "Dana has not signed the boundaries agreement" in messages
    assert not Placement.objects.exists()
    assert Volunteer.objects.get().stage == Stage.APPLIED


def test_a_check_is_not_asked_for_above_the_roles_eligibility(
    coord: User, helper_role: Role
) -> None:
    volunteer = a_volunteer(coord)
    with pytest.raises(ValidationError) as refused:
        vetting.request_check(
            actor=as_coordinator(coord),
            volunteer=volunteer,
            role=helper_role,
            level=CheckLevel.ENHANCED,
        )
    assert "cannot be asked for" in refused.value.message_dict["level"][0]
    assert not Check.objects.exists()


def test_a_check_keeps_its_number_date_and_decision_and_nothing_of_its_content(
    coord: User, helper_role: Role
) -> None:
    actor = as_coordinator(coord)
    volunteer = a_volunteer(coord)
    check = vetting.request_check(
        actor=actor, volunteer=volunteer, role=helper_role, level=CheckLevel.STANDARD
    )
    assert Volunteer.objects.get().stage == Stage.VETTING
    with pytest.raises(ValidationError) as refused:
        vetting.decide_check(
            actor=actor,
            check=check,
            certificate_number="12345",
            issued_on=timezone.localdate() + timedelta(days=1),
            update_service=False,
            decision=Decision.PENDING,
            expected_version=1,
        )
    assert set(refused.value.message_dict) == {"certificate_number", "issued_on", "decision"}
    vetting.decide_check(
        actor=actor,
        check=check,
        certificate_number=" 001234567890 ",
        issued_on=timezone.localdate(),
        update_service=True,
        decision=Decision.CLEAR,
        expected_version=1,
    )
    check.refresh_from_db()
    assert (check.certificate_number, check.decision, check.decided_by) == (
        "001234567890",
        Decision.CLEAR,
        coord,
    )
    # Metadata only: the model has nowhere to put what a certificate says.
    assert not {"content", "disclosure", "convictions", "details"} & {
        field.name for field in Check._meta.get_fields()
    }


def test_a_volunteer_with_lived_experience_needs_a_suitability_decision(
    world: World, coord: User
) -> None:
    role = a_role(name="Peer mentor", check_level=CheckLevel.ENHANCED, mentoring=True)
    mentor = vetted(coord, role, person=world.person, first_name="Jordan")
    assert mentor.lived_experience
    assert mentor.suitability_decisions.get().decision == SuitabilityDecision.SUITABLE
    # Every change about a person on probation who volunteers is logged about them.
    entries = AccessLogEntry.objects.filter(subject_id=world.person.pk)
    whats = set(entries.values_list("what", flat=True))
    assert {"Volunteer", "Volunteer check", "Volunteer suitability", "Volunteer training"} <= whats
    assert set(entries.values_list("relation", flat=True)) == {"volunteering"}


def test_someone_without_lived_experience_has_no_suitability_decision(
    coord: User,
) -> None:
    volunteer = a_volunteer(coord)
    with pytest.raises(ValidationError):
        vetting.decide_suitability(
            actor=as_coordinator(coord),
            volunteer=volunteer,
            decision=SuitabilityDecision.SUITABLE,
            factors="…",
        )


def test_leaving_needs_a_reason_and_ends_every_role(coord: User, helper_role: Role) -> None:
    volunteer = vetted(coord, helper_role)
    actor = as_coordinator(coord)
    with pytest.raises(ValidationError):
        vetting.change_stage(
            actor=actor, volunteer=volunteer, stage=Stage.LEFT, expected_version=volunteer.version
        )
    vetting.change_stage(
        actor=actor,
        volunteer=volunteer,
        stage=Stage.LEFT,
        reason="Moved to Leeds",
        expected_version=volunteer.version,
    )
    assert Volunteer.objects.get().stage == Stage.LEFT
    assert Placement.objects.get().ended_on == timezone.localdate()


def test_supervision_is_due_by_the_most_frequent_role(coord: User) -> None:
    weekly = a_role(name="Reminder texts", check_level=CheckLevel.BASIC, supervision_days=14)
    monthly = a_role(name="Room set-up", check_level=CheckLevel.NONE, training=[])
    volunteer = vetted(coord, weekly)
    vetting.give_role(actor=as_coordinator(coord), volunteer=volunteer, role=monthly)
    today = timezone.localdate()
    assert vetting.supervision_due(volunteer) == today + timedelta(days=14)
    vetting.record_supervision(
        actor=as_coordinator(coord),
        volunteer=volunteer,
        kind="wellbeing",
        held_on=today,
        wellbeing=2,
        notes="Tired; fewer sessions for a month",
    )
    assert vetting.supervision_due(volunteer) == today + timedelta(days=14)
    with pytest.raises(ValidationError) as refused:
        vetting.record_supervision(
            actor=as_coordinator(coord),
            volunteer=volunteer,
            kind="wellbeing",
            held_on=today,
            wellbeing=9,
        )
    assert "wellbeing" in refused.value.message_dict


def test_training_is_recorded_once_a_day_and_not_in_the_future(coord: User) -> None:
    volunteer = a_volunteer(coord)
    actor = as_coordinator(coord)
    today = timezone.localdate()
    vetting.record_training(
        actor=actor, volunteer=volunteer, course=Course.SAFEGUARDING, completed_on=today
    )
    with pytest.raises(ValidationError):
        vetting.record_training(
            actor=actor, volunteer=volunteer, course=Course.SAFEGUARDING, completed_on=today
        )
    with pytest.raises(ValidationError):
        vetting.record_training(
            actor=actor,
            volunteer=volunteer,
            course=Course.INDUCTION,
            completed_on=today + timedelta(days=1),
        )
