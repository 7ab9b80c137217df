"""The referral figures of the monitoring page against hand counts, on referrals made through
the services (so each has the history a real one has)."""

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.evaluation import monitoring, svg
from mydirection.evaluation.monitoring import Dimension
from mydirection.interventions.models import (
    EndReason,
    Intervention,
    Reason,
    Referral,
    ReferralEvent,
    Shared,
    Status,
    Suitability,
)
from mydirection.interventions.rules import By
from mydirection.interventions.services import referrals
from mydirection.interventions.testing import an_intervention
from mydirection.people.models import Person
from mydirection.testing import PersonFactory, World, acting, allocate, page_queries, sign_in


def decide(
    person: Person,
    intervention: Intervention,
    suitability: Suitability = Suitability.SUITABLE,
    reason: str = "",
) -> Referral:
    assert person.case_manager is not None
    return referrals.decide(
        actor=acting(person.case_manager, person),
        person=person,
        decision=referrals.Decision(
            intervention=intervention,
            suitability=suitability,
            reason=reason,
            consent=suitability == Suitability.SUITABLE,
            shares=frozenset({Shared.CONTACT}),
        ),
    )


def referrals_made(world: World) -> dict[str, Any]:
    """Hull: world.person (Carol Mercer), a (Carol Mercer) and b (Priya Natarajan); Beverley:
    c (Sam Mills). Three referrals: one completed, one accepted then ended early, one
    declined by the provider; two "not suitable" because of risk, one "not suitable now"
    for timing in the sentence; in Beverley one "not suitable now" for lack of places."""
    time_bank = an_intervention(world.hull, world.partner.organisation)
    recovery = an_intervention(world.hull)
    riding = an_intervention(world.beverley, name="Women's centre", capacity=1)
    person = world.person
    a = allocate(PersonFactory.create(team=world.team_a), world.cm)
    b = allocate(PersonFactory.create(team=world.team_a), world.colleague)
    c = allocate(PersonFactory.create(team=world.team_b), world.elsewhere)
    provider = StaffActor(world.partner, Relation.PARTNER)

    completed = decide(person, time_bank)
    referrals.respond(actor=provider, referral_id=completed.pk, expected_version=1, accept=True)
    for days_ago in (14, 7):  # two sessions: started once
        referrals.record_session(
            actor=provider,
            referral_id=completed.pk,
            on=timezone.localdate() - timedelta(days=days_ago),
            attended=True,
        )
    referrals.finish(
        actor=provider,
        referral_id=completed.pk,
        expected_version=3,
        completed=True,
        by=By.PROVIDER,
    )
    ended = decide(a, time_bank)
    referrals.respond(actor=provider, referral_id=ended.pk, expected_version=1, accept=True)
    referrals.finish(
        actor=provider,
        referral_id=ended.pk,
        expected_version=2,
        completed=False,
        end_reason=EndReason.PERSON_CHANGED_MIND,
        by=By.PROVIDER,
    )
    declined = decide(b, recovery)
    referrals.respond(
        actor=acting(world.senior, b),
        referral_id=declined.pk,
        expected_version=1,
        accept=False,
        note="The group is for people further on in recovery.",
    )
    decide(b, time_bank, Suitability.NOT_SUITABLE, Reason.RISK)
    decide(person, recovery, Suitability.NOT_SUITABLE, Reason.RISK)
    decide(a, recovery, Suitability.NOT_NOW, Reason.TIMING)
    decide(c, riding, Suitability.NOT_NOW, Reason.CAPACITY)
    return {"completed": completed, "ended": ended, "declined": declined}


def by_group(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row.pop("group"): row for row in rows}


def nothing_for_else(row: dict[str, Any], **counts: int) -> dict[str, Any]:
    """The row's reason columns: ``counts``, and 0 for every other reason."""
    reasons = {
        f"{key}_{reason}": 0 for _, key in monitoring.UNSUITABLE for reason, _ in monitoring.REASONS
    }
    return {k: row[k] for k in reasons} | {"expected": reasons | counts}


def test_suitability_decisions_by_office_count_each_reason_apart(world: World) -> None:
    referrals_made(world)
    rows = by_group(monitoring.suitability_decisions(Dimension.OFFICE))
    hull, beverley = rows["Hull"], rows["Beverley"]
    assert (hull["people"], hull["decisions"], hull["referred"]) == (3, 6, 3)
    reasons = nothing_for_else(hull, not_suitable_risk=2, not_now_timing=1)
    assert reasons.pop("expected") == reasons
    assert (beverley["people"], beverley["decisions"], beverley["referred"]) == (1, 1, 0)
    reasons = nothing_for_else(beverley, not_now_capacity=1)
    assert reasons.pop("expected") == reasons
    only_beverley = by_group(monitoring.suitability_decisions(Dimension.OFFICE, world.beverley.pk))
    assert list(only_beverley) == ["Beverley"]


