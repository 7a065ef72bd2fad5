"""The reference classifications: level counts against their legal sources, and nesting.

Counts are those the legal texts state (Decision 27/2018/QĐ-TTg for VSIC 2018; Resolution
1654/NQ-UBTVQH15 for the merged province's 102 communes; the GSO list of units for old An
Giang's 11 district-level units and 156 communes and old Kiên Giang's 15 and 143), not counts
taken from the files.
"""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from pathlib import Path

import duckdb

from tests.conftest import SAMPLE_SOURCES, RefreshRun

REFERENCE = SAMPLE_SOURCES / "reference"


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def test_vsic_2018_level_counts() -> None:
    levels = Counter(r["level"] for r in rows("vsic_2018.csv"))
    # sections, divisions, groups and subclasses as the decision states them
    assert (levels["1"], levels["2"], levels["3"], levels["5"]) == (21, 88, 242, 734)
    # The decision states 486 classes; the verifiable public lists have 464 (README explains).
    assert levels["4"] == 464
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    assert "486" in readme and "464" in readme


def test_every_vsic_code_nests_in_its_parent() -> None:
    by_code = {r["code"]: r for r in rows("vsic_2018.csv")}
    assert len(by_code) == len(rows("vsic_2018.csv"))
    for row in rows("vsic_2018.csv"):
        level = int(row["level"])
        assert row["name_vi"], row["code"]
        if level == 1:
            assert row["code"] in "ABCDEFGHIJKLMNOPQRSTU" and not row["parent_code"]
            continue
        parent = by_code[row["parent_code"]]
        assert int(parent["level"]) == level - 1, row["code"]
        assert len(row["code"]) == level, row["code"]  # 2, 3, 4, 5 digits
        if level > 2:
            assert row["code"].startswith(row["parent_code"]), row["code"]


def test_key_sector_codes_are_vsic_codes() -> None:
    codes = {r["code"] for r in rows("vsic_2018.csv")}
    for row in rows("key_sectors.csv"):
        assert row["vsic_code"] in codes, row
    # the domain brief's key activities (fish farming incl. pangasius, shrimp, fish processing,
    # feed, apparel) fall in a key sector
    prefixes = tuple(r["vsic_code"] for r in rows("key_sectors.csv"))
    for subclass in ("03221", "03222", "10202", "10800", "13110", "14100", "14300"):
        assert subclass.startswith(prefixes), subclass


def units_under(province: str) -> tuple[set[str], set[str]]:
    units = rows("administrative_units.csv")
    districts = {
        r["code"] for r in units if r["level"] == "district" and r["parent_code"] == province
    }
    communes = {
        r["code"] for r in units if r["level"] == "commune" and r["parent_code"] in districts
    }
    return districts, communes


def test_old_provinces_have_all_their_districts_and_communes() -> None:
    an_giang, kien_giang = units_under("89"), units_under("91")
    assert (len(an_giang[0]), len(an_giang[1])) == (11, 156)
    assert (len(kien_giang[0]), len(kien_giang[1])) == (15, 143)
    # old An Giang's district-level units as the domain brief lists them, by GSO code
    assert an_giang[0] == {
        "883",
        "884",
        "886",
        "887",
        "888",
        "889",
        "890",
        "891",
        "892",
        "893",
        "894",
    }


def test_every_unit_nests_and_is_valid_until_the_reform() -> None:
    units = rows("administrative_units.csv")
    provinces = {r["code"] for r in units if r["level"] == "province"}
    districts = {r["code"] for r in units if r["level"] == "district"}
    for row in units:
        if row["level"] == "district":
            assert row["parent_code"] in provinces, row
        if row["level"] == "commune":
            assert row["parent_code"] in districts, row
            assert len(row["code"]) == 5
        if row["level"] != "province" or row["code"] == "89":
            assert row["valid_to"] == "2025-06-30", row
    communes = [r["code"] for r in units if r["level"] == "commune"]
    assert len(communes) == len(set(communes))


def test_merged_province_has_102_communes_and_every_old_commune_a_successor() -> None:
    new = rows("administrative_units_2025.csv")
    communes = {r["code"] for r in new if r["level"] == "commune"}
    assert len(communes) == 102
    assert all(r["parent_code"] == "91" for r in new if r["level"] == "commune")
    crosswalk = rows("administrative_crosswalk_2025.csv")
    old = {r["code"] for r in rows("administrative_units.csv") if r["level"] == "commune"}
    mapped = {r["old_code"] for r in crosswalk if r["old_level"] == "commune"}
    assert mapped == old
    assert {r["new_code"] for r in crosswalk if r["new_level"] == "commune"} <= communes


def test_63_provinces_before_the_reform_and_34_after() -> None:
    before = [r for r in rows("provinces.csv") if r["valid_to"] == "2025-06-30"]
    assert len(before) == 63
    after = rows("provinces_2025.csv")
    assert len(after) == 34
    old_codes = {r["code"] for r in before}
    formed_from = [c for r in after for c in r["formed_from_codes"].split(";")]
    # every old province is part of exactly one new one
    assert sorted(formed_from) == sorted(old_codes)
    regions = {r["code"] for r in rows("regions.csv")}
    assert len(regions - {"VN"}) == 6
    assert {r["region_code"] for r in rows("provinces.csv")} <= regions
    (merged,) = [r for r in after if r["code"] == "91"]
    assert set(merged["formed_from_codes"].split(";")) == {"89", "91"}


def test_every_pxweb_label_maps_to_a_known_code() -> None:
    known = (
        {r["code"] for r in rows("provinces.csv")}
        | {r["code"] for r in rows("provinces_2025.csv")}
        | {r["code"] for r in rows("regions.csv")}
    )
    for row in rows("pxweb_geography_labels.csv"):
        assert row["code"] in known, row
    sections = {r["code"] for r in rows("vsic_2018.csv") if r["level"] == "1"}
    mapped = {r["sector_code"] for r in rows("pxweb_activity_labels.csv")}
    assert mapped - {"TOTAL", "TAX"} <= sections  # and taxes less subsidies on products
    assert sections <= mapped  # all 21 sections can be read


def test_readme_names_a_source_for_every_reference_file() -> None:
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    readme += (REFERENCE / "README_2025.md").read_text(encoding="utf-8")
    for path in sorted(Path(REFERENCE).glob("*.csv")):
        assert f"`{path.name}`" in readme, path.name


def test_codes_reach_the_warehouse_as_written(refreshed: RefreshRun) -> None:
    # Seeds are read as text: no lost leading zero (032, 01), no float parent (89.0).
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as connection:

        def one(sql: str) -> object:
            return connection.execute(sql).fetchall()

        assert ("032",) in one("SELECT vsic_code FROM reference.key_sectors")
        assert ("01",) in one("SELECT code FROM reference.provinces_2025")
        assert one("SELECT parent_code FROM reference.administrative_units WHERE code = '883'") == [
            ("89",)
        ]
        assert one(
            "SELECT is_key_sector_aquaculture FROM marts.dim_sector WHERE sector_code = '03221'"
        ) == [(True,)]
        districts = one(
            "SELECT DISTINCT district_code FROM staging.stg_enterprise_survey__enterprise_years"
        )
        assert {d for (d,) in districts} <= {r["code"] for r in rows("administrative_units.csv")}
