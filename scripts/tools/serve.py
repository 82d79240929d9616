"""Serve a built site the way GitHub Pages does, for the browser tests and Lighthouse.

    python -m scripts.tools.serve [--site-dir site] [--port 8000] [--base /netralitas-asn/]

What matters for the checks, and what GitHub Pages does too:
- the site lives under the sub-path of `site_url` (a project site: `/<repository>/`);
  anything outside it is a plain 404;
- text responses are gzip-compressed when the client accepts it (`Content-Encoding: gzip`,
  `Vary: Accept-Encoding`), so page weights measured here are what readers download;
- a folder is served by its `index.html`; a folder asked for without its trailing slash is
  redirected (301) to the address with the slash;
- a missing path under the site gets the site's own `404.html` with status 404;
- content types are explicit (`text/html; charset=utf-8`, `image/svg+xml`, ...), not
  guessed from the machine's mime database, so every machine serves the same headers.

Compressed bodies are made with a fixed level and no timestamp, so a file's transfer size is
the same on every run: `SiteServer.transfer_size()` gives it to the page-weight budget.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scripts.paths import ROOT

DEFAULT_SITE_URL = "http://127.0.0.1:8000/netralitas-asn/"
GZIP_LEVEL = 6  # what common static hosts use; fixed so sizes do not drift
# GitHub Pages lets browsers and proxies keep files for ten minutes.
CACHE_CONTROL = "max-age=600"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".bib": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".gz": "application/gzip",
}
FALLBACK_TYPE = "application/octet-stream"
# Already-compressed formats gain nothing from gzip (GitHub Pages leaves them alone too).
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|manifest\+json)|image/svg)")


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), FALLBACK_TYPE)


def base_path(site_url: str) -> str:
    """`http://host/netralitas-asn/` or `netralitas-asn` -> `/netralitas-asn/`; `/` for none."""
    path = urlsplit(site_url).path.strip("/")
    return f"/{path}/" if path else "/"


def configured_site_url(config_file: Path = ROOT / "mkdocs.yml") -> str:
    """site_url as a build would see it: SITE_URL when set, else mkdocs.yml's default."""
    if os.environ.get("SITE_URL"):
        return os.environ["SITE_URL"]
    # The value is written `!ENV [SITE_URL, "default"]`; a plain YAML load cannot read tags.
    match = re.search(r'^site_url:.*?"([^"]+)"', config_file.read_text(encoding="utf-8"),
                      re.MULTILINE)
    return match.group(1) if match else DEFAULT_SITE_URL


@dataclass(frozen=True)
class Resolved:
    status: int
    file: Path | None = None
    location: str | None = None


class SiteServer(ThreadingHTTPServer):
    """An HTTP server for one built site folder under one base path."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site_dir: Path, base: str = "/", host: str = "127.0.0.1", port: int = 0):
        self.site_dir = Path(site_dir).resolve()
        self.base = base_path(base)
        self._gzip_cache: dict[tuple[Path, int, int], bytes] = {}
        self._lock = threading.Lock()
        super().__init__((host, port), _Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        """The site's address, ending with the base path."""
        return f"http://{self.server_address[0]}:{self.port}{self.base}"

    def resolve(self, url_path: str) -> Resolved:
        """What a request for `url_path` gets: a file, a redirect, or a 404."""
        path = unquote(urlsplit(url_path).path)
        if path + "/" == self.base:
            return Resolved(HTTPStatus.MOVED_PERMANENTLY, location=self.base)
        if not path.startswith(self.base):
            return Resolved(HTTPStatus.NOT_FOUND)
        relative = path[len(self.base):]
        target = (self.site_dir / relative).resolve()
        if not target.is_relative_to(self.site_dir):  # `..` tricks stay inside the site
            return self._not_found()
        if target.is_dir():
            if not path.endswith("/"):
                return Resolved(HTTPStatus.MOVED_PERMANENTLY, location=path + "/")
            target = target / "index.html"
        if target.is_file():
            return Resolved(HTTPStatus.OK, file=target)
        return self._not_found()

    def _not_found(self) -> Resolved:
        page = self.site_dir / "404.html"
        return Resolved(HTTPStatus.NOT_FOUND, file=page if page.is_file() else None)

    def body(self, file: Path, accepts_gzip: bool) -> tuple[bytes, bool]:
        """The bytes to send for `file` and whether they are gzip-compressed."""
        data = file.read_bytes()
        if not (accepts_gzip and COMPRESSIBLE.match(content_type(file))):
            return data, False
        stat = file.stat()
        key = (file, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key not in self._gzip_cache:
                self._gzip_cache[key] = gzip.compress(data, GZIP_LEVEL, mtime=0)
            return self._gzip_cache[key], True

    def transfer_size(self, url_path: str) -> int:
        """Body bytes a gzip-accepting browser downloads for `url_path` (0 for a redirect)."""
        resolved = self.resolve(url_path)
        if resolved.file is None:
            return 0
        return len(self.body(resolved.file, accepts_gzip=True)[0])

    def start(self) -> SiteServer:
        """Serve from a background thread; returns self (use `stop()` to end)."""
        thread = threading.Thread(target=self.serve_forever, name="site-server", daemon=True)
        thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "brief-serve"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        resolved = self.server.resolve(self.path)
        if resolved.location:
            self.send_response(resolved.status)
            self.send_header("Location", resolved.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if resolved.file is None:
            body, compressed, kind = b"Not Found\n", False, "text/plain; charset=utf-8"
        else:
            accepts = "gzip" in self.headers.get("Accept-Encoding", "").lower()
            body, compressed = self.server.body(resolved.file, accepts)
            kind = content_type(resolved.file)
        self.send_response(resolved.status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        if COMPRESSIBLE.match(kind):
            self.send_header("Vary", "Accept-Encoding")
        if compressed:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        if os.environ.get("SERVE_LOG"):
            super().log_message(format, *args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--base", default=None,
                        help="sub-path the site lives under (default: from site_url)")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"No built site in {args.site_dir}: run `python3 scripts/dev.py build` first.")
        return 1
    base = args.base or base_path(configured_site_url())
    server = SiteServer(args.site_dir, base, args.host, args.port)
    os.environ["SERVE_LOG"] = "1"
    print(f"Serving {args.site_dir} at {server.url} (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
