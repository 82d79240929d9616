"""How to cite the site itself: APA and BibTeX from CITATION.cff, and citation_* meta tags.

`CITATION.cff` (repository root) is the single record of the site's title, authors, version
and release date. From it this module writes
* the block that replaces a line `{{ cite_this_site }}` (About page): an APA 7 reference and a
  BibTeX entry, in the page's language (the title is the site name of that language);
* the `citation_*` meta tags Google Scholar reads (citation_title, citation_author,
  citation_publication_date, citation_language, citation_abstract_html_url, ...), for
  every page, placed at the end of `<head>` by `plan_meta` (no theme template needed).
* the APA 7 reference and BibTeX entry of one figure of the site (`figure_apa`,
  `figure_bibtex`), shown under each figure by `scripts/figures/reuse.py`: the figure's
  title, the site's authors, the release date (month names from babel) and the address of
  the figure on its page.
Authors are `bibliography.Name`s written by the APA module's own rules (the 20-author rule
included), so the site is cited as the bibliography cites other works. All values are
HTML-escaped. Used by `scripts/mkdocs_adapter/hooks.py`,
`scripts/references/page_html.py` and the tests.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.content import markdown_text
from scripts.paths import PROJECT
from scripts.references.apa import TERMS, esc, format_month_day, name_list, reference_name
from scripts.references.bibliography import Name
from scripts.site.html_edit import HtmlEdit, Token, insert_before_end_tag

CFF = PROJECT.citation_record
PLACEHOLDER = re.compile(r"^[ \t]*\{\{\s*cite_this_site\s*\}\}[ \t]*$", re.M)
DESCRIPTION = {"id": "Ringkasan kebijakan daring", "en": "Online policy brief"}
VERSION = {"id": "Versi", "en": "Version"}
HEADINGS = {"id": ("APA 7", "BibTeX"), "en": ("APA 7", "BibTeX")}
LANGID = {"id": "indonesian", "en": "english"}


def bibtex_name(name: Name) -> str:
    """'Regif, Surya Yudha'; a group author in braces, so BibTeX keeps it whole."""
    return f"{{{name.family}}}" if name.corporate else f"{name.family}, {name.given}".strip(", ")


def plain_name(name: Name) -> str:
    """'Surya Yudha Regif', as Google Scholar's citation_author reads it."""
    return name.family if name.corporate else f"{name.given} {name.family}".strip()


@dataclass(frozen=True)
class SiteRecord:
    title: str
    authors: tuple[Name, ...]
    version: str
    released: str  # YYYY-MM-DD
    url: str
    # SPDX identifiers; CFF reads several as a choice between them (OR), not as parts
    licenses: tuple[str, ...] = ()


def load_record(path: Path = CFF) -> SiteRecord:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    authors = tuple(
        Name(a["name"], corporate=True) if "name" in a
        else Name(a.get("family-names", ""), a.get("given-names", ""))
        for a in data["authors"]
    )
    licenses = data.get("license") or ()
    licenses = (licenses,) if isinstance(licenses, str) else tuple(map(str, licenses))
    return SiteRecord(data["title"], authors, str(data.get("version", "")),
                      str(data.get("date-released", "")), data.get("url", ""), licenses)


def apa_authors(names: tuple[Name, ...]) -> str:
    """The author element of an APA 7 reference, as in the reference list (20-author rule
    included), as plain text."""
    text = name_list([reference_name(name) for name in names])
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
    return (f"{esc(apa_authors(record.authors))} ({year}). <em>{esc(title)}</em>{version} "
            f"[{DESCRIPTION[language]}]. <a href=\"{esc(url)}\">{esc(url)}</a>")


def bibtex(record: SiteRecord, title: str, url: str, language: str) -> str:
    authors = " and ".join(bibtex_name(name) for name in record.authors)
    fields = [("author", f"{{{authors}}}"), ("title", f"{{{title}}}"),
              ("date", f"{{{record.released}}}"), ("version", f"{{{record.version}}}"),
              ("url", f"{{{url}}}"), ("langid", f"{{{LANGID[language]}}}")]
    body = ",\n".join(f"  {name:<8} = {value}" for name, value in fields if value != "{}")
    return f"@online{{{_key(record)},\n{body},\n}}"


