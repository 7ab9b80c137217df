"""The person's access to the app: enrolment, sign-in, lockout and revocation.

* The case manager invites the person: a single-use link (``INVITATION_HOURS``) by text or
  e-mail. Only a SHA-256 hash of its token is stored. Inviting again, or revoking, ends any
  earlier invitation and every session (re-enrolment in person after a lost phone).
* The person sets a 6-digit PIN that is not easy to guess (``pin_problem``), hashed with
  Django's password hashers.
* Signing in: the person gives their phone number or e-mail address; whatever they give, the
  answer and the work done are the same (a code is hashed either way), so nobody can learn
  who has an account. A known, active person gets a one-time code (6 digits, 10 minutes,
  single use, 3 tries, bound to the browser session that asked for it). The code and the PIN
  together sign them in. ``LOCK_AFTER`` failures in a row lock the account; the case manager
  sees it on the record and invites the person again.
"""

import hashlib
import itertools
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone

from mydirection.access.actor import PersonActor, StaffActor
from mydirection.access.log import record
from mydirection.access.models import Operation
from mydirection.notifications.models import Channel, Message, Purpose
from mydirection.notifications.services import queue_message
from mydirection.people.models import Person
from mydirection.portal.models import AccountStatus, Invitation, PortalAccount, SignInCode

INVITATION_HOURS = 72
CODE_MINUTES = 10
CODE_ATTEMPTS = 3
CODES_PER_HOUR = 5
LOCK_AFTER = 5
IDLE_SECONDS = 30 * 60

# Easy to guess: the most common PINs beyond runs and repeats (which pin_problem refuses).
COMMON_PINS = {"121212", "112233", "123123", "696969", "159753", "147258", "102030", "520520"}


class CannotInvite(Exception):
    pass


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _dummy_hash_work() -> None:
    """As much work as hashing a real code, for answers that must take as long as real ones."""
    make_password(secrets.token_hex(8))


# --- Enrolment -------------------------------------------------------------------------


@transaction.atomic
def invite(*, actor: StaffActor, person: Person, link_for: Callable[[str], str]) -> str:
    """Send the person a single-use link to set up the app; returns the channel used."""
    if not person.phone and not person.email:
        raise CannotInvite("Add a phone number or email address first")
    now = timezone.now()
    Invitation.objects.filter(person=person, used_at__isnull=True).update(expires_at=now)
    account, _ = PortalAccount.objects.select_for_update().get_or_create(person=person)
    account.status = AccountStatus.INVITED
    account.pin_hash = ""
    account.failed_attempts = 0
    account.locked_at = None
    account.session_generation += 1
    account.save()
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        person=person,
        token_hash=digest(token),
        expires_at=now + timedelta(hours=INVITATION_HOURS),
        created_by=actor.user,
    )
    message = queue_message(
        person,
        Purpose.PORTAL_INVITATION,
        "portal_invitation",
        {"first_name": person.known_as, "link": link_for(token)},
    )
    record(
        actor=actor,
        operation=Operation.DISCLOSE,
        what="Invited to the app",
        subject_id=person.pk,
        details={"message": str(message.pk), "channel": message.channel},
    )
    return message.channel


