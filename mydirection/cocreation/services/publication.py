"""Publication per channel: the consented, screened and signed-off, redacted excerpts of a
group's stories, named as each storyteller chose, downloaded by the co-creation lead.

Each download is recorded (``Publication``: channel, who, when, which stories) so that a story
withdrawn afterwards flags it, and each story it discloses is in the access log (a disclosure,
about the storyteller when they are a person on probation, the channel as its recipient).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from mydirection.access.actor import StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.cocreation import selectors
from mydirection.cocreation.models import Channel, Publication, ReporterGroup, Story

NOTHING = "Nothing can be published on this channel yet"


def publish(
    *, actor: StaffActor, group: ReporterGroup, channel: Channel
) -> tuple[Publication, selectors.PublicationPlan]:
    """Record a download of what ``channel`` may show now, and log each story it discloses."""
    plan = selectors.publication_plan(group, channel)
    if not plan.excerpts:
        raise ValidationError(NOTHING)
    stories = list(Story.objects.filter(pk__in=plan.story_ids).only("storyteller_person_id"))
    with transaction.atomic():
        made = Publication.objects.create(
            group=group, channel=channel, excerpts=len(plan.excerpts), made_by=actor.user
        )
        made.stories.set(stories)
        for story in stories:
            record(
                actor=actor,
                operation=Operation.DISCLOSE,
                what="Story published",
                subject_id=story.storyteller_person_id,
                recipients=str(channel.label),
                details={"story": str(story.pk), "publication": str(made.pk)},
            )
    return made, plan
