"""The site's bibliography: load `bib/*.bib`, check it, and give decoded entries.

The `.bib` files under `bib/` are the single truth for every reference on the site. This
module reads them with bibtexparser 2.x and stops on anything an author must fix, naming file, line
and entry key: blocks bibtexparser could not parse (`library.failed_blocks`), duplicate keys
(also across files and against `ids` aliases), unknown entry types, missing required fields,
`related` keys that do not exist, and a field whose value swallowed the next field because
the comma after it is missing (`swallowed_fields`: bibtexparser reads `urldate = {2023-06-20}`
then `doi = {…}` on the next line as one value, which readers would see printed). APA
formatting lives in `scripts/references/apa.py`; the steps that use it are in
`scripts/build_steps.py` and the MkDocs adapter.

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

import csv
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
    # Derived data (APA order, year letters) computed once, not once per page: a function
    # of the entries, which `load` gives again unchanged while the files are.
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def resolve(self, key: str) -> Entry | None:
        return self.entries.get(self.aliases.get(key, key))

    def known_keys(self) -> list[str]:
        return sorted([*self.entries, *self.aliases])

    def by_source_id(self) -> dict[str, str]:
        """source_id (data package) -> bibliography key."""
        return {sid: entry.key for entry in self.entries.values() for sid in entry.source_ids}


def source_mismatches(bibliography: Bibliography, sources_csv: Path, root: Path) -> list[str]:
    """Where `sources.csv` and the bibliography disagree on the data's sources.

    Every row of sources.csv is a source a data row may name (`source_id`), and its reference
    on the site is the bib entry that lists that id in `sourceid`; an entry's `sourceid` that
    sources.csv lacks points at nothing. One message per row or entry.
    """
    name = sources_csv.relative_to(root).as_posix() if sources_csv.is_relative_to(root) \
        else str(sources_csv)
    with sources_csv.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [(reader.line_num, row.get("source_id") or "") for row in reader]
    known = bibliography.by_source_id()
    problems = [
        f"{name}:{line}: source_id {source_id} has no bibliography entry (no entry says "
        f"`sourceid = {{{source_id}}}`). Fix: add `sourceid = {{{source_id}}},` to the entry "
        "of this source in bib/*.bib, or add an entry for it."
        for line, source_id in rows if source_id.strip() and source_id.strip() not in known]
    listed = {source_id.strip() for _, source_id in rows}
    for entry in bibliography.entries.values():
        for source_id in entry.source_ids:
            if source_id not in listed:
                problems.append(
                    f"{entry.file}:{_field_line(root / entry.file, entry.line, 'sourceid')}: "
                    f"entry {entry.key}: sourceid {source_id} is not a source_id in {name}. "
                    "Fix: correct the sourceid, or add the source's row to that file.")
    return problems


def _field_line(path: Path, entry_line: int, field_name: str) -> int:
    """The line of `field_name =` in the entry starting at `entry_line` (that line if none)."""
    pattern = re.compile(rf"^\s*{re.escape(field_name)}\s*=", re.IGNORECASE)
    lines = path.read_text(encoding="utf-8").splitlines()
    for number in range(entry_line, len(lines) + 1):
        if pattern.match(lines[number - 1]):
            return number
        if number > entry_line and lines[number - 1].lstrip().startswith("@"):
            break
    return entry_line


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


# After a value's closing brace or quote, or at the start of a line of the value (outside any
# braces): `name =`, the opening of a field that should have been a field of its own.
_SWALLOWED_AFTER_CLOSE = re.compile(r'[}"][ \t]*(?P<newline>\r?\n)?\s*(?P<name>[A-Za-z][\w-]*)\s*=')
_SWALLOWED_ON_NEW_LINE = re.compile(r"\n\s*(?P<name>[A-Za-z][\w-]*)\s*=")


def _outside_braces(value: str) -> str:
    """`value` with every character inside braces blanked (same length, braces kept)."""
    depth, kept = 0, []
    for char in value:
        if char == "}":
            depth = max(depth - 1, 0)
        kept.append(char if depth == 0 or char in "{}\n" else " ")
        if char == "{":
            depth += 1
    return "".join(kept)


def swallowed_fields(path: str, block: model.Entry) -> list[str]:
    """A message per field of the entry whose value holds the next field (a missing comma).

    A value written as one braced or quoted group holds whatever its author put inside, so
    only the other values are read: one that still goes on after its first group closes, or
    that goes on to a new line reading `name =` outside braces, swallowed that text.
    """
    problems = []
    lines = block.raw.splitlines(keepends=True)
    for item in block.fields:
        value = str(item.value)
        if _one_group(value, lines[max(item.start_line - block.start_line, 0):], item.key):
            continue
        visible = _outside_braces(value)
        found = None
        if value[:1] in "{\"":
            found = _SWALLOWED_AFTER_CLOSE.search(visible)
        found = found or _SWALLOWED_ON_NEW_LINE.search(visible)
        if not found:
            continue
        # The comma belongs where the value ends: the line before the swallowed name, or
        # the same line when both fields share it.
        end = found.start("name")
        before = value[:end].rstrip()
        line = item.start_line + 1 + before.count("\n")
        where = ("at the end of line" if "\n" in value[len(before):end]
                 else "after the value on line")
        problems.append(
            f"{path}:{line}: entry {block.key}, field {item.key.lower()} swallows the next "
            f"field ({found.group('name').lower()}): a comma is missing after its value. "
            f'Fix: add "," {where} {line}.')
    return problems


def _one_group(value: str, lines_from_field: list[str], key: str) -> bool:
    """Whether the source wrote the value as one `{...}` or `"..."` group (which bibtexparser
    hands over without its braces or quotes)."""
    text = "".join(lines_from_field)
    start = re.search(rf"(?<![\w-]){re.escape(key)}\s*=\s*", text, re.IGNORECASE)
    if not start:
        return False
    rest = text[start.end():]
    return rest.startswith(("{" + value + "}", '"' + value + '"'))


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
    swallowed = swallowed_fields(path, block)
    if swallowed:
        errors.extend(swallowed)
        return None
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


# The bibliography the last `load` of this process read, by what it read: a live-preview
# rebuild in the same process reads the same files again, and the entries (and what pages
# derive from them, `Bibliography.cache`) are a function of those files alone.
_last_loaded: tuple[tuple, Bibliography] | None = None


def load(bib_dir: Path = BIB_DIR, root: Path | None = None) -> Bibliography:
    """Every `*.bib` under `bib_dir`, checked. Raises BibliographyError listing all problems."""
    global _last_loaded
    root = root or bib_dir.parent
    files = sorted(bib_dir.glob("*.bib"))
    if not files:
        raise BibliographyError(f"{bib_dir}: no .bib file found; the site's references live "
                                f"in bib/references.bib.")
    texts = [(bib_file, bib_file.read_text(encoding="utf-8")) for bib_file in files]
    read = (str(root), *((str(bib_file), text) for bib_file, text in texts))
    if _last_loaded is not None and _last_loaded[0] == read:
        return _last_loaded[1]
    bibliography = _checked(texts, root)
    _last_loaded = read, bibliography
    return bibliography


def _checked(texts: list[tuple[Path, str]], root: Path) -> Bibliography:
    errors: list[str] = []
    entries: dict[str, Entry] = {}
    aliases: dict[str, str] = {}
    for bib_file, text in texts:
        path = bib_file.relative_to(root).as_posix() if bib_file.is_relative_to(root) \
            else str(bib_file)
        library = bibtexparser.parse_string(text)
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
