"""Data mistakes are caught by validation, before any notebook runs, naming the CSV's line.

Each case breaks one thing in a copy of `notebooks/data/` and calls the validator directly
(no site build): a header-only table, a fact recorded twice, an Indonesian thousands
separator in a count, and a quoted cell spanning two lines before the bad row.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scripts.data import validation
from scripts.paths import PROJECT


@pytest.fixture
def data(tmp_path) -> Path:
    return Path(shutil.copytree(PROJECT.data, tmp_path / "data"))


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(validation.DataError) as caught:
        validation.validate(data_dir)
    return str(caught.value).splitlines()


def test_a_header_only_table_is_refused(data):
    path = data / "pattiro_2019_counts.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    [message] = problems(data)
    assert message.startswith("notebooks/data/pattiro_2019_counts.csv:1: rule min-rows")
    assert "Fix:" in message


def test_a_fact_recorded_twice_is_refused_with_its_line(data):
    path = data / "enforcement_funnel.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    [message] = problems(data)
    assert message.startswith(f"notebooks/data/enforcement_funnel.csv:{len(lines) + 1}: ")
    assert "rule primary-key" in message and "election, agency" in message


def test_a_thousands_separator_in_a_count_is_refused(data):
    path = data / "paper_claims.csv"
    text = path.read_text(encoding="utf-8")
    broken = re.sub(r"^(C3,[^,]*),917,", r"\g<1>,1.484,", text, count=1, flags=re.M)
    assert broken != text, "the fixture row C3 has moved"
    path.write_text(broken, encoding="utf-8")
    [message] = problems(data)
    assert message.startswith("notebooks/data/paper_claims.csv:4: row 4, column value")
    assert "rule counts_are_whole" in message and "1484" in message


def test_line_numbers_count_cells_that_span_lines(data):
    path = data / "enforcement_funnel.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # Row 2's note gains a line break inside its quotes; row 3 gets a bad value.
    row2 = lines[1].rsplit(",", 1)
    lines[1] = f'{row2[0]},"first line\nsecond line"'
    cells = lines[2].split(",")
    cells[4] = "many"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [message] = problems(data)
    assert message.startswith("notebooks/data/enforcement_funnel.csv:4: row 3, column value")


def test_every_problem_is_reported_not_only_the_first(data):
    for name in ("violation_types.csv", "pattiro_misuse_forms.csv"):
        path = data / name
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    found = problems(data)
    assert len(found) == 2
    assert {line.split(":", 1)[0] for line in found} == {
        "notebooks/data/violation_types.csv", "notebooks/data/pattiro_misuse_forms.csv"}
