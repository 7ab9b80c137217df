"""The person's record page: the identity bar and the tabs, which the other apps plug into.

Each app registers its tab in its ``AppConfig.ready`` (``register_tab``), and may add a flag
to the identity bar (``register_flag``) with the annotation it reads (``access.guard``'s
``annotate_record``, so the flag costs no query of its own), or a panel to the overview
(``register_overview_panel``). This module names no other
app: a new app adds its tab without touching ``people``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from mydirection.access.actor import StaffActor
from mydirection.access.policy import Action, decide
from mydirection.people.models import Person

Flag = str | dict[str, str]


@dataclass(frozen=True)
class Tab:
    text: str
    url_name: str  # takes the person's id
    # Tabs read left to right by this number; apps leave gaps for later ones.
    order: int
    # What the user must be allowed to do to the record to see the tab.
    action: Action = Action.VIEW


_TABS: dict[str, Tab] = {}
_FLAGS: list[Callable[[Person], Flag | None]] = []
_PANELS: list[Callable[[Person, StaffActor], dict[str, Any]]] = []


def register_tab(text: str, url_name: str, *, order: int, action: Action = Action.VIEW) -> None:
    """Add a tab to every person's record (once per URL name: ``ready`` may run twice)."""
    _TABS[url_name] = Tab(text, url_name, order, action)


def register_flag(flag: Callable[[Person], Flag | None]) -> None:
    """Add a flag to the identity bar: a function of the (annotated) person."""
    if flag not in _FLAGS:
        _FLAGS.append(flag)


def register_overview_panel(panel: Callable[[Person, StaffActor], dict[str, Any]]) -> None:
    """Add to the overview page: a function giving the template context its panel reads."""
    if panel not in _PANELS:
        _PANELS.append(panel)


def overview_panels(person: Person, actor: StaffActor) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for panel in _PANELS:
        context |= panel(person, actor)
    return context


def tabs() -> list[Tab]:
    return sorted(_TABS.values(), key=lambda tab: tab.order)


def _access_rules_flag(person: Person) -> Flag | None:
    return "Restricted case" if getattr(person, "has_access_rules", False) else None


def _programme_flag(person: Person) -> Flag | None:
    return "MyDirection programme" if person.programme_start else None


register_flag(_access_rules_flag)
register_flag(_programme_flag)


def person_context(person: Person, actor: StaffActor, current: str) -> dict[str, Any]:
    """What every person page's layout needs: the identity bar and the tabs, and whether the
    user may change the record (``may_change``: the pages' buttons)."""
    flags = [flag for check in _FLAGS if (flag := check(person)) is not None]
    allowed = {action: decide(actor.user, person, action).allowed for action in Action}
    return {
        "person": person,
        "may_change": allowed[Action.EDIT],
        "identity_flags": flags,
        "person_tabs": [
            {
                "text": tab.text,
                "href": reverse(tab.url_name, args=[person.pk]),
                "current": tab.url_name == current,
            }
            for tab in tabs()
            if allowed[tab.action]
        ],
    }
