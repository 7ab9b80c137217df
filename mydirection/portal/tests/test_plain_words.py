"""The app's own words stay plain: a reading age of about nine across its pages."""

import pytest
from django.test import Client
from django.urls import reverse

from mydirection.interventions.testing import a_referral, an_intervention
from mydirection.person_centred.testing import one_page_profile
from mydirection.plans.testing import a_plan
from mydirection.portal.reading_age import measure, syllables, text_of
from mydirection.portal.testing import active_account, portal_sign_in, upcoming_appointment
from mydirection.testing import World

# The plain-words privacy notice (mydirection/pages) is read from the app, so it is the app's.
SIGNED_OUT = ["portal:sign-in", "portal:enrol", "portal:offline", "pages:app-privacy"]
SIGNED_IN = [
    "portal:home",
    "portal:plan",
    "portal:plan-how-it-went",
    "portal:plan-agree",
    "portal:messages",
    "portal:about-me",
    "portal:about-me-add",
    "portal:appointments",
    "portal:attend",
    "portal:choices",
    "portal:help",
]


@pytest.mark.parametrize(
    ("word", "count"),
    [("code", 1), ("asked", 1), ("people", 2), ("wanted", 2), ("appointment", 3), ("you", 1)],
)
def test_it_counts_syllables_by_vowel_groups(word: str, count: int) -> None:
    assert syllables(word) == count


def test_long_words_in_long_sentences_read_older() -> None:
    plain = measure(["Come to the office on Monday. Bring your letter."])
    hard = measure(
        ["Notwithstanding the aforementioned requirements, attendance is compulsory unless "
         "alternative arrangements are authorised by your responsible officer."]
    )  # fmt: skip
    assert plain.reading_age < 9 < hard.reading_age


def test_it_reads_only_the_visible_text_of_main() -> None:
    html = (
        "<header>Exit this page</header><main><h1>My plan</h1><script>var x = 1;</script>"
        "<p>You said <a href='#'>this</a> is right.</p></main>"
    )
    assert text_of(html) == ["My plan", "You said this is right."]


@pytest.mark.django_db
def test_the_apps_pages_read_at_about_nine(world: World) -> None:
    a_plan(world.person, world.cm)
    one_page_profile(world.person, by=world.cm)
    appointment = upcoming_appointment(world.person, world.cm)
    group = an_intervention(world.hull, name="Recovery group", offer="Meet people who get it.")
    a_referral(world.person, an_intervention(world.hull, name="Time Bank"), world.cm)
    pages = {name: Client().get(reverse(name)) for name in SIGNED_OUT}
    active_account(world.person)
    client = portal_sign_in(Client(), world.person)
    pages |= {name: client.get(reverse(name)) for name in SIGNED_IN}
    for name in ("portal:appointment", "portal:appointment-move"):
        pages[name] = client.get(reverse(name, args=[appointment.pk]))
    pages["portal:help-interested"] = client.get(reverse("portal:help-interested", args=[group.pk]))

    everything = []
    for name, response in pages.items():
        chunks = text_of(response.content.decode())
        assert chunks, name
        everything += chunks
        # A page's few words are a noisy sample (a date alone reads "older"): allow a year.
        assert measure(chunks).reading_age <= 10, name
    assert measure(everything).reading_age <= 9
