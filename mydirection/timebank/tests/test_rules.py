"""The Time Bank's rules as plain functions: no database."""

import pytest
from django.core.exceptions import ValidationError

from mydirection.interventions.models import Condition
from mydirection.timebank.models import Place
from mydirection.timebank.rules import (
    Payer,
    Proposal,
    Taking,
    balance_refusals,
    exchange_refusals,
    hours_and_minutes,
    minutes_of,
)

SAM = Taking(id=1, name="Sam T", conditions=frozenset({Condition.PUBLIC_PLACES_ONLY.value}))
JO = Taking(id=2, name="Jo B")
KIT = Taking(id=3, name="Kit M", conditions=frozenset({Condition.GROUP_ONLY.value}))


def test_time_typed_as_hours_and_minutes_is_whole_minutes() -> None:
    assert minutes_of(1, 30) == 90
    assert minutes_of(None, 45) == 45
    for hours, minutes, message in [
        (0, 0, "more than 0"),
        (-1, 0, "less than 0"),
        (1, 75, "59 or fewer"),
        (25, 0, "24 hours at most"),
    ]:
        with pytest.raises(ValidationError, match=message):
            minutes_of(hours, minutes)


def test_time_is_shown_as_members_say_it() -> None:
    assert [hours_and_minutes(m) for m in (60, 90, 45, 0, -120, 61)] == [
        "1 hour",
        "1 hour 30 minutes",
        "45 minutes",
        "0 minutes",
        "minus 2 hours",
        "1 hour 1 minute",
    ]


def proposal(giver: Taking, receivers: list[Taking], **changes: object) -> Proposal:
    values: dict[str, object] = {"is_group": False, "place": Place.PUBLIC, "minutes": 60} | changes
    return Proposal(giver=giver, receivers=receivers, **values)  # type: ignore[arg-type]


def test_an_exchange_in_a_public_place_is_allowed_and_one_in_a_home_refused_plainly() -> None:
    assert exchange_refusals(proposal(SAM, [JO])) == []
    assert exchange_refusals(proposal(JO, [SAM], place=Place.HOME)) == [
        "Sam T takes part in group activities and in public places only: not in someone's home"
    ]
    # A group activity at someone's home (a garden party) is a group, with others there.
    assert exchange_refusals(proposal(JO, [SAM, KIT], is_group=True, place=Place.HOME)) == []


def test_group_only_children_and_no_contact_conditions() -> None:
    assert exchange_refusals(proposal(KIT, [JO])) == ["Kit M takes part in group activities only"]
    careful = Taking(id=4, name="Lee P", conditions=frozenset({Condition.NO_CHILDREN.value}))
    assert exchange_refusals(proposal(careful, [JO], involves_children=True)) == [
        "Lee P cannot take part in exchanges with children"
    ]
    apart = Taking(id=5, name="Ash R", no_contact_with=frozenset({2}))
    assert exchange_refusals(proposal(apart, [JO])) == [
        "Ash R and Jo B cannot take part in an exchange together"
    ]


def test_the_messages_never_say_probation_or_offence() -> None:
    strict = Taking(id=6, name="Mo D", conditions=frozenset(Condition.values))
    messages = [
        message
        for giver, receiver in [(strict, JO), (JO, strict), (SAM, KIT), (KIT, SAM)]
        for message in exchange_refusals(
            proposal(giver, [receiver], place=Place.HOME, involves_children=True)
        )
    ]
    assert len(messages) >= 4
    assert not [m for m in messages if "probation" in m.lower() or "offen" in m.lower()]


def test_bad_exchanges_are_refused_with_a_reason() -> None:
    assert "yourself" in exchange_refusals(proposal(JO, [JO]))[0]
    assert "more than 0" in exchange_refusals(proposal(JO, [SAM], minutes=0))[0]
    assert "group activity" in exchange_refusals(proposal(JO, [SAM, KIT]))[0]
    assert exchange_refusals(proposal(JO, [])) == ["Choose who receives the time"]


def test_a_payer_never_passes_the_hard_floor() -> None:
    assert balance_refusals([Payer("Jo B", balance=-540, hard_floor=-600)], 60) == []
    assert balance_refusals([Payer("Jo B", balance=-560, hard_floor=-600)], 60) == [
        "This would take Jo B below the 10 hours of credit the Time Bank allows: "
        "they can give time first"
    ]
