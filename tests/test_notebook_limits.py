"""Per-notebook cell time limit and per-cell output cap (scripts/notebooks/limits.py)."""

from __future__ import annotations

import pytest

from scripts.notebooks import limits


def test_the_default_time_limit_applies_without_a_setting():
    assert limits.cell_timeout({}, "notebooks/x.md") == limits.DEFAULT_CELL_TIMEOUT_SECONDS


def test_a_notebook_sets_its_own_time_limit():
    assert limits.cell_timeout({"execution": {"timeout": 600}}, "notebooks/x.md") == 600


@pytest.mark.parametrize("bad", [0, -5, "ten", 1.5, True])
def test_a_malformed_time_limit_is_refused_with_the_fix(bad):
    with pytest.raises(limits.LimitError) as caught:
        limits.cell_timeout({"execution": {"timeout": bad}}, "notebooks/x.md")
    assert str(caught.value).startswith("notebooks/x.md:1: ") and "Fix:" in str(caught.value)


def test_output_under_the_cap_passes_and_over_it_stops():
    small = [{"output_type": "stream", "name": "stdout", "text": "x" * 1000}]
    limits.check_output_size(small, "notebooks/x.md:12")
    huge = [{"output_type": "stream", "name": "stdout",
             "text": "x" * (limits.CELL_OUTPUT_LIMIT_BYTES + 1)}]
    with pytest.raises(limits.LimitError) as caught:
        limits.check_output_size(huge, "notebooks/x.md:12")
    assert str(caught.value).startswith("notebooks/x.md:12: the cell's output is 1.0 MB")
