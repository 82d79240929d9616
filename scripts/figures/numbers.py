"""Numbers in the reader's locale: Indonesian `1.588` and `50,76%`, English `1,588` and `50.76%`.

Used by notebooks (chart labels, prose) and by chart helpers for Vega-Lite's number format.
"""

from __future__ import annotations

from babel.dates import get_day_names, get_month_names
from babel.numbers import format_decimal, format_percent

BABEL_LOCALE = {"id": "id_ID", "en": "en_US"}

# d3-format locale definitions for Vega-Lite (vl-convert knows no Indonesian one by name).
D3_FORMAT_LOCALE = {
    "id": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


def integer(value: float, language: str) -> str:
    """A count with the locale's thousands separator: 1588 -> '1.588' (id) or '1,588' (en)."""
    return format_decimal(round(value), locale=BABEL_LOCALE[language])


def decimal(value: float, language: str, digits: int = 1) -> str:
    """A decimal number with fixed digits: 55.87 -> '55,87' (id) or '55.87' (en)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=BABEL_LOCALE[language])


def percent(share: float, language: str, digits: int = 1) -> str:
    """A share (0..1) as a percentage: 0.5076 -> '50,76%' (id) or '50.76%' (en) with digits=2."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(share, format=pattern, locale=BABEL_LOCALE[language])

# The date and time patterns of d3-time-format locales, so dates on chart axes follow the
# page's language; month and day names come from babel (CLDR).
D3_TIME_PATTERNS = {
    "id": {"dateTime": "%A, %e %B %Y pukul %X", "date": "%d/%m/%Y", "time": "%H.%M.%S",
           "periods": ["", ""]},
    "en": {"dateTime": "%x, %X", "date": "%-m/%-d/%Y", "time": "%-I:%M:%S %p",
           "periods": ["AM", "PM"]},
}


def _d3_time_locale(language: str) -> dict:
    locale = BABEL_LOCALE[language]
    week = (6, 0, 1, 2, 3, 4, 5)  # d3 counts days from Sunday, babel from Monday
    return {
        **D3_TIME_PATTERNS[language],
        "days": [get_day_names("wide", locale=locale)[day] for day in week],
        "shortDays": [get_day_names("abbreviated", locale=locale)[day] for day in week],
        "months": [get_month_names("wide", locale=locale)[month] for month in range(1, 13)],
        "shortMonths": [get_month_names("abbreviated", locale=locale)[month]
                        for month in range(1, 13)],
    }


D3_TIME_FORMAT_LOCALE = {language: _d3_time_locale(language) for language in D3_TIME_PATTERNS}
