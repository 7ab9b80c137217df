"""Money for your plan, in the app: the person asks for money for a goal, follows each
request in plain words (a decline's reason in full), cancels one still waiting, and sends a
photo of a receipt, stored without where it was taken. Bad input is refused next to its
field and saves nothing; another person's requests are 404; with no pot open there is
nothing to ask."""

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mydirection.access.models import AccessLogEntry, Operation
from mydirection.fund.models import Fund, Level, PaymentMethod, Request, Status
from mydirection.fund.services.requests import approve, decline, pay
from mydirection.fund.testing import a_fund, a_provider, a_request
from mydirection.plans.models import Goal
from mydirection.plans.testing import a_goal
from mydirection.portal.reading_age import measure, text_of
from mydirection.portal.testing import portal_sign_in
from mydirection.practice import Area
from mydirection.testing import World, acting, page_queries
from mydirection.uploads.models import StoredFile
from mydirection.uploads.testing import a_photo, uploaded

pytestmark = pytest.mark.django_db

BOOTS = "Work boots for my new job on the building site"


@pytest.fixture
def fund(world: World) -> Fund:
    """Hull's pot: £1,000, case manager up to £50, senior up to £150, £150 a person; one shop,
    Hull Workwear."""
    return a_fund(world.hull, world.programme_manager)


@pytest.fixture
def goal(world: World) -> Goal:
    return a_goal(
        world.person, world.cm, "Get a job on a building site", area=Area.EMPLOYMENT_EDUCATION
    )


def _app(world: World) -> Client:
    return portal_sign_in(Client(), world.person)


def _page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (name, response.status_code)
    return str(response.content.decode())


def _asking(fund: Fund, mine: Goal, **changes: Any) -> dict[str, Any]:
    return {
        "goal": str(mine.pk),
        "what_for": BOOTS,
        "amount": "35",
        "category": "work_equipment",
        "provider": str(a_provider(fund).pk),
    } | changes


def _error_of(page: str, field: str) -> str:
    """The error message shown next to ``field`` (empty if none)."""
    found = re.search(
        rf'<p class="govuk-error-message" id="id_{field}_error">(.*?)</p>', page, re.S
    )
    return re.sub(r"<[^>]+>", "", found.group(1)).replace("Error:", "").strip() if found else ""


# Asking -----------------------------------------------------------------------------------


def test_the_person_asks_for_35_pounds_for_work_boots(world: World, fund: Fund, goal: Goal) -> None:
    client = _app(world)
    page = _page(client, "portal:fund")
    assert "Money for your plan" in page
    assert "when nothing else can pay" in page
    assert "£150 left" in page  # the person sees their amount, as staff do
    assert "Ask for money" in page

    ask_page = _page(client, "portal:fund-ask")
    assert "Get a job on a building site" in ask_page  # their goal, in the plan's words
    assert "Hull Workwear" in ask_page and "Work boots and clothing" in ask_page
    assert "For example: work boots for my new job" in ask_page
    assert "In pounds, for example 35 or 35.50" in ask_page

    response = client.post(reverse("portal:fund-ask"), _asking(fund, goal), follow=True)
    request = Request.objects.get()
    assert response.redirect_chain[-1][0] == reverse("portal:fund-request", args=[request.pk])
    assert "We have sent your request to your case manager" in response.content.decode()
    assert (request.amount, request.what_for, request.goal, request.person) == (
        3500,
        BOOTS,
        goal,
        world.person,
    )
    # It waits for the case manager: the app never approves anything.
    assert (request.status, request.level) == (Status.WAITING, Level.CASE_MANAGER)
    assert request.asked_by_person and request.asked_by is None
    page = response.content.decode()
    assert "Waiting for a decision" in page and "Your case manager will decide" in page
    assert "Cancel this request" in page
    # Logged as the person's own doing.
    asked = AccessLogEntry.objects.get(what="Enabling Fund request", operation=Operation.COLLECT)
    assert asked.actor_person_id == world.person.pk and asked.actor_id is None
    assert asked.details["author"] == "person"


