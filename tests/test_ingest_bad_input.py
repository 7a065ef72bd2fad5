"""One test per kind of bad input: the exact error, or the exact quarantine outcome.

Each test damages a copy of a shipped sample file the way real deliveries go wrong, and
checks what a steward is told (file, sheet, row, column, problem) or which rows are
quarantined and why, and that every row that came in was either loaded or quarantined:
rows in are counted here from the file itself (the csv module, openpyxl), not taken from the
reader. No message may quote a tax code, a name or a phone number.
"""

from __future__ import annotations

import csv
import gc
import io
import shutil
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines.ingest.enterprise_survey import SurveyRead, read_survey_file
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.privacy import FreeTextScreen
from pipelines.ingest.pseudonym import DEVELOPMENT_KEY, pseudonymise
from pipelines.ingest.research_registry import read_registry_file
from pipelines.ingest.yearbook import read_yearbook, read_yearbook_file
from tests.conftest import SAMPLE_SOURCES
from tests.contract_headers import FULL, SHORT, TASKS

KEY = DEVELOPMENT_KEY.encode()
SURVEY_2016 = SAMPLE_SOURCES / "enterprise_survey" / "dieu_tra_doanh_nghiep_2016.csv"
SURVEY_2020 = SAMPLE_SOURCES / "enterprise_survey" / "dieu_tra_doanh_nghiep_2020.xlsx"
YEARBOOK_2024 = SAMPLE_SOURCES / "statistics_office" / "an_giang_89_nien_giam_2024.xlsx"
REGISTRY = SAMPLE_SOURCES / "research_registry" / "ket_qua_nhiem_vu_khcn_2016_2020.xlsx"
ROW_COUNTS = ("in", "loaded", "quarantined", "duplicate", "derived")
NUMBER_FORMAT = "decimal mark '.', no thousands separator"


def survey_rows() -> tuple[list[str], list[list[str]]]:
    with SURVEY_2016.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def csv_data_rows(path: Path) -> int:
    """Data rows of a CSV counted with the csv module: non-blank records after the header."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for record in list(csv.reader(handle))[1:] if any(f.strip() for f in record))


def sheet_data_rows(path: Path, sheet: str) -> int:
    """Data rows of a worksheet counted with openpyxl: non-blank rows after the header."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = [
        r
        for r in workbook[sheet].iter_rows(values_only=True)
        if any(c not in (None, "") for c in r)
    ]
    workbook.close()
    return len(rows) - 1


def assert_conserved(read: SurveyRead, rows_in: int) -> None:
    assert read.rows_in == rows_in
    assert read.loaded.height + read.quarantined.height == rows_in


def reasons(read: SurveyRead | object) -> dict[int, str]:
    quarantined = read.quarantined  # type: ignore[attr-defined]
    return dict(zip(quarantined["source_row"], quarantined["quarantine_reason"], strict=True))


def survey_with(tmp_path: Path, change: Callable[[list[str], list[list[str]]], None]) -> Path:
    header, rows = survey_rows()
    change(header, rows)
    return write_csv(tmp_path / SURVEY_2016.name, header, rows)


def everything_as_text(read: SurveyRead) -> str:
    frames = [read.loaded, read.quarantined]
    return "\n".join(str(v) for f in frames for c in f.columns for v in f[c].to_list())


# --- encodings -------------------------------------------------------------------------


def test_utf16_file_is_refused_at_row_1(tmp_path: Path) -> None:
    path = tmp_path / SURVEY_2016.name
    path.write_bytes(SURVEY_2016.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    assert str(error.value) == (
        "dieu_tra_doanh_nghiep_2016.csv, row 1: the file is UTF-16 text; "
        "export it again as 'CSV UTF-8'"
    )


def test_windows_1258_file_is_refused_naming_the_first_bad_row(tmp_path: Path) -> None:
    text = SURVEY_2016.read_text(encoding="utf-8")
    # Windows-1258 writes Vietnamese as base letters plus combining tone marks (NFD).
    legacy = unicodedata.normalize("NFD", text).encode("cp1258", errors="replace")
    path = tmp_path / SURVEY_2016.name
    path.write_bytes(legacy)
    first_non_ascii_line = next(
        i for i, line in enumerate(text.splitlines(), 1) if not line.isascii()
    )
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    assert error.value.row == first_non_ascii_line == 2
    assert "is not UTF-8: the file looks like Windows-1258" in error.value.problem


def test_a_byte_order_mark_changes_nothing(tmp_path: Path) -> None:
    # Excel's "CSV UTF-8" starts the file with EF BB BF; the file is streamed, not decoded
    # whole, so the mark must be skipped by both readers (the csv module's count and Polars).
    path = tmp_path / SURVEY_2016.name
    path.write_bytes(b"\xef\xbb\xbf" + SURVEY_2016.read_bytes())
    with_mark, plain = read_survey_file(path, KEY), read_survey_file(SURVEY_2016, KEY)
    assert with_mark.rows_in == plain.rows_in == csv_data_rows(SURVEY_2016)
    assert with_mark.loaded.columns == plain.loaded.columns
    different = {"source_sha256", "loaded_at"}  # the bytes differ; loaded_at is the run's
    same = [c for c in plain.loaded.columns if c not in different]
    assert with_mark.loaded.select(same).equals(plain.loaded.select(same))


def test_a_bad_byte_deep_in_a_large_file_names_its_row(tmp_path: Path) -> None:
    # The decoding error surfaces while the file is streamed, thousands of lines in: the row
    # is still named, counted here from the bytes written.
    header, rows = survey_rows()
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows * 4)
    data = bytearray(path.read_bytes())
    line_starts = [0] + [i + 1 for i, b in enumerate(data) if b == ord("\n")]
    bad_row = 3001  # file row 3001 (the header is row 1)
    data[line_starts[bad_row - 1]] = 0xFF  # never valid in UTF-8
    path.write_bytes(bytes(data))
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    assert error.value.row == bad_row
    assert "byte 0xff is not UTF-8" in error.value.problem


