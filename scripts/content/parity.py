"""Parity of a page's two languages: the same sources cited, the same figures and values placed.

An Indonesian page `x.md` and its English counterpart `x.en.md` are one page in two languages,
equal in substance, so they cite the same bibliography keys (`[@key]`, `@key`, found by
`scripts/references/citations.py`) and place the same figures and values (`{{ figure: id }}`,
`{{ value: id }}`, read as `scripts/figures/registry.py` reads them). Order and count do not
matter; a key, figure or value used on one side only does. Pages marked `translation:
pending` are not compared (their counterpart is not final). On a page that shows a notebook,
the page files' own text is compared, and the notebook's prose per language by
`notebook_differences()` (a Markdown cell tagged `lang-id` or `lang-en` is one language's
text; untagged cells serve both).

A deliberate difference is written in the front matter of either page (of the notebook, for
its own cells), as a list of the
citation keys (with or without `@`), figure ids and value ids that may appear on one side
only:

    parity_exceptions: [kompas2020asn, cases_reported]

`differences()` returns one message per page whose two languages differ, naming both files,
the line of the first use found on one side only in each, and the difference. Called by
`scripts/build_steps.py` (`collect_figures`, once the published ids are known; the build
logs each message as a warning, so a strict build stops with the page's other mistakes
reported too) and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scripts.content import markdown_text
from scripts.content.frontmatter import read_front_matter
from scripts.content.translations import is_pending
from scripts.figures import registry as figures_registry
from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES, counterpart_path, language_of
from scripts.notebooks.execution import cell_start_lines
from scripts.references import citations
from scripts.references.bibliography import Bibliography

EXCEPTIONS_KEY = "parity_exceptions"
LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}
WHAT = {"citation": "cites", "figure": "places figure", "value": "places value"}


@dataclass(frozen=True)
class Use:
    """One citation key, figure or value used on a page, and the line of its first use."""

    kind: str  # citation, figure or value
    id: str
    line: int

    def __str__(self) -> str:
        shown = f"@{self.id}" if self.kind == "citation" else f"`{self.id}`"
        return f"{WHAT[self.kind]} {shown} (line {self.line})"


def uses(text: str, bibliography: Bibliography | None = None,
         known: dict[str, set[str]] | None = None) -> list[Use]:
    """First use of each key, figure and value in a page's text (see `_scan`)."""
    return _scan(text, bibliography, known)[0]


def _scan(text: str, bibliography: Bibliography | None = None,
          known: dict[str, set[str]] | None = None) -> tuple[list[Use], bool]:
    """First use of each key, figure and value in a page's text, in the order of the page.

    Citation keys are given as the bibliography's own key, so an alias (`ids`) on one side
    and the key on the other count as the same source; a key the bibliography lacks is left
    out, as the citation check reports it with the nearest known key. With `known` ({"figure": ids,
    "value": ids}), a figure or value nobody publishes is left out: it is a typo, which the
    placeholder check reports with the nearest known id.

    Also returns whether such a typo was found. A text with one is not compared with its
    other language: the typo's own message names the cause, and the comparison after the
    fix is the one that counts.
    """
    page = markdown_text.split_front_matter(text)
    body, first = page.body, page.body_line - 1
    found: list[tuple[int, str, str]] = []
    typo = False
    for citation in citations.find(body):
        for key in citation.keys:
            entry = bibliography.resolve(key) if bibliography else None
            if bibliography and entry is None:
                typo = True  # the citation check names it with the nearest key
                continue
            found.append((citation.start, "citation", entry.key if entry else key))
    masked = markdown_text.mask(body, figures_registry.SHOWN_AS_WRITTEN)
    for match in figures_registry.PLACEHOLDER.finditer(masked):
        form = figures_registry.FORM.fullmatch(match.group("inside") or "")
        kind, item_id = (form.group("kind"), form.group("id")) if form else ("", "")
        if kind in ("figure", "value") and item_id:
            if known is None or item_id in known[kind]:
                found.append((match.start(), kind, item_id))
            else:
                typo = True
    seen: dict[tuple[str, str], Use] = {}
    for offset, kind, item_id in sorted(found):
        seen.setdefault((kind, item_id), Use(kind, item_id, first + body.count("\n", 0, offset)
                                             + 1))
    return list(seen.values()), typo


def exceptions(settings: dict) -> set[str]:
    """The ids a page's front matter allows on one side only (`@` dropped from keys)."""
    listed = settings.get(EXCEPTIONS_KEY) or []
    if isinstance(listed, str):
        listed = [listed]
    return {str(item).strip().lstrip("@") for item in listed}


