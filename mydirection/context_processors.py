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
    ),
    NavItem(
        "Diary",
        "appointments:diary",
        Capability.HOLD_CASELOAD,
        sections=("appointments:diary", "appointments:team-diary", "appointments:enforcement"),
    ),
    NavItem("Team", "caseload:team", Capability.LEAD_A_TEAM),
    NavItem("Referral decisions", "interventions:decisions", Capability.REVIEW_DECISIONS),
    NavItem(
        "Fund requests",
        "fund:waiting",
        Capability.DECIDE_FUND_REQUESTS,
        sections=("fund:decision",),
    ),
    NavItem(
        "Sessions",
        "app-access:sessions",
        Capability.WORK_IN_A_TEAM,
        sections=("app-access:session", "app-access:confirm-attendance"),
    ),
    NavItem(
        "Messages",
        "messaging:inbox",
        Capability.READ_THE_INBOX,
        sections=("messaging:inbox", "messaging:flagged"),
    ),
    NavItem("Search", "caseload:search", Capability.HOLD_CASELOAD),
    NavItem(
        "Interventions",
        "interventions:catalogue",
        Capability.SEE_INTERVENTIONS,
        sections=CATALOGUE_PAGES,
    ),
    NavItem("Enabling Fund", "fund:pots", Capability.MANAGE_FUNDS, sections=FUND_POT_PAGES),
    # --- Co-creation: the lead's and a reporter's stories (one item: the lead may report too).
    NavItem("Stories", "cocreation:home", Capability.CURATE_STORIES, sections=("cocreation",)),
    NavItem("Staff", "staff:list", Capability.ADMINISTER_STAFF),
    NavItem("Import cases", "caseload:import-cases", Capability.IMPORT_CASES),
    NavItem(
        "Evaluation",
        "evaluation:home",
        Capability.EVALUATE,
        sections=("evaluation",),
    ),
    # --- Staff learning: the organiser's days and sets; everyone's own learning and log.
    NavItem("Learning", "learning:home", Capability.ORGANISE_LEARNING, sections=LEARNING_PAGES),
    NavItem("My learning", "learning:mine", Capability.LEARN, sections=MY_LEARNING_PAGES),
    NavItem("Access log", "access:log-search", Capability.AUDIT_ACCESS, sections=("access",)),
    NavItem("Data rights", "rights:requests", Capability.HANDLE_DATA_RIGHTS, sections=("rights",)),
    # A partner worker's and a volunteer's only pages.
    NavItem("Referrals", "partner:referrals", Capability.RECEIVE_REFERRALS, sections=("partner",)),
    NavItem("My groups", "interventions:groups", Capability.HELP_RUN_GROUPS),
    NavItem(
        "Stories",
        "cocreation:home",
        Capability.CAPTURE_STORIES,
        sections=("cocreation",),
    ),
    # --- Volunteering: a volunteer's own sessions, circles, hours and expenses.
    NavItem("My volunteering", "volunteering:mine", Capability.VOLUNTEER, sections=VOLUNTEER_PAGES),
    # --- The Time Bank: its coordinator's pages; a member's (a community member, a volunteer).
    NavItem("Time Bank", "timebank:home", Capability.COORDINATE_TIME_BANK, sections=("timebank",)),
    NavItem(
        "Offers and requests",
        "timebank:listings",
        Capability.USE_TIME_BANK,
        sections=TIME_BANK_LISTING_PAGES,
    ),
    NavItem(
        "My Time Bank", "timebank:me", Capability.USE_TIME_BANK, sections=TIME_BANK_MEMBER_PAGES
    ),
    # --- Volunteering: the coordinator's pages (a volunteer's own are under "volunteering"
    # too, but no coordinator sees them).
    NavItem(
        "Volunteering",
        "volunteering:home",
        Capability.COORDINATE_VOLUNTEERS,
        sections=("volunteering",),
    ),
    # --- What the service changed from people's stories: after everyone's own work.
    NavItem("You said, we did", "cocreation:you-said-we-did", Capability.SEE_CHANGES),
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


def service_navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """The header navigation for the signed-in member of staff, by capability."""
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
                "current": current,
                "active": current or within,
                "count": _count(item, request),
            }
        )
    return items


def service(request: HttpRequest) -> dict[str, Any]:
    home = _reverse("start") if _is_staff(request) else None
    links: tuple[tuple[str, str], ...] = FOOTER_LINKS
    if _is_staff(request) and knows_only_the_time_bank(request.user):  # type: ignore[arg-type]
        links = TIME_BANK_FOOTER_LINKS
    footer = [{"text": text, "href": reverse(name)} for text, name in links]
    may_use_the_api = _is_staff(request) and may(request.user, Capability.USE_THE_API)  # type: ignore[arg-type]
    return {
        "service_name": "MyDirection",
        "demo_mode": settings.DEMO_MODE,
        "service_home_url": home or "/",
        "service_navigation": service_navigation(request),
        "footer_links": footer,
        "api_tokens_url": _reverse("api-tokens:list") if may_use_the_api else None,
    }
