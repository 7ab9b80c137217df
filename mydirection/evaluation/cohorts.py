"""Building the evaluation's two groups from the case records, pseudonymised.

For one office and one window of order start dates:

* the intervention group: people whose order started in the window and who joined the
  programme (``programme_start`` set);
* the counterfactual group: people in the same office whose order started in the same
  window and who did not join it.

Each person's cohort start is the start of their first order in the window. The outcome,
``reoffended``, is a proven offence other than a breach on one of the 365 days after the
cohort start (the start day itself does not count, the 365th day does).
``follow_up_complete`` says whether the whole year has passed.

The frame holds a keyed-hash identifier (HMAC-SHA256 with ``PSEUDONYM_KEY`` and the purpose
``evaluation:``, so it matches no other pseudonym in the product) and never a name, date of
birth, case reference or database id. It is built with a fixed number of queries (one per
table, and one counting the people left out), however many people the cohorts hold.

Two kinds of people are left out before anything else is read (and only counted):

* restricted cases (an exclusion or restriction in force): the staff who set the rule did
  not mean the case to be read outside it, and a pseudonymised frame can still single a
  person out in a small office;
* people who withdrew their consent to the evaluation (``ConsentPurpose.EVALUATION``) and
  have not given it again. People who never gave or refused it are kept: the evaluation
  rests on the service's public task, and the consent is the person's way to opt out.
"""

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import numpy as np
import pandas as pd
from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from mydirection.access.policy import has_access_rules
from mydirection.evaluation.models import BREACH, ReoffendingEvent
from mydirection.people.models import (
    UNSETTLED_ACCOMMODATION,
    Consent,
    ConsentPurpose,
    Employment,
    Ethnicity,
    Gender,
    Person,
    Requirement,
    RequirementType,
)
from mydirection.staff.models import Office

FOLLOW_UP_DAYS = 365
PSEUDONYM_PURPOSE = b"evaluation:"

# Requirement flags: column name and the requirement type that sets it.
REQUIREMENT_FLAGS: dict[str, str] = {
    "unpaid_work": RequirementType.UNPAID_WORK,
    "drug_rehabilitation": RequirementType.DRUG_REHABILITATION,
    "alcohol_treatment": RequirementType.ALCOHOL_TREATMENT,
    "accredited_programme": RequirementType.ACCREDITED_PROGRAMME,
}
BACKGROUND_FLAGS = (
    "domestic_abuse_perpetrator",
    "domestic_abuse_history",
    "mental_health",
    "mental_illness",
)
COLUMNS = (
    "pseudo_id",
    "treated",
    "cohort_start",
    "male",
    "age",
    "ogrs3",
    "deprivation",
    "ethnicity_recorded",
    "white_british",
    *BACKGROUND_FLAGS,
    "unsettled_accommodation",
    "unemployed",
    "previous_events",
    *REQUIREMENT_FLAGS,
    "reoffended",
    "follow_up_complete",
)


def pseudonym(person_id: UUID) -> str:
    """The evaluation's keyed hash of a person's id: stable, and meaningless without the key."""
    key = settings.PSEUDONYM_KEY.encode()
    return hmac.new(key, PSEUDONYM_PURPOSE + str(person_id).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Cohort:
    office: str
    window_start: date
    window_end: date
    built_on: date
    frame: pd.DataFrame
    # Restricted cases and withdrawn consents: how many, never who.
    n_left_out: int = 0
    # The people in the frame, for the access log only (never shown, never exported).
    person_ids: tuple[UUID, ...] = field(default=(), repr=False)

    @property
    def n_treated(self) -> int:
        return int((self.frame["treated"] == 1).sum())

    @property
    def n_control(self) -> int:
        return int((self.frame["treated"] == 0).sum())


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="float64") for column in COLUMNS})


def withdrew_evaluation_consent() -> Q:
    """A filter on people: the evaluation consent withdrawn, and not given again since."""
    evaluation = Consent.objects.filter(person=OuterRef("pk"), purpose=ConsentPurpose.EVALUATION)
    withdrawn = Exists(evaluation.filter(withdrawn_on__isnull=False))
    active = Exists(evaluation.filter(withdrawn_on__isnull=True))
    return Q(withdrawn) & ~Q(active)


