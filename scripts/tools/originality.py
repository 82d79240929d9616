"""Find runs of words that a page shares with the reviewed paper, so the brief stays our own words.

    python -m scripts.tools.originality   # check docs/ and notebooks/ against the fingerprint
    python -m scripts.tools.originality --fingerprint PAPER.txt   # rebuild the fingerprint

The brief describes Regif & Pattipeilohy (2023) but is written fresh: no sentence or long
clause of the paper is reused unquoted. A page shares a run when RUN_WORDS or more words in a
row (case, punctuation and Markdown ignored) also occur in a row in the paper.

Not counted, because reuse there is right: text in quotation marks (a quote, which the page
cites), text in *italics* or _italics_ (titles of works and names of journals), code, HTML
comments, link addresses, citation keys, front matter, and the reference pages, which list
the paper's own references by design. What is code, a comment or front matter is decided by
`scripts/content/markdown_text.py`; the other exemptions are this check's own.

The repository keeps a fingerprint of the paper, not its text: one short hash per run of
RUN_WORDS words (`scripts/paper_fingerprint.txt`). The paper stays with its publisher, and
its text cannot simply be read back out of the hashes.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.content import markdown_text
from scripts.paths import PROJECT, ROOT

FINGERPRINT = PROJECT.paper_fingerprint
RUN_WORDS = 8
EXEMPT_PAGES = ("referensi.md", "referensi.en.md")
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Not the page's own words: front matter, code (fenced, indented, inline), comments, and
# link reference definitions and autolinks. Raw HTML is counted: its text is shown to readers.
NOT_WORDS = frozenset({markdown_text.FRONT_MATTER, markdown_text.CODE, markdown_text.COMMENT,
                       markdown_text.ADDRESS})
# Further spans whose words are not the page's own prose; each is blanked before words are read.
NOT_PROSE = [
    re.compile(r"\]\([^)\s]*\)"),  # link addresses
    re.compile(r"@[\w:.-]+"),  # citation keys
    re.compile(r"\{\{[^}]*\}\}"),  # figure and value placeholders
    re.compile(r"\{[#:][^}]*\}"),  # heading ids and attribute lists
    re.compile(r'"[^"\n]+"|“[^”]+”'),  # quotations
    # italics, which may wrap onto the next line but not past a paragraph's end
    re.compile(r"(?<![*\w])\*(?!\s)(?:[^*\n]|\n(?!\n))+?\*(?!\*)"
               r"|(?<!\w)_(?!\s)(?:[^_\n]|\n(?!\n))+?_(?!\w)"),
]


def _hash(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:12]


def words_with_lines(text: str) -> list[tuple[str, int]]:
    """Every word of the prose of a page file, lower-cased, with its line number (1-based)."""
    text = markdown_text.mask(text, NOT_WORDS, front_matter=True, fill=" ")
    for pattern in NOT_PROSE:
        # Keep the newlines so line numbers stay true.
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        found += [(word.lower(), number) for word in WORD.findall(line)]
    return found


def fingerprint(paper_text: str) -> set[str]:
    words = [word.lower() for word in WORD.findall(paper_text)]
    return {_hash(words[i:i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1)}


def load_fingerprint(path: Path = FINGERPRINT) -> set[str]:
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


@dataclass
class SharedRun:
    """A stretch of a page whose words also occur, in a row, in the paper."""

    page: str
    line: int
    text: str

    def message(self) -> str:
        return (f"{self.page}:{self.line}: \"{self.text}\" repeats the paper word for word. "
                "Fix: say it in your own words, or quote it in quotation marks and cite it.")


def shared_runs(text: str, page: str, hashes: set[str]) -> list[SharedRun]:
    """Maximal runs of RUN_WORDS or more words that the page shares with the paper."""
    words = words_with_lines(text)
    covered = [False] * len(words)
    for i in range(len(words) - RUN_WORDS + 1):
        if _hash([word for word, _ in words[i:i + RUN_WORDS]]) in hashes:
            covered[i:i + RUN_WORDS] = [True] * RUN_WORDS
    runs, start = [], None
    for i, is_covered in enumerate([*covered, False]):
        if is_covered and start is None:
            start = i
        elif not is_covered and start is not None:
            runs.append(SharedRun(page, words[start][1],
                                  " ".join(word for word, _ in words[start:i])))
            start = None
    return runs


def check_pages(docs: Path, hashes: set[str]) -> list[SharedRun]:
    """Every page under `docs`, and the text cells of the notebooks beside it."""
    found = []
    notebooks = sorted((docs.parent / "notebooks").glob("*.md"))
    for path in [*sorted(docs.rglob("*.md")), *notebooks]:
        if path.name in EXEMPT_PAGES:
            continue
        page = path.relative_to(docs.parent).as_posix()
        found += shared_runs(path.read_text(encoding="utf-8"), page, hashes)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--fingerprint", type=Path, metavar="PAPER_TXT",
                        help="rebuild the fingerprint from the paper's text, then stop")
    args = parser.parse_args(argv)
    if args.fingerprint:
        hashes = fingerprint(args.fingerprint.read_text(encoding="utf-8"))
        header = (f"# Fingerprint of the reviewed paper: sha256 prefixes of every run of "
                  f"{RUN_WORDS} words (scripts/tools/originality.py). Not the text.\n")
        FINGERPRINT.write_text(header + "\n".join(sorted(hashes)) + "\n", encoding="utf-8")
        print(f"{FINGERPRINT.relative_to(ROOT)}: {len(hashes)} runs")
        return 0
    runs = check_pages(args.docs, load_fingerprint())
    for run in runs:
        print(run.message(), file=sys.stderr)
    if not runs:
        print(f"{args.docs.name}/ and notebooks/: "
              f"no run of {RUN_WORDS} words shared with the paper")
    return 1 if runs else 0


if __name__ == "__main__":
    sys.exit(main())