def test_a_request_above_the_fast_lane_says_a_senior_decides(
    world: World, fund: Fund, goal: Goal
) -> None:
    client = _app(world)
    client.post(reverse("portal:fund-ask"), _asking(fund, goal, amount="120"))
    request = Request.objects.get()
    assert request.level == Level.SENIOR
    assert "A senior case manager" in _page(client, "portal:fund-request", request.pk)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "0"}, "amount", "The amount must be more than £0"),
        ({"amount": "-5"}, "amount", "The amount must be more than £0"),
        ({"amount": "12.345"}, "amount", "The amount cannot have parts of a penny"),
        ({"amount": ""}, "amount", "Enter how much it is, like 35 or 35.50"),
        ({"amount": "thirty"}, "amount", "Enter an amount in pounds, like 35 or 35.50"),
        (
            {"amount": "150.01"},
            "amount",
            "You have £150 left of the £150 this fund gives one person: ask for that or less",
        ),
        ({"what_for": "  "}, "what_for", "Say what you need"),
        ({"category": ""}, "category", "Choose what kind of thing it is"),
        ({"goal": ""}, "goal", "Choose the goal it helps with"),
        ({"provider": ""}, "provider", "Choose where you can get it"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    world: World, fund: Fund, goal: Goal, changes: dict[str, str], field: str, message: str
) -> None:
    response = _app(world).post(reverse("portal:fund-ask"), _asking(fund, goal, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert _error_of(page, field) == message
    assert "There is a problem" in page and "<title>Error: " in page
    assert not Request.objects.exists()


def test_over_the_limit_counts_what_was_already_approved(
    world: World, fund: Fund, goal: Goal
) -> None:
    approve(
        actor=acting(world.senior, world.person),
        request_id=a_request(fund, world.person, world.cm, amount=12_000, goal=goal).pk,
        expected_version=1,
    )
    client = _app(world)
    assert "£30 left" in _page(client, "portal:fund")
    response = client.post(reverse("portal:fund-ask"), _asking(fund, goal, amount="35"))
    assert _error_of(response.content.decode(), "amount") == (
        "You have £30 left of the £150 this fund gives one person: ask for that or less"
    )
    assert Request.objects.count() == 1


def test_a_crafted_goal_of_another_person_is_refused(world: World, fund: Fund, goal: Goal) -> None:
    theirs = a_goal(world.other_person, world.elsewhere, "Their own flat")
    response = _app(world).post(reverse("portal:fund-ask"), _asking(fund, goal, goal=theirs.pk))
    assert _error_of(response.content.decode(), "goal") == "Choose one of your goals"
    assert not Request.objects.exists()


def test_a_crafted_shop_of_another_pot_is_refused(world: World, fund: Fund, goal: Goal) -> None:
    beverley = a_fund(world.beverley, world.programme_manager)
    theirs = a_provider(beverley, "Beverley Boots")
    response = _app(world).post(reverse("portal:fund-ask"), _asking(fund, goal, provider=theirs.pk))
    assert _error_of(response.content.decode(), "provider") == "Choose a shop from the list"
    assert not Request.objects.exists()


def test_kinds_the_pot_does_not_pay_for_are_not_offered(
    world: World, fund: Fund, goal: Goal
) -> None:
    Fund.objects.filter(pk=fund.pk).update(category_rules={"travel": "not_allowed"})
    client = _app(world)
    assert 'value="travel"' not in _page(client, "portal:fund-ask")
    response = client.post(reverse("portal:fund-ask"), _asking(fund, goal, category="travel"))
    assert _error_of(response.content.decode(), "category") == "Choose what kind of thing it is"
    assert not Request.objects.exists()


def test_with_no_goals_the_person_is_sent_to_talk_about_their_plan(
    world: World, fund: Fund
) -> None:
    client = _app(world)
    page = _page(client, "portal:fund-ask")
    assert "Talk to your case manager about your plan first" in page
    assert "Send my request" not in page
    assert client.post(reverse("portal:fund-ask"), {"amount": "35"}).status_code == 200
    assert not Request.objects.exists()


def test_with_no_pot_open_there_is_nothing_to_ask(world: World, goal: Goal) -> None:
    client = _app(world)
    home = _page(client, "portal:home")
    assert "Money for your plan" not in home  # no pot and no requests: no link
    page = _page(client, "portal:fund")
    assert "The fund is not open at the moment. Talk to your case manager." in page
    assert "Ask for money" not in page and reverse("portal:fund-ask") not in page
    ask_page = _page(client, "portal:fund-ask")
    assert "The fund is not open at the moment" in ask_page
    assert "Send my request" not in ask_page
    response = client.post(reverse("portal:fund-ask"), {"goal": goal.pk, "amount": "35"})
    assert response.status_code == 200
    assert not Request.objects.exists()


def test_the_home_page_links_to_the_fund_while_a_pot_is_open(world: World, fund: Fund) -> None:
    home = _page(_app(world), "portal:home")
    assert "Money for your plan" in home and reverse("portal:fund") in home


def test_after_a_pot_closes_the_person_still_follows_their_requests(
    world: World, fund: Fund, goal: Goal
) -> None:
    a_request(fund, world.person, world.cm, goal=goal)
    Fund.objects.filter(pk=fund.pk).update(closed_on=timezone.localdate())
    client = _app(world)
    assert "Money for your plan" in _page(client, "portal:home")
    page = _page(client, "portal:fund")
    assert "The fund is not open at the moment" in page
    assert "Work boots for the building site" in page


# Following a request ----------------------------------------------------------------------


def test_the_person_reads_why_a_request_was_not_approved(
    world: World, fund: Fund, goal: Goal
) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal)
    reason = (
        "The job centre can pay for work boots through the Flexible Support Fund. "
        "Bring your job offer letter on Tuesday and we will apply together."
    )
    decline(
        actor=acting(world.cm, world.person),
        request_id=request.pk,
        expected_version=request.version,
        reason=reason,
    )
    client = _app(world)
    listed = _page(client, "portal:fund")
    assert "Not approved" in listed and reason in listed
    page = _page(client, "portal:fund-request", request.pk)
    assert "Why it was not approved" in page and reason in page  # in full
    assert "Who decided" in page
    assert "Cancel this request" not in page and "Add your receipt" not in page
    seen = AccessLogEntry.objects.filter(what="App: a request for money").get()
    assert seen.actor_person_id == world.person.pk and seen.subject_id == world.person.pk


def test_the_person_cancels_a_request_still_waiting(world: World, fund: Fund, goal: Goal) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal)
    client = _app(world)
    url = reverse("portal:fund-cancel", args=[request.pk])
    assert "Tell us why" in _page(client, "portal:fund-cancel", request.pk)

    empty = client.post(url, {"reason": "", "version": request.version})
    assert _error_of(empty.content.decode(), "reason") == "Tell us why you want to cancel it"
    request.refresh_from_db()
    assert request.status == Status.WAITING

    response = client.post(
        url, {"reason": "My brother gave me his boots", "version": request.version}, follow=True
    )
    assert "You cancelled your request" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.reason) == (Status.CANCELLED, "My brother gave me his boots")
    assert "My brother gave me his boots" in response.content.decode()
    cancelled = AccessLogEntry.objects.get(what="Enabling Fund request", operation=Operation.ALTER)
    assert cancelled.actor_person_id == world.person.pk


