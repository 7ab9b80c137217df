"""The API: tokens, scopes, the access policy and the access log, paging and the rate limit."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.api.models import ApiToken, Scope
from mydirection.api.testing import a_token, call
from mydirection.appointments.testing import AppointmentFactory, local
from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.plans.testing import a_plan
from mydirection.testing import PersonFactory, World, allocate, sign_in


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def url(name: str, world: World) -> str:
    if name == "people":
        return reverse("api:people")
    return reverse(f"api:{name}", args=[world.person.pk])


# --- tokens ------------------------------------------------------------------------------


def test_only_the_hash_is_kept(world: World) -> None:
    token, secret = a_token(world.cm)
    assert secret.startswith(f"mdt_{token.prefix}_")
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert all(secret not in str(value) for value in stored.values())
    assert call(secret, url("people", world)).status_code == 200


@pytest.mark.parametrize("how", ["expired", "revoked", "unknown", "switched_off", "wrong"])
def test_a_token_that_does_not_work_is_401(world: World, how: str) -> None:
    token, secret = a_token(world.cm)
    if how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    elif how == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif how == "unknown":
        ApiToken.objects.filter(pk=token.pk).delete()
    elif how == "switched_off":
        world.cm.is_active = False
        world.cm.save()
    elif how == "wrong":
        secret = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    before = AccessLogEntry.objects.count()
    for name in ("people", "person", "plan", "appointments", "referrals"):
        response = call(secret, url(name, world))
        assert response.status_code == 401, name
        assert response.json() == {"detail": "A valid token is needed: unknown, expired or revoked"}
    assert AccessLogEntry.objects.count() == before


def test_a_token_lasts_90_days_at_most_and_only_for_those_who_may_use_the_api(
    world: World,
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="90 days"):
        a_token(world.cm, days=91)
    for persona in ("partner", "volunteer", "dpo", "administrator", "evaluator"):
        with pytest.raises(ValidationError, match="may not use the API"):
            a_token(world.personas()[persona])
    assert not ApiToken.objects.exists()


def test_a_missing_scope_is_403_and_reads_nothing(world: World) -> None:
    _token, secret = a_token(world.cm, scopes=[Scope.READ_PEOPLE])
    before = AccessLogEntry.objects.count()
    for name, scope in (
        ("plan", "read plans"),
        ("appointments", "read appointments"),
        ("referrals", "read referrals"),
    ):
        response = call(secret, url(name, world))
        assert response.status_code == 403, name
        assert response.json()["detail"].startswith(f"This token may not {scope}")
    assert AccessLogEntry.objects.count() == before
    assert call(secret, url("person", world)).status_code == 200


# --- the access policy and the access log --------------------------------------------------


def test_another_caseloads_person_is_404_and_a_restricted_one_403(world: World) -> None:
    _token, elsewhere = a_token(world.elsewhere)
    assert call(elsewhere, url("person", world)).status_code == 404
    listed = call(elsewhere, url("people", world)).json()["items"]
    assert str(world.person.pk) not in {p["id"] for p in listed}
    _token, senior = a_token(world.senior)
    restricted = reverse("api:person", args=[world.excluded_from_person.pk])
    assert call(senior, restricted).status_code == 200
    _token, excluded = a_token(world.excluded)
    response = call(excluded, restricted)
    assert response.status_code == 403
    assert "conflict of interest" in response.json()["detail"]
    assert "next door" not in response.content.decode()  # never the reason
    # The refusal is logged, as on the pages.
    denied = AccessLogEntry.objects.get(operation=Operation.DENY, actor_id=world.excluded.pk)
    assert denied.subject_id == world.excluded_from_person.pk
    assert denied.what == "API: person"


def test_a_colleague_cannot_give_a_reason_through_the_api(world: World) -> None:
    _token, secret = a_token(world.colleague)
    response = call(secret, url("plan", world))
    assert response.status_code == 403
    assert "give one" in response.json()["detail"]
    # Nor do they see the person in their list: they may not open the record without one.
    listed = call(secret, url("people", world)).json()["items"]
    assert str(world.person.pk) not in {p["id"] for p in listed}


def test_each_read_of_a_person_is_a_consultation_naming_the_token(world: World) -> None:
    a_plan(world.person, world.cm)
    _token, secret = a_token(world.cm, name="Court reports")
    for name, what in (
        ("person", "API: person"),
        ("plan", "API: plan"),
        ("appointments", "API: appointments"),
        ("referrals", "API: referrals"),
    ):
        last = AccessLogEntry.objects.order_by("-id").first()
        assert call(secret, url(name, world)).status_code == 200
        entry = AccessLogEntry.objects.order_by("-id").first()
        assert entry is not None and entry != last
        assert (entry.operation, entry.what, entry.subject_id) == (
            Operation.CONSULT,
            what,
            world.person.pk,
        )
        assert (entry.actor_id, entry.relation) == (world.cm.pk, "case_manager")
        assert entry.details["token"] == "Court reports"


def test_the_list_logs_each_person_returned_and_nobody_else(world: World) -> None:
    _token, secret = a_token(world.cm)
    first = call(secret, url("people", world), limit=1).json()
    assert first["count"] == 2  # the person and the restricted person (cm is allowed)
    logged = AccessLogEntry.objects.filter(what="API: people")
    assert [str(e.subject_id) for e in logged] == [p["id"] for p in first["items"]]
    assert set(logged.values_list("relation", flat=True)) == {"case_manager"}


def test_the_list_says_a_case_is_restricted_never_why(world: World) -> None:
    _token, secret = a_token(world.cm)
    people = {p["id"]: p for p in call(secret, url("people", world)).json()["items"]}
    restricted = people[str(world.restricted_person.pk)]
    assert restricted["restricted"] is True
    assert people[str(world.person.pk)]["restricted"] is False
    assert "knows the person" not in str(people)


# --- paging, filters and the rate limit ----------------------------------------------------


def test_paging_and_the_case_reference_filter(world: World) -> None:
    for _ in range(3):
        allocate(PersonFactory.create(team=world.team_a), world.cm)
    _token, secret = a_token(world.cm)
    everyone = call(secret, url("people", world), limit=100).json()
    assert everyone["count"] == 5 and len(everyone["items"]) == 5
    page = call(secret, url("people", world), limit=2, offset=2).json()
    assert page["count"] == 5
    assert page["items"] == everyone["items"][2:4]
    assert call(secret, url("people", world), limit=101).status_code == 422
    assert call(secret, url("people", world), limit=0).status_code == 422
    one = call(secret, url("people", world), case_reference=world.person.case_reference).json()
    assert [p["id"] for p in one["items"]] == [str(world.person.pk)]


def test_the_list_costs_the_same_however_many_people(world: World) -> None:
    _token, secret = a_token(world.cm)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert call(secret, url("people", world)).status_code == 200
        return len(captured)

    queries()  # the token's first use notes when it was used (one more query, once a minute)
    few = queries()
    for _ in range(5):
        allocate(PersonFactory.create(team=world.team_a), world.cm)
    assert queries() == few


def test_appointments_between_two_days_soonest_first(world: World) -> None:
    for days in (-10, -1, 3, 20):
        AppointmentFactory.create(person=world.person, staff=world.cm, starts_at=local(days))
    _token, secret = a_token(world.cm)
    today = timezone.localdate()
    answer = call(
        secret,
        url("appointments", world),
        since=(today - timedelta(days=2)).isoformat(),
        until=(today + timedelta(days=3)).isoformat(),
    ).json()
    assert answer["count"] == 2
    starts = [item["starts_at"] for item in answer["items"]]
    assert starts == sorted(starts)
    assert set(answer["items"][0]) == {
        "id",
        "starts_at",
        "duration_minutes",
        "appointment_type",
        "format",
        "place",
        "location",
        "status",
        "outcome",
        "sensitive",
    }


def test_referrals_leave_out_notes_and_reasons(world: World) -> None:
    intervention = an_intervention(world.hull)
    a_referral(world.person, intervention, world.cm)
    _token, secret = a_token(world.cm)
    answer = call(secret, url("referrals", world)).json()
    assert answer["count"] == 1
    assert "gardening" not in str(answer)  # the note for the provider
    assert answer["items"][0]["intervention"] == intervention.name


def test_each_token_has_its_own_rate_limit(world: World, settings: object) -> None:
    settings.API_RATE_LIMIT = "3/min"  # type: ignore[attr-defined]
    _token, secret = a_token(world.cm)
    _token, other = a_token(world.cm, name="Another system")
    for _ in range(3):
        assert call(secret, url("people", world)).status_code == 200
    refused = call(secret, url("people", world))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert call(other, url("people", world)).status_code == 200


# --- the staff page and the command --------------------------------------------------------


def test_the_header_links_to_the_tokens_page_for_those_who_may_use_the_api(
    world: World,
) -> None:
    page = reverse("api-tokens:list")
    link = f'href="{page}">API tokens</a>'
    assert link in sign_in(Client(), world.cm).get(reverse("caseload:home")).content.decode()
    evaluation = sign_in(Client(), world.programme_manager).get(reverse("evaluation:home"))
    assert evaluation.status_code == 200
    assert link not in evaluation.content.decode()


def test_a_token_made_on_the_page_is_shown_once(world: World) -> None:
    client = sign_in(Client(), world.cm)
    page = reverse("api-tokens:list")
    response = client.post(
        page, {"name": "Court system", "scopes": ["read:people"], "days": "30"}, follow=True
    )
    assert response.status_code == 200
    secret = response.context["new"]["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.owner, token.scopes, token.name) == (world.cm, ["read:people"], "Court system")
    assert token.expires_at - timezone.now() > timedelta(days=29)
    again = client.get(page).content.decode()
    assert secret not in again and f"mdt_{token.prefix}" in again
    assert call(secret, url("people", world)).status_code == 200


def test_the_form_refuses_what_is_missing_and_saves_nothing(world: World) -> None:
    client = sign_in(Client(), world.cm)
    response = client.post(reverse("api-tokens:list"), {"days": "365"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["Enter what the token is for"]
    assert errors["scopes"] == ["Select what the token may read"]
    assert "days" in errors
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_and_only_the_owner_may(world: World) -> None:
    token, secret = a_token(world.cm)
    revoke = reverse("api-tokens:revoke", args=[token.pk])
    assert sign_in(Client(), world.colleague).post(revoke).status_code == 404
    assert call(secret, url("people", world)).status_code == 200
    assert sign_in(Client(), world.cm).post(revoke).status_code == 302
    assert call(secret, url("people", world)).status_code == 401


def test_the_command_makes_a_token_for_a_service_account(world: World) -> None:
    out = StringIO()
    call_command(
        "create_api_token",
        "--user",
        world.senior.username,
        "--name",
        "nDelius bridge",
        "--scope",
        "read:people",
        "--scope",
        "read:appointments",
        stdout=out,
    )
    secret = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.scopes == ["read:people", "read:appointments"]
    assert token.created_by is None
    assert token.expires_at - timezone.now() > timedelta(days=89)
    assert call(secret, url("people", world)).status_code == 200
    with pytest.raises(CommandError, match="may not use the API"):
        call_command(
            "create_api_token",
            "--user",
            world.partner.username,
            "--name",
            "x",
            "--scope",
            "read:people",
            stdout=StringIO(),
        )
