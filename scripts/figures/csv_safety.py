"""CSV downloads that are safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula
by Excel, LibreOffice and Google Sheets ("CSV injection"). A figure's data comes from the
project's CSVs and notebooks, which pull requests can change, so every published copy is
neutralised as OWASP advises: such a text cell gets a leading apostrophe, which spreadsheets
show as text. Numbers (`-5`, `+1.5`) are left alone. Called where a figure's CSV is added
to the site.
"""

from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def is_risky(cell: str) -> bool:
    """True when a spreadsheet would read this cell as a formula."""
    return cell.startswith(FORMULA_STARTS) and not _is_number(cell)


def spreadsheet_safe(text: str) -> str:
    """The CSV with every risky text cell prefixed by an apostrophe; unchanged if none."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not any(is_risky(cell) for row in rows for cell in row):
        return text
    return "".join(",".join(_quoted("'" + cell if is_risky(cell) else cell) for cell in row)
                   + "\n" for row in rows)


def _quoted(cell: str) -> str:
    # csv.writer with "\n" line endings leaves a lone "\r" unquoted, which splits the row
    # for the next reader; quote every cell holding a separator, a quote or a line break.
    if any(character in cell for character in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell
