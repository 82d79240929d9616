"""The page-weight budget, checked on the built site before it is published.

Readers on phones and slow connections pay for every byte a page's first load sends, so
each page's first load must stay under a budget (100 KB, gzip-compressed as GitHub Pages
sends it). The first load counts the page's HTML and the same-site files it references
(stylesheets, scripts, images, icons), plus what the caller says always loads with a page
(files a theme loads with every page, say). A page over the budget stops the build;
the MkDocs adapter names the page's source file. The browser tests measure the same budget
from the real requests.
"""

from __future__ import annotations

import functools
import gzip
import json
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from scripts.site.output_cache import OutputCache, digest, generator_code

PAGE_BUDGET_BYTES = 100_000
# The level GitHub Pages and scripts/tools/serve.py use; close enough for a budget.
GZIP_LEVEL = 6
# Formats already compressed: sent as they are.
PRECOMPRESSED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".gz",
                 ".pdf", ".zip"}


@dataclass(frozen=True)
class PageWeight:
    page: Path  # the built HTML file
    total: int
    parts: dict[str, int]  # site-relative path -> bytes sent

    def describe(self, heaviest: int = 3) -> str:
        top = sorted(self.parts.items(), key=lambda item: -item[1])[:heaviest]
        return ", ".join(f"{path} {size / 1000:.1f} KB" for path, size in top)


FIRST_LOAD_RELS = {"stylesheet", "icon", "preload", "modulepreload"}


def first_load_address(tag: str, values: dict[str, str]) -> str | None:
    """The address a start tag makes the browser fetch on the page's first load, if any:
    the links in `FIRST_LOAD_RELS`, and every script and image with a source. The offline
    check (scripts/site/offline.py) applies it in its own reading of each page."""
    if tag == "link" and set(values.get("rel", "").lower().split()) & FIRST_LOAD_RELS:
        return values.get("href", "")
    if tag in {"script", "img"} and values.get("src"):
        return values["src"]
    return None


class _References(HTMLParser):
    """Collects the addresses a browser fetches when it first loads the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        address = first_load_address(tag, {name: value or "" for name, value in attrs})
        if address is not None:
            self.addresses.append(address)


def sent_bytes(path: Path, cache: dict[Path, int], sizes: OutputCache | None = None) -> int:
    """Bytes a gzip-accepting browser downloads for one file; with `sizes`, a file's size
    compressed is kept by a digest of its bytes (and of the compressor) for the next build."""
    if path not in cache:
        data = path.read_bytes()
        if path.suffix.lower() in PRECOMPRESSED:
            cache[path] = len(data)
        elif sizes is None:
            cache[path] = _gzipped_size(data)
        else:
            key = digest("gzip", str(GZIP_LEVEL), zlib.ZLIB_RUNTIME_VERSION, data)
            cache[path] = int(sizes.text(key, lambda: str(_gzipped_size(data))))
    return cache[path]


def _gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


def _local_file(address: str, page: Path, root: Path) -> Path | None:
    """The site's file an address of `page` names, resolved (`root`: the site's folder,
    resolved), or None."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another host, data: or an in-page anchor: not a same-site file
    target = (page.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(root):
        return None
    if target.is_dir():
        target = (target / "index.html").resolve()
    return target if target.is_file() else None


def first_load(page: Path, site_dir: Path, also_loaded: Iterable[Path] = (),
               cache: dict[Path, int] | None = None,
               addresses_cache: OutputCache | None = None,
               addresses: Sequence[str] | None = None) -> PageWeight:
    """What loading `page` sends: the page, the files it references, and `also_loaded`.

    `cache` holds the sizes of this build's files; `addresses_cache`, kept between builds,
    the addresses each page loads and each file's size compressed. `addresses`, when given,
    are the addresses the page references, as a reading of it has found them (the offline
    check's, `scripts/site/offline.py`), so the page is not read for them again.
    """
    cache = {} if cache is None else cache
    if addresses is None:
        page_html = page.read_text(encoding="utf-8", errors="replace")
        if addresses_cache is None:
            addresses = _addresses(page_html)
        else:
            key = digest(generator_code(), page_html)
            addresses = json.loads(addresses_cache.text(
                key, lambda: json.dumps(_addresses(page_html))))
    root = site_dir.resolve()
    # Resolved already: resolving a path reads every folder on its way, for each address of
    # each page.
    local = {f for a in addresses if (f := _local_file(a, page, root))}
    files = {page, *also_loaded, *local}
    parts = {PurePosixPath((f if f in local else f.resolve()).relative_to(root)).as_posix():
             sent_bytes(f, cache, addresses_cache) for f in sorted(files)}
    return PageWeight(page, sum(parts.values()), parts)


# A live-preview save writes every page again, and all but the edited one are unchanged.
@functools.lru_cache(maxsize=256)
def _addresses(page_html: str) -> tuple[str, ...]:
    parser = _References()
    parser.feed(page_html)
    return tuple(parser.addresses)


def over_budget(site_dir: Path, also_loaded: Callable[[Path], Iterable[Path]] = lambda _: (),
                budget: int = PAGE_BUDGET_BYTES,
                cache: OutputCache | None = None,
                addresses: Mapping[Path, Sequence[str]] | None = None) -> list[PageWeight]:
    """Every built HTML page whose first load exceeds the budget, heaviest first; the
    addresses each page loads, and each file's size compressed, are kept in `cache` for the
    next build. `addresses` may give, by page, the addresses a reading of it found."""
    sizes: dict[Path, int] = {}
    addresses = addresses or {}
    weights = [first_load(page, site_dir, also_loaded(page), sizes, cache, addresses.get(page))
               for page in sorted(site_dir.rglob("*.html"))]
    return sorted((w for w in weights if w.total > budget), key=lambda w: -w.total)
