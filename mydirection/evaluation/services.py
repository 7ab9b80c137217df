"""Who may use the evaluation, and building cohorts and extracts with their access-log entries.

Logging choice: one ``COMBINE`` entry per person in the cohort (written in one insert by
``record_many``), not one entry with a count. The access log is what a person's subject
access request and the data protection officer's per-person log are answered from; a single
entry with a count could not tell a person that their records were combined into an
evaluation. The count, the office, the window and the purpose go in every entry's details.

Once a day: a cohort's combination is logged on the first view of the day by each evaluator
(``record_many_once_a_day``), not again for every view of the page, its printed report and
its CSV download of the same window the same day. Each person still has an entry saying whose
data were combined into which report (office and window), by whom and on which day; what the
later views of that day would have added is the time of each view, which says nothing more
about the person. At 50,000 people an entry per person per view was most of the page's time
(``docs/benchmarks.md``). A changed cohort (someone joined, restricted, consent withdrawn) or
window logs again. An extract is a disclosure and is logged every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.log import record_many, record_many_once_a_day
from mydirection.access.models import Operation
from mydirection.access.policy import Capability, Relation, may
from mydirection.fund.reports import FundReport, Scope, people_in
from mydirection.fund.reports import report as fund_report
from mydirection.routers import replica_reads
from mydirection.staff.models import Office, User

if TYPE_CHECKING:
    from mydirection.evaluation.cohorts import Cohort


# The Justice Data Lab's minimum cohort: below it, person-level rows are too easy to re-identify.
MIN_EXTRACT_COHORT = 60

EVALUATION_PURPOSE = "Impact evaluation of the MyDirection programme"


def may_evaluate(user: User) -> bool:
    """Evaluators run the analysis; the programme manager reads it."""
    return may(user, Capability.EVALUATE)


def may_extract(user: User) -> bool:
    """Only the programme manager may disclose a person-level (pseudonymised) extract: it
    leaves the service, so the person accountable for the programme decides and is named in
    the log."""
    return may(user, Capability.EXTRACT)


@dataclass(frozen=True)
class Window:
    office: Office
    start: date
    end: date


def _details(window: Window, cohort: Cohort, **extra: object) -> dict[str, object]:
    return {
        "office": window.office.name,
        "window_start": window.start.isoformat(),
        "window_end": window.end.isoformat(),
        "people": len(cohort.person_ids),
        **extra,
    }


def evaluating(user: User, purpose: str) -> StaffActor:
    """The evaluation's actor: people are combined for a stated purpose, never opened."""
    return StaffActor(user, Relation.EVALUATION, justification=purpose)


def build_logged_cohort(
    user: User, window: Window, *, what: str, today: date | None = None
) -> Cohort:
    """Build the cohort (from the read replica, if there is one: ``mydirection/routers.py``)
    and log its combination, one entry per person, in one transaction on the primary: once a
    day for the same evaluator, window and people (the module's docstring says why)."""
    # Cohorts are pandas frames: pandas loads with the first cohort, not with every page.
    from mydirection.evaluation.cohorts import build_cohorts

    with replica_reads():
        cohort = build_cohorts(
            office=window.office, window_start=window.start, window_end=window.end, today=today
        )
    with transaction.atomic():
        record_many_once_a_day(
            actor=evaluating(user, EVALUATION_PURPOSE),
            operation=Operation.COMBINE,
            what=what,
            subject_ids=list(cohort.person_ids),
            details=_details(window, cohort),
        )
    return cohort


class ExtractRefused(Exception):
    """The extract may not be made; the message says why, in one sentence."""


def extract_rows(cohort: Cohort) -> list[list[object]]:
    """Header and rows: the columns the classification registry lets leave, in its forms
    (keyed-hash ids, months, flags), never names, dates of birth or exact dates."""
    from mydirection.evaluation import extract

    return extract.extract_rows(cohort.frame.to_dict("records"))


def disclose_extract(
    user: User,
    window: Window,
    *,
    recipients: str,
    purpose: str,
    today: date | None = None,
) -> Iterator[str]:
    """The pseudonymised extract as CSV lines, logged as a disclosure of each person in it.

    Refused (``ExtractRefused``) for anyone but the extract roles and for cohorts under
    ``MIN_EXTRACT_COHORT`` people; a refusal writes no disclosure. Read from the primary,
    never the replica: person-level rows leave the service, so a restriction or a withdrawn
    consent recorded a moment ago must already count.

    The refusal and the log come first, when this is called; the lines then come a chunk of
    people at a time (``cohorts.frames``), so a cohort of any size streams in the memory of
    one chunk. They are exactly the people logged: the ids are read once, and each chunk is
    read by id.
    """
    if not may_extract(user):
        raise ExtractRefused("Only the programme manager may disclose a pseudonymised extract.")
    from mydirection.evaluation import cohorts, extract

    today = today or timezone.localdate()
    ids = cohorts.cohort_ids(office=window.office, window_start=window.start, window_end=window.end)
    if len(ids) < MIN_EXTRACT_COHORT:
        raise ExtractRefused(
            f"This cohort has fewer than {MIN_EXTRACT_COHORT} people, so an extract could "
            "identify them: choose a longer window or another office."
        )
    details = {
        "office": window.office.name,
        "window_start": window.start.isoformat(),
        "window_end": window.end.isoformat(),
        "people": len(ids),
    }
    with transaction.atomic():
        # A chunk of entries at a time, in one transaction: the log's memory stays small too.
        for start in range(0, len(ids), cohorts.CHUNK):
            record_many(
                actor=evaluating(user, purpose),
                operation=Operation.DISCLOSE,
                what="Pseudonymised evaluation extract",
                subject_ids=ids[start : start + cohorts.CHUNK],
                recipients=recipients,
                details=details,
            )
    return extract.csv_lines(
        cohorts.frames(ids, window_start=window.start, window_end=window.end, today=today)
    )


FUND_PURPOSE = "Monitoring and evaluation of the Enabling Fund"


def fund_report_logged(
    user: User, scope: Scope, *, what: str, today: date | None = None
) -> FundReport:
    """The Enabling Fund's figures for ``scope``, and the combination of everyone whose
    requests they count logged, one entry per person (as a cohort is), in one transaction."""
    with transaction.atomic():
        figures = fund_report(scope, today)
        people = people_in(scope)
        record_many(
            actor=evaluating(user, FUND_PURPOSE),
            operation=Operation.COMBINE,
            what=what,
            subject_ids=people,
            details={
                "fund": str(scope.fund.pk) if scope.fund else "all",
                "period_start": scope.start.isoformat() if scope.start else "",
                "period_end": scope.end.isoformat() if scope.end else "",
                "people": len(people),
            },
        )
    return figures
