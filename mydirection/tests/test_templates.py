"""The layouts, components, error pages, navigation and built assets.

Templates are rendered directly with a RequestFactory request: no client, no database.
URL names come from the small URLconf below, so these tests don't depend on other apps.
"""

import datetime as dt
import re
import types
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import include, path, resolve

from mydirection.context_processors import folded, in_one_row, service, service_navigation
from mydirection.people.models import Person
from mydirection.staff.models import CASE_HOLDING_ROLES, Office, Role, Team, User
from mydirection.templatetags.govuk import govuk_date, govuk_datetime, govuk_time, risk_colour

PACKAGE = Path(__file__).resolve().parent.parent
STATIC = PACKAGE / "static" / "mydirection"


def view(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse()


urlpatterns = [
    path("", view, name="start"),
    path("more/", view, name="more"),
    path(
        "caseload/",
        include(
            (
                [
                    path("", view, name="home"),
                    path("team/", view, name="team"),
                    path("search/", view, name="search"),
                ],
                "caseload",
            )
        ),
    ),
    path("people/<int:pk>/", include(([path("", view, name="overview")], "people"))),
    path("access/log/", include(([path("", view, name="log-search")], "access"))),
    path(
        "staff/",
        include(([path("sign-out/", view, name="sign-out"), path("", view, name="list")], "staff")),
    ),
    # Every page's footer links to these (mydirection/pages), which need no other app.
    path("", include("mydirection.pages.urls")),
]

pytestmark = pytest.mark.urls(__name__)

NONCE = "n0nce-for-tests"
DASH = "\u2013"  # an en dash, as in the page title


def staff(role: str = Role.CASE_MANAGER) -> User:
    # In a team, as staff who hold a caseload are: a team's pages need one.
    team = uuid.UUID(int=1) if role in CASE_HOLDING_ROLES else None
    return User(username="pshah", first_name="Priya", last_name="Shah", role=role, team_id=team)


def make_request(url: str = "/caseload/", user: User | AnonymousUser | None = None) -> HttpRequest:
    request = RequestFactory().get(url)
    request.user = user if user is not None else staff()
    request.csp_nonce = NONCE  # type: ignore[attr-defined]  # django-csp sets it for real
    request.resolver_match = resolve(url.split("?", maxsplit=1)[0])
    return request


def render_page(
    source: str, context: dict[str, object] | None = None, request: HttpRequest | None = None
) -> str:
    template = engines["django"].from_string(source)
    return str(template.render(context or {}, request or make_request()))


def page(block: str = "", **context: object) -> str:
    return render_page(
        '{% extends "layouts/base.html" %}{% block title %}Your caseload{% endblock %}'
        "{% block content %}" + block + "{% endblock %}",
        context,
    )


def texts(items: list[dict[str, object]]) -> list[str]:
    return [str(item["text"]) for item in items]


# --- Navigation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.CASE_MANAGER, ["Caseload", "Search"]),
        (Role.SENIOR_CASE_MANAGER, ["Caseload", "Team", "Search"]),
        (Role.DATA_PROTECTION_OFFICER, ["Access log"]),
        (Role.ADMINISTRATOR, ["Staff"]),
        # Roles without a caseload see no case pages at all.
        (Role.VOLUNTEER, []),
    ],
)
def test_it_shows_each_role_its_navigation(role, expected):
    assert texts(service_navigation(make_request(user=staff(role)))) == expected


def test_it_shows_no_navigation_to_people_signed_out():
    assert service_navigation(make_request(user=AnonymousUser())) == []


def test_it_shows_no_navigation_between_the_password_and_the_code():
    half_signed_in = staff()
    half_signed_in.is_verified = lambda: False  # type: ignore[method-assign]
    assert service_navigation(make_request(user=half_signed_in)) == []
    verified = staff()
    verified.is_verified = lambda: True  # type: ignore[method-assign]
    assert service_navigation(make_request(user=verified)) != []


