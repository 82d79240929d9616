"""Publish named figures and values from notebooks, for pages to place by id.

A notebook calls `publish_figure("enforcement_funnel", chart=..., ...)`, where `chart` is a
function of the language returning an Altair chart (`alt.Chart(frame).mark_bar()...`, or a
house shape from `scripts/figures/kit.py`), or
`publish_value("kasn2020_reported", 2007, kind="integer", ...)`. Each call emits one display
output with a project MIME type (`application/vnd.brief.figure+json`,
`application/vnd.brief.value+json`); the executed-notebook cache keeps it, and
`scripts/figures/registry.py` collects every one of them for the MkDocs hook, which replaces
`{{ figure: id }}` lines and `{{ value: id }}` tokens in every page, in the page's language.

A figure carries, per language: the chart as a standalone SVG file (shown inline on the
page by `figure_body`, and offered for download), alt text stating the finding, an
accessible data table, and the ids of its sources with the weakest confidence of each (the
registry writes the source note from them and `sources.csv`); plus its data as CSV. The PNG
file readers download is drawn by the build from the SVG file, beside the rest of the build
(scripts/figures/charts.py, `png_from_svg`), not in the notebook's kernel. What
depends on the page the figure lands on (links to those files, the citation with the page's
address) is filled in at `REUSE_TOKEN` by the registry, see `scripts/figures/reuse.py`.
The display bundle's `text/markdown` is the figure's own placeholder, so the notebook's page
shows the figure through the same mechanism as any other page.
"""

from __future__ import annotations

import html
import numbers as number_types
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from scripts.figures import charts, numbers, sources
from scripts.languages import LANGUAGES

if TYPE_CHECKING:  # imported lazily: the build reads this module without running it
    import pandas as pd

FIGURE_MIME = "application/vnd.brief.figure+json"
VALUE_MIME = "application/vnd.brief.value+json"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# What a number is decides how it is shown. A year is a date ("2020"), never an integer,
# which groups thousands in Indonesian ("2.020").
VALUE_KINDS = ("integer", "percent", "decimal", "date")
COLUMN_KINDS = ("text", *VALUE_KINDS)
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# Replaced, on each page the figure is placed on, by its downloads, address, licence and
# citation (scripts/figures/reuse.py through the registry).
REUSE_TOKEN = "__BRIEF_FIGURE_REUSE__"
# Where the chart goes in the figure's HTML: filled from the payload's SVG file (`figure_body`
# leaves a token per figure, `inline_chart` gives the SVG), so the payload (and the notebook
# cache, and the cell's output limit) holds each chart once.
SVG_TOKEN = "__BRIEF_FIGURE_SVG__"
# Where the source note goes: the payload names its sources by id, and the registry writes
# their publishers and dates from `sources.csv` when the build collects the figure. A kernel
# therefore never reads `sources.csv`, and adding or correcting a source re-runs no notebook.
SOURCE_TOKEN = "__BRIEF_FIGURE_SOURCE__"
# Stands for a figure's contents in a page's Markdown (`figure_shell`), and for its chart
# in the page's HTML until the page is finished (`chart_token`).
BODY_TOKEN_PREFIX = "__BRIEF_FIGURE_BODY_"
CHART_TOKEN_PREFIX = "__BRIEF_FIGURE_CHART_"
IMAGE_CLASS = "brief-figure__image"  # the chart's box, which carries the alt text
TEXT = {
    "id": {"table": "Tabel data", "confidence": "keyakinan",
           "high": "tinggi", "medium": "sedang", "low": "rendah"},
    "en": {"table": "Data table", "confidence":
           "confidence", "high": "high", "medium": "medium", "low": "low"},
}
CONFIDENCE_ORDER = ("low", "medium", "high")


@dataclass(frozen=True)
class Column:
    """A data-table column: its name in the data, its heading per language, its format.

    `name` is one column of the data, or one per language (`{"id": "label_id", "en":
    "label_en"}`) for cells written in each language; `local_column("label", …)` says the
    latter in short.
    """

    name: str | dict[str, str]
    label: dict[str, str]
    # text | integer | percent (value in percentage points) | decimal | date (an ISO date
    # or a year: a year is a date, shown 2020; as an integer it would read 2.020)
    kind: str = "text"
    digits: int = 1

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"column {self.name!r}: {_unknown_kind(self.kind, COLUMN_KINDS)}")

    def name_in(self, language: str) -> str:
        """The data column whose cells this column shows on a page in `language`."""
        return self.name[language] if isinstance(self.name, dict) else self.name


