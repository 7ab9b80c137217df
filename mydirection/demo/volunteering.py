"""Volunteering in Hull: the office's volunteer coordinator (a demo sign-in), a catalogue of
roles, a dozen volunteers at every stage (two with lived experience: a community volunteer,
and a person on probation found ready by the trained case manager, put forward, vetted and
now a peer mentor matched with a mentee after a clear conflict check), weekly sessions in
office hours with sign-ups, check-ins and hours (approved, waiting, one change asked for),
expenses in each state, and two Life Links circles: one that meets (minutes on time, one
late, the last still due; tasks; a concern triaged) and one that stalled (formed, never
reached three volunteers). The demo volunteer, Dave Ackroyd, is one of them, so his sign-in
opens his own page.

Life Links was withdrawn during the pilot (no circle ever met); it is open again, with a
coordinator and referrals from case managers. Everything goes through the services at the
moment it happened (``fund.on``), as the pages would: the rules, the ledger and the access
log. Runs after the demo's interventions and the Time Bank.
"""

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.demo.fund import on
from mydirection.interventions.models import (
    Availability,
    EndReason,
    Intervention,
    Kind,
    Referral,
    Shared,
    Suitability,
)
from mydirection.interventions.services import referrals
from mydirection.money import pounds
from mydirection.people.models import Consent, ConsentPurpose, Person
from mydirection.staff.models import Office, User
from mydirection.staff.models import Role as StaffRole
from mydirection.volunteering.models import (
    CheckLevel,
    Circle,
    ConcernOutcome,
    Course,
    Decision,
    Mode,
    Pathway,
    ReadinessOutcome,
    Role,
    Session,
    Stage,
    SuitabilityDecision,
    SupervisionKind,
    Volunteer,
)
from mydirection.volunteering.services import (
    circles,
    expenses,
    mentoring,
    sessions,
    vetting,
)

HULL = "Hull"


# --- The role catalogue ---------------------------------------------------------------------


@dataclass(frozen=True)
class RoleSpec:
    key: str
    name: str
    description: str
    check_level: int
    training: tuple[str, ...]
    supervision_days: int = 42
    mentoring: bool = False
    circles: bool = False


ROLES: tuple[RoleSpec, ...] = (
    RoleSpec("induction", "Induction helper",
             "Welcome people to their first session: tea, the room, the ground rules.",
             CheckLevel.BASIC, (Course.INDUCTION,)),
    RoleSpec("recovery", "Recovery group helper",
             "Help run the weekly recovery group alongside the worker.",
             CheckLevel.STANDARD, (Course.INDUCTION, Course.SAFEGUARDING, Course.GROUP_WORK), 28),
    RoleSpec("reminders", "Reminder texts",
             "Send the system's reminder texts for the groups, never from your own phone.",
             CheckLevel.NONE, (Course.INDUCTION, Course.BOUNDARIES), 56),
    RoleSpec("transport", "Transport",
             "Give lifts to groups and appointments in your own car (mileage paid).",
             CheckLevel.BASIC, (Course.INDUCTION, Course.SAFEGUARDING)),
    RoleSpec("reading", "Reading and writing support",
             "Help people read letters and fill in forms at the weekly drop-in.",
             CheckLevel.STANDARD, (Course.INDUCTION, Course.SAFEGUARDING)),
    RoleSpec("mentor", "Peer mentor",
             "Meet one person on probation every week, as someone who has been there.",
             CheckLevel.ENHANCED,
             (Course.INDUCTION, Course.SAFEGUARDING, Course.BOUNDARIES, Course.PEER_MENTORING),
             14, mentoring=True),
    RoleSpec("circle", "Circle volunteer",
             "Be one of the 3 to 6 volunteers of a Life Links circle around one person.",
             CheckLevel.ENHANCED,
             (Course.INDUCTION, Course.SAFEGUARDING, Course.BOUNDARIES, Course.CIRCLES),
             28, circles=True),
)  # fmt: skip


# --- Volunteers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Someone:
    key: str
    first_name: str
    last_name: str
    stage: str
    applied_days_ago: int
    roles: tuple[str, ...] = ()
    motivation: str = ""
    availability: str = "Weekdays"
    lived_experience: bool = False
    phone: str = ""
    # "volunteer": the demo volunteer's sign-in (Dave Ackroyd).
    account: str = ""
    reason: str = ""


