"""The site's bibliography: load `bib/*.bib`, check it, and give decoded entries.

The `.bib` files under `bib/` are the single truth for every reference on the site. This
module reads them with bibtexparser 2.x and stops on anything an author must fix, naming file, line
and entry key: blocks bibtexparser could not parse (`library.failed_blocks`), duplicate keys
(also across files and against `ids` aliases), unknown entry types, missing required fields,
and `related` keys that do not exist. APA formatting lives in `scripts/references/apa.py`;
the steps that use it are in `scripts/build_steps.py` and the MkDocs adapter.

Key style, also documented at the top of `bib/references.bib`:
`firstauthorYEARfirstword`, lowercase ASCII (`birch2007electoral`, corporate `kasn2021hasil`,
news `detik2021survei`, law `uu2023aparatur`); the entry added later gets `b`, `c`... on a
clash. `ids = {a, b}` lists other keys that resolve to the same entry.

Names: bibtexparser's own middlewares either split a corporate author such as
`{{Komisi Aparatur Sipil Negara}}` into person parts (LaTeX decoding first) or leave braces
in name parts (decoding last). So names are split here on
the raw value (brace-aware) and every part is LaTeX-decoded afterwards; a name wrapped in
braces is a corporate author and is kept whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser import model
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pylatexenc.latex2text import LatexNodes2Text

from scripts.paths import ROOT

BIB_DIR = ROOT / "bib"

# Fields kept verbatim: LaTeX decoding would mangle `%`, `_` or `~` in addresses and ids.
RAW_FIELDS = {"url", "doi", "urldate", "date", "year", "ids", "sourceid", "instrumentid",
              "keywords", "related", "langid"}
NAME_FIELDS = ("author", "editor")
# What each entry type needs; "date" is satisfied by `date` or `year`. Types outside this
# table are refused, so a typo such as @artcle is caught instead of rendered oddly.
REQUIRED = {
    "article": ("author", "title", "journal", "date"),
    "book": ("author", "title", "publisher", "date"),
    "incollection": ("author", "title", "booktitle", "publisher", "date"),
    "report": ("author", "title", "institution", "date"),
    "online": ("author", "title", "url"),
    "misc": ("author", "title"),
    "legislation": ("title", "shorttitle", "date"),
    "jurisdiction": ("title", "shorttitle", "institution", "date"),
}
ALIASES = {"journaltitle": "journal"}
_LATEX = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=False)


class BibliographyError(Exception):
    """Bad bibliography input; the message names file, line and key and says what to fix."""


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""
    corporate: bool = False


@dataclass
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    authors: list[Name]
    editors: list[Name]
    file: str
    line: int
    aliases: tuple[str, ...] = ()
    keywords: frozenset[str] = field(default_factory=frozenset)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def in_paper(self) -> bool:
        """Part of Regif & Pattipeilohy's (2023) own reference list."""
        return "paper" in self.keywords

    @property
    def is_legal(self) -> bool:
        return self.type in ("legislation", "jurisdiction")

    @property
    def source_ids(self) -> list[str]:
        return split_list(self.get("sourceid"))


@dataclass
class Bibliography:
    entries: dict[str, Entry]
    aliases: dict[str, str]
    # Derived data (APA order, year letters) computed once per build, not once per page.
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def resolve(self, key: str) -> Entry | None:
        return self.entries.get(self.aliases.get(key, key))

    def known_keys(self) -> list[str]:
        return sorted([*self.entries, *self.aliases])

    def by_source_id(self) -> dict[str, str]:
        """source_id (data package) -> bibliography key."""
        return {sid: entry.key for entry in self.entries.values() for sid in entry.source_ids}


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def decode(value: str) -> str:
    """LaTeX to Unicode text (`\\'e` -> é, `--` -> en dash, `\\&` -> &), spaces collapsed."""
    if "\\" not in value and "{" not in value and "--" not in value and "~" not in value:
        return " ".join(value.split())
    return " ".join(_LATEX.latex_to_text(value).split())


def parse_names(raw: str) -> list[Name]:
    """Split `A and {Corp Name} and B` keeping braced corporate names whole."""
    names = []
    for part in split_multiple_persons_names(raw):
        part = part.strip()
        if _wholly_braced(part):
            names.append(Name(decode(part[1:-1]), corporate=True))
            continue
        parts = parse_single_name_into_parts(part)
        family = " ".join([*parts.von, *parts.last])
        given = " ".join(parts.first)
        if parts.jr:
            given = f"{given}, {' '.join(parts.jr)}".strip(", ")
        names.append(Name(decode(family), decode(given)))
    return names