def test_it_marks_the_current_page_and_section():
    items = service_navigation(make_request("/caseload/team/", staff(Role.SENIOR_CASE_MANAGER)))
    assert [(i["text"], i["current"], i["active"]) for i in items] == [
        ("Caseload", False, False),
        ("Team", True, True),
        ("Search", False, False),
    ]
    # A person's record is within the caseload section.
    on_person = service_navigation(make_request("/people/7/"))
    assert on_person[0] == {
        "text": "Caseload",
        "href": "/caseload/",
        "about": "The people you hold, what needs doing for each, and their records.",
        "current": False,
        "active": True,
        "count": 0,
    }


def item(text: str, *, active: bool = False, count: int = 0) -> dict[str, object]:
    return {
        "text": text,
        "href": "/",
        "about": "",
        "current": False,
        "active": active,
        "count": count,
    }


def test_a_menu_that_fits_one_row_is_shown_whole():
    items = [item("Caseload"), item("Diary"), item("Messages", count=3), item("Search")]
    assert in_one_row(items) == (items, [])


def test_a_long_menu_keeps_its_first_items_in_the_row_and_the_rest_in_order():
    items = [item(f"Item number {n:02}") for n in range(12)]  # 14 characters each
    shown, rest = in_one_row(items)
    assert shown + rest == items
    # 14 x 9.3 + 42 = 172.2 px a link; with "More" (79.2 px), five fit 990 px and six do not.
    assert len(shown) == 5


def test_an_unread_count_takes_room_in_the_row():
    plain = [item(f"Item number {n:02}") for n in range(6)]
    counted = [item(f"Item number {n:02}", count=12) for n in range(6)]
    assert len(in_one_row(plain)[0]) > len(in_one_row(counted)[0])


def test_more_is_the_section_of_the_pages_folded_into_it():
    # A senior case manager's menu does not fit one row: the last items go under "More".
    texts_ = ("Caseload", "Diary", "Messages", "Team", "Search", "Referral decisions")
    later = ("Fund requests", "Sessions", "Interventions", "Learning", "My learning")
    items = [item(text) for text in texts_] + [item(text, count=2) for text in later]
    menu = folded(items, "caseload:home")
    assert texts(menu)[:3] == ["Caseload", "Diary", "Messages"]
    assert menu[-1] == {
        "text": "More",
        "href": "/more/",
        "about": "",
        "current": False,
        "active": False,
        "count": 2 * (len(items) - len(menu) + 1),  # the unread things under it
    }
    items[-1]["active"] = True  # on a page of "My learning", folded into "More"
    assert folded(items, "learning:mine")[-1]["active"] is True
    assert folded(items, "more")[-1]["current"] is True
    short = items[:3]
    assert folded(short, "more") == short


def test_it_leaves_out_pages_that_do_not_exist_yet():
    partial = types.ModuleType("partial_urls")
    partial.urlpatterns = [  # type: ignore[attr-defined]
        path("caseload/", include(([path("", view, name="home")], "caseload"))),
    ]
    with override_settings(ROOT_URLCONF=partial):
        request = RequestFactory().get("/caseload/")
        request.user = staff(Role.SENIOR_CASE_MANAGER)
        request.resolver_match = None
        assert texts(service_navigation(request)) == ["Caseload"]


def test_it_keeps_the_service_keys(settings):
    settings.DEMO_MODE = True
    context = service(make_request())
    assert context["service_name"] == "MyDirection"
    assert context["demo_mode"] is True
    assert context["service_home_url"] == "/"
    assert texts(context["service_navigation"]) == ["Caseload", "Search"]


# --- Base layout ----------------------------------------------------------------------------


def test_it_renders_the_govuk_page_template():
    html = page("<h1>Hello</h1>")
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<body class="govuk-template__body"' in html
    assert f"<title>Your caseload {DASH} MyDirection</title>" in html
    assert f"<script nonce=\"{NONCE}\">document.body.className += ' js-enabled'" in html
    assert "govuk-frontend-supported" in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert '<script type="module" src="/static/mydirection/js/init.js"></script>' in html
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/mydirection/css/app.css">' in html


