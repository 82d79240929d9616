"""Static, accessible charts: Altair specifications rendered to SVG at build time.

A chart reaches the page as inline SVG inside a `<figure>` with alt text in the page's
language and a source note, so it reads with JavaScript off, prints, and loads nothing from
another host. Called from notebooks:
`display(chart_figure(chart, alt_text=..., source=..., language=...))`.
"""

from __future__ import annotations

import html
import re

import altair as alt
import vl_convert

from scripts.numbers import D3_FORMAT_LOCALE

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
SOURCE_LABEL = {"id": "Sumber", "en": "Source"}
# Colours with at least 4.5:1 contrast on white, so bars and labels stay readable.
PALETTE = ["#1f4e79", "#b3541e", "#2e7d32", "#6a1b9a", "#37474f"]


def base_config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Shared look: system fonts (no web fonts to download), readable sizes, no border."""
    # Readers' fonts are measured differently from the renderer's: the padding and the page
    # CSS (overflow visible) keep a slightly wider label from being cut off.
    return (
        chart.properties(padding={"left": 24, "right": 32, "top": 4, "bottom": 4})
        .configure(font=FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#222", titleColor="#222")
        .configure_title(fontSize=15, anchor="start", color="#111")
        .configure_range(category=PALETTE)
    )


def to_svg(chart: alt.TopLevelMixin, language: str) -> str:
    """Render a chart to SVG with numbers in the language's format."""
    svg = vl_convert.vegalite_to_svg(
        base_config(chart).to_dict(), format_locale=D3_FORMAT_LOCALE[language]
    )
    # The figure's alt text speaks for the whole image; the SVG's parts stay out of the
    # accessibility tree, and a fixed width would overflow small phone screens.
    # vl-convert writes width, height and viewBox; dropping the fixed size lets CSS scale it.
    svg = re.sub(r"<svg\b", '<svg aria-hidden="true" focusable="false"', svg, count=1)
    return re.sub(r'(<svg[^>]*?)\swidth="([\d.]+)"\s+height="([\d.]+)"',
                  r'\1 style="max-width:\2px"', svg, count=1)


class Figure:
    """A rendered figure; Jupyter shows it through `_repr_html_`."""

    def __init__(self, svg: str, alt_text: str, caption: str) -> None:
        self.svg, self.alt_text, self.caption = svg, alt_text, caption

    def _repr_html_(self) -> str:
        return (
            '<figure class="brief-figure">'
            '<div class="brief-figure__image" role="img" '
            f'aria-label="{html.escape(self.alt_text)}">{self.svg}</div>'
            f"<figcaption>{html.escape(self.caption)}</figcaption>"
            "</figure>"
        )


def chart_figure(
    chart: alt.TopLevelMixin, *, alt_text: str, source: str, language: str
) -> Figure:
    """A chart as a figure: SVG, alt text stating the finding, and its source note."""
    return Figure(to_svg(chart, language), alt_text, f"{SOURCE_LABEL[language]}: {source}")
