"""How a value's kind shows it: a year is a date (2020), never an integer (2.020).

Unit tests of `scripts.figures.publish` (values, table columns) and of the year format for
charts in `scripts.figures.kit`; no build.
"""

from __future__ import annotations

import re
from datetime import date

import altair as alt
import numpy as np
import pandas as pd
import pytest

from scripts.figures import charts, kit
from scripts.figures import publish as figures
from scripts.figures.registry import Registry

MEANING = {"id": "tahun", "en": "year"}
SOURCE = ["detik_2021_12_16"]


def published_values(monkeypatch, *calls) -> Registry:
    """Publish values as a notebook would and collect them as the build does."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda bundle, raw: shown.append(bundle))
    for value_id, value, kind in calls:
        figures.publish_value(value_id, value, kind=kind, meaning=MEANING, unit="x",
                              source_ids=SOURCE)
    registry = Registry()
    for bundle in shown:
        registry.add("value", bundle[figures.VALUE_MIME], "demo")
    return registry


def test_integer_groups_thousands_which_is_why_a_year_is_not_one():
    assert figures.format_number(2020, "integer", "id") == "2.020"
    assert figures.format_number(2020, "integer", "en") == "2,020"


@pytest.mark.parametrize("year", [2020, "2020", 2020.0, np.int64(2020), np.float64(2020),
                                  " 2020 "])
def test_a_date_value_takes_a_plain_year_and_shows_it_ungrouped(monkeypatch, year):
    registry = published_values(monkeypatch, ("election_year", year, "date"))
    assert registry.values["election_year"]["value"] == "2020"  # JSON-safe, as ISO text
    for language in ("id", "en"):
        assert registry.value_text("election_year", language) == "2020"
        assert registry.substitute("Pilkada {{ value: election_year }}.", language,
                                   "x.md") == "Pilkada 2020."


@pytest.mark.parametrize("value,shown_id,shown_en", [
    ("2021-12-16", "16 Desember 2021", "16 December 2021"),
    ("2021-12", "Desember 2021", "December 2021"),
    (date(2021, 12, 16), "16 Desember 2021", "16 December 2021"),
    (pd.Timestamp("2021-12-16"), "16 Desember 2021", "16 December 2021"),
])
def test_a_date_value_keeps_its_precision_in_each_language(monkeypatch, value, shown_id,
                                                          shown_en):
    registry = published_values(monkeypatch, ("as_of", value, "date"))
    assert registry.value_text("as_of", "id") == shown_id
    assert registry.value_text("as_of", "en") == shown_en


@pytest.mark.parametrize("value", ["20x0", "2021-13", "2021-02-30", "16/12/2021", 2020.5, True,
                                   None, ""])
def test_a_date_value_that_is_no_date_is_refused_in_the_notebook(value):
    with pytest.raises(ValueError, match=r"^value as_of: .* is not a date: give a year \(2020\)"):
        figures.publish_value("as_of", value, kind="date", meaning=MEANING, unit="x",
                              source_ids=SOURCE)


def test_kind_year_is_refused_with_the_kind_to_use():
    with pytest.raises(ValueError, match=r'value election_year: kind must be one of .*not '
                                         r"'year'\. A year is a date: use kind=\"date\""):
        figures.publish_value("election_year", 2020, kind="year", meaning=MEANING, unit="x",
                              source_ids=SOURCE)
    with pytest.raises(ValueError, match=r"column 'year': kind must .*A year is a date"):
        figures.Column("year", {"id": "Tahun", "en": "Year"}, "year")


def test_an_unknown_column_kind_is_refused_when_the_column_is_made():
    with pytest.raises(ValueError, match=r"column 'value': kind must be one of text, integer, "
                                         r"percent, decimal, date, not 'count'\.$"):
        figures.Column("value", {"id": "Jumlah", "en": "Count"}, "count")


def test_a_date_column_shows_years_ungrouped_and_days_in_words():
    # A year column with a gap is read by pandas as floats (2020.0) with NaN.
    data = pd.DataFrame({"year": [2020, 2024, None],
                         "as_of": ["2021-12-16", "2024-02", "2019"],
                         "count": [2020, 2034, 5]})
    columns = [figures.Column("year", {"id": "Tahun", "en": "Year"}, "date"),
               figures.Column("as_of", {"id": "Per tanggal", "en": "As of"}, "date"),
               figures.Column("count", {"id": "Jumlah", "en": "Count"}, "integer")]
    cells = {language: re.findall(r'<td class="brief-num">([^<]*)</td>',
                                  figures.data_table(data, columns, "t", language))
             for language in ("id", "en")}
    assert cells["id"] == ["2020", "16 Desember 2021", "2.020",
                           "2024", "Februari 2024", "2.034",
                           "\u2013", "2019", "5"]
    assert cells["en"][:3] == ["2020", "16 December 2021", "2,020"]


def year_chart(year_format: str) -> alt.LayerChart:
    data = pd.DataFrame({"label": ["Pilkada 2020", "Pilkada 2024"], "year": [2020, 2024]})
    return kit.bars(data, label="label", value="year", title="t", axis_title="a",
                    value_format=year_format)


def test_a_chart_shows_a_year_with_the_year_format_and_groups_it_with_the_integer_one():
    svg = charts.to_svg(year_chart(kit.YEAR), "id")
    assert ">2020</text>" in svg and ">2024</text>" in svg
    assert "2.020" not in svg
    grouped = charts.to_svg(year_chart(kit.INTEGER), "id")
    assert ">2.020</text>" in grouped, "the integer format groups thousands in Indonesian"


def test_a_temporal_axis_prints_years_ungrouped():
    data = pd.DataFrame({"day": pd.to_datetime(["2019-06-01", "2021-06-01", "2023-06-01"]),
                         "n": [1, 2, 3]})
    chart = alt.Chart(data).mark_line().encode(
        x=alt.X("day:T", axis=alt.Axis(format="%Y", tickCount=3)), y="n:Q")
    svg = charts.to_svg(chart, "id")
    assert ">2020</text>" in svg and "2.020" not in svg
