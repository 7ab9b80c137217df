"""The role catalogue: what each volunteer role takes (its check level, training, how often
its volunteers are supervised) and whether its volunteers mentor or join circles. A change is
a versioned edit: two coordinators changing one role cannot overwrite each other."""

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mydirection.access.actor import StaffActor
from mydirection.access.models import Operation
from mydirection.versioning import save_if_unchanged
from mydirection.volunteering.models import Course, Role
from mydirection.volunteering.services.log import log

WHAT = "Volunteer role"
# A role's volunteers are supervised at least once a year.
MAX_SUPERVISION_DAYS = 365


def _checked(name: str, training: Collection[str], supervision_days: int, pk: Any = None) -> str:
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "Enter the role's name"
    elif Role.objects.filter(name__iexact=name).exclude(pk=pk).exists():
        errors["name"] = "A role with this name is already in the catalogue"
    if not 1 <= supervision_days <= MAX_SUPERVISION_DAYS:
        errors["supervision_days"] = (
            f"Enter how often they are supervised, from 1 to {MAX_SUPERVISION_DAYS} days"
        )
    if any(course not in Course.values for course in training):
        errors["training"] = "Choose training from the list"
    if errors:
        raise ValidationError(errors)
    return name


def add_role(
    *,
    actor: StaffActor,
    name: str,
    check_level: int,
    training: Collection[str],
    supervision_days: int,
    description: str = "",
    mentoring: bool = False,
    circles: bool = False,
) -> Role:
    name = _checked(name, training, supervision_days)
    with transaction.atomic():
        role = Role.objects.create(
            name=name,
            description=description.strip(),
            check_level=check_level,
            training=sorted(training),
            supervision_days=supervision_days,
            mentoring=mentoring,
            circles=circles,
        )
        log(actor, Operation.COLLECT, WHAT, None, role=role.pk)
    return role


def change_role(
    *,
    actor: StaffActor,
    role: Role,
    expected_version: int,
    name: str,
    check_level: int,
    training: Collection[str],
    supervision_days: int,
    description: str = "",
    mentoring: bool = False,
    circles: bool = False,
    active: bool = True,
) -> None:
    """Volunteers already in the role keep it; what the role takes applies to those given it
    from now on."""
    name = _checked(name, training, supervision_days, pk=role.pk)
    with transaction.atomic():
        save_if_unchanged(
            Role.objects,
            pk=role.pk,
            expected_version=expected_version,
            name=name,
            description=description.strip(),
            check_level=check_level,
            training=sorted(training),
            supervision_days=supervision_days,
            mentoring=mentoring,
            circles=circles,
            active=active,
        )
        log(actor, Operation.ALTER, WHAT, None, role=role.pk)
