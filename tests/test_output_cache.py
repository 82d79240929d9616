"""scripts/site/output_cache.py: entries by digest of their inputs, written whole, pruned to
what the last build used."""

from __future__ import annotations

import pytest

from scripts.site.output_cache import OutputCache, digest


def test_the_digest_tells_apart_parts_that_join_to_the_same_text():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("ab", "c") == digest(b"ab", "c")


def test_an_entry_is_found_by_its_key_and_pruned_when_a_build_no_longer_uses_it(tmp_path):
    first = OutputCache(tmp_path)
    first.store("old", lambda folder: (folder / "out").write_bytes(b"1"))
    first.store("kept", lambda folder: (folder / "out").write_bytes(b"2"))
    later = OutputCache(tmp_path)
    assert later.lookup("missing") is None
    assert (later.lookup("kept") / "out").read_bytes() == b"2"
    later.prune()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept"]


def test_a_failed_fill_leaves_no_entry(tmp_path):
    cache = OutputCache(tmp_path)

    def fail(folder):
        (folder / "out").write_bytes(b"half")
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        cache.store("key", fail)
    assert list(tmp_path.iterdir()) == []
