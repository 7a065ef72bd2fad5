"""Reference data the generator draws from, read from ``sources/reference/`` and the contracts.

Nothing here is written in code: the districts and communes of old An Giang, the VSIC 2018
hierarchy and the key-sector codes are the production reference files (their provenance is in
``sources/reference/README.md``), and the survey's column headers are the contract's aliases.
"""

from __future__ import annotations

from functools import cache

from pipelines.ingest.contracts import Column, district_names, reference_rows, tabular_contract

OLD_AN_GIANG = "89"


# (district code, full name) of old An Giang, in the file's order
DISTRICTS: list[tuple[str, str]] = [
    (code, name) for name, code in district_names(OLD_AN_GIANG).items()
]
DISTRICT_NAME = dict(DISTRICTS)
# (commune code, full name, district code) of old An Giang
COMMUNES: list[tuple[str, str, str]] = [
    (row["code"], row["name_vi"], row["parent_code"])
    for row in reference_rows("administrative_units.csv")
    if row["level"] == "commune" and row["parent_code"] in DISTRICT_NAME
]

_VSIC = {row["code"]: row for row in reference_rows("vsic_2018.csv")}
# (letter, name_vi, name_en) of the 21 sections
VSIC_SECTIONS: list[tuple[str, str, str]] = [
    (code, row["name_vi"], row["name_en"]) for code, row in _VSIC.items() if row["level"] == "1"
]


@cache
def section_of(code: str) -> str:
    """The VSIC 2018 section letter of a code at any level (walks the parent chain)."""
    row = _VSIC[code]
    return code if row["level"] == "1" else section_of(row["parent_code"])


def vsic_name(code: str) -> str:
    return _VSIC[code]["name_vi"]


def key_sector_codes(group: str, codes: list[str]) -> set[str]:
    """The codes of ``codes`` that reference/key_sectors.csv puts in a key-sector group."""
    prefixes = [
        row["vsic_code"]
        for row in reference_rows("key_sectors.csv")
        if row["key_sector_group"] == group
    ]
    return {code for code in codes if code.startswith(tuple(prefixes))}


def _survey_columns() -> dict[str, Column]:
    return tabular_contract("enterprise_survey").tables["enterprise_survey"].columns


def survey_columns() -> list[tuple[str, str, str]]:
    """(field, short header of 2016-2019, full header of 2020-) from the survey contract."""
    return [(name, spec.aliases[0], spec.aliases[1]) for name, spec in _survey_columns().items()]


def survey_allowed(column: str) -> list[str]:
    """The values the survey contract allows in a column, as written in the files."""
    return list(_survey_columns()[column].allowed or [])