FIGURE = {"id": "Gambar", "en": "Figure"}
# LaTeX's special characters, written so that BibTeX and LaTeX print them as text.
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
          "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}"}


def bibtex_text(text: str) -> str:
    """Plain text as a BibTeX field value: LaTeX's special characters escaped."""
    return re.sub(r"[\\{}&%$#_~^]", lambda match: _LATEX[match.group(0)], text)


def _release(record: SiteRecord, language: str) -> str:
    """'2026, 27 November' / '2026, November 27'; the year alone, or n.d., when that is all."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", record.released)
    if not match:
        return record.released[:4] or TERMS[language]["nd"]
    year, month, day = (int(part) for part in match.groups())
    return f"{year}, {format_month_day(month, day, language)}"


def figure_apa(record: SiteRecord, title: str, site_name: str, url: str, language: str) -> str:
    """APA 7 reference of one figure of the site as HTML: a web page's image with its
    description in brackets, by the site's authors, dated by the site's release."""
    author_names = [name.family for name in record.authors if name.corporate]
    # APA leaves out the site's name when it is the (group) author's name.
    site = "" if [site_name] == author_names else f"{esc(site_name)}. "
    return (f"{esc(apa_authors(record.authors))} ({esc(_release(record, language))}). "
            f"<em>{esc(title)}</em> [{FIGURE[language]}]. {site}"
            f'<a href="{esc(url)}">{esc(url)}</a>')


def figure_bibtex(record: SiteRecord, figure_id: str, title: str, site_name: str, url: str,
                  language: str) -> str:
    """A BibTeX `@misc` entry for one figure of the site (plain text, not escaped for HTML)."""
    authors = " and ".join(bibtex_name(name) for name in record.authors)
    fields = [("author", f"{{{authors}}}"), ("title", f"{{{bibtex_text(title)}}}"),
              ("howpublished", f"{{{FIGURE[language]}, {bibtex_text(site_name)}}}"),
              ("year", f"{{{record.released[:4]}}}"), ("url", f"{{{url}}}"),
              ("langid", f"{{{LANGID[language]}}}")]
    body = ",\n".join(f"  {name:<12} = {value}" for name, value in fields if value != "{}")
    return f"@misc{{{_key(record)}_{figure_id},\n{body},\n}}"


def cite_block(record: SiteRecord, title: str, url: str, language: str) -> str:
    """Markdown for the `{{ cite_this_site }}` line: APA paragraph and a BibTeX code block."""
    apa_heading, bib_heading = HEADINGS[language]
    return (f'<p class="cite-site"><strong>{apa_heading}</strong><br>\n'
            f"{apa(record, title, url, language)}</p>\n\n"
            f"**{bib_heading}**\n\n```bibtex\n{bibtex(record, title, url, language)}\n```\n")


def fill_cite_this_site(text: str, record: SiteRecord, title: str, url: str,
                        language: str) -> str:
    """Each `{{ cite_this_site }}` line of the prose replaced by the citation block."""
    masked = ""

    def replace(match: re.Match) -> str:
        nonlocal masked
        masked = masked or markdown_text.mask(text)  # parsed only for a page with the line
        if "{{" not in masked[match.start():match.end()]:
            return match.group(0)  # shown in code, or commented out
        return cite_block(record, title, url, language)

    return PLACEHOLDER.sub(replace, text)


def meta_tags(record: SiteRecord, page_title: str, page_url: str, language: str,
              site_title: str) -> str:
    """Google Scholar `citation_*` tags for one page."""
    tags = [("citation_title", page_title or site_title)]
    tags += [("citation_author", plain_name(name)) for name in record.authors]
    if record.released:
        tags.append(("citation_publication_date", record.released.replace("-", "/")))
    tags += [("citation_language", language), ("citation_publisher", site_title),
             ("citation_abstract_html_url", page_url)]
    return "".join(f'<meta name="{name}" content="{html.escape(value, quote=True)}">'
                   for name, value in tags if value)


def _is_citation_title(element: Token) -> bool:
    return element.name == "meta" and element.attr("name") == "citation_title"


def plan_meta(page: HtmlEdit, tags: str) -> None:
    """Plan `tags` at the end of the page's head, unless it has citation tags already."""
    if not page.has_element(_is_citation_title):
        insert_before_end_tag(page, "head", tags)