def compare(pages: dict[str, tuple[str, str]], allowed: set[str],
            bibliography: Bibliography | None = None,
            known: dict[str, set[str]] | None = None) -> str | None:
    """The message for one page, or None when its languages agree.

    `pages` maps each language to (display path, text).
    """
    scanned = {language: _scan(text, bibliography, known)
               for language, (_, text) in pages.items()}
    if any(typo for _, typo in scanned.values()):
        return None  # see `_scan`
    used = {language: found for language, (found, _) in scanned.items()}
    names = {language: name for language, (name, _) in pages.items()}
    return _message(names, used, allowed, "page", names.get(DEFAULT_LANGUAGE, ""))


def _message(names: dict[str, str], used: dict[str, list[Use]], allowed: set[str], noun: str,
             settings_file: str) -> str | None:
    ids = {language: {(use.kind, use.id) for use in found} for language, found in used.items()}
    only = {
        language: [use for use in found if use.id not in allowed and (use.kind, use.id) not in
                   set.intersection(*(ids[other] for other in ids if other != language))]
        for language, found in used.items()}
    if not any(only.values()):
        return None
    one_file = len(set(names.values())) == 1
    places = " and ".join(f"{names[language]}:{found[0].line}" if found
                          else names[language] for language, found in only.items()
                          if found or not one_file)
    # One file holds both languages of a notebook: each language is a part of its text.
    side = "text" if one_file else noun
    detail = "; ".join(f"only the {LANGUAGE_NAMES.get(language, language)} {side} "
                       + ", ".join(map(str, found)) for language, found in only.items() if found)
    return (f"{places}: the two languages of the {noun} differ: {detail}. Fix: cite the same "
            "sources and place the same figures and values in both languages, or, if the "
            f"difference is deliberate, list the ids under `{EXCEPTIONS_KEY}:` in the front "
            f"matter of {settings_file}.")


def notebook_differences(executed: dict, root: Path, bibliography: Bibliography | None = None,
                         figures: set[str] | None = None,
                         values: set[str] | None = None) -> list[str]:
    """A message per notebook whose prose cells differ between the languages.

    `executed` maps names to `ExecutedNotebook`s. A Markdown cell tagged `lang-id` or
    `lang-en` is shown in that language only, an untagged one in both; the exceptions are
    listed in the notebook's own front matter.
    """
    known = None if figures is None and values is None else {
        "figure": figures or set(), "value": values or set()}
    problems = []
    for _, notebook in sorted(executed.items()):
        path = notebook.path
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        cells = notebook.notebook.cells
        starts = cell_start_lines(path.read_text(encoding="utf-8"), cells)
        used: dict[str, dict[tuple[str, str], Use]] = {language: {} for language in LANGUAGES}
        for cell, start in zip(cells, starts, strict=True):
            tags = set(cell.get("metadata", {}).get("tags", []))
            if cell.cell_type != "markdown" or "remove-cell" in tags or not start:
                continue
            shown = {tag.removeprefix("lang-") for tag in tags if tag.startswith("lang-")}
            leading = cell.source.count("\n", 0, len(cell.source) - len(cell.source.lstrip()))
            cell_uses, typo = _scan(cell.source, bibliography, known)
            if typo:
                break  # not compared: see `_scan`
            for use in cell_uses:
                moved = Use(use.kind, use.id, use.line + start - 1 - leading)
                for language in (shown or set(LANGUAGES)) & set(LANGUAGES):
                    used[language].setdefault((use.kind, use.id), moved)
        else:
            message = _message({language: name for language in LANGUAGES},
                               {language: sorted(found.values(), key=lambda use: use.line)
                                for language, found in used.items()},
                               exceptions(notebook.notebook.metadata), "notebook", name)
            if message:
                problems.append(message)
    return problems


def differences(docs_dir: Path, bibliography: Bibliography | None = None,
                figures: set[str] | None = None, values: set[str] | None = None) -> list[str]:
    """A message per page pair under docs_dir whose two languages differ (see the module).

    `figures` and `values` are the ids the notebooks publish; when given, other ids are
    left to the placeholder check.
    """
    known = None if figures is None and values is None else {
        "figure": figures or set(), "value": values or set()}
    problems = []
    for page in sorted(docs_dir.rglob("*.md")):
        relative = page.relative_to(docs_dir).as_posix()
        if language_of(relative) != DEFAULT_LANGUAGE or relative.startswith(("_", ".")):
            continue
        versions = {language: docs_dir / counterpart_path(relative, language)
                    for language in LANGUAGES}
        if not all(path.is_file() for path in versions.values()):
            continue  # a missing counterpart is the translation check's to report
        names = {language: f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"
                 for language, path in versions.items()}
        settings = {language: read_front_matter(path, names[language])
                    for language, path in versions.items()}
        if any(is_pending(each) for each in settings.values()):
            continue
        allowed = set().union(*(exceptions(each) for each in settings.values()))
        message = compare({language: (names[language], path.read_text(encoding="utf-8"))
                           for language, path in versions.items()}, allowed, bibliography,
                          known)
        if message:
            problems.append(message)
    return problems
