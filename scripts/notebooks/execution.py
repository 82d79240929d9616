"""Execute the project's text notebooks once per build and render them as Markdown per language.

Notebooks live in `notebooks/*.md` as MyST text notebooks (jupytext), so they diff cleanly and
store no outputs. One execution serves both languages: cells tagged `lang-id` or `lang-en` are
shown only on that language's page; untagged cells appear on both.

The execution cache (`.cache/notebooks/`) is keyed on the notebook's bytes, the pinned package
set (the lock file) and the Python version, and remembers every project file the notebook read
while running (observed with an audit hook inside the kernel). A notebook is re-executed when
any of those files changes, so editing a CSV re-runs exactly the notebooks that read it.

Called by `scripts/mkdocs_adapter/notebook_hooks.py` (the MkDocs adapter) and by the tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES, language_of

CACHE_FORMAT = 1
CELL_TIMEOUT_SECONDS = 180
# Project folders whose files are tools or outputs, never a notebook's data.
IGNORED_PARTS = {".venv", ".cache", ".git", "__pycache__", "site"}
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
CELL_FRAME = re.compile(r"Cell In\[\d+\], line (\d+)")
CODE_LABEL = {"id": "Kode Python", "en": "Python code"}


class NotebookError(Exception):
    """A notebook could not be run; the message names the file, the cell and the line."""


@dataclass
class ExecutedNotebook:
    """A notebook after execution: its cells with outputs, and the project files it read."""

    path: Path
    notebook: nbformat.NotebookNode
    reads: dict[str, str] = field(default_factory=dict)  # project-relative path -> sha256
    from_cache: bool = False
    warnings: list[str] = field(default_factory=list)


def discover(notebook_dir: Path) -> list[Path]:
    """Every notebook of the project, in a stable order.

    Upper-case names (README.md, VALUES.md) are documentation beside the notebooks.
    """
    return sorted(path for path in notebook_dir.glob("*.md") if not path.stem.isupper())


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def environment_key(root: Path) -> str:
    """What besides the notebook and its data decides its outputs: Python and pinned packages."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}".encode())
    lock = root / "requirements.lock"
    if lock.exists():
        digest.update(lock.read_bytes())
    return digest.hexdigest()


def _setup_code(root: Path) -> str:
    """Hidden first cell: run from the project root and record every project file opened."""
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


def _cell_start_lines(source_text: str, cells: list) -> list[int]:
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


def read_notebook(path: Path, root: Path) -> nbformat.NotebookNode:
    import jupytext  # slow to import; only needed when a notebook must run

    try:
        return jupytext.read(path)
    except Exception as error:  # jupytext raises several types for malformed files
        raise NotebookError(
            f"{path.relative_to(root)}: could not be read as a MyST text notebook ({error})"
        ) from None


def execute(path: Path, root: Path) -> ExecutedNotebook:
    """Run every code cell in a fresh kernel; raise NotebookError on the first failing cell."""
    # Imported here: a build whose notebooks all come from the cache needs neither.
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    notebook = read_notebook(path, root)
    setup = nbformat.v4.new_code_cell(_setup_code(root))
    report = nbformat.v4.new_code_cell(_REPORT_CODE)
    runnable = nbformat.v4.new_notebook(cells=[setup, *notebook.cells, report])
    start_lines = [0, *_cell_start_lines(path.read_text(encoding="utf-8"), notebook.cells), 0]
    try:
        with _private_kernel_dir() as kernel_dir:
            client = NotebookClient(
                runnable, timeout=CELL_TIMEOUT_SECONDS, allow_errors=False,
                km=AsyncKernelManager(kernel_name="python3", **_kernel_connection(kernel_dir)),
            )
            # The kernel's own start-up chatter goes nowhere; cell output arrives over the
            # messaging channel, not the process's stderr.
            with client.setup_kernel(stderr=subprocess.DEVNULL, env=_kernel_env(kernel_dir)):
                _run_cells(client, runnable, path, root, start_lines)
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