def test_it_uses_the_generic_header_without_the_crown():
    html = page()
    assert "govuk-generic-header" in html
    assert '<a href="/" class="govuk-generic-header__homepage-link">MyDirection</a>' in html
    assert "govuk-header__crown" not in html
    assert "govuk-footer__crown" not in html
    assert "Crown copyright" not in html
    assert "Open Government Licence" not in html
    assert "MyDirection is open-source software" in html


def test_it_renders_the_service_navigation():
    html = render_page(
        '{% extends "layouts/base.html" %}',
        request=make_request("/caseload/search/", staff(Role.SENIOR_CASE_MANAGER)),
    )
    assert 'data-module="govuk-service-navigation"' in html
    assert '<a class="govuk-service-navigation__link" href="/caseload/team/">Team</a>' in html
    assert (
        '<a class="govuk-service-navigation__link" href="/caseload/search/" aria-current="page">'
        '<strong class="govuk-service-navigation__active-fallback">Search</strong></a>'
    ) in html


def test_it_shows_who_is_signed_in_and_a_sign_out_button():
    html = page()
    assert "Priya Shah" in html
    match = re.search(r'<form method="post" action="/staff/sign-out/"[^>]*>(.*?)</form>', html)
    assert match, "no sign-out form"
    assert 'name="csrfmiddlewaretoken"' in match.group(1)
    assert '<button type="submit" class="app-link-button">Sign out</button>' in match.group(1)


def test_it_sends_the_csrf_token_with_htmx_requests():
    html = page()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token
    assert f'hx-headers=\'{{"X-CSRFToken": "{token.group(1)}"}}\'' in html
    assert '"historyCacheSize": 0' in html
    assert '"includeIndicatorStyles": false' in html


def test_it_shows_nothing_personal_when_signed_out():
    html = render_page(
        '{% extends "layouts/base.html" %}', request=make_request(user=AnonymousUser())
    )
    assert "Sign out" not in html
    assert "govuk-service-navigation" not in html
    assert '<a href="/" class="govuk-generic-header__homepage-link">' in html


def test_it_shows_the_demo_banner_only_in_demo_mode(settings):
    settings.DEMO_MODE = False
    assert "govuk-phase-banner" not in page()
    settings.DEMO_MODE = True
    html = page()
    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">Demo</strong>' in html
    assert "It holds invented people only" in html


def test_it_shows_messages_in_notification_banners():
    messages = [
        Message(constants.SUCCESS, "Plan shared with Jordan"),
        Message(constants.INFO, "The team changed"),
    ]
    html = page(messages=messages)
    assert (
        '<div class="govuk-notification-banner govuk-notification-banner--success" role="alert"'
        in html
    )
    assert '<p class="govuk-notification-banner__heading">Plan shared with Jordan</p>' in html
    assert 'role="region" aria-labelledby="messages-title"' in html
    assert "The team changed" in html


def test_it_renders_blocks_in_order():
    html = render_page(
        '{% extends "layouts/base.html" %}{% block before_content %}BEFORE{% endblock %}'
        "{% block content %}CONTENT{% endblock %}{% block body_end %}END{% endblock %}"
    )
    assert html.index("BEFORE") < html.index('id="main-content"') < html.index("CONTENT")
    assert html.index("CONTENT") < html.index("END") < html.index("init.js")


# --- Person layout --------------------------------------------------------------------------


def a_person(**overrides: object) -> Person:
    team = Team(name="Hull North", office=Office(name="Hull"))
    fields = {
        "first_name": "Jordan",
        "last_name": "Ellis",
        "preferred_name": "Jo",
        "pronouns": "they/them",
        "case_reference": "X123456",
        "date_of_birth": dt.date(1992, 5, 17),
        "risk_level": "very_high",
        "team": team,
        "case_manager": staff(),
    }
    return Person(**(fields | overrides))


PERSON_PAGE = (
    '{% extends "layouts/person.html" %}{% block title %}Overview{% endblock %}'
    '{% block person_content %}<h1 class="govuk-heading-l">Overview</h1>{% endblock %}'
)


