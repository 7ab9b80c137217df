"""The evaluation's Time Bank figures: people on probation taking part in each Time Bank, and
the time they gave and received (giving back), with the plan steps their exchanges completed.

Aggregate only, with the small-number rule (``suppression``): a count of people under 5
reads "fewer than 5", and the hours of fewer than 5 people are not shown at all (they would
describe those few people). Reads ``timebank.selectors``; nobody is named or opened."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mydirection.access.guard import requires
from mydirection.access.policy import Capability
from mydirection.evaluation.suppression import SUPPRESSED, count_text, is_small
from mydirection.http import StaffRequest
from mydirection.timebank import rules, selectors


@dataclass(frozen=True)
class Row:
    bank: str
    joined: str
    exchanged: str
    given: str
    received: str
    steps_done: str


def _hours(minutes: int, people: int) -> str:
    return "not shown" if is_small(people) else rules.hours_and_minutes(minutes)


def rows() -> list[Row]:
    found = selectors.people_on_probation_taking_part()
    total = selectors.TakingPart(
        "All Time Banks",
        sum(r.joined for r in found),
        sum(r.exchanged for r in found),
        sum(r.given for r in found),
        sum(r.received for r in found),
        sum(r.steps_done for r in found),
    )
    return [
        Row(
            r.bank,
            count_text(r.joined),
            count_text(r.exchanged),
            _hours(r.given, r.exchanged),
            _hours(r.received, r.exchanged),
            count_text(r.steps_done),
        )
        for r in [*found, *([total] if len(found) > 1 else [])]
    ]


@require_safe
@requires(Capability.EVALUATE)
def time_bank(request: StaffRequest) -> HttpResponse:
    return render(request, "evaluation/time_bank.html", {"rows": rows(), "suppressed": SUPPRESSED})
