"""Retention and erasure: the daily run proposes who is past their period, the data protection
officer confirms or holds, and erasure removes the person's data while the access log's chain
still verifies and past months' monitoring figures stay as they were."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from mydirection.access import checkpoints
from mydirection.access.actor import StaffActor
from mydirection.access.log import record, subject_key, verify_chain
from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Action, decide
from mydirection.appointments.models import Appointment, NeedDiscussed, OutcomeKind, ToolUsed
from mydirection.appointments.testing import AppointmentFactory, OutcomeFactory, local
from mydirection.fund.models import Entry
from mydirection.fund.testing import a_decided_request_with_receipt
from mydirection.messaging.models import PersonMessage
from mydirection.messaging.testing import from_person, from_staff
from mydirection.people.models import Order, Person
from mydirection.plans.models import Goal, Step
from mydirection.plans.testing import a_plan
from mydirection.portal.models import SignInCode
from mydirection.portal.testing import active_account
from mydirection.practice import Area, Tool
from mydirection.rights import retention
from mydirection.rights.erasure import FOR_MONITORING, KEPT
from mydirection.rights.models import ErasureReview, ReviewStatus
from mydirection.rights.subject_access import SOURCES
from mydirection.testing import OrderFactory, World, acting
from mydirection.uploads.models import StoredFile
from mydirection.versioning import StaleEdit
from mydirection.volunteering import testing as volunteering

EIGHT_YEARS_AGO = timezone.localdate() - timedelta(days=8 * 366)


def ended_long_ago(person: Person, on: date = EIGHT_YEARS_AGO) -> None:
    Order.objects.filter(person=person).update(
        sentence_date=on - timedelta(days=380),
        start_date=on - timedelta(days=365),
        end_date=on,
        ended_early_on=None,
    )


def dpo(world: World, person: Person) -> StaffActor:
    return StaffActor(world.dpo, decide(world.dpo, person, Action.ERASE).relation)


def reviewed(world: World, person: Person) -> ErasureReview:
    ended_long_ago(person)
    (review,) = retention.find_expired().proposed
    actor = dpo(world, person)
    retention.confirm(actor=actor, review=review, reason="Past 7 years", expected_version=1)
    review.refresh_from_db()
    return review


def a_rich_record(world: World) -> None:
    """Alex's record with something in most places: a plan, appointments with outcomes (one
    attended, needs and a tool recorded), messages, an Enabling Fund request paid with its
    receipt (a ledger, a file), an app account with a sign-in code."""
    a_plan(world.person, world.cm)
    attended = AppointmentFactory.create(
        person=world.person, staff=world.cm, starts_at=local(-40), notes="Talked about housing"
    )
    outcome = OutcomeFactory.create(appointment=attended, actions_agreed="Ring the council")
    NeedDiscussed.objects.create(outcome=outcome, area=Area.ACCOMMODATION)
    ToolUsed.objects.create(outcome=outcome, tool=Tool.values[0])
    missed = AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(-10))
    OutcomeFactory.create(
        appointment=missed, outcome=OutcomeKind.UNACCEPTABLE_ABSENCE, actual_minutes=None
    )
    from_person(world.person, "I found a flat on Beverley Road")
    from_staff(world.person, world.cm)
    a_decided_request_with_receipt(world)
    account = active_account(world.person)
    SignInCode.objects.create(
        account=account, code_hash="x", binding="y", expires_at=timezone.now()
    )
    record(
        actor=acting(world.cm, world.person),
        operation=Operation.CONSULT,
        what="Overview",
        subject_id=world.person.pk,
    )


def _evaluation_figures() -> list[object]:
    """The monitoring figures counted from appointments, by month, team and case manager."""
    from mydirection.evaluation.monitoring import (
        Dimension,
        attendance,
        needs_discussed,
        tools_used,
    )

    return [
        figure(by)
        for figure in (attendance, needs_discussed, tools_used)
        for by in (Dimension.MONTH, Dimension.TEAM, Dimension.CASE_MANAGER)
    ]


def test_the_daily_run_proposes_only_those_past_their_period(world: World) -> None:
    ended_long_ago(world.person)
    ended_long_ago(world.other_person, timezone.localdate() - timedelta(days=365))
    found = retention.find_expired()
    (review,) = found.proposed
    assert review.person == world.person
    assert review.record_type == "case" and review.status == ReviewStatus.PROPOSED
    assert review.kept_until < timezone.localdate()
    # Proposed once: a second run leaves the open review alone.
    assert retention.find_expired().proposed == []
    entry = AccessLogEntry.objects.get(what=retention.WHAT)
    assert entry.operation == Operation.COLLECT and entry.actor_role == "system"


def test_a_high_risk_case_waits_for_the_100th_birthday(world: World) -> None:
    Person.objects.filter(pk=world.person.pk).update(risk_level="very_high")
    ended_long_ago(world.person)
    assert retention.find_expired().proposed == []
    Person.objects.filter(pk=world.person.pk).update(date_of_birth=date(1900, 1, 1))
    (review,) = retention.find_expired().proposed
    assert review.record_type == "case_serious_harm"


def test_old_sign_in_codes_go_without_review(world: World) -> None:
    account = active_account(world.person)
    old = SignInCode.objects.create(
        account=account, code_hash="x", binding="y", expires_at=timezone.now()
    )
    SignInCode.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=29))
    new = SignInCode.objects.create(
        account=account, code_hash="z", binding="y", expires_at=timezone.now()
    )
    assert retention.find_expired().deleted == {"sign_in_codes": 1}
    assert list(SignInCode.objects.all()) == [new]


def test_the_command_reports_and_schedules_the_daily_run(world: World, capsys: object) -> None:
    from mydirection.rights import tasks

    ended_long_ago(world.person)
    call_command("find_expired", "--schedule")
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "1 person proposed for erasure" in out
    assert "daily run is queued" in out
    assert tasks.daily_waiting()
    assert tasks.schedule_daily() is False  # one at a time


def test_a_hold_keeps_the_records_and_a_decision_needs_a_reason(world: World) -> None:
    ended_long_ago(world.person)
    (review,) = retention.find_expired().proposed
    actor = dpo(world, world.person)
    with pytest.raises(ValidationError, match="Say why the records must be kept"):
        retention.hold(actor=actor, review=review, reason=" ", expected_version=1)
    retention.hold(
        actor=actor,
        review=review,
        reason="IICSA moratorium",
        expected_version=1,
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.HELD and review.reason == "IICSA moratorium"
    with pytest.raises(ValidationError, match="Confirm the review"):
        retention.erase(actor=actor, review=review, expected_version=review.version)
    with pytest.raises(StaleEdit):
        retention.confirm(actor=actor, review=review, reason="Lifted", expected_version=1)
    # A held review is not proposed again.
    assert retention.find_expired().proposed == []
    assert AccessLogEntry.objects.filter(
        what=retention.WHAT, operation=Operation.ALTER, subject_id=world.person.pk
    ).exists()


@pytest.mark.usefixtures("summaries_recounted")  # records written directly
def test_erasure_removes_the_personal_data_and_keeps_the_chain_and_the_figures(
    world: World, private_files: object
) -> None:
    a_rich_record(world)
    person = world.person
    files = list(StoredFile.objects.filter(person=person).values_list("storage_name", flat=True))
    assert files
    monthly = _evaluation_figures()
    entries_before = AccessLogEntry.objects.filter(subject_id=person.pk).count()
    ledger = Entry.objects.count()
    checkpoints.take()
    review = reviewed(world, person)

    with TestCase.captureOnCommitCallbacks(execute=True):
        erased = retention.erase(
            actor=dpo(world, person),
            review=review,
            expected_version=review.version,
        )

    # The person's own row is an empty shell that nobody can open.
    shell = Person.objects.get(pk=person.pk)
    assert shell.erased_on == timezone.localdate()
    assert (shell.first_name, shell.phone, shell.address, shell.email) == ("Erased", "", "", "")
    assert shell.case_reference != person.case_reference and shell.team_id == person.team_id
    assert shell.date_of_birth == date(1900, 1, 1) and shell.ogrs3 is None
    assert not decide(world.dpo, shell, Action.VIEW).allowed
    # Their records are gone, or emptied where something that must stay hangs from them.
    # The goal an Enabling Fund payment was for stays (the ledger holds it), without its words.
    assert list(Goal.objects.filter(plan__person=person).values_list("title", flat=True)) == [
        "Erased"
    ]
    assert not Step.objects.filter(goal__plan__person=person).exists()
    assert not PersonMessage.objects.filter(person=person).exists()
    assert not Order.objects.filter(person=person).exists()
    for source in SOURCES:
        how = erased.rows.get(source.label, {})
        if source.rows(person).exists() and source.label not in {*KEPT, *FOR_MONITORING}:
            # What is left is a ledger's row, or a row a ledger's row holds, emptied of words.
            assert "cleared" in how or "kept" in how, source.label
    # The uploaded receipt is gone from the disk.
    from mydirection.uploads import disk

    assert not any(disk.path_of(name).exists() for name in files)
    # The ledger is untouched.
    assert Entry.objects.count() == ledger
    # The appointments stay for the figures, emptied of words.
    kept = Appointment.objects.filter(person=person)
    assert kept.count() == 2 and set(kept.values_list("notes", flat=True)) == {""}
    assert _evaluation_figures() == monthly

    # The access log: every entry still there, the chain and the checkpoints verify, and the
    # erasure is logged with the key that survives it.
    assert (
        AccessLogEntry.objects.filter(subject_id=person.pk).count() == entries_before + 3
    )  # proposed, confirmed, erased
    assert verify_chain(checkpoints.read(checkpoints.path())).intact
    call_command("verify_access_log")
    erasure_entry = AccessLogEntry.objects.get(operation=Operation.ERASE)
    assert erasure_entry.subject_key == subject_key(person.pk)
    assert erasure_entry.details["review"] == str(review.pk)
    assert erasure_entry.details["rows"]["plans.Step"] == {"deleted": 1}
    # Nothing the service wrote to the log about the erasure names the person.
    for entry in AccessLogEntry.objects.filter(what=retention.WHAT):
        written = f"{entry.justification} {entry.details} {entry.recipients}"
        assert person.first_name not in written and person.case_reference not in written
    review.refresh_from_db()
    assert review.status == ReviewStatus.ERASED and review.erased_by == world.dpo
    assert review.erased_rows == erased.rows
    # Erased once: the daily run does not propose the shell again.
    assert retention.find_expired().proposed == []


def test_erasing_a_circle_focus_person_removes_the_circle(world: World) -> None:
    volunteering.scene(world)
    person = world.unallocated_person
    OrderFactory.create(person=person)
    review = reviewed(world, person)
    retention.erase(actor=dpo(world, person), review=review, expected_version=review.version)
    from mydirection.volunteering.models import Circle, Concern

    assert not Circle.objects.filter(person=person).exists()
    assert not Concern.objects.filter(circle__person=person).exists()
    assert verify_chain().intact


def test_a_stale_erasure_erases_nothing(world: World) -> None:
    review = reviewed(world, world.person)
    with pytest.raises(StaleEdit):
        retention.erase(actor=dpo(world, world.person), review=review, expected_version=1)
    assert Person.objects.get(pk=world.person.pk).erased_on is None
    assert Order.objects.filter(person=world.person).exists()
