"""scripts/tools/npm.py runs `npm ci` only when node_modules/ does not match the lock file."""

from __future__ import annotations

import os
import stat

import pytest

from scripts.tools import npm as serve_npm

FAKE_NPM = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/calls.txt"
mkdir -p node_modules
exit "${FAKE_NPM_STATUS:-0}"
"""


@pytest.fixture
def fake_npm(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(FAKE_NPM)
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    return bin_dir / "calls.txt"


def test_installs_once_per_lock_file(tmp_path, fake_npm):
    root = tmp_path / "project"
    root.mkdir()
    (root / "package-lock.json").write_text('{"lockfileVersion": 3}')
    assert serve_npm.ensure_node_modules(root) == root / "node_modules"
    assert fake_npm.read_text().split() == ["ci", "--ignore-scripts", "--no-audit", "--no-fund",
                                            "--loglevel=error"]
    serve_npm.ensure_node_modules(root)
    assert len(fake_npm.read_text().splitlines()) == 1, "a current install was repeated"
    (root / "package-lock.json").write_text('{"lockfileVersion": 3, "changed": true}')
    serve_npm.ensure_node_modules(root)
    assert len(fake_npm.read_text().splitlines()) == 2, "a changed lock was not installed"
    assert len(list((root / "node_modules").glob(".installed-*"))) == 1


def test_a_failed_install_says_so_and_is_not_stamped(tmp_path, fake_npm, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    (root / "package-lock.json").write_text("{}")
    monkeypatch.setenv("FAKE_NPM_STATUS", "1")
    with pytest.raises(serve_npm.NodeToolsError, match="npm ci"):
        serve_npm.ensure_node_modules(root)
    assert not serve_npm.is_current(root)
