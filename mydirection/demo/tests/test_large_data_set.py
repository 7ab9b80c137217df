"""``demo-data --people N``: a large data set with the pilot's distributions, for benchmarks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from mydirection.access.models import AccessLogEntry, Exclusion, Restriction
from mydirection.caseload.models import Allocation
from mydirection.demo import signins
from mydirection.people.models import Consent, Order, Person
from mydirection.staff.models import Office, Role, Team, User

pytestmark = pytest.mark.django_db


def load(tmp_path, settings, *args: str) -> tuple[str, str]:
    settings.VAR_DIR = tmp_path
    out, err = StringIO(), StringIO()
    call_command("demo_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot() -> list[tuple[object, ...]]:
    return list(
        Person.objects.order_by("case_reference").values_list(
            "id",
            "case_reference",
            "first_name",
            "last_name",
            "date_of_birth",
            "gender",
            "ogrs3",
            "postcode",
            "case_manager__username",
        )
    )


def wipe() -> None:
    Person.objects.all().delete()  # with their orders, allocations, consents and restrictions
    User.objects.all().delete()
    Team.objects.all().delete()
    Office.objects.all().delete()


def test_it_builds_a_data_set_of_the_size_asked_for(tmp_path, settings):
    out, err = load(tmp_path, settings, "--people", "500", "--seed", "3")
    assert Person.objects.count() == 500
    assert Order.objects.count() == 500
    assert "100%" in err and "500 of 500" in err  # the progress bar
    assert "Loaded 500 people" in out and "http://127.0.0.1:8000" in out
    assert Allocation.objects.filter(ended_at__isnull=True).count() == 500
    assert (
        not Allocation.objects.filter(ended_at__isnull=True)
        .exclude(case_manager_id=F("person__case_manager_id"))
        .exists()
    )
    assert Exclusion.objects.count() == 2 and Restriction.objects.count() == 1
    assert Consent.objects.exists()
    assert AccessLogEntry.objects.filter(what="Demo data loaded", details={"people": 500}).exists()

    people = Person.objects.all()
    male = people.filter(gender="male").count() / 500
    programme = people.filter(programme_start__isnull=False).count()
    assert 0.1 < programme / 500 < 0.5
    # Between the intervention group's 65% and the counterfactual group's 79%.
    assert 0.65 <= male <= 0.79
    recorded = people.exclude(ethnicity="")
    assert 0.88 <= recorded.filter(ethnicity="white_british").count() / recorded.count() <= 0.94
    assert 0.14 <= people.filter(deprivation_decile__isnull=True).count() / 500 <= 0.16
    assert 0.22 <= people.filter(ethnicity="").count() / 500 <= 0.24
    ogrs = [p.ogrs3 or 0 for p in people]
    assert 40 <= sum(ogrs) / 500 <= 45
    loads = people.values("case_manager").annotate(n=Count("id")).values_list("n", flat=True)
    assert max(loads) - min(loads) <= 1  # evenly spread


def test_it_scales_offices_teams_and_case_managers(tmp_path, settings):
    load(tmp_path, settings, "--people", "2000", "--seed", "1")
    holders = User.objects.filter(role__in=[Role.CASE_MANAGER, Role.SENIOR_CASE_MANAGER])
    # About 40 people each: the demo's 35 case managers and two more teams of eight.
    assert holders.count() == 51
    assert Office.objects.count() > 2
    assert set(Team.objects.annotate(n=Count("members")).values_list("n", flat=True)) >= {8}


def test_the_same_seed_gives_the_same_data(tmp_path, settings):
    load(tmp_path, settings, "--people", "300", "--seed", "9")
    first = snapshot()
    password = signins.read(tmp_path / signins.FILE_NAME)
    wipe()
    load(tmp_path, settings, "--people", "300", "--seed", "9")
    assert snapshot() == first
    # A rebuilt demo keeps the password people have already noted.
    assert signins.read(tmp_path / signins.FILE_NAME) == password
    wipe()
    load(tmp_path, settings, "--people", "300", "--seed", "10")
    assert snapshot() != first


def test_it_refuses_a_tiny_data_set(tmp_path, settings):
    with pytest.raises(CommandError, match="at least"):
        load(tmp_path, settings, "--people", "10")


def test_it_never_loads_into_production(tmp_path, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        load(tmp_path, settings)
    assert not Person.objects.exists()
