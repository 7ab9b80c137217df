"""Counts per person and month, and per person and day, kept by the services that write the
records (issue 16, item 3).

One row per person and month (the month an appointment started, in local time), and one per
person and day (for the part-months at the ends of a period: ``PersonDay``), holding the
counts the monitoring figures add up: appointments with an outcome, attended, each kind of
absence, needs and goals discussed, tools used, each of the Three Conversations, and of the
appointments with an outcome, attended, with a tool and with a goal discussed, those whose
member of staff was trained by the day (practice by trained and untrained staff). The services
that record outcomes, edit them, reschedule and cancel appointments change the counts in the
same transaction (``summaries.services.tracking``), and so do the services that add or take
away a member of staff's training (``training_changed``); ``mydirection rebuild-summaries`` counts
them again from the records. Figures by office, team or case manager are grouped through the
person when they are read, so moving a person to another team rewrites nothing.
"""

from django.db import models

from mydirection.practice import Area, ConversationKind, Tool


def _count() -> "models.PositiveIntegerField[int, int]":
    return models.PositiveIntegerField(default=0)


class PersonCounts(models.Model):
    """The counts both summaries keep (``COUNTS``)."""

    # Appointments (live, with an outcome, not waiting to be rescheduled) and each outcome.
    with_outcome = _count()
    attended = _count()
    acceptable_absence = _count()
    unacceptable_absence = _count()
    failed_to_attend = _count()
    to_be_rescheduled = _count()
    # Of the attended: with any area of need discussed, a goal of the plan, any tool.
    any_need = _count()
    plan_goal = _count()
    with_tools = _count()
    # Of the attended: each area of need and each tool (one a row discussed or used).
    need_accommodation = _count()
    need_employment_education = _count()
    need_finances = _count()
    need_drug_use = _count()
    need_alcohol_use = _count()
    need_health_wellbeing = _count()
    need_relationships_community = _count()
    need_thinking_behaviours = _count()
    tool_one_page_profile = _count()
    tool_important_to_for = _count()
    tool_good_day_bad_day = _count()
    tool_working_not_working = _count()
    tool_relationship_circle = _count()
    tool_decision_making = _count()
    tool_four_plus_one = _count()
    tool_strengths_domains = _count()
    # Of those with an outcome: each of the Three Conversations had.
    conversation_1 = _count()
    conversation_2 = _count()
    conversation_3 = _count()
    # Of the above, those whose member of staff had completed any training by the day
    # (``staff.selectors.trained_by_then``); the untrained are the rest.
    trained_with_outcome = _count()
    trained_attended = _count()
    trained_with_tools = _count()
    trained_plan_goal = _count()

    class Meta:
        abstract = True


class PersonMonth(PersonCounts):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="monthly_counts"
    )
    month = models.DateField(help_text="The first day of the month")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="person_month_unique")
        ]
        indexes = [models.Index(fields=["month", "person"])]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}"


class PersonDay(PersonCounts):
    """The same counts by day, for the part-months at the ends of a period that is not whole
    months (the monthly rows answer the whole months in it). A row a person and day with
    any appointment counted; ``month`` is the day's month, to group by month."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    month = models.DateField(help_text="The first day of the day's month")

    objects: "models.Manager[PersonDay]" = models.Manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="person_day_unique")]
        indexes = [models.Index(fields=["day", "person"])]

    def __str__(self) -> str:
        return f"{self.day:%d %B %Y}"


def need(area: str) -> str:
    return f"need_{area}"


def tool(name: str) -> str:
    return f"tool_{name}"


def conversation(kind: str) -> str:
    return f"conversation_{kind}"


def trained(count: str) -> str:
    return f"trained_{count}"


OUTCOME_COUNTS = (
    "with_outcome",
    "attended",
    "acceptable_absence",
    "unacceptable_absence",
    "failed_to_attend",
    "to_be_rescheduled",
    "any_need",
    "plan_goal",
    "with_tools",
)
# The counts also kept for appointments with staff trained by then.
PRACTICE_COUNTS = ("with_outcome", "attended", "with_tools", "plan_goal")
# Every count, in the order of the fields.
COUNTS: tuple[str, ...] = (
    *OUTCOME_COUNTS,
    *(need(area) for area in Area.values),
    *(tool(name) for name in Tool.values),
    *(conversation(kind) for kind in ConversationKind.values),
    *(trained(count) for count in PRACTICE_COUNTS),
)
