"""Project rules for the data tables, as Frictionless checks (beyond what a Table Schema says).

A resource in `notebooks/data/datapackage.json` opts in by listing rule names under `checks`:
- one_unit_per_series: each series (every column before `value`/`stage` that names the
  election, agency, date and level) counts one thing only, so KASN persons and Bawaslu cases
  can never be added together;
- funnel_never_grows: within a series, later enforcement stages never exceed earlier ones;
- percent_at_most_100: a `value` whose unit is a percentage lies within 0..100;
- single_response_sums_to_100: the options of a complete single-response survey question add
  up to 100 ± 0.5 (multiple-response questions are exempt: they may exceed 100);
- area_code_fits_area: a province's `bps_code` has two digits and a regency's four, and an
  area keeps one code on every row (so a join with BPS tables cannot silently mismatch);
- counts_are_whole: a `value` whose unit counts things (persons, cases, reports…) is a whole
  number, so an Indonesian thousands separator (`1.484` for 1,484) cannot pass as a decimal.
Used by `scripts/data/validation.py`.
"""

from __future__ import annotations

import attrs
from frictionless import Check, errors

SERIES_COLUMNS = ("election", "agency", "as_of_date", "level")
# Enforcement stages by depth: intake (0), found in breach or forwarded (1), sanctioned (2).
STAGE_DEPTH = {
    "reported": 0, "reported_processed": 0, "suspected_total": 0, "findings": 0,
    "proven_recommended": 1, "forwarded_to_kasn": 1, "violation_forwarded_to_bkn": 1,
    "processed_to_ppk": 1,
    "sanctioned_by_ppk": 2, "sanctioned": 2, "proven_sanctioned_admin": 2,
}
SUM_TOLERANCE = 0.5


class RuleError(errors.CellError):
    """A project data rule is broken at a cell."""

    type = "project-rule"
    title = "Project rule"
    description = "The data breaks one of the project's rules for its tables."
    template = "{note}"


class _ProjectCheck(Check):
    """Runs only on resources whose descriptor lists its rule under `checks`."""

    rule: str = ""
    Errors = [RuleError]  # noqa: RUF012  (Frictionless reads this class attribute)

    def applies(self) -> bool:
        return self.rule in (self.resource.custom.get("checks") or [])

    def error(self, row, column: str, note: str) -> RuleError:
        return RuleError.from_row(row, note=f"[{self.rule}] {note}", field_name=column)


def _series(row) -> tuple:
    return tuple(row[column] for column in SERIES_COLUMNS if column in row.field_names)


@attrs.define(kw_only=True, repr=False)
class OneUnitPerSeries(_ProjectCheck):
    type = "one-unit-per-series"
    rule = "one_unit_per_series"

    def validate_start(self):
        self.units: dict[tuple, tuple[str, int]] = {}
        yield from []

    def validate_row(self, row):
        if not self.applies() or row["unit"] is None:
            return
        key = _series(row)
        unit, first_row = self.units.setdefault(key, (row["unit"], row.row_number))
        if row["unit"] != unit:
            yield self.error(row, "unit", (
                f"unit {row['unit']!r} differs from {unit!r} on row {first_row} of the same "
                f"series {'/'.join(map(str, key))}; units (persons vs cases) are never mixed. "
                "Fix: correct the unit, or give the row its own series (another agency or date)"))


@attrs.define(kw_only=True, repr=False)
class FunnelNeverGrows(_ProjectCheck):
    type = "funnel-never-grows"
    rule = "funnel_never_grows"

    def validate_start(self):
        self.seen: dict[tuple, list[tuple[int, str, int, int]]] = {}
        yield from []

    def validate_row(self, row):
        depth = STAGE_DEPTH.get(row["stage"])
        if not self.applies() or depth is None or row["value"] is None:
            return
        stages = self.seen.setdefault(_series(row), [])
        for other_depth, other_stage, other_value, other_row in stages:
            earlier, later = (other_depth, other_value), (depth, row["value"])
            if (earlier[0] < later[0] and later[1] > earlier[1]) or (
                    earlier[0] > later[0] and later[1] < earlier[1]):
                yield self.error(row, "value", (
                    f"stage {row['stage']} = {row['value']} but stage {other_stage} = "
                    f"{other_value} (row {other_row}); a later stage of the funnel can never "
                    "hold more than an earlier one. Fix: check both numbers against the source"))
                return
        stages.append((depth, row["stage"], row["value"], row.row_number))


