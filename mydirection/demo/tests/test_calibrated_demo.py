"""The calibrated demo, loaded once for this module by the command itself."""

import re
import stat
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from mydirection.access.models import AccessLogEntry, Exclusion, Operation, Restriction
from mydirection.caseload.models import Allocation
from mydirection.demo import signins
from mydirection.demo.cohort import COUNTERFACTUAL, INTERVENTION, Profile, cohort_window
from mydirection.people.models import (
    UNSETTLED_ACCOMMODATION,
    Consent,
    Order,
    Person,
    Requirement,
    postcode_validator,
)
from mydirection.staff.models import Office, Role, Training, User

pytestmark = pytest.mark.django_db


@dataclass
class Loaded:
    output: str
    seconds: float
    var: Path


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Loaded]:
    """Load the demo once, inside a transaction rolled back when the module is done."""
    var = tmp_path_factory.mktemp("var")
    # The demo's receipts are uploaded files: kept in this module's own directory.
    files = override_settings(VAR_DIR=var, PRIVATE_FILES_DIR=var / "files")
    with django_db_blocker.unblock(), files, transaction.atomic():
        out = StringIO()
        started = time.monotonic()
        call_command("demo_data", stdout=out, stderr=StringIO())
        seconds = time.monotonic() - started
        print(f"\nThe calibrated demo loaded in {seconds:.1f} s")
        yield Loaded(out.getvalue(), seconds, var)
        transaction.set_rollback(True)


def cohort(*, intervention: bool) -> QuerySet[Person]:
    window = cohort_window(timezone.localdate())
    return Person.objects.filter(
        team__office__name="Hull",
        orders__start_date__range=(window.first, window.last),
        programme_start__isnull=not intervention,
    ).distinct()


def near(count: int, n: int, share: float) -> bool:
    """``count`` is ``share`` of ``n`` to the nearest person."""
    return abs(count - share * n) <= 0.5 + 1e-9


@pytest.mark.parametrize(
    ("intervention", "profile", "size"),
    [(True, INTERVENTION, 84), (False, COUNTERFACTUAL, 529)],
    ids=["intervention", "counterfactual"],
)
def test_its_groups_match_the_pilots_table(demo, intervention: bool, profile: Profile, size: int):
    people = cohort(intervention=intervention)
    n = people.count()
    assert n == size

    def count(condition: Q) -> int:
        return people.filter(condition).count()

    def with_requirement(kind: str) -> int:
        return people.filter(orders__requirements__requirement_type=kind).distinct().count()

    assert near(count(Q(gender="male")), n, profile.male)
    assert near(count(Q(domestic_abuse_perpetrator=True)), n, profile.domestic_abuse_perpetrator)
    assert near(count(Q(domestic_abuse_history=True)), n, profile.domestic_abuse_history)
    assert near(count(Q(mental_health=True)), n, profile.mental_health)
    assert near(count(Q(mental_illness=True)), n, profile.mental_illness)
    assert near(
        count(Q(accommodation__in=UNSETTLED_ACCOMMODATION)), n, profile.unsettled_accommodation
    )
    assert near(count(Q(employment="unemployed")), n, profile.unemployed)
    assert near(with_requirement("unpaid_work"), n, profile.unpaid_work)
    assert near(with_requirement("accredited_programme"), n, profile.accredited_programme)
    assert near(with_requirement("drug_rehabilitation"), n, profile.drug_rehabilitation)
    assert near(with_requirement("alcohol_treatment"), n, profile.alcohol_treatment)
    assert near(count(Q(deprivation_decile__isnull=True)), n, 0.15)
    assert near(count(Q(ethnicity="")), n, 0.23)
    recorded = people.exclude(ethnicity="")
    assert near(
        recorded.filter(ethnicity="white_british").count(), recorded.count(), profile.white_british
    )

    rows = list(people.values("ogrs3", "deprivation_decile", "previous_events"))
    ogrs = [r["ogrs3"] or 0 for r in rows]
    orders = list(Order.objects.filter(person__in=people))
    assert len(orders) == n
    start = {o.person_id: o.start_date for o in orders}
    ages = [p.age_on(start[p.pk]) for p in people.only("id", "date_of_birth")]
    deciles = [r["deprivation_decile"] for r in rows if r["deprivation_decile"]]
    # Means to the unit of their total: far tighter than the table's rounding.
    assert abs(sum(ages) - profile.mean_age * n) <= 0.5
    assert abs(sum(ogrs) - profile.mean_ogrs3 * n) <= 0.5
    assert abs(sum(deciles) - profile.mean_deprivation * len(deciles)) <= 0.5
    assert sum(r["previous_events"] for r in rows) == 10 * n
    assert sum(o.length_months for o in orders) == 11 * n
    assert all(1 <= d <= 10 for d in deciles) and all(0 < score <= 99 for score in ogrs)

    mix = Counter(o.order_type for o in orders)
    published = sum(share for _, share in profile.order_mix)  # 98%: scaled to 100%
    for kind, share in profile.order_mix:
        assert abs(mix[kind] - share / published * n) < 1, kind
    offences = Counter(p.index_offence for p in people.only("index_offence"))
    for offence, share in (("violence", 0.35), ("theft", 0.15), ("public_order", 0.12)):
        assert abs(offences[offence] - share * n) <= 1, offence
    # Low and medium risk of serious harm only, as in the pilot.
    assert set(people.values_list("risk_level", flat=True)) <= {"low", "medium"}