VOLUNTEERS: tuple[Someone, ...] = (
    Someone("dave", "Dave", "Ackroyd", Stage.ACTIVE, 230,
            ("recovery", "induction", "transport", "circle"),
            "I retired last year and wanted to be useful.", "Weekdays", account="volunteer",
            phone="01632 960911"),
    Someone("sue", "Sue", "Robson", Stage.ACTIVE, 200, ("reading",),
            "Former teacher. Reading opens doors.", "Monday and Thursday mornings"),
    Someone("helen", "Helen", "Carr", Stage.ACTIVE, 190, ("circle",),
            "I live near the flats and want my neighbours to feel welcome.", "Evenings"),
    Someone("rob", "Rob", "Fenwick", Stage.ACTIVE, 180, ("circle", "reminders"),
            "My brother went through probation. It helped him to have people around.",
            "Afternoons"),
    Someone("amira", "Amira", "Haddad", Stage.ACTIVE, 170, ("circle", "induction"),
            "Social work student: I want to learn by doing.", "Mondays and Fridays"),
    Someone("gwen", "Gwen", "Price", Stage.ACTIVE, 150, ("circle",),
            "I run the church café and know a lot of people.", "Tuesdays"),
    Someone("ken", "Ken", "Lowther", Stage.ACTIVE, 160, ("circle", "transport"),
            "Ex-serviceman. I know what it is to start again.", "Any day"),
    Someone("lee", "Lee", "Marsh", Stage.ACTIVE, 140, ("recovery",),
            "Seven years clean. I run because someone ran it for me.", "Wednesdays",
            lived_experience=True),
    Someone("joanne", "Joanne", "Pike", Stage.APPLIED, 6, (),
            "I saw the poster at the library.", "Saturdays"),
    Someone("kwame", "Kwame", "Asante", Stage.VETTING, 30, ("recovery",),
            "I help at the food bank and want to do more.", "Wednesday afternoons"),
    Someone("bridget", "Bridget", "Walsh", Stage.ON_HOLD, 210, ("reading",),
            "Retired librarian.", "Thursdays", reason="Caring for her mother until the spring"),
    Someone("neil", "Neil", "Cooper", Stage.LEFT, 220, ("induction",),
            "Between jobs and wanted to give something back.", "Mondays",
            reason="Moved to Leeds for work"),
)  # fmt: skip


# --- Sessions: weekly, in office hours ------------------------------------------------------


@dataclass(frozen=True)
class Series:
    name: str
    weekday: int  # Monday 0
    start: time
    minutes: int
    place: str
    needs: tuple[tuple[str, int], ...]
    # Who signs up each week, in which role.
    team: tuple[tuple[str, str], ...]
    intervention: str = ""  # the intervention's kind whose people take part


WEEKS_BACK, WEEKS_AHEAD = 6, 4
SERIES: tuple[Series, ...] = (
    Series("Induction for new starters", 0, time(10), 90, "Hull office, room 1",
           (("induction", 2),), (("dave", "induction"), ("amira", "induction"))),
    Series("Recovery group", 2, time(14), 120, "Hull office, room 2",
           (("recovery", 2), ("transport", 1)),
           (("lee", "recovery"), ("dave", "recovery"), ("ken", "transport")),
           intervention=Kind.RECOVERY_GROUP),
    Series("Reading and writing drop-in", 3, time(10), 120, "Central Library, study room",
           (("reading", 2),), (("sue", "reading"),)),
)  # fmt: skip


# --- Circles --------------------------------------------------------------------------------

MEETING_PURPOSE = (
    "I have just got my own flat and I don't know anyone round here. I want people to talk "
    "things over with, and help to get to college in September."
)
STALLED_PURPOSE = "I want to stay away from my old crowd and find something to do at weekends."
# (days ago, hours after the meeting the minutes came in (None: not yet), did the person come,
# who came, who recorded it, the minutes)
MEETINGS: tuple[tuple[int, float | None, bool, tuple[str, ...], str, str], ...] = (
    (70, 20, True, ("dave", "helen", "rob", "amira"), "rob",
     "First meeting at the community café. Talked about what the circle is for, in {name}'s "
     "words: people to talk to, and college in September. Agreed to meet every two weeks."),
    (56, 30, True, ("dave", "helen", "rob"), "helen",
     "Talked about the flat: the boiler is still not fixed. Rob will help {name} ring the "
     "landlord. Looked at the college prospectus together."),
    (42, 76, False, ("dave", "rob", "amira"), "amira",
     "{name} did not come: overslept, the coordinator heard later. Talked about how to make "
     "the next one easier to get to."),
    (28, 12, True, ("dave", "helen", "rob", "amira"), "dave",
     "Good meeting. The boiler is fixed. {name} has an open day at the college on the 14th. "
     "Helen will go too."),
    (14, 40, True, ("helen", "rob", "amira"), "rob",
     "{name} went to the open day and has applied. Worried about money for the bus: "
     "suggested asking the case manager about the Enabling Fund."),
    (1, None, True, ("dave", "helen", "amira"), "dave", ""),
)  # fmt: skip
TASKS: tuple[tuple[str, str, int, int | None], ...] = (
    # (what, who, due days from now (negative: past), done days ago (None: open))
    ("Ring the landlord about the boiler together", "rob", -50, 52),
    ("Go to the college open day together", "helen", -16, 17),
    ("Find the bus times to the college", "amira", 5, None),
    ("Ask at the café about Saturday shifts", "dave", 10, None),
)
CONCERN = (
    "At the meeting {name} said they had not eaten properly for days because their money had "
    "been stopped, and did not want a fuss made."
)
CONCERN_NOTE = (
    "Told the case manager the same afternoon: a food bank voucher, and a call about the "
    "benefit. Thanked Helen for raising it."
)

