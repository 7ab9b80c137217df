"""The evaluation's volunteering figures (issue 14's monitoring): volunteers by stage, hours
approved, sessions supported, Life Links circles formed, meetings and minutes on time, and
referrals to circles with why those that did not become one ended.

Aggregate only, with the small-number rule (``suppression``): a count of people under 5 reads
"fewer than 5", a share that would reveal fewer than 5 people too, and the hours of fewer
than 5 volunteers are not shown (they would describe those few). Reads
``volunteering.figures``; nobody is named or opened."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mydirection.access.guard import requires
from mydirection.access.policy import Capability
from mydirection.evaluation.suppression import SUPPRESSED, count_text, is_small, share_text
from mydirection.http import StaffRequest
from mydirection.volunteering.figures import Figures, figures


@dataclass(frozen=True)
class Line:
    label: str
    value: str


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours:,} hours" + (f" {rest} minutes" if rest else "")


def lines(found: Figures) -> dict[str, list[Line]]:
    hours = "not shown" if is_small(found.volunteers_with_hours) else _hours(found.hours_minutes)
    return {
        "volunteers": [
            *(Line(label, count_text(count)) for label, count in found.by_stage),
            Line("All volunteers", count_text(found.volunteers)),
            Line("With lived experience", count_text(found.lived_experience)),
        ],
        "time": [
            Line("Hours approved", hours),
            Line("Volunteers whose hours were approved", count_text(found.volunteers_with_hours)),
            Line("Sessions held", f"{found.sessions_held:,}"),
            Line(
                "Sessions with a volunteer checked in",
                f"{found.sessions_supported:,}",
            ),
            Line("Volunteers who checked in", count_text(found.volunteers_checked_in)),
        ],
        "circles": [
            *(Line(label, count_text(count)) for label, count in found.circles),
            Line("Circles formed", count_text(found.circles_formed)),
            Line("Meetings held", f"{found.meetings:,}"),
            Line(
                "Meetings the focus person came to",
                share_text(found.person_attended, found.meetings),
            ),
            Line(
                "Minutes in within 48 hours",
                share_text(found.minutes_on_time, found.minutes_due),
            ),
        ],
        "referrals": [
            Line("Referred to a circle", count_text(found.referrals)),
            Line("Became a circle", count_text(found.became_circles)),
            Line("Waiting for a circle", count_text(found.waiting)),
        ],
        "why": [Line(label, count_text(count)) for label, count in found.not_circles],
    }


@require_safe
@requires(Capability.EVALUATE)
def volunteering(request: StaffRequest) -> HttpResponse:
    context = {"sections": lines(figures()), "suppressed": SUPPRESSED}
    return render(request, "evaluation/volunteering.html", context)
