"""Need-to-know: 404 outside the team, exclusion messages, justification, redacted search."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_an_officer_elsewhere_gets_404(world: World) -> None:
    client = sign_in(Client(), world.elsewhere)
    response = client.get(reverse("people:overview", args=[world.person.pk]))
    assert response.status_code == 404
    # The same answer as for a person who does not exist.
    missing = client.get(reverse("people:overview", args=["00000000-0000-4000-8000-000000000000"]))
    assert missing.status_code == 404
    assert _masked(response.content) == _masked(missing.content)


def _masked(page: bytes) -> str:
    """The page without what differs on every response (nonces, CSRF tokens)."""
    page_text = re.sub(r'(nonce|value)="[^"]*"', r'\1=""', page.decode())
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", page_text)


def test_an_excluded_officer_sees_the_exclusion_message(world: World) -> None:
    client = sign_in(Client(), world.excluded)
    response = client.get(reverse("people:overview", args=[world.excluded_from_person.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "excluded from this case because of a conflict of interest" in page
    assert world.excluded_from_person.last_name not in page
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.operation, entry.subject_id) == (Operation.DENY, world.excluded_from_person.pk)


def test_a_colleague_gives_a_reason_first_and_it_is_logged(world: World) -> None:
    client = sign_in(Client(), world.colleague)
    url = reverse("people:overview", args=[world.person.pk])
    response = client.get(url)
    assert response.status_code == 302
    justify = response["Location"]
    assert justify.startswith(reverse("access:justify", args=[world.person.pk]))
    page = client.get(justify).content.decode()
    assert world.person.last_name not in page  # nothing of the record before the reason

    response = client.post(justify, {"reason": "other", "details": ""})
    assert "Enter why you need to open this record" in response.content.decode()
    response = client.post(justify, {"reason": "cover", "next": url})
    assert response["Location"] == url
    assert client.get(url).status_code == 200
    entry = AccessLogEntry.objects.latest("id")
    assert entry.relation == "team"
    assert entry.justification == "I am covering for the case manager"


def test_search_redacts_restricted_cases(world: World) -> None:
    client = sign_in(Client(), world.colleague)
    person = world.restricted_person
    page = client.get(reverse("caseload:search"), {"q": person.case_reference}).content.decode()
    assert "Restricted access" in page
    assert person.last_name not in page
    assert reverse("people:overview", args=[person.pk]) not in page


def test_search_never_finds_people_in_other_teams(world: World) -> None:
    client = sign_in(Client(), world.cm)
    page = client.get(
        reverse("caseload:search"), {"q": world.other_person.case_reference}
    ).content.decode()
    assert "0 results" in page


def test_the_caseload_shows_only_my_people(world: World) -> None:
    client = sign_in(Client(), world.cm)
    page = client.get(reverse("caseload:home")).content.decode()
    assert world.person.last_name in page
    assert world.excluded_from_person.last_name not in page  # the colleague's case
    assert world.other_person.last_name not in page


def test_the_data_protection_officer_sees_who_accessed_a_record_and_why(world: World) -> None:
    colleague = sign_in(Client(), world.colleague)
    justify = reverse("access:justify", args=[world.person.pk])
    colleague.post(justify, {"reason": "duty"})
    colleague.get(reverse("people:details", args=[world.person.pk]))

    dpo = sign_in(Client(), world.dpo)
    response = dpo.post(
        reverse("access:log-search"),
        {"case_reference": world.person.case_reference.lower(), "justification": "Complaint"},
    )
    assert response["Location"] == reverse("access:person-log", args=[world.person.pk])
    page = dpo.get(response["Location"]).content.decode()
    assert world.colleague.display_name in page
    assert "I am the duty officer" in page
    assert "Personal details" in page
    # The officer's own look is in the log, with their reason.
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.actor_id, entry.what, entry.justification) == (
        world.dpo.pk,
        "Access log",
        "Complaint",
    )


def test_a_long_query_wraps_and_counts_read_properly(world: World) -> None:
    """Issue 20, item 10: "1 result", and a long query breaks instead of overflowing."""
    client = sign_in(Client(), world.cm)
    page = client.get(reverse("caseload:search"), {"q": "x" * 300}).content.decode()
    assert "0 results" in page and "govuk-!-text-break-word" in page
    found = client.get(reverse("caseload:search"), {"q": world.person.last_name}).content
    assert b"1 result<" in found


def test_the_team_page_tags_every_case_with_a_rule_and_filters_them(world: World) -> None:
    """A case with an exclusion or a restriction in force is tagged "Restricted", whoever the
    rule bars, and the "Restricted" filter lists exactly those cases."""
    client = sign_in(Client(), world.senior)
    url = reverse("caseload:team")
    page = client.get(url).content.decode()
    tagged = [row for row in page.split("<tr") if "Restricted</strong>" in row]
    assert len(tagged) == 2
    assert any(world.restricted_person.last_name in row for row in tagged)
    assert any(world.excluded_from_person.last_name in row for row in tagged)
    restricted = client.get(url, {"flag": "restricted"}).content.decode()
    assert world.restricted_person.last_name in restricted
    assert world.excluded_from_person.last_name in restricted
    assert world.person.last_name not in restricted
    assert world.unallocated_person.last_name not in restricted