# --- Expenses -------------------------------------------------------------------------------

# (who, days ago spent, what, pence, what becomes of it, why declined)
EXPENSES: tuple[tuple[str, int, str, int, str, str], ...] = (
    ("dave", 40, "Mileage: lifts to the recovery group (4 weeks)", 2_880, "paid", ""),
    ("dave", 12, "Car park at the college open day", 450, "approved", ""),
    ("sue", 9, "Printing worksheets for the drop-in", 620, "claimed", ""),
    ("ken", 20, "Taxi home after the recovery group", 1_450, "declined",
     "Taxis are paid when agreed beforehand. Claim the bus fare instead, and ask next time."),
    ("lee", 3, "Tea, milk and biscuits for the group", 735, "claimed", ""),
)  # fmt: skip


@dataclass
class Written:
    """What was written, for the summary the demo prints."""

    volunteers: int = 0
    sessions: int = 0
    circles: int = 0
    coordinator: str = ""
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.coordinator:
            return "Volunteering: not written (no Hull office or volunteer coordinator)."
        return (
            f"Volunteering: {self.volunteers} volunteers in Hull (coordinator "
            f"{self.coordinator}), {self.sessions} sessions, {self.circles} Life Links circles "
            "(one meeting, one stalled), a peer mentor matched."
        )


