"""Helpers for end-to-end tests in Debian's Chromium driven by Playwright.

Never a downloaded browser: the executable is /usr/bin/chromium (apt-get install chromium).
axe-core comes from the npm registry (package.json) and is evaluated in the page,
because the Content Security Policy blocks injected <script> tags.
"""

from __future__ import annotations

import re
from pathlib import Path

from pilot.testing.services import require

CHROMIUM = Path("/usr/bin/chromium")
BASE_DIR = Path(__file__).resolve().parents[2]  # the checkout
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def require_chromium() -> None:
    require(CHROMIUM.exists(), "Debian's chromium is not installed (apt-get install chromium)")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/screenshots/ named by page and viewport width."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page; return violations of the given impacts."""
    require(AXE.exists(), "axe-core is not installed (npm install)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    violations = page.evaluate("async () => (await axe.run()).violations")
    return [v for v in violations if v.get("impact") in impacts]


def assert_accessible(page) -> None:
    bad = axe_violations(page)
    summary = "\n".join(f"{v['impact']}: {v['id']} - {v['help']} ({len(v['nodes'])} nodes)" for v in bad)
    assert not bad, f"accessibility violations on {page.url}:\n{summary}"


def login(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the real login form."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
