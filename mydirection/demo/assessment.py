"""Demo strengths-based assessments: realistic answers for a good share of the demo people.

Everyone on the programme, every person with a running order held by a trained case manager,
and a quarter of the other people with a running order have an assessment. Some areas
were answered twice, so the history shows a person moving on ("thinking about it", then
"making changes"). Seeded: the same seed gives the same answers.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from mydirection.assessment.models import AnsweredBy, AreaAnswer, Motivation
from mydirection.people.models import Order, Person
from mydirection.practice import Area
from mydirection.staff.models import Training

SEED_OFFSET = 7_711
OTHERS_SHARE = 0.25


@dataclass(frozen=True)
class Chosen:
    person_id: uuid.UUID
    case_manager_id: uuid.UUID
    started: date  # the start of their current or latest order
    on_programme: bool


def chosen_people(seed: int, today: date) -> list[Chosen]:
    """The demo people who have strengths assessments and person-centred tools."""
    rng = random.Random(seed + SEED_OFFSET)
    trained = Training.objects.filter(user=OuterRef("case_manager"))
    rows = (
        Person.objects.filter(case_manager__isnull=False)
        .annotate(trained=Exists(trained))
        .values_list("id", "case_manager_id", "programme_start", "trained")
        .order_by("case_reference")
    )
    starts: dict[uuid.UUID, tuple[date, date]] = {}
    for person_id, start, end in Order.objects.values_list("person_id", "start_date", "end_date"):
        if person_id not in starts or starts[person_id][0] < start:
            starts[person_id] = (start, end)
    chosen = []
    for person_id, case_manager_id, programme_start, trained_holder in rows:
        start, end = starts.get(person_id, (today - timedelta(days=90), today))
        running = start <= today - timedelta(days=14) and end > today
        draw = rng.random()
        if programme_start is not None or (running and (trained_holder or draw < OTHERS_SHARE)):
            chosen.append(Chosen(person_id, case_manager_id, start, programme_start is not None))
    return chosen


def new_id(rng: random.Random) -> uuid.UUID:
    """A version 4 UUID from the seeded generator, so a seed always gives the same URLs."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), ZoneInfo(settings.TIME_ZONE))


def when(rng: random.Random, start: date, today: date, after: float = 0.0) -> date:
    """A day between the order's start (plus a week) and today, at ``after``..1 of the way."""
    first = start + timedelta(days=7)
    span = max(0, (today - first).days)
    return first + timedelta(days=int(span * (after + (1 - after) * rng.random() * 0.5)))