class Clock:
    """Moments in Hull's time, on weekdays in office hours."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.zone = ZoneInfo(settings.TIME_ZONE)

    def day(self, days_ago: int) -> date:
        """``days_ago``, moved back to the Friday before when it falls at a weekend."""
        day = self.today - timedelta(days=days_ago)
        return day - timedelta(days=max(0, day.weekday() - 4))

    def at(
        self, days_ago: int, hour: int = 11, minute: int = 0, *, weekday: bool = True
    ) -> datetime:
        """That day at that time (a weekday unless said: circles meet at weekends too), never
        later than a few minutes ago."""
        day = self.day(days_ago) if weekday else self.today - timedelta(days=days_ago)
        moment = datetime.combine(day, time(hour, minute), tzinfo=self.zone)
        return min(moment, timezone.now() - timedelta(minutes=5))

    def next_weekday(self, moment: datetime) -> datetime:
        """The next working day at 11am."""
        day = timezone.localtime(moment).date() + timedelta(days=1)
        day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
        return datetime.combine(day, time(11), tzinfo=self.zone)


def receipt_image(what: str, amount: int, moment: datetime) -> bytes:
    """A receipt as a phone would photograph one."""
    width, height = 300, 360
    image = Image.new("RGB", (width, height), (236, 232, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 20, width - 30, height - 20), fill=(252, 251, 247))
    big, small = ImageFont.load_default(size=20), ImageFont.load_default(size=15)
    lines = [(f"{timezone.localtime(moment):%d/%m/%Y %H:%M}", small), ("", small)]
    words = what.split()
    line = ""
    for word in words:
        if len(line) + len(word) > 26:
            lines.append((line, small))
            line = word
        else:
            line = f"{line} {word}".strip()
    lines += [(line, small), ("", small), (f"TOTAL  {pounds(amount)}", big)]
    y = 40
    for text, font in lines:
        draw.text((45, y), text, fill=(40, 40, 40), font=font)
        y += 30 if font is big else 22
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


class Demo:
    def __init__(self, coordinator: User, office: Office, clock: Clock, draw: random.Random):
        self.coordinator = coordinator
        self.office = office
        self.clock = clock
        self.draw = draw
        self.actor = StaffActor(coordinator, Relation.VOLUNTEERING)
        self.roles: dict[str, Role] = {}
        self.volunteers: dict[str, Volunteer] = {}

    # --- Roles and volunteers ---------------------------------------------------------------

    def write_roles(self) -> None:
        for spec in ROLES:
            self.roles[spec.key] = Role.objects.create(
                name=spec.name,
                description=spec.description,
                check_level=spec.check_level,
                training=list(spec.training),
                supervision_days=spec.supervision_days,
                mentoring=spec.mentoring,
                circles=spec.circles,
            )

    def certificate(self) -> str:
        return "".join(self.draw.choice("0123456789") for _ in range(12))

    def vet(self, volunteer: Volunteer, roles: Sequence[str], applied: int, *, lived: bool) -> None:
        """References, the check the highest role needs, the training, the boundaries
        agreement, suitability for lived experience, and the roles: a month and a half."""
        actor = self.actor
        asked = []
        with on(self.clock.at(applied - 5)):
            for referee, relationship in (("A referee", "Employer"), ("A friend", "Friend")):
                asked.append(
                    vetting.ask_reference(
                        actor=actor,
                        volunteer=volunteer,
                        referee=f"{referee} of {volunteer.first_name}",
                        relationship=relationship,
                    )
                )
        with on(self.clock.at(applied - 12)):
            for reference in asked:
                vetting.receive_reference(actor=actor, reference=reference, satisfactory=True)
        needed = [self.roles[key] for key in roles]
        top = max(needed, key=lambda role: role.check_level, default=None)
        if top is not None and top.check_level > CheckLevel.NONE:
            with on(self.clock.at(applied - 12, 14)):
                check = vetting.request_check(
                    actor=actor, volunteer=volunteer, role=top, level=top.check_level
                )
            with on(self.clock.at(applied - 26)):
                vetting.decide_check(
                    actor=actor,
                    check=check,
                    certificate_number=self.certificate(),
                    issued_on=self.clock.day(applied - 24),
                    update_service=self.draw.random() < 0.6,
                    decision=Decision.CLEAR,
                    expected_version=check.version,
                )
        courses = sorted({course for role in needed for course in role.training})
        with on(self.clock.at(applied - 33)):
            for course in courses:
                vetting.record_training(
                    actor=actor,
                    volunteer=volunteer,
                    course=course,
                    completed_on=self.clock.day(applied - 33),
                )
            volunteer.refresh_from_db()
            vetting.agree_boundaries(
                actor=actor,
                volunteer=volunteer,
                on=self.clock.day(applied - 33),
                expected_version=volunteer.version,
            )
            if lived:
                vetting.decide_suitability(
                    actor=actor,
                    volunteer=volunteer,
                    decision=SuitabilityDecision.SUITABLE,
                    factors=(
                        "Talked through what happened and when; settled for a long time; "
                        "supervised fortnightly to start with; not placed with anyone from "
                        "their own area's past."
                    ),
                )
        with on(self.clock.at(applied - 40)):
            for role in needed:
                vetting.give_role(actor=actor, volunteer=volunteer, role=role)
        volunteer.refresh_from_db()

    def write_volunteers(self) -> None:
        demo_volunteer = User.objects.filter(role=StaffRole.VOLUNTEER).order_by("username").first()
        for someone in VOLUNTEERS:
            with on(self.clock.at(someone.applied_days_ago)):
                volunteer = vetting.apply(
                    actor=self.actor,
                    office=self.office,
                    first_name=someone.first_name,
                    last_name=someone.last_name,
                    phone=someone.phone,
                    email=f"{someone.first_name.lower()}.{someone.last_name.lower()}@example.org",
                    user=demo_volunteer if someone.account == "volunteer" else None,
                    lived_experience=someone.lived_experience,
                    motivation=someone.motivation,
                    availability=someone.availability,
                )
            self.volunteers[someone.key] = volunteer
            if someone.stage == Stage.APPLIED:
                continue
            if someone.stage == Stage.VETTING:
                self.begin_vetting(volunteer, someone)
                continue
            self.vet(
                volunteer,
                someone.roles,
                someone.applied_days_ago,
                lived=someone.lived_experience,
            )

    def begin_vetting(self, volunteer: Volunteer, someone: Someone) -> None:
        """References asked (one back), and the check asked for: waiting."""
        with on(self.clock.at(someone.applied_days_ago - 5)):
            first = vetting.ask_reference(
                actor=self.actor,
                volunteer=volunteer,
                referee="The food bank's manager",
                relationship="Volunteering manager",
            )
            vetting.ask_reference(
                actor=self.actor,
                volunteer=volunteer,
                referee="A former employer",
                relationship="Employer",
            )
        with on(self.clock.at(someone.applied_days_ago - 12)):
            vetting.receive_reference(actor=self.actor, reference=first, satisfactory=True)
            role = self.roles[someone.roles[0]]
            vetting.request_check(
                actor=self.actor, volunteer=volunteer, role=role, level=role.check_level
            )

    def finish_stages(self) -> None:
        """On hold and left, after their sessions; supervision and wellbeing check-ins."""
        for someone in VOLUNTEERS:
            volunteer = self.volunteers[someone.key]
            if someone.stage not in (Stage.ON_HOLD, Stage.LEFT):
                continue
            volunteer.refresh_from_db()
            with on(self.clock.at(20 if someone.stage == Stage.LEFT else 25)):
                for shift in volunteer.shifts.filter(
                    withdrawn_at__isnull=True, session__starts_at__gt=timezone.now()
                ):
                    sessions.withdraw(actor=self.actor, shift=shift)
                vetting.change_stage(
                    actor=self.actor,
                    volunteer=volunteer,
                    stage=Stage(someone.stage),
                    reason=someone.reason,
                    on_hold_until=self.clock.today + timedelta(days=90)
                    if someone.stage == Stage.ON_HOLD
                    else None,
                    expected_version=volunteer.version,
                )

    def write_supervision(self) -> None:
        for key, volunteer in self.volunteers.items():
            volunteer.refresh_from_db()
            if volunteer.stage != Stage.ACTIVE:
                continue
            # Ken's is overdue (his circle role wants one every 4 weeks); Gwen is struggling.
            days_ago = 45 if key == "ken" else self.draw.randint(6, 20)
            with on(self.clock.at(days_ago, 15)):
                vetting.record_supervision(
                    actor=self.actor,
                    volunteer=volunteer,
                    kind=SupervisionKind.SUPERVISION,
                    held_on=self.clock.day(days_ago),
                    wellbeing=4,
                    notes="Going well. Talked through the sessions and what comes next.",
                )
        with on(self.clock.at(4, 16)):
            vetting.record_supervision(
                actor=self.actor,
                volunteer=self.volunteers["gwen"],
                kind=SupervisionKind.WELLBEING,
                held_on=self.clock.day(4),
                wellbeing=2,
                notes="Frustrated that her circle has not started. Call her this week.",
            )

    # --- Sessions and hours -----------------------------------------------------------------

    def write_sessions(self) -> int:
        written = 0
        first_day = self.clock.today - timedelta(weeks=WEEKS_BACK)
        for series in SERIES:
            day = first_day + timedelta(days=(series.weekday - first_day.weekday()) % 7)
            if day <= first_day:
                day += timedelta(weeks=1)
            start = datetime.combine(day, series.start, tzinfo=self.clock.zone)
            intervention = (
                Intervention.objects.filter(office=self.office, kind=series.intervention).first()
                if series.intervention
                else None
            )
            with on(start - timedelta(days=3, hours=2)):
                made = sessions.add_sessions(
                    actor=self.actor,
                    name=series.name,
                    office=self.office,
                    place=series.place,
                    starts_at=start,
                    minutes=series.minutes,
                    needs={self.roles[key]: count for key, count in series.needs},
                    weeks=WEEKS_BACK + WEEKS_AHEAD,
                    intervention=intervention,
                )
                # The team signs up until next week; later weeks still have places.
                for session in made[: WEEKS_BACK + 1]:
                    for key, role in series.team:
                        sessions.sign_up(
                            actor=self.actor,
                            session=session,
                            volunteer=self.volunteers[key],
                            role=self.roles[role],
                        )
            written += len(made)
            held = [session for session in made if session.starts_at <= timezone.now()]
            for week, session in enumerate(held):
                # The last one's hours are still waiting for the coordinator.
                self.hold(session, week, decide=session is not held[-1])
        return written

    def hold(self, session: Session, week: int, *, decide: bool) -> None:
        """Everyone checks in but one no-show a series; the coordinator approves the hours
        on the next working day (unless not ``decide``)."""
        shifts = list(session.shifts.filter(withdrawn_at__isnull=True).select_related("volunteer"))
        logged = []
        for number, shift in enumerate(shifts):
            if week == 2 and number == len(shifts) - 1:
                continue  # did not come
            with on(session.starts_at - timedelta(minutes=10)):
                logged.append(sessions.check_in(actor=self.actor, shift=shift))
        decided = self.clock.next_weekday(session.starts_at)
        if not decide or decided > timezone.now():
            return
        with on(decided):
            for hours in logged:
                sessions.decide_hours(
                    actor=self.actor, hours=hours, approve=True, expected_version=hours.version
                )

    def write_hours(self) -> None:
        """Dave's lifts, logged by him; one approved then asked to change; one declined."""
        dave = self.volunteers["dave"]
        as_dave = StaffActor(dave.user, Relation.VOLUNTEER) if dave.user else self.actor
        with on(self.clock.at(9, 17)):
            lifts = sessions.log_hours(
                actor=as_dave,
                volunteer=dave,
                on=self.clock.day(9),
                minutes=60,
                what="Lifts to the college open day and back",
            )
        with on(self.clock.at(8)):
            sessions.decide_hours(
                actor=self.actor, hours=lifts, approve=True, expected_version=lifts.version
            )
        lifts.refresh_from_db()
        with on(self.clock.at(2, 10)):
            sessions.change_hours(
                actor=as_dave,
                hours=lifts,
                minutes=90,
                what=lifts.what,
                reason="The open day ran late: I waited half an hour for the lift back",
                expected_version=lifts.version,
            )
        with on(self.clock.at(16, 17)):
            twice = sessions.log_hours(
                actor=as_dave,
                volunteer=dave,
                on=self.clock.day(16),
                minutes=120,
                what="Recovery group",
            )
        with on(self.clock.at(15)):
            sessions.decide_hours(
                actor=self.actor, hours=twice, approve=False, expected_version=twice.version
            )
        with on(self.clock.at(1, 16)):
            sessions.log_hours(
                actor=as_dave,
                volunteer=dave,
                on=self.clock.day(1),
                minutes=45,
                what="Wrote up the circle's plan for the next meeting",
            )

    def write_expenses(self) -> None:
        for key, days_ago, what, amount, becomes, why in EXPENSES:
            volunteer = self.volunteers[key]
            moment = self.clock.at(days_ago, 17)
            with on(moment):
                expense = expenses.claim(
                    actor=self.actor,
                    volunteer=volunteer,
                    spent_on=self.clock.day(days_ago),
                    what=what,
                    amount=amount,
                    receipt=SimpleUploadedFile(
                        "receipt.jpg", receipt_image(what, amount, moment), "image/jpeg"
                    ),
                )
            if becomes == "claimed":
                continue
            with on(self.clock.at(days_ago - 2)):
                if becomes == "declined":
                    expenses.decline(
                        actor=self.actor, expense=expense, reason=why, expected_version=1
                    )
                    continue
                expenses.approve(actor=self.actor, expense=expense, expected_version=1)
            if becomes == "paid":
                with on(self.clock.at(days_ago - 9)):
                    expenses.pay(actor=self.actor, expense=expense)


