"""The brief as a PDF per language, rendered offline from the built brief page.

Policy readers print and forward briefs. The build takes the article of the brief page of
each language (already rendered: citations, values and figures filled in), lays it out for A4
with its own print stylesheet, adds the date, a link and a QR code back to the page, and
renders it with WeasyPrint. Charts stay vector (inline SVG). Indonesian is hyphenated through
Pyphen, from the page's `lang`. Fonts come from the system's packages (Liberation or DejaVu);
nothing is fetched: the renderer may read files of the built site only. The PDF carries the
build's date (SOURCE_DATE_EPOCH), so two builds give the same bytes.

Called by the MkDocs adapter after every language is built, through `start()`, which lays
the PDF out in the build's helper process while the build checks the site; `render()` is a
pure function of its inputs and is tested on its own. Given a cache
(`scripts/site/output_cache.py`), it reuses the PDF of an earlier build when the document it
prints, every site file the renderer read for it, the renderer's package versions and the
system's fonts are unchanged.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from scripts.site.output_cache import (
    OutputCache,
    digest,
    file_digest,
    package_versions,
    system_fonts,
)

A4_PAGES = (2, 4)
SIZE_LIMIT_BYTES = 1_000_000
LABELS = {
    "id": {"from": "Diunduh dari", "updated": "Diperbarui", "scan": "Pindai untuk membuka "
           "versi daring", "page": "Halaman"},
    "en": {"from": "Downloaded from", "updated": "Updated", "scan": "Scan to open the online "
           "version", "page": "Page"},
}
# Interactive or screen-only parts of an article that mean nothing on paper.
DROPPED_CLASSES = ("headerlink", "md-content__button", "brief-figure__data",
                   "brief-figure__download", "brief-figure__reuse", "cite-tip",
                   "md-source-file")
# What lays the PDF out and writes it: their versions are part of a cached PDF's key.
RENDERER_PACKAGES = ("weasyprint", "pydyf", "tinycss2", "tinyhtml5", "cssselect2", "pyphen",
                     "fonttools", "pillow")
PDF_NAME, INPUTS_NAME = "brief.pdf", "inputs.json"

PRINT_CSS = """
@page { size: A4; margin: 18mm 17mm 20mm 17mm;
  @bottom-left { content: var(--footer); font-size: 7.5pt; color: #555; }
  @bottom-right { content: var(--page-label) " " counter(page) " / " counter(pages);
                  font-size: 7.5pt; color: #555; } }
html { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 9.6pt;
       line-height: 1.38; color: #111; }
body { margin: 0; }
p, li { hyphens: auto; text-align: justify; orphans: 2; widows: 2; }
h1 { font-size: 17pt; line-height: 1.15; margin: 0 0 4pt; color: #1a237e; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; color: #1a237e; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 9pt 0 3pt; break-after: avoid; }
a { color: #1a237e; text-decoration: none; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 4pt 0 8pt;
        break-inside: auto; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 2pt 3pt; text-align: left;
         vertical-align: top; hyphens: auto; }
th { background: #e8eaf6; }
tr { break-inside: avoid; }
figure { margin: 6pt 0; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 8pt; color: #333; }
.admonition { border-left: 3pt solid #1a237e; background: #f3f4fb; padding: 4pt 8pt;
              margin: 6pt 0; break-inside: avoid; }
.admonition-title { font-weight: bold; margin: 0 0 2pt; }
.brief-pdf-head { display: flex; justify-content: space-between; align-items: flex-start;
                  gap: 10pt; border-bottom: 1pt solid #1a237e; padding-bottom: 5pt;
                  margin-bottom: 8pt; }
.brief-pdf-head p { margin: 0; font-size: 8pt; text-align: left; }
.brief-pdf-qr { width: 22mm; flex: none; text-align: center; font-size: 6.5pt; }
.brief-pdf-qr svg { width: 22mm; height: 22mm; }
"""


class BriefError(Exception):
    """The PDF brief could not be made as the reader needs it (length, size, a remote file)."""


@dataclass(frozen=True)
class Brief:
    path: Path
    pages: int
    size: int


class _Article(HTMLParser):
    """The first <article> of a built page, without the parts that mean nothing on paper."""

    VOID: ClassVar[set[str]] = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "path", "rect", "line", "circle", "polyline", "polygon", "ellipse",
        "use", "stop"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.depth = 0  # open elements inside the article (0: outside)
        self.skip_depth = 0  # open elements inside a dropped part
        self.done = False

    def _keep(self) -> bool:
        return self.depth > 0 and not self.skip_depth and not self.done

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text(), closes=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text(), closes=True)

    def _start(self, tag, attrs, raw, closes):
        if self.done:
            return
        if self.depth == 0:
            if tag == "article":
                self.depth = 1
            return
        void = closes or tag in self.VOID
        classes = set((dict(attrs).get("class") or "").split())
        if self.skip_depth or classes & set(DROPPED_CLASSES):
            if not void:
                self.skip_depth += 1
            return
        self.parts.append(raw)
        if not void:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.done or self.depth == 0 or tag in self.VOID:
            return
        if self.skip_depth:
            self.skip_depth -= 1
            return
        self.depth -= 1
        if self.depth == 0:
            self.done = True
            return
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        if self._keep():
            self.parts.append(data)

    def handle_entityref(self, name):
        if self._keep():
            self.parts.append(f"&{name};")

    def handle_charref(self, name):
        if self._keep():
            self.parts.append(f"&#{name};")


def article_html(page_html: str) -> str:
    parser = _Article()
    parser.feed(page_html)
    parser.close()
    if not parser.parts:
        raise BriefError("the built brief page has no <article> to print")
    return "".join(parser.parts)


def qr_svg(url: str) -> str:
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=4, border=0)
    return re.sub(r"<\?xml[^>]*>", "", svg)


def document_html(article: str, *, title: str, language: str, page_url: str,
                  built: dt.date, site_name: str) -> str:
    from babel.dates import format_date

    label = LABELS[language]
    date_text = format_date(built, format="long", locale=language)
    footer = f'"{site_name} · {label["updated"]} {date_text}"'.replace("\\", "")
    head = (f'<div class="brief-pdf-head"><p>{html.escape(site_name)}<br>'
            f'{label["updated"]} <time datetime="{built.isoformat()}">{date_text}</time><br>'
            f'{label["from"]} <a href="{html.escape(page_url)}">{html.escape(page_url)}</a></p>'
            f'<div class="brief-pdf-qr">{qr_svg(page_url)}<br>{label["scan"]}</div></div>')
    return (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>"
            f'<meta name="author" content="{html.escape(site_name)}">'
            f'<meta name="dcterms.created" content="{built.isoformat()}">'
            f'<meta name="dcterms.modified" content="{built.isoformat()}">'
            f"<style>:root{{--footer:{footer};--page-label:\"{label['page']}\"}}"
            f"{PRINT_CSS}</style></head><body>{head}{article}</body></html>")


def _offline_fetcher(site_dir: Path, site_url: str, read: list[Path]):
    """WeasyPrint may read files of the built site only: no host is ever contacted.

    The document's base address is the page's public address, so its links lead readers
    to the site; an address under the site's own is read from the built files instead.
    Each file read is added to `read`.
    """
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import FatalURLFetchingError, URLFetcher, path2url

    root = site_dir.resolve()
    site_url = site_url.rstrip("/") + "/"

    class SiteFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(site_url):
                relative = unquote(urlsplit(url).path.removeprefix(urlsplit(site_url).path))
                local = (root / relative).resolve()
                if local.is_dir():
                    local = local / "index.html"
                if local.is_relative_to(root) and local.is_file():
                    read.append(local)
                    return super().fetch(path2url(str(local)), headers)
            elif url.startswith("data:"):
                return super().fetch(url, headers)
            raise FatalURLFetchingError(
                f"the brief tried to load {url}, which is not a file of the built site")

    return SiteFilesOnly(allowed_protocols={"file", "data", "http", "https"},
                         fail_on_errors=True)


def render(page: Path, site_dir: Path, output: Path, *, title: str, language: str,
           page_url: str, built: dt.date, site_name: str, site_url: str = "",
           cache: OutputCache | None = None) -> Brief:
    """Write the PDF of one language's brief page; BriefError when it breaks a limit.

    `page_url` is the page's public address and `site_url` the site's (the page's folder
    when not given): the PDF's links point there, never at the building machine's files.
    """
    return start(page.read_text(encoding="utf-8"), site_dir, output, title=title,
                 language=language, page_url=page_url, built=built, site_name=site_name,
                 site_url=site_url, cache=cache)()


def start(page_html: str, site_dir: Path, output: Path, *, title: str, language: str,
          page_url: str, built: dt.date, site_name: str, site_url: str = "",
          cache: OutputCache | None = None,
          submit: Callable[..., Future] | None = None) -> Callable[[], Brief]:
    """Begin `render` of the built page `page_html`, and return the function that ends it
    (writes the PDF, or raises BriefError).

    With `submit` (`Helper.submit`, scripts/site/helper_process.py) a PDF not in the cache
    is laid out in a helper process while the build goes on; it may start before the build
    has written every file of the site: when a site file the PDF was made from differs at
    the end, the PDF is made again then.
    """
    site_url = site_url or page_url
    source = document_html(article_html(page_html), title=title, language=language,
                           page_url=page_url, built=built, site_name=site_name)
    key = digest(source, page_url, site_url, package_versions(*RENDERER_PACKAGES),
                 system_fonts())
    printing = None
    if submit is not None and _cached(cache, key, site_dir) is None:
        printing = submit(_print, source, site_dir, page_url, site_url)

    def finish() -> Brief:
        reused = _cached(cache, key, site_dir)
        if reused is not None:
            data, pages = reused
        else:
            data, pages, read = (printing.result() if printing is not None
                                 else _print(source, site_dir, page_url, site_url))
            if printing is not None and not _unchanged(read, site_dir):
                data, pages, read = _print(source, site_dir, page_url, site_url)
        if not A4_PAGES[0] <= pages <= A4_PAGES[1]:
            raise BriefError(f"the brief prints on {pages} A4 pages; it must fit on "
                             f"{A4_PAGES[0]} to {A4_PAGES[1]}")
        if len(data) > SIZE_LIMIT_BYTES:
            raise BriefError(f"the brief PDF is {len(data) / 1e6:.1f} MB, over 1 MB")
        if cache is not None and reused is None:
            cache.store(key, lambda folder: _fill_entry(folder, data, pages, read))
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        return Brief(output, pages, len(data))

    return finish


def load_renderer() -> None:
    """Import the renderer (about a second), so a helper process that will print is ready."""
    import weasyprint  # noqa: F401


def _print(source: str, site_dir: Path, page_url: str,
           site_url: str) -> tuple[bytes, int, dict[str, str]]:
    """The PDF's bytes, its number of pages and the site files the renderer read (each
    site-relative path with the digest of its bytes)."""
    import weasyprint

    read: list[Path] = []
    try:
        document = weasyprint.HTML(string=source, base_url=page_url,
                                   url_fetcher=_offline_fetcher(site_dir, site_url, read)
                                   ).render()
    except weasyprint.urls.FatalURLFetchingError as error:
        raise BriefError(str(error.__cause__ or error)) from None
    root = site_dir.resolve()
    files = {path.relative_to(root).as_posix(): file_digest(path) for path in sorted(set(read))}
    return document.write_pdf(), len(document.pages), files


def _unchanged(files: dict[str, str], site_dir: Path) -> bool:
    """Whether every site file in `files` still has the digest recorded."""
    root = site_dir.resolve()
    return all((root / name).is_file() and file_digest(root / name) == expected
               for name, expected in files.items())


def _fill_entry(folder: Path, data: bytes, pages: int, files: dict[str, str]) -> None:
    (folder / PDF_NAME).write_bytes(data)
    (folder / INPUTS_NAME).write_text(json.dumps({"pages": pages, "files": files},
                                                 sort_keys=True), encoding="utf-8")


def _cached(cache: OutputCache | None, key: str, site_dir: Path) -> tuple[bytes, int] | None:
    """The cached PDF and its page count, when every site file it was made from is unchanged."""
    entry = cache.lookup(key) if cache is not None else None
    if entry is None:
        return None
    try:
        inputs = json.loads((entry / INPUTS_NAME).read_text(encoding="utf-8"))
        if not _unchanged(inputs["files"], site_dir):
            return None
        return (entry / PDF_NAME).read_bytes(), int(inputs["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # an unreadable entry is made again
