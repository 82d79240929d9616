"""scripts/tools/serve.py serves a site as GitHub Pages does (sub-path, gzip, 404.html, types)."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path

import pytest

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