def test_the_intervention_group_has_the_pilots_largest_number_of_previous_events(demo):
    events = list(cohort(intervention=True).values_list("previous_events", flat=True))
    assert max(events) == 68


def test_ten_trained_case_managers_hold_the_intervention_group(demo):
    window = cohort_window(timezone.localdate())
    trained = User.objects.filter(training__course="person_centred").distinct()
    assert trained.count() == 10
    assert set(trained.values_list("team__office__name", flat=True)) == {"Hull"}
    assert trained.filter(role=Role.SENIOR_CASE_MANAGER).count() == 4
    years = [(window.first - u.started_in_role).days / 365.25 for u in trained if u.started_in_role]
    assert len(years) == 10
    assert sum(years) / 10 == pytest.approx(5.8, abs=0.01)
    for user in trained:
        courses = {t.course: t.completed_on for t in user.training.all()}
        for course in ("person_centred", "strengths_based", "three_conversations"):
            assert courses[course] < window.first
            assert courses[course].weekday() < 5
    intervention = cohort(intervention=True)
    assert set(intervention.values_list("case_manager", flat=True)) == set(
        trained.values_list("id", flat=True)
    )
    assert all(
        p is not None and window.first <= p <= window.last
        for p in intervention.values_list("programme_start", flat=True)
    )
    counterfactual = cohort(intervention=False)
    holders = User.objects.filter(id__in=counterfactual.values("case_manager"))
    assert holders.count() == 20
    assert not Training.objects.filter(user__in=holders).exists()
    assert set(holders.values_list("team__office__name", flat=True)) == {"Hull"}


def test_some_trained_case_managers_work_only_with_women(demo):
    women_only = User.objects.filter(job_title__contains="women's caseload")
    assert women_only.count() == 2
    genders = set(
        Person.objects.filter(case_manager__in=women_only).values_list("gender", flat=True)
    )
    assert genders == {"female"}


def test_every_case_manager_has_a_live_caseload(demo):
    today = timezone.localdate()
    a_year_ago = today - timedelta(days=366)
    holders = User.objects.filter(role__in=[Role.CASE_MANAGER, Role.SENIOR_CASE_MANAGER])
    assert holders.count() == 35
    live = Person.objects.filter(orders__start_date__gt=a_year_ago, orders__end_date__gt=today)
    counts = dict(
        live.values("case_manager").annotate(n=Count("id")).values_list("case_manager", "n")
    )
    assert set(counts) == set(holders.values_list("id", flat=True))
    assert all(20 <= c <= 30 for c in counts.values())
    trained = User.objects.filter(training__course="person_centred").distinct()
    assert not live.filter(case_manager__in=trained, programme_start__isnull=True).exists()
    assert not live.exclude(case_manager__in=trained).filter(programme_start__isnull=False).exists()
    beverley = Person.objects.filter(team__office__name="Beverley")
    assert beverley.count() > 100
    assert all(p.postcode == "" or p.postcode[:2] in {"HU", "YO", "DN"} for p in beverley)


