"""One build state per build: its language passes are visible, the first does the project-wide
work, and the build ends when the last pass still open (the first) ends."""

from __future__ import annotations

from pathlib import Path

from scripts.build_state import BuildState
from scripts.paths import ProjectPaths


def new_state() -> BuildState:
    return BuildState(ProjectPaths(Path("/project")))


def test_passes_are_numbered_and_found_by_language():
    state = new_state()
    first = state.start_pass("id")
    assert state.is_first_pass and first.is_first
    second = state.start_pass("en")
    assert not state.is_first_pass and second.number == 2
    assert state.language_pass("en") is second and state.language_pass("id") is first
    assert state.language_pass("fr") is None
    assert [p.language for p in state.passes] == ["id", "en"]


def test_the_build_ends_when_the_first_pass_ends():
    # The i18n plugin starts the English pass from the end of the Indonesian one, so the
    # English pass finishes first and the Indonesian pass last.
    state = new_state()
    state.start_pass("id")
    state.start_pass("en")
    assert state.current_pass.language == "en"
    assert state.finish_pass() is False
    assert state.current_pass.language == "id"
    assert state.finish_pass() is True


def test_a_new_build_starts_empty():
    state = new_state()
    state.start_pass("id")
    state.language_pass("id").csv_files["x"] = object()
    fresh = new_state()
    assert fresh.passes == [] and fresh.executed_notebooks == {} and fresh.registry is None
