"""The figures-and-values page: every figure and value the notebooks publish, for authors.

Generated on every build from the executed notebooks and published with the site, one page
per language (`/nilai/` and `/en/nilai/`), so it is always current and the build writes
nothing into the project's own files. The author guide links to it. Called by the MkDocs
adapter; no generator import.
"""

from __future__ import annotations

from scripts.figures.registry import Registry

# Where the page pretends to sit among the docs pages (a docs page of that name is refused).
SOURCE = "nilai.md"

TEXT = {
    "id": {
        "title": "Gambar dan nilai untuk penulis",
        "description": "Daftar nama semua gambar dan nilai yang dapat dipakai halaman situs.",
        "intro": (
            "Halaman ini dibuat ulang setiap kali situs dibangun, dari hasil notebook. Tulis "
            "`{{ value: <nama> }}` di halaman mana pun untuk menyisipkan angka dalam format "
            "bahasa halaman, dan `{{ figure: <nama> }}` pada baris tersendiri untuk "
            "menempatkan gambar."
        ),
        "guide": "Lihat [Panduan Penulis]({guide}).",
        "figures": "Gambar",
        "values": "Nilai",
        "figure_columns": ("nama", "judul", "notebook"),
        "value_columns": ("nama", "arti", "satuan", "sumber", "nilai", "notebook"),
    },
    "en": {
        "title": "Figures and values for authors",
        "description": "The names of every figure and value the site's pages can use.",
        "intro": (
            "This page is made again on every build, from the notebooks' results. Write "
            "`{{ value: <name> }}` in any page to insert the number in the page's language "
            "format, and `{{ figure: <name> }}` on a line of its own to place a figure."
        ),
        "guide": "See the [author guide]({guide}).",
        "figures": "Figures",
        "values": "Values",
        "figure_columns": ("name", "title", "notebook"),
        "value_columns": ("name", "meaning", "unit", "source", "value", "notebook"),
    },
}


def _cell(text: str) -> str:
    return str(text).replace("|", "/").replace("\n", " ").strip()


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


# The author guide the page points to, when the site has one.
GUIDE = "panduan-penulis.md"


def page_markdown(registry: Registry, language: str, with_guide: bool = True) -> str:
    """The page's Markdown in `language`: a figures table and a values table, by id."""
    text = TEXT[language]
    intro = text["intro"] + (" " + text["guide"].format(guide=GUIDE) if with_guide else "")
    lines = [
        "---", "glossary: false", f"description: {text['description']}", "---", "",
        f"# {text['title']}", "", intro, "",
        f"## {text['figures']}", "",
        _row(text["figure_columns"]), _row(["---"] * len(text["figure_columns"])),
    ]
    for figure_id in sorted(registry.figures):
        figure = registry.figures[figure_id]
        title = figure.get("title", {})
        title = title.get(language, "") if isinstance(title, dict) else title
        lines.append(_row([f"`{figure_id}`", _cell(title),
                           registry.origin["figure:" + figure_id]]))
    lines += ["", f"## {text['values']}", "",
              _row(text["value_columns"]), _row(["---"] * len(text["value_columns"]))]
    for value_id in sorted(registry.values):
        item = registry.values[value_id]
        lines.append(_row([
            f"`{value_id}`", _cell(item["meaning"][language]), _cell(item["unit"]),
            ", ".join(item["source_ids"]), registry.value_text(value_id, language),
            registry.origin["value:" + value_id],
        ]))
    return "\n".join(lines) + "\n"
