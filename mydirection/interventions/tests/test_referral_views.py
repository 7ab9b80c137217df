"""A person's Interventions tab, the referral form, and withdrawing or closing a referral."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.access.policy import Relation
from mydirection.interventions.models import (
    Availability,
    Interest,
    Intervention,
    Referral,
    ReferralEvent,
    SessionRecord,
    Status,
    Suitability,
)
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.plans.models import StepActor
from mydirection.plans.testing import a_goal, a_step
from mydirection.testing import World, page_queries, sign_in

pytestmark = pytest.mark.django_db


def url(name: str, world: World, *args: object) -> str:
    return reverse(f"interventions:{name}", args=[world.person.pk, *args])


def text(response: Any) -> str:
    return str(response.content.decode())


def time_bank(world: World, **fields: Any) -> Intervention:
    return an_intervention(world.hull, provider=world.partner.organisation, **fields)


def referring(intervention: Intervention, **fields: Any) -> dict[str, Any]:
    """A referral form filled in: suitable, their consent, their contact details shared."""
    return {
        "intervention": str(intervention.pk),
        "suitability": "suitable",
        "consent": "on",
        "shares": ["contact", "note"],
        "note_for_provider": "Keen on gardening",
        "availability_note": "Weekday mornings",
    } | fields


# --- The tab --------------------------------------------------------------------------


def test_the_tab_shows_referrals_decisions_and_what_they_asked_about(world: World) -> None:
    paused = time_bank(
        world,
        availability=Availability.PAUSED,
        availability_reason="The coordinator is on leave",
        paused_until=timezone.localdate() + timedelta(days=7),
    )
    a_referral(world.person, paused, world.cm, status=Status.ACCEPTED)
    group = an_intervention(world.hull)
    a_referral(world.person, group, world.cm, status=Status.NOT_REFERRED, reason_detail="Not yet")
    coaching = an_intervention(world.hull, name="Life coaching", kind="life_coaching")
    a_referral(
        world.person, coaching, world.cm, status=Status.ENDED_EARLY, end_reason="person_stopped"
    )
    centre = an_intervention(world.hull, name="Women's centre", kind="womens_centre")
    interest = Interest.objects.create(
        person=world.person, intervention=centre, note="Near my flat", at=timezone.now()
    )
    page = text(sign_in(Client(), world.cm).get(url("person", world)))
    assert "Accepted" in page
    assert "Paused until" in page and "The coordinator is on leave" in page
    assert "Not suitable" in page and "Risk" in page
    assert "Ended early" in page and "The person stopped coming" in page
    assert "Near my flat" in page
    assert f"{url('refer', world)}?interest={interest.pk}" in page
    assert "Refer or record a decision" in page


def test_the_tab_flags_a_withdrawn_intervention(world: World) -> None:
    gone = time_bank(
        world,
        availability=Availability.WITHDRAWN,
        withdrawn_on=timezone.localdate(),
        availability_reason="Funding ended",
    )
    a_referral(world.person, gone, world.cm)
    page = text(sign_in(Client(), world.cm).get(url("person", world)))
    assert "<strong>Withdrawn</strong>: Funding ended" in page


def test_the_tab_is_in_the_access_log(world: World) -> None:
    client = sign_in(Client(), world.cm)
    client.get(url("person", world))
    entry = AccessLogEntry.objects.get(what="Interventions")
    assert entry.operation == Operation.CONSULT
    assert (entry.subject_id, entry.actor_id) == (world.person.pk, world.cm.pk)
    assert entry.relation == Relation.CASE_MANAGER


def test_the_tab_costs_the_same_however_many_referrals(world: World) -> None:
    client = sign_in(Client(), world.cm)
    first = time_bank(world)
    a_referral(world.person, first, world.cm)
    before = page_queries(client, url("person", world))
    for number in range(4):
        other = an_intervention(world.hull, name=f"Group {number}")
        a_referral(world.person, other, world.cm, status=Status.NOT_REFERRED)
        Interest.objects.create(person=world.person, intervention=other, at=timezone.now())
    assert page_queries(client, url("person", world)) == before


def test_someone_elses_case_is_not_found(world: World) -> None:
    referral = a_referral(world.person, time_bank(world), world.cm)
    client = sign_in(Client(), world.elsewhere)
    assert client.get(url("person", world)).status_code == 404
    assert client.get(url("referral", world, referral.pk)).status_code == 404
    # Another person's referral through this person's record: not found either.
    other = a_referral(world.other_person, an_intervention(world.beverley), world.elsewhere)
    client = sign_in(Client(), world.cm)
    assert client.get(url("referral", world, other.pk)).status_code == 404
    assert client.get(url("withdraw-referral", world, other.pk)).status_code == 404


# --- Referring ------------------------------------------------------------------------


def test_a_referral_from_a_plan_step_saves_the_goal_and_step(world: World) -> None:
    intervention = time_bank(world)
    goal = a_goal(world.person, world.cm, title="I want to learn to cook")
    step = a_step(goal, world.cm, description="Swap an hour of DIY", actor=StepActor.TIME_BANK)
    client = sign_in(Client(), world.cm)
    # The plan's step links to the form, which opens with the step and the Time Bank chosen.
    plan = text(client.get(reverse("plans:plan", args=[world.person.pk])))
    link = f"{url('refer', world)}?step={step.pk}"
    assert link in plan
    form = text(client.get(link))
    assert f'<option value="step:{step.pk}" selected>' in form
    assert f'<option value="{intervention.pk}" selected>' in form
    assert "They agree to their name being shared with Hull Time Bank" in form

    response = client.post(url("refer", world), referring(intervention, goal=f"step:{step.pk}"))
    assert response["Location"] == url("person", world)
    referral = Referral.objects.get()
    assert (referral.goal, referral.step) == (goal, step)
    assert referral.status == Status.SENT
    assert referral.consent_given_on == timezone.localdate()
    assert referral.shares_contact and referral.shares_note and not referral.shares_goal
    assert referral.note_for_provider == "Keen on gardening"
    disclosed = AccessLogEntry.objects.get(operation=Operation.DISCLOSE)
    assert disclosed.recipients == "Hull Time Bank"
    page = text(client.get(response["Location"]))
    assert "Referred to Time Bank" in page


def test_a_step_done_by_the_person_has_no_refer_link(world: World) -> None:
    step = a_step(a_goal(world.person, world.cm), world.cm, actor=StepActor.PERSON)
    plan = text(sign_in(Client(), world.cm).get(reverse("plans:plan", args=[world.person.pk])))
    assert f"?step={step.pk}" not in plan


def test_no_consent_is_refused_with_the_message_and_nothing_saved(world: World) -> None:
    intervention = time_bank(world)
    client = sign_in(Client(), world.cm)
    data = referring(intervention)
    del data["consent"]
    response = client.post(url("refer", world), data)
    assert response.status_code == 200
    assert "They must agree to their details being shared with the provider" in text(response)
    assert not Referral.objects.exists()
    assert not AccessLogEntry.objects.filter(operation=Operation.DISCLOSE).exists()


def test_a_paused_intervention_is_refused(world: World) -> None:
    intervention = time_bank(world, availability=Availability.PAUSED, availability_reason="Leave")
    client = sign_in(Client(), world.cm)
    form = text(client.get(url("refer", world)))
    assert "Not taking referrals now: for a decision not to refer" in form
    response = client.post(url("refer", world), referring(intervention))
    assert "This intervention is paused: it is not taking referrals" in text(response)
    assert not Referral.objects.exists()


def test_the_same_open_referral_twice_is_refused(world: World) -> None:
    intervention = time_bank(world)
    client = sign_in(Client(), world.cm)
    assert client.post(url("refer", world), referring(intervention)).status_code == 302
    response = client.post(url("refer", world), referring(intervention))
    assert "They already have an open referral to this intervention" in text(response)
    assert Referral.objects.count() == 1


def test_a_full_intervention_is_refused_with_what_to_do(world: World) -> None:
    intervention = time_bank(world, capacity=1)
    a_referral(world.restricted_person, intervention, world.cm)
    response = sign_in(Client(), world.cm).post(url("refer", world), referring(intervention))
    assert "This intervention is full (1 places taken)" in text(response)
    assert Referral.objects.count() == 1


def test_a_not_suitable_decision_is_recorded_without_consent(world: World) -> None:
    intervention = time_bank(world)
    client = sign_in(Client(), world.cm)
    response = client.post(
        url("refer", world),
        {
            "intervention": str(intervention.pk),
            "suitability": "not_now",
            "reason": "timing",
            "reason_detail": "Starting a job next week: ask again in a month",
            # Typed before changing their mind: none of it goes anywhere.
            "note_for_provider": "Keen on gardening",
            "shares": ["contact"],
        },
    )
    assert response.status_code == 302
    decision = Referral.objects.get()
    assert decision.status == Status.NOT_REFERRED
    assert decision.suitability == Suitability.NOT_NOW
    assert (decision.reason, decision.consent_given_on) == ("timing", None)
    assert decision.reason_detail == "Starting a job next week: ask again in a month"
    assert not decision.shares_contact and decision.note_for_provider == ""
    assert not AccessLogEntry.objects.filter(operation=Operation.DISCLOSE).exists()
    assert "Decision recorded: not suitable now for Time Bank" in text(
        client.get(response["Location"])
    )


def test_a_decision_not_to_refer_may_name_a_paused_intervention(world: World) -> None:
    intervention = time_bank(world, availability=Availability.PAUSED)
    response = sign_in(Client(), world.cm).post(
        url("refer", world),
        {"intervention": str(intervention.pk), "suitability": "not_suitable", "reason": "risk"},
    )
    assert response.status_code == 302
    assert Referral.objects.get().status == Status.NOT_REFERRED


def test_a_decision_not_to_refer_needs_its_reason(world: World) -> None:
    intervention = time_bank(world)
    client = sign_in(Client(), world.cm)
    response = client.post(
        url("refer", world), {"intervention": str(intervention.pk), "suitability": "not_suitable"}
    )
    assert "Select why they are not suitable" in text(response)
    response = client.post(
        url("refer", world),
        {"intervention": str(intervention.pk), "suitability": "not_suitable", "reason": "other"},
    )
    assert "Say what the other reason is" in text(response)
    assert not Referral.objects.exists()


def test_a_withdrawn_intervention_is_not_offered(world: World) -> None:
    gone = time_bank(world, availability=Availability.WITHDRAWN, withdrawn_on=timezone.localdate())
    client = sign_in(Client(), world.cm)
    assert str(gone.pk) not in text(client.get(url("refer", world)))
    response = client.post(url("refer", world), referring(gone))
    assert "Select one of the interventions offered" in text(response)
    assert not Referral.objects.exists()


def test_answering_what_they_asked_about(world: World) -> None:
    intervention = time_bank(world)
    interest = Interest.objects.create(
        person=world.person, intervention=intervention, note="I like DIY", at=timezone.now()
    )
    client = sign_in(Client(), world.cm)
    form = text(client.get(f"{url('refer', world)}?interest={interest.pk}"))
    assert "I like DIY" in form
    assert f'<option value="{intervention.pk}" selected>' in form
    response = client.post(
        f"{url('refer', world)}?interest={interest.pk}",
        referring(intervention, interest=str(interest.pk)),
    )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.answered_at is not None
    assert Referral.objects.get().interest == interest


def test_another_persons_goal_cannot_be_linked(world: World) -> None:
    intervention = time_bank(world)
    theirs = a_goal(world.restricted_person, world.cm)
    response = sign_in(Client(), world.cm).post(
        url("refer", world), referring(intervention, goal=f"goal:{theirs.pk}")
    )
    assert response.status_code == 200
    assert "Select one of their goals, or none" in text(response)
    assert not Referral.objects.exists()


# --- One referral ---------------------------------------------------------------------


def test_a_referral_shows_what_was_shared_its_history_and_sessions(world: World) -> None:
    referral = a_referral(world.person, time_bank(world), world.cm, status=Status.STARTED)
    SessionRecord.objects.create(
        referral=referral,
        on=timezone.localdate(),
        attended=True,
        note="Fixed a fence",
        recorded_by=world.partner,
    )
    page = text(sign_in(Client(), world.cm).get(url("referral", world, referral.pk)))
    assert "Their name" in page and "Their phone number and email address" in page
    assert "Keen on gardening; anxious in big groups." in page
    assert "Fixed a fence" in page
    assert "Started" in page
    assert "Record how it ended" in page and "Withdraw the referral" not in page


def test_withdrawing_a_referral(world: World) -> None:
    referral = a_referral(world.person, time_bank(world), world.cm)
    client = sign_in(Client(), world.cm)
    withdraw = url("withdraw-referral", world, referral.pk)
    response = client.post(withdraw, {"version": "1"})
    assert "Select why you are withdrawing it" in text(response)
    response = client.post(
        withdraw,
        {"version": "1", "end_reason": "person_changed_mind", "note": "Wants to wait"},
    )
    assert response["Location"] == url("referral", world, referral.pk)
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
    assert referral.end_reason == "person_changed_mind"
    assert ReferralEvent.objects.filter(referral=referral, status=Status.WITHDRAWN).exists()
    # Once withdrawn, the form shows and the service says why it cannot be done again.
    response = client.post(
        withdraw, {"version": str(referral.version), "end_reason": "person_changed_mind"}
    )
    assert response.status_code == 200
    assert "This referral is withdrawn: it cannot be marked withdrawn now" in text(response)


def test_a_referral_changed_meanwhile_is_not_withdrawn(world: World) -> None:
    referral = a_referral(world.person, time_bank(world), world.cm)
    Referral.objects.filter(pk=referral.pk).update(status=Status.ACCEPTED, version=2)
    response = sign_in(Client(), world.cm).post(
        url("withdraw-referral", world, referral.pk),
        {"version": "1", "end_reason": "circumstances"},
    )
    assert "The referral has changed since you opened this page" in text(response)
    assert Referral.objects.get().status == Status.ACCEPTED


def test_closing_a_started_referral(world: World) -> None:
    referral = a_referral(world.person, time_bank(world), world.cm, status=Status.STARTED)
    client = sign_in(Client(), world.cm)
    close = url("close-referral", world, referral.pk)
    response = client.post(close, {"version": "1", "outcome": "ended_early"})
    assert "Select why it ended early" in text(response)
    response = client.post(
        close, {"version": "1", "outcome": "ended_early", "end_reason": "breach"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.end_reason) == (Status.ENDED_EARLY, "breach")


def test_a_referral_that_has_not_started_cannot_be_closed(world: World) -> None:
    referral = a_referral(world.person, time_bank(world), world.cm)
    client = sign_in(Client(), world.cm)
    close = url("close-referral", world, referral.pk)
    assert client.get(close).status_code == 200
    response = client.post(close, {"version": "1", "outcome": "completed"})
    assert response.status_code == 200
    assert "This referral is waiting for the provider: it cannot be marked completed now" in text(
        response
    )
    assert Referral.objects.get().status == Status.SENT


def test_the_plan_offers_refer_on_a_step_others_do_while_it_is_to_do(world: World) -> None:
    goal = a_goal(world.person, world.cm)
    to_do = a_step(goal, world.cm, description="Try gardening", actor=StepActor.TIME_BANK)
    done = a_step(
        goal, world.cm, description="Paint the hall", actor=StepActor.TIME_BANK, status="done"
    )
    mine = a_step(goal, world.cm, description="Ring the council", actor=StepActor.PERSON)
    page = text(sign_in(Client(), world.cm).get(reverse("plans:plan", args=[world.person.pk])))
    assert f"?step={to_do.pk}" in page
    assert f"?step={done.pk}" not in page
    assert f"?step={mine.pk}" not in page
