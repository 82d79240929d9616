"""Outputs of the slow finishing steps, kept under `.cache/` by a digest of exactly their inputs.

The PDF briefs (`scripts/site/pdf_brief.py`), the share cards (`scripts/site/share_cards.py`)
and the search index (`scripts/site/search.py`) are each a pure function of some text, some
files of the built site and the versions of the programs that make them. A build that finds
an entry for the digest of those inputs copies the entry's bytes instead of rendering again,
so a build in which nothing they read changed spends no time on them, and its output is the
same bytes as a rendering would give (the renderers are reproducible; the tests compare).
The per-page HTML passes keep their results the same way, keyed also on the generator's own
code (`generator_code`), so a build of unchanged pages does not read each page again.

An entry is a folder `.cache/<step>/<digest>/` written under a temporary name and renamed
when complete, so a build stopped halfway never leaves a partial entry. `prune()` removes
the entries the build did not use, so the cache holds what the last build needed and does
not grow with every edit. Deleting `.cache/` is always safe: the next build renders again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# Where the system keeps the fonts the renderers lay text out with (Debian's packages).
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def digest(*parts: str | bytes) -> str:
    """A digest of the parts, each length-prefixed so that no two sequences collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(f"{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def package_versions(*names: str) -> str:
    """`name==version` of each package, one a line; a missing package reads as absent."""
    lines = []
    for name in names:
        try:
            lines.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            lines.append(f"{name} absent")
    return "\n".join(lines)


@cache
def system_fonts() -> str:
    """Every font file the system offers (path and size): a font added, removed or updated
    changes how a renderer lays text out, so it changes the inputs' digest."""
    found = []
    for folder in FONT_FOLDERS:
        for directory, _, names in os.walk(folder):
            for name in names:
                path = Path(directory) / name
                try:
                    found.append(f"{path} {path.stat().st_size}")
                except OSError:
                    continue
    return "\n".join(sorted(found))


@cache
def generator_code() -> str:
    """A digest of the generator's own code (every module under `scripts/`): an output that
    passes of this code made is valid only while the code is the same."""
    scripts = Path(__file__).resolve().parents[1]
    parts: list[str | bytes] = []
    for path in sorted(scripts.rglob("*.py")):
        parts += [path.relative_to(scripts).as_posix(), path.read_bytes()]
    return digest(*parts)


class OutputCache:
    """The entries of one step, `folder/<digest>/`, and which of them this build used."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._used: set[str] = set()

    def lookup(self, key: str) -> Path | None:
        """The entry's folder when there is one (it then counts as used), else None."""
        entry = self.folder / key
        if not entry.is_dir():
            return None
        self._used.add(key)
        return entry

    def has_entries(self) -> bool:
        """Whether the cache holds any entry (from this build or an earlier one)."""
        return self.folder.is_dir() and any(
            not entry.name.startswith(".") for entry in self.folder.iterdir())

    def store(self, key: str, fill: Callable[[Path], None]) -> Path:
        """Make the entry for `key`: `fill(folder)` writes its files into a fresh folder,
        which then takes the entry's place whole (replacing an older entry of that key)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:16]}-", dir=self.folder))
        try:
            fill(staging)
            entry = self.folder / key
            if entry.exists():
                shutil.rmtree(entry)
            staging.rename(entry)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._used.add(key)
        return entry

    def text(self, key: str, make: Callable[[], str], name: str = "output") -> str:
        """The text `make()` returns, kept in the entry for `key` (bytes as they are: no
        line endings translated)."""
        entry = self.lookup(key)
        if entry is not None:
            try:
                return (entry / name).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                pass  # an unreadable entry is made again
        made = make()
        self.store(key, lambda folder: (folder / name).write_bytes(made.encode("utf-8")))
        return made

    def prune(self, keep: Iterable[str] = ()) -> None:
        """Remove every entry this build did not use or store (and any left half-written)."""
        if not self.folder.is_dir():
            return
        wanted = self._used | set(keep)
        for entry in self.folder.iterdir():
            if entry.name not in wanted:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)


class DrawnFiles:
    """Files drawn from a text (a chart's or a card's SVG), one per text, kept in a cache.

    `draw(text)` makes a file's bytes; it is a module-level function, so that `submit`
    (`Helper.submit` of scripts/site/helper_process.py) can run it in a helper process.
    `start(key, text)` sends the drawing off when the cache lacks it, as soon as the text is
    known; `get(key, text)` gives the bytes: from the cache, from the drawing started, or
    drawn here and now (nothing was started, or no `submit` was given). What was drawn is
    stored in the cache by the build's own process, so the cache knows it was used.
    """

    def __init__(self, cache: OutputCache | None, draw: Callable[[str], bytes], name: str,
                 submit: Callable[..., Future] | None = None) -> None:
        self.cache = cache
        self.draw = draw
        self.name = name
        self.submit = submit
        self._started: dict[str, Future] = {}

    def start(self, key: str, text: str) -> None:
        if self.submit is None or key in self._started:
            return
        if self.cache is not None and self.cache.lookup(key) is not None:
            return
        self._started[key] = self.submit(self.draw, text)

    def get(self, key: str, text: str) -> bytes:
        entry = self.cache.lookup(key) if self.cache is not None else None
        if entry is not None:
            try:
                return (entry / self.name).read_bytes()
            except OSError:
                pass  # an unreadable entry is drawn again
        started = self._started.pop(key, None)
        data = started.result() if started is not None else self.draw(text)
        if self.cache is not None:
            self.cache.store(key, lambda folder: (folder / self.name).write_bytes(data))
        return data
