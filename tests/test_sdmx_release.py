"""The statisticians' SDMX release, written from marts rows typed here and read back by pysdmx.

The tiny release's every figure is known: the test asserts what pysdmx reads against the values
put in, that a withheld figure has no value (even when a mart row wrongly holds one), that every
code is in its codelist and that the flags survive. The shipped sample's release is then
counted with SQL of its own and two figures compared.
"""

from __future__ import annotations

import csv
import math
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from pysdmx.io import get_datasets, read_sdmx
from pysdmx.model import Codelist, DataStructureDefinition

from pipelines.lib.sdmx_release import read_sdmx_release, write_sdmx_release
from tests.conftest import RefreshRun, published_file

RELEASE = "20270101T000000Z-abcdef12"
PREPARED = datetime(2027, 1, 1, tzinfo=UTC)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

LABOUR_PRODUCTIVITY_MEASURES = (
    "value_added_current_mvnd",
    "value_added_constant_2010_mvnd",
    "product_taxes_current_mvnd",
    "product_taxes_constant_2010_mvnd",
    "employment_persons",
    "labour_productivity_current_mvnd",
    "labour_productivity_constant_2010_mvnd",
    "labour_productivity_real_growth_pct",
    "labour_productivity_index_2010",
    "relative_to_national_pct",
)
OFFICIAL_MEASURES = (
    "employment_persons",
    "value_added_current_mvnd",
    "value_added_constant_2010_mvnd",
    "labour_productivity_current_mvnd",
    "labour_productivity_constant_2010_mvnd",
    "labour_productivity_real_growth_pct",
)
GROWTH_MEASURES = (
    "output_growth",
    "capital_growth",
    "labour_growth",
    "labour_share_average",
    "capital_contribution",
    "labour_contribution",
    "tfp_growth",
    "tfp_share_of_growth_pct",
    "gso_output_growth_pct",
    "gso_capital_growth_pct",
    "gso_labour_growth_pct",
    "gso_capital_weight",
    "gso_labour_weight",
    "gso_tfp_growth_pct",
    "gso_tfp_share_of_growth_pct",
)


def _table(connection: duckdb.DuckDBPyConnection, name: str, rows: list[dict[str, Any]]) -> None:
    """marts.<name> from dicts (every dict has the same keys); the types follow the values."""
    columns = list(rows[0])
    selects = " UNION ALL ".join(
        "SELECT " + ", ".join(f"${i * len(columns) + j + 1} AS {c}" for j, c in enumerate(columns))
        for i in range(len(rows))
    )
    values = [row[c] for row in rows for c in columns]
    connection.execute(f"CREATE TABLE marts.{name} AS {selects}", values)


def _lp_row(year: int, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"geography_code": "89", "sector_code": "TOTAL", "year": year}
    row |= {column: values.get(column) for column in LABOUR_PRODUCTIVITY_MEASURES}
    row |= {
        "national_labour_productivity_current_mvnd": values.get("national"),
        "index_base_year": 2010,
        "obs_status": values.get("obs_status", "A"),
        "conf_status": "F",
        "data_origin": "synthetic",
        "release_id": RELEASE,
    }
    return row


def _scorecard_row(
    key_sector: str, code: str, value: float | None, unit: str, basis: str, flags: tuple[str, str]
) -> dict[str, Any]:
    return {
        "key_sector": key_sector,
        "indicator_code": code,
        "indicator_name_vi": f"Tên {code}",
        "indicator_name_en": f"Name of {code}",
        "year": 2021,
        "value": value,
        "unit": unit,
        "price_basis": basis,
        "price_base_year": 2010 if basis == "constant_2010" else None,
        "geography_code": "89",
        "obs_status": flags[0],
        "conf_status": flags[1],
        "data_origin": "synthetic",
        "release_id": RELEASE,
    }


