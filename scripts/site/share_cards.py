"""Share cards: the 1200 x 630 image a link preview shows, one per page and language.

Rendered offline at build time from a small SVG (title, site name, and a key number where
the page has one) through vl-convert's SVG renderer, with fonts from the system's packages,
so two builds give the same bytes and no service is called. The MkDocs adapter writes one
PNG per page and points `og:image` at it; it starts drawing each card in the build's helper
process (scripts/site/helper_process.py) as soon as the page's card is known, so the cards
are drawn while the other pages are rendered. With a cache (`scripts/site/output_cache.py`) a
card whose SVG, renderer version and system fonts are unchanged is copied from the last
build instead of drawn again.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from scripts.site.output_cache import (
    DrawnFiles,
    OutputCache,
    digest,
    package_versions,
    system_fonts,
)

WIDTH, HEIGHT = 1200, 630
# The card's file name, beside the page's index.html.
CARD_NAME = "card.png"
FONT = "Liberation Sans, DejaVu Sans, sans-serif"
BACKGROUND, TEXT, ACCENT = "#283593", "#ffffff", "#ffd54f"
# Characters per title line: about what a line holds at 60 px across the whole card, or at
# 52 px beside a key number.
WIDE_LINE, NARROW_LINE = 30, 24
TITLE_MAX_LINES = 4
# What draws the card: its version is part of a cached card's key.
RENDERER_PACKAGES = ("vl-convert-python",)


@dataclass(frozen=True)
class KeyNumber:
    value: str  # already in the page's locale, e.g. "1.588"
    label: str


def title_lines(title: str, per_line: int) -> list[str]:
    """The title wrapped for the card; a title too long for it ends with an ellipsis."""
    lines = textwrap.wrap(title, per_line) or [""]
    if len(lines) > TITLE_MAX_LINES:
        lines = lines[:TITLE_MAX_LINES]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return lines


def card_svg(title: str, site_name: str, address: str, key: KeyNumber | None = None) -> str:
    """The card as SVG text; every string is escaped."""
    def text(x, y, size, content, *, colour=TEXT, weight="normal", anchor="start"):
        return (f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}" '
                f'font-weight="{weight}" fill="{colour}" text-anchor="{anchor}">'
                f"{html.escape(content)}</text>")

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>',
             f'<rect x="0" y="0" width="16" height="{HEIGHT}" fill="{ACCENT}"/>',
             text(70, 95, 32, site_name, weight="bold")]
    size, per_line = (52, NARROW_LINE) if key else (60, WIDE_LINE)
    lines = title_lines(title, per_line)
    parts += [text(70, 200 + index * (size + 14), size, line, weight="bold")
              for index, line in enumerate(lines)]
    if key:
        parts.append(text(1130, 300, 120, key.value, colour=ACCENT, weight="bold",
                          anchor="end"))
        label_lines = textwrap.wrap(key.label, 22)[:3]
        parts += [text(1130, 350 + index * 34, 28, line, anchor="end")
                  for index, line in enumerate(label_lines)]
    parts.append(text(70, 575, 26, address))
    parts.append("</svg>")
    return "".join(parts)


def card_key(svg: str) -> str:
    """A drawn card's key in the cache: its SVG, the renderer's version, the system's fonts."""
    return digest(svg, package_versions(*RENDERER_PACKAGES), system_fonts())


def drawn_cards(cache: OutputCache | None,
                submit: Callable[..., Future] | None = None) -> DrawnFiles:
    """Cards kept in `cache`, drawn through `submit` (a helper process) when one is given."""
    return DrawnFiles(cache, draw, CARD_NAME, submit)


def start_card(cards: DrawnFiles, title: str, site_name: str, address: str,
               key: KeyNumber | None = None) -> None:
    """Start drawing a card (unless `cards` holds it), for `card_png` to collect later."""
    svg = card_svg(title, site_name, address, key)
    cards.start(card_key(svg), svg)


def card_png(title: str, site_name: str, address: str, key: KeyNumber | None = None,
             cache: OutputCache | None = None, cards: DrawnFiles | None = None) -> bytes:
    """The card as PNG bytes: from `cards` (or `cache`) when it holds the card for these
    inputs or has started drawing it, else drawn here."""
    svg = card_svg(title, site_name, address, key)
    if cards is None and cache is None:
        return draw(svg)
    return (cards or drawn_cards(cache)).get(card_key(svg), svg)


def draw(svg: str) -> bytes:
    """The card's SVG as PNG bytes (run in the build's helper process)."""
    import vl_convert

    return vl_convert.svg_to_png(svg, scale=1)