# --- People on probation: readiness, a peer mentor, circles ---------------------------------


class People:
    """People in the office on an order with at least six months left, who agreed to share
    their details with a partner, with no restriction or exclusion and nothing of
    volunteering yet: the persona's caseload first."""

    def __init__(self, office: Office, persona: str | None, today: date) -> None:
        people = (
            Person.objects.filter(
                team__office=office,
                case_manager__isnull=False,
                orders__end_date__gte=today + timedelta(days=200),
                orders__start_date__lte=today - timedelta(days=120),
                orders__ended_early_on__isnull=True,
            )
            .exclude(Q(restriction__isnull=False) | Q(exclusions__isnull=False))
            .exclude(referrals__intervention__kind__in=(Kind.LIFE_LINKS, Kind.PEER_MENTORING))
            .select_related("case_manager", "team")
            .distinct()
            .order_by("case_reference")
        )
        found = list(people[:400])
        self.theirs = [p for p in found if p.case_manager and p.case_manager.username == persona]
        self.others = [p for p in found if p not in self.theirs]
        # Referred only with their agreement to share their details, given before.
        self.consented = set(
            Consent.objects.filter(
                person__in=[p.pk for p in found],
                purpose=ConsentPurpose.PARTNER_REFERRAL,
                given_on__lte=today - timedelta(days=100),
                withdrawn_on__isnull=True,
            ).values_list("person_id", flat=True)
        )
        self.used: set[object] = set()

    def take(
        self, *, theirs: bool = True, besides: object = None, referred: bool = True
    ) -> Person | None:
        """The next person not cast yet: the persona's first (if ``theirs``), else anyone's;
        never on ``besides``'s caseload; one who agreed to a referral if ``referred``."""
        pools = (self.theirs, self.others) if theirs else (self.others, self.theirs)
        for pool in pools:
            for person in pool:
                if person.pk in self.used or (besides and person.case_manager_id == besides):
                    continue
                if referred and person.pk not in self.consented:
                    continue
                self.used.add(person.pk)
                return person
        return None


