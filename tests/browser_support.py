"""Helpers for tests that open built pages in Debian's Chromium through Playwright."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Planted by hostile fixtures: any of these running sets window.__pwned or opens a dialog.
PROBE = "window.__pwned === undefined ? null : String(window.__pwned)"


def no_script_ran(pages: list[Path]) -> dict[str, str]:
    """Open each page (file URL), hover and focus everything; report pages where script ran."""
    from playwright.sync_api import sync_playwright

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
