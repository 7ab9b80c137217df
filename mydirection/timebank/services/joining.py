"""The coordinator adds members: a community member or a volunteer (with an account to sign
in, or none: they take part through the coordinator), or a person on probation from an
accepted referral to the bank, with the conditions the case manager set (never the
reasons)."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mydirection.access.actor import StaffActor
from mydirection.interventions.models import Condition, Kind, Referral, Status
from mydirection.staff.models import Role, User
from mydirection.staff.services import add_staff
from mydirection.timebank.models import Member, MemberKind, TimeBank
from mydirection.timebank.services import members

# How a member signs in: no account (the coordinator records for them), a new community
# member's account, or a volunteer's existing account.
NO_ACCOUNT, NEW_ACCOUNT, EXISTING_ACCOUNT = "none", "new", "existing"


def add_member(
    *,
    actor: StaffActor,
    bank: TimeBank,
    kind: str,
    first_name: str,
    last_initial: str = "",
    account: str = NO_ACCOUNT,
    username: str = "",
    user: User | None = None,
    **fields: Any,
) -> tuple[Member, str]:
    """A community member or volunteer, with the bank's starter credits; returns the member
    and, for a new account, its temporary password to hand over in person (they set up their
    authenticator app at their first sign-in, as every account does)."""
    errors: dict[str, str] = {}
    if kind not in (MemberKind.COMMUNITY, MemberKind.VOLUNTEER):
        errors["kind"] = "Select a community member or a volunteer"
    if not first_name.strip():
        errors["first_name"] = "Enter their first name"
    if account == NEW_ACCOUNT:
        if kind != MemberKind.COMMUNITY:
            errors["account"] = (
                "A volunteer's account comes from the administrator: choose their account"
            )
        elif not username.strip():
            errors["username"] = "Enter a username for their account"
        elif User.objects.filter(username__iexact=username.strip()).exists():
            errors["username"] = "This username is taken: choose another"
    elif account == EXISTING_ACCOUNT:
        if user is None:
            errors["user"] = "Select their account"
        elif Member.objects.filter(user=user).exists():
            errors["user"] = "This account already belongs to a member"
    if errors:
        raise ValidationError(errors)
    password = ""
    with transaction.atomic():
        if account == NEW_ACCOUNT:
            user, password = add_staff(
                actor=StaffActor.about_no_person(actor.user),
                details={
                    "first_name": first_name.strip(),
                    "last_name": last_initial.strip()[:1].upper(),
                    "username": username.strip(),
                    "email": fields.get("email", ""),
                    "role": Role.TIME_BANK_MEMBER,
                },
            )
        member = members.join(
            actor=actor,
            bank=bank,
            kind=kind,
            first_name=first_name,
            last_initial=last_initial,
            user=user if account != NO_ACCOUNT else None,
            **fields,
        )
    return member, password


def check_referral(bank: TimeBank, referral: Referral) -> None:
    """A referral a person joins from: to this bank's organisation's Time Bank, accepted."""
    if referral.intervention.kind != Kind.TIME_BANK or (
        referral.intervention.provider_id != bank.organisation_id
    ):
        raise ValidationError("This referral is not to the Time Bank")
    if referral.status not in (Status.ACCEPTED, Status.STARTED):
        raise ValidationError("Accept the referral before they join")
    if Member.objects.filter(referral=referral).exists():
        raise ValidationError("They have already joined")


def join_referral(
    *,
    actor: StaffActor,
    bank: TimeBank,
    referral: Referral,
    first_name: str,
    last_initial: str,
    no_contact_with: Iterable[Member] = (),
    **fields: Any,
) -> Member:
    """A person on probation joins from their accepted referral, with its conditions; for
    "no contact with named people", the members the coordinator matched to the names."""
    check_referral(bank, referral)
    if not first_name.strip():
        raise ValidationError({"first_name": "Enter their first name"})
    others = list(no_contact_with)
    with transaction.atomic():
        member = members.join(
            actor=actor,
            bank=bank,
            kind=MemberKind.REFERRED,
            first_name=first_name,
            last_initial=last_initial,
            conditions=[Condition(value) for value in referral.conditions],
            person=referral.person,
            referral=referral,
            **fields,
        )
        if others:
            members.set_conditions(
                actor=actor,
                member_id=member.pk,
                expected_version=member.version,
                conditions=[Condition(value) for value in member.conditions],
                no_contact_with=others,
            )
            member.refresh_from_db()
    return member