def test_a_request_decided_while_the_cancel_page_was_open_is_not_cancelled(
    world: World, fund: Fund, goal: Goal
) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal)
    client = _app(world)
    url = reverse("portal:fund-cancel", args=[request.pk])
    approve(actor=acting(world.cm, world.person), request_id=request.pk, expected_version=1)
    response = client.post(url, {"reason": "Not needed", "version": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "You cannot cancel it here: it is approved" in page
    request.refresh_from_db()
    assert request.status == Status.APPROVED


def test_an_approved_request_asks_for_the_receipt(world: World, fund: Fund, goal: Goal) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal, approve_now=True)
    page = _page(_app(world), "portal:fund-request", request.pk)
    assert "Approved" in page and "Your case manager will arrange how you get it" in page
    assert "Add your receipt" in page
    assert reverse("portal:fund-add-receipt", args=[request.pk]) in page
    assert "Cancel this request" not in page


def test_a_receipt_due_is_chased_in_the_app(world: World, fund: Fund, goal: Goal) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal, approve_now=True)
    pay(
        actor=acting(world.cm, world.person),
        request_id=request.pk,
        expected_version=2,
        method=PaymentMethod.VOUCHER,
        amount=3500,
    )
    due = timezone.localdate() + timedelta(days=fund.receipt_days)
    client = _app(world)
    warning = f"Send a photo of your receipt by {due.day} {due:%B}"
    assert warning in _page(client, "portal:fund")
    assert warning in _page(client, "portal:fund-request", request.pk)
    assert "Receipt due" in _page(client, "portal:home")
    Request.objects.filter(pk=request.pk).update(receipt_due_on=timezone.localdate() - timedelta(1))
    assert "is late" in _page(client, "portal:fund")


