"""The app's rules for Community Reporting, without the database."""

from datetime import date
from typing import Any

from mydirection.cocreation import app_rules

WAS: dict[str, Any] = {
    "was_analysis": True,
    "was_workshops": True,
    "was_channels": ["report", "website"],
    "was_identification": "first_name",
    "was_expires_on": date(2030, 1, 1),
}
SAME: dict[str, Any] = {
    "analysis": True,
    "workshops": True,
    "channels": ["report", "website"],
    "identification": "first_name",
    "expires_on": date(2030, 1, 1),
}


def test_a_peer_is_named_by_the_first_name_they_gave_or_a_peer() -> None:
    assert app_rules.peer_name("  Sam Jones ") == "Sam"
    assert app_rules.peer_name("") == "A peer"


def test_the_same_or_less_is_narrowing() -> None:
    assert not app_rules.widens(**WAS, **SAME)
    narrower = SAME | {
        "analysis": False,
        "channels": ["report"],
        "identification": "anonymous",
        "expires_on": date(2029, 1, 1),
    }
    assert not app_rules.widens(**WAS, **narrower)


def test_anything_more_widens() -> None:
    more: dict[str, Any]
    for more in (
        {"channels": ["report", "website", "press"]},
        {"identification": "name"},
        {"expires_on": None},
        {"expires_on": date(2031, 1, 1)},
    ):
        assert app_rules.widens(**WAS, **(SAME | more)), more
    assert app_rules.widens(**(WAS | {"was_workshops": False}), **SAME)
