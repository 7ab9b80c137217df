"""What every page's layout needs: the service name, demo mode and the navigation.

Keys (all pages):
    service_name        "MyDirection"
    demo_mode           settings.DEMO_MODE: shows the "Demo" phase banner
    service_home_url    the caseload for signed-in staff if that page exists, else "/"
    service_navigation  [{"text", "href", "current", "active", "count"}] for the header:
                        "current" is this very page (aria-current="page"), "active" a page
                        within that section (aria-current="true"), "count" a number of new
                        things to show beside it (unread messages), or 0
    footer_links        [{"text", "href"}] for the footer
    menu_pages          every item of the menu, with "about" (what the page is for), for the
                        "More" page; the header shows service_navigation, which may fold some
    api_tokens_url      the page of one's API tokens, beside "Change password", for those
                        who may use the API; else None

Navigation items whose URL name does not resolve are left out, so pages can arrive one by
one. A view may pass its own ``service_navigation`` to override the list.
"""

from typing import Any, NamedTuple

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from mydirection.access.policy import Capability, holds, knows_only_the_time_bank, may
from mydirection.staff.models import User


class NavItem(NamedTuple):
    text: str
    url_name: str
    # Only holders of this capability see the item (the access policy's table).
    capability: Capability
    # URL namespaces or names that count as being within this section. A page that is
    # itself another item (caseload:team) belongs to that item only.
    sections: tuple[str, ...] = ()
    # One line on the "More" page, which lists every page of one's menu.
    about: str = ""


# Appointment pages of a person's record belong to the caseload section, like the record.
PERSON_APPOINTMENT_PAGES = tuple(
    f"appointments:{name}"
    for name in (
        "list",
        "arrange",
        "detail",
        "reschedule",
        "cancel",
        "outcome",
        "decide",
        "activity",
        "hours",
    )
)

# The Interventions tab of a person's record, and its referral pages, belong there too.
PERSON_INTERVENTION_PAGES = tuple(
    f"interventions:{name}"
    for name in ("person", "refer", "referral", "withdraw-referral", "close-referral")
)

# A person's Enabling Fund requests are part of their record.
PERSON_FUND_PAGES = tuple(
    f"fund:{name}"
    for name in (
        "person",
        "ask",
        "request",
        "approve",
        "decline",
        "pay",
        "cancel",
        "receipt",
        "add-receipt",
    )
)

# The programme manager's pots.
FUND_POT_PAGES = tuple(
    f"fund:{name}" for name in ("add", "pot", "money", "rules", "add-provider", "provider", "close")
)

# The catalogue and its administration (the programme manager's pages).
CATALOGUE_PAGES = tuple(
    f"interventions:{name}"
    for name in (
        "catalogue",
        "detail",
        "add",
        "change",
        "pause",
        "reopen",
        "withdraw",
        "organisations",
        "add-organisation",
        "organisation",
    )
)

# A Time Bank member's pages, under the two items of their menu.
TIME_BANK_LISTING_PAGES = tuple(
    f"timebank:{name}" for name in ("listing", "add-listing", "propose", "add-session")
)
TIME_BANK_MEMBER_PAGES = tuple(
    f"timebank:{name}"
    for name in ("exchange", "agree", "join", "confirm", "cancel", "profile", "renew", "withdraw")
)

# A volunteer's own pages (``volunteering.mine``), under their one item.
VOLUNTEER_PAGES = tuple(
    f"volunteering:mine-{name}"
    for name in (
        "sessions",
        "session",
        "sign-up",
        "withdraw",
        "check-in",
        "remind",
        "circle",
        "record-meeting",
        "minutes",
        "concern",
        "task-done",
        "hours",
        "change-hours",
        "expenses",
        "claim",
    )
)

# Staff learning: the organiser's pages, and one's own (a set's page is both: under
# "My learning", for its members).
LEARNING_PAGES = tuple(
    f"learning:{name}"
    for name in ("home", "add-day", "day", "attendance", "add-set", "set-status", "add-meeting")
)
MY_LEARNING_PAGES = tuple(f"learning:{name}" for name in ("mine", "add-entry", "entry", "set"))

