"""scripts/tools/serve.py serves a site as GitHub Pages does (sub-path, gzip, 404.html, types);
the live preview (scripts/mkdocs_adapter/serve.py) shows a failed build's message in the
browser, recovers after the fix, and builds once per save."""

from __future__ import annotations

import gzip
import html
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.mkdocs_adapter import serve as serve_module
from scripts.tools import preview_pages
from scripts.tools.serve import SiteServer, base_path, configured_site_url

BASE = "/netralitas-asn/"


@pytest.fixture
def server(tmp_path) -> SiteServer:
    site = tmp_path / "site"
    (site / "en" / "page").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "index.html").write_text("<!doctype html><title>home</title>" + "x" * 2000)
    (site / "en" / "page" / "index.html").write_text("<!doctype html><title>en page</title>")
    (site / "404.html").write_text("<!doctype html><title>not here</title>")
    (site / "assets" / "main.css").write_text("body { color: black; }\n" * 100)
    (site / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    (site / "assets" / "chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("outside the site")
    server = SiteServer(site, BASE).start()
    yield server
    server.stop()


def get(server: SiteServer, path: str, gzip_ok: bool = True, method: str = "GET"):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Accept-Encoding": "gzip, deflate"} if gzip_ok else {}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_pages_are_served_under_the_sub_path_gzip_compressed(server):
    response, body = get(server, BASE)
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.getheader("Vary")
    assert gzip.decompress(body).startswith(b"<!doctype html><title>home")
    assert int(response.getheader("Content-Length")) == len(body) < 2000


def test_plain_bytes_for_clients_that_do_not_accept_gzip(server):
    response, body = get(server, BASE + "assets/main.css", gzip_ok=False)
    assert response.status == 200 and response.getheader("Content-Encoding") is None
    assert response.getheader("Content-Type") == "text/css; charset=utf-8"
    assert body.startswith(b"body {")


@pytest.mark.parametrize(("path", "kind", "compressed"), [
    ("assets/main.css", "text/css; charset=utf-8", True),
    ("assets/chart.svg", "image/svg+xml", True),
    ("assets/logo.png", "image/png", False),
    ("en/page/", "text/html; charset=utf-8", True),
])
def test_content_types(server, path, kind, compressed):
    response, _ = get(server, BASE + path)
    assert response.status == 200
    assert response.getheader("Content-Type") == kind
    assert (response.getheader("Content-Encoding") == "gzip") is compressed


def test_missing_paths_get_the_sites_404_page(server):
    response, body = get(server, BASE + "no/such/page/")
    assert response.status == 404
    assert b"not here" in gzip.decompress(body)


def test_outside_the_sub_path_and_outside_the_folder_nothing_is_served(server):
    assert get(server, "/")[0].status == 404
    assert get(server, "/index.html")[0].status == 404
    response, body = get(server, BASE + "../secret.txt", gzip_ok=False)
    assert response.status == 404 and b"outside" not in body
    response, body = get(server, BASE + "%2e%2e/secret.txt", gzip_ok=False)
    assert response.status == 404 and b"outside" not in body


def test_folders_without_a_slash_are_redirected(server):
    response, _ = get(server, BASE + "en/page")
    assert response.status == 301
    assert response.getheader("Location") == BASE + "en/page/"
    response, _ = get(server, BASE.rstrip("/"))
    assert response.status == 301 and response.getheader("Location") == BASE


def test_head_sends_headers_only(server):
    response, body = get(server, BASE, method="HEAD")
    assert response.status == 200 and body == b""
    assert int(response.getheader("Content-Length")) > 0


def test_transfer_size_is_what_is_sent_and_stable(server):
    _, body = get(server, BASE + "assets/main.css")
    assert server.transfer_size(BASE + "assets/main.css") == len(body)
    assert server.transfer_size(BASE + "assets/main.css") == len(body)  # cached, same
    assert server.transfer_size(BASE + "assets/logo.png") == 508  # not compressed
    assert server.transfer_size(BASE + "en/page") == 0  # a redirect has no body


def test_base_path_and_configured_site_url(monkeypatch, tmp_path: Path):
    assert base_path("http://127.0.0.1:9/netralitas-asn/") == BASE
    assert base_path("netralitas-asn") == BASE
    assert base_path("https://example.org") == "/"
    monkeypatch.setenv("SITE_URL", "https://x.github.io/repo/")
    assert configured_site_url() == "https://x.github.io/repo/"
    monkeypatch.delenv("SITE_URL")
    config = tmp_path / "mkdocs.yml"
    config.write_text('site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/other/"]\n')
    assert base_path(configured_site_url(config)) == "/other/"


# --- The live preview (scripts/mkdocs_adapter/serve.py) ----------------------------------------

PREVIEW_BASE = "/proyek-uji/"  # the fixture project's site_url path


class Preview:
    """`python -m scripts.mkdocs_adapter.serve` on a project copy, on a free port."""

    def __init__(self, project: Path, *options: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log_path = project / "preview.log"
        self.log_file = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scripts.mkdocs_adapter.serve",
             "--dev-addr", f"127.0.0.1:{self.port}", *options],
            cwd=project, stdout=self.log_file, stderr=subprocess.STDOUT,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1764000000"})
        try:
            wait_until(lambda: "Serving on" in self.log(), 300, self.log)
        except AssertionError:
            self.stop()
            raise

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def builds(self) -> int:
        """Builds finished so far, successful or not."""
        return len(re.findall(r"Preview built in|Preview build failed", self.log()))

    def get(self, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request("GET", PREVIEW_BASE + path)
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        connection.close()
        return response.status, body

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log_file.close()


def wait_until(condition, seconds: float, explain=lambda: "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {seconds} s\n{explain()[-3000:]}")
        time.sleep(0.1)


@pytest.fixture
def preview(small_project) -> Preview:
    running = Preview(small_project)
    yield running
    running.stop()


def test_a_failed_build_shows_its_message_in_the_browser_and_a_fix_reloads(preview,
                                                                              small_project):
    page = small_project / "docs" / "referensi.md"
    original = page.read_text(encoding="utf-8")
    assert preview.get("")[0] == 200
    line = original.count("\n") + 1
    # An ampersand in the message: the page must show it escaped.
    page.write_text(original + "Baca [ini](tidak&ada.md).\n", encoding="utf-8")
    wait_until(lambda: preview.get("")[0] == 500, 120, preview.log)
    message = f"docs/referensi.md:{line}: the page &#x27;tidak&amp;ada.md&#x27; does not exist"
    for path, heading in (("", "Build pratinjau gagal"), ("referensi/", "Build pratinjau gagal"),
                          ("en/", "The preview build failed")):
        status, body = preview.get(path)
        assert status == 500 and heading in body and message in body, body
        assert "tidak&ada" not in body
        assert "livereload(" in body  # the page reloads after the next build
    assert preview.process.poll() is None  # still serving
    page.write_text(original, encoding="utf-8")
    wait_until(lambda: preview.get("referensi/")[0] == 200, 120, preview.log)
    status, body = preview.get("en/")
    assert status == 200 and "preview build failed" not in body


@pytest.mark.parametrize("case", ["unknown citation key", "notebook cell raises",
                                  "csv negative count", "unreadable citation record"])
def test_each_stage_s_message_reaches_the_browser(preview, small_project, case):
    """Mistakes from the catalogue (tests/test_bad_inputs.py) found at different stages of
    a build: the page, a notebook, the data, the project's input check."""
    from tests.test_bad_inputs import CASES

    expected = CASES[case](small_project)
    wait_until(lambda: preview.get("")[0] == 500, 180, preview.log)
    shown = html.unescape(preview.get("en/")[1])
    for part in expected:
        assert part in shown, f"{case}: {part!r} not in\n{shown[-3000:]}"
    assert "Traceback" not in preview.log()


def test_one_save_makes_exactly_one_build(preview, small_project):
    page = small_project / "docs" / "index.md"
    assert preview.builds() == 1
    page.write_text(page.read_text(encoding="utf-8") + "\nKalimat baru dari penulis.\n",
                    encoding="utf-8")
    wait_until(lambda: "Kalimat baru dari penulis." in preview.get("")[1], 120, preview.log)
    # What tools write beside the sources is no reason to build: an editor's swap file, a
    # compiled module.
    (small_project / "docs" / ".index.md.swp").write_bytes(b"swap")
    (small_project / "scripts" / "__pycache__").mkdir(exist_ok=True)
    (small_project / "scripts" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"")
    # Longer than the watcher's settling time and a whole fixture build: a build that wrote
    # into a watched folder would have started another one by now.
    time.sleep(4)
    assert preview.builds() == 2, preview.log()


def test_each_save_is_served_incrementally_or_by_a_full_build_as_it_needs(small_project):
    """From the browser's side: a page's body and a table go incremental (the log says which
    build was which), a broken save shows its message and the fix recovers, the navigation
    needs a full build."""
    from tests.test_serve_incremental import edit, like_the_site

    like_the_site(small_project)
    preview = Preview(small_project)
    try:
        page = small_project / "docs" / "referensi.md"
        original = page.read_text(encoding="utf-8")
        page.write_text(original + "\nKalimat pratinjau cepat.\n", encoding="utf-8")
        wait_until(lambda: "Kalimat pratinjau cepat." in preview.get("referensi/")[1], 120,
                   preview.log)
        page.write_text(original + "Baca [ini](tidak-ada.md).\n", encoding="utf-8")
        wait_until(lambda: preview.get("referensi/")[0] == 500, 120, preview.log)
        assert "docs/referensi.md:" in html.unescape(preview.get("en/")[1])
        page.write_text(original, encoding="utf-8")
        wait_until(lambda: preview.get("referensi/")[0] == 200, 120, preview.log)
        edit(small_project / "notebooks" / "data" / "cases.csv", "reported,1250,",
             "reported,1300,")
        wait_until(lambda: "1.300" in preview.get("referensi/")[1], 300, preview.log)
        assert "1,300" in preview.get("en/nilai/")[1]
        # The page, its fix and the table; the broken save is logged as a failed build.
        assert preview.log().count("the changed pages only") == 3, preview.log()
        assert "Full rebuild" not in preview.log()
        edit(small_project / "mkdocs.yml", "  - Tentang:\n", "  - Tentang kami:\n")
        edit(small_project / "mkdocs.yml", "Tentang: About", "Tentang kami: About")
        wait_until(lambda: "Tentang kami" in preview.get("")[1], 120, preview.log)
        assert "Full rebuild: mkdocs.yml is not a page." in preview.log()
    finally:
        preview.stop()


def test_one_language_preview_says_what_it_leaves_out(small_project):
    preview = Preview(small_project, "--language", "id")
    try:
        status, home = preview.get("")
        assert status == 200
        assert "English (tidak dibangun dalam pratinjau ini)" in home  # the switcher
        assert "indeksnya dibuat oleh python3 scripts/dev.py build" in home  # the search box
        status, english = preview.get("en/referensi/")
        assert status == 404 and '<html lang="en">' in english
        assert "builds the Indonesian pages only" in english and "livereload(" in english
        assert not (Path(preview_site(preview)) / "en").exists()
    finally:
        preview.stop()


def preview_site(preview: Preview) -> str:
    """The folder the preview builds into, from its log."""
    return re.search(r"Building 'id' documentation to directory: (\S+)", preview.log())[1]


@pytest.mark.parametrize(("path", "ignored"), [
    ("docs/index.md", False),
    ("notebooks/data/cases.csv", False),
    ("scripts/__pycache__/hooks.cpython-311.pyc", True),
    ("docs/.index.md.swp", True),
    ("docs/index.md~", True),
    ("docs/#index.md#", True),
    ("docs/4913", True),
    ("notebooks/.ipynb_checkpoints/kasus-checkpoint.md", True),
])
def test_what_the_watcher_ignores(path, ignored):
    assert serve_module.ignored(f"/p/{path}", "/p") is ignored


def test_preview_pages_speak_the_pages_language_and_escape():
    assert preview_pages.language_of_address("en/metode/x/") == "en"
    assert preview_pages.language_of_address("metode/x/") == "id"
    page = preview_pages.error_page(["docs/a.md:3: <b>bad</b> & worse"], "en")
    assert '<html lang="en">' in page and "&lt;b&gt;bad&lt;/b&gt; &amp; worse" in page
    assert "http" not in page  # loads nothing from any host
    indonesian = preview_pages.left_out_page("language", "en")
    assert '<html lang="en">' in indonesian and "Indonesian pages only" in indonesian
    html = ('<html lang="en"><body><div class="md-search" data-brief-search="./pagefind/" '
            'data-empty="Type to start searching" data-one="1 found"><div '
            'id="brief-search-status" role="status">Type to start searching</div></div>')
    noticed = preview_pages.with_search_notice(html)
    assert noticed.count("its index is made by python3 scripts/dev.py build") == 2
    assert 'data-one="1 found"' in noticed and "Type to start" not in noticed
    assert preview_pages.with_search_notice("<p>x</p>") == "<p>x</p>"
