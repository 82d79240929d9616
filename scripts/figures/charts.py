"""Static, accessible charts: Altair charts rendered to SVG at build time.

A chart reaches the page as inline SVG (see `scripts/figures/publish.py`), so it reads with
JavaScript off, prints, and loads nothing from another host. Notebooks draw with Altair and
set only what the chart shows (marks, fields, titles, formats); `to_svg` adds the site's
shared look below (system fonts, readable sizes, the palette, no frame), which a chart's own
`.configure_*()` settings override, and renders it with vl-convert in the page's number and
date format: a d3 format such as `",d"` prints 1.588 on Indonesian pages and 1,588 on English
ones, and `"%B %Y"` prints Desember 2021 or December 2021. It also takes the chart's Vega-Lite
specification as a dict, as Altair's `to_dict()` gives it. `svg_file` renders the chart as
the SVG file readers download; the build draws the PNG file (twice the size) from that SVG
with `png_from_svg`.
"""

from __future__ import annotations

import copy
import io
import re

from scripts.figures.numbers import D3_FORMAT_LOCALE, D3_TIME_FORMAT_LOCALE

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
SOURCE_LABEL = {"id": "Sumber", "en": "Source"}
# Colours with at least 4.5:1 contrast on white, so bars and labels stay readable.
PALETTE = ["#1f4e79", "#b3541e", "#2e7d32", "#6a1b9a", "#37474f"]
# Readers' fonts are measured differently from the renderer's: the padding and the page CSS
# (overflow visible) keep a slightly wider label from being cut off.
PADDING = {"left": 24, "right": 32, "top": 4, "bottom": 4}
# aria=False: the figure's alt text speaks for the whole image (the SVG is aria-hidden), so
# per-mark ARIA labels would only add bytes to every page.
CONFIG = {
    "font": FONT,
    "aria": False,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222",
             "titleColor": "#222"},
    "title": {"fontSize": 15, "anchor": "start", "color": "#111"},
    "range": {"category": PALETTE},
    # A plain `alt.Chart(df).mark_bar()` gets the site's first colour, not Vega's blue.
    **{mark: {"color": PALETTE[0]} for mark in ("bar", "line", "point", "area")},
}


def styled(chart) -> dict:
    """The chart's Vega-Lite specification with the shared look: system fonts, readable
    sizes, the palette, no border; settings the chart configures itself win."""
    # An Altair chart becomes a dict; schema checks are left to vl-convert, which fails on a
    # bad specification.
    is_altair = hasattr(chart, "to_dict")
    spec = chart.to_dict(validate=False) if is_altair else copy.deepcopy(chart)
    spec.setdefault("padding", PADDING)
    config = spec.setdefault("config", {})
    for key, value in CONFIG.items():
        if isinstance(value, dict):
            config[key] = {**value, **config.get(key, {})}
        else:
            config.setdefault(key, value)
    return spec


def svg_file(chart, language: str) -> str:
    """The chart as a standalone SVG file (fixed size), in the language's formats."""
    import vl_convert  # only where a chart is drawn: a build from the cache draws none

    return vl_convert.vegalite_to_svg(
        styled(chart), format_locale=D3_FORMAT_LOCALE[language],
        time_format_locale=D3_TIME_FORMAT_LOCALE[language],
    )


# Twice the drawn size: sharp on high-density screens and in slides, still a small file.
PNG_SCALE = 2
# A chart is a few flat colours and the shades of their anti-aliased edges: 256 colours keep
# it looking the same, in about a quarter of the bytes of vl-convert's own full-colour PNG.
PNG_COLOURS = 256


# What draws and encodes a chart's PNG: their versions are part of a cached PNG's key.
PNG_PACKAGES = ("vl-convert-python", "pillow")


def png_from_svg(svg: str) -> bytes:
    """The chart's SVG file (`svg_file`) as PNG bytes, at `PNG_SCALE`: the same pixels as
    vl-convert's own PNG of the chart, which it draws by rasterising that SVG (the tests
    compare the two). Called by the build, in its helper process (scripts/site/
    helper_process.py), not by the notebooks: a kernel draws each chart once, as SVG."""
    import vl_convert
    from PIL import Image

    image = Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=PNG_SCALE)))
    opaque = image.mode != "RGBA" or image.getchannel("A").getextrema() == (255, 255)
    # A transparent chart (a `background: None` config) keeps its alpha channel. The fast
    # octree palette and zlib's default level: on this site's charts they take about a third
    # of the time of a median-cut palette saved with `optimize` (an exhaustive search), for
    # files 2 % smaller in total; both are deterministic, so builds stay reproducible.
    image = (image.convert("RGB") if opaque else image).quantize(
        PNG_COLOURS, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()


def inline_svg(svg: str) -> str:
    """A standalone SVG made fit to sit inside a page's figure (see `to_svg`)."""
    # The figure's alt text speaks for the whole image; the SVG's parts stay out of the
    # accessibility tree, and a fixed width would overflow small phone screens.
    # vl-convert writes width, height and viewBox; dropping the fixed size lets CSS scale it.
    svg = re.sub(r"<svg\b", '<svg aria-hidden="true" focusable="false"', svg, count=1)
    return re.sub(r'(<svg[^>]*?)\swidth="([\d.]+)"\s+height="([\d.]+)"',
                  r'\1 style="max-width:\2px"', svg, count=1)


def svg_size(svg: str) -> tuple[float, float] | None:
    """(width, height) in CSS pixels of a standalone SVG file, or None when it has none."""
    match = re.search(r'<svg\b[^>]*?\swidth="([\d.]+)"\s+height="([\d.]+)"', svg)
    return (float(match.group(1)), float(match.group(2))) if match else None


def to_svg(chart, language: str) -> str:
    """Render a chart to SVG for a page, with numbers and month names in the language's
    format."""
    return inline_svg(svg_file(chart, language))
