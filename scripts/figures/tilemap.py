"""Tile-grid maps of Indonesia's provinces: one square per province, no boundary file.

Each province sits on one cell of a small grid that roughly follows geography (the layout is
the `tile_col` / `tile_row` columns of `notebooks/data/provinces.csv`, a design choice, not a
fact). A map shows one series: provinces with a value are shaded by it on the series' own
scale and unit; provinces the series does not cover are drawn light grey with a dashed edge
and listed in the legend as "no data", never as zero. Every tile carries its short label, at
a size that stays readable when a 360 px phone shows the chart at full width.

Called from notebooks (`notebooks/who_where.md`); the chart goes through
`scripts/figures/charts.py` like any other.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from scripts.figures.charts import PALETTE

TILE = 24  # px per grid cell: 13 columns stay within a 360 px phone without scaling down
GAP = 0.1  # share of a cell left between tiles
NO_DATA_FILL = "#ececec"
NO_DATA_EDGE = "#767676"
NO_DATA_TEXT = "#505050"
RAMP = ["#c6dbef", PALETTE[0]]  # light to dark; white labels on the darker half
LABEL_SIZE = 12
PROVINCES = 38
NO_DATA = {"id": "tidak ada data", "en": "no data"}


def check_layout(provinces: pd.DataFrame, expected: int = PROVINCES) -> None:
    """Raise ValueError unless every province has one code, one label and its own tile."""
    problems = []
    if len(provinces) != expected:
        problems.append(f"{len(provinces)} provinces, expected {expected}")
    for column in ("bps_code", "label"):
        repeated = sorted(provinces.loc[provinces[column].duplicated(), column].astype(str))
        if repeated:
            problems.append(f"repeated {column}: {', '.join(repeated)}")
    cells = provinces[["tile_col", "tile_row"]].apply(tuple, axis=1)
    shared = sorted(set(cells[cells.duplicated()]))
    if shared:
        problems.append(f"tiles shared by two provinces (col, row): {shared}")
    if (provinces[["tile_col", "tile_row"]] < 0).any(axis=None):
        problems.append("negative tile position")
    if problems:
        raise ValueError("province tile layout: " + "; ".join(problems))


def grid_size(provinces: pd.DataFrame) -> tuple[int, int]:
    """(columns, rows) of the grid the layout needs."""
    return int(provinces["tile_col"].max()) + 1, int(provinces["tile_row"].max()) + 1


def tile_map(provinces: pd.DataFrame, *, value: str, title, legend_title: str,
             language: str, value_format: str = ",d", label: str = "label") -> alt.LayerChart:
    """One map: tiles shaded by `value`; a province whose value is missing reads "no data".

    `provinces` holds every province (one row each, with `tile_col`, `tile_row` and the
    `label` column) and the series' `value`, missing where the series has no figure.
    """
    check_layout(provinces)
    columns, rows = grid_size(provinces)
    frame = provinces[[label, "tile_col", "tile_row", value]].rename(
        columns={label: "_label", value: "_value"})
    top = frame["_value"].max()
    frame["_dark"] = frame["_value"].notna() & (frame["_value"] >= 0.45 * top)
    frame["_status"] = NO_DATA[language]
    position = {
        "x": alt.X("tile_col:O", axis=None, scale=alt.Scale(
            domain=list(range(columns)), paddingInner=GAP, paddingOuter=GAP / 2)),
        "y": alt.Y("tile_row:O", axis=None, scale=alt.Scale(
            domain=list(range(rows)), paddingInner=GAP, paddingOuter=GAP / 2)),
    }
    base = alt.Chart(frame).encode(**position)
    has_value = "isValid(datum._value)"
    shaded = base.transform_filter(has_value).mark_rect(cornerRadius=2).encode(
        color=alt.Color("_value:Q", scale=alt.Scale(domain=[0, float(top)], range=RAMP),
                        legend=alt.Legend(title=legend_title, orient="bottom",
                                          format=value_format, gradientLength=180,
                                          tickCount=3, titleLimit=300)))
    empty = base.transform_filter(f"!({has_value})").mark_rect(
        cornerRadius=2, stroke=NO_DATA_EDGE, strokeDash=[3, 2], strokeWidth=1).encode(
        color=alt.Color("_status:N", scale=alt.Scale(domain=[NO_DATA[language]],
                                                     range=[NO_DATA_FILL]),
                        legend=alt.Legend(title=None, orient="top", symbolType="square",
                                          symbolStrokeColor=NO_DATA_EDGE,
                                          symbolStrokeWidth=1, symbolSize=180)))
    labels = base.mark_text(fontSize=LABEL_SIZE, fontWeight="bold", baseline="middle").encode(
        text="_label:N",
        color=alt.condition("datum._dark", alt.value("#ffffff"),
                            alt.value(NO_DATA_TEXT)))
    return alt.layer(shaded, empty, labels).properties(
        title=alt.TitleParams(title, fontSize=13), width=columns * TILE,
        height=rows * TILE).resolve_scale(color="independent")


def tile_maps(maps: list, title, subtitle=None) -> alt.VConcatChart:
    """Several maps stacked, each with its own scale, unit and legend."""
    heading = (alt.TitleParams(title, offset=12) if subtitle is None else
               alt.TitleParams(title, subtitle=subtitle, subtitleFontSize=12, offset=12))
    return alt.vconcat(*maps, spacing=24).properties(
        title=heading,
        padding={"left": 4, "right": 4, "top": 4, "bottom": 4},
    ).resolve_scale(color="independent")
