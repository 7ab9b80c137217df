"""Accessibility checks with axe-core, and documentation screenshots, for browser tests.

``assert_accessible(page)`` runs the vendored axe-core (tests/browser/vendor/axe.min.js,
npm axe-core 4.14.1) on the page as it is now, with the WCAG 2.0, 2.1 and 2.2 level A and AA
rules, and fails with a readable list of violations.

``save_screenshot(page, name)`` takes a full-page screenshot. It writes
docs/screenshots/<name>.png only when MYDIRECTION_SCREENSHOTS=1 (``make screenshots``), so
that the ordinary test run exercises the same code without rewriting committed files.
"""

import functools
import os
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"

# axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA. (axe has no "wcag22a" tag:
# WCAG 2.2's new level-A criteria have no automated rules.)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """async (tags) => {
    const results = await window.axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
    }));
}"""


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The WCAG A/AA violations axe-core finds on the page as it is now."""
    # A journey checks a page after it has waited for the page's own content; this also waits
    # for a navigation already committed to finish loading, so axe never runs on no document.
    page.wait_for_load_state("load")
    # evaluate() goes through the DevTools protocol, so the page's Content Security Policy
    # (no inline scripts) does not block it, and the page is tested with its real CSP.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, WCAG_TAGS)
    return violations


def format_violations(violations: list[dict[str, Any]], url: str = "") -> str:
    lines = [f"{len(violations)} accessibility violation(s){' on ' + url if url else ''}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("summary") or "").strip()
            lines.extend(f"       {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    """Fail if axe-core finds any WCAG 2.0/2.1/2.2 A or AA violation on the page."""
    violations = axe_violations(page)
    assert not violations, format_violations(violations, page.url)


def save_screenshot(page: Any, name: str) -> bytes:
    """A full-page PNG; written to docs/screenshots/<name>.png under ``make screenshots``."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ValueError(f"screenshot names are lower-case words and hyphens, not {name!r}")
    png: bytes = page.screenshot(full_page=True, animations="disabled", caret="hide")
    if os.environ.get("MYDIRECTION_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{name}.png").write_bytes(png)
    return png
