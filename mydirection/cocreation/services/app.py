"""Community Reporting from the person's app: a reporter on probation captures a story with
its consent, and a storyteller narrows theirs. Both go through the staff's own services
(``stories.capture``, ``stories.take_consent``; withdrawal is ``stories.withdraw`` itself),
with the person as the actor; the story then waits for the staff's risk screen as any other.
"""

from collections.abc import Mapping
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import PersonActor
from mydirection.access.models import Operation
from mydirection.cocreation import app_rules
from mydirection.cocreation.models import Channel, Consent, Identification, Reporter, Story
from mydirection.cocreation.services import stories
from mydirection.cocreation.services.log import log_story
from mydirection.versioning import save_if_unchanged

# Who told the story, as the app asks it: the reporter themself, a peer on probation (named
# as they gave it, never looked up: ``app_rules``), or one of the other storyteller roles.
OWN = "own"
PEER = "peer"
# The layers of consent ``stories.take_consent`` takes.
CONSENT_LAYERS = ("record", "analysis", "workshops", "channels", "identification", "expires_on")


def capture(
    *,
    actor: PersonActor,
    reporter: Reporter,
    told_by: str,
    storyteller_name: str,
    technique: str,
    title: str,
    text: str,
    transcript: str,
    media: bytes | IO[bytes] | None,
    consent: Mapping[str, Any],
) -> Story:
    """The story and its consent, both or neither (one transaction): the consent is taken by
    this reporter, a person on probation, so never the storyteller's case manager.
    ``consent``: ``stories.take_consent``'s layers, by name (``CONSENT_LAYERS``)."""
    if reporter.person_id != actor.person.pk:
        raise ValidationError("You are not this Community Reporter")
    person, role, name = None, told_by, storyteller_name
    if told_by == OWN:
        person, role, name = actor.person, "person", ""
    elif told_by == PEER:
        role, name = "person", app_rules.peer_name(storyteller_name)
    with transaction.atomic():
        story = stories.capture(
            actor=actor,
            reporter=reporter,
            technique=technique,
            storyteller_role=role,
            storyteller_person=person,
            storyteller_name=name,
            title=title,
            text=text,
            transcript=transcript,
            media=media,
        )
        stories.take_consent(
            actor=actor, story=story, **{name: consent[name] for name in CONSENT_LAYERS}
        )
    return story


def narrow_consent(
    *,
    actor: PersonActor,
    story: Story,
    analysis: bool,
    workshops: bool,
    channels: list[str],
    identification: str,
    expires_on: date | None,
    expected_version: int,
) -> None:
    """The storyteller takes uses away from their consent (``StaleEdit`` if it changed since
    they read it). Outputs read the consent when they are made, so it applies at once."""
    if story.storyteller_person_id != actor.person.pk:
        raise ValidationError("This is not your story")
    held = Consent.objects.filter(story=story).first()
    if held is None or held.withdrawn_at is not None:
        raise ValidationError("There is no consent to change: it was withdrawn")
    if app_rules.widens(
        was_analysis=held.analysis,
        was_workshops=held.workshops,
        was_channels=held.channels,
        was_identification=held.identification,
        was_expires_on=held.expires_on,
        analysis=analysis,
        workshops=workshops,
        channels=channels,
        identification=identification,
        expires_on=expires_on,
    ):
        raise ValidationError(app_rules.WIDER)
    if expires_on is not None and expires_on <= timezone.localdate():
        raise ValidationError(
            {"expires_on": "The date must be in the future. To stop every use now, withdraw"}
        )
    with transaction.atomic():
        save_if_unchanged(
            Consent.objects,
            pk=held.pk,
            expected_version=expected_version,
            analysis=analysis,
            workshops=workshops,
            channels=[Channel(value).value for value in channels],
            identification=Identification(identification).value,
            expires_on=expires_on,
        )
        log_story(actor, Operation.ALTER, "Story consent narrowed", story)