# Per area: strengths (written by the case manager with the person), a reason it is linked
# to reoffending when it is, and whether it applies to most people at all.
STRENGTHS: dict[Area, tuple[str, ...]] = {
    Area.ACCOMMODATION: (
        "Has kept the tenancy for eight months and gets on well with the landlord.",
        "Stays with a sister who is supportive and wants to help find a flat nearby.",
        "Is on the council's housing list and has all the paperwork ready.",
        "Decorated the flat with help from a friend and is proud of it.",
    ),
    Area.EMPLOYMENT_EDUCATION: (
        "Worked as a joiner for six years; still has the tools and the skills.",
        "Enjoys cooking and has started a food hygiene course at the college.",
        "Volunteers two mornings a week at the food bank and is trusted with the keys.",
        "Has a forklift licence and a good reference from the last warehouse job.",
    ),
    Area.FINANCES: (
        "Set up a budget with the Citizens Advice worker and sticks to it.",
        "Pays the rent first every month; debts are now on a payment plan.",
        "Opened a bank account and has the benefits paid into it.",
    ),
    Area.DRUG_USE: (
        "Has been abstinent from heroin for a year and picks up the script reliably.",
        "Goes to the recovery café on Thursdays and has a sponsor there.",
        "Cut down cannabis use to weekends and says sleep is better for it.",
    ),
    Area.ALCOHOL_USE: (
        "Drinks only at home now and keeps to the limits agreed with the alcohol worker.",
        "Attends every session of the alcohol treatment requirement.",
        "Has a brother who does not drink and spends Saturdays with him.",
    ),
    Area.HEALTH_WELLBEING: (
        "Registered with a GP and takes medication as prescribed.",
        "Walks the dog every day and says it clears the head.",
        "Started going to the gym with a friend; plays five-a-side on Sundays.",
    ),
    Area.RELATIONSHIPS_COMMUNITY: (
        "Close to a grandmother, who is a steadying influence.",
        "Sees the children every weekend and takes them to football.",
        "Has new friends from the allotment group, away from old associates.",
        "A peer mentor meets up weekly and has become a good friend.",
    ),
    Area.THINKING_BEHAVIOURS: (
        "Recognises the warning signs when getting angry and walks away.",
        "Stops and thinks before acting, using the steps from the programme.",
        "Takes responsibility for the offence and talks about the victim with regret.",
    ),
}
REOFFENDING_LINKS: dict[Area, str] = {
    Area.ACCOMMODATION: "Offences happened while sleeping rough or sofa-surfing.",
    Area.EMPLOYMENT_EDUCATION: "Out of work and bored when the offences happened.",
    Area.FINANCES: "Thefts were to pay debts to a dealer.",
    Area.DRUG_USE: "Offences were to fund drug use.",
    Area.ALCOHOL_USE: "Was drinking heavily at the time of every violent offence.",
    Area.HEALTH_WELLBEING: "Offended when mental health was at its worst and not treated.",
    Area.RELATIONSHIPS_COMMUNITY: "Offended with the same group of friends each time.",
    Area.THINKING_BEHAVIOURS: "Acts on impulse when angry; the index offence followed an argument.",
}
HARM_LINKS: dict[Area, str] = {
    Area.ALCOHOL_USE: "Violence towards strangers when drunk in the town centre.",
    Area.RELATIONSHIPS_COMMUNITY: "Risk to a former partner; see the risk management plan.",
    Area.THINKING_BEHAVIOURS: "Uses violence when feeling disrespected.",
    Area.DRUG_USE: "Carried a knife when dealing to fund use.",
}
# Areas that do not apply to many people (most people are not using drugs).
OFTEN_NOT_APPLICABLE = {Area.DRUG_USE: 0.55, Area.ALCOHOL_USE: 0.3, Area.FINANCES: 0.15}
# Motivation answers, weighted: people on the programme are further along.
MOTIVATIONS = (
    Motivation.MADE_CHANGES,
    Motivation.MAKING_CHANGES,
    Motivation.WANT_TO_MAKE_CHANGES,
    Motivation.NEEDS_HELP,
    Motivation.THINKING,
    Motivation.DOES_NOT_WANT,
    Motivation.DOES_NOT_WANT_TO_ANSWER,
)
WEIGHTS_PROGRAMME = (0.2, 0.3, 0.15, 0.2, 0.1, 0.03, 0.02)
WEIGHTS_OTHERS = (0.1, 0.2, 0.15, 0.2, 0.2, 0.1, 0.05)
# The later answer of an area answered twice: one step on.
MOVED_ON = {
    Motivation.THINKING: Motivation.WANT_TO_MAKE_CHANGES,
    Motivation.WANT_TO_MAKE_CHANGES: Motivation.MAKING_CHANGES,
    Motivation.NEEDS_HELP: Motivation.MAKING_CHANGES,
    Motivation.MAKING_CHANGES: Motivation.MADE_CHANGES,
}


def _answer(rng: random.Random, person: Chosen, area: Area, today: date) -> list[AreaAnswer]:
    if rng.random() < OFTEN_NOT_APPLICABLE.get(area, 0.0):
        motivation = Motivation.NOT_APPLICABLE
        strengths = ""
        to_reoffending = to_harm = False
    else:
        weights = WEIGHTS_PROGRAMME if person.on_programme else WEIGHTS_OTHERS
        motivation = rng.choices(MOTIVATIONS, weights)[0]
        bank = STRENGTHS[area]
        strengths = rng.choice(bank)
        to_reoffending = rng.random() < 0.4
        to_harm = area in HARM_LINKS and rng.random() < 0.12
    answered_by = (
        AnsweredBy.PERSON_WITH_SUPPORTER
        if rng.random() < 0.1
        else AnsweredBy.PERSON_WITH_CASE_MANAGER
    )
    first_day = when(rng, person.started, today)

    def version(number: int, motivation: str, day: date) -> AreaAnswer:
        return AreaAnswer(
            id=new_id(rng),
            person_id=person.person_id,
            area=area,
            number=number,
            motivation=motivation,
            strengths=strengths,
            linked_to_harm=to_harm,
            harm_details=HARM_LINKS.get(area, "") if to_harm else "",
            linked_to_reoffending=to_reoffending,
            reoffending_details=REOFFENDING_LINKS[area] if to_reoffending else "",
            answered_by=answered_by,
            recorded_by_id=person.case_manager_id,
            recorded_at=at(day, 10 + number),
        )

    answers = [version(1, motivation, first_day)]
    later = when(rng, first_day, today, after=0.5)
    if motivation in MOVED_ON and later > first_day and rng.random() < 0.35:
        answers.append(version(2, MOVED_ON[Motivation(motivation)], later))
    return answers


def write_demo_assessments(*, seed: int, today: date | None = None) -> int:
    """Writes the demo's assessments; returns how many people have one."""
    today = today or timezone.localdate()
    rng = random.Random(seed + SEED_OFFSET + 1)
    people = chosen_people(seed, today)
    rows: list[AreaAnswer] = []
    for person in people:
        for area in Area:
            rows += _answer(rng, person, area, today)
    with transaction.atomic():
        AreaAnswer.objects.bulk_create(rows, batch_size=1_000)
    return len(people)