# In the order of a day's work: the first items stay in the header's row, the rest may go
# under "More" (``in_one_row``).
SERVICE_NAVIGATION = (
    NavItem(
        "Caseload",
        "caseload:home",
        Capability.HOLD_CASELOAD,
        sections=(
            "caseload",
            "people",
            *PERSON_APPOINTMENT_PAGES,
            *PERSON_INTERVENTION_PAGES,
            *PERSON_FUND_PAGES,
        ),
        about="The people you hold, what needs doing for each, and their records.",
    ),
    NavItem(
        "Diary",
        "appointments:diary",
        Capability.HOLD_CASELOAD,
        sections=("appointments:diary", "appointments:team-diary", "appointments:enforcement"),
        about="Your appointments by day and week, your team's diary and enforcement decisions.",
    ),
    NavItem(
        "Messages",
        "messaging:inbox",
        Capability.READ_THE_INBOX,
        sections=("messaging:inbox", "messaging:flagged"),
        about="Messages from people on probation, sent from their app.",
    ),
    NavItem(
        "Team",
        "caseload:team",
        Capability.LEAD_A_TEAM,
        about="Your team's caseload: who holds whom, and allocation.",
    ),
    NavItem(
        "Search",
        "caseload:search",
        Capability.HOLD_CASELOAD,
        about="Find a person on probation by name or case reference.",
    ),
    NavItem(
        "Referral decisions",
        "interventions:decisions",
        Capability.REVIEW_DECISIONS,
        about="Referrals to interventions waiting for a decision.",
    ),
    NavItem(
        "Fund requests",
        "fund:waiting",
        Capability.DECIDE_FUND_REQUESTS,
        sections=("fund:decision",),
        about="Enabling Fund requests waiting for a decision.",
    ),
    NavItem(
        "Sessions",
        "app-access:sessions",
        Capability.WORK_IN_A_TEAM,
        sections=("app-access:session", "app-access:confirm-attendance"),
        about="Reporting sessions in your office: who came, confirmed by staff.",
    ),
    NavItem(
        "Interventions",
        "interventions:catalogue",
        Capability.SEE_INTERVENTIONS,
        sections=CATALOGUE_PAGES,
        about="The interventions people can be referred to, and who runs them.",
    ),
    NavItem(
        "Enabling Fund",
        "fund:pots",
        Capability.MANAGE_FUNDS,
        sections=FUND_POT_PAGES,
        about="The fund's pots: their money, rules and providers.",
    ),
    # --- Co-creation: the lead's and a reporter's stories (one item: the lead may report too).
    NavItem(
        "Stories",
        "cocreation:home",
        Capability.CURATE_STORIES,
        sections=("cocreation",),
        about="Community Reporting: stories and their consent, insights and workshops.",
    ),
    NavItem("Staff", "staff:list", Capability.ADMINISTER_STAFF, about="Staff accounts and roles."),
    NavItem(
        "Import cases",
        "caseload:import-cases",
        Capability.IMPORT_CASES,
        about="Add or update cases from a spreadsheet.",
    ),
    NavItem(
        "Evaluation",
        "evaluation:home",
        Capability.EVALUATE,
        sections=("evaluation",),
        about="Monitoring figures, the impact report and pseudonymised extracts.",
    ),
    # --- Staff learning: the organiser's days and sets; everyone's own learning and log.
    NavItem(
        "Learning",
        "learning:home",
        Capability.ORGANISE_LEARNING,
        sections=LEARNING_PAGES,
        about="Training days and Action Learning Sets for staff.",
    ),
    NavItem(
        "My learning",
        "learning:mine",
        Capability.LEARN,
        sections=MY_LEARNING_PAGES,
        about="Your training, your learning sets and your private reflective log.",
    ),
    NavItem(
        "Access log",
        "access:log-search",
        Capability.AUDIT_ACCESS,
        sections=("access",),
        about="Who looked at or changed whose data, when and why.",
    ),
    NavItem(
        "Data rights",
        "rights:requests",
        Capability.HANDLE_DATA_RIGHTS,
        sections=("rights",),
        about="Requests to see, correct or erase personal data.",
    ),
    # A partner worker's and a volunteer's only pages.
    NavItem(
        "Referrals",
        "partner:referrals",
        Capability.RECEIVE_REFERRALS,
        sections=("partner",),
        about="Referrals sent to your organisation.",
    ),
    NavItem(
        "My groups",
        "interventions:groups",
        Capability.HELP_RUN_GROUPS,
        about="The groups you help to run.",
    ),
    NavItem(
        "Stories",
        "cocreation:home",
        Capability.CAPTURE_STORIES,
        sections=("cocreation",),
        about="The stories you have captured as a Community Reporter.",
    ),
    # --- Volunteering: a volunteer's own sessions, circles, hours and expenses.
    NavItem(
        "My volunteering",
        "volunteering:mine",
        Capability.VOLUNTEER,
        sections=VOLUNTEER_PAGES,
        about="Your sessions, circles, hours and expenses.",
    ),
    # --- The Time Bank: its coordinator's pages; a member's (a community member, a volunteer).
    NavItem(
        "Time Bank",
        "timebank:home",
        Capability.COORDINATE_TIME_BANK,
        sections=("timebank",),
        about="The Time Bank's members, offers, requests and exchanges.",
    ),
    NavItem(
        "Offers and requests",
        "timebank:listings",
        Capability.USE_TIME_BANK,
        sections=TIME_BANK_LISTING_PAGES,
        about="What members offer and ask for.",
    ),
    NavItem(
        "My Time Bank",
        "timebank:me",
        Capability.USE_TIME_BANK,
        sections=TIME_BANK_MEMBER_PAGES,
        about="Your exchanges, time credits and profile.",
    ),
    # --- Volunteering: the coordinator's pages (a volunteer's own are under "volunteering"
    # too, but no coordinator sees them).
    NavItem(
        "Volunteering",
        "volunteering:home",
        Capability.COORDINATE_VOLUNTEERS,
        sections=("volunteering",),
        about="Volunteers, sessions, peer mentors and Life Links circles.",
    ),
    # --- What the service changed from people's stories: after everyone's own work.
    NavItem(
        "You said, we did",
        "cocreation:you-said-we-did",
        Capability.SEE_CHANGES,
        about="What the service changed because of people's stories.",
    ),
)

