"""APA 7 references and in-text citations, in Indonesian and English, as safe HTML.

Every field value is HTML-escaped here, at the one place it turns into markup, so a `<script>`
in a title is shown as text. Links are made only for https/http URLs and for DOIs (as
https://doi.org/ links); anything else (`javascript:` ...) is printed as text.

Choices, where APA 7 leaves room or the sources are unusual:
* Titles keep the capitalisation of the source: converting Indonesian titles to sentence
  case would lower proper nouns (Aparatur Sipil Negara, Pilkada).
* News pages credit no writer, so the outlet is the group author (`author = {{detikNews}}`).
* A law or ruling is cited by its short name (`UU 20/2023`), which already holds the year.
* A group author with `shortauthor` is written out at its first citation on a page and
  abbreviated afterwards: (Komisi Aparatur Sipil Negara [KASN], 2021) then (KASN, 2021).
* On English pages a non-English title is followed by `titletranslation` in brackets.
Dates and month names are the locale's own, from Unicode CLDR through babel.
Used by `scripts/references/citations.py` (pages), `scripts/references/cite_this.py` (how to
cite the site) and the tests.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from urllib.parse import quote, urlsplit

from babel.dates import format_date, format_skeleton, get_month_names

from scripts.figures.numbers import BABEL_LOCALE
from scripts.references.bibliography import Bibliography, Entry, Name
from scripts.site.html_edit import visible_text

TERMS = {
    "id": {"et_al": "dkk.", "and": "dan", "nd": "t.t.", "p": "hlm.", "pp": "hlm.",
           "in": "Dalam", "ed": "Ed.", "eds": "Ed.", "retrieved": "Diakses {date}, dari {url}",
           "note": "Catatan", "paper": "Makalah"},
    "en": {"et_al": "et al.", "and": "and", "nd": "n.d.", "p": "p.", "pp": "pp.",
           "in": "In", "ed": "Ed.", "eds": "Eds.", "retrieved": "Retrieved {date}, from {url}",
           "note": "Note", "paper": "Paper"},
}
EN_DASH = "\u2013"
# Descriptions in `howpublished` that have a term in each language.
DESCRIPTIONS = {"makalah": "paper"}


def end(text_html: str) -> str:
    """Close an element with a period, unless its text already ends in . ? or ! (APA)."""
    visible = visible_text(text_html, decoded=False).rstrip()
    return text_html if visible.endswith((".", "?", "!")) else text_html + "."


def esc(text: str) -> str:
    """HTML-escaped; braces too, so no later hook reads a field as a `{{ ... }}` placeholder."""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url: str) -> str | None:
    """The URL if it is a plain web address, else None (then it is shown, not linked)."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https") and parts.netloc and not re.search(r"\s", url.strip()):
        return url.strip()
    return None


def link(url: str) -> str:
    target = safe_url(url)
    if target is None:
        return esc(url)
    return f'<a href="{esc(target)}">{esc(target)}</a>'


def doi_link(doi: str) -> str:
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi.strip(), flags=re.I)
    if not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
        return esc(doi)
    href = "https://doi.org/" + quote(doi, safe="/:;()._-<>[]")
    return f'<a href="{esc(href)}">https://doi.org/{esc(doi)}</a>'


# --- dates --------------------------------------------------------------------------------
@dataclass(frozen=True)
class When:
    year: str  # "" when undated
    month: int = 0
    day: int = 0


def when(entry: Entry) -> When:
    raw = entry.get("date") or entry.get("year")
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", raw.strip())
    if not match:
        return When(raw.strip())
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:  # no such day (2021-02-30): shown as written rather than guessed at
        return When(raw.strip())
    return When(year, int(month or 0), int(day or 0))


def format_day(value: str, language: str) -> str:
    """'2026-11-27' -> '27 November 2026' (id) or 'November 27, 2026' (en): the locale's
    long date, as Unicode CLDR writes it."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        return value
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:  # no such day: shown as written rather than guessed at
        return value
    return format_date(day, "long", locale=BABEL_LOCALE[language])


def month_name(month: int, language: str) -> str:
    """'Desember' / 'December'."""
    return get_month_names("wide", locale=BABEL_LOCALE[language])[month]


def format_month_day(month: int, day: int, language: str) -> str:
    """'27 November' / 'November 27': the locale's day and month without a year."""
    # Any leap year, so 29 February is a date.
    return format_skeleton("MMMMd", date(2000, month, day), locale=BABEL_LOCALE[language])


# --- names --------------------------------------------------------------------------------
def initials(given: str) -> str:
    """'Surya Yudha' -> 'S. Y.'; 'Jean-Paul' -> 'J.-P.'; 'I. R.' stays."""
    out = []
    for word in given.replace(".", ". ").split():
        parts = [p for p in word.split("-") if p]
        out.append("-".join(p[0] + "." for p in parts if p[0].isalpha()) or word)
    return " ".join(out)


