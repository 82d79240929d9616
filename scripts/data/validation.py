"""Validate the data package before any notebook reads it: Frictionless, plus project rules.

`validate(data_dir)` checks `datapackage.json` and every CSV it lists with Frictionless:
the Table Schema (columns, types, required values, enums, minimum 0 for counts, maximum 100
for percentages), the foreign keys (every `source_id` resolves in `sources.csv`) and the
project's own rules in `scripts/data/checks.py` (one unit per series, funnels that never grow,
single-response questions summing to 100, counts that are whole numbers), plus primary keys
(no fact twice) and a minimum row count. Every problem becomes one line naming the file and
line, the row and column, the rule and what to fix. Run by the build before the
notebooks, and by `python -m scripts.data.validation`.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

FIXES = {
    "type-error": "write a value of the column's type (see datapackage.json)",
    "constraint-error": "bring the value within the column's constraint",
    "missing-label": "restore the column's header (compare with datapackage.json)",
    "extra-label": "remove the column or describe it in datapackage.json",
    "incorrect-label": "rename the header to what datapackage.json says",
    "missing-cell": "fill the row's missing cells",
    "extra-cell": "remove the extra cells (a stray comma?)",
    "foreign-key": "add the source to sources.csv, or correct the source_id",
    "primary-key": ("a fact appears once: delete the repeated row, or correct the columns that "
                    "tell the two rows apart"),
    "unique-error": "make the value unique",
    "blank-row": "delete the empty row",
    "scheme-error": "add the file, or correct its path in datapackage.json",
}
# Enough to fix a batch at once without flooding the terminal.
MAX_PROBLEMS = 50
_validated: dict[str, str] = {}


class DataError(Exception):
    """The data package breaks a rule; the message names file, row, column and rule."""


def _digest(data_dir: Path) -> str:
    """Hash of the data files and of the rules that judge them."""
    digest = hashlib.sha256()
    for rules in (Path(__file__), Path(__file__).with_name("checks.py")):
        digest.update(rules.read_bytes())
    for path in sorted(data_dir.glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


LABEL_ERRORS = {"missing-label", "incorrect-label", "extra-label", "duplicate-label", "blank-label"}


def _label_message(location: str, expected: list[str], labels: list[str]) -> str | None:
    """Name the column by its name: Frictionless compares headers by position only."""
    missing = [name for name in expected if name not in labels]
    extra = [label for label in labels if label not in expected]
    if missing:
        return (f"{location}:1: row 1 (header), column {missing[0]}: rule missing-label: the "
                f"column {missing[0]!r} is missing. Fix: restore its header and its cells "
                "(see datapackage.json)")
    if extra:
        return (f"{location}:1: row 1 (header), column {extra[0]}: rule extra-label: the column "
                f"{extra[0]!r} is not described. Fix: remove it or describe it in "
                "datapackage.json")
    return None


def physical_lines(csv_path: Path) -> dict[int, int]:
    """Row number (the header is row 1, as in a spreadsheet) -> the file line it starts on.

    They differ once a quoted cell spans several lines, and an author opens the file at the
    line, so messages name both.
    """
    starts: dict[int, int] = {}
    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            line = 1
            for row_number, _ in enumerate(reader, start=1):
                starts[row_number] = line
                line = reader.line_num + 1
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    return starts


def _message(data_dir: Path, resource_path: str, error, expected: list[str],
             lines: dict[int, int], key: list[str]) -> str:
    location = f"notebooks/data/{resource_path}"
    if error.type in LABEL_ERRORS:
        named = _label_message(location, expected, list(getattr(error, "labels", [])))
        if named:
            return named
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", []))
    if error.type == "primary-key":
        column = ", ".join(key)
    where = f"{location}:{lines.get(row, row)}: row {row}" if row else location + ":"
    if column:
        where += f", column {column}"
    if error.type == "project-rule":  # note = "[rule] what is wrong. Fix: ..."
        rule, _, text = error.note.partition("] ")
        return f"{where}: rule {rule.lstrip('[')}: {text}"
    fix = FIXES.get(error.type, "see datapackage.json")
    return f"{where}: rule {error.type}: {error.message.rstrip('.')}. Fix: {fix}."


def _too_few_rows(data_dir: Path, package) -> list[str]:
    """Tables with fewer data rows than their `min_rows` (at least one: a header alone is
    always a mistake), found before Frictionless, which accepts an empty table."""
    problems = []
    for resource in package.resources:
        path = data_dir / resource.path
        minimum = int(resource.custom.get("min_rows", 1))
        rows = len(physical_lines(path)) - 1 if path.is_file() else None
        if rows is not None and rows < minimum:
            problems.append(
                f"notebooks/data/{resource.path}:1: rule min-rows: the table has {max(rows, 0)} "
                f"data rows; the notebooks need at least {minimum}. Fix: add the rows under the "
                "header, or remove the table and its resource from datapackage.json")
    return problems


def validate(data_dir: Path) -> None:
    """Raise DataError listing every problem found (one line each), or return quietly."""
    # Imported here: Frictionless is slow to import, and most builds only need the stamp.
    from frictionless import Checklist, FrictionlessException, Package

    from scripts.data.checks import ALL_CHECKS

    descriptor = data_dir / "datapackage.json"
    try:
        package = Package(str(descriptor.resolve()))
    except FrictionlessException as error:
        raise DataError(f"notebooks/data/datapackage.json:1: {error.error.message} Fix: "
                        "correct the descriptor (it must be valid JSON describing each "
                        "table).") from None
    listed = {resource.path for resource in package.resources}
    problems = [f"notebooks/data/{name}:1: rule described-table: the table is not described "
                "in datapackage.json. Fix: add a resource with its schema"
                for name in sorted(p.name for p in data_dir.glob("*.csv") if p.name not in listed)]
    problems += _too_few_rows(data_dir, package)
    if problems:
        raise DataError("\n".join(problems))
    checklist = Checklist(checks=[check() for check in ALL_CHECKS])
    report = package.validate(checklist, limit_errors=MAX_PROBLEMS)
    if report.valid:
        return
    for task in report.tasks:
        place = task.place or task.name
        schema = package.get_resource(task.name).schema
        lines = physical_lines(data_dir / place)
        errors = task.errors
        # A missing or extra column shifts every row; the header's message says all there
        # is to say, and the row errors that follow from it would only bury it.
        header_errors = [error for error in errors if error.type in LABEL_ERRORS]
        problems += [_message(data_dir, place, error, schema.field_names, lines,
                              schema.primary_key) for error in header_errors or errors]
    problems = list(dict.fromkeys(problems)) or [
        f"notebooks/data: {error.message}" for error in report.errors]
    raise DataError("\n".join(problems[:MAX_PROBLEMS]))


def validate_once(data_dir: Path, cache_dir: Path | None = None) -> None:
    """validate(), skipped when the same files passed the same rules before.

    A passing run leaves a stamp named by the hash in `.cache/data-validation/`, so
    rebuilds and live previews that did not touch the data skip Frictionless entirely.
    """
    digest = _digest(data_dir)
    stamps = cache_dir or data_dir.resolve().parents[1] / ".cache" / "data-validation"
    if _validated.get(str(data_dir)) == digest or (stamps / digest).exists():
        return
    validate(data_dir)
    _validated[str(data_dir)] = digest
    stamps.mkdir(parents=True, exist_ok=True)
    for old in stamps.iterdir():
        old.unlink(missing_ok=True)
    (stamps / digest).touch()


def main(argv: list[str] | None = None) -> int:
    data_dir = Path(argv[0] if argv else "notebooks/data")
    try:
        validate(data_dir)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{data_dir}: valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