def _tiny_marts(path: Path) -> None:
    """A published file with a few rows of each main mart, every figure chosen by hand."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE SCHEMA marts")
        geography = [
            (
                "89",
                "Tỉnh An Giang",
                "Province before the 1 July 2025 reform",
                "2004-01-01",
                "2025-06-30",
            ),
            ("VN", "Cả nước", "The whole country", "2004-01-01", None),
            ("15", "Tỉnh Yên Bái", "Province before the reform", "2004-01-01", "2025-06-30"),
            ("15", "Tỉnh Lào Cai", "Province from 1 July 2025", "2025-07-01", None),
            ("24", "Tỉnh Bắc Giang", "Province before the reform", "2004-01-01", "2025-06-30"),
            ("24", "Tỉnh Bắc Ninh", "Province from 1 July 2025", "2025-07-01", None),
        ]
        _table(
            connection,
            "dim_geography",
            [
                {
                    "geography_code": code,
                    "name_vi": name,
                    "description": description,
                    "valid_from": datetime.fromisoformat(start).date(),
                    "valid_to": datetime.fromisoformat(end).date() if end else None,
                }
                for code, name, description, start, end in geography
            ],
        )
        sectors = [
            ("TOTAL", "three_sector", "Total (GRDP)", "Tổng số (GRDP)", False, False),
            ("AGR", "three_sector", "Agriculture", "Nông nghiệp", False, False),
            (
                "aquaculture_farming",
                "key_sector",
                "Aquaculture farming",
                "Nuôi trồng thủy sản",
                True,
                False,
            ),
            ("textiles_garments", "key_sector", "Textiles and garments", "Dệt may", False, True),
        ]
        _table(
            connection,
            "dim_sector",
            [
                {
                    "sector_code": code,
                    "classification": classification,
                    "name_en": english,
                    "name_vi": vietnamese,
                    "is_key_sector_aquaculture": aquaculture,
                    "is_key_sector_textiles": textiles,
                }
                for code, classification, english, vietnamese, aquaculture, textiles in sectors
            ],
        )
        _table(
            connection,
            "data_dictionary",
            [
                {
                    "table_name": "fct_labour_productivity",
                    "column_name": None,
                    "description_en": "Labour productivity by geography.",
                    "description_vi": "Năng suất lao động theo địa bàn.",
                }
            ],
        )
        # 2019: every measure; 2020: the break year, growth withheld, flagged B
        _table(
            connection,
            "fct_labour_productivity",
            [
                _lp_row(
                    2019,
                    value_added_current_mvnd=1000.0,
                    value_added_constant_2010_mvnd=800.0,
                    product_taxes_current_mvnd=100.0,
                    product_taxes_constant_2010_mvnd=80.0,
                    employment_persons=50.0,
                    labour_productivity_current_mvnd=20.0,
                    labour_productivity_constant_2010_mvnd=16.0,
                    labour_productivity_real_growth_pct=5.25,
                    labour_productivity_index_2010=160.0,
                    relative_to_national_pct=66.5,
                    national=30.075,
                ),
                _lp_row(
                    2020,
                    value_added_current_mvnd=1100.0,
                    employment_persons=44.0,
                    labour_productivity_current_mvnd=25.0,
                    obs_status="B",
                ),
            ],
        )
        official = {
            "sector_code": "TOTAL",
            "value_added_current_mvnd": None,
            "value_added_constant_2010_mvnd": None,
            "labour_productivity_current_mvnd": None,
            "labour_productivity_constant_2010_mvnd": None,
            "labour_productivity_real_growth_pct": None,
            "price_basis_current": "current",
            "price_basis_constant": "constant_2010",
            "obs_status": "A",
            "conf_status": "F",
            "data_origin": "real",
            "release_id": RELEASE,
        }
        _table(
            connection,
            "fct_official_labour_productivity",
            [
                # code 24 before and after the reform: two units under one code
                {**official, "geography_code": "24", "year": 2024, "employment_persons": 1.0},
                {**official, "geography_code": "24", "year": 2025, "employment_persons": 2.0},
                {
                    "geography_code": "15",
                    "sector_code": "TOTAL",
                    "year": 2024,
                    "employment_persons": 400000.0,
                    "value_added_current_mvnd": 40000000.0,
                    "value_added_constant_2010_mvnd": None,
                    "labour_productivity_current_mvnd": 100.0,
                    "labour_productivity_constant_2010_mvnd": None,
                    "labour_productivity_real_growth_pct": None,
                    "price_basis_current": "current",
                    "price_basis_constant": "constant_2010",
                    "obs_status": "P",
                    "conf_status": "F",
                    "data_origin": "real",
                    "release_id": RELEASE,
                },
            ],
        )
        growth = {column: 0.01 * (i + 1) for i, column in enumerate(GROWTH_MEASURES)}
        _table(
            connection,
            "fct_growth_accounting",
            [
                {
                    "geography_code": "89",
                    "sector_code": "TOTAL",
                    "year": 2021,
                    **growth,
                    "price_basis": "constant_2010",
                    "price_base_year": 2010,
                    "obs_status": "A",
                    "conf_status": "F",
                    "data_origin": "synthetic",
                    "release_id": RELEASE,
                }
            ],
        )
        per_worker = "million VND at constant 2010 prices per worker"
        _table(
            connection,
            "fct_key_sector_scorecard",
            [
                _scorecard_row(
                    "aquaculture", "AQ_VA", 55.5, per_worker, "constant_2010", ("A", "F")
                ),
                # suppressed by the threshold rule, as the mart publishes it
                _scorecard_row(
                    "textiles", "TX_EXPORT", None, "% of revenue", "current", ("Q", "A")
                ),
                # a dominated cell that (wrongly) kept its value: the export must still drop it
                _scorecard_row(
                    "textiles",
                    "TX_TOOLS",
                    12.3456,
                    "% of enterprises",
                    "not_applicable",
                    ("Q", "G"),
                ),
            ],
        )
        _table(
            connection,
            "fct_decision36_progress",
            [
                {
                    "geography_code": "89",
                    "target_code": target,
                    "measure": "labour_productivity_growth",
                    "first_year": 2021,
                    "last_year": 2024,
                    "value": 7.125,
                    "band_low": 7.125,
                    "band_high": 7.125,
                    "target_value": goal,
                    "price_basis": "constant_2010",
                    "price_base_year": 2010,
                    "obs_status": "P",
                    "conf_status": "F",
                    "data_origin": "synthetic",
                    "release_id": RELEASE,
                }
                for target, goal in (("lp_growth_2025", 7.0), ("lp_growth_2030", 7.5))
            ],
        )


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    database = tmp_path / "productivity_marts.duckdb"
    _tiny_marts(database)
    out = tmp_path / "release" / "sdmx"
    return out, write_sdmx_release(database, out, RELEASE, PREPARED)


def _observation(frame: Any, **key: str) -> dict[str, Any]:
    mask = None
    for column, value in key.items():
        hit = frame[column] == value
        mask = hit if mask is None else mask & hit
    rows = frame[mask].to_dict("records")
    assert len(rows) == 1, (key, rows)
    return rows[0]


def _missing(value: Any) -> bool:
    """pysdmx reads an empty number as <NA> and an empty string attribute as ''."""
    if isinstance(value, float):
        return math.isnan(value)
    return value is None or str(value) in {"", "<NA>"}


def test_every_figure_put_in_is_read_back_by_pysdmx(tiny: tuple[Path, dict[str, int]]) -> None:
    out, counts = tiny
    # 2019: 10 measures (the national figure is not this flow's); 2020: 3 non-null measures;
    # official: 3 + 2; growth accounting: 15; scorecard: 3 (two withheld); Decision 36: value and
    # its band, once for the two targets
    assert counts == {
        "DF_LABOUR_PRODUCTIVITY.csv": 13,
        "DF_OFFICIAL_LABOUR_PRODUCTIVITY.csv": 5,
        "DF_GROWTH_ACCOUNTING.csv": 15,
        "DF_KEY_SECTOR_SCORECARD.csv": 3,
        "DF_DECISION36_PROGRESS.csv": 3,
    }
    structure = out / "structure.xml"
    message = read_sdmx(structure, validate=True)  # validated against the SDMX-ML 3.0 schemas
    flows = {a.id for a in message.structures or () if type(a).__name__ == "Dataflow"}
    assert {name.removesuffix(".csv") for name in counts} == flows

    datasets = {
        path.stem: get_datasets(path, structure, validate=True)[0]
        for path in sorted(out.glob("*.csv"))
    }
    assert {f"{flow}.csv": len(d.data) for flow, d in datasets.items()} == counts

    lp = datasets["DF_LABOUR_PRODUCTIVITY"].data
    assert datasets["DF_LABOUR_PRODUCTIVITY"].attributes == {"RELEASE_ID": RELEASE}
    constant = _observation(
        lp, INDICATOR="labour_productivity", PRICE_BASIS="constant_2010", TIME_PERIOD="2019"
    )
    assert constant["OBS_VALUE"] == 16.0
    assert (constant["UNIT_MEASURE"], constant["UNIT_MULT"], constant["BASE_PER"]) == (
        "VND_PER_PERSON",
        "6",
        "2010",
    )
    current = _observation(lp, INDICATOR="value_added", PRICE_BASIS="current", TIME_PERIOD="2019")
    assert (current["OBS_VALUE"], current["UNIT_MULT"]) == (1000.0, "6")
    assert _missing(current["BASE_PER"])
    assert (
        _observation(lp, INDICATOR="labour_productivity_growth", TIME_PERIOD="2019")["OBS_VALUE"]
        == 5.25
    )
    index = _observation(lp, INDICATOR="labour_productivity_index")
    assert (index["OBS_VALUE"], index["UNIT_MEASURE"], index["BASE_PER"]) == (
        160.0,
        "INDEX",
        "2010",
    )
    employment = _observation(lp, INDICATOR="employment", TIME_PERIOD="2019")
    assert (employment["OBS_VALUE"], employment["UNIT_MULT"], employment["PRICE_BASIS"]) == (
        50.0,
        "0",
        "not_applicable",
    )
    # the break year: its levels are published and flagged B, its growth is no observation
    year_2020 = lp[lp["TIME_PERIOD"] == "2020"]
    assert set(year_2020["OBS_STATUS"]) == {"B"}
    assert set(year_2020["INDICATOR"]) == {"value_added", "employment", "labour_productivity"}
    assert (
        _observation(lp, INDICATOR="labour_productivity", TIME_PERIOD="2020")["OBS_VALUE"] == 25.0
    )
    # the office's national figure is published by the official flow, not on the province rows
    assert set(lp["REF_AREA"]) == {"89"}
    assert 30.075 not in set(lp["OBS_VALUE"])

    official = datasets["DF_OFFICIAL_LABOUR_PRODUCTIVITY"].data
    row = _observation(official, INDICATOR="labour_productivity")
    assert (row["OBS_VALUE"], row["OBS_STATUS"], row["DATA_ORIGIN"]) == (100.0, "P", "real")

    growth = datasets["DF_GROWTH_ACCOUNTING"].data
    tfp = _observation(growth, INDICATOR="tfp_growth")
    assert (tfp["OBS_VALUE"], tfp["UNIT_MEASURE"], tfp["PRICE_BASIS"]) == (
        pytest.approx(0.07),
        "LOG_DIFF",
        "constant_2010",
    )
    assert _observation(growth, INDICATOR="labour_growth")["PRICE_BASIS"] == "not_applicable"

    decision = datasets["DF_DECISION36_PROGRESS"].data
    assert set(decision["TIME_PERIOD"]) == {"2021-01-01/P4Y"}  # growth of 2021..2024
    assert sorted(decision["INDICATOR"]) == [
        "labour_productivity_growth",
        "labour_productivity_growth_band_high",
        "labour_productivity_growth_band_low",
    ]
    assert set(decision["OBS_VALUE"]) == {7.125}
    assert set(decision["OBS_STATUS"]) == {"P"}


def test_a_withheld_figure_has_flags_and_no_value(tiny: tuple[Path, dict[str, int]]) -> None:
    out, _ = tiny
    release = read_sdmx_release(out)
    scorecard = release.datasets["DF_KEY_SECTOR_SCORECARD"].data
    published = _observation(scorecard, INDICATOR="AQ_VA")
    assert (published["OBS_VALUE"], published["OBS_STATUS"], published["CONF_STATUS"]) == (
        55.5,
        "A",
        "F",
    )
    assert (published["ACTIVITY"], published["UNIT_MEASURE"]) == ("aquaculture", "VND_PER_PERSON")
    for code, conf in (("TX_EXPORT", "A"), ("TX_TOOLS", "G")):
        withheld = _observation(scorecard, INDICATOR=code)
        assert _missing(withheld["OBS_VALUE"])
        assert (withheld["OBS_STATUS"], withheld["CONF_STATUS"]) == ("Q", conf)
    # in the file itself: an empty field, and the dominated cell's value nowhere
    text = (out / "DF_KEY_SECTOR_SCORECARD.csv").read_text(encoding="utf-8")
    assert "12.3456" not in text
    header, *lines = text.splitlines()
    value = header.split(",").index("OBS_VALUE")
    assert sorted(line.split(",")[value] for line in lines) == ["", "", "55.5"]


def test_every_code_is_in_its_codelist_with_both_languages(
    tiny: tuple[Path, dict[str, int]],
) -> None:
    out, _ = tiny
    release = read_sdmx_release(out)
    (dsd,) = [
        a for a in release.structure.structures or () if isinstance(a, DataStructureDefinition)
    ]
    coded = {c.id: c.local_codes for c in dsd.components if isinstance(c.local_codes, Codelist)}
    assert set(coded) == {
        "FREQ",
        "REF_AREA",
        "ACTIVITY",
        "INDICATOR",
        "PRICE_BASIS",
        "UNIT_MEASURE",
        "OBS_STATUS",
        "CONF_STATUS",
        "UNIT_MULT",
        "DATA_ORIGIN",
    }
    for flow, dataset in release.datasets.items():
        for column, codelist in coded.items():
            allowed = {code.id for code in release.codelist(codelist.id).items}
            used = set(dataset.data[column].dropna())
            assert used <= allowed, (flow, column, used - allowed)
    # the SDMX flags are the reference lists', every code of them
    assert [c.id for c in release.codelist("CL_OBS_STATUS").items] == ["A", "B", "E", "P", "Q"]
    assert [c.id for c in release.codelist("CL_CONF_STATUS").items] == ["F", "A", "G", "D"]

    root = ET.parse(out / "structure.xml").getroot()

    def names(codelist: str, code: str) -> dict[str, str]:
        element = root.find(f".//{{*}}Codelist[@id='{codelist}']/{{*}}Code[@id='{code}']")
        assert element is not None, (codelist, code)
        return {n.get(XML_LANG, ""): n.text or "" for n in element.findall("{*}Name")}

    assert names("CL_ACTIVITY", "TOTAL") == {"en": "Total (GRDP)", "vi": "Tổng số (GRDP)"}
    # a codelist holds the codes the release uses, not the whole classification
    assert "AGR" not in {code.id for code in release.codelist("CL_ACTIVITY").items}
    # a key sector is named after the groups dim_sector marks as its own
    assert names("CL_ACTIVITY", "aquaculture") == {
        "en": "Aquaculture farming",
        "vi": "Nuôi trồng thủy sản",
    }
    # areas have only a Vietnamese name; code 15 is named after the unit of the years it is used
    assert names("CL_AREA", "89") == {"vi": "Tỉnh An Giang"}
    assert names("CL_AREA", "15") == {"vi": "Tỉnh Yên Bái"}
    assert names("CL_AREA", "24") == {
        "vi": "Tỉnh Bắc Giang (2004-01-01 – 2025-06-30) / Tỉnh Bắc Ninh (từ 2025-07-01)"
    }
    assert names("CL_OBS_STATUS", "B") == {
        "en": "Time series break",
        "vi": "Chuỗi số liệu bị gián đoạn",
    }
    assert names("CL_INDICATOR", "TX_EXPORT") == {"en": "Name of TX_EXPORT", "vi": "Tên TX_EXPORT"}
    flow = root.find(".//{*}Dataflow[@id='DF_LABOUR_PRODUCTIVITY']")
    assert flow is not None
    assert {d.get(XML_LANG): d.text for d in flow.findall("{*}Description")} == {
        "en": "Labour productivity by geography.",
        "vi": "Năng suất lao động theo địa bàn.",
    }


def test_a_unit_without_a_code_stops_the_export(tmp_path: Path) -> None:
    database = tmp_path / "productivity_marts.duckdb"
    _tiny_marts(database)
    with duckdb.connect(str(database)) as connection:
        connection.execute("UPDATE marts.fct_key_sector_scorecard SET unit = 'bales per loom'")
    with pytest.raises(ValueError, match="bales per loom"):
        write_sdmx_release(database, tmp_path / "sdmx", RELEASE, PREPARED)


def test_codes_pysdmx_would_misread_stop_the_export(tmp_path: Path) -> None:
    """pysdmx lets pandas guess an SDMX-CSV column's type: a flow whose areas are all numeric
    codes with a leading zero would be read back without it. The export refuses to ship it."""
    database = tmp_path / "productivity_marts.duckdb"
    _tiny_marts(database)
    recode = (
        "SET geography_code = CASE geography_code WHEN '15' THEN '01' ELSE '02' END "
        "WHERE geography_code IN ('15', '24')"
    )
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"UPDATE marts.dim_geography {recode}")
        connection.execute(f"UPDATE marts.fct_official_labour_productivity {recode}")
    with pytest.raises(ValueError, match="pysdmx reads '1' for '01'"):
        write_sdmx_release(database, tmp_path / "sdmx", RELEASE, PREPARED)


def _csv_values(path: Path, **key: str) -> list[str]:
    """OBS_VALUE as the file writes it, for the rows matching ``key``."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            row["OBS_VALUE"]
            for row in csv.DictReader(handle)
            if all(row[column] == value for column, value in key.items())
        ]


