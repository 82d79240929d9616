"""Published CSV cells cannot run as spreadsheet formulas (scripts/figures/csv_safety.py)."""

from __future__ import annotations

import csv
import io

import pytest

from scripts.figures.csv_safety import is_risky, spreadsheet_safe


@pytest.mark.parametrize("cell", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                                  "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_cells_are_neutralised(cell):
    text = "label,value\n" + _row(cell, "1")
    [row] = list(csv.reader(io.StringIO(spreadsheet_safe(text), newline="")))[1:]
    assert row[0] == "'" + cell
    assert not is_risky(row[0])


@pytest.mark.parametrize("cell", ["-5", "+1.5", "1.588", "Jawa Tengah", "", "a=b"])
def test_numbers_and_text_are_left_alone(cell):
    text = "label,value\n" + _row(cell, "-3")
    assert spreadsheet_safe(text) == text


def _row(*cells: str) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue().replace("\r\n", "\n")


def test_every_csv_the_site_publishes_is_safe_to_open(built_site):
    published = sorted(built_site.rglob("*.csv"))
    assert published, "the site publishes no CSV: is the download link gone?"
    risky = []
    for path in published:
        with path.open(encoding="utf-8", newline="") as handle:
            risky += [f"{path.relative_to(built_site)}: {cell!r}"
                      for row in csv.reader(handle) for cell in row if is_risky(cell)]
    assert not risky, risky


def test_the_built_site_holds_copies_never_links(built_site):
    links = [str(path.relative_to(built_site)) for path in built_site.rglob("*")
             if path.is_symlink()]
    assert not links, links
