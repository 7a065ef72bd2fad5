"""The reader of the statistics office's PX-Web exports, on the real downloads it ships.

Expected figures were read by eye from the files (a spreadsheet for the xlsx, a text editor for
the CSV and JSON), not from the reader. Fixture files that no real download provides (a PC-Axis
file, a table the project does not ship) are written here by hand.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines.ingest import contracts
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.pxweb import read_pxweb_file
from tests.conftest import SAMPLE_SOURCES

PXWEB = SAMPLE_SOURCES / "statistics_office_pxweb"
E02_58 = PXWEB / "24_labour_productivity_by_province_2018_2024__2026-06-21.xlsx"
E02_45 = PXWEB / "11_employed_persons_by_province_2018_2024__2026-06-21.xlsx"
E02_01 = PXWEB / "E02.01__2026-04-10.json"
POPULATION_2018 = PXWEB / "Average population by province__2018-09-30.csv"
GDP_CURRENT_2018 = (
    PXWEB / "Gross domestic product at current prices by kinds of economic activity__2018-09-30.csv"
)


def cells_of(path: Path) -> pl.DataFrame:
    return pl.concat([read.cells for read in read_pxweb_file(path)])


def value(cells: pl.DataFrame, **where: object) -> float:
    (found,) = cells.filter(**where)["value"].to_list()
    return float(found)


def test_every_shipped_export_is_read_and_every_figure_accounted_for() -> None:
    for path in sorted(PXWEB.iterdir()):
        if path.name == "README.md":
            continue
        for read in read_pxweb_file(path):
            assert read.rows_in == read.cells.height + read.quarantined.height + read.rows_derived
            assert read.cells.height > 0, path.name
            assert set(read.cells["source_sha256"]) == {
                hashlib.sha256(path.read_bytes()).hexdigest()
            }


def test_labour_productivity_by_province_xlsx() -> None:
    cells = cells_of(E02_58)
    # "Kien  Giang" (two spaces) is old Kiên Giang before the 2025 reform; " WHOLE COUNTRY"
    assert value(cells, geography_code="91_pre2025", year=2022) == 128.18
    assert value(cells, geography_code="VN", year=2018) == 129.12
    assert value(cells, geography_code="89", year=2020) == 92.31
    assert set(cells["unit"]) == {"million_vnd_per_worker"}
    preliminary = cells.filter(pl.col("is_preliminary"))["year"].unique().to_list()
    assert preliminary == [2024]  # "Prel. 2024"
    kien_giang = cells.filter(geography_code="91_pre2025", year=2022).row(0, named=True)
    assert (kien_giang["table_code"], kien_giang["sheet"]) == ("E02.58", "E02.58")
    assert str(kien_giang["vintage"]) == "2026-06-21"
    # the row and column of the cell in the workbook, as a steward would look for it
    sheet = openpyxl.load_workbook(E02_58)["E02.58"]
    assert sheet.cell(kien_giang["source_row"], kien_giang["source_column"]).value == 128.18


def test_employment_is_in_thousand_persons_though_the_file_does_not_say_so() -> None:
    cells = cells_of(E02_45)
    assert value(cells, geography_code="89", year=2020) == pytest.approx(962_300)
    assert set(cells["unit"]) == {"persons"}


def test_csv_with_bom_crlf_title_blank_line_and_combined_headings() -> None:
    raw = POPULATION_2018.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n\r\n" in raw[:200]
    cells = cells_of(POPULATION_2018)
    # "Total 2015" of An Giang; "Male 2015" etc. are other items of the same row
    assert value(cells, geography_code="89", year=2015, indicator="population") == 2_158_300
    assert value(cells, geography_code="89", year=1995, indicator="population") == 1_970_100


def test_structure_columns_are_derived_not_loaded() -> None:
    (read,) = read_pxweb_file(GDP_CURRENT_2018)
    assert read.rows_derived > 0
    assert read.rows_in == read.cells.height + read.rows_derived
    assert set(read.cells["indicator"]) == {"gdp"}
    assert "Structure (%)" in read.notes[0]


def test_jsonstat_that_ends_with_a_nul_byte() -> None:
    assert E02_01.read_bytes().endswith(b"\x00")
    cells = cells_of(E02_01)
    # the same figure as the 2018 CSV's 2,158.3 thousand, after the 2019 census revision
    assert value(cells, geography_code="89", year=2015, indicator="population") == 2_000_900
    assert set(cells["indicator"]) == {"population", "area"}


PC_AXIS = """CHARSET="ANSI";
MATRIX="E02.58";
TITLE="Labour productivity by province by Cities, provincies and Year";
STUB="Cities, provincies";
HEADING="Year";
VALUES("Cities, provincies")=" WHOLE COUNTRY","An Giang","Kien  Giang";
VALUES("Year")="2023","Prel. 2024";
DATA=
201.23 221.95
124.24 140.11
141.45 ".."
;
"""


def test_pc_axis(tmp_path: Path) -> None:
    path = tmp_path / "E02.58__2026-06-21.px"
    path.write_text(PC_AXIS, encoding="cp1252")
    cells = cells_of(path)
    assert value(cells, geography_code="VN", year=2024) == 221.95
    assert value(cells, geography_code="89", year=2023) == 124.24
    missing = cells.filter(geography_code="91_pre2025", year=2024).row(0, named=True)
    assert missing["value"] is None and missing["missing_reason"] == "not_available"
    assert cells.filter(year=2024)["is_preliminary"].to_list() == [True] * 3


def test_an_unknown_area_is_refused_naming_file_row_and_label(tmp_path: Path) -> None:
    path = tmp_path / "E02.58__2026-06-21.px"
    path.write_text(PC_AXIS.replace('"An Giang"', '"Atlantis"'), encoding="cp1252")
    with pytest.raises(SourceFileError) as raised:
        read_pxweb_file(path)
    message = str(raised.value)
    assert "E02.58__2026-06-21.px" in message and "'Atlantis'" in message
    assert "pxweb_geography_labels.csv" in message


def test_a_table_not_in_the_contract_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "income__2026-06-21.px"
    text = PC_AXIS.replace("Labour productivity", "Monthly income").replace("E02.58", "E02.99")
    path.write_text(text, encoding="cp1252")
    with pytest.raises(SourceFileError, match="not in the contract"):
        read_pxweb_file(path)


def test_a_new_table_of_the_family_needs_a_contract_entry_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A table the project does not ship, exported the way E02.58 is (xlsx, areas by year).
    path = tmp_path / "labour_force_by_province__2026-07-01.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "E02.99"
    sheet.append(
        ["Labour force at 15 years of age and above by province by Cities, provincies and Year"]
    )
    sheet.append([])
    sheet.append([None, "2023", "Prel. 2024"])
    sheet.append([" WHOLE COUNTRY", 52395.9, 52856.4])
    sheet.append(["An Giang", 921.45, 925.02])
    workbook.save(path)
    with pytest.raises(SourceFileError, match="not in the contract"):
        read_pxweb_file(path)

    # the same file loads once a copy of the contract declares the table: no code changes
    folder = tmp_path / "contracts"
    shutil.copytree(contracts.CONTRACTS_DIR, folder)
    entry = (
        "  E02.99:\n"
        '    titles: ["Labour force at 15 years of age and above by province"]\n'
        "    indicator: labour_force\n"
        "    price_basis: none\n"
        "    unit: persons\n"
        "    factor: 1000\n"
        "    decimals: 2\n"
        '    dimensions: {geography: "Cities, provincies", year: "Year"}\n'
    )
    contract = folder / "statistics_office_pxweb.yaml"
    contract.write_text(contract.read_text(encoding="utf-8") + entry, encoding="utf-8")
    monkeypatch.setattr(contracts, "CONTRACTS_DIR", folder)
    contracts.load_contract.cache_clear()
    try:
        cells = cells_of(path)
    finally:
        monkeypatch.undo()
        contracts.load_contract.cache_clear()
    assert value(cells, geography_code="89", year=2024) == pytest.approx(925_020)
    assert set(cells["indicator"]) == {"labour_force"}
    assert set(cells["table_code"]) == {"E02.99"}