def test_ended_orders_carry_a_termination_reason(demo):
    """Issue 20, item 9: a case ends with a recorded reason, who recorded it and when."""
    today = timezone.localdate()
    ended = Order.objects.filter(Q(end_date__lt=today) | Q(ended_early_on__isnull=False))
    assert ended.count() > 100
    assert not ended.filter(termination_reason="").exists()
    assert not ended.filter(Q(terminated_by__isnull=True) | Q(terminated_at__isnull=True)).exists()
    assert not ended.filter(terminated_at__date__lt=F("start_date")).exists()
    assert not ended.filter(terminated_at__gt=timezone.now()).exists()
    reasons = Counter(ended.values_list("termination_reason", flat=True))
    assert reasons["completed"] == ended.filter(ended_early_on__isnull=True).count()
    assert reasons["revoked"] > 0
    running = Order.objects.filter(end_date__gte=today, ended_early_on__isnull=True)
    assert not running.exclude(termination_reason="").exists()
    assert not ended.filter(termination_reason="other", termination_note="").exists()


def test_every_person_has_one_current_allocation_matching_their_record(demo):
    people = Person.objects.count()
    current = Allocation.objects.filter(ended_at__isnull=True)
    assert current.count() == people
    assert current.values("person").distinct().count() == people
    mismatched = current.exclude(case_manager_id=F("person__case_manager_id"))
    assert not mismatched.exists()
    assert not Person.objects.exclude(team_id=F("case_manager__team_id")).exists()
    # Earlier allocations ended when the next began, and each reallocation has a handover.
    for earlier in Allocation.objects.filter(ended_at__isnull=False).select_related("person"):
        later = Allocation.objects.get(person=earlier.person, ended_at__isnull=True)
        assert later.started_at == earlier.ended_at
        assert later.handover.written_by_id == earlier.case_manager_id
    assert Allocation.objects.filter(ended_at__isnull=False).count() > 50


def test_the_personas_exist_with_their_restricted_cases(demo):
    sheet = signins.read(demo.var / signins.FILE_NAME)
    assert sheet is not None
    users = {s.persona: User.objects.get(username=s.username) for s in sheet.sign_ins}
    trained, colleague, senior = (
        users["trained_case_manager"],
        users["colleague"],
        users["senior_case_manager"],
    )
    excluded, elsewhere = users["excluded_officer"], users["officer_elsewhere"]
    assert trained.team == colleague.team == senior.team == excluded.team
    assert senior.role == Role.SENIOR_CASE_MANAGER
    assert elsewhere.team is not None and elsewhere.team.office.name == "Beverley"
    assert users["data_protection_officer"].role == Role.DATA_PROTECTION_OFFICER
    assert users["evaluator"].role == Role.EVALUATOR
    assert users["administrator"].role == Role.ADMINISTRATOR
    assert users["programme_manager"].role == Role.PROGRAMME_MANAGER
    assert Person.objects.filter(case_manager=trained, programme_start__isnull=False).count() > 20

    assert Exclusion.objects.count() >= 2
    exclusion = Exclusion.objects.get(user=excluded)
    assert exclusion.person.team == excluded.team
    assert exclusion.person.case_manager == trained
    assert senior.get_full_name() in exclusion.message
    restriction = Restriction.objects.get()
    assert set(restriction.allowed_users.all()) == {trained, senior}
    assert restriction.message
    # The trained persona has handovers still to read.
    assert (
        Allocation.objects.filter(case_manager=trained, handover__read_at__isnull=True).count() >= 2
    )


def test_staff_can_sign_in_with_the_printed_password_and_a_device(demo):
    sheet = signins.read(demo.var / signins.FILE_NAME)
    assert sheet is not None
    assert len(sheet.password) >= 12
    assert stat.S_IMODE((demo.var / signins.FILE_NAME).stat().st_mode) == 0o600
    user = User.objects.get(username=sheet.sign_ins[0].username)
    assert user.check_password(sheet.password)
    assert TOTPDevice.objects.filter(confirmed=True).count() == User.objects.count()
    for sign_in in sheet.sign_ins:
        assert sign_in.username in demo.output
    assert sheet.password in demo.output
    assert "http://127.0.0.1:8000" in demo.output


