"""Another person, signed in to the app on their own phone, cannot reach anything of the first
person's: each of the first person's steps, statements, appointments (and their calendar
files and move pages) and consents gives "Page not found", by a link typed in or by a form
posted from the browser, and nothing of the first person's shows on their own pages."""

from django.utils import timezone

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Relation
from mydirection.messaging.models import PersonMessage
from mydirection.people.models import ConsentPurpose
from mydirection.people.services import record_consent
from mydirection.person_centred.models import Statement
from mydirection.person_centred.testing import one_page_profile
from mydirection.plans.testing import a_plan
from mydirection.portal.testing import active_account, upcoming_appointment
from mydirection.testing import build_world
from tests.browser.axe import assert_accessible
from tests.browser.journeys import sign_in
from tests.browser.test_portal_journey import sign_in_on_a_phone

POST_WITH_THE_PAGES_TOKEN = """async (url) => {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("version", "1");
    body.append("reason", "Let me in");
    const response = await fetch(url, {method: "POST", body, redirect: "manual"});
    return response.status;
}"""


def test_another_person_gets_page_not_found_for_all_of_it(live_server, page, browser) -> None:
    world = build_world()
    first, other = world.person, world.other_person
    # Their case manager's outbox shows the other person's sign-in code.
    sign_in(page, live_server.url, world.elsewhere)
    _, step, _ = a_plan(first, world.cm)
    one_page_profile(first, by=world.cm)
    statement = Statement.objects.filter(record__person=first, confirmed=False)[0]
    appointment = upcoming_appointment(first, world.cm)
    consent = record_consent(
        actor=StaffActor(world.cm, Relation.CASE_MANAGER),
        person=first,
        purpose=ConsentPurpose.SHARE_PLAN,
        given_on=timezone.localdate(),
        details="With her sister",
    )
    PersonMessage.objects.create(person=first, from_person=True, text="My new flat is on Elm Road")
    other.phone = "07700 900 984"
    other.save()
    active_account(other)

    mobile = sign_in_on_a_phone(browser, page, live_server.url, "07700900984")
    mobile.get_by_role("heading", name=f"Hello {other.known_as}").wait_for()

    base = f"{live_server.url}/my"
    typed_in = [
        f"{base}/plan/steps/{step.pk}/",
        f"{base}/about-me/{statement.pk}/wrong/",
        f"{base}/appointments/{appointment.pk}/",
        f"{base}/appointments/{appointment.pk}/move/",
    ]
    for url in typed_in:
        response = mobile.goto(url)
        assert response is not None and response.status == 404, url
        assert mobile.get_by_role("heading", name="Page not found").is_visible(), url
    assert_accessible(mobile)
    calendar = mobile.context.request.get(f"{base}/appointments/{appointment.pk}/calendar.ics")
    assert calendar.status == 404 and "BEGIN:VCALENDAR" not in calendar.text()

    # Forms posted from the other person's own page, with their own valid token.
    mobile.goto(f"{base}/choices/")
    posted = [
        f"{base}/plan/steps/{step.pk}/",
        f"{base}/about-me/{statement.pk}/right/",
        f"{base}/about-me/{statement.pk}/wrong/",
        f"{base}/appointments/{appointment.pk}/move/",
        f"{base}/choices/consents/{consent.pk}/withdraw/",
    ]
    for url in posted:
        assert mobile.evaluate(POST_WITH_THE_PAGES_TOKEN, url) == 404, url

    # Their own pages show nothing of the first person's.
    for own in ("plan/", "about-me/", "appointments/", "messages/", "choices/"):
        mobile.goto(f"{base}/{own}")
        text = mobile.locator("main").inner_text()
        assert step.description not in text, own
        assert statement.text not in text, own
        assert "Elm Road" not in text and "With her sister" not in text, own
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    statement.refresh_from_db()
    assert not statement.confirmed
    assert not appointment.move_requests.exists()
