"""Checks on the set of source files, before anything is built from them.

- Nothing from outside the project is published. A symbolic link under `docs/`,
  `notebooks/` or `bib/` that resolves outside the project would copy that file (a key, a
  password file of the building machine) into the public site, so it stops the build.
- One source per address. `docs/a.md` and `docs/a/index.md` (or `README.md`) both become
  `/a/`; the generator would silently publish one and drop the other.

Called by the MkDocs adapter before a build; pure functions over paths and addresses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

SOURCE_FOLDERS = ("docs", "notebooks", "bib")


def links_leaving_project(root: Path, folders: Iterable[str] = SOURCE_FOLDERS) -> list[str]:
    """One message per symbolic link that resolves outside `root` (or nowhere)."""
    root = root.resolve()
    problems = []
    for folder in folders:
        base = root / folder
        if not base.exists():
            continue
        for path in sorted(_walk_without_following(base)):
            if not path.is_symlink():
                continue
            relative = path.relative_to(root).as_posix()
            target = Path(path.parent, path.readlink())
            resolved = target.resolve()
            if not resolved.exists():
                problems.append(
                    f"{relative}:1: a symbolic link to {path.readlink()}, which does not exist. "
                    "Fix: replace the link with the file itself, or delete it.")
            elif not resolved.is_relative_to(root):
                problems.append(
                    f"{relative}:1: a symbolic link to {resolved}, outside the project; the "
                    "build would publish that file. Fix: copy the file into the project, or "
                    "delete the link.")
    return problems


def _walk_without_following(base: Path) -> Iterable[Path]:
    """Every path under `base`; linked folders are listed, not entered."""
    for path in base.iterdir():
        yield path
        if path.is_dir() and not path.is_symlink():
            yield from _walk_without_following(path)


def addresses_with_two_sources(sources: Iterable[tuple[str, str]]) -> list[str]:
    """One message per address that more than one source file would publish.

    `sources` pairs each source path (as shown to authors, e.g. `docs/a.md`) with the
    address the generator gives it, per language.
    """
    by_address: dict[str, set[str]] = defaultdict(set)
    for source, address in sources:
        by_address[address].add(source)
    problems = []
    for address, paths in sorted(by_address.items()):
        first, *others = sorted(paths)
        if others:
            problems.append(
                f"{first}:1: {', '.join(others)} would publish the same address /{address} as "
                "this file, and one of them would be dropped. Fix: rename or delete one of them.")
    return problems