def reference_name(name: Name) -> str:
    if name.corporate or not name.given:
        return name.family
    return f"{name.family}, {initials(name.given)}"


def editor_name(name: Name) -> str:
    if name.corporate or not name.given:
        return name.family
    return f"{initials(name.given)} {name.family}"


def name_list(names: list[str]) -> str:
    """APA reference list: 'A, B, & C'; more than 20: 19 names, ellipsis, the last."""
    if len(names) == 1:
        return names[0]
    if len(names) > 20:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


# --- ordering and year suffixes -----------------------------------------------------------
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum() or c == " ").casefold().strip()


def sort_key(entry: Entry) -> tuple:
    """APA order: authors letter by letter (a title stands in when there is none), then year
    (undated first), then title."""
    if entry.authors:
        lead = tuple(_fold(f"{n.family} {n.given}") for n in entry.authors)
    else:
        lead = (_fold(entry.get("shorttitle") or entry.get("title")),)
    return lead, when(entry).year or "0000", _fold(entry.get("title"))


def _author_id(entry: Entry) -> tuple:
    if entry.authors:
        return tuple((n.family, initials(n.given)) for n in entry.authors)
    return (("", entry.get("shorttitle") or entry.get("title")),)


def year_suffixes(bibliography: Bibliography) -> dict[str, str]:
    """2021a, 2021b for works by the same authors in the same year (ordered by title)."""
    suffixes: dict[str, str] = {}
    ordered = sorted(bibliography.entries.values(), key=lambda e: (_author_id(e), sort_key(e)))
    for _, group in groupby(ordered, key=lambda e: (_author_id(e), when(e).year)):
        group = list(group)
        if len(group) > 1 and not group[0].is_legal:
            for index, entry in enumerate(group):
                suffixes[entry.key] = "abcdefghijklmnopqrstuvwxyz"[index]
    return suffixes


