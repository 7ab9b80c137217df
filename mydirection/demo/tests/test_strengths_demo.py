"""The demo's assessments and person-centred tools: a good share of people, valid records."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mydirection.assessment.models import AreaAnswer, Motivation
from mydirection.people.models import Person
from mydirection.person_centred.models import SaidBy, Statement, ToolRecord
from mydirection.person_centred.tools import SPECS
from mydirection.practice import Area, Tool
from mydirection.testing import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_has_assessments_and_profiles_for_a_good_share_of_people() -> None:
    call_command("demo_data", stdout=StringIO(), stderr=StringIO())
    running = Person.objects.filter(programme_start__isnull=False).count()
    assessed = AreaAnswer.objects.values("person").distinct().count()
    profiled = (
        ToolRecord.objects.filter(tool=Tool.ONE_PAGE_PROFILE).values("person").distinct().count()
    )
    assert assessed >= running and assessed > 0.2 * Person.objects.count()
    assert profiled > 0.6 * assessed
    # Every assessed person has all eight areas, and versions are numbered from 1.
    per_person = AreaAnswer.objects.filter(number=1).values("person").distinct().count()
    assert AreaAnswer.objects.filter(number=1).count() == per_person * len(Area)
    assert AreaAnswer.objects.filter(number=2).exists()
    assert AreaAnswer.objects.filter(motivation=Motivation.NOT_APPLICABLE).exists()
    # Statements are in their tool's sections, mostly in the person's own words.
    for record in ToolRecord.objects.prefetch_related("statements")[:200]:
        keys = {s.key for s in SPECS[Tool(record.tool)].sections}
        assert {s.section for s in record.statements.all()} <= keys
    own = Statement.objects.filter(said_by=SaidBy.PERSON).count()
    assert own > 0.7 * Statement.objects.count()
    assert ToolRecord.objects.filter(tool=Tool.RELATIONSHIP_CIRCLE, number=2).exists()


def test_the_demo_s_pages_open_for_the_case_manager() -> None:
    call_command("demo_data", stdout=StringIO(), stderr=StringIO())
    circle = ToolRecord.objects.filter(tool=Tool.RELATIONSHIP_CIRCLE, number=2).first()
    assert circle is not None
    person = circle.person
    assert person.case_manager is not None
    client = sign_in(Client(), person.case_manager)
    pages = [
        reverse("assessment:summary", args=[person.pk]),
        reverse("assessment:history", args=[person.pk]),
        reverse("person_centred:index", args=[person.pk]),
        reverse("person_centred:tool", args=[person.pk, "relationship-circle"]),
        reverse("person_centred:version", args=[person.pk, "relationship-circle", 2]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
