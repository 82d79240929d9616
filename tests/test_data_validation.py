"""The data package: valid as committed, and every rule reports one actionable message.

Each broken-CSV case edits one cell (or drops one column) in a copy of the data and expects
ONE message line naming file, row, column and rule plus a fix. That a bad CSV stops a real
build with that one line, before any notebook runs, is checked in the catalogue
(tests/test_bad_inputs.py) on the fixture project's table.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from scripts.data import validation as data_validation

from .conftest import ROOT

DATA = ROOT / "notebooks" / "data"


def rewrite(path: Path, change) -> None:
    """Apply change(rows, fields) -> fields to a CSV, keeping its column order."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames), list(reader)
    fields = change(rows, fields) or fields
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(match: dict, column: str, value: str):
    def change(rows, fields):
        hits = [row for row in rows if all(row[k] == v for k, v in match.items())]
        assert len(hits) == 1, f"fixture matches {len(hits)} rows"
        hits[0][column] = value
    return change


def drop_column(column: str):
    def change(rows, fields):
        return [field for field in fields if field != column]
    return change


KASN_DEC_2021 = {"election": "pilkada_2020", "agency": "KASN", "as_of_date": "2021-12-16"}
NOT_PROVEN = {**KASN_DEC_2021, "stage": "not_proven"}
KASN_SEP_2020 = {"election": "pilkada_2020", "agency": "KASN", "as_of_date": "2020-09-30"}
INFLUENCER_TEAM = {"question_code": "influencer", "option_code": "campaign_team"}
# (id, file, change, expected message parts). Row numbers count the header as row 1, like a
# spreadsheet; the rows below are fixed by the committed CSVs.
CASES = [
    ("missing column", "enforcement_funnel.csv", drop_column("unit"),
     ["enforcement_funnel.csv:1: row 1", "column unit", "rule missing-label", "Fix:"]),
    ("wrong type", "enforcement_funnel.csv", set_cell(NOT_PROVEN, "value", "3x1"),
     ["enforcement_funnel.csv:5: row 5", "column value", "rule type-error", "Fix:"]),
    ("negative count", "enforcement_funnel.csv", set_cell(NOT_PROVEN, "value", "-311"),
     ["enforcement_funnel.csv:5: row 5", "column value", "rule constraint-error", "minimum"]),
    ("percent over 100", "survey_kasn_2021.csv",
     set_cell({"question_code": "cause", "option_code": "family_ties"}, "pct", "150.76"),
     ["survey_kasn_2021.csv:2: row 2", "column pct", "rule constraint-error", "maximum"]),
    ("unknown source", "enforcement_funnel.csv", set_cell(NOT_PROVEN, "source_id", "detik_2099"),
     ["enforcement_funnel.csv:5: row 5", "column source_id", "rule foreign-key", "sources.csv"]),
    ("mixed units", "enforcement_funnel.csv", set_cell(NOT_PROVEN, "unit", "cases"),
     ["enforcement_funnel.csv:5: row 5", "column unit", "rule one_unit_per_series", "Fix:"]),
    ("growing funnel", "enforcement_funnel.csv",
     set_cell({**KASN_DEC_2021, "stage": "sanctioned_by_ppk"}, "value", "1765"),
     ["enforcement_funnel.csv:4: row 4", "column value", "rule funnel_never_grows", "Fix:"]),
    ("survey not summing", "survey_kasn_2021.csv", set_cell(INFLUENCER_TEAM, "pct", "41.96"),
     ["survey_kasn_2021.csv", "column pct", "rule single_response_sums_to_100", "110", "Fix:"]),
    ("regency code on a province", "violations_by_region.csv",
     set_cell({**KASN_SEP_2020, "region_name": "Jawa Tengah"}, "bps_code", "3303"),
     ["violations_by_region.csv:9: row 9", "column bps_code", "rule area_code_fits_area",
      "2 digits", "Fix:"]),
    ("one area, two codes", "ikp_asn_neutrality.csv",
     set_cell({"ikp_edition": "IKP_Pilkada2020_update", "region_name": "Sulawesi Utara"},
              "bps_code", "72"),
     ["ikp_asn_neutrality.csv:13: row 13", "column bps_code", "rule area_code_fits_area",
      "71 on row 3", "Fix:"]),
]


def test_committed_data_is_valid():
    data_validation.validate(DATA)


def test_every_csv_and_column_is_described_with_type_and_licence():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"], "the package names its licence"
    described = {resource["path"] for resource in package["resources"]}
    assert described == {path.name for path in DATA.glob("*.csv")}
    for resource in package["resources"]:
        with (DATA / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header, resource["path"]
        assert all(field.get("type") and field.get("description") for field in fields)
        if "source_id" in header and resource["name"] != "sources":
            assert {"fields": "source_id", "reference": {"resource": "sources",
                                                         "fields": "source_id"}} in \
                resource["schema"]["foreignKeys"], resource["path"]


def test_a_paper_claim_is_verified_only_against_a_known_source():
    """A claim marked verified (in any way) names the source that verifies it; a claim
    without one must say unverified or not retrieved, whatever the claims are."""
    with (DATA / "sources.csv").open(encoding="utf-8") as handle:
        sources = {row["source_id"] for row in csv.DictReader(handle)}
    with (DATA / "paper_claims.csv").open(encoding="utf-8") as handle:
        claims = list(csv.DictReader(handle))
    assert claims
    wrong = [claim["claim_id"] for claim in claims
             if claim["verification"].startswith(("verified", "partly"))
             and claim["evidence_source_id"] not in sources]
    assert not wrong, f"claims marked verified without a known evidence source: {wrong}"


@pytest.mark.parametrize("name,file,change,expected", CASES, ids=[case[0] for case in CASES])
def test_validate_reports_the_rule(tmp_path, name, file, change, expected):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    rewrite(data / file, change)
    with pytest.raises(data_validation.DataError) as raised:
        data_validation.validate(data)
    message = str(raised.value)
    assert "\n" not in message, "one message, on one line"
    for part in expected:
        assert part in message, f"{name}: {part!r} missing from {message!r}"