def _run_cells(client, runnable, path: Path, root: Path, start_lines: list[int]) -> None:
    """Execute the cells in order; the first failure becomes a NotebookError naming its line."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    code_index = 0
    for index, cell in enumerate(runnable.cells):
        is_user_cell = 0 < index < len(runnable.cells) - 1
        if cell.cell_type != "code":
            continue
        code_index += is_user_cell
        try:
            client.execute_cell(cell, index)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            if not is_user_cell:
                raise NotebookError(f"{path.relative_to(root)}: {error}") from None
            raise NotebookError(
                _error_message(path, root, code_index, start_lines[index], error)
            ) from None


class NotebookCache:
    """Executed notebooks on disk, valid while the notebook, its reads and the packages match."""

    def __init__(self, root: Path, cache_dir: Path | None = None) -> None:
        self.root = root
        self.cache_dir = cache_dir or root / ".cache" / "notebooks"
        self.env_key = environment_key(root)

    def _entry_path(self, notebook_path: Path) -> Path:
        return self.cache_dir / f"{notebook_path.stem}.json"

    def _key(self, notebook_path: Path) -> str:
        return hashlib.sha256(notebook_path.read_bytes() + self.env_key.encode()).hexdigest()

    def load(self, notebook_path: Path) -> ExecutedNotebook | None:
        entry_path = self._entry_path(notebook_path)
        try:
            entry = json.loads(entry_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # no entry yet, or one cut short by an interrupted build
        if entry.get("key") != self._key(notebook_path):
            return None
        for relative, digest in entry["reads"].items():
            data_path = self.root / relative
            if not data_path.is_file() or file_digest(data_path) != digest:
                return None
        return ExecutedNotebook(
            path=notebook_path,
            notebook=nbformat.from_dict(entry["notebook"]),
            reads=entry["reads"],
            from_cache=True,
            warnings=entry.get("warnings", []),
        )

    def store(self, executed: ExecutedNotebook) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        entry = {
            "key": self._key(executed.path),
            "reads": executed.reads,
            "warnings": executed.warnings,
            "notebook": executed.notebook,
        }
        target = self._entry_path(executed.path)
        # Write then rename, so an interrupted build never leaves a half-written entry.
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(entry, sort_keys=True), encoding="utf-8")
        os.replace(temporary, target)

    def executed(self, notebook_path: Path) -> ExecutedNotebook:
        cached = self.load(notebook_path)
        if cached is not None:
            return cached
        result = execute(notebook_path, self.root)
        self.store(result)
        return result

    def executed_all(self, notebook_paths: list[Path]) -> list[ExecutedNotebook]:
        """Every notebook, the stale ones run side by side (one kernel per core).

        Kernels are separate processes, so threads here only wait on them. When several
        notebooks fail, the first in name order is reported, so the message is stable.
        """
        workers = max(1, min(len(notebook_paths), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(self.executed, path) for path in notebook_paths]
        return [future.result() for future in futures]


def _shown_in(cell, language: str) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    if "remove-cell" in tags:
        return False
    languages = {tag.removeprefix("lang-") for tag in tags if tag.startswith("lang-")}
    return not languages or language in languages


def _render_output(output) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr":
            return ""
        return "```text\n" + output["text"].rstrip() + "\n```"
    data = output.get("data", {})
    if "text/markdown" in data:
        return data["text/markdown"].strip()
    if "text/html" in data:
        # Raw HTML must not contain blank lines, or Markdown would end the block early.
        lines = [line for line in data["text/html"].splitlines() if line.strip()]
        return "\n".join(lines)
    if "image/svg+xml" in data:
        return "\n".join(line for line in data["image/svg+xml"].splitlines() if line.strip())
    if "text/plain" in data:
        return "```text\n" + data["text/plain"].rstrip() + "\n```"
    return ""


def render(executed: ExecutedNotebook, language: str) -> str:
    """The notebook as Markdown for one language: prose, collapsed code, and outputs."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    parts: list[str] = []
    for cell in executed.notebook.cells:
        if not _shown_in(cell, language):
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type == "markdown":
            parts.append(cell.source.strip())
            continue
        if cell.cell_type != "code":
            continue
        if cell.source.strip() and not tags & {"remove-input", "hide-input"}:
            code = "\n".join("    " + line for line in cell.source.strip().splitlines())
            parts.append(f'??? code-cell "{CODE_LABEL[language]}"\n    ```python\n{code}\n    ```')
        if "remove-output" not in tags:
            rendered = [_render_output(output) for output in cell.outputs]
            parts.extend(part for part in rendered if part)
    return "\n\n".join(parts) + "\n"


def notebook_pages(page_settings: dict[str, dict], notebook_names: list[str]) -> dict:
    """Map (notebook, language) to the docs page that shows it, or raise NotebookError.

    `page_settings` is each docs page's front matter (see scripts/content/frontmatter.py). A page
    shows a notebook when it says `notebook: <name>`. Every notebook needs a page in each
    language, so readers can switch between the two.
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
