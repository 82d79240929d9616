"""Let MkDocs list the theme's files without walking Material's 14,000 icons.

On every language pass MkDocs lists each file of each theme folder (Jinja's
`list_templates`) to find the static files it copies into the site. Material keeps its icon
set, about 14,000 SVG files, in the hidden `.icons` folder of its templates. MkDocs then drops
them, since hidden folders are never static files, but walking them costs about a quarter of
a second per pass: more than rendering the fixture project's pages.

The theme folder is replaced, in the configuration only, by a mirror under `.cache/`: the same
folders, each file a symbolic link to the theme's own, and `.icons` one link to the icon
folder. `os.walk` does not follow links to folders, so the listing skips the icons, while a
template that includes an icon still reads it through the link, and MkDocs copies the same
bytes. The mirror is keyed on the theme folder and the names in it, so reinstalling or
upgrading the theme makes a new one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

ICONS = ".icons"


def _listing(theme_dir: Path) -> list[str]:
    """Every file and folder of the theme, relative and sorted, without the icons."""
    entries = []
    for folder, subfolders, files in os.walk(theme_dir):
        if Path(folder) == theme_dir and ICONS in subfolders:
            subfolders.remove(ICONS)
        relative = Path(folder).relative_to(theme_dir)
        entries += [f"{(relative / name).as_posix()}/" for name in subfolders]
        entries += [(relative / name).as_posix() for name in files]
    return sorted(entries)


def _make_mirror(theme_dir: Path, listing: list[str], destination: Path) -> None:
    building = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=destination.parent))
    try:
        for entry in listing:
            target = building / entry
            if entry.endswith("/"):
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(theme_dir / entry)
        (building / ICONS).symlink_to(theme_dir / ICONS, target_is_directory=True)
        os.replace(building, destination)
    except OSError:
        # Another build made the same mirror first (a folder cannot replace a non-empty one).
        if not destination.is_dir():
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)


def mirror_without_icon_walk(theme_dir: Path, cache: Path) -> Path:
    """The mirror of `theme_dir` to list instead of it, made on first use."""
    listing = _listing(theme_dir)
    key = hashlib.sha256("\n".join([str(theme_dir), *listing]).encode()).hexdigest()[:16]
    destination = cache / "theme-listing" / key
    if not destination.is_dir():
        destination.parent.mkdir(parents=True, exist_ok=True)
        _make_mirror(theme_dir, listing, destination)
    return destination


def list_theme_without_icons(theme_dirs: list[str], cache: Path) -> None:
    """Replace, in place, each theme folder that holds an icon folder by its mirror."""
    for index, folder in enumerate(theme_dirs):
        path = Path(folder)
        icons = path / ICONS
        if icons.is_dir() and not icons.is_symlink():
            theme_dirs[index] = str(mirror_without_icon_walk(path, cache))
