"""Reporter groups, their best-practice guides (numbered versions), reporters and their
responsible-storytelling training."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from mydirection.access.actor import Actor, StaffActor
from mydirection.access.models import Operation
from mydirection.cocreation.models import Guide, Reporter, ReporterGroup
from mydirection.cocreation.services.log import log
from mydirection.people.models import Person
from mydirection.staff.models import Office, User
from mydirection.versioning import insert_version, latest_number_of, next_number


def add_group(*, actor: Actor, name: str, office: Office) -> ReporterGroup:
    with transaction.atomic():
        group = ReporterGroup.objects.create(name=name.strip(), office=office)
        log(actor, Operation.COLLECT, "Reporter group added", group=group.pk)
    return group


def write_guide(
    *, actor: StaffActor, group: ReporterGroup, text: str, expected_version: int
) -> Guide:
    """A new version of the group's best-practice guide; ``StaleEdit`` when someone saved
    one since the editor read version ``expected_version`` (0: none yet)."""
    if not text.strip():
        raise ValidationError({"text": "Enter the guide"})
    with transaction.atomic():
        number = next_number(
            latest_number_of(group.guides.all()), expected_version=expected_version
        )
        guide = Guide(group=group, number=number, text=text.strip(), written_by=actor.user)
        insert_version(guide)
        log(actor, Operation.ALTER, "Best-practice guide", group=group.pk, number=number)
    return guide


def add_reporter(
    *,
    actor: Actor,
    group: ReporterGroup,
    user: User | None = None,
    person: Person | None = None,
) -> Reporter:
    """A reporter: a member of staff or a volunteer (``user``), or a person on probation."""
    if (user is None) == (person is None):
        raise ValidationError("Choose a member of staff or volunteer, or a person on probation")
    if group.reporters.filter(user=user, person=person).exists():
        raise ValidationError("They are already a reporter in this group")
    with transaction.atomic():
        reporter = Reporter.objects.create(group=group, user=user, person=person)
        log(
            actor,
            Operation.COLLECT,
            "Community Reporter added",
            person.pk if person else None,
            reporter=reporter.pk,
        )
    return reporter


def record_training(*, actor: Actor, reporter: Reporter, trained_on: date, trained_by: str) -> None:
    """Responsible storytelling, completed: from now on they may capture stories."""
    if not trained_by.strip():
        raise ValidationError({"trained_by": "Enter who gave the training"})
    with transaction.atomic():
        Reporter.objects.filter(pk=reporter.pk).update(
            trained_on=trained_on, trained_by=trained_by.strip()
        )
        reporter.trained_on, reporter.trained_by = trained_on, trained_by.strip()
        log(
            actor,
            Operation.ALTER,
            "Responsible storytelling training",
            reporter.person_id,
            reporter=reporter.pk,
        )