def local_column(stem: str, label: dict[str, str], kind: str = "text",
                 digits: int = 1) -> Column:
    """A column read from `<stem>_id` on Indonesian pages and `<stem>_en` on English ones."""
    return Column({language: f"{stem}_{language}" for language in LANGUAGES}, label, kind,
                  digits)


def _check_id(kind: str, item_id: str) -> None:
    if not ID_PATTERN.match(item_id):
        raise ValueError(f"{kind} id {item_id!r} must be snake_case (a-z, 0-9, _)")


def _both(name: str, mapping: dict[str, str]) -> None:
    missing = [language for language in LANGUAGES if not mapping.get(language)]
    if missing:
        raise ValueError(f"{name} needs a text for every language; missing: {missing}")


def _unknown_kind(kind: str, known: Sequence[str]) -> str:
    hint = (" A year is a date: use kind=\"date\" (2020 is shown as 2020; kind=\"integer\" "
            "would show 2.020)." if kind in ("year", "tahun") else "")
    return f"kind must be one of {', '.join(known)}, not {kind!r}.{hint}"


def iso_date(value) -> str:
    """A date as ISO text at the precision given: '2021-12-16', '2021-12' or a year, '2020'.

    Takes what notebooks hold: text, a year as a number (2020, or 2020.0 from a pandas column
    with gaps), a `datetime.date` or a pandas Timestamp. Raises ValueError for anything else.
    """
    if isinstance(value, datetime):  # pandas Timestamps too
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, number_types.Real) and not isinstance(value, bool) and (
            float(value).is_integer()):
        value = str(int(value))
    text = value.strip() if isinstance(value, str) else None
    if text is not None and ISO_DATE.fullmatch(text):
        try:
            date.fromisoformat(text if len(text) == 10 else (text + "-01-01")[:10])
        except ValueError:
            pass
        else:
            return text
    raise ValueError(f"{value!r} is not a date: give a year (2020), a month ('2021-12') or a "
                     "day ('2021-12-16')")


def format_number(value, kind: str, language: str, digits: int = 1) -> str:
    """A number in the language's format; percentages are given in percentage points.

    kind "date" takes a date (see `iso_date`): a year stays as written, '2020'; a month or a
    day is written out in the language, 'Desember 2021', '16 Desember 2021'.
    """
    if kind == "date":
        return sources.published_on(iso_date(value), language)
    if kind == "integer":
        return numbers.integer(value, language)
    if kind == "percent":
        return numbers.percent(value / 100, language, digits)
    if kind == "decimal":
        return numbers.decimal(value, language, digits)
    raise ValueError(_unknown_kind(kind, VALUE_KINDS))


def _cell(value, column: Column, language: str) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "\u2013"  # en dash: no value
    if column.kind == "text":
        return html.escape(str(value))
    if column.kind == "date":
        return format_number(value, "date", language)
    return format_number(float(value), column.kind, language, column.digits)