def _as_case_manager(person: Person) -> StaffActor:
    assert person.case_manager is not None  # noqa: S101 (chosen with one)
    return StaffActor(person.case_manager, Relation.CASE_MANAGER)


def _refer(
    demo: Demo, person: Person, intervention: Intervention, days_ago: int, note: str
) -> Referral:
    with on(demo.clock.at(days_ago, 12)):
        referral = referrals.decide(
            actor=_as_case_manager(person),
            person=person,
            decision=referrals.Decision(
                intervention=intervention,
                suitability=Suitability.SUITABLE,
                consent=True,
                shares=frozenset({Shared.CONTACT, Shared.GOAL, Shared.NOTE}),
                note_for_provider=note,
            ),
        )
    return referral


def _accept(demo: Demo, referral: Referral, days_ago: int) -> Referral:
    with on(demo.clock.at(days_ago, 10)):
        return referrals.respond(
            actor=demo.actor,
            referral_id=referral.pk,
            expected_version=referral.version,
            accept=True,
            note="Welcome. The coordinator will call to talk it through.",
        )


def _start(demo: Demo, referral: Referral, on_day: int) -> None:
    with on(demo.clock.at(on_day, 17)):
        referrals.record_session(
            actor=demo.actor, referral_id=referral.pk, on=demo.clock.day(on_day), attended=True
        )


