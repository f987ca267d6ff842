"""Browser tests: Playwright for Python driving the system Chromium (never a downloaded
browser). Without Chromium, `make test` says so in one line and skips only these tests;
in CI (FORO_REQUIRE_BROWSER=1) a missing Chromium is an error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures
# make are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("FORO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
SCREENSHOTS = (
    Path(os.environ.get("FORO_SCREENSHOTS", "")) if os.environ.get("FORO_SCREENSHOTS") else None
)


def pytest_report_header(config):
    if not HAVE_CHROMIUM:
        return "browser tests: no Chromium at /usr/bin/chromium (apt-get install chromium) - they will be skipped"
    return f"browser tests: {CHROMIUM}"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    browser_items = [i for i in items if Path(str(i.fspath)).is_relative_to(here)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if HAVE_CHROMIUM:
        return
    if os.environ.get("FORO_REQUIRE_BROWSER"):
        raise pytest.UsageError(
            f"FORO_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}"
        )
    skip = pytest.mark.skip(reason="no Chromium on this machine (apt-get install chromium)")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, accounts):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def sign_in(page, username: str, password: str = "demo") -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page; return violations of the given impact."""
    # evaluated through the DevTools protocol, which the page's CSP does not govern (a
    # <script> tag would be inline script, refused by foro's Content-Security-Policy)
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