def data_table(data: pd.DataFrame, columns: Sequence[Column], caption: str,
               language: str) -> str:
    """An accessible HTML table (caption, column headers with scope) of the figure's data."""
    head = "".join(f'<th scope="col">{html.escape(c.label[language])}</th>' for c in columns)
    rows = []
    for record in data.to_dict("records"):
        cells = [_cell(record[c.name_in(language)], c, language) for c in columns]
        numeric = [c.kind != "text" for c in columns]
        row = "".join(
            f'<td class="brief-num">{cell}</td>' if is_number else f"<td>{cell}</td>"
            for cell, is_number in zip(cells, numeric, strict=True)
        )
        rows.append(f"<tr>{row}</tr>")
    return (f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def cited_sources(data: pd.DataFrame) -> list[list[str]]:
    """[source_id, weakest confidence] per source of the rows, in source_id order."""
    return [[str(source_id), min(group["confidence"], key=CONFIDENCE_ORDER.index)]
            for source_id, group in data.groupby("source_id", sort=True)]


def source_line(cited: Sequence[Sequence[str]], language: str,
                table: dict[str, dict[str, str]]) -> str:
    """'Sumber: detikNews, 16 Desember 2021 (keyakinan: tinggi); …' for `cited_sources` pairs,
    with publishers and dates from `table` (`sources.load_sources`)."""
    text = TEXT[language]
    parts = [f"{sources.source_note([source_id], language, table)} "
             f"({text['confidence']}: {text[weakest]})" for source_id, weakest in cited]
    return f"{charts.SOURCE_LABEL[language]}: " + "; ".join(parts)


def figure_html(figure_id: str, svg_file: str, alt_text: str, title: str, table: str,
                language: str) -> str:
    """The figure block for one language; no blank lines, so Markdown keeps it as one block.

    The chart itself is left at `SVG_TOKEN` and the source note at `SOURCE_TOKEN`, for
    `figure_body` to fill in."""
    text = TEXT[language]
    size = charts.svg_size(svg_file)
    # The browser skips laying out and drawing a chart far from the screen (brief.css,
    # content-visibility); meanwhile its box keeps the chart's height at full size, so the
    # page is about as long as it will be and nothing moves when the chart is drawn.
    height = f' style="--brief-chart-height:{size[1]:g}px"' if size else ""
    return (
        f"{figure_opening(figure_id)}"
        f'<div class="{IMAGE_CLASS}"{height} role="img" aria-label="{html.escape(alt_text)}">'
        f"{SVG_TOKEN}</div>"
        # HTML allows one figcaption, first or last: the note, table and links all go in it.
        f'<figcaption><p class="brief-figure__source">{SOURCE_TOKEN}</p>'
        f'<details class="brief-figure__data"><summary>{text["table"]}: '
        f"{html.escape(title)}</summary>{table}</details>"
        f"{REUSE_TOKEN}</figcaption>"
        "</figure>"
    )


def publish_figure(
    figure_id: str,
    *,
    chart: Callable[[str], object],
    alt_text: dict[str, str],
    title: dict[str, str],
    data: pd.DataFrame,
    columns: Sequence[Column],
    sources: pd.DataFrame | None = None,
) -> None:
    """Render and publish a figure in every language.

    `chart(language)` returns an Altair chart with that language's titles and labels, e.g.
    `lambda lang: alt.Chart(data).mark_bar().encode(x="value:Q", y=f"label_{lang}:N")`; the
    site's fonts, palette and number formats are added when it is drawn (see
    `scripts/figures/charts.py`), so the chart sets only what it shows. Number formats in the
    chart are d3 formats in the page's locale: `",d"` for counts, `"d"` for a year (a year is
    a date, never grouped), `".1%"` for shares. `alt_text` states the finding in each
    language; `data` holds the rows drawn (it must carry `source_id` and `confidence`, which
    make the source note) and is offered as CSV; `columns` choose and label the data table's
    columns. `sources`, when the table's rows are not the rows the figures come from (a
    reference table joined to several series), holds those rows' `source_id` and
    `confidence` for the source note instead.
    """
    _check_id("figure", figure_id)
    _both("alt_text", alt_text)
    _both("title", title)
    cited = data if sources is None else sources
    missing = {"source_id", "confidence"} - set(cited.columns)
    if missing:
        raise ValueError(f"figure {figure_id}: its data lacks the column(s) {sorted(missing)}")
    per_language, svg_files = {}, {}
    for language in LANGUAGES:
        table = data_table(data, columns, title[language], language)
        svg_files[language] = charts.svg_file(_altair_chart(figure_id, chart, language),
                                              language)
        per_language[language] = figure_html(
            figure_id, svg_files[language], alt_text[language], title[language], table,
            language)
    payload = {
        "id": figure_id,
        "html": per_language,
        "title": title,
        "csv": data.to_csv(index=False, lineterminator="\n"),
        "svg": svg_files,
        "sources": cited_sources(cited),
    }
    placeholder = "{{ figure: " + figure_id + " }}"
    from IPython.display import display

    display({FIGURE_MIME: payload, "text/markdown": placeholder}, raw=True)


def _altair_chart(figure_id: str, chart: Callable[[str], object], language: str):
    """`chart(language)`, or a ValueError saying what an Altair chart is when it is not one."""
    import altair as alt  # only where a figure is drawn: the build itself never needs it

    drawn = chart(language)
    if not isinstance(drawn, alt.TopLevelMixin):
        raise ValueError(
            f"figure {figure_id}: chart({language!r}) gave {type(drawn).__name__}, not an "
            "Altair chart. Make the function return one, e.g. `chart=lambda lang: "
            "alt.Chart(data).mark_bar().encode(...)` (a Vega-Lite dict goes through "
            "`alt.Chart.from_dict(spec)`).")
    return drawn


def figure_opening(figure_id: str) -> str:
    """The figure element's start tag, which carries its anchor (`#figure-<id>`)."""
    return f'<figure class="brief-figure" id="figure-{figure_id}">'


def figure_shell(figure_id: str) -> str:
    """The figure element with a token for its contents, which `figure_body` gives.

    A page's Markdown holds the shell, and the contents are put in once the Markdown is
    HTML: the chart and the data table are hundreds of elements that Markdown (and MkDocs'
    search for anchors) would otherwise read on every build, only to copy them as they are.
    The start tag stays, so a link to the figure's anchor is checked like any other."""
    return f"{figure_opening(figure_id)}{body_token(figure_id)}</figure>"


def body_token(figure_id: str) -> str:
    return f"{BODY_TOKEN_PREFIX}{figure_id}__"


def chart_token(figure_id: str) -> str:
    """Stands for a figure's chart in its contents until the page is finished (`figure_body`)."""
    return f"{CHART_TOKEN_PREFIX}{figure_id}__"


def figure_body(figure: dict, language: str) -> str:
    """What goes inside a published figure's element for `language`: its source note in
    place, its chart at `chart_token` (the chart's SVG is put in by `inline_chart` when the
    page is otherwise finished, so the passes over the page's HTML need not read it), and
    still holding `REUSE_TOKEN` (which depends on the page). `figure["source_notes"]` is the
    note per language, which the registry adds when it collects the figure."""
    block = (figure["html"][language]
             .replace(SVG_TOKEN, chart_token(figure["id"]), 1)
             .replace(SOURCE_TOKEN, html.escape(figure["source_notes"][language]), 1))
    # `figure_html` wrote the element; a cached payload always matches this module, since
    # the notebook cache is keyed on every module the kernel read.
    return block[len(figure_opening(figure["id"])):-len("</figure>")]


def inline_chart(figure: dict, language: str) -> str:
    """The figure's chart as it sits in the page, in `language`."""
    return charts.inline_svg(figure["svg"][language])


def publish_value(
    value_id: str,
    value: float | str | date,
    *,
    kind: str,
    meaning: dict[str, str],
    unit: str,
    source_ids: Sequence[str],
    digits: int = 1,
) -> None:
    """Publish a number for prose: `{{ value: value_id }}` shows it in the page's locale.

    `kind` is integer (a count, thousands grouped: 2.007 / 2,007), percent (the value in
    percentage points, 50.76 for 50.76 %), decimal, or date: a day or a month as ISO text
    ('2021-12-16', '2021-12') or a year (2020 or '2020'). A year is a date, shown 2020; as
    an integer it would read 2.020 on Indonesian pages.
    """
    _check_id("value", value_id)
    _both("meaning", meaning)
    if kind not in VALUE_KINDS:
        raise ValueError(f"value {value_id}: {_unknown_kind(kind, VALUE_KINDS)}")
    if not source_ids:
        raise ValueError(f"value {value_id}: name the source_id(s) it comes from")
    try:
        value = iso_date(value) if kind == "date" else float(value)
        format_number(value, kind, "en", digits)  # fails here, in the notebook, if malformed
    except (TypeError, ValueError) as error:
        raise ValueError(f"value {value_id}: {error}") from None
    payload = {"id": value_id, "value": value, "kind": kind, "digits": digits,
               "meaning": meaning, "unit": unit, "source_ids": list(source_ids)}
    # An empty Markdown representation: the notebook's page shows nothing for it.
    from IPython.display import display

    display({VALUE_MIME: payload, "text/markdown": ""}, raw=True)
