"""Workshops: the insights shown (consented excerpts only), decisions, change actions with an
owner and a status; each storyteller on probation behind a change is told, in their app and
by a message through the notifications outbox."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.models import Operation
from mydirection.cocreation import selectors
from mydirection.cocreation.models import (
    ActionStatus,
    ChangeAction,
    Insight,
    ReporterGroup,
    Told,
    Workshop,
)
from mydirection.cocreation.services.log import log
from mydirection.notifications.models import Purpose
from mydirection.notifications.services import queue_message
from mydirection.people.models import Person
from mydirection.staff.models import User
from mydirection.versioning import save_if_unchanged

TEMPLATE = "change_from_stories"


def hold(
    *,
    actor: StaffActor,
    group: ReporterGroup,
    title: str,
    held_on: date,
    attendees: str,
    decisions: str,
    insights: list[Insight],
) -> Workshop:
    if not title.strip():
        raise ValidationError({"title": "Enter the workshop's name"})
    if any(insight.group_id != group.pk for insight in insights):
        raise ValidationError({"insights": "Choose insights of this group"})
    with transaction.atomic():
        workshop = Workshop.objects.create(
            group=group,
            title=title.strip(),
            held_on=held_on,
            attendees=attendees.strip(),
            decisions=decisions.strip(),
            by=actor.user,
        )
        workshop.insights.set(insights)
        log(actor, Operation.COLLECT, "Workshop", workshop=workshop.pk)
    return workshop


def add_action(
    *,
    actor: StaffActor,
    workshop: Workshop,
    heard: str,
    done: str,
    owner: User,
    insight: Insight | None,
    link: str,
) -> ChangeAction:
    """A change the workshop decided. Each storyteller on probation whose story (still
    consented) is behind its insight is told, once, with ``link`` to their app's page."""
    errors: dict[str, str] = {}
    if not heard.strip():
        errors["heard"] = "Enter what was heard"
    if not done.strip():
        errors["done"] = "Enter what will be done"
    if insight is not None and not workshop.insights.filter(pk=insight.pk).exists():
        errors["insight"] = "Choose an insight shown at this workshop"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = ChangeAction.objects.create(
            workshop=workshop, insight=insight, heard=heard.strip(), done=done.strip(), owner=owner
        )
        log(actor, Operation.COLLECT, "Change action", action=action.pk)
        tell_storytellers(actor=actor, action=action, link=link)
    return action


def tell_storytellers(*, actor: StaffActor, action: ChangeAction, link: str) -> int:
    """Tell each storyteller behind ``action`` not told yet; how many were told."""
    person_ids = selectors.storytellers_behind(action)
    already = set(Told.objects.filter(action=action).values_list("person_id", flat=True))
    people = Person.objects.filter(pk__in=[p for p in person_ids if p not in already])
    count = 0
    for person in people:
        Told.objects.create(action=action, person=person)
        queue_message(
            person,
            Purpose.CHANGE_FROM_STORIES,
            TEMPLATE,
            {"first_name": person.known_as, "link": link},
            reference=f"change-action:{action.pk}",
        )
        log(actor, Operation.DISCLOSE, "Told of a change from their story", person.pk)
        count += 1
    return count


def change_status(
    *, actor: StaffActor, action: ChangeAction, status: str, expected_version: int
) -> None:
    with transaction.atomic():
        save_if_unchanged(
            ChangeAction.objects,
            pk=action.pk,
            expected_version=expected_version,
            status=ActionStatus(status),
            updated_at=timezone.now(),
        )
        log(actor, Operation.ALTER, "Change action", action=action.pk, status=status)