def test_it_shows_the_person_in_the_identity_bar():
    tabs = [
        {"text": "Overview", "href": "/people/1/", "current": True},
        {"text": "Sentence", "href": "/people/1/sentence/", "current": False},
    ]
    html = render_page(
        PERSON_PAGE,
        {"person": a_person(), "identity_flags": ["Restricted case"], "person_tabs": tabs},
        make_request("/people/1/"),
    )
    assert f"<title>Overview {DASH} MyDirection</title>" in html
    assert 'class="moj-identity-bar app-identity-bar"' in html
    assert "Jordan Ellis" in html
    assert "known as Jo" in html
    assert "(they/them)" in html
    assert "X123456" in html
    assert "17 May 1992" in html
    assert '<strong class="govuk-tag govuk-tag--red">Very high</strong>' in html
    assert "Priya Shah" in html
    assert "Hull North" in html
    assert '<strong class="govuk-tag govuk-tag--red">Restricted case</strong>' in html
    assert '<nav class="moj-sub-navigation app-sub-navigation" aria-label="Person record">' in html
    assert (
        '<a class="moj-sub-navigation__link" href="/people/1/" aria-current="page">Overview</a>'
        in html
    )
    assert '<a class="moj-sub-navigation__link" href="/people/1/sentence/">Sentence</a>' in html
    # The identity bar comes before <main>, the tabs before the page's heading.
    assert html.index("moj-identity-bar") < html.index('id="main-content"')
    assert html.index("moj-sub-navigation") < html.index("<h1")


def test_it_says_when_nobody_manages_the_case():
    html = render_page(
        PERSON_PAGE, {"person": a_person(case_manager=None, preferred_name="", pronouns="")}
    )
    assert "Not allocated" in html
    assert "known as" not in html


@pytest.mark.parametrize(
    ("level", "colour"),
    [("low", "green"), ("medium", "yellow"), ("high", "orange"), ("very_high", "red")],
)
def test_it_colours_risk_levels(level, colour):
    assert risk_colour(level) == colour
    html = render_to_string("components/risk_tag.html", {"level": level, "text": "Level"})
    assert f'<strong class="govuk-tag govuk-tag--{colour}">Level</strong>' in html


def test_it_takes_the_risk_level_from_a_person():
    html = render_to_string("components/risk_tag.html", {"person": a_person(risk_level="high")})
    assert '<strong class="govuk-tag govuk-tag--orange">High</strong>' in html


# --- Components -----------------------------------------------------------------------------


def test_it_renders_the_error_summary_from_a_form():
    from django import forms

    from mydirection.forms import GovUKDateField

    class Form(forms.Form):
        name = forms.CharField(error_messages={"required": "Enter a name"})
        born = GovUKDateField(label="Date of birth")

    html = render_to_string("components/error_summary.html", {"form": Form(data={})})
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert '<li><a href="#id_name">Enter a name</a></li>' in html
    assert '<li><a href="#id_born_0">Enter date of birth</a></li>' in html
    assert render_to_string("components/error_summary.html", {"form": Form()}).strip() == ""
    extra = render_to_string(
        "components/error_summary.html",
        {"extra_errors": [{"text": "Select a person", "href": "#person"}]},
    )
    assert '<li><a href="#person">Select a person</a></li>' in extra


def test_it_paginates_and_keeps_other_parameters():
    page_obj = Paginator(list(range(95)), 10).page(4)
    html = render_page(
        '{% include "components/pagination.html" with page=page noun="people" only %}',
        {"page": page_obj},
        make_request("/caseload/?status=active&sort=-name&page=4"),
    )
    assert "Showing <strong>31</strong> to <strong>40</strong> of <strong>95</strong> people" in (
        html
    )
    assert 'href="?status=active&amp;sort=-name&amp;page=3" rel="prev"' in html
    assert 'href="?status=active&amp;sort=-name&amp;page=5" rel="next"' in html
    assert 'aria-label="Page 4" aria-current="page"' in html
    assert "govuk-pagination__item--ellipsis" in html
    assert 'aria-label="Page 10"' in html
    single = render_page(
        '{% include "components/pagination.html" with page=page %}',
        {"page": Paginator([1], 10).page(1)},
    )
    assert "govuk-pagination" not in single


