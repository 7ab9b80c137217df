"""Demo person-centred tools: one-page profiles in people's own words, good days and bad
days, and relationship circles that change over time, for most people with an assessment.

Statements are in the first person when the person said them; a few come from the case
manager or family, and most are confirmed by the person. Seeded.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from mydirection.demo.assessment import Chosen, at, chosen_people, new_id, when
from mydirection.person_centred.models import SaidBy, Sector, Statement, ToolRecord
from mydirection.practice import Tool

SEED_OFFSET = 9_133

APPRECIATE = (
    "I make people laugh, even on a bad day.",
    "I'm good with my hands. I can fix most things.",
    "I never let my mates down. If I say I'll be there, I'm there.",
    "I'm a good cook. My Sunday dinners are famous.",
    "People say I'm a good listener.",
    "I'm patient with kids and old people.",
    "I work hard when I've got something to aim for.",
)
IMPORTANT = (
    "Seeing my kids every weekend.",
    "My dog. She's my best friend.",
    "Keeping my flat nice and paying my rent on time.",
    "Staying off the drink.",
    "My nan. I ring her every day.",
    "Getting back to work. I want to earn my own money.",
    "Football on a Saturday with my brother.",
    "My allotment. It's where I feel calm.",
    "Going to my NA meeting on a Thursday.",
)
SUPPORT = (
    "Tell me straight. I don't like people going round the houses.",
    "Give me things in writing. I forget if it's only said.",
    "Text me the day before an appointment.",
    "Mornings are better for me. Afternoons I'm tired from my meds.",
    "Don't ask me about my past in front of other people.",
    "Give me time to think before I answer.",
    "If I go quiet, ask me if I'm all right. I won't say it myself.",
)
CASE_MANAGER_SAYS = (
    "Has kept every appointment since the order started.",
    "Is a reliable volunteer and other volunteers look up to them.",
    "Speaks up for others in the group sessions.",
)
FAMILY_SAYS = (
    "Their mum says they are the one who holds the family together.",
    "Their sister says they are brilliant with her children.",
)
GOOD_DAY = (
    "I get up early and take the dog out before it's busy.",
    "I see the kids and we go to the park.",
    "I get some work in and I'm tired in a good way.",
    "I cook a proper meal and watch the match.",
)
BAD_DAY = (
    "I can't sleep and then everything gets on top of me.",
    "A letter comes about money and I panic.",
    "I bump into people from before and they wind me up.",
    "I have nothing to do all day and I start thinking about a drink.",
)
CIRCLE_FIRST = (
    ("intimate", "Mum", Sector.FAMILY),
    ("intimate", "My two kids", Sector.FAMILY),
    ("friendship", "Dean, from school", Sector.FRIENDS),
    ("exchange", "My case manager", Sector.PAID_SUPPORT),
    ("exchange", "Drug and alcohol keyworker", Sector.PAID_SUPPORT),
)
# Later, new pro-social ties: a desistance marker the circle shows over time.
CIRCLE_NEW = (
    ("participation", "The allotment group", Sector.COMMUNITY),
    ("friendship", "Lee, from the recovery café", Sector.FRIENDS),
    ("participation", "Five-a-side on Sundays", Sector.COMMUNITY),
    ("participation", "Volunteers at the food bank", Sector.COMMUNITY),
)


@dataclass
class Writer:
    rng: random.Random
    today: date
    records: list[ToolRecord]
    statements: list[Statement]

    def pick(self, bank: tuple[str, ...], k: int) -> list[str]:
        return self.rng.sample(bank, min(k, len(bank)))

    def write(
        self,
        person: Chosen,
        tool: Tool,
        number: int,
        day: date,
        items: Sequence[tuple[str, str, str, str]],  # section, text, said by, sector
        notes: str = "",
    ) -> None:
        record = ToolRecord(
            id=new_id(self.rng),
            person_id=person.person_id,
            tool=tool,
            number=number,
            notes=notes,
            recorded_by_id=person.case_manager_id,
            recorded_at=at(day, 14 + number),
        )
        self.records.append(record)
        for position, (section, text, said_by, sector) in enumerate(items):
            self.statements.append(
                Statement(
                    id=new_id(self.rng),
                    record_id=record.id,
                    section=section,
                    position=position,
                    text=text,
                    said_by=said_by,
                    confirmed=said_by == SaidBy.PERSON or self.rng.random() < 0.6,
                    sector=sector,
                )
            )

    def profile(self, person: Chosen) -> None:
        items: list[tuple[str, str, str, str]] = [
            ("appreciate", t, SaidBy.PERSON, "") for t in self.pick(APPRECIATE, 2)
        ]
        if self.rng.random() < 0.5:
            items.append(
                ("appreciate", self.pick(CASE_MANAGER_SAYS, 1)[0], SaidBy.CASE_MANAGER, "")
            )
        if self.rng.random() < 0.3:
            items.append(("appreciate", self.pick(FAMILY_SAYS, 1)[0], SaidBy.FAMILY, ""))
        items += [("important", t, SaidBy.PERSON, "") for t in self.pick(IMPORTANT, 3)]
        items += [("support", t, SaidBy.PERSON, "") for t in self.pick(SUPPORT, 2)]
        day = when(self.rng, person.started, self.today)
        self.write(person, Tool.ONE_PAGE_PROFILE, 1, day, items, "Written together at the office.")

    def good_day_bad_day(self, person: Chosen) -> None:
        items: list[tuple[str, str, str, str]] = [
            ("good_day", t, SaidBy.PERSON, "") for t in self.pick(GOOD_DAY, 2)
        ]
        items += [("bad_day", t, SaidBy.PERSON, "") for t in self.pick(BAD_DAY, 2)]
        self.write(
            person, Tool.GOOD_DAY_BAD_DAY, 1, when(self.rng, person.started, self.today), items
        )

    def circle(self, person: Chosen) -> None:
        first: list[tuple[str, str, str, str]] = [
            (ring, name, SaidBy.PERSON, sector) for ring, name, sector in CIRCLE_FIRST
        ]
        day = when(self.rng, person.started, self.today)
        self.write(person, Tool.RELATIONSHIP_CIRCLE, 1, day, first)
        later = when(self.rng, day, self.today, after=0.5)
        if later > day:
            new: list[tuple[str, str, str, str]] = [
                (r, n, SaidBy.PERSON, s) for r, n, s in CIRCLE_NEW[: self.rng.randint(1, 3)]
            ]
            # Dean drifted away; the new connections came in.
            kept = [item for item in first if not item[1].startswith("Dean")]
            self.write(person, Tool.RELATIONSHIP_CIRCLE, 2, later, kept + new)


def write_demo_person_centred(*, seed: int, today: date | None = None) -> int:
    """Writes the demo's person-centred tools; returns how many people have a profile."""
    today = today or timezone.localdate()
    writer = Writer(random.Random(seed + SEED_OFFSET), today, [], [])
    profiles = 0
    for person in chosen_people(seed, today):
        if writer.rng.random() < 0.8:
            writer.profile(person)
            profiles += 1
        if writer.rng.random() < 0.4:
            writer.good_day_bad_day(person)
        if writer.rng.random() < 0.3:
            writer.circle(person)
    with transaction.atomic():
        ToolRecord.objects.bulk_create(writer.records, batch_size=1_000)
        Statement.objects.bulk_create(writer.statements, batch_size=1_000)
    return profiles
