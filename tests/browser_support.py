"""Helpers for tests that open built pages in Debian's Chromium through Playwright."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scripts.tools.chromium import CHROMIUM, CHROMIUM_ARGS
from scripts.tools.project_copy import ROOT

# Material's script sets window.component$ as the last step of its start: from then on the
# theme's components (header, sidebars, search dialog, tables) are running.
THEME_STARTED = "() => window.component$ !== undefined"

# True once a link of the navigation drawer is on screen, where a tap can reach it: the drawer
# has slid in and is drawn.
DRAWER_LINK_ON_SCREEN = """() => [
  ...document.querySelectorAll(".md-sidebar--primary a.md-nav__link")].some(link => {
    const box = link.getBoundingClientRect();
    return link.checkVisibility() && box.left >= 0 && box.right <= innerWidth
           && box.width > 0 && box.top >= 0 && box.top < innerHeight;
  })"""


def wait_for_theme(page, timeout: float = 15_000) -> None:
    """Start Material's script on the page open in `page` (Playwright) as a reader does, by
    moving the pointer, and wait until it has started.

    The script is loaded only on the reader's first action (scripts/site/theme_patches.py),
    so a test that uses what the theme does (locking scrolling under the search dialog,
    sizing the sidebars, the header's title while scrolling) calls this after opening a
    page. The pointer moves within the header's left corner, where no tooltip opens."""
    page.mouse.move(2, 2)
    page.mouse.move(3, 3)
    page.wait_for_function(THEME_STARTED, timeout=timeout)


# Planted by hostile fixtures: any of these running sets window.__pwned or opens a dialog.
PROBE = "window.__pwned === undefined ? null : String(window.__pwned)"


def no_script_ran(pages: list[Path]) -> dict[str, str]:
    """Open each page, hover and focus everything; report pages where planted script ran.

    Runs in a child process: Playwright's sync API will not start a second browser while
    another test's session browser is open in this process.
    """
    done = subprocess.run(
        [sys.executable, "-c", "import sys, json; from tests.browser_support import "
         "_probe; print(json.dumps(_probe(sys.argv[1:])))", *map(str, pages)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"the browser probe failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _probe(page_paths: list[str]) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    pages = [Path(path) for path in page_paths]

    ran: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(java_script_enabled=True)
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in pages:
                page.goto(path.resolve().as_uri())
                page.wait_for_load_state("load")
                for element in page.query_selector_all("body *")[:400]:
                    try:
                        element.dispatch_event("mouseover")
                        element.dispatch_event("focus")
                    except Exception:  # detached while iterating; nothing to probe there
                        continue
                value = page.evaluate(PROBE)
                if value is not None or dialogs:
                    ran[str(path)] = value or f"dialog: {dialogs}"
        finally:
            browser.close()
    return ran
