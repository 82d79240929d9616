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
