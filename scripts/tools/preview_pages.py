"""What the live preview shows besides the built pages, in the page's language.

The preview (`scripts/mkdocs_adapter/serve.py`) serves:
- `error_page()` for every page while the last build failed: the build's messages
  (`file:line: what. How to fix.`), escaped, instead of a request that never answers;
- `left_out_page()` for what the preview does not build: the pages of a language left out by
  `dev.py serve --language id`, and the PDF briefs;
- `with_search_notice()` on every page it serves without a search index: the search box
  says that search is built by `dev.py build`.

Each page is self-contained (inline style, no script, nothing from another host); the
preview adds its own reload script, so the page reloads after the next build. No generator
import here.
"""

from __future__ import annotations

from html import escape

from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES
from scripts.site.html_edit import HtmlEdit

BUILD_COMMAND = "python3 scripts/dev.py build"
SERVE_COMMAND = "python3 scripts/dev.py serve"

TEXT = {
    "id": {
        "failed_title": "Build pratinjau gagal",
        "failed_lead": ("Build terakhir berhenti karena masalah berikut. Perbaiki berkas yang "
                        "disebut pada baris yang disebut, lalu simpan: halaman ini dimuat "
                        "ulang sendiri setelah build berikutnya berhasil."),
        "language_title": "Halaman ini tidak dibangun dalam pratinjau ini",
        "language_lead": ("Pratinjau ini hanya membangun halaman berbahasa {built} "
                          "(<code>--language {code}</code>). Untuk melihat halaman ini, "
                          "jalankan <code>{serve}</code> tanpa <code>--language</code>."),
        "pdf_title": "PDF ringkasan tidak dibuat dalam pratinjau",
        "pdf_lead": ("Pratinjau melewati PDF ringkasan, kartu berbagi, dan indeks pencarian "
                     "agar setiap simpanan cepat tampil. PDF dibuat oleh <code>{build}</code> "
                     "atau oleh <code>{serve} --full</code>."),
        "search": ("Pencarian tidak tersedia dalam pratinjau: indeksnya dibuat oleh "
                   f"{BUILD_COMMAND}."),
        "left_out_switch": "{name} (tidak dibangun dalam pratinjau ini)",
    },
    "en": {
        "failed_title": "The preview build failed",
        "failed_lead": ("The last build stopped on the problem below. Fix the file at the line "
                        "named, then save: this page reloads by itself once the next build "
                        "succeeds."),
        "language_title": "This page is not built in this preview",
        "language_lead": ("This preview builds the {built} pages only (<code>--language "
                          "{code}</code>). To see this page, run <code>{serve}</code> without "
                          "<code>--language</code>."),
        "pdf_title": "The PDF brief is not made in the preview",
        "pdf_lead": ("The preview leaves out the PDF briefs, the share cards and the search "
                     "index so that each save shows quickly. The PDF is made by "
                     "<code>{build}</code> or by <code>{serve} --full</code>."),
        "search": ("Search is not available in the preview: its index is made by "
                   f"{BUILD_COMMAND}."),
        "left_out_switch": "{name} (not built in this preview)",
    },
}
# Each language's name in each language, for the notices about a language left out.
LANGUAGE_NAMES = {
    "id": {"id": "Indonesia", "en": "Inggris"},
    "en": {"id": "Indonesian", "en": "English"},
}
STYLE = ("body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:46rem;"
         "padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem;color:#b00020}"
         "pre{white-space:pre-wrap;background:#f6f6f6;border-left:4px solid #b00020;"
         "padding:.75rem 1rem;overflow-wrap:anywhere}code{background:#f0f0f0;padding:0 .2em}")


def language_of_address(relative: str) -> str:
    """Language of a site address relative to the site root: `en/x/` is English."""
    first = relative.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


def _page(language: str, title: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<main>\n<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n")


def error_page(messages: list[str], language: str) -> str:
    """The page served while the last build failed: its messages, escaped, one block each."""
    text = TEXT[language]
    blocks = "\n".join(f"<pre>{escape(message)}</pre>" for message in messages)
    return _page(language, text["failed_title"], f"<p>{escape(text['failed_lead'])}</p>\n"
                 + blocks)


def left_out_page(what: str, language: str, built_language: str = DEFAULT_LANGUAGE) -> str:
    """The page served for something the preview does not build: `language` (the pages of a
    language) or `pdf` (the PDF briefs)."""
    text = TEXT[language]
    if what == "pdf":
        lead = text["pdf_lead"].format(build=escape(BUILD_COMMAND), serve=escape(SERVE_COMMAND))
        return _page(language, text["pdf_title"], f"<p>{lead}</p>")
    lead = text["language_lead"].format(built=LANGUAGE_NAMES[language][built_language],
                                        code=built_language, serve=escape(SERVE_COMMAND))
    return _page(language, text["language_title"], f"<p>{lead}</p>")


def left_out_switch_name(name: str, language: str) -> str:
    """The language switcher's entry for a language the preview leaves out."""
    return TEXT[language]["left_out_switch"].format(name=name)


def _start_tag(name: str, attrs: tuple[tuple[str, str | None], ...]) -> str:
    written = "".join(f" {key}" if value is None else f' {key}="{escape(value)}"'
                      for key, value in attrs)
    return f"<{name}{written}>"


def with_search_notice(html: str) -> str:
    """The page with its search box saying that the preview has no search index.

    The box's messages (scripts in overrides/main.html read them from `data-*` attributes)
    and its status line become the notice, in the language of the page's `<html lang>`;
    a page without the search box comes back unchanged.
    """
    page = HtmlEdit(html)
    root = page.first(lambda token: token.kind == "start" and token.name == "html")
    language = (root.attr("lang") if root else None) or DEFAULT_LANGUAGE
    notice = TEXT[language if language in TEXT else DEFAULT_LANGUAGE]["search"]
    box = page.first(lambda token: token.kind == "start" and token.has_attr("data-brief-search"))
    if box is None:
        return html
    messages = {"data-loading", "data-empty", "data-none"}
    page.replace(box, _start_tag(box.name, tuple(
        (key, notice if key in messages else value) for key, value in box.attrs)))
    status = next((index for index, token in enumerate(page.tokens)
                   if token.kind == "start" and token.attr("id") == "brief-search-status"), None)
    if status is not None and status + 1 < len(page.tokens) and (
            page.tokens[status + 1].kind == "text"):
        page.replace(page.tokens[status + 1], f"\n{escape(notice)}\n")
    return page.result()
