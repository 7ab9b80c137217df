"""What each person-centred thinking tool asks: its sections, in order.

Practitioners adapt the tools, so every tool is the same shape: statements in sections, each
with its author and confirmation, plus free-text notes. Only the relationship circle adds a
sector to each person named in it; its sections are the rings, closest first.
"""

from dataclasses import dataclass

from mydirection.person_centred.models import tool_slug
from mydirection.practice import Tool


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class ToolSpec:
    tool: Tool
    intro: str
    sections: tuple[Section, ...]
    uses_sectors: bool = False

    @property
    def slug(self) -> str:
        return tool_slug(self.tool)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


SPECS: dict[Tool, ToolSpec] = {
    Tool.ONE_PAGE_PROFILE: ToolSpec(
        Tool.ONE_PAGE_PROFILE,
        "A page in the person's own words that anyone new reads first. It stays with them "
        "whoever their case manager is.",
        (
            Section(
                "appreciate",
                "What people appreciate about me",
                "What do people thank you for? What are you proud of? What would your "
                "friends say about you?",
            ),
            Section("important", "What's important to me", "People, places, routines, hopes"),
            Section("support", "How best to support me", "What helps, and what does not"),
        ),
    ),
    Tool.IMPORTANT_TO_FOR: ToolSpec(
        Tool.IMPORTANT_TO_FOR,
        "What matters to the person, and what keeps them healthy and safe (licence "
        "conditions and the order belong under important for). Note the balance in the notes.",
        (
            Section("important_to", "Important to me", "What matters to me, from my point of view"),
            Section("important_for", "Important for me", "Health, safety, the order"),
        ),
    ),
    Tool.GOOD_DAY_BAD_DAY: ToolSpec(
        Tool.GOOD_DAY_BAD_DAY,
        "What makes a good day and a bad day, so support can bring more good days.",
        (
            Section("good_day", "A good day", "Where are you, who with, what happens?"),
            Section("bad_day", "A bad day", "What goes wrong, and what happens next?"),
        ),
    ),
    Tool.WORKING_NOT_WORKING: ToolSpec(
        Tool.WORKING_NOT_WORKING,
        "What is working and not working, from each point of view: who said it is the "
        "perspective (the person, their case manager, their family).",
        (
            Section("working", "What's working"),
            Section("not_working", "What's not working"),
        ),
    ),
    Tool.RELATIONSHIP_CIRCLE: ToolSpec(
        Tool.RELATIONSHIP_CIRCLE,
        "The people in the person's life, closest first, and where they come from. Each "
        "version is dated, so new connections show over time.",
        (
            Section("intimate", "Closest to me", "The people I love and who love me"),
            Section("friendship", "Friends", "Friends and people I am close to"),
            Section("participation", "People I do things with", "Work, groups, clubs, faith"),
            Section("exchange", "People who are paid to support me", "Probation, workers, GP"),
        ),
        uses_sectors=True,
    ),
    Tool.DECISION_MAKING: ToolSpec(
        Tool.DECISION_MAKING,
        "How the person likes to make decisions, so that plans and choices are presented "
        "the way that works for them.",
        (
            Section("information", "How I like to get information"),
            Section("choices", "How to present choices to me"),
            Section("good_time", "A good time for me to make decisions"),
            Section("bad_time", "A bad time for me to make decisions"),
            Section("involved", "Who I want involved"),
        ),
    ),
    Tool.FOUR_PLUS_ONE: ToolSpec(
        Tool.FOUR_PLUS_ONE,
        "Four questions and one more, for a review together.",
        (
            Section("tried", "What have we tried?"),
            Section("learned", "What have we learned?"),
            Section("pleased", "What are we pleased about?"),
            Section("concerned", "What are we concerned about?"),
            Section("next", "What next?", "Given what we know, what should we do next?"),
        ),
    ),
    Tool.STRENGTHS_DOMAINS: ToolSpec(
        Tool.STRENGTHS_DOMAINS,
        "The person's strengths: where they are now, where they want to be, what they have "
        "to draw on and what they have done before.",
        (
            Section("current", "My current situation", "What is going on in my life now"),
            Section("aspirations", "What I want", "What I would like my life to look like"),
            Section("resources", "What I have to draw on", "Skills, people, places, money"),
            Section("past_successes", "What I have done before", "Times things went well"),
        ),
    ),
}