@attrs.define(kw_only=True, repr=False)
class PercentAtMost100(_ProjectCheck):
    type = "percent-at-most-100"
    rule = "percent_at_most_100"

    def validate_row(self, row):
        if not self.applies() or row["value"] is None or not str(row["unit"]).startswith(
                "percent"):
            return
        if row["value"] > 100:
            yield self.error(row, "value", (
                f"{row['value']} is a percentage above 100. Fix: enter the share in percent "
                "(0 to 100), or correct the unit if it is a count"))


@attrs.define(kw_only=True, repr=False)
class SingleResponseSums(_ProjectCheck):
    type = "single-response-sums-to-100"
    rule = "single_response_sums_to_100"

    def validate_start(self):
        self.totals: dict[tuple, list] = {}
        yield from []

    def validate_row(self, row):
        if not self.applies() or row["multi_response"] or not row["options_complete"]:
            return
        key = (row["question_code"], row["breakdown"])
        entry = self.totals.setdefault(key, [0.0, None])
        entry[0] += float(row["pct"] or 0)
        entry[1] = self.error(row, "pct", "")  # the group's last row carries the message
        yield from []

    def validate_end(self):
        for (question, breakdown), (total, error) in self.totals.items():
            if abs(total - 100) > SUM_TOLERANCE:
                error.note = (
                    f"[{self.rule}] the options of single-response question {question} "
                    f"({breakdown}) add up to {total:g}, not 100 ± {SUM_TOLERANCE}. Fix: correct "
                    "a share, or set multi_response=true if respondents could pick several, or "
                    "options_complete=false if options are missing")
                error.message = error.note
                yield error


# The code length each area level takes (`level` column); other levels carry no code rule.
CODE_DIGITS = {"province": 2, "instansi_kabupaten": 4}


@attrs.define(kw_only=True, repr=False)
class AreaCodeFitsArea(_ProjectCheck):
    type = "area-code-fits-area"
    rule = "area_code_fits_area"

    def validate_start(self):
        self.codes: dict[str, tuple[str, int]] = {}
        yield from []

    def validate_row(self, row):
        code, digits = row["bps_code"], CODE_DIGITS.get(row["level"])
        if not self.applies() or code is None:
            return
        if digits is not None and len(code) != digits:
            yield self.error(row, "bps_code", (
                f"{row['region_name']} is a {row['level']} row, so its code has {digits} digits, "
                f"not {code!r}. Fix: use the area's code from the BPS list"))
            return
        first_code, first_row = self.codes.setdefault(row["region_name"],
                                                      (code, row.row_number))
        if code != first_code:
            yield self.error(row, "bps_code", (
                f"{row['region_name']} has code {code} here but {first_code} on row "
                f"{first_row}. Fix: one area keeps one code; check both against the BPS list"))


# Units that count things; their values are whole numbers.
COUNT_UNITS = {"asn_persons", "cases", "reports", "recommendations", "claims", "regions"}


@attrs.define(kw_only=True, repr=False)
class CountsAreWhole(_ProjectCheck):
    type = "counts-are-whole"
    rule = "counts_are_whole"

    def validate_row(self, row):
        value = row["value"]
        if not self.applies() or value is None or row["unit"] not in COUNT_UNITS:
            return
        if float(value) != int(float(value)):
            yield self.error(row, "value", (
                f"{value} is not a whole number, but the unit {row['unit']} counts things. "
                f"Fix: write the count without a thousands separator (1.484 means 1484: "
                "write 1484); decimals use a point"))


ALL_CHECKS = (OneUnitPerSeries, FunnelNeverGrows, PercentAtMost100, SingleResponseSums,
              AreaCodeFitsArea, CountsAreWhole)
