"""Capturing a story, its layered consent, withdrawal, the risk screen and redactions."""

from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import Actor, PersonActor, StaffActor
from mydirection.access.models import Operation
from mydirection.cocreation import rules, selectors
from mydirection.cocreation.models import (
    Channel,
    Consent,
    Identification,
    Redaction,
    Reporter,
    Screen,
    Story,
    StorytellerRole,
)
from mydirection.cocreation.services.log import log_story
from mydirection.people.models import Person
from mydirection.uploads import files
from mydirection.uploads.models import Purpose
from mydirection.uploads.services import store
from mydirection.versioning import save_if_unchanged


def capture(
    *,
    actor: StaffActor | PersonActor,
    reporter: Reporter,
    technique: str,
    storyteller_role: str,
    title: str,
    storyteller_person: Person | None = None,
    storyteller_name: str = "",
    text: str = "",
    transcript: str = "",
    media: bytes | IO[bytes] | None = None,
    captured_on: date | None = None,
) -> Story:
    """A story captured by a trained reporter: a text, a file (audio, video), or both."""
    refusal = rules.capture_refusal(trained_on=reporter.trained_on, active=reporter.active)
    if refusal:
        raise ValidationError(refusal)
    errors: dict[str, str] = {}
    # Only a reporter on probation names a peer without their record (``services.app``).
    peer = isinstance(actor, PersonActor) and bool(storyteller_name.strip())
    if storyteller_role == StorytellerRole.PERSON and storyteller_person is None and not peer:
        errors["storyteller_person"] = "Choose the person on probation telling the story"
    if storyteller_role != StorytellerRole.PERSON:
        storyteller_person = None
        if not storyteller_name.strip():
            errors["storyteller_name"] = "Enter the storyteller's name as they gave it"
    if not text.strip() and media is None:
        errors["text"] = "Enter the story, or upload a recording of it"
    if not title.strip():
        errors["title"] = "Enter a title"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        stored = None
        if media is not None:
            stored = store(
                actor=actor,
                upload=media,
                purpose=Purpose.STORY,
                person=storyteller_person,
                kinds=files.MEDIA,
            )
        story = Story.objects.create(
            group=reporter.group,
            captured_by=reporter,
            captured_on=captured_on or timezone.localdate(),
            technique=technique,
            storyteller_role=storyteller_role,
            storyteller_person=storyteller_person,
            storyteller_name=storyteller_name.strip(),
            title=title.strip(),
            text=text.strip(),
            media=stored,
            transcript=(transcript or text).strip(),
        )
        log_story(actor, Operation.COLLECT, "Story captured", story)
    return story


def take_consent(
    *,
    actor: StaffActor | PersonActor,
    story: Story,
    record: bool,
    analysis: bool,
    workshops: bool,
    channels: list[str],
    identification: str,
    expires_on: date | None,
) -> Consent:
    """The storyteller's layered consent, taken by ``actor`` (not their case manager): a
    member of staff or volunteer, or the reporter on probation who captured the story (a
    person on probation is nobody's case manager)."""
    person = story.storyteller_person
    taker = actor.user if isinstance(actor, StaffActor) else None
    reporter = None
    if isinstance(actor, PersonActor):
        reporter = story.captured_by
        if reporter.person_id != actor.person.pk:
            raise ValidationError("Only the reporter who captured the story takes its consent")
    refusal = rules.consent_taker_refusal(
        storyteller_case_manager_id=person.case_manager_id if person else None,
        taker_id=taker.pk if taker else None,
    )
    if refusal:
        raise ValidationError(refusal)
    if not record:
        raise ValidationError({"record": rules.NO_RECORD})
    if Consent.objects.filter(story=story).exists():
        raise ValidationError("Consent is already recorded for this story")
    if expires_on is not None and expires_on <= timezone.localdate():
        raise ValidationError({"expires_on": "The date consent ends must be in the future"})
    with transaction.atomic():
        consent = Consent.objects.create(
            story=story,
            record=record,
            analysis=analysis,
            workshops=workshops,
            channels=[Channel(value).value for value in channels],
            identification=Identification(identification),
            expires_on=expires_on,
            taken_by=taker,
            taken_by_reporter=reporter,
            taken_on=timezone.localdate(),
        )
        log_story(actor, Operation.COLLECT, "Story consent", story)
    return consent