def test_a_phone_photo_of_the_receipt_is_kept_without_where_it_was_taken(
    world: World, fund: Fund, goal: Goal, django_capture_on_commit_callbacks: Any
) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal, approve_now=True)
    client = _app(world)
    form = _page(client, "portal:fund-add-receipt", request.pk)
    assert "Photo or PDF of your receipt" in form
    assert "Take a clear photo of the whole receipt" in form
    assert "capture" not in form  # they may choose a photo they already took
    assert 'enctype="multipart/form-data"' in form

    photo = a_photo(gps=True)
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # it has a GPS position
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:fund-add-receipt", args=[request.pk]),
            {"receipt": uploaded(photo, "IMG_2041.jpg", "image/jpeg")},
            follow=True,
        )
    assert "Thank you. We have your receipt" in response.content.decode()
    request.refresh_from_db()
    stored = StoredFile.objects.get()
    assert request.receipt == stored and stored.uploaded_by_person == world.person
    assert "View receipt" in response.content.decode()

    served = client.get(reverse("portal:fund-receipt", args=[request.pk]))
    assert served.status_code == 200
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))  # type: ignore[attr-defined]
    assert not image.getexif()  # no GPS, no camera
    assert "exif" not in image.info
    read = AccessLogEntry.objects.get(what="Enabling Fund receipt")
    assert read.actor_person_id == world.person.pk and read.details["file"] == str(stored.pk)


def test_a_receipt_form_sent_empty_says_what_to_choose(
    world: World, fund: Fund, goal: Goal
) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal, approve_now=True)
    response = _app(world).post(reverse("portal:fund-add-receipt", args=[request.pk]), {})
    assert response.status_code == 200
    assert (
        _error_of(response.content.decode(), "receipt") == "Choose a photo or PDF of your receipt"
    )
    assert not StoredFile.objects.exists()


def test_a_file_that_is_not_a_photo_or_pdf_is_refused(world: World, fund: Fund, goal: Goal) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal, approve_now=True)
    response = _app(world).post(
        reverse("portal:fund-add-receipt", args=[request.pk]),
        {"receipt": uploaded(b"MZ\x90\x00 not a receipt", "receipt.jpg")},
    )
    assert response.status_code == 200
    assert _error_of(response.content.decode(), "receipt")
    assert not StoredFile.objects.exists()
    request.refresh_from_db()
    assert request.receipt is None


def test_a_waiting_request_takes_no_receipt(world: World, fund: Fund, goal: Goal) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal)
    client = _app(world)
    page = _page(client, "portal:fund-add-receipt", request.pk)
    assert "You can add a receipt once your request is approved" in page
    response = client.post(
        reverse("portal:fund-add-receipt", args=[request.pk]),
        {"receipt": uploaded(a_photo(), "receipt.jpg")},
    )
    assert response.status_code == 200
    assert not StoredFile.objects.exists()


# Another person's requests ----------------------------------------------------------------


def test_another_persons_requests_and_receipts_are_404(
    world: World, fund: Fund, goal: Goal, django_capture_on_commit_callbacks: Any
) -> None:
    request = a_request(fund, world.person, world.cm, goal=goal, approve_now=True)
    with django_capture_on_commit_callbacks(execute=True):
        _app(world).post(
            reverse("portal:fund-add-receipt", args=[request.pk]),
            {"receipt": uploaded(a_photo(), "receipt.jpg")},
        )
    assert Request.objects.get().receipt is not None
    other = portal_sign_in(Client(), world.other_person)
    for name in ("portal:fund-request", "portal:fund-receipt", "portal:fund-cancel"):
        assert other.get(reverse(name, args=[request.pk])).status_code == 404, name
    for name in ("portal:fund-cancel", "portal:fund-add-receipt"):
        assert other.post(reverse(name, args=[request.pk]), {}).status_code == 404, name
    assert "Work boots" not in other.get(reverse("portal:fund")).content.decode()
    assert not AccessLogEntry.objects.filter(
        actor_person_id=world.other_person.pk, what="Enabling Fund receipt"
    ).exists()


# Plain words and cost ---------------------------------------------------------------------


def test_the_fund_pages_read_at_about_nine(world: World, fund: Fund, goal: Goal) -> None:
    waiting = a_request(fund, world.person, world.cm, goal=goal)
    client = _app(world)
    pages = [
        client.get(reverse("portal:fund")),
        client.get(reverse("portal:fund-ask")),
        client.post(reverse("portal:fund-ask"), {}),
        client.get(reverse("portal:fund-request", args=[waiting.pk])),
        client.get(reverse("portal:fund-cancel", args=[waiting.pk])),
    ]
    for response in pages:
        assert measure(text_of(response.content.decode())).reading_age <= 10


def test_the_fund_page_does_not_grow_with_requests(world: World, fund: Fund, goal: Goal) -> None:
    client = _app(world)
    url = reverse("portal:fund")
    a_request(fund, world.person, world.cm, goal=goal, amount=1000)
    small = page_queries(client, url)
    for _ in range(4):
        a_request(fund, world.person, world.cm, goal=goal, amount=1000, approve_now=True)
    assert page_queries(client, url) == small