def test_people_have_fictional_british_details(demo):
    people = list(Person.objects.all())
    assert len({p.case_reference for p in people}) == len(people)
    for person in people:
        person.full_clean(exclude=["team", "case_manager"], validate_unique=False)
        if person.phone:
            assert "07700 900000" <= person.phone <= "07700 900999"
        if person.email:
            assert person.email.endswith(("@example.com", "@example.org"))
        if person.postcode:
            postcode_validator(person.postcode)
    hull = [p for p in people if p.team.office.name == "Hull" and p.postcode]
    assert all(p.postcode.startswith("HU") for p in hull)
    assert all(u.email.endswith("@example.org") for u in User.objects.all())
    consents = Consent.objects.values("person").distinct().count()
    assert consents > 0.85 * len(people)
    assert Consent.objects.filter(purpose="share_plan").exclude(details="").exists()
    assert not Requirement.objects.filter(completed__gt=F("amount")).exists()


def test_it_records_the_load_in_the_access_log(demo):
    entry = AccessLogEntry.objects.get(operation=Operation.COLLECT, what="Demo data loaded")
    assert entry.details == {"people": Person.objects.count()}
    assert entry.actor_id is None


def test_if_empty_prints_the_sign_ins_and_loads_nothing_more(demo, monkeypatch):
    people, staff = Person.objects.count(), User.objects.count()
    out = StringIO()
    # The address printed is the one `make demo` serves (scripts/demo.sh exports it).
    monkeypatch.setenv("MYDIRECTION_DEMO_ADDRESS", "127.0.0.1:8001")
    with override_settings(VAR_DIR=demo.var):
        call_command("demo_data", "--if-empty", stdout=out, stderr=StringIO())
        with pytest.raises(CommandError, match="already holds"):
            call_command("demo_data", stdout=StringIO(), stderr=StringIO())
    assert (Person.objects.count(), User.objects.count()) == (people, staff)
    sheet = signins.read(demo.var / signins.FILE_NAME)
    assert sheet is not None
    assert sheet.password in out.getvalue()
    assert all(s.username in out.getvalue() for s in sheet.sign_ins)
    assert "Open http://127.0.0.1:8001 in a browser" in out.getvalue()
    # The person's app sign-in names the address served too.
    assert sheet.app is not None
    assert f"open http://127.0.0.1:8001/my/ and type {sheet.app.contact}" in out.getvalue()


def test_a_good_share_of_running_cases_have_a_plan_in_the_persons_words(demo):
    from mydirection.plans.models import Conversation, Goal, Plan, PlanVersion
    from mydirection.plans.selectors import plan_page

    plans = Plan.objects.count()
    assert plans > 200
    assert Goal.objects.filter(title__startswith="I want").count() == Goal.objects.count()
    assert PlanVersion.objects.count() > plans // 2
    assert Conversation.objects.filter(kind="2", emergency_worker__isnull=False).exists()
    # Every plan follows a first conversation, whichever part of the demo wrote it.
    talked = Conversation.objects.values("person")
    assert (
        list(Plan.objects.exclude(person__in=talked).values_list("person__last_name", flat=True))
        == []
    )
    page = plan_page(Plan.objects.order_by("pk")[0].person)
    assert page.goals and page.latest_conversation is not None
    version = PlanVersion.objects.all()[0]
    assert version.snapshot["goals"][0]["steps"]


