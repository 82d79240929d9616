"""Execute one text notebook in a fresh Jupyter kernel and report the project files it read.

Notebooks live in `notebooks/*.md` as MyST text notebooks (jupytext), so they diff cleanly and
store no outputs; `saved_as_ipynb()` names any `.ipynb` left beside them. `execute()` runs
every cell in a private kernel; a hidden first cell records, with an audit hook, every
project file the notebook opens, so the cache (`scripts/notebooks/cache.py`) knows which files
a notebook's outputs depend on. A failing cell becomes a NotebookError naming the notebook's
file, line and cell. `notebook_pages()` checks
that every notebook has a page in each language.

Called by `scripts/notebooks/cache.py`, `scripts/build_steps.py` and the tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import signal
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES, language_of
from scripts.notebooks import limits

# Project folders whose files are tools or outputs, never a notebook's data.
IGNORED_PARTS = {".venv", ".cache", ".git", "__pycache__", "site"}
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
CELL_FRAME = re.compile(r"Cell In\[\d+\], line (\d+)")


class NotebookError(Exception):
    """A notebook could not be run; the message names the file, the cell and the line."""


class Node(dict):
    """A notebook or a part of one, its keys also read as attributes (`cell.source`), as
    nbformat's NotebookNode reads them. A notebook taken from the cache is made of these, so
    a build whose notebooks all come from the cache never imports nbformat, which takes a
    noticeable part of such a build (its schema validator is large)."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