def test_suitability_decisions_by_intervention_and_by_who_decided(world: World) -> None:
    referrals_made(world)
    interventions = by_group(monitoring.suitability_decisions(Dimension.INTERVENTION))
    assert set(interventions) == {
        "Time Bank, Hull",
        "Recovery group, Hull",
        "Women's centre, Beverley",
    }
    time_bank = interventions["Time Bank, Hull"]
    assert (time_bank["decisions"], time_bank["referred"], time_bank["not_suitable_risk"]) == (
        3,
        2,
        1,
    )
    recovery = interventions["Recovery group, Hull"]
    assert (recovery["decisions"], recovery["referred"]) == (3, 1)
    assert (recovery["not_suitable_risk"], recovery["not_now_timing"]) == (1, 1)
    # By case manager: who made the decision.
    managers = by_group(monitoring.suitability_decisions(Dimension.CASE_MANAGER))
    carol, priya = managers["Carol Mercer"], managers["Priya Natarajan"]
    assert (carol["decisions"], carol["referred"], carol["not_suitable_risk"]) == (4, 2, 1)
    assert (priya["decisions"], priya["referred"], priya["not_suitable_risk"]) == (2, 1, 1)
    teams = by_group(monitoring.suitability_decisions(Dimension.TEAM))
    assert teams["Team A, Hull"]["not_suitable_risk"] == 2
    month = f"{timezone.localtime():%B %Y}"
    assert by_group(monitoring.suitability_decisions(Dimension.MONTH))[month]["decisions"] == 7


def test_referral_journeys_count_each_step_once_a_referral(world: World) -> None:
    made = referrals_made(world)
    # A second line of history at a step (a provider who pressed twice) changes nothing.
    ReferralEvent.objects.create(
        referral=made["completed"], status=Status.STARTED, at=timezone.now(), by_user=world.partner
    )
    rows = by_group(monitoring.referral_journeys(Dimension.OFFICE))
    assert rows == {
        "Hull": {
            "people": 3,
            "referred": 3,
            "accepted": 2,
            "declined": 1,
            "started": 1,
            "completed": 1,
            "ended_early": 1,
        }
    }
    interventions = by_group(monitoring.referral_journeys(Dimension.INTERVENTION))
    assert interventions["Time Bank, Hull"]["accepted"] == 2
    assert interventions["Time Bank, Hull"]["completed"] == 1
    assert interventions["Recovery group, Hull"]["declined"] == 1
    managers = by_group(monitoring.referral_journeys(Dimension.CASE_MANAGER))
    assert (
        managers["Carol Mercer"]["referred"] == 2 and managers["Priya Natarajan"]["referred"] == 1
    )


def test_the_page_shows_the_referral_figures_with_the_risk_count_unsuppressed(
    world: World,
) -> None:
    referrals_made(world)
    client = sign_in(Client(), world.programme_manager)
    response = client.get(reverse("evaluation:home"), {"by": "intervention"})
    page = response.content.decode()
    assert "Suitability decisions" in page and "Referrals and what happened" in page
    assert "Not suitable now: timing in the sentence" in page
    assert (
        '<title id="chart-suitability-title">Suitability decisions by intervention</title>' in page
    )
    # The chart compares shares: interventions with few decisions against those with many.
    assert "Referred (% of decisions), one bar per intervention" in page
    entries = {e["figure"].key: e for e in response.context["figures"]}
    suitability = entries["suitability"]["shown"]
    columns = [c.key for c in suitability.figure.columns]
    cells = {row.label: row.cells for row in suitability.rows}
    # Counts of decisions are shown as they are, however small; the people are suppressed.
    assert cells["Time Bank, Hull"][columns.index("people")] == "fewer than 5"
    assert cells["Time Bank, Hull"][columns.index("decisions")] == "3"
    assert cells["Time Bank, Hull"][columns.index("referred_share")] == "66.7%"
    # Each reason in the breakdown: a row, with the count and its share of the decisions.
    [breakdown] = suitability.breakdown
    time_bank = breakdown.groups.index("Time Bank, Hull")
    reasons = {line.label: line.cells for line in breakdown.lines}
    assert reasons["Not suitable: risk"][time_bank] == "1 (33.3%)"
    assert breakdown.whole.cells[time_bank] == "3"
    # The figures about people cannot be cut by intervention: named once, not shown empty.
    assert "programme" not in entries
    assert "People on the programme" in [f.title for f in response.context["not_this_way"]]
    assert "These figures cannot be shown by intervention" in page


def test_the_page_takes_a_constant_number_of_queries_with_more_referrals(world: World) -> None:
    referrals_made(world)
    client = sign_in(Client(), world.evaluator)
    url = reverse("evaluation:home")
    before = {by: page_queries(client, url, {"by": by}) for by in ("intervention", "case_manager")}
    more = an_intervention(world.hull, name="Life Links circle")
    for manager in (world.cm, world.colleague, world.senior):
        for _ in range(3):
            person = allocate(PersonFactory.create(team=world.team_a), manager)
            decide(person, more, Suitability.NOT_SUITABLE, Reason.RISK)
            decide(person, an_intervention(world.hull, name=f"Group {person.pk}"))
    after = {by: page_queries(client, url, {"by": by}) for by in ("intervention", "case_manager")}
    assert after == before


def test_a_long_intervention_name_keeps_its_office_in_the_chart() -> None:
    bars = [
        svg.Bar(f"Life coaching and work experience, {office}", 1.0, "1")
        for office in ("Hull", "Beverley")
    ]
    chart = svg.bar_chart("chart", "Referrals by intervention", bars, "One bar each")
    assert "Life coaching and work expe…, Hull" in chart
    assert "Life coaching and work…, Beverley" in chart