def withdraw(*, actor: Actor, story: Story, reason: str, expected_version: int) -> None:
    """The storyteller withdraws: the story leaves every future output (the selectors read
    ``withdrawn_at``) and the insights and workshops that used it are flagged."""
    consent = Consent.objects.filter(story=story).first()
    if consent is None:
        raise ValidationError("No consent is recorded for this story")
    if consent.withdrawn_at is not None:
        raise ValidationError("Consent was already withdrawn")
    with transaction.atomic():
        save_if_unchanged(
            Consent.objects,
            pk=consent.pk,
            expected_version=expected_version,
            withdrawn_at=timezone.now(),
            withdrawn_reason=reason.strip(),
        )
        log_story(actor, Operation.ALTER, "Story consent withdrawn", story)


def screen(
    *,
    actor: StaffActor,
    story: Story,
    no_victims: bool,
    no_offence_details: bool,
    no_licence_breach: bool,
    notes: str = "",
) -> Screen:
    """The risk screen, before any use. Saved again, it replaces the last one."""
    with transaction.atomic():
        screened, _ = Screen.objects.update_or_create(
            story=story,
            defaults={
                "no_victims": no_victims,
                "no_offence_details": no_offence_details,
                "no_licence_breach": no_licence_breach,
                "notes": notes.strip(),
                "screened_by": actor.user,
                "screened_at": timezone.now(),
                # A new screen needs a new sign-off.
                "signed_off_by": None,
                "signed_off_at": None,
            },
        )
        log_story(actor, Operation.ALTER, "Story risk screen", story, passed=screened.passed)
    return screened


def sign_off(*, actor: StaffActor, story: Story) -> Screen:
    """A second person signs the risk screen off: the group's lead or a curator who did not
    screen the story (``rules.sign_off_refusal``). Only then may the story be used."""
    refusal = selectors.sign_off_refusal(actor.user, story)
    held = Screen.objects.filter(story=story).first()
    if refusal or held is None:
        raise ValidationError(refusal or rules.NOTHING_TO_SIGN)
    with transaction.atomic():
        # Only the screen as read: one screened again or signed meanwhile is not signed.
        changed = Screen.objects.filter(
            pk=held.pk, screened_at=held.screened_at, signed_off_by__isnull=True
        ).update(signed_off_by=actor.user, signed_off_at=timezone.now())
        if not changed:
            raise ValidationError(
                "The risk screen changed while you were looking at it. Check it again"
            )
        log_story(actor, Operation.ALTER, "Story risk screen signed off", story)
    held.refresh_from_db()
    return held


def redact(
    *, actor: StaffActor, story: Story, words: str, replacement: str, reason: str
) -> Redaction:
    """Replace the first place ``words`` appear in the transcript, in every output."""
    errors: dict[str, str] = {}
    others = [rules.Span(r.start, r.end) for r in story.redactions.all()]
    span = rules.find_span(story.transcript, words, others)
    if span is None:
        errors["words"] = (
            "Enter words exactly as they appear in the transcript and are not yet removed"
        )
    if not reason.strip():
        errors["reason"] = "Say why these words are removed"
    if errors or span is None:
        raise ValidationError(errors)
    with transaction.atomic():
        redaction = Redaction.objects.create(
            story=story,
            start=span[0],
            end=span[1],
            replacement=replacement.strip() or "[removed]",
            reason=reason.strip(),
            by=actor.user,
        )
        log_story(actor, Operation.ALTER, "Story redaction", story, redaction=redaction.pk)
    return redaction
