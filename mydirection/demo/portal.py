"""Demo data for the person's app: requests to move an appointment waiting for the case
manager (and a few already declined), and sessions at each office where people registered
with the venue's code, most confirmed by staff. Everything keeps office hours
(``demo.hours``): the sessions are on weekday mornings, and one session per office runs now
when the demo is loaded in office hours, so its code can be tried in the app (loaded at
night or at a weekend, it runs on the next working morning). Seeded; a handful of bulk
inserts."""

import random
import secrets
from datetime import date, datetime, timedelta

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.appointments.models import Appointment, Status
from mydirection.demo import hours
from mydirection.demo.signins import AppSignIn
from mydirection.notifications.models import Message, Purpose
from mydirection.notifications.models import Status as MessageStatus
from mydirection.people.models import Person
from mydirection.portal.models import (
    Attendance,
    Invitation,
    MoveRequest,
    MoveStatus,
    PortalAccount,
    ServiceKind,
    ServiceSession,
)
from mydirection.portal.services import accounts
from mydirection.portal.services.attendance import new_code
from mydirection.staff.models import Office, User

SHARE_ASKING_TO_MOVE = 0.02
REASONS = (
    ("I have a job interview that morning", "Any time Thursday or Friday"),
    ("My little boy has a hospital appointment", "The week after, mornings"),
    ("I start my new shift that week", "After 4pm"),
    ("I have to sign on at the job centre at the same time", ""),
    ("The buses are not running that day", "Any day next week"),
)
DECLINE_NOTE = "Please come as planned. We can talk about changing the day then."
SESSIONS = (
    (ServiceKind.GROUP, "Women's group", "Women's centre, main hall"),
    (ServiceKind.TIME_BANK, "Time Bank: community garden", "Allotments behind the library"),
    (ServiceKind.COACHING, "Coaching session", "Community hub, room 2"),
    (ServiceKind.PARTNER_VENUE, "Drop-in at the recovery café", "Recovery café"),
)


def write_demo_move_requests(draw: random.Random, now: datetime) -> int:
    """A request on the next appointment of about 2% of people who have one."""
    upcoming = (
        Appointment.objects.filter(status=Status.ARRANGED, starts_at__gt=now + timedelta(days=2))
        .values("person_id")
        .annotate(first=Min("starts_at"))
        .order_by("person_id")
    )
    chosen = [row for row in upcoming if draw.random() < SHARE_ASKING_TO_MOVE]
    appointments = {
        (a.person_id, a.starts_at): a
        for a in Appointment.objects.filter(
            person_id__in=[row["person_id"] for row in chosen], status=Status.ARRANGED
        ).select_related("staff")
    }
    requests = []
    for row in chosen:
        appointment = appointments[(row["person_id"], row["first"])]
        reason, times = draw.choice(REASONS)
        declined = draw.random() < 0.2
        requests.append(
            MoveRequest(
                person_id=row["person_id"],
                appointment=appointment,
                reason=reason,
                preferred_times=times,
                status=MoveStatus.DECLINED if declined else MoveStatus.PENDING,
                decided_by=appointment.staff if declined else None,
                decided_at=(
                    hours.last_office_time(now - timedelta(hours=draw.randint(1, 48)))
                    if declined
                    else None
                ),
                note=DECLINE_NOTE if declined else "",
            )
        )
    MoveRequest.objects.bulk_create(requests)
    return len(requests)


def session_now(now: datetime) -> tuple[datetime, datetime]:
    """When the demo's current session at each office runs: from the hour before ``now``
    (never before the office opens) until it closes, when at least an hour of office hours
    is left today; otherwise 10am to 2pm on the next working day."""
    local = timezone.localtime(now, hours.zone())
    closes = hours.at(local.date(), hours.CLOSES)
    if hours.in_office_hours(now) and local + timedelta(hours=1) <= closes:
        on_the_hour = local.replace(minute=0, second=0, microsecond=0)
        return max(on_the_hour - timedelta(hours=1), hours.at(local.date(), hours.OPENS)), closes
    day = local.date() if local.hour < hours.OPENS else local.date() + timedelta(days=1)
    day = hours.working_day_on_or_after(day)
    return hours.at(day, 10), hours.at(day, 14)


