"""The officials' workbook, read as an official reads it: on screen and printed.

The figures are checked against the published marts, recomputed here with plain SQL from
their components (labour productivity = value added / employment; the TFP share = TFP growth /
output growth; Decision 36's growth = the compound average from the base year), not read back
from the column the workbook prints. The print layout is checked by rendering with LibreOffice
headless, as CI does (Debian `libreoffice-calc-nogui`).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.lib.officials_workbook import write_officials_workbook
from tests.conftest import RefreshRun, published_file

pytestmark = pytest.mark.slow

SHEETS = [
    "Chỉ tiêu chính",
    "Biểu đồ NSLĐ",
    "Thủy sản",
    "Dệt may",
    "Quyết định 36",
    "Kết quả nghiên cứu",
    "Tác động chuyển giao",
    "Ghi chú",
]
HEADER_FILL = "FFDDEBF7"  # the fill of every table header
# English that must not reach a Vietnamese sheet: the marts' units and sources
ENGLISH = ("million VND", "per worker", "prices", "% a year", "of enterprises", "Decision 36")


@pytest.fixture(scope="module")
def workbook_path(refreshed: RefreshRun) -> Path:
    return refreshed.warehouse.parent / "published" / "current" / "bao_cao_nang_suat_an_giang.xlsx"


@pytest.fixture(scope="module")
def workbook(workbook_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(workbook_path)


@pytest.fixture(scope="module")
def marts(refreshed: RefreshRun) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(published_file(refreshed)), read_only=True) as connection:
        yield connection


@pytest.fixture
def warehouse_copy(refreshed: RefreshRun, tmp_path: Path) -> Path:
    """The refreshed warehouse, copied under its own name (SQLMesh's views name the catalog)."""
    target = tmp_path / "warehouse" / refreshed.warehouse.name
    target.parent.mkdir()
    shutil.copy2(refreshed.warehouse, target)
    wal = refreshed.warehouse.with_name(refreshed.warehouse.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(wal.name))
    return target


# --- Reading the sheets ------------------------------------------------------------------------


def table_header(ws: Worksheet, first: str = "Chỉ tiêu", after: int = 0) -> tuple[int, dict]:
    """(row, {header text or year: column}) of the first header row from ``after`` whose
    column A says ``first``."""
    for row in ws.iter_rows(min_row=after + 1):
        if row[0].value == first and row[0].fill.fgColor.rgb == HEADER_FILL:
            return row[0].row, {c.value: c.column for c in row if c.value is not None}
    raise AssertionError(f"no header {first!r} in {ws.title}")


def find_row(ws: Worksheet, column: int, value: Any, after: int) -> int:
    for r in range(after + 1, ws.max_row + 1):
        if ws.cell(r, column).value == value:
            return r
    raise AssertionError(f"{value!r} not in column {column} of {ws.title} below row {after}")


def headline_cell(ws: Worksheet, geography: str, section: str, sector: str, year: int) -> Any:
    """The cell of ``sector`` in the section titled ``section`` of the block of ``geography``."""
    header, columns = table_header(ws)
    block = find_row(ws, columns["Mã"], geography, header)
    start = next(
        r
        for r in range(block + 1, ws.max_row + 1)
        if str(ws.cell(r, 1).value).split(". ", 1)[-1].startswith(section)
    )
    return ws.cell(find_row(ws, columns["Mã"], sector, start), columns[year])


def column_width(ws: Worksheet, column: int) -> float:
    for dimension in ws.column_dimensions.values():
        if dimension.min and dimension.min <= column <= dimension.max:
            return float(dimension.width)
    raise AssertionError(f"column {column} of {ws.title} has no width set")


# --- Figures ----------------------------------------------------------------------------------


def test_the_sheets_come_in_reading_order(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == SHEETS


def test_headline_labour_productivity_is_value_added_per_worker(
    workbook: openpyxl.Workbook, marts: duckdb.DuckDBPyConnection
) -> None:
    ws = workbook["Chỉ tiêu chính"]
    for sector in ("TOTAL", "AGR"):
        ((expected, obs),) = marts.execute(
            """
            SELECT value_added_constant_2010_mvnd / employment_persons, obs_status
            FROM marts.fct_labour_productivity
            WHERE geography_code = '91_comparable' AND sector_code = ? AND year = 2024
            """,
            [sector],
        ).fetchall()
        cell = headline_cell(
            ws, "91_comparable", "Năng suất lao động theo giá so sánh", sector, 2024
        )
        assert cell.value == pytest.approx(expected, rel=1e-12)
        # 2024 is preliminary in the latest yearbook: the flag shows beside the number
        assert obs == "P"
        assert cell.number_format.endswith('" (P)"')
    # at current prices, for old An Giang
    ((expected,),) = marts.execute(
        """
        SELECT value_added_current_mvnd / employment_persons FROM marts.fct_labour_productivity
        WHERE geography_code = '89' AND sector_code = 'IND' AND year = 2018
        """
    ).fetchall()
    cell = headline_cell(ws, "89", "Năng suất lao động theo giá hiện hành", "IND", 2018)
    assert cell.value == pytest.approx(expected, rel=1e-12)
    assert cell.number_format == "#,##0.00"  # published_decimals, no flag


def test_headline_growth_is_withheld_across_the_2020_break(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Chỉ tiêu chính"]
    cell = headline_cell(ws, "91_comparable", "Tốc độ tăng năng suất lao động", "TOTAL", 2020)
    assert cell.value == "– (B)"  # a marker, not a number: 2019-2020 spans the definition break


def test_headline_tfp_share_is_tfp_growth_over_output_growth(
    workbook: openpyxl.Workbook, marts: duckdb.DuckDBPyConnection
) -> None:
    ((expected,),) = marts.execute(
        """
        SELECT 100 * (output_growth - capital_contribution - labour_contribution) / output_growth
        FROM marts.fct_growth_accounting
        WHERE geography_code = '91_comparable' AND sector_code = 'TOTAL' AND year = 2023
        """
    ).fetchall()
    cell = headline_cell(
        workbook["Chỉ tiêu chính"], "91_comparable", "Tỷ lệ đóng góp của TFP", "TOTAL", 2023
    )
    assert cell.value == pytest.approx(expected, rel=1e-9)


def test_headline_decision36_growth_is_the_compound_average_since_2020(
    workbook: openpyxl.Workbook, marts: duckdb.DuckDBPyConnection
) -> None:
    """Decision 36's 2021-2025 growth of the merged province, by hand: (P_2025 / P_2020)^(1/5) - 1,
    P labour productivity at constant 2010 prices; 96.58 / 69.73 on the sample, 6.73 % a year."""
    ((p2020, p2025),) = marts.execute(
        """
        SELECT max(labour_productivity_constant_2010_mvnd) FILTER (WHERE year = 2020),
               max(labour_productivity_constant_2010_mvnd) FILTER (WHERE year = 2025)
        FROM marts.fct_labour_productivity
        WHERE geography_code = '91_comparable' AND sector_code = 'TOTAL'
        """
    ).fetchall()
    ws = workbook["Chỉ tiêu chính"]
    header, columns = table_header(ws, "Mục tiêu")
    block = find_row(ws, columns["Mã"], "91_comparable", header)
    row = find_row(ws, columns["Mã"], "lp_growth_2025", block)
    assert ws.cell(row, columns["Thực hiện"]).value == pytest.approx(
        100 * ((p2025 / p2020) ** (1 / 5) - 1), rel=1e-9
    )
    assert ws.cell(row, columns["Mục tiêu"]).value == 7.0
    assert ws.cell(row, 1).value.startswith("Tốc độ tăng năng suất lao động bình quân")


def test_scorecard_gap_is_positive_when_better_whichever_the_direction(
    workbook: openpyxl.Workbook, marts: duckdb.DuckDBPyConnection
) -> None:
    """A lower-is-better indicator below its target is better: its gap shows positive (the mart
    keeps value - target, negative). Every met status has a gap of zero or more, every off-track
    one a negative gap."""
    seen = set()
    for key_sector, sheet in (("aquaculture", "Thủy sản"), ("textiles", "Dệt may")):
        ws = workbook[sheet]
        header, columns = table_header(ws)
        year = max(c for c in columns if isinstance(c, int))
        level = next(
            c for h, c in columns.items() if str(h).startswith("Chênh lệch so với mục tiêu mức")
        )
        growth = next(
            c for h, c in columns.items() if str(h).startswith("Chênh lệch so với mục tiêu tăng")
        )
        status = columns[f"Đánh giá năm {year}"]
        for code, direction, gap, mart_status in marts.execute(
            """
            SELECT indicator_code, direction, gap, status FROM marts.fct_key_sector_scorecard
            WHERE key_sector = ? AND year = ?
            """,
            [key_sector, year],
        ).fetchall():
            row = find_row(ws, columns["Mã chỉ tiêu"], code, header)
            shown = ws.cell(row, level).value
            if not isinstance(shown, float):
                shown = ws.cell(row, growth).value
            assert shown == pytest.approx(-gap if direction == "lower" else gap)
            label = ws.cell(row, status).value
            assert (
                label
                == {"met": "Đạt", "on_track": "Đúng tiến độ", "off_track": "Chậm tiến độ"}[
                    mart_status
                ]
            )
            if label == "Đạt":
                assert round(shown, 2) >= 0
            if label == "Chậm tiến độ":
                assert shown < 0
            seen.add((direction, label))
    # the sample has both kinds of lower-is-better case: met below the target, off track above
    assert {("lower", "Đạt"), ("lower", "Chậm tiến độ")} <= seen


def test_scorecard_units_and_price_bases_are_vietnamese(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Dệt may"]
    header, columns = table_header(ws)
    row = find_row(ws, columns["Mã chỉ tiêu"], "TX_VA_PER_WORKER", header)
    assert ws.cell(row, columns["Chỉ tiêu"]).value == "Giá trị tăng thêm trên lao động"
    assert ws.cell(row, columns["Đơn vị tính"]).value == "triệu đồng/lao động"
    assert ws.cell(row, columns["Loại giá"]).value == "Giá so sánh 2010"
    assert ws.cell(row, columns["Chiều đánh giá"]).value == "Càng cao càng tốt"


def test_labels_are_vietnamese_names_and_codes_stay_in_their_column(
    workbook: openpyxl.Workbook, marts: duckdb.DuckDBPyConnection
) -> None:
    codes = {
        c
        for (c,) in marts.execute(
            """
            SELECT geography_code FROM marts.dim_geography UNION SELECT sector_code
            FROM marts.dim_sector UNION SELECT target_code FROM marts.fct_decision36_progress
            UNION SELECT indicator_code FROM marts.fct_key_sector_scorecard
            UNION SELECT group_code FROM marts.fct_research_transfer_impact
            """
        ).fetchall()
    }
    names = {n for (n,) in marts.execute("SELECT name_vi FROM marts.dim_sector").fetchall()}
    for ws in workbook:
        header: dict[int, str] = {}
        for row in ws.iter_rows():
            if any(c.fill.fgColor.rgb == HEADER_FILL for c in row):
                header = {c.column: str(c.value) for c in row if c.value is not None}
                continue
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                assert not any(e in cell.value for e in ENGLISH), (ws.title, cell.value)
                if cell.value in codes and cell.value not in names:
                    # a code: only under a header that says it is one (Mã ...)
                    assert header.get(cell.column, "").startswith("Mã"), (ws.title, cell.value)
    ws = workbook["Chỉ tiêu chính"]
    header_row, _ = table_header(ws)
    labels = [ws.cell(r, 1).value for r in range(header_row + 1, header_row + 12)]
    assert "Nông, lâm nghiệp và thủy sản" in labels  # dim_sector.name_vi, not AGR
    assert any("An Giang (hợp nhất)" in str(v) for v in labels)  # dim_geography.name_vi


def test_every_sheet_states_synthetic_data_and_its_flags(
    workbook: openpyxl.Workbook, marts: duckdb.DuckDBPyConnection
) -> None:
    for ws in workbook:
        if ws.title != "Ghi chú":
            assert "MÔ PHỎNG" in str(ws["A3"].value), ws.title  # the shipped sample is synthetic
    assert "(P) số liệu sơ bộ" in str(workbook["Chỉ tiêu chính"]["A4"].value)
    notes = [str(c.value) for c in workbook["Ghi chú"]["A"] if c.value]
    for (code,) in marts.execute(
        "SELECT DISTINCT obs_status FROM marts.fct_labour_productivity"
    ).fetchall():
        assert f"({code})" in notes
    assert "Mô phỏng" in notes


# --- Layout and print setup ---------------------------------------------------------------------


def test_every_sheet_is_frozen_and_prints_a4_landscape_one_page_wide(
    workbook: openpyxl.Workbook,
) -> None:
    for ws in workbook:
        setup = ws.page_setup
        assert ws.freeze_panes is not None, ws.title
        assert setup.orientation == "landscape", ws.title
        assert int(setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToWidth in {None, 1} and setup.fitToHeight == 0, ws.title
        assert ws.print_title_rows, ws.title
    # the headline's second table starts a page of its own
    assert [b.id for b in workbook["Chỉ tiêu chính"].row_breaks.brk]


def test_charts_are_native_excel_charts(workbook_path: Path) -> None:
    """A line chart on the labour-productivity sheet, column charts on Decision 36, drawing
    the sheets' own cells."""
    with zipfile.ZipFile(workbook_path) as package:
        names = package.namelist()
        book = package.read("xl/workbook.xml").decode()
        book_rels = package.read("xl/_rels/workbook.xml.rels").decode()
        sheet_files = {
            name: re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', book_rels)
            or re.search(rf'Target="([^"]+)"[^>]*Id="{rid}"', book_rels)
            for name, rid in re.findall(
                r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', book
            )
        }
        kinds: dict[str, list[str]] = {}
        for name, match in sheet_files.items():
            assert match is not None
            sheet = "xl/" + match.group(1).lstrip("/").removeprefix("xl/")
            rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
            if rels not in names:
                continue
            for drawing in re.findall(
                r'Target="\.\./drawings/([^"]+)"', package.read(rels).decode()
            ):
                drawing_rels = package.read(f"xl/drawings/_rels/{drawing}.rels").decode()
                for chart in re.findall(r'Target="\.\./charts/([^"]+)"', drawing_rels):
                    xml = package.read(f"xl/charts/{chart}").decode()
                    kind = re.search(r"<c:(lineChart|barChart)>", xml)
                    assert kind is not None
                    assert f"'{name}'!" in xml  # the series read the sheet's cells
                    kinds.setdefault(name, []).append(kind.group(1))
    assert kinds == {"Biểu đồ NSLĐ": ["lineChart"], "Quyết định 36": ["barChart", "barChart"]}


# --- What a withheld figure looks like ----------------------------------------------------------


def test_a_suppressed_value_shows_a_marker_never_its_number(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    """Even when a value column still holds a number, a confidential cell shows `x (A)`."""
    with duckdb.connect(str(warehouse_copy)) as connection:
        connection.execute(
            """
            CREATE SCHEMA scratch;
            CREATE TABLE scratch.scorecard AS SELECT * FROM marts.fct_key_sector_scorecard;
            CREATE OR REPLACE VIEW marts.fct_key_sector_scorecard AS
            SELECT * REPLACE (
                CASE WHEN hit THEN 'Q' ELSE obs_status END AS obs_status,
                CASE WHEN hit THEN 'A' ELSE conf_status END AS conf_status,
                CASE WHEN hit THEN 'suppressed' ELSE status END AS status)
            FROM (SELECT *, indicator_code = 'TX_EXPORT_SHARE' AND year = 2024 AS hit
                  FROM scratch.scorecard)
            """
        )
        path = tmp_path / "bao_cao.xlsx"
        counts = write_officials_workbook(connection, path, datetime.now(UTC), "test-run")
    assert list(counts) == SHEETS
    assert not list(tmp_path.glob(".*partial"))  # written aside, then moved into place
    workbook = openpyxl.load_workbook(path)
    ws = workbook["Dệt may"]
    header, columns = table_header(ws)
    row = find_row(ws, columns["Mã chỉ tiêu"], "TX_EXPORT_SHARE", header)
    assert ws.cell(row, columns[2024]).value == "x (A)"
    assert ws.cell(row, columns["Đánh giá năm 2024"]).value == "Không công bố (bảo mật thống kê)"
    assert ws.cell(row, columns["Xu hướng so với năm trước"]).value == "x (A)"  # no direction
    values = [c.value for c in ws[row]]
    assert not any(isinstance(v, float) and 73 < v < 74 for v in values)  # 73.31, hidden
    assert ws.cell(row, columns[2023]).value == pytest.approx(71.89, abs=0.01)
    assert "x (A) bị ẩn" in ws["A4"].value  # the legend under the title names the flag
    notes = {c.value: workbook["Ghi chú"].cell(c.row, 2).value for c in workbook["Ghi chú"]["A"]}
    assert "Có trong sổ này" in notes["x (A)"]


def test_a_failed_write_leaves_the_previous_workbook(warehouse_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "bao_cao.xlsx"
    path.write_bytes(b"the previous release's workbook")
    with duckdb.connect(str(warehouse_copy)) as connection:
        connection.execute("DROP VIEW marts.fct_research_transfer_impact")
        with pytest.raises(duckdb.CatalogException):
            write_officials_workbook(connection, path, datetime.now(UTC), "test-run")
    assert path.read_bytes() == b"the previous release's workbook"


# --- Printed with LibreOffice --------------------------------------------------------------------


def soffice() -> str:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        )
    return binary


def to_pdf(workbook: Path, tmp_path: Path) -> bytes:
    """The workbook printed to PDF by LibreOffice headless, with a profile of its own."""
    profile = (tmp_path / "lo-profile").as_uri()
    completed = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdf = tmp_path / f"{workbook.stem}.pdf"
    assert completed.returncode == 0 and pdf.exists(), completed.stdout + completed.stderr
    return pdf.read_bytes()


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_headline_prints_on_two_pages(workbook_path: Path, tmp_path: Path) -> None:
    """The headline sheet alone, printed: the yearbook table on one page, Decision 36 and the
    plan periods on the second (a manual break). Two pages is the bound: one sheet of paper,
    printed on both sides; a third page would mean the table grew or no longer fits the width."""
    workbook = openpyxl.load_workbook(workbook_path)
    for name in workbook.sheetnames[1:]:
        del workbook[name]
    headline = tmp_path / "headline.xlsx"
    workbook.save(headline)
    assert pages(to_pdf(headline, tmp_path)) <= 2


def test_the_whole_workbook_prints_one_page_wide(workbook_path: Path, tmp_path: Path) -> None:
    """Users counted 24 pages, columns split across them, before the page setup; now every
    sheet is one page wide and the whole workbook takes a dozen pages or fewer."""
    assert pages(to_pdf(workbook_path, tmp_path)) <= 12


class Font:
    """Advance widths from a TrueType file's cmap (format 4) and hmtx tables."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        (tables,) = struct.unpack(">H", data[4:6])
        offsets = {}
        for i in range(tables):
            tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            offsets[tag.decode()] = offset
        (metrics,) = struct.unpack(">H", data[offsets["hhea"] + 34 : offsets["hhea"] + 36])
        hmtx = offsets["hmtx"]
        self.advances = [
            struct.unpack(">H", data[hmtx + 4 * i : hmtx + 4 * i + 2])[0] for i in range(metrics)
        ]
        cmap = offsets["cmap"]
        (subtables,) = struct.unpack(">H", data[cmap + 2 : cmap + 4])
        self.glyphs: dict[int, int] = {}
        for i in range(subtables):
            platform, encoding, offset = struct.unpack(
                ">HHI", data[cmap + 4 + 8 * i : cmap + 12 + 8 * i]
            )
            table = cmap + offset
            if (platform, encoding) != (3, 1) or struct.unpack(">H", data[table : table + 2])[
                0
            ] != 4:
                continue
            segments = struct.unpack(">H", data[table + 6 : table + 8])[0] // 2
            ends = table + 14
            starts = ends + 2 * segments + 2
            deltas = starts + 2 * segments
            ranges = deltas + 2 * segments
            for s in range(segments):
                end, start = (
                    struct.unpack(">H", data[p + 2 * s : p + 2 * s + 2])[0] for p in (ends, starts)
                )
                (delta,) = struct.unpack(">h", data[deltas + 2 * s : deltas + 2 * s + 2])
                (shift,) = struct.unpack(">H", data[ranges + 2 * s : ranges + 2 * s + 2])
                for code in range(start, min(end, 0xFFFE) + 1):
                    if shift == 0:
                        glyph = (code + delta) & 0xFFFF
                    else:
                        at = ranges + 2 * s + shift + 2 * (code - start)
                        (glyph,) = struct.unpack(">H", data[at : at + 2])
                        glyph = (glyph + delta) & 0xFFFF if glyph else 0
                    self.glyphs[code] = glyph

    def width(self, text: str) -> int:
        return sum(
            self.advances[min(self.glyphs.get(ord(c), 0), len(self.advances) - 1)] for c in text
        )


def substitute(family: str) -> Path:
    """The font fontconfig puts in place of ``family`` (for Calibri: Carlito or DejaVu Sans)."""
    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match is not installed: cannot tell which font prints")
    found = subprocess.run(
        ["fc-match", "--format=%{file}", family], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not found.endswith(".ttf"):
        pytest.skip(f"{family} prints in {found or 'no font'}, not a TrueType file to measure")
    return Path(found)


def shown(cell: Any) -> str:
    """A cell's text as printed: a number in its number format (decimals, thousands, flag)."""
    if not isinstance(cell.value, int | float):
        return str(cell.value)
    fmt = cell.number_format
    digits = fmt.split('"')[0]
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    text = f"{cell.value:,.{decimals}f}" if "," in digits else f"{cell.value:.{decimals}f}"
    return text + "".join(re.findall(r'"([^"]*)"', fmt))


def test_no_header_is_wider_than_its_column(workbook: openpyxl.Workbook) -> None:
    """Each header word, measured in the font LibreOffice prints it in (Calibri's substitute,
    bold), fits its column; so does every cell that does not wrap (a number too wide for its
    column would print as ###). Widths are in widths of the digit 0 of the regular font. The
    measure is the font's advance widths, kerning and hinting left out: an estimate, within a
    few per cent; an indent counts as two zeros a level."""
    regular, bold = Font(substitute("Calibri")), Font(substitute("Calibri:bold"))
    zero = regular.width("0")
    headers = 0
    for ws in workbook:
        merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                text = shown(cell)
                span = merged.get((cell.row, cell.column))
                last = span.max_col if span else cell.column
                # xlsxwriter stores a width with Excel's 5-pixel margin added (0.71 of a 0)
                room = sum(column_width(ws, c) for c in range(cell.column, last + 1)) - 0.71
                words = text.split() if cell.alignment.wrap_text else [text]
                font = bold if cell.font.b else regular
                size = (cell.font.sz or 11) / 11
                widest = max(font.width(w) for w in words) / zero * size
                widest += 2 * (cell.alignment.indent or 0)
                assert widest <= room, (ws.title, cell.coordinate, text, widest, room)
                headers += cell.fill.fgColor.rgb == HEADER_FILL
    assert headers > 80
