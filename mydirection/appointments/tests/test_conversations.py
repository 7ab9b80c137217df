"""An outcome's conversation goes on the plan, so the plan's phase follows contacts; a crisis
is refused here and recorded on the plan's own page, with its emergency plan."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.appointments.models import Appointment, Outcome, OutcomeKind
from mydirection.appointments.services import outcomes
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.plans.models import Conversation
from mydirection.plans.selectors import plan_page
from mydirection.practice import PHASE_OF_CONVERSATION, ConversationKind, Phase
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db


def record(
    world: World, appointment: Appointment, conversation: str, version: int | None = None
) -> Outcome:
    return outcomes.record_outcome(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        appointment=appointment,
        details=outcomes.OutcomeDetails(
            outcome=OutcomeKind.ATTENDED_COMPLIED, actual_minutes=40, conversation=conversation
        ),
        expected_version=version,
    )


def test_a_conversation_recorded_with_an_outcome_goes_on_the_plan_once(world: World) -> None:
    first = AppointmentFactory.create(person=world.person, starts_at=local(-8))
    record(world, first, "1")
    second = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    outcome = record(world, second, "3")
    kinds = list(Conversation.objects.order_by("held_on").values_list("kind", "held_on"))
    assert kinds == [("1", local(-8).date()), ("3", local(-1).date())]
    # Correcting the outcome without changing the conversation records nothing more.
    record(world, second, "3", version=outcome.version)
    assert Conversation.objects.count() == 2


def test_the_phase_follows_the_latest_contact(world: World) -> None:
    assert plan_page(world.person).phase == Phase.INTERACT
    record(world, AppointmentFactory.create(person=world.person, starts_at=local(-2)), "3")
    expected = PHASE_OF_CONVERSATION[ConversationKind.GOOD_LIFE]
    assert expected != Phase.INTERACT
    assert plan_page(world.person).phase == expected


def test_a_crisis_is_refused_and_nothing_is_saved(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    with pytest.raises(ValidationError) as error:
        record(world, appointment, "2")
    assert "Record a conversation" in str(error.value.message_dict["conversation"])
    assert not Outcome.objects.exists() and not Conversation.objects.exists()


def test_the_outcome_page_points_a_crisis_to_the_plan(world: World) -> None:
    appointment = AppointmentFactory.create(person=world.person, starts_at=local(-1))
    client = sign_in(Client(), world.cm)
    url = reverse("appointments:outcome", args=[world.person.pk, appointment.pk])
    page = client.get(url).content.decode()
    assert reverse("plans:add-conversation", args=[world.person.pk]) in page
    response = client.post(
        url, {"outcome": "attended_complied", "actual_minutes": "35", "conversation": "2"}
    )
    assert response.status_code == 200
    assert "it needs an emergency plan" in response.content.decode()
    assert not Outcome.objects.exists()
