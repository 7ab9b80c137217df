"""Co-creation in Hull, in the pilot's shape: one group of eleven Community Reporters (staff
and peer mentors; one not yet trained is a twelfth), a versioned best-practice guide, about 40
stories over four months (people on probation, staff, volunteers, a few family members),
each with layered consent taken by a reporter who is not the storyteller's case manager, most
screened with names redacted (two did not pass), three withdrawn; themes, highlights and
insights; two workshops with change actions, and the storytellers behind them told.

In the app: the person who tries the app (Guy Williams in the demo) told the story about the
waiting room, which led to the workshop's first change, so "Your stories" shows its use; the
peer mentor on probation, a trained reporter, captured one peer's story from their app (it
waits for the staff's risk screen).

Everything goes through the services, as the pages would: the rules and the access log. Runs
after volunteering (its peer mentor on probation is a reporter).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.guard import cocreation_actor
from mydirection.cocreation import selectors
from mydirection.cocreation.models import (
    ActionStatus,
    Highlight,
    Insight,
    Reporter,
    Story,
    StorytellerRole,
    Technique,
    Theme,
)
from mydirection.cocreation.services import app, curation, reporters, stories, workshops
from mydirection.people.models import Person
from mydirection.staff.models import Office, Role, User
from mydirection.volunteering.models import Stage, Volunteer

HULL = "Hull"
GUIDE = [
    "We ask before we record, and again before anything is shared. People can stop at any time.",
    "We ask before we record, and again before anything is shared. People can stop at any time."
    "\n\nWe never record anything about victims or offences, and we take out names of staff "
    "and places that could identify anyone.\n\nSomeone who is not the storyteller's case "
    "manager takes their consent.",
]
# (theme, child theme, the words a highlight takes, a transcript containing them and a name).
STORIES = [
    (
        "The office",
        "Waiting room",
        "the waiting room felt cold and nobody said hello",
        "The first time I came in, the waiting room felt cold and nobody said hello. "
        "{name} came out after forty minutes.",
    ),
    (
        "The office",
        "Appointments",
        "appointments at nine clash with my shifts",
        "I got a job on the docks but appointments at nine clash with my shifts. "
        "{name} moved them once and then it went back.",
    ),
    (
        "Being heard",
        "First meeting",
        "she asked what I wanted from life, not what I had done",
        "{name} was the first one who sat down and she asked what I wanted from life, not what "
        "I had done. That stuck with me.",
    ),
    (
        "Being heard",
        "Changing case manager",
        "I had to tell my story three times to three people",
        "In a year I had to tell my story three times to three people. {name} was good, but "
        "then she left.",
    ),
    (
        "Support",
        "Peer mentors",
        "talking to someone who has been through it makes you believe it",
        "My peer mentor {name} had been inside too, and talking to someone who has been through "
        "it makes you believe it.",
    ),
    (
        "Support",
        "Housing",
        "Without an address nothing else moves",
        "When I came out I was sofa surfing at {name}'s. Without an address nothing else moves.",
    ),
    (
        "Support",
        "Work",
        "The group helped me write my first CV",
        "I had never had a job. The group helped me write my first CV and {name} came to the "
        "interview with me.",
    ),
    (
        "Being heard",
        "Plans",
        "My plan has my own words in it now",
        "I used to sign papers I did not read. My plan has my own words in it now, {name} "
        "typed what I said.",
    ),
]
FIRST_NAMES = ["Dave", "Karen", "Mo", "Leanne", "Gary", "Tasha", "Sean", "Jade", "Paul", "Amy"]
WITHDRAWN = 3
FAILED_SCREEN = 2
STORY_COUNT = 40


@dataclass
class Written:
    stories: int = 0
    reporters: int = 0
    withdrawn: int = 0

    def summary(self) -> str:
        if not self.stories:
            return "Co-creation: not written (no Hull office or programme manager)."
        return (
            f"Co-creation: {self.reporters} Community Reporters in Hull, {self.stories} stories "
            f"({self.withdrawn} withdrawn), insights, two workshops and their changes."
        )


# The story the app's person tells (its index in the loop: the waiting room, screened, not
# one of those withdrawn).
APP_STORYTELLER_AT = 8


def write_demo_cocreation(
    *, seed: int, today: date | None = None, app_person: Person | None = None
) -> Written:
    today = today or timezone.localdate()
    written = Written()
    office = Office.objects.filter(name=HULL).first()
    lead = User.objects.filter(role=Role.PROGRAMME_MANAGER, is_active=True).order_by("pk").first()
    if office is None or lead is None:
        return written
    rng = random.Random(seed * 7_919 + 15)
    actor = cocreation_actor(lead)
    group = reporters.add_group(actor=actor, name="Hull Community Reporters", office=office)
    reporters.write_guide(actor=actor, group=group, text=GUIDE[0], expected_version=0)
    reporters.write_guide(actor=actor, group=group, text=GUIDE[1], expected_version=1)

    staff = list(
        User.objects.filter(
            team__office=office,
            is_active=True,
            role__in=(Role.CASE_MANAGER, Role.SENIOR_CASE_MANAGER, Role.VOLUNTEER_COORDINATOR),
        ).order_by("username")[:7]
    )
    volunteers = list(
        Volunteer.objects.filter(office=office, stage=Stage.ACTIVE).order_by("first_name")[:4]
    )
    team: list[Reporter] = [
        reporters.add_reporter(actor=actor, group=group, user=user) for user in staff
    ]
    team.extend(
        reporters.add_reporter(
            actor=actor, group=group, user=volunteer.user, person=volunteer.person
        )
        for volunteer in volunteers
        if volunteer.user_id or volunteer.person_id
    )
    trained, untrained = team[:11], team[11:]
    for reporter in trained:
        reporters.record_training(
            actor=actor,
            reporter=reporter,
            trained_on=today - timedelta(days=150),
            trained_by="People's Voice Media",
        )
    written.reporters = len(trained) + len(untrained)
    takers = [r.user for r in trained if r.user is not None]

    people = list(
        Person.objects.filter(team__office=office, erased_on__isnull=True).order_by(
            "case_reference"
        )[:60]
    )
    people = [p for p in people if app_person is None or p.pk != app_person.pk]
    rng.shuffle(people)
    parents = {
        name: curation.add_theme(actor=actor, group=group, name=name)
        for name in dict.fromkeys(theme for theme, *_ in STORIES)
    }
    children: dict[str, Theme] = {}
    for theme, child, *_ in STORIES:
        if child not in children:
            children[child] = curation.add_theme(
                actor=actor, group=group, name=child, parent=parents[theme]
            )

    made: list[tuple[Story, Highlight | None]] = []
    roles = [StorytellerRole.PERSON] * 26 + [StorytellerRole.STAFF] * 8
    roles += [StorytellerRole.VOLUNTEER] * 3 + [StorytellerRole.FAMILY] * 3
    for number, role in enumerate(roles[:STORY_COUNT]):
        theme, child, words, template = STORIES[number % len(STORIES)]
        name = rng.choice(FIRST_NAMES)
        named = f"{name} {rng.choice('BCHKMPRTW')}."
        transcript = template.format(name=named)
        person = people[number % len(people)] if role == StorytellerRole.PERSON else None
        if number == APP_STORYTELLER_AT and app_person is not None:
            person = app_person
        reporter = trained[number % len(trained)]
        story = stories.capture(
            actor=actor,
            reporter=reporter,
            technique=rng.choice(Technique.values),
            storyteller_role=role,
            storyteller_person=person,
            storyteller_name="" if person else f"{rng.choice(FIRST_NAMES)} {role.label}",
            title=f"{child}: {_headline(words)}",
            text=transcript,
            captured_on=today - timedelta(days=rng.randint(10, 120)),
        )
        taker = next(
            u
            for u in rng.sample(takers, len(takers))
            if not person or person.case_manager_id != u.pk
        )
        stories.take_consent(
            actor=cocreation_actor(taker),
            story=story,
            record=True,
            analysis=True,
            workshops=rng.random() < 0.85 or person == app_person,
            channels=["report"] + (["website"] if rng.random() < 0.3 else []),
            identification=rng.choice(["first_name", "anonymous", "anonymous"]),
            expires_on=today + timedelta(days=365 * 2),
        )
        stories.redact(
            actor=cocreation_actor(taker),
            story=story,
            words=named,
            replacement="[name removed]",
            reason="Names someone",
        )
        passed = number >= FAILED_SCREEN
        stories.screen(
            actor=cocreation_actor(taker),
            story=story,
            no_victims=True,
            no_offence_details=passed,
            no_licence_breach=True,
        )
        highlight = None
        if passed:
            # Screened by the reporter who took consent, signed off by the lead.
            stories.sign_off(actor=actor, story=story)
            highlight = curation.highlight(
                actor=actor, story=story, words=words, themes=[children[child]]
            )
        made.append((story, highlight))
    written.stories = len(made) + _peer_story(trained + untrained, today, actor)

    insights: dict[str, Insight] = {}
    for _theme, child, words, _ in STORIES[:5]:
        chosen = [h for s, h in made if h is not None and h.excerpt == words]
        insights[child] = curation.add_insight(
            actor=actor,
            group=group,
            title=INSIGHT_TITLES[child],
            summary=f"{len(chosen)} stories say this.",
            highlights=chosen,
        )
    link = "/my/you-said-we-did/"
    first = workshops.hold(
        actor=actor,
        group=group,
        title="Reception and appointments",
        held_on=today - timedelta(days=30),
        attendees="Head of service, two senior case managers, four reporters, two people on "
        "probation",
        decisions="Make reception welcoming; offer early and late appointments.",
        insights=[insights["Waiting room"], insights["Appointments"]],
    )
    second = workshops.hold(
        actor=actor,
        group=group,
        title="Being heard",
        held_on=today - timedelta(days=9),
        attendees="Head of service, case managers, peer mentors",
        decisions="Keep the same case manager where possible; peer mentors at inductions.",
        insights=[
            insights["First meeting"],
            insights["Changing case manager"],
            insights["Peer mentors"],
        ],
    )
    seniors = list(User.objects.filter(team__office=office, role=Role.SENIOR_CASE_MANAGER))
    owner = seniors[0] if seniors else lead
    for workshop, insight, heard, done, status in (
        (
            first,
            insights["Waiting room"],
            "The waiting room feels cold and nobody says hello.",
            "A greeter at reception every morning, new chairs, a kettle and plants.",
            ActionStatus.DONE,
        ),
        (
            first,
            insights["Appointments"],
            "Appointments at nine clash with work shifts.",
            "Appointments from 8am and until 7pm on Tuesdays and Thursdays.",
            ActionStatus.UNDER_WAY,
        ),
        (
            second,
            insights["Changing case manager"],
            "People tell their story again and again.",
            "A handover note written with the person, so nobody has to start again.",
            ActionStatus.UNDER_WAY,
        ),
        (
            second,
            insights["Peer mentors"],
            "Someone who has been through it makes you believe it.",
            "A peer mentor at every induction session.",
            ActionStatus.PLANNED,
        ),
    ):
        action = workshops.add_action(
            actor=actor,
            workshop=workshop,
            heard=heard,
            done=done,
            owner=owner,
            insight=insight,
            link=link,
        )
        if status != ActionStatus.PLANNED:
            workshops.change_status(
                actor=actor, action=action, status=status, expected_version=action.version
            )
    # Three storytellers withdraw after the workshops: their insights are flagged.
    withdrawing = [s for s, h in made if h is not None and s.storyteller_person_id][:WITHDRAWN]
    for story in withdrawing:
        consent = selectors.consent_of(story)
        if consent is None:
            continue
        stories.withdraw(
            actor=actor, story=story, reason="Changed their mind", expected_version=consent.version
        )
    written.withdrawn = len(withdrawing)
    return written


def _peer_story(team: list[Reporter], today: date, lead: StaffActor) -> int:
    """The peer mentor on probation, a trained reporter, captures a peer's story from their
    app, with the consent the peer gave them (``cocreation.services.app``). 1 if written."""
    reporter = next((r for r in team if r.person is not None), None)
    if reporter is None or reporter.person is None:
        return 0
    actor = PersonActor(reporter.person)
    if reporter.trained_on is None:
        reporters.record_training(
            actor=lead,
            reporter=reporter,
            trained_on=today - timedelta(days=60),
            trained_by="People's Voice Media",
        )
    app.capture(
        actor=actor,
        reporter=reporter,
        told_by=app.PEER,
        storyteller_name="Ryan",
        technique=Technique.SNAPSHOT,
        title="Induction: knowing what happens next",
        text="On my first day nobody told me what would happen next. A peer mentor walked me "
        "through it and I stopped panicking.",
        transcript="",
        media=None,
        consent={
            "record": True,
            "analysis": True,
            "workshops": True,
            "channels": ["report"],
            "identification": "first_name",
            "expires_on": today + timedelta(days=365),
        },
    )
    return 1


INSIGHT_TITLES = {
    "Waiting room": "The waiting room puts people off before they are seen",
    "Appointments": "Appointment times fight with work",
    "First meeting": "Being asked about the future, not the past, matters",
    "Changing case manager": "Changing case manager means starting again",
    "Peer mentors": "Peer mentors make change believable",
}


def _headline(words: str, most: int = 60) -> str:
    """The story's first words as its title, cut between words, never inside one."""
    if len(words) <= most:
        return words
    return words[:most].rsplit(" ", 1)[0].rstrip(",;:") + "…"
