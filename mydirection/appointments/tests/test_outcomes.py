"""Recording contacts, enforcement decided by people, and the order's delivery."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.appointments import selectors
from mydirection.appointments.models import (
    ContactNote,
    EnforcementDecision,
    NeedDiscussed,
    OutcomeKind,
    ToolUsed,
    UnpaidWorkEntry,
)
from mydirection.appointments.services import enforcement, outcomes
from mydirection.appointments.services.unpaid_work import log_unpaid_work
from mydirection.appointments.testing import AppointmentFactory, OutcomeFactory, local
from mydirection.people.models import Requirement, RequirementType
from mydirection.testing import World, acting
from mydirection.versioning import StaleEdit

pytestmark = pytest.mark.django_db


def attended(**extra: object) -> outcomes.OutcomeDetails:
    values: dict[str, object] = {
        "outcome": OutcomeKind.ATTENDED_COMPLIED,
        "actual_minutes": 40,
        "needs": ["accommodation", "drug_use"],
        "tools": ["good_day_bad_day"],
        "facts": "Has a bed at the hostel until Friday.",
        "assessment": "Motivated to keep the place.",
    }
    return outcomes.OutcomeDetails(**(values | extra))  # type: ignore[arg-type]


def test_an_outcome_stores_needs_tools_and_notes_as_rows(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    outcomes.record_outcome(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        appointment=appointment,
        details=attended(conversation="1"),
        expected_version=None,
    )
    assert sorted(NeedDiscussed.objects.values_list("area", flat=True)) == [
        "accommodation",
        "drug_use",
    ]
    assert list(ToolUsed.objects.values_list("tool", flat=True)) == ["good_day_bad_day"]
    assert sorted(ContactNote.objects.values_list("kind", flat=True)) == ["assessment", "fact"]
    assert appointment.outcome.conversation == "1"


def test_an_outcome_for_the_future_is_refused(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(1))
    with pytest.raises(ValidationError) as error:
        outcomes.record_outcome(
            actor=acting(world.cm, appointment.person),
            appointment=appointment,
            details=attended(),
            expected_version=None,
        )
    assert "once the appointment has started" in str(error.value.message_dict["outcome"])


def test_an_acceptable_absence_needs_its_reason_and_no_needs(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    with pytest.raises(ValidationError) as error:
        outcomes.record_outcome(
            actor=acting(world.cm, appointment.person),
            appointment=appointment,
            details=attended(outcome=OutcomeKind.ACCEPTABLE_ABSENCE, actual_minutes=None),
            expected_version=None,
        )
    assert set(error.value.message_dict) == {"absence_reason", "needs"}
    assert not NeedDiscussed.objects.exists()


def test_two_editors_of_an_outcome_cannot_overwrite_each_other(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    first = outcomes.record_outcome(
        actor=acting(world.cm, appointment.person),
        appointment=appointment,
        details=attended(),
        expected_version=None,
    )
    outcomes.record_outcome(
        actor=acting(world.cm, appointment.person),
        appointment=appointment,
        details=attended(needs=["finances"]),
        expected_version=first.version,
    )
    with pytest.raises(StaleEdit):
        outcomes.record_outcome(
            actor=acting(world.senior, appointment.person),
            appointment=appointment,
            details=attended(needs=["alcohol_use"]),
            expected_version=first.version,
        )
    with pytest.raises(StaleEdit):  # a second "first" record, opened before the first
        outcomes.record_outcome(
            actor=acting(world.senior, appointment.person),
            appointment=appointment,
            details=attended(),
            expected_version=None,
        )
    assert list(NeedDiscussed.objects.values_list("area", flat=True)) == ["finances"]


def test_an_unacceptable_absence_waits_for_a_named_decision(world: World) -> None:
    appointment = AppointmentFactory.create(
        person=world.person, staff=world.cm, starts_at=local(-2)
    )
    OutcomeFactory.create(appointment=appointment, outcome=OutcomeKind.UNACCEPTABLE_ABSENCE)
    for user in (world.cm, world.senior):
        assert [a.pk for a in selectors.needing_decision(user)] == [appointment.pk]
    assert selectors.needing_decision(world.colleague) == []
    assert selectors.needing_decision(world.elsewhere) == []
    # Nothing is decided for them: no decision exists until a person records one.
    assert not EnforcementDecision.objects.exists()
    enforcement.decide_enforcement(
        actor=acting(world.cm, appointment.person),
        appointment=appointment,
        decision="pending",
        reason="Letter sent",
    )
    assert len(selectors.needing_decision(world.cm)) == 1
    enforcement.decide_enforcement(
        actor=acting(world.senior, appointment.person),
        appointment=appointment,
        decision="warning",
        reason="First failure; reason given was weak",
    )
    assert selectors.needing_decision(world.cm) == []
    decision = EnforcementDecision.objects.order_by("-decided_at").first()
    assert decision is not None and decision.decided_by == world.senior


def test_the_twelve_month_count_is_shown_to_the_decider(world: World) -> None:
    for days in (-400, -100, -2):
        a = AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(days))
        OutcomeFactory.create(appointment=a, outcome=OutcomeKind.UNACCEPTABLE_ABSENCE)
    summary = selectors.enforcement_summary(world.person, local(0).date())
    assert summary.failures == 2 and summary.threshold_reached
    latest = selectors.needing_decision(world.cm)[-1]
    assert latest.failures_in_period == 2  # type: ignore[attr-defined]


def test_a_decision_on_an_attended_appointment_is_refused(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-2))
    OutcomeFactory.create(appointment=appointment)
    with pytest.raises(ValidationError):
        enforcement.decide_enforcement(
            actor=acting(world.cm, appointment.person),
            appointment=appointment,
            decision="breach",
            reason="x",
        )


def unpaid_work(world: World, amount: int = 100) -> Requirement:
    return Requirement.objects.create(
        order=world.person.orders.get(), requirement_type=RequirementType.UNPAID_WORK, amount=amount
    )


def test_hours_move_the_requirement_and_cannot_pass_its_total(world: World) -> None:
    requirement = unpaid_work(world, amount=10)
    today = local(0).date()
    log_unpaid_work(
        actor=acting(world.cm, world.person),
        requirement=requirement,
        worked_on=today,
        hours=7,
        project="Park",
    )
    requirement.refresh_from_db()
    assert requirement.completed == 7 and requirement.status == "in_progress"
    with pytest.raises(ValidationError) as error:
        log_unpaid_work(
            actor=acting(world.cm, world.person),
            requirement=requirement,
            worked_on=today,
            hours=4,
            project="",
        )
    assert "Only 3 hours are left" in str(error.value.message_dict["hours"])
    log_unpaid_work(
        actor=acting(world.cm, world.person),
        requirement=requirement,
        worked_on=today,
        hours=3,
        project="",
    )
    requirement.refresh_from_db()
    assert requirement.completed == 10 and requirement.status == "completed"


def test_rar_days_count_attended_days_marked_as_such(world: World) -> None:
    for days, outcome in ((-9, OutcomeKind.ATTENDED_COMPLIED), (-2, OutcomeKind.FAILED_TO_ATTEND)):
        a = AppointmentFactory.create(
            person=world.person, starts_at=local(days), counts_as_rar=True
        )
        OutcomeFactory.create(appointment=a, outcome=outcome)
    same_day = AppointmentFactory.create(
        person=world.person, starts_at=local(-9, 14), counts_as_rar=True
    )
    OutcomeFactory.create(appointment=same_day)
    unmarked = AppointmentFactory.create(person=world.person, starts_at=local(-5))
    OutcomeFactory.create(appointment=unmarked)
    rar = Requirement.objects.create(
        order=world.person.orders.get(),
        requirement_type=RequirementType.REHABILITATION_ACTIVITY,
        amount=10,
    )
    assert selectors.requirement_progress(rar).done == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_concurrent_logging_loses_no_hours(world: World) -> None:
    requirement = unpaid_work(world, amount=60)
    errors: list[BaseException] = []
    refused: list[ValidationError] = []
    barrier = threading.Barrier(8)
    today = local(0).date()

    def log() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                try:
                    log_unpaid_work(
                        actor=acting(world.cm, world.person),
                        requirement=Requirement.objects.get(pk=requirement.pk),
                        worked_on=today,
                        hours=2,
                        project="",
                    )
                except ValidationError as error:
                    refused.append(error)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    requirement.refresh_from_db()
    logged = sum(UnpaidWorkEntry.objects.values_list("hours", flat=True))
    # 8 x 5 x 2 = 80 hours tried against 60: exactly 60 logged, the rest refused.
    assert requirement.completed == logged == 60
    assert len(refused) == 10


def test_the_enforcement_list_applies_the_rule_of_the_persons_order(world: World) -> None:
    from mydirection.appointments import rules
    from mydirection.people.models import OrderType
    from mydirection.testing import OrderFactory

    world.person.orders.all().delete()
    OrderFactory.create(person=world.person, order_type=OrderType.LICENCE)
    appointment = AppointmentFactory.create(
        person=world.person, staff=world.cm, starts_at=local(-2)
    )
    OutcomeFactory.create(appointment=appointment, outcome=OutcomeKind.UNACCEPTABLE_ABSENCE)
    [listed] = selectors.needing_decision(world.cm)
    rule = getattr(listed, "rule")  # noqa: B009 (set by the selector, not a field)
    assert rule == rules.rule_for(OrderType.LICENCE)
    assert rule != rules.rule_for(OrderType.COMMUNITY_ORDER)