def invitation_for(token: str) -> Invitation | None:
    """The invitation this link carries, if it is unused and in date."""
    return (
        Invitation.objects.select_related("person")
        .filter(token_hash=digest(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def _runs(pin: str) -> bool:
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {-1}, {0})


def pin_problem(pin: str, person: Person) -> str:
    """Why this PIN will not do, in plain words; empty when it is fine."""
    if len(pin) != 6 or not pin.isdigit():
        return "Your PIN must be 6 numbers"
    born: date = person.date_of_birth
    birthday = {born.strftime(shape) for shape in ("%d%m%y", "%y%m%d", "%m%d%y")}
    if _runs(pin) or pin in COMMON_PINS or pin[:3] == pin[3:] or pin in birthday:
        return "That PIN is too easy to guess. Choose 6 numbers that are not in a row or a date"
    return ""


@transaction.atomic
def enrol(invitation: Invitation, pin: str) -> PortalAccount:
    """Use the invitation (once) and set the PIN."""
    used = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not used:
        raise CannotInvite("This link has already been used")
    account = PortalAccount.objects.select_for_update().get(person=invitation.person)
    account.pin_hash = make_password(pin)
    account.status = AccountStatus.ACTIVE
    account.enrolled_at = timezone.now()
    account.failed_attempts = 0
    account.save()
    record(
        actor=PersonActor(invitation.person),
        operation=Operation.ALTER,
        what="Set up the app",
        subject_id=invitation.person_id,
    )
    return account


@transaction.atomic
def revoke(*, actor: StaffActor, person: Person) -> None:
    """End the person's access and every session now (a lost phone, say)."""
    now = timezone.now()
    Invitation.objects.filter(person=person, used_at__isnull=True).update(expires_at=now)
    PortalAccount.objects.filter(person=person).update(
        status=AccountStatus.REVOKED,
        revoked_at=now,
        pin_hash="",
        session_generation=F("session_generation") + 1,
        updated_at=now,
    )
    SignInCode.objects.filter(account__person=person, used_at__isnull=True).update(used_at=now)
    record(
        actor=actor,
        operation=Operation.ALTER,
        what="App access ended",
        subject_id=person.pk,
    )


# --- Signing in ------------------------------------------------------------------------


def _phone_digits(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    return digits


def _account_for(contact: str) -> tuple[PortalAccount | None, str]:
    contact = contact.strip()
    account: PortalAccount | None
    if "@" in contact:
        account = (
            PortalAccount.objects.select_related("person")
            .annotate(email_lower=Lower("person__email"))
            .filter(email_lower=contact.lower(), status=AccountStatus.ACTIVE)
            .first()
        )
        return account, Channel.EMAIL
    digits = _phone_digits(contact)
    if len(digits) < 10:
        return None, Channel.SMS
    stored = Replace(Replace("person__phone", Value(" "), Value("")), Value("+44"), Value("0"))
    account = (
        PortalAccount.objects.select_related("person")
        .annotate(phone_digits=stored)
        .filter(phone_digits=digits, status=AccountStatus.ACTIVE)
        .first()
    )
    return account, Channel.SMS


def request_code(contact: str, binding: str) -> str:
    """Send a code if ``contact`` belongs to an active account. Returns an id to keep in the
    session: a real code's, or a random one that matches nothing, which looks the same."""
    account, channel = _account_for(contact)
    now = timezone.now()
    recent = account.codes.filter(created_at__gt=now - timedelta(hours=1)).count() if account else 0
    if account is None or recent >= CODES_PER_HOUR:
        _dummy_hash_work()
        return str(uuid.uuid4())
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        sign_in_code = SignInCode.objects.create(
            account=account,
            code_hash=make_password(code),
            binding=digest(binding),
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        queue_message(
            account.person,
            Purpose.SIGN_IN_CODE,
            "sign_in_code",
            {"code": code},
            channel=channel,
            reference=code_reference(sign_in_code.pk),
        )
    return str(sign_in_code.pk)


def code_reference(code_id: uuid.UUID) -> str:
    """The reference of the message that carries a sign-in code."""
    return f"sign-in-code:{code_id}"


def demo_code(pending: str, binding: str) -> str | None:
    """The code just sent for this sign-in, for the code page to show in the demo only, as the
    staff second-factor page does there: the demo's texts and emails never leave its outbox.
    Only the browser session that asked for the code learns it, while it can be used; in the
    real service (``MYDIRECTION_DEMO`` off), never."""
    if not settings.DEMO_MODE or not _is_uuid(pending):
        return None
    sign_in_code = SignInCode.objects.filter(
        pk=pending,
        binding=digest(binding),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()
    if sign_in_code is None:
        return None
    personalisation = (
        Message.objects.filter(
            reference=code_reference(sign_in_code.pk), purpose=Purpose.SIGN_IN_CODE
        )
        .values_list("personalisation", flat=True)
        .first()
    )
    code = str((personalisation or {}).get("code", ""))
    # Sent through GOV.UK Notify, the code is no longer kept.
    return code if code.isdigit() else None


@dataclass(frozen=True)
class SignInResult:
    account: PortalAccount | None
    problem: str = ""


WRONG = "The code or PIN is not right. Check them and try again"
EXPIRED = "That code has stopped working. Ask for a new code"
LOCKED = "You cannot sign in now. Speak to your case manager, who can set up the app again"


def verify(pending: str, binding: str, code: str, pin: str) -> SignInResult:
    """Check the code (for this session) and the PIN; count failures and lock the account."""
    with transaction.atomic():
        sign_in_code = (
            SignInCode.objects.select_for_update()
            .select_related("account__person")
            .filter(Q(pk=pending) if _is_uuid(pending) else Q(pk__in=[]))
            .filter(binding=digest(binding))
            .first()
        )
        if sign_in_code is None:
            _dummy_hash_work()
            return SignInResult(None, WRONG)
        account = sign_in_code.account
        if account.status == AccountStatus.LOCKED:
            return SignInResult(None, LOCKED)
        if account.status != AccountStatus.ACTIVE:
            return SignInResult(None, WRONG)
        now = timezone.now()
        usable = (
            sign_in_code.used_at is None
            and sign_in_code.expires_at > now
            and sign_in_code.attempts < CODE_ATTEMPTS
        )
        if not usable:
            return SignInResult(None, EXPIRED)
        sign_in_code.attempts += 1
        code_ok = check_password(code.strip(), sign_in_code.code_hash)
        pin_ok = check_password(pin.strip(), account.pin_hash) if account.pin_hash else False
        if code_ok and pin_ok:
            sign_in_code.used_at = now
            sign_in_code.save(update_fields=["attempts", "used_at"])
            account.failed_attempts = 0
            account.save(update_fields=["failed_attempts", "updated_at"])
            record(
                actor=PersonActor(account.person),
                operation=Operation.CONSULT,
                what="Signed in to the app",
                subject_id=account.person_id,
            )
            return SignInResult(account)
        sign_in_code.save(update_fields=["attempts"])
        account.failed_attempts += 1
        if account.failed_attempts >= LOCK_AFTER:
            account.status = AccountStatus.LOCKED
            account.locked_at = now
            account.session_generation += 1
            record(
                actor=PersonActor(account.person),
                operation=Operation.DENY,
                what="App locked after failed sign-ins",
                subject_id=account.person_id,
                details={"failures": account.failed_attempts},
            )
        account.save()
    if account.status == AccountStatus.LOCKED:
        return SignInResult(None, LOCKED)
    if sign_in_code.attempts >= CODE_ATTEMPTS:
        return SignInResult(None, EXPIRED)
    return SignInResult(None, WRONG)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def active_account(person_id: str, generation: int) -> PortalAccount | None:
    return (
        # The person's office too: every page's footer gives its phone number.
        PortalAccount.objects.select_related("person__team__office")
        .filter(person_id=person_id, status=AccountStatus.ACTIVE, session_generation=generation)
        .first()
        if _is_uuid(person_id)
        else None
    )


# --- The person's own changes ----------------------------------------------------------