# The pseudonymised extract is written this many people at a time (``frames``): its memory
# stays that of one chunk, however big the cohort.
CHUNK = 2000

PERSON_FIELDS = (
    "id",
    "cohort_start",
    "programme_start",
    "gender",
    "date_of_birth",
    "ogrs3",
    "deprivation_decile",
    "ethnicity",
    *BACKGROUND_FLAGS,
    "accommodation",
    "employment",
    "previous_events",
)


def _with_start(people: QuerySet[Person], window_start: date, window_end: date) -> QuerySet[Person]:
    """Those of ``people`` with an order starting in the window, with its first start."""
    in_window = Q(orders__start_date__gte=window_start, orders__start_date__lte=window_end)
    return people.annotate(cohort_start=Min("orders__start_date", filter=in_window)).filter(
        cohort_start__isnull=False
    )


def _candidates(office: Office, window_start: date, window_end: date) -> QuerySet[Person]:
    """Everyone in ``office`` with an order starting in the window."""
    return _with_start(Person.objects.filter(team__office=office), window_start, window_end)


def _leave_out() -> Q:
    return Q(has_access_rules()) | withdrew_evaluation_consent()


def build_cohorts(
    *, office: Office, window_start: date, window_end: date, today: date | None = None
) -> Cohort:
    """Both groups for ``office`` and orders starting from ``window_start`` to ``window_end``."""
    today = today or timezone.localdate()
    # One query for everyone, flagged when left out (and only counted): a second one
    # counting them cost as much again at 50,000 people.
    left_out = ExpressionWrapper(_leave_out(), output_field=BooleanField())
    candidates = _candidates(office, window_start, window_end).annotate(left_out=left_out)
    everyone = list(candidates.values(*PERSON_FIELDS, "left_out"))
    rows = [row for row in everyone if not row.pop("left_out")]
    n_left_out = len(everyone) - len(rows)
    if not rows:
        return Cohort(office.name, window_start, window_end, today, _empty_frame(), n_left_out)
    # Offences and requirements of the office's people: those of anyone not in the cohort
    # fall out when they are matched to it (a filter by the cohort's ids, a subquery with
    # its grouping, took seconds each).
    frame = _frame(rows, {"team__office": office}, window_start, window_end, today)
    frame = frame.sort_values(["treated", "pseudo_id"], ascending=[False, True])
    return Cohort(
        office.name,
        window_start,
        window_end,
        today,
        frame.reset_index(drop=True),
        n_left_out,
        tuple(row["id"] for row in rows),
    )


def cohort_ids(*, office: Office, window_start: date, window_end: date) -> list[UUID]:
    """The ids of the people ``build_cohorts`` would hold (the same people left out), in the
    order of their pseudonyms: one query, and no more than the ids in memory."""
    candidates = _candidates(office, window_start, window_end).exclude(_leave_out())
    ids = list(candidates.values_list("id", flat=True).iterator(chunk_size=CHUNK))
    return sorted(ids, key=pseudonym)


def frames(
    ids: list[UUID], *, window_start: date, window_end: date, today: date, chunk: int = 0
) -> Iterator[pd.DataFrame]:
    """The cohort frame of ``ids`` (from ``cohort_ids``), ``chunk`` (``CHUNK``) people at a
    time, in the order given: three queries a chunk, and only one chunk in memory."""
    chunk = chunk or CHUNK
    for start in range(0, len(ids), chunk):
        some = ids[start : start + chunk]
        people = _with_start(Person.objects.filter(pk__in=some), window_start, window_end)
        rows = list(people.values(*PERSON_FIELDS))
        if not rows:
            continue
        frame = _frame(rows, {"pk__in": some}, window_start, window_end, today)
        yield frame.sort_values("pseudo_id").reset_index(drop=True)