# The GOV.UK footer of a public service: each page exists (mydirection/pages), so a link is
# reversed without a fallback and a missing page fails loudly.
FOOTER_LINKS = (
    ("Privacy", "pages:privacy"),
    ("Cookies", "pages:cookies"),
    ("Accessibility statement", "pages:accessibility"),
)
# A Time Bank member's footer: the bank's own notice (privacy, cookies, accessibility) in
# words for members; the service's notices speak of probation, which members never read.
TIME_BANK_FOOTER_LINKS = (("Your details, cookies and accessibility", "timebank:privacy"),)


def _reverse(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _is_staff(request: HttpRequest) -> bool:
    """Signed in with both factors: between the password and the code, no menu (its unread
    count is about people's messages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "role", None):
        return False
    is_verified = getattr(user, "is_verified", None)
    return is_verified is None or bool(is_verified())


def _count(item: NavItem, request: HttpRequest) -> int:
    """New things behind a navigation item: one query, only for the item that has them."""
    if item.url_name == "messaging:inbox" and getattr(request.user, "pk", None):
        from mydirection.messaging.selectors import unread_for_staff

        return unread_for_staff(request.user)  # type: ignore[arg-type]
    return 0


# The header's menu keeps to one row on a desktop: a role with many duties (a senior case
# manager has twelve) would otherwise get a second row, which reads as a second menu. Links
# past the row go under "More", in the same order. The row is GOV.UK's page width; a link's
# width is estimated from its text, as measured in Chromium: about 9.3 px a character of the
# 19 px text and 12 px around it (a little over for most words), an unread badge 30 px plus
# 10 a digit, and 30 px to the next link. `tests/browser/test_menu.py` checks the widest
# menus stay on one row.
ROW_WIDTH = 960
LINK_GAP = 30
MORE = "More"


def _width(text: str, count: int = 0) -> float:
    badge = 30 + 10 * len(str(count)) if count else 0
    return 9.3 * len(text) + 12 + badge + LINK_GAP


def in_one_row(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The menu's items that fit the header's row, and the rest (in order) for "More"."""
    room: float = ROW_WIDTH + LINK_GAP  # the last link needs no gap after it
    if sum(_width(item["text"], item["count"]) for item in items) <= room:
        return items, []
    room -= _width(MORE)
    kept = 0
    for item in items:
        room -= _width(item["text"], item["count"])
        if room < 0:
            break
        kept += 1
    return items[:kept], items[kept:]


def menu(request: HttpRequest) -> list[dict[str, Any]]:
    """Every page of the signed-in member of staff's menu, by capability, with what each is for."""
    if not _is_staff(request):
        return []
    user: User = request.user  # type: ignore[assignment]
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    namespace = match.namespace if match else ""
    visible = [
        (item, href)
        for item in SERVICE_NAVIGATION
        if may(user, item.capability)
        and (href := _reverse(item.url_name)) is not None
        # A capability scoped to one Time Bank or membership counts only with it.
        and holds(user, item.capability)
    ]
    # One item per page (the co-creation lead who also reports sees "Stories" once).
    visible = list({href: (item, href) for item, href in reversed(visible)}.values())
    visible.reverse()
    is_an_item = any(view_name == item.url_name for item, _ in visible)
    items = []
    for item, href in visible:
        current = view_name == item.url_name
        within = not is_an_item and bool(
            (namespace and namespace in item.sections) or view_name in item.sections
        )
        items.append(
            {
                "text": item.text,
                "href": href,
                "about": item.about,
                "current": current,
                "active": current or within,
                "count": _count(item, request),
            }
        )
    return items


def folded(items: list[dict[str, Any]], view_name: str) -> list[dict[str, Any]]:
    """The items that fit the header's row, then "More" (a page listing every item) if needed."""
    shown, rest = in_one_row(items)
    if not rest:
        return items
    current = view_name == "more"
    more = {
        "text": MORE,
        "href": reverse("more"),
        "about": "",
        "current": current,
        # On a page of an item under "More", "More" is the section one is in.
        "active": current or any(item["active"] for item in rest),
        "count": sum(item["count"] for item in rest),
    }
    return [*shown, more]


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


def service_navigation(
    request: HttpRequest, pages: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The header's menu for the signed-in member of staff: ``pages`` (``menu``'s, read
    here unless given) folded to one row."""
    return folded(menu(request) if pages is None else pages, _view_name(request))


def service(request: HttpRequest) -> dict[str, Any]:
    home = _reverse("start") if _is_staff(request) else None
    links: tuple[tuple[str, str], ...] = FOOTER_LINKS
    if _is_staff(request) and knows_only_the_time_bank(request.user):  # type: ignore[arg-type]
        links = TIME_BANK_FOOTER_LINKS
    footer = [{"text": text, "href": reverse(name)} for text, name in links]
    may_use_the_api = _is_staff(request) and may(request.user, Capability.USE_THE_API)  # type: ignore[arg-type]
    pages = menu(request)  # once: the header folds it, the "More" page lists it whole
    return {
        "service_name": "MyDirection",
        "demo_mode": settings.DEMO_MODE,
        "service_home_url": home or "/",
        "service_navigation": service_navigation(request, pages),
        "menu_pages": pages,
        "footer_links": footer,
        "api_tokens_url": _reverse("api-tokens:list") if may_use_the_api else None,
    }