def test_its_appointments_match_the_pilots_practice_figures(demo):
    """Attendance 70%; drugs or alcohol 35%, accommodation 34%, relationships 22%; tools <10%."""
    from mydirection.appointments import selectors
    from mydirection.appointments.models import Appointment, NeedDiscussed, UnpaidWorkEntry
    from mydirection.evaluation import monitoring

    def total(rows: list[dict[str, Any]], key: str) -> int:
        return sum(row[key] for row in rows)

    by = monitoring.Dimension.OFFICE
    seen, needs = monitoring.attendance(by), monitoring.needs_discussed(by)
    with_outcome, attended = total(seen, "with_outcome"), total(seen, "attended")
    assert with_outcome > 2000
    assert 0.66 <= attended / with_outcome <= 0.74
    assert 0.30 <= total(needs, "accommodation") / attended <= 0.38
    assert 0.18 <= total(needs, "relationships_community") / attended <= 0.26
    drugs_or_alcohol = (
        NeedDiscussed.objects.filter(area__in=["drug_use", "alcohol_use"])
        .values("outcome")
        .distinct()
        .count()
    )
    assert 0.31 <= drugs_or_alcohol / attended <= 0.39
    assert 0.0 < total(monitoring.tools_used(by), "with_tools") / attended < 0.10
    # A few cases wait for a decision; the case manager has overdue outcomes and a diary.
    persona = User.objects.get(username=signins_username(demo, "trained_case_manager"))
    assert 0 < len(selectors.needing_decision(persona)) < 25
    assert selectors.overdue_outcomes(persona)
    assert Appointment.objects.filter(staff=persona, starts_at__gt=timezone.now()).exists()
    # The hours ledger adds up to each requirement's total.
    for requirement in Requirement.objects.filter(requirement_type="unpaid_work", completed__gt=0)[
        :50
    ]:
        if requirement.order.person.case_manager_id:
            logged = sum(
                UnpaidWorkEntry.objects.filter(requirement=requirement).values_list(
                    "hours", flat=True
                )
            )
            assert logged == requirement.completed


def test_goals_of_the_persons_own_plan_are_discussed_at_attended_appointments(demo):
    from django.db.models import F

    from mydirection.appointments.models import ATTENDED, OutcomeGoal
    from mydirection.evaluation import monitoring as evaluation

    discussed = OutcomeGoal.objects.all()
    assert discussed.count() > 500
    assert not discussed.exclude(outcome__outcome__in=ATTENDED).exists()
    assert not discussed.exclude(goal__plan__person=F("outcome__appointment__person")).exists()
    # The monitoring page's figure: roughly half of the attended contacts worked on the plan.
    rows = evaluation.needs_discussed(evaluation.Dimension.OFFICE)
    attended = sum(row["attended"] for row in rows)
    on_the_plan = sum(row["plan_goal"] for row in rows)
    assert 0.2 <= on_the_plan / attended <= 0.8


def signins_username(demo: Loaded, persona: str) -> str:
    sheet = signins.read(demo.var / signins.FILE_NAME)
    assert sheet is not None
    return next(s.username for s in sheet.sign_ins if s.persona == persona)


def test_some_people_have_conversations_with_a_few_flagged(demo):
    from mydirection.messaging.models import PersonMessage

    messages = PersonMessage.objects.all()
    assert messages.filter(from_person=True).exists() and messages.filter(from_person=False)
    assert messages.filter(from_person=True, read_by_staff_at=None).exists()  # some unread
    assert 0 < messages.filter(flagged=True).count() < messages.count() / 10
    assert not messages.filter(from_person=False, by_user=None).exists()


def test_the_app_has_move_requests_to_answer_and_sessions_with_codes(demo):
    from mydirection.demo.portal import session_now
    from mydirection.portal.models import Attendance, MoveRequest, MoveStatus, ServiceSession

    pending = MoveRequest.objects.filter(status=MoveStatus.PENDING)
    assert pending.exists()
    # Every request is about the person's own, still arranged, future appointment.
    for move in MoveRequest.objects.select_related("appointment"):
        assert move.appointment.person_id == move.person_id
        assert move.appointment.starts_at > move.created_at
    assert MoveRequest.objects.filter(status=MoveStatus.DECLINED).exclude(note="").exists()
    # Each office has a session whose code works now (loaded outside office hours: on the
    # next working morning), and earlier ones with people.
    now = timezone.now()
    starts, ends = session_now(now)
    for office in Office.objects.all():
        sessions = ServiceSession.objects.filter(office=office)
        assert sessions.filter(starts_at=starts, ends_at=ends).exists()
        if starts <= now:
            assert sessions.filter(starts_at__lte=now, ends_at__gte=now).exists()
    registered = Attendance.objects.select_related("session", "person__case_manager__team")
    assert registered.filter(confirmed_by__isnull=False).exists()
    assert registered.filter(confirmed_by__isnull=True).exists()
    for attendance in registered:
        manager = attendance.person.case_manager
        assert manager is not None and manager.team is not None
        assert manager.team.office_id == attendance.session.office_id
        assert (
            attendance.session.starts_at <= attendance.registered_at <= attendance.session.ends_at
        )