def test_a_file_read_keeps_nothing_of_it_alive() -> None:
    # A national survey is read one year at a time so that one year is held at most: a year's
    # name screen (every enterprise name of the file) must be gone once its rows are written.
    # Polars' map_elements kept the last 64 functions it was given, and the screens they held.
    for _ in range(2):
        read = read_survey_file(SURVEY_2016, KEY)
        assert read.loaded.height > 0
        del read
    gc.collect()
    assert [o for o in gc.get_objects() if isinstance(o, FreeTextScreen)] == []


def test_decomposed_unicode_in_a_csv_is_read_as_composed(tmp_path: Path) -> None:
    path = tmp_path / SURVEY_2016.name
    path.write_text(
        unicodedata.normalize("NFD", SURVEY_2016.read_text(encoding="utf-8")), encoding="utf-8"
    )
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(SURVEY_2016))
    assert read.quarantined.height == 0


# --- columns ---------------------------------------------------------------------------


def test_renamed_column_is_refused_with_expected_and_found_headers(tmp_path: Path) -> None:
    header, rows = survey_rows()
    header[header.index(SHORT["employees_end"])] = "lao_dong_cuoi"
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    assert str(error.value) == (
        "dieu_tra_doanh_nghiep_2016.csv, row 1: missing columns: employees_end "
        "(ld_cuoi_nam / Lao động cuối năm (người)); unrecognised headers: 'lao_dong_cuoi'"
    )


def test_missing_column_is_refused(tmp_path: Path) -> None:
    header, rows = survey_rows()
    drop = header.index(SHORT["vsic_code"])
    path = write_csv(
        tmp_path / SURVEY_2016.name,
        [h for i, h in enumerate(header) if i != drop],
        [[v for i, v in enumerate(r) if i != drop] for r in rows],
    )
    with pytest.raises(SourceFileError, match=r"row 1: missing columns: vsic_code \(ma_nganh"):
        read_survey_file(path, KEY)


def test_full_vietnamese_headers_are_aliases_of_the_short_ones(tmp_path: Path) -> None:
    header, rows = survey_rows()
    full = {SHORT["tax_code"]: FULL["tax_code"], SHORT["employees_end"]: FULL["employees_end"]}
    path = write_csv(tmp_path / SURVEY_2016.name, [full.get(h, h) for h in header], rows[:5])
    read = read_survey_file(path, KEY)
    assert read.loaded.height == 5
    assert read.loaded["employees_end"].to_list() == [
        int(r[header.index(SHORT["employees_end"])]) for r in rows[:5]
    ]


def test_two_columns_for_one_field_are_refused_naming_both(tmp_path: Path) -> None:
    header, rows = survey_rows()
    path = write_csv(
        tmp_path / SURVEY_2016.name, [*header, FULL["tax_code"]], [[*r, r[0]] for r in rows]
    )
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    assert str(error.value) == (
        "dieu_tra_doanh_nghiep_2016.csv, row 1, column V: columns A 'ma_so_thue' and V "
        "'Mã số thuế' both give tax_code: keep one of them"
    )


def test_an_extra_column_is_reported_not_loaded(tmp_path: Path) -> None:
    header, rows = survey_rows()
    path = write_csv(tmp_path / SURVEY_2016.name, [*header, "Ghi chú"], [[*r, "x"] for r in rows])
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(path))
    assert read.notes == ["column V 'Ghi chú' is not in the contract: not loaded"]
    assert "Ghi chú" not in read.loaded.columns


def test_a_column_with_values_but_no_header_is_refused(tmp_path: Path) -> None:
    header, rows = survey_rows()
    path = write_csv(tmp_path / SURVEY_2016.name, ["", *header], [["?", *r] for r in rows])
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    assert str(error.value) == (
        "dieu_tra_doanh_nghiep_2016.csv, row 1, column A: column A has values (the first in "
        "row 2) but no header in row 1"
    )


def test_an_empty_first_column_is_ignored(tmp_path: Path) -> None:
    header, rows = survey_rows()
    path = write_csv(tmp_path / SURVEY_2016.name, ["", *header], [["", *r] for r in rows])
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(path))
    assert read.quarantined.height == 0


# --- numbers: exactly the declared format -------------------------------------------------


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("8,919", "could be read as a thousands group or as a decimal"),
        ("8.919", "could be read as a thousands group or as a decimal"),
        ("2.158,3", "is not a number written with"),
        ("NaN", "is not a number written with"),
        ("inf", "is not a number written with"),
        ("-inf", "is not a number written with"),
        ("1e15", "is not a number written with"),
        ("12 500", "is not a number written with"),
    ],
)
def test_survey_number_not_in_the_declared_format_is_quarantined(
    tmp_path: Path, written: str, problem: str
) -> None:
    def change(header: list[str], rows: list[list[str]]) -> None:
        rows[2][header.index(SHORT["revenue"])] = written

    path = survey_with(tmp_path, change)
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(path))
    assert list(reasons(read)) == [4]
    reason = reasons(read)[4]
    assert reason.startswith(f"revenue at row 4: '{written}' {problem}")
    assert NUMBER_FORMAT in reason