def _frame(
    rows: list[dict[str, Any]],
    within: dict[str, Any],
    window_start: date,
    window_end: date,
    today: date,
) -> pd.DataFrame:
    """The cohort frame's columns (``COLUMNS``) for ``rows`` of people (``PERSON_FIELDS``);
    ``within`` (a lookup on the person) selects the offences and requirements to read: at
    least the people's own; anyone else's are left out when matched to them."""
    base = pd.DataFrame(rows)
    # Events that could count: after the earliest possible start, within a year of the latest.
    events = pd.DataFrame(
        list(
            ReoffendingEvent.objects.filter(
                **{f"person__{lookup}": value for lookup, value in within.items()},
                offence_date__gt=window_start,
                offence_date__lte=window_end + timedelta(days=FOLLOW_UP_DAYS),
            )
            .exclude(category=BREACH)
            .values_list("person_id", "offence_date")
        ),
        columns=["id", "offence_date"],
    )
    requirements = pd.DataFrame(
        list(
            Requirement.objects.filter(
                **{f"order__person__{lookup}": value for lookup, value in within.items()},
                order__start_date__gte=window_start,
                order__start_date__lte=window_end,
                requirement_type__in=list(REQUIREMENT_FLAGS.values()),
            ).values_list("order__person_id", "requirement_type")
        ),
        columns=["id", "requirement_type"],
    )

    start = pd.to_datetime(base["cohort_start"])
    born = pd.to_datetime(base["date_of_birth"])
    before_birthday = (start.dt.month < born.dt.month) | (
        (start.dt.month == born.dt.month) & (start.dt.day < born.dt.day)
    )
    ethnicity = base["ethnicity"].fillna("")
    recorded = (ethnicity != "") & (ethnicity != Ethnicity.NOT_STATED)

    frame = pd.DataFrame(
        {
            "pseudo_id": [pseudonym(pk) for pk in base["id"]],
            "treated": base["programme_start"].notna().astype(int),
            "cohort_start": base["cohort_start"],
            "male": (base["gender"] == Gender.MALE).astype(int),
            "age": (start.dt.year - born.dt.year - before_birthday.astype(int)).astype(int),
            "ogrs3": pd.to_numeric(base["ogrs3"], errors="coerce").astype("float64"),
            "deprivation": pd.to_numeric(base["deprivation_decile"], errors="coerce").astype(
                "float64"
            ),
            "ethnicity_recorded": recorded.astype(int),
            "white_british": np.where(
                recorded, (ethnicity == Ethnicity.WHITE_BRITISH).astype(float), np.nan
            ),
        }
    )
    for flag in BACKGROUND_FLAGS:
        frame[flag] = base[flag].astype(int)
    frame["unsettled_accommodation"] = base["accommodation"].isin(UNSETTLED_ACCOMMODATION)
    frame["unsettled_accommodation"] = frame["unsettled_accommodation"].astype(int)
    frame["unemployed"] = (base["employment"] == Employment.UNEMPLOYED).astype(int)
    frame["previous_events"] = base["previous_events"].astype(int)
    for column, requirement_type in REQUIREMENT_FLAGS.items():
        having = set(requirements.loc[requirements["requirement_type"] == requirement_type, "id"])
        frame[column] = base["id"].isin(having).astype(int)

    # The outcome: a non-breach event on days 1 to 365 after the person's own cohort start.
    if events.empty:
        reoffenders: set[UUID] = set()
    else:
        joined = events.merge(base[["id", "cohort_start"]], on="id")
        days = (
            pd.to_datetime(joined["offence_date"]) - pd.to_datetime(joined["cohort_start"])
        ).dt.days
        reoffenders = set(joined.loc[(days >= 1) & (days <= FOLLOW_UP_DAYS), "id"])
    frame["reoffended"] = base["id"].isin(reoffenders).astype(int)
    frame["follow_up_complete"] = (
        start + pd.Timedelta(days=FOLLOW_UP_DAYS) <= pd.Timestamp(today)
    ).astype(int)

    return frame[list(COLUMNS)]
