"""What readers forward, as a browser gets it: the PDF brief under each page, the share card.

The files themselves are checked where they are made (tests/test_pdf_brief.py,
tests/test_share_cards.py); here the served site is followed the way a reader's browser
and a link preview do: the download link under a page is clicked, the `og:image` address is
fetched, and what comes back is read (type, pages, pixel size).
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
import yaml

from scripts.languages import LANGUAGES

from ..conftest import ROOT

pytestmark = pytest.mark.browser

# The home page and a content page in each language: every page gets the same footer.
PDF_PAGES = ["", "en/", "referensi/", "en/metode/penegakan/"]
PAGE_RANGE = range(2, 5)  # the brief is printed on 2 to 4 A4 pages
CARD_SIZE = (1200, 630)

# A file's type and first bytes, fetched by the page itself (so through the browser).
FETCH_JS = """async url => {
  const response = await fetch(url);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {status: response.status, type: response.headers.get("content-type"),
          head: Array.from(bytes.slice(0, 32))};
}"""

OPEN_GRAPH_JS = """() => Object.fromEntries(
  ["og:image", "og:image:type", "og:image:width", "og:image:height", "og:locale"].map(
    name => [name, document.querySelector(`meta[property="${name}"]`)?.content ?? null])
  .concat([["og:locale:alternate", [...document.querySelectorAll(
    'meta[property="og:locale:alternate"]')].map(meta => meta.content)]]))"""


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml with `!ENV [NAME, default]` read as its default."""


_ConfigLoader.add_constructor(
    "!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def pdf_names() -> dict[str, str]:
    """The brief's file name per language, as mkdocs.yml's `extra.brief.pdf.file` sets it."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _ConfigLoader)
    return config["extra"]["brief"]["pdf"]["file"]


def pdf_page_count(data: bytes) -> int:
    """Page objects (`/Type /Page`) in a PDF, also inside compressed object streams."""
    page = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
    count = len(page.findall(data))
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            count += len(page.findall(zlib.decompress(stream.group(1))))
        except zlib.error:  # not a Flate stream (an image, a font): it holds no page objects
            continue
    return count


def png_size(head: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header (its IHDR chunk), None when not a PNG."""
    if not head.startswith(b"\x89PNG\r\n\x1a\n") or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def test_page_count_reads_compressed_object_streams():
    """Guards the counter: pages hidden in a Flate object stream count, /Pages does not."""
    objects = b"1 0 obj << /Type /Page >> 2 0 obj << /Type/Page /Parent 3 0 R >>"
    pdf = (b"%PDF-1.7\n3 0 obj << /Type /Pages /Count 3 >>\n4 0 obj << /Type /Page >>\n"
           b"5 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
           + zlib.compress(objects) + b"\nendstream\n")
    assert pdf_page_count(pdf) == 3
    assert png_size(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 7, 9)) == (7, 9)


@pytest.mark.parametrize("page_name", PDF_PAGES)
def test_the_pdf_link_under_a_page_downloads_the_brief(tab, served_site, page_name,
                                                       tmp_path: Path):
    language = served_site.language(page_name)
    expected = pdf_names()[language]
    page = tab.page
    page.goto(served_site.page_url(page_name), wait_until="load")
    links = page.locator(".brief-page-info a[download]")
    assert links.count() == 1, f"/{page_name}: {links.count()} download links under the page"
    href = links.first.evaluate("a => a.href")
    assert href.endswith("/" + expected), f"/{page_name}: the link goes to {href}"
    with page.expect_download() as download_info:
        links.first.click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename == expected
    saved = tmp_path / expected
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-"), f"{href} is not a PDF: {data[:16]!r}"
    assert pdf_page_count(data) in PAGE_RANGE, f"{href}: {pdf_page_count(data)} pages"
    served = page.evaluate(FETCH_JS, href)
    assert served["status"] == 200 and served["type"] == "application/pdf", served


def test_og_image_is_a_served_1200_by_630_png_named_with_its_size(tab, served_site):
    page = tab.page
    problems = []
    for name in served_site.pages:
        page.goto(served_site.page_url(name), wait_until="domcontentloaded")
        tags = page.evaluate(OPEN_GRAPH_JS)
        image = tags["og:image"]
        if not image or served_site.page_of(image) is None:
            problems.append(f"/{name}: og:image {image!r} is not on this site")
            continue
        served = page.evaluate(FETCH_JS, image)
        size = png_size(bytes(served["head"]))
        said = (tags["og:image:width"], tags["og:image:height"])
        if served["status"] != 200 or served["type"] != "image/png" or size != CARD_SIZE:
            problems.append(f"/{name}: {image} is {served['status']} {served['type']} {size}")
        if said != tuple(map(str, CARD_SIZE)) or tags["og:image:type"] != "image/png":
            problems.append(f"/{name}: og:image:width/height/type say {said} "
                            f"{tags['og:image:type']}")
        # The page's own locale, and the other languages' as alternates (id_ID, en_US).
        language = served_site.language(name)
        locale, alternates = tags["og:locale"] or "", tags["og:locale:alternate"]
        if not locale.startswith(language + "_"):
            problems.append(f"/{name}: og:locale {locale!r}")
        others = {other for other in LANGUAGES if other != language}
        if {alternate.split("_")[0] for alternate in alternates} != others:
            problems.append(f"/{name}: og:locale:alternate {alternates}")
    assert len(served_site.pages) > 2 * len(LANGUAGES), served_site.pages
    assert not problems, "\n".join(problems)
