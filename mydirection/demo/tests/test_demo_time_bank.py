"""The demo's living Hull Time Bank: members of each kind, people on probation with
conditions, listings across skills, exchanges over the last months through the services (a
group painting session among them), a few waiting for confirmation; and a community member's
demo sign-in."""

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from mydirection.demo import signins
from mydirection.interventions.models import Availability, Intervention, Kind
from mydirection.interventions.selectors import availability_today
from mydirection.staff.models import Role, User
from mydirection.testing import sign_in
from mydirection.timebank import selectors
from mydirection.timebank.models import (
    Exchange,
    ExchangeStatus,
    Listing,
    Member,
    MemberKind,
    Posting,
    TimeBank,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Path]:
    var = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var), transaction.atomic():
        call_command("demo_data", stdout=StringIO(), stderr=StringIO())
        yield var
        transaction.set_rollback(True)


def test_the_hull_time_bank_is_alive(demo: Path) -> None:
    bank = TimeBank.objects.get()
    assert bank.organisation.name == "Hull Time Bank"
    members = list(selectors.members(bank))
    assert 10 <= len(members) <= 20
    kinds = Counter(m.kind for m in members)
    assert kinds[MemberKind.COMMUNITY] >= 5 and kinds[MemberKind.VOLUNTEER] >= 1
    referred = [m for m in members if m.kind == MemberKind.REFERRED]
    assert 2 <= len(referred) <= 3 and all(m.person_id and m.referral_id for m in referred)
    assert sum(1 for m in referred if m.conditions) >= 2
    assert all(m.balance >= bank.hard_floor for m in members)  # type: ignore[attr-defined]
    assert Posting.objects.aggregate(total=Sum("minutes"))["total"] == 0
    assert len(set(Listing.objects.values_list("skill", flat=True))) >= 8
    statuses = Counter(Exchange.objects.values_list("status", flat=True))
    assert statuses[ExchangeStatus.CONFIRMED] >= 15
    assert statuses[ExchangeStatus.ACCEPTED] + statuses[ExchangeStatus.DONE] >= 2
    painting = Exchange.objects.filter(
        is_group=True, skill="decorating", status=ExchangeStatus.CONFIRMED
    )
    assert painting.exists() and painting.first().parties.count() >= 3  # type: ignore[union-attr]
    assert Exchange.objects.filter(happens_on__lt=timezone.localdate() - timedelta(days=90))
    # The conditions come from the referrals, never with the reasons.
    for member in referred:
        assert member.referral is not None
        assert sorted(member.conditions) == sorted(member.referral.conditions)


def test_the_time_bank_is_open_again_with_its_history(demo: Path) -> None:
    time_bank = Intervention.objects.get(kind=Kind.TIME_BANK, office__name="Hull")
    assert availability_today(time_bank) == Availability.OPEN
    assert "lack of referrals" in time_bank.availability_reason


def test_the_coordinator_and_the_community_member_sign_in(demo: Path) -> None:
    sheet = signins.read(demo / signins.FILE_NAME)
    assert sheet is not None
    users = {s.persona: User.objects.get(username=s.username) for s in sheet.sign_ins}
    community = users["community_member"]
    assert community.role == Role.TIME_BANK_MEMBER
    assert Member.objects.get(user=community).kind == MemberKind.COMMUNITY
    client = sign_in(Client(), community)
    assert client.get(reverse("start"))["Location"] == reverse("timebank:listings")
    page = client.get(reverse("timebank:me")).content.decode()
    assert "probation" not in page.lower()
    coordinator = sign_in(Client(), users["partner_worker"])
    assert coordinator.get(reverse("start"))["Location"] == reverse("timebank:home")
    home = coordinator.get(reverse("timebank:home"))
    assert home.context["to_record"] and home.context["flagged"]
