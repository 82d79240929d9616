"""Keep the built site self-contained: nothing it shows is fetched from another host.

`find_remote_loads` lists every place in a built site's HTML, SVG, CSS or JavaScript that
would fetch from another host when a page is viewed: in HTML (read with an HTML parser) the
elements and attributes that load (`<script src>`, `<img>`, `<iframe>`, stylesheet and icon
links, ...), `url(...)` and `@import` in style attributes and `<style>`, and the address
literals of inline scripts; in CSS `url(...)` and `@import`; in JavaScript every absolute
`http(s)://` or `//host/` string literal, except the few the theme and Pagefind hold without
fetching them (listed below, each with its reason). Addresses under the site's own
`site_url` are the site itself. Notebook output is part of the pages, so it is scanned too.
The theme's own fallback loads from a public CDN are rewritten by
`scripts/site/theme_patches.py`.

Called by the MkDocs adapter after the last language pass (the build stops on any remote
load, naming the built file and the page it was built from), by
`scripts/notebooks/render.py` for one output's HTML, and by the tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from scripts.site.budgets import first_load_address
from scripts.site.output_cache import OutputCache, digest, generator_code

# Templated API calls in Material's bundle that run only when `repo_url` is configured,
# which this site deliberately leaves unset (test_offline checks that).
REPO_API_PREFIXES = ("https://api.github.com/", "https://${e}/api/v4/")
# Pagefind's script (scripts/site/search.py) parses a result's relative address against a
# placeholder host to add its anchor and highlight terms; nothing is fetched from it.
URL_PARSING_BASES = ("https://example.com${",)

# Elements and attributes that make a browser fetch something while showing a page.
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
LOADING_LINK_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
    "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
JS_URL_LITERAL = re.compile(r"""["'`](https?://[^"'`\s]+|//[a-z0-9.-]+\.[a-z]{2,}/[^"'`\s]*)""")


@dataclass(frozen=True)
class RemoteLoad:
    file: str
    where: str
    url: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where} loads {self.url}"


def is_remote(url: str) -> bool:
    """True for an absolute URL with a host (http:, https:, or protocol-relative //host)."""
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


# Script types a browser runs; JSON-LD and other data blocks in <script> are not run.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _LoadCollector(HTMLParser):
    """Every address a page fetches as it is viewed; also, in `first_loads`, the addresses
    the page-weight budget counts, so the site's pages are read once for both checks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.first_loads: list[str] = []
        self._in_style = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        tag = tag.lower()
        if (address := first_load_address(tag, values)) is not None:
            self.first_loads.append(address)
        for attribute in LOADING_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                urls = (_srcset_urls(values[attribute]) if attribute.endswith("srcset")
                        else [values[attribute]])
                self.found.extend((f"<{tag} {attribute}>", url) for url in urls)
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & LOADING_LINK_RELS:
                self.found.append((f"<link rel={values.get('rel')}>", values.get("href", "")))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = values.get("content", "").partition("url=")[2]
            self.found.append(("<meta refresh>", target))
        if "style" in values:
            self.found.extend((f"<{tag} style>", url) for url in _css_urls(values["style"]))
        self._in_style = tag == "style"
        self._in_script = tag == "script" and values.get("type", "").lower() in SCRIPT_TYPES

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() == "style":
            self._in_style = False
        if tag.lower() == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.extend(("<style>", url) for url in _css_urls(data))
        if self._in_script:
            self.found.extend(("<script> literal", url) for url in _js_urls(data))


def remote_loads_in_html(markup: str) -> list[tuple[str, str]]:
    """(where, address) of every fetch from another host that `markup` would make."""
    return _read_html(markup)[0]


def _read_html(markup: str) -> tuple[list[tuple[str, str]], list[str]]:
    """`remote_loads_in_html(markup)`, and the addresses the page-weight budget counts."""
    collector = _LoadCollector()
    collector.feed(markup)
    collector.close()
    return ([(where, url) for where, url in collector.found if is_remote(url)],
            collector.first_loads)


def _css_urls(text: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(text)]


def _js_urls(text: str) -> list[str]:
    return [url for url in JS_URL_LITERAL.findall(text)
            if not url.startswith(REPO_API_PREFIXES + URL_PARSING_BASES)]


def _is_own(url: str, site_url: str) -> bool:
    """An address of the site itself (under `site_url`, scheme aside)."""
    if not site_url:
        return False
    own = urlsplit(site_url)
    parts = urlsplit(url.strip() if not url.strip().startswith("//") else "x:" + url.strip())
    return parts.netloc == own.netloc and parts.path.startswith(own.path or "/")


def find_remote_loads(site_dir: Path, site_url: str = "", cache: OutputCache | None = None,
                      chosen: Callable[[str], bool] = lambda relative: True,
                      first_loads: dict[Path, list[str]] | None = None,
                      started: Mapping[str, Future] | None = None) -> list[RemoteLoad]:
    """Every view-time fetch from another host in the built site's HTML, CSS and JS (in the
    files whose site-relative path `chosen` accepts).

    With a cache (`scripts/site/output_cache.py`), what a file would fetch is kept by a
    digest of its bytes and of the generator's code (`scan_key`), so a file built the same
    as last time is not parsed again; a live-preview save rewrites every page, and all but
    the edited ones come out the same. `started` holds, by that key, the readings of files
    already sent to a helper process (`scan_text`), which are used instead of reading the
    file here. `first_loads`, when given, receives for each HTML file read the
    addresses the page-weight budget counts (`scripts/site/budgets.py`), from the same reading.
    """
    started = started or {}
    found: list[RemoteLoad] = []
    for path in sorted(site_dir.rglob("*")):
        kind = SCANNED_KINDS.get(path.suffix)
        if kind is None or not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        if not chosen(relative):
            continue
        data = path.read_bytes()
        if cache is None:
            loads, addresses = _read_file(data, kind)
        else:
            key = scan_key(data, kind)
            reading = started.get(key)
            loads, addresses = json.loads(cache.text(
                key, reading.result if reading is not None
                else lambda data=data, kind=kind: scan_text(data, kind)))
        found += [RemoteLoad(relative, where, url) for where, url in loads]
        if first_loads is not None and kind == "html":
            first_loads[path] = addresses
    return [load for load in found if not _is_own(load.url, site_url)]


# File suffix -> how the file is read.
SCANNED_KINDS = {".html": "html", ".svg": "html", ".css": "css", ".js": "js", ".mjs": "js"}


def scan_key(data: bytes, kind: str) -> str:
    """The key of a file's reading in the cache: its bytes, how it is read, and the code."""
    return digest(generator_code(), kind, data)


def scan_text(data: bytes, kind: str) -> str:
    """A built file's reading as the cache keeps it (JSON); module-level, so that a helper
    process (scripts/site/helper_process.py) can read a page while the build renders others."""
    return json.dumps(_read_file(data, kind))


def _read_file(data: bytes, kind: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(where, address) of every fetch from another host in one built file's bytes; for
    HTML, also the addresses the page-weight budget counts."""
    # Line breaks read as a text file reads them (any of \r\n, \r, \n is one \n).
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    if kind == "html":
        return _read_html(text)
    if kind == "css":
        return [("url()", url) for url in _css_urls(text) if is_remote(url)], []
    return [("string literal", url) for url in _js_urls(text)], []