@pytest.mark.slow
def test_the_sample_release_exports_every_observation(
    refreshed: RefreshRun, tmp_path: Path
) -> None:
    database = published_file(refreshed)
    with duckdb.connect(str(database), read_only=True) as connection:
        (release_id,) = connection.execute(
            "SELECT max(release_id) FROM marts.publication_log"
        ).fetchone() or (None,)
        withheld = "(conf_status <> 'F' OR obs_status = 'Q')"

        def count(mart: str, measures: tuple[str, ...]) -> int:
            sql = " + ".join(
                f"count(*) FILTER (WHERE {m} IS NOT NULL OR {withheld})" for m in measures
            )
            (n,) = connection.execute(f"SELECT {sql} FROM marts.{mart}").fetchone() or (0,)
            return int(n)

        expected = {
            "DF_LABOUR_PRODUCTIVITY.csv": count(
                "fct_labour_productivity", LABOUR_PRODUCTIVITY_MEASURES
            ),
            "DF_OFFICIAL_LABOUR_PRODUCTIVITY.csv": count(
                "fct_official_labour_productivity", OFFICIAL_MEASURES
            ),
            "DF_GROWTH_ACCOUNTING.csv": count("fct_growth_accounting", GROWTH_MEASURES),
            "DF_KEY_SECTOR_SCORECARD.csv": count("fct_key_sector_scorecard", ("value",)),
            # value, band_low, band_high of each area, measure and period (not of each target)
            "DF_DECISION36_PROGRESS.csv": 3
            * int(
                (
                    connection.execute(
                        "SELECT count(DISTINCT (geography_code, measure, first_year, last_year)) "
                        "FROM marts.fct_decision36_progress"
                    ).fetchone()
                    or (0,)
                )[0]
            ),
        }
        (lp_2024,) = connection.execute(
            "SELECT labour_productivity_constant_2010_mvnd FROM marts.fct_labour_productivity "
            "WHERE geography_code = '91_comparable' AND sector_code = 'TOTAL' AND year = 2024"
        ).fetchone() or (None,)
        (tfp_2022,) = connection.execute(
            "SELECT tfp_growth FROM marts.fct_growth_accounting "
            "WHERE geography_code = '89' AND sector_code = 'TOTAL' AND year = 2022"
        ).fetchone() or (None,)

    out = tmp_path / "sdmx"
    assert write_sdmx_release(database, out, str(release_id), datetime.now(UTC)) == expected
    assert all(n > 0 for n in expected.values()), expected

    release = read_sdmx_release(out)
    lp = release.datasets["DF_LABOUR_PRODUCTIVITY"].data
    figure = _observation(
        lp,
        REF_AREA="91_comparable",
        ACTIVITY="TOTAL",
        INDICATOR="labour_productivity",
        PRICE_BASIS="constant_2010",
        TIME_PERIOD="2024",
    )
    # pysdmx parses numbers with pandas' fast parser (about 15 decimals); the file is exact
    assert figure["OBS_VALUE"] == pytest.approx(lp_2024, rel=1e-15, abs=1e-15)
    growth = release.datasets["DF_GROWTH_ACCOUNTING"].data
    key = {"REF_AREA": "89", "ACTIVITY": "TOTAL", "INDICATOR": "tfp_growth", "TIME_PERIOD": "2022"}
    tfp = _observation(growth, **key)
    assert tfp["OBS_VALUE"] == pytest.approx(tfp_2022, rel=1e-15, abs=1e-15)
    (text,) = _csv_values(out / "DF_GROWTH_ACCOUNTING.csv", **key)
    assert float(text) == tfp_2022
    # the sample is synthetic except the office's real PX-Web figures
    assert set(release.datasets["DF_OFFICIAL_LABOUR_PRODUCTIVITY"].data["DATA_ORIGIN"]) == {"real"}
    assert set(lp["DATA_ORIGIN"]) == {"synthetic"}
