"""The site's house chart shapes, in plain Altair, legible on a phone.

Notebooks draw their charts with Altair (`alt.Chart(frame).mark_bar().encode(...)`) and give
`publish_figure` a function of the language that returns the chart; `scripts/figures/charts.py`
adds the site's look (fonts, sizes, palette) and renders it to SVG in the page's number and
date format. This module only holds what several figures share, each piece a few lines of
Altair that an author can read, or copy into a notebook and change:

- `WIDTH`: the plot width that stays legible when a 360 px phone scales the SVG down.
- Number formats (d3 format strings, shown in the page's locale): `INTEGER` groups
  thousands (1.588 / 1,588); `YEAR` shows a year as written (2020, never 2.020): a year is a
  date, so a year axis or label takes `YEAR`, or a temporal field with `format="%Y"`.
- `wrapped(title)`: a title cut into lines that fit the chart's width.
- `bars(...)`: the labelled horizontal bar chart: bars in the data's row order, each bar's
  name written above it (not beside it, so the chart stays narrow), its value at its end.
- `LEGEND`: a legend below the chart, one entry per line.

Stacking charts is plain Altair: `alt.vconcat(*charts, spacing=30)`, with
`.resolve_scale(x="independent")` so panels in different units never share an axis.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from scripts.figures.charts import PALETTE

WIDTH = 300
INTEGER = ",d"  # a count: thousands grouped in the page's locale
YEAR = "d"  # a year: never grouped
LEGEND = alt.Legend(orient="bottom", direction="vertical", labelLimit=280)

# Characters per title line that fit the chart's width in the title's bold type: a longer
# title is wrapped, since Vega would draw it past the chart's edge, cut off on phones.
TITLE_CHARACTERS = 34


def wrapped(title: str | list[str]) -> list[str]:
    """A chart title as lines that fit the chart's width; a list keeps its own line breaks."""
    lines = [title] if isinstance(title, str) else list(title)
    return [part for line in lines for part in (textwrap.wrap(line, TITLE_CHARACTERS) or [""])]


def bars(data: pd.DataFrame, *, label: str, value: str, title: str | list[str],
         axis_title: str, value_format: str = INTEGER, color: str | None = None,
         color_title: str = "", domain_max: float | None = None,
         step: int = 50) -> alt.LayerChart:
    """Horizontal bars in the data's row order, each name above its bar, values at the end.

    `label` and `value` are columns of `data`; each row is one bar, so labels must differ.
    `value_format` is a d3 format for the values (`INTEGER`, `".1%"` for shares 0..1);
    `color`, a column whose values colour the bars, with a legend titled `color_title`;
    `domain_max`, where the axis ends (1 for shares of a whole); `step`, pixels per bar.
    """
    repeated = sorted(set(data.loc[data[label].duplicated(), label].astype(str)))
    if repeated:
        raise ValueError(f"bars: each bar needs its own label, but {repeated} name two rows "
                         f"of column {label!r}; add what tells them apart to the label")
    # Axis ticks need no decimals even when the bar labels show two.
    tick_format = ".0%" if value_format.endswith("%") else value_format
    x = alt.X(f"{value}:Q", title=axis_title,
              scale=alt.Scale(domain=[0, domain_max]) if domain_max else alt.Undefined,
              axis=alt.Axis(format=tick_format, tickCount=4, grid=False))
    fill = (alt.Color(f"{color}:N", title=color_title, legend=LEGEND) if color
            else alt.value(PALETTE[0]))
    # One band per row, in the data's order; the name is written above the bar, not on an axis.
    rows = alt.Chart(data).encode(y=alt.Y(f"{label}:N", sort=None, axis=None))
    return alt.layer(
        rows.mark_bar(size=18).encode(x=x, color=fill),
        rows.mark_text(align="left", dx=4, fontSize=13).encode(
            x=x, text=alt.Text(f"{value}:Q", format=value_format)),
        rows.mark_text(align="left", baseline="bottom", dy=-11, fontSize=13, limit=WIDTH)
            .encode(x=alt.value(0), text=f"{label}:N"),
    ).properties(title=wrapped(title), width=WIDTH, height=alt.Step(step))
