"""Translation completeness: which pages lack their other-language counterpart.

    python -m scripts.content.translations [--docs docs]

prints every page without a counterpart and every page marked `translation: pending`, and
exits 1 when a page lacks its counterpart without that mark (the build fails on the same
pages). Called by that command, by the MkDocs adapter before each
build, and by the tests.

The rule, which the author guide explains:
- every Indonesian page `x.md` has an English `x.en.md`, or says `translation: pending` in its
  front matter; the English site then shows the Indonesian text under a notice;
- every English page has its Indonesian page: the site is written Indonesian first, and the
  i18n plugin can fall back only towards the default language;
- every titled group of mkdocs.yml's `nav` (`Metode:` above its pages) has a title in each
  other language, under that language's `nav_translations` in the i18n plugin's settings
  (`untranslated_nav_groups`); without one the English navigation shows the Indonesian title.

What the two versions of a page say, rather than whether both exist, is compared by
`scripts/content/parity.py`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scripts.content.frontmatter import read_front_matter
from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES, counterpart_path, language_of
from scripts.paths import ROOT

PENDING_KEY = "translation"
PENDING_VALUE = "pending"

NOTICE = {
    "id": ("Halaman ini belum diterjemahkan ke bahasa Indonesia",
           "Sementara ini isinya ditampilkan dalam bahasa aslinya."),
    "en": ("This page has not been translated into English yet",
           "Until it is, it is shown in its original language, Indonesian."),
}


@dataclass
class Report:
    """Pages missing a counterpart, split by whether the author has marked them."""

    unmarked: list[tuple[str, str]] = field(default_factory=list)  # (page, missing path)
    pending: list[tuple[str, str]] = field(default_factory=list)
    english_only: list[str] = field(default_factory=list)
    # Marked pending although the counterpart exists: the mark is stale, or the counterpart
    # is a draft. Listed so the mark is removed once the translation is final.
    marked_with_counterpart: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """One message per page that would break the site, saying how to fix it."""
        messages = [
            f"docs/{page}: no {_language_name(language_of(missing))} counterpart "
            f"(docs/{missing}). Add that file, or put `translation: pending` in the front "
            "matter of this page to publish it with a 'not translated yet' notice."
            for page, missing in self.unmarked
        ]
        messages += [
            f"docs/{page}: an English page needs its Indonesian page "
            f"(docs/{counterpart_path(page, DEFAULT_LANGUAGE)}) first; the site falls back "
            "only from English to Indonesian. Write the Indonesian page and mark it "
            "`translation: pending` if the English one is not final."
            for page in self.english_only
        ]
        return messages


def is_pending(settings: dict) -> bool:
    return str(settings.get(PENDING_KEY, "")).strip().lower() == PENDING_VALUE


def scan(docs_dir: Path) -> Report:
    """Compare every page under docs_dir with its counterpart in the other language."""
    report = Report()
    pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
             if not any(part.startswith(".") for part in p.relative_to(docs_dir).parts)}
    for page in sorted(pages):
        language = language_of(page)
        others = [lang for lang in LANGUAGES if lang != language]
        for other in others:
            missing = counterpart_path(page, other)
            if missing in pages:
                if language == DEFAULT_LANGUAGE and is_pending(
                        read_front_matter(docs_dir / page, f"docs/{page}")):
                    report.marked_with_counterpart.append(page)
                continue
            if language != DEFAULT_LANGUAGE:
                report.english_only.append(page)
            elif is_pending(read_front_matter(docs_dir / page, f"docs/{page}")):
                report.pending.append((page, missing))
            else:
                report.unmarked.append((page, missing))
    return report


def _mapping_item(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value
                 if isinstance(name, yaml.ScalarNode) and name.value == key), None)


def _nav_groups(node: yaml.Node | None) -> list[tuple[str, int]]:
    """(title, 1-based line) of every titled group in a nav list, nested groups included."""
    groups: list[tuple[str, int]] = []
    if not isinstance(node, yaml.SequenceNode):
        return groups
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        for name, value in item.value:
            # `Title: page.md` titles one page, which takes its title per language from the
            # page's own heading; only a title over a list of pages is a group.
            if isinstance(value, yaml.SequenceNode):
                groups.append((str(name.value), name.start_mark.line + 1))
                groups += _nav_groups(value)
    return groups


def untranslated_nav_groups(config_file: Path, display_name: str = "mkdocs.yml") -> list[str]:
    """A message per nav group title that some other language does not translate.

    Reads the YAML's structure only (tags such as `!ENV` are not evaluated), so it needs
    neither MkDocs nor the environment, and knows each title's line.
    """
    with config_file.open(encoding="utf-8") as handle:
        root = yaml.compose(handle, Loader=yaml.SafeLoader)
    groups = _nav_groups(_mapping_item(root, "nav"))
    plugins = _mapping_item(root, "plugins")
    i18n = None
    for item in plugins.value if isinstance(plugins, yaml.SequenceNode) else []:
        i18n = _mapping_item(item, "i18n") or i18n
    languages = _mapping_item(i18n, "languages")
    problems = []
    for language in languages.value if isinstance(languages, yaml.SequenceNode) else []:
        locale = _mapping_item(language, "locale")
        default = _mapping_item(language, "default")
        if locale is None or (default is not None and default.value.lower() == "true"):
            continue
        translations = _mapping_item(language, "nav_translations")
        known = {name.value for name, _ in translations.value} if isinstance(
            translations, yaml.MappingNode) else set()
        problems += [
            f"{display_name}:{line}: the navigation group '{title}' has no "
            f"{_language_name(locale.value)} title. Fix: add `{title}: <title in "
            f"{_language_name(locale.value)}>` under `nav_translations:` of the language "
            f"`{locale.value}` in the i18n plugin's settings."
            for title, line in groups if title not in known]
    return problems


def with_pending_notice(page_html: str, reader_language: str, page_language: str) -> str:
    """A page shown in another language than the reader's: a notice, then the page marked
    with its own language so screen readers pronounce it right."""
    before, after = pending_notice_markup(reader_language, page_language)
    return f"{before}{page_html}{after}"


def pending_notice_markup(reader_language: str, page_language: str) -> tuple[str, str]:
    """What `with_pending_notice` puts before and after the page."""
    title, body = NOTICE[reader_language]
    notice = (f'<div class="admonition warning translation-pending" role="note">'
              f'<p class="admonition-title">{title}</p><p>{body}</p></div>')
    return f'{notice}\n<div lang="{page_language}">\n', "\n</div>"


def _language_name(language: str) -> str:
    return {"id": "Indonesian", "en": "English"}.get(language, language)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    report = scan(args.docs)
    print("Pages without a counterpart, not marked (these fail the build):")
    for line in report.problems() or ["  none"]:
        print(f"  {line}" if line != "  none" else line)
    print("Pages marked `translation: pending` (shown with a notice in the other language):")
    for page, missing in report.pending or [("", "")]:
        print(f"  docs/{page} -> docs/{missing} to write" if page else "  none")
    for page in report.marked_with_counterpart:
        print(f"  docs/{page} (its counterpart exists: remove the mark once it is final)")
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