def test_the_case_managers_outbox_has_their_caseloads_messages_and_no_one_elses(demo):
    from mydirection.notifications import selectors as outbox

    trained = User.objects.get(username=signins_username(demo, "trained_case_manager"))
    shown = outbox.outbox(trained)
    assert shown and {message.person.case_manager_id for message in shown} == {trained.pk}
    colleague = User.objects.get(username=signins_username(demo, "colleague"))
    assert {message.person.case_manager_id for message in outbox.outbox(colleague)} <= {
        colleague.pk
    }
    for persona in ("data_protection_officer", "administrator"):
        assert not outbox.outbox(User.objects.get(username=signins_username(demo, persona)))
    assert sum(row.count for row in outbox.outbox_counts()) > len(shown)


def test_the_catalogue_holds_the_pilots_interventions_and_partners(demo):
    from mydirection.interventions.models import Availability, Intervention, Kind
    from mydirection.staff.models import Organisation

    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Hull Time Bank",
        "R-Evolution",
        "Hull Women's Hub",
    }
    hull = {i.kind: i for i in Intervention.objects.filter(office__name="Hull")}
    assert set(hull) == {
        Kind.ENABLING_FUND,
        Kind.TIME_BANK,
        Kind.LIFE_LINKS,
        Kind.LIFE_COACHING,
        Kind.SMALL_GROUP,
        Kind.RECOVERY_GROUP,
        Kind.WOMENS_CENTRE,
        # Volunteering (demo.volunteering): peer mentoring, in-house.
        Kind.PEER_MENTORING,
    }
    fund, links = hull[Kind.ENABLING_FUND], hull[Kind.LIFE_LINKS]
    assert fund.provider is None and fund.availability == Availability.WITHDRAWN
    assert "eight months" in fund.availability_reason and fund.withdrawn_on is not None
    # Withdrawn in the pilot when no circle met; open again with a volunteer coordinator.
    assert links.availability == Availability.OPEN
    assert "no circle ever met" in links.availability_reason
    assert fund.withdrawn_on < timezone.localdate()
    time_bank = hull[Kind.TIME_BANK]
    assert time_bank.provider is not None and time_bank.provider.name == "Hull Time Bank"
    assert time_bank.availability in (Availability.PAUSED, Availability.WITHDRAWN)
    assert "lack of referrals" in time_bank.availability_reason
    coaching = hull[Kind.LIFE_COACHING]
    assert coaching.provider is not None and coaching.provider.name == "R-Evolution"
    assert coaching.is_open and hull[Kind.WOMENS_CENTRE].provider is not None
    assert hull[Kind.RECOVERY_GROUP].provider is None
    volunteer = User.objects.get(role=Role.VOLUNTEER)
    assert hull[Kind.SMALL_GROUP] in volunteer.interventions_helped.all()
    assert Intervention.objects.filter(office__name="Beverley").count() >= 2


