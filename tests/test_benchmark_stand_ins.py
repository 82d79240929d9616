"""The benchmark's build without PDF briefs and share cards
(scripts/tools/build_without_briefs_and_cards.py): its stand-ins replace what the build calls,
and it refuses to run, replacing nothing, when the build no longer calls them by name."""

from __future__ import annotations

import itertools
import struct

import pytest

from scripts.site import pdf_brief, share_cards
from scripts.tools import build_without_briefs_and_cards as without


@pytest.fixture
def restored(monkeypatch):
    """Whatever the test replaces in the two modules is put back afterwards."""
    for module, name, _ in without.REPLACED:
        monkeypatch.setattr(module, name, getattr(module, name))


def test_the_stand_ins_stay_within_the_briefs_limits_and_write_a_png_card(tmp_path, restored):
    without.use_stand_ins()
    assert pdf_brief.start is without.start_stand_in_pdf
    finish = pdf_brief.start("<html></html>", tmp_path, tmp_path / "brief.pdf", title="t",
                             language="id", page_url="http://example.org/", built=None,
                             site_name="s")
    brief = finish()
    assert brief.path.read_bytes().startswith(b"%PDF")
    assert pdf_brief.A4_PAGES[0] <= brief.pages <= pdf_brief.A4_PAGES[1]
    card = share_cards.card_png("Title", "Site", "example.org/")
    assert card.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack(">II", card[16:24]) == (1, 1)


def test_a_renamed_function_stops_it_before_anything_is_replaced(monkeypatch, restored):
    monkeypatch.delattr(share_cards, "card_png")
    real_start = pdf_brief.start
    with pytest.raises(SystemExit, match=r"share_cards\.card_png is gone"):
        without.use_stand_ins()
    assert pdf_brief.start is real_start


@pytest.mark.parametrize("runs", [1, 2, 3])
def test_clean_builds_alternate_and_the_real_build_comes_last(tmp_path, monkeypatch, runs):
    from scripts.tools import benchmark

    builders = []
    monkeypatch.setattr(benchmark, "timed_build",
                        lambda project, builder: builders.append(builder) or (1.0, ""))
    full, without = benchmark.clean_build_times(tmp_path, runs)
    assert len(full) == len(without) == runs
    assert builders[-1] == "scripts.build"
    pairs = [builders[index:index + 2] for index in range(0, len(builders), 2)]
    assert all(sorted(pair) == sorted(["scripts.build", benchmark.WITHOUT_BRIEFS_AND_CARDS])
               for pair in pairs)
    assert all(first != second for first, second in itertools.pairwise(pairs))
