"""How to cite the site itself: APA and BibTeX from CITATION.cff, and citation_* meta tags.

`CITATION.cff` (repository root) is the single record of the site's title, authors, version
and release date. From it this module writes
* the block that replaces a line `{{ cite_this_site }}` (About page): an APA 7 reference and a
  BibTeX entry, in the page's language (the title is the site name of that language);
* the `citation_*` meta tags Google Scholar reads (citation_title, citation_author,
  citation_publication_date, citation_language, citation_abstract_html_url, ...), for
  every page, added to `<head>` by the hook (no theme template needed).
All values are HTML-escaped. Used by `scripts/mkdocs_adapter/citation_hooks.py` and the tests.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.content import markdown_text
from scripts.paths import ROOT
from scripts.references.apa import esc, initials

CFF = ROOT / "CITATION.cff"
PLACEHOLDER = re.compile(r"^[ \t]*\{\{\s*cite_this_site\s*\}\}[ \t]*$", re.M)
DESCRIPTION = {"id": "Ringkasan kebijakan daring", "en": "Online policy brief"}
VERSION = {"id": "Versi", "en": "Version"}
HEADINGS = {"id": ("APA 7", "BibTeX"), "en": ("APA 7", "BibTeX")}
LANGID = {"id": "indonesian", "en": "english"}


@dataclass(frozen=True)
class Person:
    family: str
    given: str = ""
    entity: bool = False

    def apa(self) -> str:
        return self.family if self.entity or not self.given else \
            f"{self.family}, {initials(self.given)}"

    def bibtex(self) -> str:
        return f"{{{self.family}}}" if self.entity else f"{self.family}, {self.given}".strip(", ")

    def plain(self) -> str:
        return self.family if self.entity else f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class SiteRecord:
    title: str
    authors: tuple[Person, ...]
    version: str
    released: str  # YYYY-MM-DD
    url: str


def load_record(path: Path = CFF) -> SiteRecord:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    authors = tuple(
        Person(a["name"], entity=True) if "name" in a
        else Person(a.get("family-names", ""), a.get("given-names", ""))
        for a in data["authors"]
    )
    return SiteRecord(data["title"], authors, str(data.get("version", "")),
                      str(data.get("date-released", "")), data.get("url", ""))


def _apa_authors(people: tuple[Person, ...]) -> str:
    names = [p.apa() for p in people]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    return text if text.endswith(".") else text + "."


def _key(record: SiteRecord) -> str:
    """Key style of bib/references.bib; from CITATION.cff's title, the same in both languages."""
    first = re.sub(r"[^a-z]", "", record.authors[0].family.split()[0].lower()) or "site"
    word = next((re.sub(r"[^a-z]", "", w.lower()) for w in record.title.split()
                 if re.sub(r"[^a-z]", "", w.lower())), "site")
    return f"{first}{record.released[:4]}{word}"


def apa(record: SiteRecord, title: str, url: str, language: str) -> str:
    """APA 7 reference of the site as HTML."""
    year = record.released[:4] or ("t.t." if language == "id" else "n.d.")
    version = f" ({VERSION[language]} {esc(record.version)})" if record.version else ""
    return (f"{esc(_apa_authors(record.authors))} ({year}). <em>{esc(title)}</em>{version} "
            f"[{DESCRIPTION[language]}]. <a href=\"{esc(url)}\">{esc(url)}</a>")


def bibtex(record: SiteRecord, title: str, url: str, language: str) -> str:
    authors = " and ".join(p.bibtex() for p in record.authors)
    fields = [("author", f"{{{authors}}}"), ("title", f"{{{title}}}"),
              ("date", f"{{{record.released}}}"), ("version", f"{{{record.version}}}"),
              ("url", f"{{{url}}}"), ("langid", f"{{{LANGID[language]}}}")]
    body = ",\n".join(f"  {name:<8} = {value}" for name, value in fields if value != "{}")
    return f"@online{{{_key(record)},\n{body},\n}}"


def cite_block(record: SiteRecord, title: str, url: str, language: str) -> str:
    """Markdown for the `{{ cite_this_site }}` line: APA paragraph and a BibTeX code block."""
    apa_heading, bib_heading = HEADINGS[language]
    return (f'<p class="cite-site"><strong>{apa_heading}</strong><br>\n'
            f"{apa(record, title, url, language)}</p>\n\n"
            f"**{bib_heading}**\n\n```bibtex\n{bibtex(record, title, url, language)}\n```\n")


def fill_cite_this_site(text: str, record: SiteRecord, title: str, url: str,
                        language: str) -> str:
    """Each `{{ cite_this_site }}` line of the prose replaced by the citation block."""
    masked = markdown_text.mask(text)

    def replace(match: re.Match) -> str:
        if "{{" not in masked[match.start():match.end()]:
            return match.group(0)  # shown in code, or commented out
        return cite_block(record, title, url, language)

    return PLACEHOLDER.sub(replace, text)


def meta_tags(record: SiteRecord, page_title: str, page_url: str, language: str,
              site_title: str) -> str:
    """Google Scholar `citation_*` tags for one page."""
    tags = [("citation_title", page_title or site_title)]
    tags += [("citation_author", person.plain()) for person in record.authors]
    if record.released:
        tags.append(("citation_publication_date", record.released.replace("-", "/")))
    tags += [("citation_language", language), ("citation_publisher", site_title),
             ("citation_abstract_html_url", page_url)]
    return "".join(f'<meta name="{name}" content="{html.escape(value, quote=True)}">'
                   for name, value in tags if value)


def add_meta(html_text: str, tags: str) -> str:
    if 'name="citation_title"' in html_text:
        return html_text
    return html_text.replace("</head>", tags + "</head>", 1)

