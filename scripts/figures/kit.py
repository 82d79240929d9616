"""Chart shapes the notebooks share, as plain Vega-Lite specifications, legible on a phone.

Bars run horizontally with each bar's name written above it (not beside it), so the chart
stays narrow and its text keeps its size when a 360 px phone scales the SVG down. Values sit
at the bar's end in the page's number format (d3 format with the locale that
`scripts/figures/charts.py` passes to vl-convert). Titles, axis titles, legends and tooltips come in
per language from the caller. The specifications are dicts: notebooks need not import
Altair, which keeps each notebook's start-up short.
"""

from __future__ import annotations

import json
import textwrap

import pandas as pd

from scripts.figures.charts import PALETTE

WIDTH = 300
INTEGER = ",d"
LEGEND = {"orient": "bottom", "direction": "vertical", "labelLimit": 280}


def _records(data: pd.DataFrame) -> list[dict]:
    """JSON-safe rows (numpy numbers and NaN become plain numbers and null)."""
    return json.loads(data.to_json(orient="records", date_format="iso"))


# Characters per title line that fit the chart's width in the title's bold type: a longer
# title is wrapped, since Vega would draw it past the chart's edge, cut off on phones.
TITLE_CHARACTERS = 34


def wrapped(title: str | list[str]) -> list[str]:
    """A chart title as lines that fit the chart's width."""
    lines = [title] if isinstance(title, str) else list(title)
    return [part for line in lines for part in (textwrap.wrap(line, TITLE_CHARACTERS) or [""])]


def bars(data: pd.DataFrame, *, label: str, value: str, title, axis_title: str,
         value_format: str = INTEGER, color: str | None = None, color_title: str = "",
         domain_max: float | None = None, step: int = 50, label_title: str = "") -> dict:
    """Horizontal bars in the data's row order, names above, values at the end."""
    frame = data.reset_index(drop=True).assign(_order=lambda d: range(len(d)))
    tooltip = [{"field": label, "type": "nominal", "title": label_title or axis_title},
               {"field": value, "type": "quantitative", "title": axis_title,
                "format": value_format}]
    if color:
        tooltip.insert(1, {"field": color, "type": "nominal", "title": color_title})
    # Axis ticks need no decimals even when the bar labels show two.
    tick_format = ".0%" if value_format.endswith("%") else value_format
    x = {"field": value, "type": "quantitative", "title": axis_title,
         "axis": {"format": tick_format, "tickCount": 4, "grid": False}}
    if domain_max:
        x["scale"] = {"domain": [0, domain_max]}
    fill = ({"field": color, "type": "nominal", "title": color_title,
             "scale": {"range": PALETTE}, "legend": LEGEND} if color
            else {"value": PALETTE[0]})
    return {
        "title": {"text": wrapped(title)},
        "data": {"values": _records(frame)},
        "width": WIDTH,
        "height": {"step": step},
        # One row per data row (by position), so two rows may share a name, e.g. the same
        # category in two releases told apart by colour.
        "encoding": {"y": {"field": "_order", "type": "ordinal", "axis": None},
                     "tooltip": tooltip},
        "layer": [
            {"mark": {"type": "bar", "size": 18}, "encoding": {"x": x, "color": fill}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 13},
             "encoding": {"x": x, "text": {"field": value, "type": "quantitative",
                                           "format": value_format}}},
            {"mark": {"type": "text", "align": "left", "baseline": "bottom", "dy": -11,
                      "fontSize": 13, "limit": WIDTH},
             "encoding": {"x": {"value": 0}, "text": {"field": label, "type": "nominal"}}},
        ],
    }


def lines(data: pd.DataFrame, *, x: str, y: str, series: str, title, x_title: str,
          y_title: str, series_title: str, date_format: str = "%b %Y") -> dict:
    """Lines with points over time, one per series in data order, legend below."""
    encoding = {
        "x": {"field": x, "type": "temporal", "title": x_title,
              "axis": {"format": date_format, "tickCount": 4, "labelAngle": 0}},
        "y": {"field": y, "type": "quantitative", "title": y_title,
              "axis": {"format": INTEGER, "tickCount": 5}},
        "color": {"field": series, "type": "nominal", "title": series_title, "sort": None,
                  "scale": {"range": PALETTE}, "legend": LEGEND},
        "tooltip": [{"field": series, "type": "nominal", "title": series_title},
                    {"field": x, "type": "temporal", "title": x_title, "format": "%d %b %Y"},
                    {"field": y, "type": "quantitative", "title": y_title,
                     "format": INTEGER}],
    }
    return {
        "title": {"text": wrapped(title)},
        "data": {"values": _records(data)},
        "width": WIDTH,
        "height": 220,
        "encoding": encoding,
        "layer": [{"mark": {"type": "line", "strokeWidth": 2}},
                  {"mark": {"type": "point", "filled": True, "size": 40}}],
    }


def panels(specs: list[dict], title: str | list[str]) -> dict:
    """Charts stacked one above another, each with its own axis: units and dates never mix."""
    return {"title": {"text": wrapped(title), "offset": 16}, "vconcat": specs, "spacing": 30,
            "resolve": {"scale": {"x": "independent", "color": "independent"}}}