def reopen_life_links(office: Office, today: date) -> Intervention | None:
    """The pilot's Life Links, withdrawn when no circle met, open again."""
    links = Intervention.objects.filter(office=office, kind=Kind.LIFE_LINKS).first()
    if links is None:
        return None
    withdrawn = links.withdrawn_on
    Intervention.objects.filter(pk=links.pk).update(
        availability=Availability.OPEN,
        withdrawn_on=None,
        paused_until=None,
        availability_reason=(
            "Withdrawn during the pilot"
            + (f" on {withdrawn:%-d %B %Y}" if withdrawn else "")
            + ": volunteers were trained, but too few people were referred and no circle ever "
            "met. Open again since "
            f"{today - timedelta(days=120):%-d %B %Y}, with a volunteer coordinator and "
            "referrals from case managers' talks with people about what they want."
        ),
    )
    links.refresh_from_db()
    return links


def peer_mentoring(office: Office) -> Intervention:
    return Intervention.objects.create(
        office=office,
        name="Peer mentoring",
        kind=Kind.PEER_MENTORING,
        offer=(
            "A peer mentor who has been on probation themselves meets you every week: someone "
            "to talk to who knows what it is like."
        ),
        eligibility="Anyone on probation in Hull. Mentors are matched with care.",
        capacity=8,
    )


def write_readiness(demo: Demo, people: People) -> Volunteer | None:
    """The persona talks volunteering through with three people: one found ready, put forward
    and now a peer mentor; one ready, to put forward; one not yet."""
    # Talking about volunteering needs no referral; the peer mentor is put forward, not
    # referred, but shares their details with the volunteering coordinator: asked as one.
    mentor = people.take()
    to_put_forward, not_yet = people.take(referred=False), people.take(referred=False)
    if mentor is None or to_put_forward is None or not_yet is None:
        return None
    talks = (
        (mentor, 160, ReadinessOutcome.READY, Pathway.TAKING_PART,
         "Settled: their own flat for a year, working part time at the warehouse, back in "
         "touch with family.",
         "To help others not make the mistakes I made. Maybe a job in it one day.",
         "Keen to do the peer mentoring course."),
        (to_put_forward, 12, ReadinessOutcome.READY, Pathway.TAKING_PART,
         "Settled at their mum's; the recovery group every week for eight months.",
         "To give something back to the recovery group.", ""),
        (not_yet, 25, ReadinessOutcome.NOT_YET, Pathway.TAKING_PART,
         "Housing is not sorted yet: sofa-surfing since the spring.",
         "Would like to drive for the group one day.", ""),
    )  # fmt: skip
    for person, days_ago, outcome, pathway, stability, wants, training in talks:
        with on(demo.clock.at(days_ago, 14)):
            mentoring.record_readiness(
                actor=_as_case_manager(person),
                person=person,
                stability=stability,
                training=training,
                wants=wants,
                pathway=pathway,
                outcome=outcome,
                review_on=demo.clock.today + timedelta(days=60)
                if outcome == ReadinessOutcome.NOT_YET
                else None,
            )
    with on(demo.clock.at(150, 15)):
        volunteer = vetting.apply(
            actor=_as_case_manager(mentor),
            office=demo.office,
            first_name=mentor.known_as,
            last_name=mentor.last_name,
            person=mentor,
            motivation="To help others not make the mistakes I made.",
            availability="Weekday evenings and Saturdays",
        )
    demo.vet(volunteer, ("mentor",), 150, lived=True)
    demo.volunteers["mentor"] = volunteer
    return volunteer


def write_match(demo: Demo, mentor: Volunteer, people: People) -> None:
    """A mentee on another caseload, referred to peer mentoring and matched after a clear
    conflict check."""
    mentor_cm = mentor.person.case_manager_id if mentor.person else None
    mentee = people.take(theirs=False, besides=mentor_cm)
    intervention = peer_mentoring(demo.office)
    if mentee is None:
        return
    referral = _refer(
        demo,
        mentee,
        intervention,
        40,
        "Would like someone who has been through it. Nervous in groups.",
    )
    referral = _accept(demo, referral, 38)
    with on(demo.clock.at(30, 11)):
        mentoring.check_and_match(
            actor=demo.actor,
            mentor=mentor,
            mentee=mentee,
            co_defendant=False,
            victim=False,
            family=False,
            known_associate=False,
        )
    _start(demo, referral, 27)