def test_a_well_formed_number_is_read_exactly(tmp_path: Path) -> None:
    def change(header: list[str], rows: list[list[str]]) -> None:
        rows[2][header.index(SHORT["revenue"])] = "-0.5"
        rows[3][header.index(SHORT["revenue"])] = "8919.25"

    read = read_survey_file(survey_with(tmp_path, change), KEY)
    assert read.loaded.filter(pl.col("source_row") == 5)["revenue"].to_list() == [8919.25]
    assert reasons(read) == {
        4: "revenue at row 4: -0.5 is outside the plausible range 0 to 10,000,000,000 "
        "million_vnd (survey_money_nonnegative in models/seeds/plausible_ranges.csv)"
    }


def test_an_absurd_revenue_is_quarantined_as_implausible(tmp_path: Path) -> None:
    def change(header: list[str], rows: list[list[str]]) -> None:
        rows[0][header.index(SHORT["revenue"])] = "1000000000000000"

    read = read_survey_file(survey_with(tmp_path, change), KEY)
    assert reasons(read) == {
        2: "revenue at row 2: 1e+15 is outside the plausible range 0 to 10,000,000,000 "
        "million_vnd (survey_money_nonnegative in models/seeds/plausible_ranges.csv)"
    }


def test_an_absurd_number_in_a_workbook_cell_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / SURVEY_2020.name
    shutil.copy(SURVEY_2020, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    column = next(c.column for c in sheet[1] if c.value == FULL["revenue"])
    sheet.cell(3, column, 1e15)
    sheet.cell(4, column, "8.919")  # a text cell in the workbook: the same rule as a CSV
    workbook.save(path)
    read = read_survey_file(path, KEY)
    assert_conserved(read, sheet_data_rows(path, sheet.title))
    assert reasons(read)[3].startswith("revenue at row 3: 1e+15 is outside the plausible range")
    assert reasons(read)[4].startswith("revenue at row 4: '8.919' could be read as a thousands")
    assert len(reasons(read)) == 2


def test_text_in_a_numeric_column_is_quarantined(tmp_path: Path) -> None:
    def change(header: list[str], rows: list[list[str]]) -> None:
        rows[2][header.index(SHORT["employees_end"])] = "mười"

    path = survey_with(tmp_path, change)
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(path))
    assert reasons(read) == {
        4: f"employees_end at row 4: 'mười' is not a number written with {NUMBER_FORMAT}"
    }


def test_negative_employees_are_quarantined(tmp_path: Path) -> None:
    def change(header: list[str], rows: list[list[str]]) -> None:
        rows[0][header.index(SHORT["employees_start"])] = "-5"

    path = survey_with(tmp_path, change)
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(path))
    assert reasons(read) == {
        2: "employees_start at row 2: -5 is outside the plausible range 0 to 500,000 persons "
        "(survey_employees in models/seeds/plausible_ranges.csv)"
    }


# --- rows --------------------------------------------------------------------------------


def test_duplicate_enterprise_year_keeps_the_first_and_quarantines_the_second(
    tmp_path: Path,
) -> None:
    header, rows = survey_rows()
    rows.append(list(rows[10]))
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(path))
    last = len(rows) + 1
    assert reasons(read) == {
        last: f"duplicate enterprise-year: tax_code at row {last} repeats row 12"
    }
    assert read.loaded.filter(read.loaded["source_row"] == 12).height == 1


def test_unknown_vsic_and_commune_codes_are_quarantined(tmp_path: Path) -> None:
    header, rows = survey_rows()
    rows[0][header.index(SHORT["vsic_code"])] = "99999"
    rows[1][header.index(SHORT["commune_code"])] = "99999"
    rows[2][header.index(SHORT["district_code"])] = (
        "894" if rows[2][header.index(SHORT["district_code"])] != "894" else "883"
    )
    rows[3][header.index(SHORT["vsic_code"])] = (
        "0332"  # not a VSIC 2018 class (division 03: 031, 032)
    )
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(path))
    found = reasons(read)
    assert found[2] == (
        "vsic_code at row 2: '99999' is not a VSIC 2018 class or subclass "
        "(sources/reference/vsic_2018.csv)"
    )
    assert found[5].startswith("vsic_code at row 5: '0332' is not a VSIC 2018 class")
    assert found[3].startswith(
        "commune_code at row 3: '99999' is not a commune of old An Giang, old Kiên Giang or the "
        "merged An Giang on 31/12/2016 (sources/reference/administrative_units.csv"
    )
    assert found[4] == (
        f"commune_code at row 4: '{rows[2][header.index('ma_xa')]}' lies in "
        f"'{SURVEY_2016_DISTRICT_OF[rows[2][header.index('ma_xa')]]}', not in district_code "
        f"'{rows[2][header.index('ma_huyen')]}'"
    )
    assert len(found) == 4