class Styler:
    """Formats one bibliography in one language."""

    def __init__(self, bibliography: Bibliography, language: str):
        self.bib = bibliography
        self.language = language
        self.t = TERMS[language]
        if "suffixes" not in bibliography.cache:
            bibliography.cache["suffixes"] = year_suffixes(bibliography)
        self.suffix = bibliography.cache["suffixes"]

    # --- in-text ------------------------------------------------------------------------
    def year(self, entry: Entry) -> str:
        year = when(entry).year or self.t["nd"]
        suffix = self.suffix.get(entry.key, "")
        return f"{year}-{suffix}" if suffix and not year[:1].isdigit() else year + suffix

    def cite_authors(self, entry: Entry, narrative: bool, first: bool) -> str:
        """Author part of an in-text citation, as plain text (not escaped)."""
        names = entry.authors
        if len(names) == 1 and names[0].corporate:
            short = entry.get("shortauthor")
            if short and first:
                return (f"{names[0].family} ({short}" if narrative
                        else f"{names[0].family} [{short}]")
            return short or names[0].family
        families = [n.family for n in names]
        if len(families) >= 3:
            return f"{families[0]} {self.t['et_al']}"
        if len(families) == 2:
            joiner = f" {self.t['and']} " if narrative else " & "
            return joiner.join(families)
        return families[0]

    def locator(self, text: str) -> str:
        """'p. 12' / 'hlm. 12' / 'pp. 3-4' in the page's language; other locators as given."""
        match = re.fullmatch(r"(?:pp?\.|hlm\.|h\.|pages?|halaman)\s*(.+)", text.strip(), re.I)
        if not match:
            return text.strip()
        pages = match.group(1).replace("--", EN_DASH).replace("-", EN_DASH)
        term = self.t["pp"] if EN_DASH in pages or "," in pages else self.t["p"]
        return f"{term} {pages}"

    def intext(self, entry: Entry, narrative: bool, first: bool, locator: str = "") -> str:
        """'KASN, 2021, hlm. 3' (inside parentheses) or 'KASN (2021, hlm. 3)' (narrative),
        as plain text; the caller escapes it."""
        extra = f", {self.locator(locator)}" if locator else ""
        if entry.is_legal:
            label = entry.get("shorttitle")
            return f"{label} ({self.locator(locator)})" if narrative and locator \
                else label + extra
        authors = self.cite_authors(entry, narrative, first)
        if narrative:
            if entry.get("shortauthor") and first and entry.authors[0].corporate:
                return f"{authors}, {self.year(entry)}{extra})"
            return f"{authors} ({self.year(entry)}{extra})"
        return f"{authors}, {self.year(entry)}{extra}"

    # --- reference list -----------------------------------------------------------------
    def title(self, entry: Entry, italic: bool) -> str:
        text = esc(entry.get("title"))
        if italic:
            text = f"<em>{text}</em>"
        translation = entry.get("titletranslation")
        if self.language == "en" and translation and entry.get("langid") != "english":
            text += f" [{esc(translation)}]"
        return text

    def date_part(self, entry: Entry) -> str:
        moment = when(entry)
        year = self.year(entry)
        if moment.month and entry.type in ("online", "legislation", "jurisdiction"):
            if moment.day:
                return f"({year}, {format_month_day(moment.month, moment.day, self.language)})."
            return f"({year}, {month_name(moment.month, self.language)})."
        return f"({year})."

    def authors_part(self, entry: Entry) -> str:
        names = [reference_name(n) for n in entry.authors]
        return end(esc(name_list(names)))

    def access(self, entry: Entry) -> str:
        url = entry.get("url")
        if not url:
            return ""
        if entry.get("urldate") and entry.type in ("online", "legislation", "jurisdiction"):
            return self.t["retrieved"].format(date=esc(format_day(entry.get("urldate"),
                                                                  self.language)),
                                              url=link(url))
        return link(url)

    def tail(self, entry: Entry) -> str:
        """DOI link, or else the URL (with the access date for web pages)."""
        if entry.get("doi"):
            return doi_link(entry.get("doi"))
        return self.access(entry)

    def reference(self, entry: Entry) -> str:
        """One APA reference as HTML (no wrapper element)."""
        kind = entry.type
        pieces: list[str] = []
        if entry.is_legal:
            pieces += [end(self.title(entry, italic=False)), self.date_part(entry)]
            if kind == "jurisdiction":
                pieces.append(end(esc(entry.get("institution"))))
        else:
            pieces += [self.authors_part(entry), self.date_part(entry)]
        if kind == "article":
            source = f"<em>{esc(entry.get('journal'))}</em>"
            if entry.get("volume"):
                source += f", <em>{esc(entry.get('volume'))}</em>"
                if entry.get("number"):
                    source += f"({esc(entry.get('number'))})"
            if entry.get("pages"):
                source += f", {esc(entry.get('pages'))}"
            pieces += [end(self.title(entry, italic=False)), end(source)]
        elif kind == "incollection":
            editors = [editor_name(n) for n in entry.editors]
            eds = ""
            if editors:
                term = self.t["eds"] if len(editors) > 1 else self.t["ed"]
                joined = editors[0] if len(editors) == 1 else (
                    " & ".join(editors) if len(editors) == 2 else name_list(editors))
                eds = f"{esc(joined)} ({term}), "
            pages = f" ({self.t['pp']} {esc(entry.get('pages'))})" if entry.get("pages") else ""
            pieces += [end(self.title(entry, italic=False)),
                       f"{self.t['in']} {eds}<em>{esc(entry.get('booktitle'))}</em>{pages}.",
                       end(esc(entry.get("publisher")))]
        elif kind in ("book", "report"):
            publisher = entry.get("publisher") or entry.get("institution")
            pieces.append(end(self.title(entry, italic=True)))
            if publisher and [publisher] != [n.family for n in entry.authors]:
                pieces.append(end(esc(publisher)))
        elif kind in ("online", "misc"):
            described = self.title(entry, italic=True)
            how = entry.get("howpublished")
            if how:
                term = DESCRIPTIONS.get(how.casefold())
                described += f" [{esc(self.t[term] if term else how)}]"
            pieces.append(end(described))
            site = entry.get("organization")
            if site and [site] != [n.family for n in entry.authors]:
                pieces.append(end(esc(site)))
        return " ".join(p for p in [*pieces, self.tail(entry)] if p)

    def correction(self, entry: Entry) -> str:
        """The note on what the paper's list gets wrong, in the page's language, or ''."""
        text = entry.get("koreksi" if self.language == "id" else "correction")
        return f"{self.t['note']}: {esc(text)}" if text else ""

    def plain_reference(self, entry: Entry) -> str:
        """The reference as text (for tooltips): tags removed, entities kept."""
        if self.bib.entries.get(entry.key) is not entry:  # not this bibliography's own
            return visible_text(self.reference(entry), decoded=False)
        # Every citation of an entry shows it; made once per language, and kept with the
        # bibliography (a function of its entries, see `bibliography.load`).
        made = self.bib.cache.setdefault(f"plain references {self.language}", {})
        if entry.key not in made:
            made[entry.key] = visible_text(self.reference(entry), decoded=False)
        return made[entry.key]


def ordered(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=sort_key)


def rank(bibliography: Bibliography) -> dict[str, int]:
    """Position of each entry in APA order (cached on the bibliography)."""
    if "rank" not in bibliography.cache:
        bibliography.cache["rank"] = {
            e.key: i for i, e in enumerate(ordered(list(bibliography.entries.values())))}
    return bibliography.cache["rank"]
