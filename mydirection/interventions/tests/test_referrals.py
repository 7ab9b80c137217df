"""Referral services: the decision, the provider's answer, sessions and endings, and the
catalogue's pause and withdrawal; each refusal saves nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.interventions.models import (
    EndReason,
    Interest,
    Intervention,
    Reason,
    Referral,
    Shared,
    Status,
    Suitability,
)
from mydirection.interventions.rules import By
from mydirection.interventions.services import catalogue
from mydirection.interventions.services.referrals import (
    Decision,
    decide,
    express_interest,
    finish,
    record_session,
    respond,
    withdraw,
)
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.people import timeline
from mydirection.plans.testing import a_plan
from mydirection.testing import World, acting
from mydirection.versioning import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def time_bank(world: World) -> Intervention:
    return an_intervention(world.hull, provider=world.partner.organisation, capacity=2)


def suitable(intervention: Intervention, **changes: object) -> Decision:
    values: dict[str, object] = {
        "intervention": intervention,
        "suitability": Suitability.SUITABLE,
        "consent": True,
        "shares": frozenset({Shared.CONTACT}),
        "note_for_provider": "Keen on gardening",
    }
    return Decision(**(values | changes))  # type: ignore[arg-type]


def partner(world: World) -> StaffActor:
    return StaffActor(world.partner, Relation.PARTNER)


def test_a_referral_from_a_plan_step_is_sent_and_disclosed(world: World, time_bank) -> None:
    goal, step, _ = a_plan(world.person, world.cm)
    referral = decide(
        actor=acting(world.cm, world.person),
        person=world.person,
        decision=suitable(time_bank, step=step),
    )
    assert (referral.status, referral.goal, referral.step) == (Status.SENT, goal, step)
    assert referral.consent_given_on == timezone.localdate()
    assert referral.shared_items == [Shared.NAME, Shared.CONTACT]
    disclosed = AccessLogEntry.objects.get(operation=Operation.DISCLOSE)
    assert disclosed.recipients == "Hull Time Bank"
    assert disclosed.details["shared"] == ["name", "contact"]
    assert disclosed.subject_id == world.person.pk
    assert list(referral.events.values_list("status", flat=True)) == [Status.SENT]


def test_without_consent_nothing_is_saved(world: World, time_bank) -> None:
    entries = AccessLogEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        decide(
            actor=acting(world.cm, world.person),
            person=world.person,
            decision=suitable(time_bank, consent=False),
        )
    assert "consent" in refused.value.message_dict
    assert not Referral.objects.exists()
    assert AccessLogEntry.objects.count() == entries


def test_a_goal_of_someone_else_s_is_refused(world: World, time_bank) -> None:
    goal, _, _ = a_plan(world.other_person, world.elsewhere)
    with pytest.raises(ValidationError, match="their goals"):
        decide(
            actor=acting(world.cm, world.person),
            person=world.person,
            decision=suitable(time_bank, goal=goal),
        )


def test_the_same_open_referral_twice_is_refused(world: World, time_bank) -> None:
    decide(actor=acting(world.cm, world.person), person=world.person, decision=suitable(time_bank))
    with pytest.raises(ValidationError, match="already have an open referral"):
        decide(
            actor=acting(world.cm, world.person),
            person=world.person,
            decision=suitable(time_bank),
        )
    assert Referral.objects.count() == 1


def test_a_full_intervention_is_refused_and_a_place_freed_is_taken(world: World, time_bank) -> None:
    first = a_referral(world.restricted_person, time_bank, world.cm)
    a_referral(world.unallocated_person, time_bank, world.cm)
    with pytest.raises(ValidationError, match="full"):
        decide(
            actor=acting(world.cm, world.person),
            person=world.person,
            decision=suitable(time_bank),
        )
    withdraw(
        actor=acting(world.cm, world.restricted_person),
        referral_id=first.pk,
        expected_version=first.version,
        end_reason=EndReason.PERSON_CHANGED_MIND,
    )
    decide(actor=acting(world.cm, world.person), person=world.person, decision=suitable(time_bank))


def test_a_decision_not_to_refer_is_recorded_without_consent(world: World, time_bank) -> None:
    referral = decide(
        actor=acting(world.cm, world.person),
        person=world.person,
        decision=Decision(
            intervention=time_bank,
            suitability=Suitability.NOT_SUITABLE,
            reason=Reason.RISK,
            reason_detail="Exchanges happen in people's homes",
            shares=frozenset({Shared.CONTACT}),
            note_for_provider="Should not be kept",
        ),
    )
    assert (referral.status, referral.reason) == (Status.NOT_REFERRED, Reason.RISK)
    assert referral.consent_given_on is None and referral.shared_items == []
    assert referral.note_for_provider == ""
    assert not AccessLogEntry.objects.filter(operation=Operation.DISCLOSE).exists()
    assert AccessLogEntry.objects.filter(what="Suitability decision").exists()


def test_a_paused_intervention_takes_no_referral_until_it_reopens(world: World, time_bank) -> None:
    manager = StaffActor.about_no_person(world.programme_manager)
    catalogue.pause(
        actor=manager,
        intervention_id=time_bank.pk,
        expected_version=1,
        reason="The coordinator is on leave",
        until=None,
    )
    with pytest.raises(ValidationError, match="paused"):
        decide(
            actor=acting(world.cm, world.person),
            person=world.person,
            decision=suitable(time_bank),
        )
    catalogue.reopen(actor=manager, intervention_id=time_bank.pk, expected_version=2)
    decide(actor=acting(world.cm, world.person), person=world.person, decision=suitable(time_bank))


def test_a_pause_cannot_end_in_the_past(world: World, time_bank) -> None:
    with pytest.raises(ValidationError, match="today or in the future"):
        catalogue.pause(
            actor=StaffActor.about_no_person(world.programme_manager),
            intervention_id=time_bank.pk,
            expected_version=1,
            reason="Leave",
            until=timezone.localdate() - timedelta(days=1),
        )


def test_capacity_cannot_fall_below_the_open_referrals(world: World, time_bank) -> None:
    a_referral(world.person, time_bank, world.cm)
    a_referral(world.restricted_person, time_bank, world.cm)
    with pytest.raises(ValidationError, match="cannot be less than 2"):
        catalogue.change_intervention(
            actor=StaffActor.about_no_person(world.programme_manager),
            intervention_id=time_bank.pk,
            expected_version=1,
            capacity=1,
        )


def test_withdrawing_an_intervention_ends_its_open_referrals_and_loses_none(
    world: World, time_bank
) -> None:
    waiting = a_referral(world.person, time_bank, world.cm)
    going = a_referral(world.restricted_person, time_bank, world.cm, status=Status.STARTED)
    done = a_referral(world.unallocated_person, time_bank, world.cm, status=Status.COMPLETED)
    ended = catalogue.withdraw(
        actor=StaffActor.about_no_person(world.programme_manager),
        intervention_id=time_bank.pk,
        expected_version=1,
        reason="Funding ended",
    )
    assert ended == 2
    for referral, status in ((waiting, Status.WITHDRAWN), (going, Status.ENDED_EARLY)):
        referral.refresh_from_db()
        assert referral.status == status
        assert referral.end_reason == EndReason.INTERVENTION_STOPPED
        assert referral.status_note == "Funding ended"
        assert referral.events.last().status == status  # type: ignore[union-attr]
    done.refresh_from_db()
    assert done.status == Status.COMPLETED
    assert Referral.objects.count() == 3
    with pytest.raises(StaleEdit):  # withdrawn is for good
        catalogue.reopen(
            actor=StaffActor.about_no_person(world.programme_manager),
            intervention_id=time_bank.pk,
            expected_version=2,
        )


def test_the_provider_accepts_records_sessions_and_completes(world: World, time_bank) -> None:
    referral = a_referral(world.person, time_bank, world.cm)
    referral = respond(
        actor=partner(world), referral_id=referral.pk, expected_version=1, accept=True
    )
    today = timezone.localdate()
    record_session(
        actor=partner(world), referral_id=referral.pk, on=today - timedelta(days=7), attended=False
    )
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED  # a missed session starts nothing
    record_session(actor=partner(world), referral_id=referral.pk, on=today, attended=True)
    referral.refresh_from_db()
    assert (referral.status, referral.started_on) == (Status.STARTED, today)
    with pytest.raises(ValidationError, match="already recorded"):
        record_session(actor=partner(world), referral_id=referral.pk, on=today, attended=True)
    with pytest.raises(ValidationError, match="today or in the past"):
        record_session(
            actor=partner(world),
            referral_id=referral.pk,
            on=today + timedelta(days=1),
            attended=True,
        )
    with pytest.raises(ValidationError, match="why it ended early"):
        finish(
            actor=partner(world),
            referral_id=referral.pk,
            expected_version=referral.version,
            completed=False,
            by=By.PROVIDER,
        )
    finish(
        actor=partner(world),
        referral_id=referral.pk,
        expected_version=referral.version,
        completed=True,
        by=By.PROVIDER,
    )
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert [event.status for event in referral.events.all()] == [
        Status.SENT,
        Status.ACCEPTED,
        Status.STARTED,
        Status.COMPLETED,
    ]
    relations = set(
        AccessLogEntry.objects.filter(actor_id=world.partner.pk).values_list("relation", flat=True)
    )
    assert relations == {Relation.PARTNER}


def test_a_decline_says_why_and_a_stale_answer_is_refused(world: World, time_bank) -> None:
    referral = a_referral(world.person, time_bank, world.cm)
    with pytest.raises(ValidationError, match="Say why"):
        respond(actor=partner(world), referral_id=referral.pk, expected_version=1, accept=False)
    respond(
        actor=partner(world),
        referral_id=referral.pk,
        expected_version=1,
        accept=False,
        note="No volunteers on Tuesdays",
    )
    with pytest.raises(StaleEdit):
        respond(actor=partner(world), referral_id=referral.pk, expected_version=1, accept=True)
    referral.refresh_from_db()
    assert (referral.status, referral.status_note) == (Status.DECLINED, "No volunteers on Tuesdays")


def test_a_case_manager_cannot_accept_for_the_provider(world: World, time_bank) -> None:
    referral = a_referral(world.person, time_bank, world.cm)
    with pytest.raises(ValidationError, match="cannot be marked completed"):
        finish(
            actor=acting(world.cm, world.person),
            referral_id=referral.pk,
            expected_version=1,
            completed=True,
            by=By.CASE_MANAGER,
        )


def test_an_interest_is_said_once_and_answered_by_the_decision(world: World, time_bank) -> None:
    actor = PersonActor(world.person)
    first = express_interest(actor=actor, intervention=time_bank, note="I like gardening")
    again = express_interest(actor=actor, intervention=time_bank)
    assert first.pk == again.pk
    decide(
        actor=acting(world.cm, world.person),
        person=world.person,
        decision=suitable(time_bank, interest=first),
    )
    first.refresh_from_db()
    assert first.answered_at is not None
    assert first.referral.status == Status.SENT
    assert express_interest(actor=actor, intervention=time_bank).pk != first.pk
    assert Interest.objects.count() == 2


def test_no_interest_in_a_paused_intervention(world: World, time_bank) -> None:
    Intervention.objects.filter(pk=time_bank.pk).update(availability="paused")
    time_bank.refresh_from_db()
    with pytest.raises(ValidationError, match="not taking anyone new"):
        express_interest(actor=PersonActor(world.person), intervention=time_bank)


def test_each_step_of_a_referral_is_on_the_activity_log(world: World, time_bank) -> None:
    referral = a_referral(world.person, time_bank, world.cm)
    respond(actor=partner(world), referral_id=referral.pk, expected_version=1, accept=True)
    titles = [event.title for event in timeline.events(world.person, timeline.ACTIVITY)]
    assert "Time Bank: accepted" in titles
    assert "Time Bank: waiting for the provider" in titles
