"""The author commands of scripts/dev.py: JupyterLab's command line and its lock.

Starting JupyterLab takes longer than a unit test should; the command line and the
environment it is given are what make notebooks run in Jupyter as the build runs them
(scripts/notebooks/execution.py: from the project root, with the project importable).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from scripts import dev
from tests.conftest import ROOT


def pins(lock: Path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", lock.read_text("utf-8"), re.M))


def test_the_jupyter_lock_has_jupyterlab_and_jupytext_and_the_sites_versions():
    jupyter, site = pins(dev.JUPYTER_LOCK), pins(dev.SITE_LOCK)
    assert {"jupyterlab", "jupytext", "ipykernel"} <= set(jupyter)
    # Every package of the site lock, at the same version: the kernel computes what the
    # build computes.
    assert {name: jupyter.get(name) for name in site} == site
    assert "--hash=sha256:" in dev.JUPYTER_LOCK.read_text("utf-8")


def test_jupyter_command_runs_kernels_from_the_project_root(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    command, env = dev.jupyter_command(Path("/py/bin/python"), ["--no-browser"], tmp_path)
    assert command[:3] == ["/py/bin/python", "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={dev.ROOT}" in command
    assert "--ServerApp.ip=127.0.0.1" in command
    assert any(a.startswith("--ContentsManager.notebook_metadata_filter=-jupytext.")
               for a in command)
    assert command[-1] == "--no-browser"
    checkpoints = next(a for a in command if a.startswith("--FileCheckpoints.checkpoint_dir="))
    assert Path(checkpoints.split("=", 1)[1]).is_relative_to(tmp_path)
    assert env["PYTHONPATH"].split(":") == [str(dev.ROOT), "/elsewhere"]
    # Jupyter's writable folders are inside the environment, not the user's home.
    assert Path(env["IPYTHONDIR"]).is_relative_to(tmp_path)
    assert Path(env["JUPYTER_RUNTIME_DIR"]).is_relative_to(tmp_path)
    startup = Path(env["IPYTHONDIR"]) / "profile_default" / "startup" / "00-brief-project.py"
    elsewhere = tmp_path / "notebooks"
    elsewhere.mkdir()
    # The start-up file, run where Jupyter starts a notebook's kernel (its folder), moves
    # to the project root and makes `scripts` importable, as the build's hidden first cell.
    probe = subprocess.run(
        [sys.executable, "-I", "-c", startup.read_text("utf-8")
         + "import os, scripts; print(os.getcwd()); print(scripts.__file__)"],
        cwd=elsewhere, capture_output=True, text=True, check=True)
    assert probe.stdout.splitlines() == [str(dev.ROOT),
                                         str(dev.ROOT / "scripts" / "__init__.py")]


def test_dev_py_delegates_the_author_commands():
    text = (ROOT / "scripts" / "dev.py").read_text("utf-8")
    for command, module in (("new", "scripts.tools.new"),
                            ("check", "scripts.tools.author_check")):
        assert f'command == "{command}"' in text and f'"{module}"' in text


def test_the_command_given_for_an_ipynb_notebook_converts_it(tmp_path):
    import nbformat

    from scripts.notebooks import execution

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    cell = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["remove-input"]})
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), notebooks / "rekap.ipynb")
    (message,) = execution.saved_as_ipynb(notebooks, tmp_path)
    command = re.search(r"`([^`]*)`\.$", message).group(1)
    converter = Path(sys.executable).with_name("jupytext")
    subprocess.run(command.replace(".venv/bin/jupytext", str(converter)), shell=True,
                   cwd=tmp_path, check=True, capture_output=True)
    assert execution.saved_as_ipynb(notebooks, tmp_path) == []
    converted = execution.read_notebook(notebooks / "rekap.md", tmp_path)
    assert converted.cells[0].source == "x = 1"
    assert converted.cells[0].metadata["tags"] == ["remove-input"]
    assert "format_name: myst" in (notebooks / "rekap.md").read_text("utf-8")
    # Beside its own text notebook, a stray copy is named with what to delete.
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), notebooks / "rekap.ipynb")
    (message,) = execution.saved_as_ipynb(notebooks, tmp_path)
    assert message.startswith("notebooks/rekap.ipynb:1: notebooks/rekap.md already holds")