def test_it_sorts_tables_on_the_server():
    source = (
        '{% load govuk %}{% sortable_header "Name" "name" %}{% sortable_header "Risk" "risk" %}'
    )
    html = render_page(source, request=make_request("/caseload/?sort=name&page=3&status=active"))
    name, risk = re.findall(r"<th [^>]*>.*?</th>", html)
    assert 'aria-sort="ascending"' in name
    assert 'href="?sort=-name&amp;status=active"' in name
    assert "(sort descending)" in name
    assert 'aria-sort="none"' in risk
    assert 'href="?sort=risk&amp;status=active"' in risk
    descending = render_page(source, request=make_request("/caseload/?sort=-name"))
    assert 'aria-sort="descending"' in descending
    assert 'href="?sort=name"' in descending


def test_it_renders_a_summary_list():
    rows = [
        {"key": "Phone", "value": "07700 900 982", "href": "/change/phone/"},
        {"key": "Address", "value": "1 High Street\nHull"},
        {"key": "Email", "value": ""},
    ]
    html = render_to_string("components/summary_list.html", {"rows": rows, "title": "Contact"})
    assert '<h2 class="govuk-summary-card__title">Contact</h2>' in html
    assert (
        '<a class="govuk-link" href="/change/phone/">Change'
        '<span class="govuk-visually-hidden"> phone</span></a>'
    ) in html
    assert "1 High Street<br>Hull" in html
    assert html.count("govuk-summary-list__row--no-actions") == 2
    assert "Not recorded" in html


def test_it_renders_a_timeline():
    when = dt.datetime(2026, 3, 3, 17, 30, tzinfo=dt.UTC)
    html = render_to_string(
        "components/timeline.html",
        {"items": [{"title": "Plan shared", "by": "Priya Shah", "datetime": when}]},
    )
    assert '<div class="moj-timeline">' in html
    assert '<h2 class="moj-timeline__title">Plan shared</h2>' in html
    assert '<p class="moj-timeline__byline">by Priya Shah</p>' in html
    assert '<time datetime="2026-03-03T17:30:00+00:00">3 March 2026 at 5:30pm</time>' in html


def test_it_renders_buttons():
    button = render_to_string("components/button.html", {"text": "Save", "variant": "secondary"})
    assert (
        '<button type="submit" class="govuk-button govuk-button--secondary" '
        'data-module="govuk-button">'
    ) in button
    link = render_to_string(
        "components/button.html", {"text": "Add a person", "href": "/people/add/"}
    )
    assert '<a href="/people/add/" role="button" draggable="false" class="govuk-button"' in link
    warning = render_to_string(
        "components/button.html",
        {"text": "Remove", "variant": "warning", "name": "action", "value": "remove"},
    )
    assert 'class="govuk-button govuk-button--warning" name="action" value="remove"' in warning


@pytest.mark.parametrize(
    ("name", "context", "expected"),
    [
        (
            "back_link",
            {"href": "/caseload/"},
            '<a href="/caseload/" class="govuk-back-link">Back</a>',
        ),
        (
            "tag",
            {"text": "Active", "colour": "green"},
            '<strong class="govuk-tag govuk-tag--green">',
        ),
        ("warning_text", {"text": "Careful"}, '<span class="govuk-visually-hidden">Warning</span>'),
        ("inset_text", {"text": "Noted"}, '<div class="govuk-inset-text">Noted</div>'),
        ("details", {"summary": "Help", "text": "More"}, '<details class="govuk-details">'),
        (
            "notification_banner",
            {"heading": "Saved", "success": True},
            "govuk-notification-banner--success",
        ),
        (
            "count_cards",
            {"items": [{"count": 3, "label": "appointments today", "href": "/a/"}]},
            '<span class="app-count__number">3</span>',
        ),
    ],
)
def test_it_renders_components(name, context, expected):
    assert expected in render_to_string(f"components/{name}.html", context)


def test_it_writes_dates_and_times_the_govuk_way():
    assert govuk_date(dt.date(2026, 3, 3)) == "3 March 2026"
    assert govuk_date(dt.date(2026, 3, 3), "short") == "3 Mar 2026"
    assert govuk_time(dt.time(9, 0)) == "9am"
    assert govuk_time(dt.time(17, 5)) == "5:05pm"
    assert govuk_time(dt.time(12, 0)) == "midday"
    assert govuk_time(dt.time(0, 0)) == "midnight"
    assert govuk_datetime(dt.date(2026, 3, 3)) == "3 March 2026"