def test_referrals_show_the_pilots_low_uptake_and_only_with_consent(demo):
    from mydirection.interventions.models import (
        OPEN_STATUSES,
        Availability,
        Interest,
        Reason,
        Referral,
        SessionRecord,
        Status,
        Suitability,
    )
    from mydirection.plans.models import StepActor

    decisions = Referral.objects.select_related("intervention").prefetch_related("events")
    referred = decisions.exclude(status=Status.NOT_REFERRED)
    assert 10 <= referred.count() < decisions.count() <= 60  # few, and many not referred
    # Only people who agreed to share their details, by the day of the decision.
    for referral in referred:
        assert referral.consent_given_on == timezone.localtime(referral.decided_at).date()
        assert Consent.objects.filter(
            person=referral.person_id,
            purpose="partner_referral",
            given_on__lte=referral.consent_given_on,
            withdrawn_on__isnull=True,
        ).exists()
    assert not decisions.filter(status=Status.NOT_REFERRED, consent_given_on__isnull=False)
    # Risk the commonest reason not to refer, then timing in the sentence.
    reasons = Counter(
        decisions.exclude(suitability=Suitability.SUITABLE).values_list("reason", flat=True)
    )
    assert reasons.most_common(2) == [
        (Reason.RISK, reasons[Reason.RISK]),
        (Reason.TIMING, reasons[Reason.TIMING]),
    ]
    assert reasons[Reason.RISK] > reasons[Reason.TIMING] > 0
    assert decisions.filter(suitability=Suitability.NOT_NOW).exists()
    statuses = Counter(referred.values_list("status", flat=True))
    for status in (Status.COMPLETED, Status.ENDED_EARLY, Status.STARTED, Status.SENT):
        assert statuses[status] >= 1, status
    assert SessionRecord.objects.filter(referral__status=Status.STARTED).exists()
    assert SessionRecord.objects.filter(attended=False).exists()
    # Some referrals are for plan steps the Time Bank or a life coach will do.
    stepped = set(referred.filter(step__isnull=False).values_list("step__actor", flat=True))
    assert stepped == {StepActor.TIME_BANK, StepActor.LIFE_COACH}
    # Each history starts with the decision and ends at the referral's status.
    for referral in decisions:
        history = [event.status for event in referral.events.all()]
        assert history[0] in (Status.SENT, Status.NOT_REFERRED)
        assert history[-1] == referral.status
    # Withdrawn interventions kept no open referral.
    assert not referred.filter(
        intervention__availability=Availability.WITHDRAWN, status__in=OPEN_STATUSES
    ).exists()
    unanswered = Interest.objects.filter(answered_at__isnull=True)
    assert unanswered.count() == 2
    persona = User.objects.get(username=signins_username(demo, "trained_case_manager"))
    assert {i.person.case_manager_id for i in unanswered} == {persona.pk}
    assert Interest.objects.filter(referral__isnull=False, answered_at__isnull=False).exists()
    # The monitoring page counts them: the risk count is there to challenge.
    from mydirection.evaluation import monitoring as evaluation

    rows = evaluation.suitability_decisions(evaluation.Dimension.OFFICE)
    assert (
        sum(row["not_suitable_risk"] + row["not_now_risk"] for row in rows) == reasons[Reason.RISK]
    )
    journeys = evaluation.referral_journeys(evaluation.Dimension.INTERVENTION)
    assert sum(row["completed"] for row in journeys) == statuses[Status.COMPLETED]


def test_the_partner_worker_and_the_volunteer_can_sign_in_and_see_their_referrals(demo):
    from mydirection.access.policy import partner_referrals, volunteer_referrals

    sheet = signins.read(demo.var / signins.FILE_NAME)
    assert sheet is not None
    partner = User.objects.get(username=signins_username(demo, "partner_worker"))
    volunteer = User.objects.get(username=signins_username(demo, "volunteer"))
    assert partner.role == Role.PARTNER_WORKER and volunteer.role == Role.VOLUNTEER
    assert partner.organisation is not None and partner.organisation.name == "Hull Time Bank"
    for user in (partner, volunteer):
        assert user.check_password(sheet.password)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert user.username in demo.output
    shown = partner_referrals(partner)
    assert shown.exists()
    assert set(shown.values_list("intervention__provider__name", flat=True)) == {"Hull Time Bank"}
    assert volunteer_referrals(volunteer).exists()