def write_demo_sessions(draw: random.Random, today: date, now: datetime) -> int:
    """Per office: three past sessions with people registered, on the working days about one,
    two and three weeks ago, and one running now (``session_now``)."""
    attendances = []
    for office in Office.objects.order_by("name"):
        staff = list(User.objects.filter(team__office=office, is_active=True).order_by("username"))
        runner = next((u for u in staff if u.holds_caseload), None)
        if runner is None:
            continue
        people = list(
            Person.objects.filter(case_manager__team__office=office)
            .order_by("case_reference")
            .values_list("pk", flat=True)[:400]
        )
        for weeks_ago, (kind, title, place) in zip(
            (3, 2, 1, 0), draw.sample(SESSIONS, 4), strict=True
        ):
            if weeks_ago == 0:
                starts_at, ends_at = session_now(now)
            else:
                day = hours.working_day_on_or_before(today - timedelta(weeks=weeks_ago))
                starts_at = hours.at(day, 10)
                ends_at = starts_at + timedelta(hours=2)
            session = ServiceSession.objects.create(
                kind=kind,
                title=title,
                place=place,
                office=office,
                starts_at=starts_at,
                ends_at=ends_at,
                code=new_code(),
                created_by=runner,
            )
            if weeks_ago == 0:
                continue
            for person_id in draw.sample(people, min(len(people), draw.randint(3, 9))):
                confirmed = draw.random() < 0.85
                attendances.append(
                    Attendance(
                        session=session,
                        person_id=person_id,
                        confirmed_by=runner if confirmed else None,
                        confirmed_at=session.ends_at if confirmed else None,
                    )
                )
    Attendance.objects.bulk_create(attendances)
    # ``registered_at`` is stamped "now" on insert; the demo wants it during the session.
    for registered in attendances:
        registered.registered_at = registered.session.starts_at + timedelta(minutes=5)
    Attendance.objects.bulk_update(attendances, ["registered_at"])
    return len(attendances)


def write_demo_portal(*, seed: int, today: date | None = None) -> None:
    draw = random.Random(seed + 11)  # demo data, not security
    now = timezone.now()
    write_demo_move_requests(draw, now)
    write_demo_sessions(draw, today or timezone.localdate(), now)


def new_pin(person: Person) -> str:
    """Six random digits that the app's own rules accept for ``person`` (not in a row, not a
    date of theirs)."""
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        if not accounts.pin_problem(pin, person):
            return pin


def person_for_the_app(case_manager: str, now: datetime) -> Person | None:
    """Someone on ``case_manager``'s caseload to try the app as: with a plan, an appointment
    to come and a phone number or email address, and nothing restricted about them; a member
    of the Time Bank if one is."""
    people = (
        Person.objects.filter(
            case_manager__username=case_manager,
            plan__isnull=False,
            appointments__status=Status.ARRANGED,
            appointments__starts_at__gt=now,
        )
        .exclude(phone="", email="")
        .exclude(Q(restriction__isnull=False) | Q(exclusions__isnull=False))
        .select_related("case_manager")
        .distinct()
        .order_by("case_reference")
    )
    return people.filter(time_bank_member__isnull=False).first() or people.first()


def write_demo_app_sign_in(
    *, case_manager: str, address: str, pin: str | None = None, now: datetime | None = None
) -> AppSignIn | None:
    """Invite a person on ``case_manager``'s caseload to the app and set their PIN, through
    the app's own services, as if they had done it with their case manager on their last
    working morning (``pin``: an earlier load's, when the app accepts it for them). The
    invitation is in the outbox, delivered, its link used. Returns what to sign in with, or
    None when nobody fits."""
    now = now or timezone.now()
    person = person_for_the_app(case_manager, now)
    if person is None or person.case_manager is None:
        return None
    if pin is None or accounts.pin_problem(pin, person):
        pin = new_pin(person)
    links: list[str] = []

    def link_for(token: str) -> str:
        links.append(token)
        return f"http://{address}{reverse('portal:enrol-link', args=[token])}"

    actor = StaffActor(person.case_manager, Relation.CASE_MANAGER)
    accounts.invite(actor=actor, person=person, link_for=link_for)
    invitation = accounts.invitation_for(links[0])
    if invitation is None:
        raise RuntimeError("The invitation just made is not found")
    accounts.enrol(invitation, pin)
    # Dated to office hours: invited at 10am on the last working day, set up ten minutes on.
    invited = hours.at(
        hours.working_day_on_or_before(timezone.localdate(now) - timedelta(days=1)), 10
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=invited, used_at=invited + timedelta(minutes=10)
    )
    PortalAccount.objects.filter(person=person).update(enrolled_at=invited + timedelta(minutes=10))
    Message.objects.filter(person=person, purpose=Purpose.PORTAL_INVITATION).update(
        status=MessageStatus.DELIVERED,
        attempts=1,
        created_at=invited,
        send_after=None,
        sent_at=invited + timedelta(minutes=1),
        notify_id="outbox-demo-invitation",
    )
    return AppSignIn(
        name=person.full_name,
        case_manager=person.case_manager.display_name,
        contact=person.phone or person.email,
        pin=pin,
    )
