"""The province tile-grid map: its layout table, the helper that draws it, and the built figure.

Unit tests read `notebooks/data/provinces.csv` and drive `scripts.figures.tilemap` directly;
the last ones read the real built site (`built_site`, built once per session).
"""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from scripts.figures import publish, tilemap
from scripts.tools.project_copy import ROOT

PROVINCES_CSV = ROOT / "notebooks" / "data" / "provinces.csv"
PAPUA_2022 = {"Papua Selatan", "Papua Tengah", "Papua Pegunungan", "Papua Barat Daya"}
PHONE_CONTENT_WIDTH = 328  # a 360 px phone less the page's side margins


def provinces() -> pd.DataFrame:
    return pd.read_csv(PROVINCES_CSV, dtype={"bps_code": str, "kemendagri_code": str})


def test_layout_has_38_provinces_on_38_distinct_tiles():
    frame = provinces()
    tilemap.check_layout(frame)
    assert len(frame) == 38
    assert len(set(zip(frame["tile_col"], frame["tile_row"], strict=True))) == 38


def test_every_bps_code_is_present_once():
    frame = provinces()
    assert frame["bps_code"].is_unique and frame["kemendagri_code"].is_unique
    assert frame["bps_code"].str.fullmatch(r"\d{2}").all()
    other_tables = pd.concat([
        pd.read_csv(ROOT / "notebooks" / "data" / name, dtype={"bps_code": str})
        for name in ("violations_by_region.csv", "ikp_asn_neutrality.csv")])
    province_codes = other_tables.loc[other_tables["level"] == "province", "bps_code"]
    assert set(province_codes) <= set(frame["bps_code"]), "every province row can be joined"


def test_the_papua_splits_are_included_and_their_bps_codes_flagged():
    frame = provinces()
    assert set(frame["name_id"]) >= PAPUA_2022
    papua = frame[frame["name_id"].str.startswith("Papua")]
    assert len(papua) == 6
    # Where BPS and Kemendagri differ (Papua), the BPS code is marked as not verified.
    differs = frame["bps_code"] != frame["kemendagri_code"]
    assert set(frame.loc[differs, "name_id"]) == set(papua["name_id"])
    assert (frame.loc[differs, "verification"] == "bps_code_not_verified").all()
    assert (frame.loc[~differs, "verification"] == "verified_in_stored_text").all()


def test_labels_are_short_and_the_grid_fits_a_phone():
    frame = provinces()
    assert frame["label"].is_unique and frame["label"].str.fullmatch(r"[A-Z]{2}").all()
    columns, rows = tilemap.grid_size(frame)
    assert columns * tilemap.TILE <= PHONE_CONTENT_WIDTH - 8
    assert rows <= columns


@pytest.mark.parametrize("change, message", [
    (lambda f: f.assign(tile_col=0, tile_row=0), "tiles shared"),
    (lambda f: f.assign(bps_code=["11"] * len(f)), "repeated bps_code"),
    (lambda f: f.iloc[:-1], "37 provinces"),
    (lambda f: f.assign(tile_row=f["tile_row"] - 10), "negative"),
])
def test_check_layout_names_the_problem(change, message):
    with pytest.raises(ValueError, match=message):
        tilemap.check_layout(change(provinces()))


def test_a_province_without_data_is_drawn_as_no_data_not_zero():
    frame = provinces().assign(value=float("nan"))
    frame.loc[frame["bps_code"] == "73", "value"] = 49
    spec = tilemap.tile_map(frame, value="value", title="t", legend_title="kasus",
                            language="id").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 38
    empty = [row for row in rows if row["_value"] is None]
    assert len(empty) == 37 and all(row["_status"] == "tidak ada data" for row in empty)
    no_data_layer = spec["layer"][1]
    assert no_data_layer["mark"]["strokeDash"]
    assert no_data_layer["encoding"]["color"]["scale"]["domain"] == ["tidak ada data"]
    assert no_data_layer["encoding"]["color"]["scale"]["range"] == [tilemap.NO_DATA_FILL]
    assert spec["layer"][0]["encoding"]["color"]["legend"]["title"] == "kasus"


def test_the_map_renders_to_svg_in_both_languages():
    from scripts.figures import charts

    frame = provinces().assign(value=float("nan"))
    frame.loc[frame["bps_code"] == "74", "value"] = 90
    for language, text in (("id", "tidak ada data"), ("en", "no data")):
        chart = tilemap.tile_maps([tilemap.tile_map(
            frame, value="value", title="t", legend_title="u", language=language)], "T")
        svg = charts.to_svg(chart, language)
        assert text in svg and ">PD</text>" in svg and ">SG</text>" in svg


def test_source_note_can_come_from_rows_other_than_the_table(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda bundle, raw: shown.append(bundle))
    table = pd.DataFrame({"name": ["a"], "source_id": ["detik_2021_12_16"],
                          "confidence": ["high"]})
    cited = pd.DataFrame({"source_id": ["detik_2021_12_16", "kompas_2020_10_07"],
                          "confidence": ["high", "high"]})
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q")
    publish.publish_figure("demo", chart=lambda language: chart,
                           alt_text={"id": "a", "en": "a"}, title={"id": "t", "en": "t"},
                           data=table, columns=[publish.Column("name", {"id": "n", "en": "n"})],
                           sources=cited)
    payload = shown[0][publish.FIGURE_MIME]
    assert payload["sources"] == [["detik_2021_12_16", "high"], ["kompas_2020_10_07", "high"]]
    assert payload["html"]["en"].count("<tr>") == 2  # the heading and the one table row


def built_figure(site: Path, language: str) -> str:
    page = site / ("en/" if language == "en" else "") / "metode" / "wilayah" / "index.html"
    html = page.read_text(encoding="utf-8")
    match = re.search(r'<figure class="brief-figure" id="figure-province_coverage_map">.*?'
                      r"</figure>", html, re.DOTALL)
    assert match, f"the tile map is on the regions page ({language})"
    return match.group(0)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_built_map_table_lists_all_38_provinces(built_site, language):
    figure = built_figure(built_site, language)
    body = re.search(r"<tbody>(.*)</tbody>", figure, re.DOTALL).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body)
    assert len(rows) == 38
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]
    codes = [re.match(r"\d{2}", row[0]).group(0) for row in cells]
    assert sorted(codes) == sorted(provinces()["bps_code"])
    no_data = tilemap.NO_DATA[language]
    papua = [row for row in cells if "Papua" in row[2]]
    assert len(papua) == 6 and all(row[3:] == [no_data] * 3 for row in papua)
    assert not any(cell in {"0", "0,00", "0.00"} for row in cells for cell in row[3:])
    alt = re.search(r'aria-label="([^"]+)"', figure).group(1)
    assert no_data in alt
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', figure).group(1))
    assert width <= PHONE_CONTENT_WIDTH, "the map is drawn at full size on a 360 px phone"
