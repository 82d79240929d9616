"""The live preview in a browser: a failed build replaces the open page with its message, and
the fix brings the page back, both without the author reloading anything."""

from __future__ import annotations

import pytest

from ..test_serve import PREVIEW_BASE, Preview

pytestmark = pytest.mark.browser


def test_the_open_page_shows_the_error_then_the_fixed_page(browser, small_project):
    page_file = small_project / "docs" / "referensi.en.md"
    original = page_file.read_text(encoding="utf-8")
    preview = Preview(small_project)
    tab = browser.new_page()
    foreign: list[str] = []
    tab.on("request", lambda request: foreign.append(request.url)
           if not request.url.startswith(f"http://127.0.0.1:{preview.port}/") else None)
    try:
        tab.goto(f"http://127.0.0.1:{preview.port}{PREVIEW_BASE}en/referensi/",
                 wait_until="load")
        title = tab.title()
        page_file.write_text(original + "Read [this](missing.md).\n", encoding="utf-8")
        tab.wait_for_selector("text=The preview build failed", timeout=120_000)
        assert "docs/referensi.en.md:" in tab.inner_text("main")
        page_file.write_text(original, encoding="utf-8")
        tab.wait_for_function(f"document.title === {title!r}", timeout=120_000)
        assert foreign == []
    finally:
        tab.close()
        preview.stop()
