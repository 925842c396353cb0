"""axe-core, from the front end's development dependencies, run inside a page under test."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from tests.services import skip_or_fail

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


@cache
def axe_source() -> str:
    """The axe-core script; skipped (failed in CI) until `npm ci` ran in frontend/."""
    if not AXE.is_file():
        skip_or_fail(f"axe-core not installed at {AXE} (run `npm ci` in frontend/)")
    return AXE.read_text(encoding="utf-8")


def summary(violations: list[dict[str, Any]]) -> str:
    """One line per violation and node, to read in a failed assertion."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']}: {node['target']} — {node['failureSummary']}")
    return "\n".join(lines)


async def violations(page) -> list[dict[str, Any]]:
    """Inject axe-core into an async Playwright page and run every rule (target size too)."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools: the pages' Content-Security-Policy refuses inline scripts
        await page.evaluate(axe_source())
    result = await page.evaluate(
        """() => axe.run(document, {
            resultTypes: ["violations"],
            rules: {"target-size": {enabled: true}},
        })"""
    )
    return result["violations"]