def write_circles(demo: Demo, links: Intervention, people: People) -> int:
    """A circle that meets and a circle that stalled, each chosen by its focus person; a
    referral still waiting for the coordinator, and one that ended without a circle."""
    meeting_person, stalled_person = people.take(), people.take()
    waiting_person, changed_mind = people.take(theirs=False), people.take(theirs=False)
    if meeting_person is None or stalled_person is None:
        return 0
    referral = _refer(
        demo,
        meeting_person,
        links,
        95,
        "Lonely since moving into a new flat. Wants people to talk things over with.",
    )
    referral = _accept(demo, referral, 92)
    with on(demo.clock.at(85, 15)):
        circle = circles.form(
            actor=demo.actor,
            office=demo.office,
            person=meeting_person,
            referral=referral,
            chosen_on=demo.clock.day(88),
            purpose=MEETING_PURPOSE,
            mode=Mode.SUPPORT,
            coordinator=demo.coordinator,
        )
    with on(demo.clock.at(78)):
        for key in ("dave", "helen", "rob", "amira"):
            circles.add_volunteer(actor=demo.actor, circle=circle, volunteer=demo.volunteers[key])
    for days_ago, after, came, attended, by, minutes in MEETINGS:
        held = demo.clock.at(days_ago, 14 if days_ago > 1 else 10, weekday=False)
        with on(held + timedelta(hours=2)):
            meeting = circles.record_meeting(
                actor=demo.actor,
                circle=circle,
                by=demo.volunteers[by],
                held_at=held,
                person_attended=came,
                attended=[demo.volunteers[key] for key in attended],
            )
        if after is not None:
            with on(held + timedelta(hours=after)):
                circles.write_minutes(
                    actor=demo.actor,
                    meeting=meeting,
                    by=demo.volunteers[by],
                    minutes=minutes.format(name=meeting_person.known_as),
                    expected_version=meeting.version,
                )
    _start(demo, referral, 70)
    for what, who, due, done in TASKS:
        with on(demo.clock.at(max(-due, 0) + 20 if due < 0 else 14, 16)):
            task = circles.add_task(
                actor=demo.actor,
                circle=circle,
                what=what,
                volunteer=demo.volunteers[who],
                due_on=demo.clock.today + timedelta(days=due),
            )
        if done is not None:
            with on(demo.clock.at(done, 18)):
                circles.finish_task(actor=demo.actor, task=task)
    with on(demo.clock.at(28, 16)):
        concern = circles.raise_concern(
            actor=demo.actor,
            circle=circle,
            by=demo.volunteers["helen"],
            what=CONCERN.format(name=meeting_person.known_as),
        )
    with on(demo.clock.at(28, 16, 40)):
        circles.triage(
            actor=demo.actor,
            concern=concern,
            outcome=ConcernOutcome.CASE_MANAGER,
            note=CONCERN_NOTE,
            expected_version=concern.version,
        )
    # The stalled circle: formed seven weeks ago, two volunteers, never met.
    stalled_referral = _accept(
        demo,
        _refer(demo, stalled_person, links, 55, "Wants help to keep away from old friends."),
        52,
    )
    with on(demo.clock.at(49, 15)):
        stalled = circles.form(
            actor=demo.actor,
            office=demo.office,
            person=stalled_person,
            referral=stalled_referral,
            chosen_on=demo.clock.day(50),
            purpose=STALLED_PURPOSE,
            mode=Mode.SUPPORT,
            coordinator=demo.coordinator,
        )
        for key in ("gwen", "ken"):
            circles.add_volunteer(actor=demo.actor, circle=stalled, volunteer=demo.volunteers[key])
    # A referral the coordinator has still to answer, and one that ended without a circle.
    if waiting_person is not None:
        _refer(
            demo, waiting_person, links, 3, "Would like a circle to help with going back to work."
        )
    if changed_mind is not None:
        ended = _accept(
            demo,
            _refer(demo, changed_mind, links, 75, "Wants people around after a move."),
            72,
        )
        with on(demo.clock.at(60, 12)):
            referrals.withdraw(
                actor=_as_case_manager(changed_mind),
                referral_id=ended.pk,
                expected_version=ended.version,
                end_reason=EndReason.PERSON_CHANGED_MIND,
                note="Decided to move back to family in Leeds instead.",
            )
    return Circle.objects.filter(office=demo.office).count()


def write_demo_volunteering(
    *, seed: int, today: date | None = None, persona: str | None = None
) -> Written:
    """Volunteering in Hull, as the module's docstring tells; nothing without a Hull office and
    its volunteer coordinator."""
    today = today or timezone.localdate()
    written = Written()
    office = Office.objects.filter(name=HULL).first()
    coordinator = (
        User.objects.filter(role=StaffRole.VOLUNTEER_COORDINATOR, team__office=office)
        .order_by("username")
        .first()
        if office
        else None
    )
    if office is None or coordinator is None:
        return written
    demo = Demo(coordinator, office, Clock(today), random.Random(seed * 104_729 + 14))
    written.coordinator = coordinator.username
    demo.write_roles()
    demo.write_volunteers()
    people = People(office, persona, today)
    mentor = write_readiness(demo, people)
    written.sessions = demo.write_sessions()
    demo.write_hours()
    demo.write_expenses()
    demo.finish_stages()
    demo.write_supervision()
    if mentor is not None:
        write_match(demo, mentor, people)
    links = reopen_life_links(office, today)
    if links is not None:
        written.circles = write_circles(demo, links, people)
    written.volunteers = Volunteer.objects.filter(office=office).count()
    return written