def from_dict(value: Any) -> Any:
    """`value` (parsed JSON) with every mapping in it made a `Node`."""
    if isinstance(value, dict):
        return Node({key: from_dict(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return [from_dict(item) for item in value]
    return value


@dataclass
class ExecutedNotebook:
    """A notebook after execution: its cells with outputs, and the project files it read."""

    path: Path
    notebook: Node  # or nbformat's NotebookNode, which reads the same
    reads: dict[str, str] = field(default_factory=dict)  # project-relative path -> sha256
    from_cache: bool = False
    warnings: list[str] = field(default_factory=list)


def discover(notebook_dir: Path) -> list[Path]:
    """Every notebook of the project, in a stable order.

    Upper-case names (README.md) are documentation beside the notebooks.
    """
    return sorted(path for path in notebook_dir.glob("*.md") if not path.stem.isupper())


def saved_as_ipynb(notebook_dir: Path, root: Path) -> list[str]:
    """One message per `.ipynb` notebook, which the build would otherwise leave out unseen.

    Notebooks are MyST text files: they diff and review like prose, store no outputs, and
    their cache entries, error lines and page dates all name `notebooks/<name>.md`. Jupyter
    saves `.ipynb` by default, so an author may well add one; the message gives the command
    that converts it (jupytext keeps the cells, tags and metadata; outputs are recomputed).
    """
    problems = []
    for path in sorted(notebook_dir.glob("*.ipynb")):
        where = path.relative_to(root).as_posix()
        text = path.with_suffix(".md").relative_to(root).as_posix()
        if path.with_suffix(".md").exists():
            problems.append(
                f"{where}:1: {text} already holds the notebook `{path.stem}`, and the build "
                f"reads only that text file. Fix: copy any change into {text}, then delete "
                f"{where}.")
        else:
            problems.append(
                f"{where}:1: a notebook saved as .ipynb is not read by the build, which runs "
                f"the MyST text notebooks (notebooks/*.md). Fix: convert it with "
                f"`.venv/bin/jupytext --to myst {where} && rm {where}`.")
    return problems


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _setup_code(root: Path) -> str:
    """Hidden first cell: run from the project root and record every project file opened.

    It also makes a chart a cell ends with come out as its Vega-Lite specification (Altair's
    "mimetype" renderer), which `scripts/notebooks/render.py` draws as static SVG, instead
    of Altair's default HTML, which loads vega-embed from a CDN. The hook is registered by
    name, so a notebook that never imports Altair does not pay for importing it.
    """
    return f"""\
import os as _brief_os, sys as _brief_sys
_brief_os.chdir({str(root)!r})
_brief_sys.path.insert(0, {str(root)!r})
_brief_reads = set()
def _brief_audit(event, args, _reads=_brief_reads, _root={str(root) + os.sep!r}):
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        _path = _brief_os.path.abspath(_brief_os.fsdecode(args[0]))
        if _path.startswith(_root):
            _reads.add(_path)
_brief_sys.addaudithook(_brief_audit)
def _brief_chart_bundle(chart, include=None, exclude=None):
    import altair
    with altair.renderers.enable("mimetype"):
        bundle = chart._repr_mimebundle_(include, exclude)
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {{}})
    # Altair 6 names its type `…vegalite.v6.json`; notebooks keep JSON only under `+json`.
    return {{(key[:-5] + "+json" if key.startswith("application/vnd.vegalite.")
              and not key.endswith("+json") else key): value
             for key, value in data.items()}}, metadata
for _brief_module in ("altair.vegalite.v5.api", "altair.vegalite.v6.api"):
    get_ipython().display_formatter.mimebundle_formatter.for_type_by_name(
        _brief_module, "TopLevelMixin", _brief_chart_bundle)
"""


# Hidden last cell: report the files read, plus project modules imported (their source may
# only have been stat-ed, with the compiled copy opened instead).
_REPORT_CODE = """\
import json as _brief_json
_brief_modules = {getattr(_m, "__file__", None) for _m in list(_brief_sys.modules.values())}
print(_brief_json.dumps(sorted(_brief_reads | {_f for _f in _brief_modules if _f})))
"""


def _relevant_reads(paths: list[str], root: Path) -> list[Path]:
    kept = []
    for raw in paths:
        path = Path(raw)
        if not path.is_relative_to(root) or not path.is_file():
            continue
        if IGNORED_PARTS.intersection(path.relative_to(root).parts) or path.suffix == ".pyc":
            continue
        kept.append(path)
    return kept


def cell_start_lines(source_text: str, cells: list) -> list[int]:
    """1-based line in the notebook file of each cell's first source line (0 if not found).

    Cells are searched for in order, each after the previous one, so repeated lines
    (the same import in two cells, say) are attributed to the right cell.
    """
    lines, offset = [], 0
    for cell in cells:
        first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        position = source_text.find(first_line, offset) if first_line else -1
        if position < 0:
            lines.append(0)
            continue
        lines.append(source_text.count("\n", 0, position) + 1)
        offset = position + len(first_line)
    return lines


def _error_message(path: Path, root: Path, index: int, start: int, error: Exception) -> str:
    detail = f"{type(error).__name__}: {error}"
    if hasattr(error, "ename") and hasattr(error, "traceback"):  # a CellExecutionError
        detail = f"{error.ename}: {error.evalue}"
        frame = CELL_FRAME.search(ANSI_ESCAPE.sub("", error.traceback or ""))
        if frame and start:
            start += int(frame.group(1)) - 1
    where = f"{path.relative_to(root)}:{start}" if start else str(path.relative_to(root))
    return (
        f"{where}: code cell {index} raised {detail}\n"
        "  Fix the cell (open the notebook with Jupyter or any text editor), then build again."
    )


def read_notebook(path: Path, root: Path) -> Any:
    """The notebook as nbformat's NotebookNode."""
    import jupytext  # slow to import; only needed when a notebook must run

    try:
        return jupytext.read(path)
    except Exception as error:  # jupytext raises several types for malformed files
        raise NotebookError(
            f"{path.relative_to(root)}: could not be read as a MyST text notebook ({error})"
        ) from None


def execute(path: Path, root: Path, running: set[int] | None = None,
            stopped: threading.Event | None = None) -> ExecutedNotebook:
    """Run every code cell in a fresh kernel; raise NotebookError on the first failing cell.

    While the kernel runs, its process group id is in `running`, so a build that is
    stopped can stop the kernel too: kernels run in a session of their own, which a Ctrl-C
    in the terminal does not reach.
    """
    # Imported here: a build whose notebooks all come from the cache needs none of them.
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    if stopped is not None and stopped.is_set():
        raise KeyboardInterrupt  # the build was stopped before this notebook's turn
    notebook = read_notebook(path, root)
    try:
        timeout = limits.cell_timeout(notebook.metadata, str(path.relative_to(root)))
    except limits.LimitError as error:
        raise NotebookError(str(error)) from None
    setup = nbformat.v4.new_code_cell(_setup_code(root))
    report = nbformat.v4.new_code_cell(_REPORT_CODE)
    runnable = nbformat.v4.new_notebook(cells=[setup, *notebook.cells, report])
    start_lines = [0, *cell_start_lines(path.read_text(encoding="utf-8"), notebook.cells), 0]
    try:
        with _private_kernel_dir() as kernel_dir:
            client = NotebookClient(
                runnable, timeout=timeout, allow_errors=False,
                km=AsyncKernelManager(kernel_name="python3", **_kernel_connection(kernel_dir)),
            )
            # The kernel's own start-up chatter goes nowhere; cell output arrives over the
            # messaging channel, not the process's stderr.
            with client.setup_kernel(stderr=subprocess.DEVNULL, env=_kernel_env(kernel_dir)):
                group = getattr(getattr(client.km, "provisioner", None), "pgid", None)
                if running is not None and group:
                    running.add(group)
                    # A stop that came while this kernel was starting found no group to
                    # stop: the kernel stops itself.
                    if stopped is not None and stopped.is_set():
                        stop_kernel_group(group)
                try:
                    _run_cells(client, runnable, path, root, start_lines, timeout)
                finally:
                    if running is not None:
                        running.discard(group)
    except NotebookError:
        raise
    except Exception as error:  # kernel failed to start, and the like
        raise NotebookError(
            f"{path.relative_to(root)}: the Python kernel failed ({type(error).__name__}: {error})"
        ) from None
    report_text = "".join(
        output.get("text", "") for output in runnable.cells[-1].outputs if output.get("text")
    )
    reads = _relevant_reads(json.loads(report_text.strip().splitlines()[-1]), root)
    notebook.cells = runnable.cells[1:-1]
    warnings = [
        f"{path.relative_to(root)}: {output['text'].strip()}"
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    ]
    return ExecutedNotebook(
        path=path,
        notebook=notebook,
        reads={str(p.relative_to(root)): file_digest(p) for p in reads if p != path},
        warnings=warnings,
    )


def stop_kernel_group(group: int) -> None:
    """Kill a kernel's process group at once (a stopped build; the group may be gone)."""
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _private_kernel_dir():
    """A short-lived folder of this kernel's own: its connection file, sockets and IPython dir.

    Nothing is shared with other kernels or other builds, so builds in two checkouts at once
    cannot collide (TCP ports picked by two processes at the same moment can).
    """
    # A short path: Unix socket paths are limited to about 100 bytes.
    return tempfile.TemporaryDirectory(prefix="brief-kernel-")


def _kernel_connection(kernel_dir: str) -> dict:
    """Unix-socket transport inside kernel_dir where the system has it, else local TCP."""
    connection = {"connection_file": os.path.join(kernel_dir, "kernel.json")}
    if os.name == "posix":
        connection["transport"] = "ipc"
    return connection


def _kernel_env(kernel_dir: str) -> dict:
    return {**os.environ, "IPYTHONDIR": os.path.join(kernel_dir, "ipython")}


def _run_cells(client, runnable, path: Path, root: Path, start_lines: list[int],
               timeout: int) -> None:
    """Execute the cells in order; the first failure becomes a NotebookError naming its line."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    code_index = 0
    for index, cell in enumerate(runnable.cells):
        is_user_cell = 0 < index < len(runnable.cells) - 1
        if cell.cell_type != "code":
            continue
        code_index += is_user_cell
        where = f"{path.relative_to(root)}:{start_lines[index] or 1}"
        try:
            client.execute_cell(cell, index)
        except CellTimeoutError:
            raise NotebookError(
                f"{where}: code cell {code_index} ran longer than {timeout} s, the limit per "
                "cell. Fix: make the cell faster, or give the notebook more time in its front "
                "matter (`execution:` then `timeout: 600` on the next line, indented).") from None
        except (CellExecutionError, DeadKernelError) as error:
            if getattr(error, "ename", "") == "KeyboardInterrupt":
                raise KeyboardInterrupt from None
            if not is_user_cell:
                raise NotebookError(f"{path.relative_to(root)}: {error}") from None
            raise NotebookError(
                _error_message(path, root, code_index, start_lines[index], error)
            ) from None
        if is_user_cell:
            try:
                limits.check_output_size(cell.get("outputs", []), where)
            except limits.LimitError as error:
                raise NotebookError(str(error)) from None


def notebook_pages(page_settings: dict[str, dict], notebook_names: list[str]) -> dict:
    """Map (notebook, language) to the docs page that shows it, or raise NotebookError.

    `page_settings` is each docs page's front matter (see scripts/content/frontmatter.py). A page
    shows a notebook when it says `notebook: <name>`. A notebook shown in one language needs
    its page in the other too, so readers can switch between the two. A notebook with no page
    at all may still publish figures and values for other pages; whether anything uses it is
    known once it has run (`scripts/figures/registry.py`, `unused_notebooks`).
    """
    pages: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    for relative, meta in sorted(page_settings.items()):
        name = meta.get("notebook")
        if name is None:
            continue
        if name not in notebook_names:
            problems.append(
                f"docs/{relative}: `notebook: {name}` names no notebook; "
                f"known: {', '.join(notebook_names) or 'none'}"
            )
            continue
        pages[(name, language_of(relative))] = relative
    for name in notebook_names:
        if not any((name, language) in pages for language in LANGUAGES):
            continue
        for language in LANGUAGES:
            if (name, language) not in pages:
                ending = ".md" if language == DEFAULT_LANGUAGE else f".{language}.md"
                problems.append(
                    f"notebooks/{name}.md has no {language} page: add a page to docs/ whose "
                    f"front matter says `notebook: {name}` (file name ending {ending})"
                )
    if problems:
        raise NotebookError("\n".join(problems))
    return pages
