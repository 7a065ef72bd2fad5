"""One test per kind of bad input: the exact error, or the exact quarantine outcome.

Each test damages a copy of a shipped sample file the way real deliveries go wrong, and
checks what a steward is told (file, sheet, row, problem) or which rows are quarantined and
why, and that every row that came in was either loaded or quarantined.
"""

from __future__ import annotations

import csv
import io
import shutil
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from pipelines.ingest.enterprise_survey import SurveyRead, read_survey_file
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.pseudonym import DEVELOPMENT_KEY
from pipelines.ingest.research_registry import read_registry_file
from pipelines.ingest.yearbook import read_yearbook_file
from tests.conftest import SAMPLE_SOURCES

KEY = DEVELOPMENT_KEY.encode()
SURVEY_2016 = SAMPLE_SOURCES / "enterprise_survey" / "dieu_tra_doanh_nghiep_2016.csv"
SURVEY_2020 = SAMPLE_SOURCES / "enterprise_survey" / "dieu_tra_doanh_nghiep_2020.xlsx"
YEARBOOK_2024 = SAMPLE_SOURCES / "statistics_office" / "an_giang_89_nien_giam_2024.xlsx"
REGISTRY = SAMPLE_SOURCES / "research_registry" / "ket_qua_nhiem_vu_khcn_2016_2020.xlsx"


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


def assert_conserved(read: SurveyRead, rows_in: int) -> None:
    assert read.rows_in == rows_in
    assert read.loaded.height + read.quarantined.height == rows_in


def reasons(read: SurveyRead) -> dict[int, str]:
    return dict(
        zip(read.quarantined["source_row"], read.quarantined["quarantine_reason"], strict=True)
    )


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


# --- columns ---------------------------------------------------------------------------


def test_renamed_column_is_refused_with_expected_and_found_headers(tmp_path: Path) -> None:
    header, rows = survey_rows()
    header[header.index("ld_cuoi_nam")] = "lao_dong_cuoi"
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    with pytest.raises(SourceFileError) as error:
        read_survey_file(path, KEY)
    assert str(error.value) == (
        "dieu_tra_doanh_nghiep_2016.csv, row 1: missing columns: employees_end "
        "(ld_cuoi_nam / Lao động cuối năm (người)); unrecognised headers: 'lao_dong_cuoi'"
    )


def test_missing_column_is_refused(tmp_path: Path) -> None:
    header, rows = survey_rows()
    drop = header.index("ma_nganh")
    path = write_csv(
        tmp_path / SURVEY_2016.name,
        [h for i, h in enumerate(header) if i != drop],
        [[v for i, v in enumerate(r) if i != drop] for r in rows],
    )
    with pytest.raises(SourceFileError, match=r"row 1: missing columns: vsic_code \(ma_nganh"):
        read_survey_file(path, KEY)


def test_full_vietnamese_headers_are_aliases_of_the_short_ones(tmp_path: Path) -> None:
    header, rows = survey_rows()
    full = {"ma_so_thue": "Mã số thuế", "ld_cuoi_nam": "Lao động cuối năm (người)"}
    path = write_csv(tmp_path / SURVEY_2016.name, [full.get(h, h) for h in header], rows[:5])
    read = read_survey_file(path, KEY)
    assert read.loaded.height == 5
    assert read.loaded["employees_end"].to_list() == [
        int(r[header.index("ld_cuoi_nam")]) for r in rows[:5]
    ]


# --- rows --------------------------------------------------------------------------------


def test_text_in_a_numeric_column_is_quarantined(tmp_path: Path) -> None:
    header, rows = survey_rows()
    rows[2][header.index("ld_cuoi_nam")] = "mười"
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    read = read_survey_file(path, KEY)
    assert_conserved(read, len(rows))
    assert reasons(read) == {4: "employees_end: 'mười' is not a number"}


