"""Wide tables that a phone reader can scroll with the keyboard as well as the finger.

On a 360 px screen a table of several columns is wider than the page, so it scrolls sideways
inside a box. A box that scrolls must be reachable by keyboard (axe rule
`scrollable-region-focusable`, WCAG 2.1.1) and, once focusable, needs a name for screen
readers. Every table in a page's content is therefore wrapped at build time in

    <div class="brief-table" role="region" tabindex="0" aria-label="Tabel: …">

named by its caption, or else by the section heading above it and its column headings (a
number is added when two names would still be the same: landmarks need distinct names).
Doing it in the HTML rather than in script means it also holds with JavaScript off. The
theme's own wrapper (added by its script around tables without a class) stays inside ours;
`docs/assets/brief.css` lets only the outer box scroll.
"""

from __future__ import annotations

import html
import re

TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.DOTALL)
PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
WORD = {"id": "Tabel", "en": "Table"}
LABEL_LIMIT = 120  # characters; a name is for finding the table, not reading it


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def table_name(table_html: str, language: str, heading: str = "") -> str:
    """What a screen reader announces for the table's box."""
    caption = CAPTION.search(table_html)
    if caption and _plain(caption.group(1)):
        name = _plain(caption.group(1))
    else:
        headings = [_plain(cell) for cell in HEADER_CELL.findall(table_html)]
        name = ", ".join(heading for heading in headings if heading)
        if heading:
            name = f"{heading} ({name})" if name else heading
    if len(name) > LABEL_LIMIT:
        name = name[: LABEL_LIMIT - 1].rstrip() + "…"
    return f"{WORD[language]}: {name}" if name else WORD[language]


def _heading_before(page_html: str, position: int) -> str:
    """The text of the last heading before `position`, without its permalink sign."""
    headings = HEADING.findall(page_html, 0, position)
    return _plain(PERMALINK.sub("", headings[-1])) if headings else ""


def wrap_tables(page_html: str, language: str) -> str:
    """Every table in the page's content inside a named, focusable scrolling box."""
    used: dict[str, int] = {}

    def wrap(match: re.Match) -> str:
        name = table_name(match.group(0), language, _heading_before(page_html, match.start()))
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} ({used[name]})"
        label = html.escape(name, quote=True)
        return (f'<div class="brief-table" role="region" tabindex="0" aria-label="{label}">'
                f"{match.group(0)}</div>")

    return TABLE.sub(wrap, page_html)
