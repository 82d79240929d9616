"""Read a page's YAML front matter, failing with the file, the line and what to fix.

MkDocs itself quietly treats broken front matter as none at all, so a typo would silently
drop a page's settings (its notebook, its translation mark). Every module that reads page
settings goes through `read_front_matter`; the MkDocs hook checks every page before a build.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


class FrontMatterError(Exception):
    """A page's front matter is not valid YAML, or not a mapping of settings."""


def read_front_matter(path: Path, display_name: str | None = None) -> dict:
    """The settings between the page's opening `---` lines ({} when there are none)."""
    name = display_name or str(path)
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        # +2: the YAML starts on the file's second line, and marks count from zero.
        line = f":{mark.line + 2}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(
            f"{name}{line}: the front matter (between the two `---` lines at the top) is not "
            f"valid YAML: {problem}. Write each setting as `key: value`; put quotes around "
            "values that contain a colon, brackets or a leading symbol."
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"{name}: the front matter must be settings written as `key: value` lines."
        )
    return data


def check_pages(docs_dir: Path) -> dict[str, dict]:
    """Front matter of every page under docs_dir, keyed by path; all problems at once."""
    settings: dict[str, dict] = {}
    problems: list[str] = []
    for page in sorted(docs_dir.rglob("*.md")):
        relative = page.relative_to(docs_dir).as_posix()
        try:
            settings[relative] = read_front_matter(page, f"docs/{relative}")
        except FrontMatterError as error:
            problems.append(str(error))
    if problems:
        raise FrontMatterError("\n".join(problems))
    return settings


TAG = re.compile(r"<[A-Za-z/!?][^>]*>?")
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


def neutralise(value):
    """Front matter shown as text: tags and script URLs dropped, quotes made harmless.

    The theme prints some settings (title, description) into the page unescaped, so a
    `<script>` or an `onerror=` in front matter would run in readers' browsers.
    """
    if isinstance(value, str):
        if SCRIPT_URL.match(value):
            return ""
        return TAG.sub("", value).replace('"', "&quot;")
    if isinstance(value, list):
        return [neutralise(item) for item in value]
    if isinstance(value, dict):
        return {key: neutralise(item) for key, item in value.items()}
    return value