def reference_rows(name: str) -> list[dict[str, str]]:
    with (SAMPLE_SOURCES / "reference" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


SURVEY_2016_DISTRICT_OF = {
    r["code"]: r["parent_code"]
    for r in reference_rows("administrative_units.csv")
    if r["level"] == "commune"
}


def test_any_vsic_code_and_any_commune_of_the_three_sets_loads(tmp_path: Path) -> None:
    # Codes the synthetic sample never uses: a software subclass, a 4-digit class, a bus class;
    # communes of old Kiên Giang (Rạch Giá's first ward) and of the merged province (2025).
    header, rows = survey_rows()
    kien_giang = next(
        r
        for r in reference_rows("administrative_units.csv")
        if r["level"] == "commune" and r["parent_code"] == "899"
    )
    rows[0][header.index(SHORT["vsic_code"])] = "62010"
    rows[1][header.index(SHORT["vsic_code"])] = "0322"
    rows[2][header.index(SHORT["vsic_code"])] = "4931"
    rows[3][header.index(SHORT["commune_code"])] = kien_giang["code"]
    rows[3][header.index(SHORT["district_code"])] = "899"
    rows[4][header.index(SHORT["commune_code"])] = kien_giang["code"]
    rows[4][header.index(SHORT["district_code"])] = (
        ""  # the district is optional: derived from the commune
    )
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    read = read_survey_file(path, KEY)
    assert read.quarantined.height == 0, reasons(read)
    assert read.loaded.height == len(rows)

    merged = [
        r["code"]
        for r in reference_rows("administrative_units_2025.csv")
        if r["level"] == "commune"
    ]
    header, rows = survey_rows()
    for index, row in enumerate(rows):
        row[header.index(SHORT["commune_code"])] = merged[index % len(merged)]
        row[header.index(SHORT["district_code"])] = ""  # no district level from 1 July 2025
    path = write_csv(tmp_path / "dieu_tra_doanh_nghiep_2025.csv", header, rows)
    read = read_survey_file(path, KEY)
    assert read.quarantined.height == 0, reasons(read)
    # the same codes in 2016 are other, old communes: there the new list does not apply
    header, rows = survey_rows()
    rows[0][header.index(SHORT["commune_code"])] = (
        "31078"  # Đặc khu Phú Quốc in 2025, Phường Dương Đông before
    )
    rows[0][header.index(SHORT["district_code"])] = ""
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    read = read_survey_file(path, KEY)
    loaded = read.loaded.filter(read.loaded["source_row"] == 2)
    assert loaded.height == 1 and loaded["commune_code"].to_list() == ["31078"]


@pytest.mark.parametrize(
    ("written", "described"),
    [
        ("1634245041001", "13 digits"),
        ("16ABC", "5 characters, 2 of them digits"),
        ("163424504", "9 digits"),
    ],
)
def test_malformed_tax_code_is_described_never_quoted(
    tmp_path: Path, written: str, described: str
) -> None:
    def change(header: list[str], rows: list[list[str]]) -> None:
        rows[0][header.index(SHORT["tax_code"])] = written

    read = read_survey_file(survey_with(tmp_path, change), KEY)
    assert reasons(read) == {
        2: f"tax_code at row 2: {described}, expected 10 digits, or 10 digits, a dash and a "
        "3-digit branch number"
    }
    assert "tax_code" not in read.quarantined.columns
    assert "enterprise_name" not in read.quarantined.columns
    assert read.quarantined["enterprise_id"].to_list() == [pseudonymise(written, KEY)]
    assert written not in everything_as_text(read)


def test_no_tax_code_name_address_or_phone_is_left_in_any_read_row(tmp_path: Path) -> None:
    """Every row quarantined for one reason or another: still nothing personal remains."""
    header, rows = survey_rows()
    personal = {
        rows[0][header.index(c)]
        for c in (SHORT["tax_code"], SHORT["enterprise_name"], SHORT["address"], SHORT["phone"])
    }
    rows[0][header.index(SHORT["ownership"])] = rows[0][
        header.index(SHORT["phone"])
    ]  # a phone, misplaced
    rows[0][header.index(SHORT["employees_start"])] = rows[0][header.index(SHORT["tax_code"])]
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows[:3])
    read = read_survey_file(path, KEY)
    assert read.quarantined.height == 1
    text = everything_as_text(read)
    assert not [p for p in personal if p in text]


def test_survey_footnote_rows_are_quarantined_not_lost(tmp_path: Path) -> None:
    header, rows = survey_rows()
    footnotes = [["Nguồn: Cục Thống kê (dữ liệu mô phỏng)"] + [""] * (len(header) - 1)]
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows + footnotes)
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(path))
    assert read.quarantined.height == 1
    assert read.quarantined["source_row"].to_list() == [len(rows) + 2]


def test_decomposed_unicode_in_an_allowed_value_is_accepted(tmp_path: Path) -> None:
    def change(header: list[str], rows: list[list[str]]) -> None:
        column = header.index(SHORT["ownership"])
        rows[0][column] = unicodedata.normalize("NFD", rows[0][column])

    read = read_survey_file(survey_with(tmp_path, change), KEY)
    assert read.quarantined.height == 0


# --- whole files -------------------------------------------------------------------------


def test_future_year_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dieu_tra_doanh_nghiep_2031.csv"
    shutil.copy(SURVEY_2016, path)
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY, max_year=2025)
    assert str(error.value) == (
        "dieu_tra_doanh_nghiep_2031.csv: survey year 2031 is in the future (latest allowed 2025)"
    )


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / SURVEY_2016.name
    path.write_bytes(b"")
    with pytest.raises(
        SourceFileError, match=r"^dieu_tra_doanh_nghiep_2016.csv: the file is empty$"
    ):
        read_survey_file(path, KEY)


def test_header_only_file_is_refused(tmp_path: Path) -> None:
    header, _ = survey_rows()
    path = write_csv(tmp_path / SURVEY_2016.name, header, [])
    with pytest.raises(SourceFileError, match="the file has a header but no data rows"):
        read_survey_file(path, KEY)


def test_an_unclosed_quote_is_refused_naming_the_row_without_quoting_it(tmp_path: Path) -> None:
    lines = SURVEY_2016.read_text(encoding="utf-8").splitlines()
    address = next(part for part in lines[3].split('"') if "Phường" in part or "Xã" in part)
    lines[3] = lines[3].replace('"', "", 1)  # the opening quote of row 4's address is lost
    path = tmp_path / SURVEY_2016.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    # the address's commas now split it: the row is too long, and the message says where
    assert str(error.value) == (
        "dieu_tra_doanh_nghiep_2016.csv, row 4: this row has 24 values but the header has 21"
    )
    assert address not in str(error.value)
    assert error.value.__cause__ is None and error.value.__context__ is None