def test_negative_employees_are_quarantined(tmp_path: Path) -> None:
    header, rows = survey_rows()
    rows[0][header.index("ld_dau_nam")] = "-5"
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    read = read_survey_file(path, KEY)
    assert_conserved(read, len(rows))
    assert reasons(read) == {2: "employees_start: -5 is below the minimum 0"}


def test_duplicate_enterprise_year_keeps_the_first_and_quarantines_the_second(
    tmp_path: Path,
) -> None:
    header, rows = survey_rows()
    rows.append(list(rows[10]))
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    read = read_survey_file(path, KEY)
    assert_conserved(read, len(rows))
    assert reasons(read) == {len(rows) + 1: "duplicate enterprise-year: tax_code"}
    assert read.loaded.filter(read.loaded["source_row"] == 12).height == 1


def test_unknown_vsic_and_commune_codes_are_quarantined(tmp_path: Path) -> None:
    header, rows = survey_rows()
    rows[0][header.index("ma_nganh")] = "99999"
    rows[1][header.index("ma_xa")] = "99999"
    rows[2][header.index("ma_huyen")] = (
        "894" if rows[2][header.index("ma_huyen")] != "894" else "883"
    )
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    read = read_survey_file(path, KEY)
    assert_conserved(read, len(rows))
    found = reasons(read)
    assert found[2] == (
        "vsic_code: '99999' is not a VSIC 2018 subclass (sources/reference/vsic_2018.csv)"
    )
    assert found[3] == (
        "commune_code: '99999' is not a commune of old An Giang (89) "
        "(sources/reference/administrative_units.csv)"
    )
    assert found[4].startswith(f"commune_code: '{rows[2][header.index('ma_xa')]}' lies in district")
    assert len(found) == 3


def test_malformed_tax_code_is_quarantined_and_never_stored_raw(tmp_path: Path) -> None:
    header, rows = survey_rows()
    rows[0][header.index("ma_so_thue")] = "16ABC"
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows)
    read = read_survey_file(path, KEY)
    assert reasons(read) == {2: r"tax_code: '16ABC' does not match ^\d{10}(-\d{3})?$"}
    assert "tax_code" not in read.quarantined.columns
    assert "enterprise_name" not in read.quarantined.columns


def test_survey_footnote_rows_are_quarantined_not_lost(tmp_path: Path) -> None:
    header, rows = survey_rows()
    footnotes = [["Nguồn: Cục Thống kê (dữ liệu mô phỏng)"] + [""] * (len(header) - 1)]
    path = write_csv(tmp_path / SURVEY_2016.name, header, rows + footnotes)
    read = read_survey_file(path, KEY)
    assert_conserved(read, len(rows) + 1)
    assert read.quarantined.height == 1
    assert read.quarantined["source_row"].to_list() == [len(rows) + 2]


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
    with pytest.raises(SourceFileError, match="the file has a header but no enterprise rows"):
        read_survey_file(path, KEY)


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
    with pytest.raises(
        SourceFileError, match=rf"^{sample.name}: .*(not a readable \.xlsx|damaged)"
    ):
        reader(path)  # type: ignore[operator]


# --- yearbook layouts ----------------------------------------------------------------------


def yearbook_copy(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    path = tmp_path / YEARBOOK_2024.name
    shutil.copy(YEARBOOK_2024, path)
    return path, openpyxl.load_workbook(path)


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


def test_text_in_a_yearbook_cell_names_sheet_row_and_column(tmp_path: Path) -> None:
    path, workbook = yearbook_copy(tmp_path)
    workbook["LAO_DONG"]["D5"] = "khoảng 700"
    workbook.save(path)
    with pytest.raises(SourceFileError) as error:
        read_yearbook_file(path)
    assert str(error.value) == (
        "an_giang_89_nien_giam_2024.xlsx, sheet LAO_DONG, row 5: column D (2012): "
        "'khoảng 700' is neither a number nor a missing marker ('-' or '..')"
    )


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
