"""Validate the data package before any notebook reads it: Frictionless, plus project rules.

`validate(data_dir)` checks `datapackage.json` and every CSV it lists with Frictionless:
the Table Schema (columns, types, required values, enums, minimum 0 for counts, maximum 100
for percentages), the foreign keys (every `source_id` resolves in `sources.csv`) and the
project's own rules in `scripts/data/checks.py` (one unit per series, funnels that never grow,
single-response questions summing to 100). The first problem becomes ONE message naming the
file, row, column and rule, and what to fix. Run by the figures hook before the notebooks and
by `python -m scripts.data.validation`.
"""

from __future__ import annotations

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
    "primary-key": "give each row its own id",
    "unique-error": "make the value unique",
    "blank-row": "delete the empty row",
    "scheme-error": "add the file, or correct its path in datapackage.json",
}
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
        return (f"{location}, row 1 (header), column {missing[0]}: rule missing-label: the "
                f"column {missing[0]!r} is missing. Fix: restore its header and its cells "
                "(see datapackage.json)")
    if extra:
        return (f"{location}, row 1 (header), column {extra[0]}: rule extra-label: the column "
                f"{extra[0]!r} is not described. Fix: remove it or describe it in "
                "datapackage.json")
    return None


def _message(data_dir: Path, resource_path: str, error, expected: list[str]) -> str:
    location = f"notebooks/data/{resource_path}"
    if error.type in LABEL_ERRORS:
        named = _label_message(location, expected, list(getattr(error, "labels", [])))
        if named:
            return named
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", []))
    if row:
        location += f", row {row} (line {row} of the file)"
    if column:
        location += f", column {column}"
    if error.type == "project-rule":  # note = "[rule] what is wrong. Fix: ..."
        rule, _, text = error.note.partition("] ")
        return f"{location}: rule {rule.lstrip('[')}: {text}"
    fix = FIXES.get(error.type, "see datapackage.json")
    return f"{location}: rule {error.type}: {error.message} Fix: {fix}."


def validate(data_dir: Path) -> None:
    """Raise DataError with one message for the first problem found, or return quietly."""
    # Imported here: Frictionless is slow to import, and most builds only need the stamp.
    from frictionless import Checklist, FrictionlessException, Package

    from scripts.data.checks import ALL_CHECKS

    descriptor = data_dir / "datapackage.json"
    try:
        package = Package(str(descriptor.resolve()))
    except FrictionlessException as error:
        raise DataError(f"notebooks/data/datapackage.json: {error.error.message}") from None
    listed = {resource.path for resource in package.resources}
    unlisted = sorted(p.name for p in data_dir.glob("*.csv") if p.name not in listed)
    if unlisted:
        raise DataError(f"notebooks/data/{unlisted[0]}: rule described-table: the table is not "
                        "described in datapackage.json. Fix: add a resource with its schema")
    checklist = Checklist(checks=[check() for check in ALL_CHECKS])
    report = package.validate(checklist, limit_errors=1)
    if report.valid:
        return
    for task in report.tasks:
        if task.errors:
            expected = package.get_resource(task.name).schema.field_names
            raise DataError(_message(data_dir, task.place or task.name, task.errors[0],
                                     expected))
    raise DataError(f"notebooks/data: {report.errors[0].message}")


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
