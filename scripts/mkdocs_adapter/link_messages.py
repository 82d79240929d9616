"""Turn MkDocs' link warnings into messages an author can act on: file, line, what to fix.

MkDocs says "Doc file 'index.md' contains a link 'nope.md', but the target is not found
among documentation files." That names neither the line nor the fix. `explain` finds the
line in the source page and says what to check, as `docs/index.md:17: ...` like every
other build message (editors and terminals turn `file:line` into a link). The MkDocs hook
installs `LinkMessageFilter` on MkDocs' page logger, so `mkdocs build`, `mkdocs serve` and
`scripts/build.py` all benefit.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

MISSING_TARGET = re.compile(
    r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the target "
    r"(?:'[^']*' )?is not found among documentation files\."
)
MISSING_ANCHOR = re.compile(
    r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the doc "
    r"'(?P<target>[^']+)' does not contain an anchor '(?P<anchor>[^']+)'\."
)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"}


def line_of(page_path: Path, needle: str) -> int | None:
    """1-based number of the first line of the page that contains `needle`."""
    try:
        lines = page_path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, 1) if needle in line), None)


def explain(message: str, docs_dir: Path) -> str:
    """A clearer version of a MkDocs link warning, or the message unchanged."""
    for pattern in (MISSING_TARGET, MISSING_ANCHOR):
        match = pattern.match(message)
        if not match:
            continue
        page, link = match["page"], match["link"]
        line = line_of(docs_dir / page, f"({link}") or line_of(docs_dir / page, link)
        where = f"docs/{page}" + (f":{line}" if line else "")
        if pattern is MISSING_ANCHOR:
            return (f"{where}: the link '{link}' points to a heading '{match['anchor']}' that "
                    f"docs/{match['target']} does not have. Use the heading's anchor as shown "
                    "in the built page's address bar after clicking the heading's ¶ sign.")
        is_image = Path(link.split("#")[0]).suffix.lower() in IMAGE_SUFFIXES
        kind, example = ("image", "../assets/map.png") if is_image else (
            "page", "../metode/penegakan.md")
        return (f"{where}: the {kind} '{link}' does not exist. Link to a file under docs/ by "
                f"its path relative to this page (for example `{example}`), and check the "
                "spelling.")
    return message


class LinkMessageFilter(logging.Filter):
    """Rewrites MkDocs' link warnings in place before any handler prints them."""

    def __init__(self, docs_dir: Path) -> None:
        super().__init__()
        self.docs_dir = docs_dir

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        clearer = explain(text, self.docs_dir)
        if clearer != text:
            record.msg, record.args = clearer, None
        return True


def install(docs_dir: Path, logger_name: str = "mkdocs.structure.pages") -> None:
    """Attach the filter once (MkDocs may load the configuration several times)."""
    logger = logging.getLogger(logger_name)
    logger.filters[:] = [f for f in logger.filters if not isinstance(f, LinkMessageFilter)]
    logger.addFilter(LinkMessageFilter(docs_dir))
