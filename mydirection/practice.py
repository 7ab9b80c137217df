"""The practice model's shared vocabulary: areas of need, person-centred tools, conversations.

The assessment, the plan, appointments (needs discussed) and the evaluation's monitoring all
speak of the same eight areas and the same tools, so the words live here once. Values are
stored in the database: never rename one without a data migration.
"""

from django.db import models


class Area(models.TextChoices):
    """The eight areas of the Strengths and Needs assessment and the Sentence Plan."""

    ACCOMMODATION = "accommodation", "Accommodation"
    EMPLOYMENT_EDUCATION = "employment_education", "Employment and education"
    FINANCES = "finances", "Finances"
    DRUG_USE = "drug_use", "Drug use"
    ALCOHOL_USE = "alcohol_use", "Alcohol use"
    HEALTH_WELLBEING = "health_wellbeing", "Health and wellbeing"
    RELATIONSHIPS_COMMUNITY = "relationships_community", "Personal relationships and community"
    THINKING_BEHAVIOURS = "thinking_behaviours", "Thinking, behaviours and attitudes"


class Tool(models.TextChoices):
    """Person-centred thinking tools (Helen Sanderson Associates) used with the person."""

    ONE_PAGE_PROFILE = "one_page_profile", "One-page profile"
    IMPORTANT_TO_FOR = "important_to_for", "Important to and important for"
    GOOD_DAY_BAD_DAY = "good_day_bad_day", "Good day, bad day"
    WORKING_NOT_WORKING = "working_not_working", "Working and not working"
    RELATIONSHIP_CIRCLE = "relationship_circle", "Relationship circle"
    DECISION_MAKING = "decision_making", "Decision-making profile"
    FOUR_PLUS_ONE = "four_plus_one", "4 plus 1 questions"
    STRENGTHS_DOMAINS = "strengths_domains", "Strengths domains"


class ConversationKind(models.TextChoices):
    """The Three Conversations. Conversation 2 (crisis) needs an emergency plan."""

    LISTEN_CONNECT = "1", "Conversation 1: listen and connect"
    CRISIS = "2", "Conversation 2: work intensively in crisis"
    GOOD_LIFE = "3", "Conversation 3: build a good life"


class Phase(models.TextChoices):
    """The Interchange phases a plan moves through."""

    INTERACT = "interact", "Interact"
    INTERVENE = "intervene", "Intervene"
    INTEGRATE = "integrate", "Integrate"


# Interact is getting to know the person (conversation 1); Intervene is working on what
# matters now, most of all in a crisis (conversation 2); Integrate is building a good life
# connected to the community (conversation 3).
PHASE_OF_CONVERSATION: dict[str, Phase] = {
    ConversationKind.LISTEN_CONNECT: Phase.INTERACT,
    ConversationKind.CRISIS: Phase.INTERVENE,
    ConversationKind.GOOD_LIFE: Phase.INTEGRATE,
}


def phase_of(latest_conversation: str | None) -> Phase:
    """The plan's phase from its latest conversation; a plan with none is still in Interact."""
    if latest_conversation is None:
        return Phase.INTERACT
    return PHASE_OF_CONVERSATION[ConversationKind(latest_conversation)]