def test_the_enabling_fund_has_the_pilots_pot_closed_and_a_pot_now(demo):
    from mydirection.fund import reports
    from mydirection.fund.models import Fund, Level, Request, Status
    from mydirection.fund.selectors import fund_for, waiting_for
    from mydirection.interventions.models import Intervention, Kind

    pilot = Fund.objects.get(office__name="Hull", closed_on__isnull=False)
    figures = reports.report(reports.Scope(fund=pilot))
    overall = figures.overall
    assert (overall.uses, overall.people, overall.total, overall.largest) == (10, 9, 45_340, 8_400)
    assert [row.label for row in figures.by[reports.By.CATEGORY]][:3] == [
        "Accommodation",
        "Food",
        "Clothing",
    ]
    assert figures.money.cut > 0 and figures.statuses.declined_fund_closed == 1
    # Closed the day the catalogue's Enabling Fund was withdrawn; its work boots and driving
    # licence are the pilot's referrals to the fund, for the same people.
    withdrawn = Intervention.objects.get(office__name="Hull", kind=Kind.ENABLING_FUND)
    assert pilot.closed_on == withdrawn.withdrawn_on
    for start in ("Work boots", "The fee for a provisional"):
        referral = withdrawn.referrals.get(note_for_provider__startswith=start)
        assert Request.objects.filter(fund=pilot, person=referral.person, status=Status.PAID)

    now = Fund.objects.get(office__name="Hull", closed_on__isnull=True)
    trained = User.objects.get(username=signins_username(demo, "trained_case_manager"))
    senior = User.objects.get(username=signins_username(demo, "senior_case_manager"))
    boots = waiting_for(trained).get()
    assert (boots.fund, boots.amount, boots.asked_by_person) == (now, 3500, True)
    assert fund_for(boots.person) == now
    deposit = waiting_for(senior).get()
    assert (deposit.amount, deposit.level) == (12_000, Level.SENIOR)
    assert set(now.requests.values_list("status", flat=True)) == set(Status)
    assert reports.spending(reports.Scope(fund=now)).overdue == 1
    assert "Enabling Fund: Hull's pilot pot, closed (10 uses, £453.40)" in demo.output


def test_a_person_on_probation_signs_in_to_the_app_with_the_printed_sign_in(demo):
    """`make demo` prints a sign-in for the app too (issue 20, item 11): a person on the
    trained case manager's caseload, with a plan, appointments and a Time Bank membership,
    already invited with a PIN set; in the demo the code page shows the code."""
    from django.test import Client
    from django.urls import reverse

    from mydirection.notifications.models import Message, Purpose
    from mydirection.notifications.models import Status as MessageStatus
    from mydirection.portal.models import AccountStatus, Invitation, PortalAccount
    from mydirection.portal.services import accounts

    sheet = signins.read(demo.var / signins.FILE_NAME)
    assert sheet is not None and sheet.app is not None
    app = sheet.app
    assert re.fullmatch(r"\d{6}", app.pin)
    assert (
        f"open http://127.0.0.1:8000/my/ and type {app.contact}, then the code the demo shows "
        f"and the PIN {app.pin}" in demo.output
    )
    account = PortalAccount.objects.select_related("person__case_manager").get(
        status=AccountStatus.ACTIVE
    )
    person = account.person
    trained = User.objects.get(username=signins_username(demo, "trained_case_manager"))
    assert person.case_manager == trained and app.case_manager == trained.display_name
    assert app.name == person.full_name and app.contact in (person.phone, person.email)
    assert hasattr(person, "plan") and hasattr(person, "time_bank_member")
    assert person.appointments.filter(starts_at__gt=timezone.now()).exists()
    assert not accounts.pin_problem(app.pin, person)
    # Invited and set up through the app's services, in office hours; the link used.
    invitation = Invitation.objects.get(person=person)
    assert invitation.used_at is not None
    assert 9 <= timezone.localtime(invitation.created_at).hour < 17
    invited = Message.objects.get(person=person, purpose=Purpose.PORTAL_INVITATION)
    assert invited.status == MessageStatus.DELIVERED
    assert "/my/enrol/" in invited.personalisation["link"]

    client = Client()
    with override_settings(DEMO_MODE=True):
        client.post(reverse("portal:sign-in"), {"contact": app.contact})
        page = client.get(reverse("portal:code")).content.decode()
        shown = re.search(r'data-testid="demo-code">(\d{6})<', page)
        assert shown is not None
        response = client.post(reverse("portal:code"), {"code": shown[1], "pin": app.pin})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert f"Hello {person.known_as}" in client.get(reverse("portal:home")).content.decode()
