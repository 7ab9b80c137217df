"""Panels on a person's Interventions tab from the apps that run an intervention themselves
(the Time Bank: the time they gave and received). This app names none of them: each
registers, in its ``AppConfig.ready``, a template and a function giving its context for the
person (None: nothing to show)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mydirection.people.models import Person

Panel = Callable[[Person], dict[str, Any] | None]


@dataclass(frozen=True)
class Registered:
    template: str
    panel: Panel


_PANELS: dict[str, Registered] = {}


def register_panel(template: str, panel: Panel) -> None:
    """Add a panel to every person's Interventions tab (once per template)."""
    _PANELS[template] = Registered(template, panel)


def panels_for(person: Person) -> list[dict[str, Any]]:
    """Each panel with something to show: its context, and ``template`` to include."""
    shown = []
    for registered in _PANELS.values():
        context = registered.panel(person)
        if context is not None:
            shown.append({"template": registered.template, **context})
    return shown