# --- Error pages ----------------------------------------------------------------------------


def test_it_renders_the_error_pages():
    not_found = render_to_string("errors/404.html", request=make_request())
    assert f"<title>Page not found {DASH} MyDirection</title>" in not_found
    forbidden = render_to_string(
        "errors/403.html",
        {"message": "This is a restricted case. Only the people named on it can see it."},
        request=make_request(),
    )
    assert "You cannot see this page" in forbidden
    assert "This is a restricted case." in forbidden
    # Django renders 500.html with an empty context: no request, no user.
    server_error = render_to_string("errors/500.html")
    assert "Sorry, there is a problem with MyDirection" in server_error
    assert "Sign out" not in server_error


# --- Policies for every template ------------------------------------------------------------


def all_templates() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("templates/**/*.html") if p.is_file())


def test_it_has_templates_to_check():
    names = {str(p.relative_to(PACKAGE)) for p in all_templates()}
    assert "templates/layouts/base.html" in names
    assert "templates/govuk/field.html" in names


@pytest.mark.parametrize("template", all_templates(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_it_keeps_templates_within_the_content_security_policy(template):
    """style-src 'self' blocks inline styles; script-src needs src= or the request's nonce."""
    source = template.read_text()
    assert not re.search(r"\sstyle\s*=", source, re.IGNORECASE), "inline style attribute"
    assert not re.search(r"<style\b", source, re.IGNORECASE), "inline <style> element"
    for script in re.findall(r"<script\b[^>]*>", source, re.IGNORECASE):
        assert re.search(r"\bsrc=", script) or 'nonce="{{ request.csp_nonce }}"' in script, (
            f"script without src or nonce: {script}"
        )
    assert not re.search(r"\son[a-z]+\s*=", source), "inline event handler"


@pytest.mark.parametrize("template", all_templates(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_it_never_says_offender(template):
    assert "offender" not in template.read_text().lower()


# --- Built assets ---------------------------------------------------------------------------


def test_it_ships_the_built_assets():
    css = (STATIC / "css" / "app.css").read_text()
    for selector in (
        ".govuk-generic-header",
        ".govuk-service-navigation",
        ".moj-identity-bar",
        ".moj-sub-navigation",
        ".moj-timeline",
        ".app-identity-bar",
        ".app-count",
    ):
        assert selector in css
    assert "GDS Transport" not in css
    assert "system-ui" in css
    # Every image the CSS refers to is shipped, except the Royal Arms it never shows.
    for url in set(re.findall(r"url\(\"?(/static/mydirection/images/[^\")]+)\"?\)", css)):
        if url.endswith("govuk-crest.svg"):
            continue
        assert (STATIC / url.removeprefix("/static/mydirection/")).is_file(), url
    shipped = {str(p.relative_to(STATIC)) for p in STATIC.rglob("*") if p.is_file()}
    assert {"css/app.css", "js/govuk-frontend.min.js", "js/moj-frontend.min.js", "js/init.js"} <= (
        shipped
    )
    assert not any(name.startswith("fonts/") or name.endswith(".map") for name in shipped)
    assert "images/govuk-crest.svg" not in shipped


def test_it_starts_components_again_after_htmx_swaps():
    init = (STATIC / "js" / "init.js").read_text()
    assert 'import { initAll as initGovUK } from "./govuk-frontend.min.js";' in init
    assert 'import { initAll as initMoJ } from "./moj-frontend.min.js";' in init
    assert '"htmx:afterSwap"' in init
    assert "export{" in (STATIC / "js" / "govuk-frontend.min.js").read_text()


def test_it_ships_axe_for_the_browser_tests():
    axe = Path(settings.BASE_DIR) / "tests" / "browser" / "vendor" / "axe.min.js"
    assert axe.is_file()
    assert "axe" in axe.read_text()[:2000]
