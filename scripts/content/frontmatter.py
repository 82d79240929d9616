"""Read a page's YAML front matter, failing with the file, the line and what to fix.

MkDocs itself quietly treats broken front matter as none at all, so a typo would silently
drop a page's settings (its notebook, its translation mark). Every module that reads page
settings goes through `read_front_matter`; the MkDocs hook checks every page before a build
(`check_pages`), and makes the settings the theme prints safe (`neutralise`). Where the front
matter ends is decided by `scripts/content/markdown_text.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import nh3
import yaml

from scripts.content.markdown_text import split_front_matter


class FrontMatterError(Exception):
    """A page's front matter is not valid YAML, or not a mapping of settings."""


def read_front_matter(path: Path, display_name: str | None = None) -> dict:
    """The settings between the page's opening `---` lines ({} when there are none)."""
    name = display_name or str(path)
    page = split_front_matter(path.read_text(encoding="utf-8"))
    if page.front_matter is None:
        return {}
    try:
        data = yaml.safe_load(page.front_matter)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        # YAML marks count lines from zero.
        line = f":{mark.line + page.front_matter_line}" if mark else ""
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


def line_of_setting(text: str, key: str) -> int:
    """The file line of a top-level `key:` in the page's front matter (1 when not found)."""
    parts = split_front_matter(text)
    if parts.front_matter is None:
        return 1
    pattern = re.compile(rf"^{re.escape(key)}[ \t]*:", re.M)
    found = pattern.search(parts.front_matter)
    if not found:
        return 1
    return parts.front_matter_line + parts.front_matter.count("\n", 0, found.start())


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


# Browsers drop these from a URL before reading its scheme (`java\tscript:` runs).
URL_NOISE = re.compile(r"[\t\n\r]")
SCRIPT_URL = re.compile(r"^[\x00-\x20]*(javascript|vbscript|data)\s*:", re.IGNORECASE)


def neutralise(value):
    """Front matter shown as text: no tag, event handler or script URL can run from it.

    The theme prints some settings (title, description) into the page unescaped, in text
    and inside attribute values, so a `<script>` or an `onerror=` in front matter would run in
    readers' browsers. nh3 removes every tag (a script's content with it) and escapes `<`,
    `>` and `&`; quotes are escaped as well, so a value cannot close the attribute it is
    printed in. A value that is a script URL is dropped whole.
    """
    if isinstance(value, str):
        if SCRIPT_URL.match(URL_NOISE.sub("", value)):
            return ""
        text = nh3.clean(value, tags=set(), attributes={})
        return text.replace('"', "&quot;").replace("'", "&#39;")
    if isinstance(value, list):
        return [neutralise(item) for item in value]
    if isinstance(value, dict):
        return {key: neutralise(item) for key, item in value.items()}
    return value