def _wholly_braced(text: str) -> bool:
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def _raw_key(text: str) -> str:
    match = re.search(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)", text)
    return match.group(1) if match else "?"


def _failure(path: str, block: model.Block) -> str:
    line = block.start_line + 1
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return (f"{path}:{line}: duplicate key '{block.key}': another entry above already "
                f"uses it. Rename one (key style: add b, c, ... to the later entry).")
    detail = str(getattr(block, "error", "") or "").strip().splitlines()
    reason = f" ({detail[0]})" if detail and detail[0] else ""
    return (f"{path}:{line}: malformed entry '{_raw_key(block.raw)}': bibtexparser could not "
            f"read it{reason}. Check its braces, quotes and the commas between fields.")


def _entry(path: str, block: model.Entry, errors: list[str]) -> Entry | None:
    line = block.start_line + 1
    kind = block.entry_type.lower()
    where = f"{path}:{line}: entry '{block.key}' (@{kind})"
    if kind not in REQUIRED:
        errors.append(f"{where}: unknown entry type. Use one of: "
                      f"{', '.join('@' + name for name in REQUIRED)}.")
        return None
    raw = {ALIASES.get(f.key.lower(), f.key.lower()): str(f.value) for f in block.fields}
    present = {name for name, value in raw.items() if value.strip()}
    if "year" in present:
        present.add("date")
    missing = [name for name in REQUIRED[kind] if name not in present]
    if missing:
        wanted = ", ".join(n if n != "date" else "date (or year)" for n in REQUIRED[kind])
        errors.append(f"{where} is missing {', '.join(missing)}. An @{kind} needs: {wanted}.")
        return None
    try:
        authors = parse_names(raw.get("author", ""))
        editors = parse_names(raw.get("editor", ""))
    except InvalidNameError as error:
        errors.append(f"{where}: cannot read a name in author/editor ({error}).")
        return None
    fields = {name: (value.strip() if name in RAW_FIELDS else decode(value))
              for name, value in raw.items() if name not in NAME_FIELDS}
    return Entry(block.key, kind, fields, authors, editors, path, line,
                 tuple(split_list(raw.get("ids", ""))),
                 frozenset(k.lower() for k in split_list(raw.get("keywords", ""))))


def load(bib_dir: Path = BIB_DIR, root: Path | None = None) -> Bibliography:
    """Every `*.bib` under `bib_dir`, checked. Raises BibliographyError listing all problems."""
    root = root or bib_dir.parent
    errors: list[str] = []
    entries: dict[str, Entry] = {}
    aliases: dict[str, str] = {}
    files = sorted(bib_dir.glob("*.bib"))
    if not files:
        raise BibliographyError(f"{bib_dir}: no .bib file found; the site's references live "
                                f"in bib/references.bib.")
    for bib_file in files:
        path = bib_file.relative_to(root).as_posix() if bib_file.is_relative_to(root) \
            else str(bib_file)
        library = bibtexparser.parse_string(bib_file.read_text(encoding="utf-8"))
        errors.extend(_failure(path, block) for block in library.failed_blocks)
        for block in library.entries:
            entry = _entry(path, block, errors)
            if entry is None:
                continue
            if entry.key in entries or entry.key in aliases:
                first = entries.get(aliases.get(entry.key, entry.key))
                errors.append(f"{path}:{entry.line}: duplicate key '{entry.key}': already "
                              f"used at {first.file}:{first.line}. Rename one.")
                continue
            entries[entry.key] = entry
            for alias in entry.aliases:
                if alias in entries or alias in aliases:
                    errors.append(f"{path}:{entry.line}: entry '{entry.key}': alias '{alias}' "
                                  f"in ids is already a key. Remove it from ids.")
                else:
                    aliases[alias] = entry.key
    for entry in entries.values():
        for other in split_list(entry.get("related")):
            if other not in entries and other not in aliases:
                errors.append(f"{entry.file}:{entry.line}: entry '{entry.key}': related key "
                              f"'{other}' is not in the bibliography.")
    if errors:
        raise BibliographyError("\n".join(errors))
    return Bibliography(entries, aliases)
