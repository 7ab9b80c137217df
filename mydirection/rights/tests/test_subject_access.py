"""Subject access covers every stored model, and the bundle holds the person's data and no one
else's."""

from django.apps import apps

from mydirection.rights.subject_access import (
    NOT_ABOUT_A_PERSON,
    OTHER_MEMBER,
    OTHER_PERSON,
    REDACTED,
    SOURCES,
    VOLUNTEER,
    collect,
)
from mydirection.testing import World, acting
from mydirection.timebank.services import exchanges
from mydirection.timebank.testing import a_member, an_exchange, coordinator, worlds_bank
from mydirection.volunteering import testing as volunteering
from mydirection.volunteering.models import Volunteer

# Django's own and the libraries' tables hold nothing of a person's case.
OURS = "mydirection."


def test_every_model_is_a_source_or_said_to_be_about_nobody() -> None:
    ours = {model._meta.label for model in apps.get_models() if model.__module__.startswith(OURS)}
    covered = {source.label for source in SOURCES} | set(NOT_ABOUT_A_PERSON)
    assert not ours - covered, (
        "Add these to mydirection/rights/subject_access.py (a Source, or NOT_ABOUT_A_PERSON "
        f"with the reason): {sorted(ours - covered)}"
    )
    assert not covered - ours, f"No such models: {sorted(covered - ours)}"
    assert len({source.label for source in SOURCES}) == len(SOURCES)


def test_each_source_finds_rows_from_the_person(world: World) -> None:
    # Every lookup resolves (a typo would raise here, not in front of the DPO).
    for source in SOURCES:
        list(source.rows(world.person)[:1])


def test_the_bundle_holds_the_record_and_who_saw_it(world: World) -> None:
    from mydirection.access.log import record
    from mydirection.access.models import Operation

    record(
        actor=acting(world.cm, world.person),
        operation=Operation.CONSULT,
        what="Overview",
        subject_id=world.person.pk,
    )
    bundle = collect(world.person).as_dict()
    by_source = {section["source"]: section["rows"] for section in bundle["sections"]}
    assert by_source["people.Person"][0]["first_name"] == "Alex"
    assert len(by_source["people.Order"]) == 1
    seen = by_source["access.AccessLogEntry"]
    assert [entry["what"] for entry in seen] == ["Overview"]
    assert seen[0]["actor_name"] == world.cm.display_name
    assert "entry_hash" not in seen[0]
    # Nobody else's record leaks in.
    assert [row["id"] for row in by_source["people.Person"]] == [str(world.person.pk)]
    assert all(entry["subject_id"] == str(world.person.pk) for entry in seen)


def test_other_time_bank_members_are_redacted_and_the_redaction_recorded(world: World) -> None:
    bank, robin = worlds_bank(world)
    mine = a_member(bank, world.partner, "Alex", person=world.person)
    exchange = an_exchange(bank, world.partner, robin, [mine], agreed=True)
    exchanges.record(actor=coordinator(world.partner), exchange_id=exchange.pk)
    bundle = collect(world.person)
    rows = {section.label: section.rows for section in bundle.sections}
    (given,) = rows["timebank.Exchange"]
    assert given["giver"] == REDACTED
    assert given["receivers"] == [str(mine)]
    assert {(r.source, r.field, r.reason) for r in bundle.redactions} >= {
        ("timebank.Exchange", "giver", OTHER_MEMBER),
        ("timebank.Exchange", "proposed_by", OTHER_MEMBER),
    }
    assert "Robin" not in str(bundle.as_dict())


def test_a_circle_and_a_mentor_are_released_without_naming_the_volunteers(world: World) -> None:
    scene = volunteering.scene(world)
    focus = collect(world.unallocated_person)
    rows = {section.label: section.rows for section in focus.sections}
    (circle,) = rows["volunteering.Circle"]
    assert circle["purpose"] == "People to talk to while I find work"
    (meeting,) = rows["volunteering.Meeting"]
    assert meeting["attended"] == [REDACTED] * 3 and meeting["recorded_by"] == REDACTED
    (concern,) = rows["volunteering.Concern"]
    assert concern["what"] == "He said he has nowhere to sleep this week"
    assert len(rows["volunteering.CircleVolunteer"]) == 3
    assert ("volunteering.Concern", "raised_by", VOLUNTEER) in {
        (r.source, r.field, r.reason) for r in focus.redactions
    }
    assert not {"Ash", "Bea", "Cal"} & set(str(focus.as_dict()).replace("'", " ").split())

    mentee = collect(world.excluded_from_person)
    rows = {section.label: section.rows for section in mentee.sections}
    (match,) = rows["volunteering.Match"]
    assert match["mentor"] == REDACTED
    assert len(rows["volunteering.ConflictCheck"]) == 1
    assert "Farrah" not in str(mentee.as_dict())

    # A mentor who is on probation themselves sees their volunteering, not their mentee's name.
    Volunteer.objects.filter(pk=scene.mo.pk).update(person=world.person, lived_experience=True)
    mentor = collect(world.person)
    rows = {section.label: section.rows for section in mentor.sections}
    assert [row["last_name"] for row in rows["volunteering.Volunteer"]] == ["Farrah"]
    (match,) = rows["volunteering.Match"]
    assert match["mentee"] == REDACTED and match["mentor"] == "Mo Farrah"
    assert ("volunteering.Match", "mentee", OTHER_PERSON) in {
        (r.source, r.field, r.reason) for r in mentor.redactions
    }
    assert rows["volunteering.ConflictCheck"] == []
    assert world.excluded_from_person.last_name not in str(mentor.as_dict())