def test_a_row_with_too_many_values_is_refused(tmp_path: Path) -> None:
    lines = SURVEY_2016.read_text(encoding="utf-8").splitlines()
    lines[4] += ",extra"
    path = tmp_path / SURVEY_2016.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    assert str(error.value) == (
        "dieu_tra_doanh_nghiep_2016.csv, row 5: this row has 22 values but the header has 21"
    )


def test_a_blank_row_inside_the_survey_is_skipped_and_the_rest_loaded(tmp_path: Path) -> None:
    lines = SURVEY_2016.read_text(encoding="utf-8").splitlines()
    lines.insert(100, "")
    lines.insert(200, ",,,,,,,,,,,,,,,,,,,,")
    path = tmp_path / SURVEY_2016.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_survey_file(path, KEY)
    assert_conserved(read, csv_data_rows(SURVEY_2016))
    assert read.quarantined.height == 0


@pytest.mark.parametrize(
    ("sample", "reader"),
    [
        (SURVEY_2020, lambda p: read_survey_file(p, KEY)),
        (YEARBOOK_2024, read_yearbook_file),
        (REGISTRY, lambda p: read_registry_file(p, KEY)),
    ],
    ids=["survey", "yearbook", "registry"],
)
def test_truncated_workbook_is_refused(tmp_path: Path, sample: Path, reader: object) -> None:
    path = tmp_path / sample.name
    path.write_bytes(sample.read_bytes()[: sample.stat().st_size // 2])
    with pytest.raises(SourceFileError) as error:
        reader(path)  # type: ignore[operator]
    assert str(error.value) == (
        f"{sample.name}: not a readable .xlsx workbook (damaged, truncated or not a workbook)"
    )


@pytest.mark.parametrize(
    ("sample", "reader", "sheet", "cell"),
    [
        (SURVEY_2020, lambda p: read_survey_file(p, KEY), "DN2020", "K5"),
        (YEARBOOK_2024, read_yearbook_file, "GRDP_HH", "C5"),
        (REGISTRY, lambda p: read_registry_file(p, KEY), "NHIEM_VU", "J3"),
    ],
    ids=["survey", "yearbook", "registry"],
)
def test_a_formula_without_a_saved_value_is_refused_naming_the_cell(
    tmp_path: Path, sample: Path, reader: object, sheet: str, cell: str
) -> None:
    path = tmp_path / sample.name
    shutil.copy(sample, path)
    workbook = openpyxl.load_workbook(path)
    workbook[sheet][cell] = "=B5*2"  # openpyxl saves formulas without computing them
    workbook.save(path)
    with pytest.raises(SourceFileError) as error:
        reader(path)  # type: ignore[operator]
    assert str(error.value) == (
        f"{sample.name}, sheet {sheet}: cell {cell} holds a formula with no saved value: open "
        "the workbook in Excel or LibreOffice, let it calculate, save, and deliver it again"
    )


# --- yearbook layouts ----------------------------------------------------------------------


def yearbook_copy(tmp_path: Path, name: str = YEARBOOK_2024.name) -> tuple[Path, openpyxl.Workbook]:
    path = tmp_path / name
    shutil.copy(YEARBOOK_2024, path)
    return path, openpyxl.load_workbook(path)


def yearbook_figures(path: Path, sheet: str) -> int:
    """Figures of a yearbook table counted with openpyxl: year columns × labelled data rows."""
    rows = list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if any(isinstance(c, int) for c in r[1:]))
    years = [j for j, c in enumerate(rows[header]) if j and c is not None]
    return sum(
        len(years)
        for r in rows[header + 1 :]
        if r[0] and any(r[j] is not None for j in years if j < len(r))
    )


def test_extra_footnote_rows_do_not_change_the_cells(tmp_path: Path) -> None:
    clean = read_yearbook_file(YEARBOOK_2024)
    path, workbook = yearbook_copy(tmp_path)
    sheet = workbook["GRDP_HH"]
    for note in ("(1) Số liệu 2020 điều chỉnh theo Tổng điều tra 2019.", "(2) 2021: 12,5 nghìn tỷ"):
        sheet.append([note])
    workbook.save(path)
    damaged = read_yearbook_file(path)
    assert damaged.height == clean.height
    assert damaged["value"].equals(clean["value"])


def test_a_blank_row_inside_a_table_does_not_end_it(tmp_path: Path) -> None:
    clean = read_yearbook(YEARBOOK_2024)
    path, workbook = yearbook_copy(tmp_path)
    workbook["GRDP_HH"].insert_rows(6)  # between the first two sectors
    workbook.save(path)
    damaged = read_yearbook(path)
    assert damaged.rows_in["GRDP_HH"] == yearbook_figures(path, "GRDP_HH") == 75
    assert damaged.cells.height == clean.cells.height
    assert damaged.cells.sort("sheet", "year", "sector_code")["value"].equals(
        clean.cells.sort("sheet", "year", "sector_code")["value"]
    )


def test_text_in_a_yearbook_cell_names_sheet_row_and_column(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook["LAO_DONG"]["D5"] = "khoảng 700"
    workbook.save(path)
    with pytest.raises(SourceFileError) as error:
        read_yearbook_file(path)
    assert str(error.value) == (
        "an_giang_89_nien_giam_2024.xlsx, sheet LAO_DONG, row 5, column D: 2012: "
        "'khoảng 700' is neither a number nor a missing marker ('-' or '..')"
    )


def test_a_vietnamese_thousands_dot_in_a_text_cell_is_refused_not_reinterpreted(
    tmp_path: Path,
) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook["THUY_SAN"]["P8"] = "620.262"  # 620,262 tonnes of pangasius, typed as text
    workbook.save(path)
    with pytest.raises(SourceFileError) as error:
        read_yearbook_file(path)
    assert str(error.value) == (
        "an_giang_89_nien_giam_2024.xlsx, sheet THUY_SAN, row 8, column P: 2024: '620.262' "
        "could be read as a thousands group or as a decimal: write it without a thousands "
        "separator (decimal mark ',', thousands separator '.')"
    )


def test_a_decimal_comma_in_a_text_cell_is_read_as_declared(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook["LAO_DONG"]["D5"] = "1.234,5"  # thousand persons, with both separators
    workbook.save(path)
    cells = read_yearbook_file(path)
    cell = cells.filter(sheet="LAO_DONG", source_row=5, source_column=4)
    assert cell["value"].to_list() == [1_234_500.0]


def test_an_absurd_yearbook_figure_is_quarantined(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook["THUY_SAN"]["P8"] = 1e15
    workbook.save(path)
    read = read_yearbook(path)
    assert read.quarantined["quarantine_reason"].to_list() == [
        "THUY_SAN at row 8, column P (2024): 1,000,000,000,000,000 tonnes is outside the "
        "plausible range 0 to 100,000,000 (figure_tonnes in models/seeds/plausible_ranges.csv)"
    ]
    assert read.cells.height + read.quarantined.height == sum(read.rows_in.values())


def test_a_sheet_named_in_vietnamese_is_its_table(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook["THUY_SAN"].title = "Thủy sản"
    workbook.save(path)
    read = read_yearbook(path)
    assert read.sheet_names["THUY_SAN"] == "Thủy sản"
    assert read.cells.filter(table_code="THUY_SAN").height == yearbook_figures(path, "Thủy sản")


def test_an_unknown_sheet_holding_a_table_is_refused(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook["THUY_SAN"].title = "Bảng 10"
    workbook.save(path)
    with pytest.raises(SourceFileError) as error:
        read_yearbook_file(path)
    assert str(error.value).startswith(
        "an_giang_89_nien_giam_2024.xlsx, sheet Bảng 10: sheet 'Bảng 10' holds a table (a unit "
        "row and a row of years) that is not in the contract: name the sheet after its table"
    )


def test_a_sheet_without_a_table_is_reported(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook.create_sheet("Ghi chú")["A1"] = "Ghi chú chung về niên giám"
    workbook.save(path)
    read = read_yearbook(path)
    assert read.notes == ["sheet 'Ghi chú' holds no table (no unit row and years): not loaded"]


def test_an_estimated_year_is_loaded_and_flagged(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    sheet = workbook["GRDP_HH"]
    column = sheet.max_column + 1
    sheet.cell(3, column, "Ước tính 2025")
    for row in range(4, 9):
        sheet.cell(row, column, 1000 + row)
    workbook.save(path)
    cells = read_yearbook_file(path).filter(table_code="GRDP_HH", year=2025)
    assert cells["is_estimated"].to_list() == [True] * 5
    assert sorted(cells["value"].to_list()) == [
        1_004_000.0,
        1_005_000.0,
        1_006_000.0,
        1_007_000.0,
        1_008_000.0,
    ]


def test_a_year_header_with_unknown_words_is_refused(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    sheet = workbook["GRDP_HH"]
    sheet.cell(3, sheet.max_column + 1, "Dự báo 2026")
    workbook.save(path)
    with pytest.raises(SourceFileError) as error:
        read_yearbook_file(path)
    assert str(error.value) == (
        "an_giang_89_nien_giam_2024.xlsx, sheet GRDP_HH, row 3, column Q: header 'Dự báo 2026' "
        "names the year 2026 with words the contract does not know (it knows: Sơ bộ, Ước tính, Ước)"
    )


def test_two_columns_headed_with_one_year_are_refused(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook["GRDP_HH"]["F3"] = 2013
    workbook.save(path)
    with pytest.raises(SourceFileError) as error:
        read_yearbook_file(path)
    assert str(error.value) == (
        "an_giang_89_nien_giam_2024.xlsx, sheet GRDP_HH, row 3, column F: columns E and F are "
        "both headed 2013: keep one"
    )


def test_a_table_right_of_column_a_is_read_with_its_own_column_letters(tmp_path: Path) -> None:
    clean = read_yearbook_file(YEARBOOK_2024).filter(table_code="GRDP_HH")
    path, workbook = yearbook_copy(tmp_path)
    workbook["GRDP_HH"].insert_cols(1)
    workbook.save(path)
    moved = read_yearbook_file(path).filter(table_code="GRDP_HH")
    assert moved["value"].equals(clean["value"])
    assert (moved["source_column"] - clean["source_column"]).unique().to_list() == [1]


def test_decomposed_unicode_in_labels_and_sheet_names_is_read(tmp_path: Path) -> None:
    clean = read_yearbook_file(YEARBOOK_2024)
    path, workbook = yearbook_copy(tmp_path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = unicodedata.normalize("NFD", cell.value)
    workbook["THUY_SAN"].title = unicodedata.normalize("NFD", "Thủy sản")
    workbook.save(path)
    assert read_yearbook_file(path)["value"].equals(clean["value"])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "an_giang_89_nien_giam_2025.xlsx",
            "an_giang_89_nien_giam_2025.xlsx: Tỉnh An Giang (trước 01/7/2025) has yearbook "
            "editions up to 2024 only (Resolution 202/2025/QH15): an edition 2025 of it cannot "
            "exist. Is this a copy of another edition under a new name?",
        ),
        (
            "an_giang_89_nien_giam_2023.xlsx",
            "an_giang_89_nien_giam_2023.xlsx: edition 2023 by its name, but its latest year is "
            "2024: an edition covers the years up to its own. Is this a copy of another edition "
            "under a new name?",
        ),
    ],
)
def test_an_edition_renamed_to_another_year_is_refused(
    tmp_path: Path, name: str, message: str
) -> None:
    path, _ = yearbook_copy(tmp_path, name)
    with pytest.raises(SourceFileError) as error:
        read_yearbook_file(path)
    assert str(error.value) == message


def test_merged_header_cells_with_the_preliminary_marker_above_the_year(tmp_path: Path) -> None:
    clean = read_yearbook_file(YEARBOOK_2024).filter(sheet="GRDP_HH")
    path, workbook = yearbook_copy(tmp_path)
    sheet = workbook["GRDP_HH"]
    sheet.insert_rows(3)  # a second header row above the years
    last = sheet.max_column
    sheet.cell(3, 2, "Năm")
    sheet.merge_cells(start_row=3, start_column=2, end_row=3, end_column=last - 1)
    sheet.cell(3, last, "Sơ bộ")
    sheet.cell(4, last, 2024)
    workbook.save(path)
    damaged = read_yearbook_file(path).filter(sheet="GRDP_HH")
    assert damaged.height == clean.height
    assert damaged.filter("is_preliminary")["year"].unique().to_list() == [2024]
    assert damaged["value"].equals(clean["value"])
    assert (damaged["source_row"] - clean["source_row"]).unique().to_list() == [1]


def test_unknown_row_label_is_refused(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook["GRDP_HH"]["A6"] = "Khu vực mới"
    workbook.save(path)
    with pytest.raises(SourceFileError) as error:
        read_yearbook_file(path)
    assert str(error.value) == (
        "an_giang_89_nien_giam_2024.xlsx, sheet GRDP_HH, row 6: row label 'Khu vực mới' "
        "is not in the contract for table GRDP_HH"
    )


# --- the research registry -------------------------------------------------------------


def registry_copy(tmp_path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    path = tmp_path / REGISTRY.name
    shutil.copy(REGISTRY, path)
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def test_registry_budget_with_a_thousands_dot_is_quarantined(tmp_path: Path) -> None:
    path = registry_copy(tmp_path, lambda w: w["NHIEM_VU"].__setitem__("J2", "2.040"))
    tasks = read_registry_file(path, KEY)["tasks"]
    assert reasons(tasks) == {
        2: "budget at row 2: '2.040' could be read as a thousands group or as a decimal: write "
        "it without a thousands separator (decimal mark ',', no thousands separator)"
    }
    assert tasks.rows_in == sheet_data_rows(path, "NHIEM_VU") == 75
    assert tasks.loaded.height + tasks.quarantined.height == 75


def test_two_budget_columns_are_refused_naming_both(tmp_path: Path) -> None:
    def change(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["NHIEM_VU"]
        sheet.cell(1, sheet.max_column + 1, TASKS["budget"])

    with pytest.raises(SourceFileError) as error:
        read_registry_file(registry_copy(tmp_path, change), KEY)
    assert str(error.value) == (
        "ket_qua_nhiem_vu_khcn_2016_2020.xlsx, sheet NHIEM_VU, row 1, column N: columns J "
        "'Kinh phí (triệu đồng)' and N 'Kinh phí (triệu đồng)' both give budget: keep one of them"
    )


def test_a_recipient_type_without_diacritics_is_quarantined_with_its_id_pseudonymised(
    tmp_path: Path,
) -> None:
    tax_code = openpyxl.load_workbook(REGISTRY, read_only=True)["DON_VI_TIEP_NHAN"]["C2"].value
    path = registry_copy(
        tmp_path, lambda w: w["DON_VI_TIEP_NHAN"].__setitem__("B2", "Doanh nghiep")
    )
    recipients = read_registry_file(path, KEY)["recipients"]
    assert reasons(recipients) == {
        2: "recipient_type at row 2: 'Doanh nghiep' is not one of 'Doanh nghiệp', 'Hợp tác xã', "
        "'Huyện'"
    }
    assert recipients.quarantined["recipient_id"].to_list() == [pseudonymise(tax_code, KEY)]
    assert tax_code not in everything_as_text(recipients)  # type: ignore[arg-type]


def test_a_recipient_type_in_decomposed_unicode_is_an_enterprise(tmp_path: Path) -> None:
    tax_code = openpyxl.load_workbook(REGISTRY, read_only=True)["DON_VI_TIEP_NHAN"]["C2"].value
    nfd = unicodedata.normalize("NFD", "Doanh nghiệp")
    path = registry_copy(tmp_path, lambda w: w["DON_VI_TIEP_NHAN"].__setitem__("B2", nfd))
    recipients = read_registry_file(path, KEY)["recipients"]
    assert recipients.quarantined.height == 0
    first = recipients.loaded.filter(pl.col("source_row") == 2)
    assert first["recipient_type"].to_list() == ["enterprise"]
    assert first["recipient_id"].to_list() == [pseudonymise(tax_code, KEY)]


def test_names_and_phones_typed_into_free_text_are_withheld_and_flagged(tmp_path: Path) -> None:
    source = openpyxl.load_workbook(REGISTRY, read_only=True)["NHIEM_VU"]
    investigator = source["F3"].value  # the investigator of another task

    def change(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["NHIEM_VU"]
        sheet["K2"] = f"{sheet['K2'].value} (chủ nhiệm {investigator})"
        sheet["M3"] = "Liên hệ 0912 345 678"
        sheet["B4"] = f"{sheet['B4'].value}, TS. Trần Văn Bảy phụ trách"

    tasks = read_registry_file(registry_copy(tmp_path, change), KEY)["tasks"]
    withheld = tasks.loaded.filter("text_withheld").sort("source_row")
    assert withheld["source_row"].to_list() == [2, 3, 4]
    assert withheld["outputs_vi"][0].endswith("(chủ nhiệm [đã ẩn])")
    assert withheld["note_vi"][1] == "Liên hệ [đã ẩn]"
    assert withheld["title_vi"][2].endswith(", TS. [đã ẩn] phụ trách")
    text = everything_as_text(tasks)  # type: ignore[arg-type]
    assert investigator not in text and "0912 345 678" not in text and "Trần Văn Bảy" not in text
    assert tasks.loaded.filter(~pl.col("text_withheld")).height == 72


def test_a_registry_sheet_named_in_vietnamese_is_read(tmp_path: Path) -> None:
    path = registry_copy(tmp_path, lambda w: setattr(w["NHIEM_VU"], "title", "Nhiệm vụ"))
    assert read_registry_file(path, KEY)["tasks"].loaded.height == 75


def test_a_missing_registry_sheet_names_what_the_workbook_has(tmp_path: Path) -> None:
    path = registry_copy(tmp_path, lambda w: setattr(w["NHIEM_VU"], "title", "Sheet1"))
    with pytest.raises(SourceFileError) as error:
        read_registry_file(path, KEY)
    assert str(error.value) == (
        "ket_qua_nhiem_vu_khcn_2016_2020.xlsx, sheet NHIEM_VU: sheet NHIEM_VU is missing "
        "(the workbook has 'Sheet1', 'DON_VI_TIEP_NHAN')"
    )


def test_a_quote_never_closed_is_refused_naming_where_it_opens(tmp_path: Path) -> None:
    lines = SURVEY_2016.read_text(encoding="utf-8").splitlines()
    address_end = lines[3].index('An Giang"') + len("An Giang")
    lines[3] = lines[3][:address_end] + lines[3][address_end + 1 :]  # the closing quote lost
    path = tmp_path / SURVEY_2016.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    assert str(error.value) == (
        "dieu_tra_doanh_nghiep_2016.csv, row 4: a quoted value that starts on line 4 is never "
        "closed (a '\"' without its closing '\"')"
    )
    assert error.value.__cause__ is None


def test_a_survey_load_refused_half_way_leaves_every_year_as_it_was(tmp_path: Path) -> None:
    # The survey is written one year at a time (bounded memory), in one transaction: a year
    # refused after others were written must leave the stored years and the load log untouched.
    import duckdb

    from pipelines.lib.warehouse import TableWrite, load_transaction, write_load

    def year(survey_year: int, rows: int) -> pl.DataFrame:
        return pl.DataFrame({"survey_year": [survey_year] * rows, "row": list(range(rows))})

    log = pl.DataFrame(
        {
            "source": ["enterprise_survey"],
            "status": ["loaded"],
            "source_sha256": ["0" * 64],
            "target_table": ["raw.survey"],
            **{f"rows_{n}": [5 if n in ("in", "loaded") else 0] for n in ROW_COUNTS},
            "loaded_at": [datetime(2026, 12, 3, tzinfo=UTC)],
        }
    )
    with duckdb.connect(str(tmp_path / "w.duckdb")) as connection:
        write_load(
            connection,
            [
                TableWrite(
                    "raw.survey",
                    pl.concat([year(2016, 2), year(2017, 3)]),
                    "survey_year",
                    (2016, 2017),
                )
            ],
            log.with_columns(pl.lit("first").alias("source_file")),
            source="enterprise_survey",
        )
        with (
            pytest.raises(SourceFileError),
            load_transaction(connection, "enterprise_survey") as load,
        ):
            load.write(TableWrite("raw.survey", year(2016, 7), "survey_year", (2016,)))
            raise SourceFileError(SURVEY_2016, "refused half-way")  # as a bad 2017 file would be
        counts = connection.execute(
            "SELECT survey_year, count(*) FROM raw.survey GROUP BY ALL ORDER BY 1"
        ).fetchall()
        runs = connection.execute("SELECT source_file FROM raw.load_log").fetchall()
        assert counts == [(2016, 2), (2017, 3)]
        assert runs == [("first",)]
        # and a load that finishes replaces only its own years
        with load_transaction(connection, "enterprise_survey") as load:
            load.write(TableWrite("raw.survey", year(2016, 7), "survey_year", (2016,)))
        counts = connection.execute(
            "SELECT survey_year, count(*) FROM raw.survey GROUP BY ALL ORDER BY 1"
        ).fetchall()
        assert counts == [(2016, 7), (2017, 3)]


def test_a_load_transaction_holds_no_written_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A national survey is written one year at a time inside one transaction so that one year
    # is held at most. A view registered and dropped inside a transaction is kept, with the
    # Arrow data it holds, until the transaction ends: the nine years were all held (about
    # 400 MiB a national year). Each Arrow table handed to DuckDB must be free once written.
    import weakref

    import duckdb
    import pyarrow as pa

    from pipelines.lib.warehouse import TableWrite, load_transaction

    handed: list[weakref.ref[pa.Table]] = []
    to_arrow = pl.DataFrame.to_arrow

    def observed_to_arrow(frame: pl.DataFrame, *args: object, **kwargs: object) -> pa.Table:
        table = to_arrow(frame, *args, **kwargs)  # type: ignore[arg-type]
        handed.append(weakref.ref(table))
        return table

    monkeypatch.setattr(pl.DataFrame, "to_arrow", observed_to_arrow)
    with (
        duckdb.connect(str(tmp_path / "w.duckdb")) as connection,
        load_transaction(connection, "enterprise_survey") as load,
    ):
        for survey_year in (2016, 2017):
            frame = pl.DataFrame({"survey_year": [survey_year] * 3, "row": [1, 2, 3]})
            load.write(TableWrite("raw.survey", frame, "survey_year", (survey_year,)))
            del frame
        gc.collect()
        assert len(handed) == 2
        assert [ref() for ref in handed] == [None, None]  # inside the transaction, not after
        rows = connection.execute("SELECT count(*) FROM raw.survey").fetchone()
    assert rows == (6,)
