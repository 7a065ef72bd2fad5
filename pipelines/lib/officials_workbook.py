"""The Excel workbook for provincial officials, laid out to be read on screen and on paper.

Sheets, in reading order:

- ``Chỉ tiêu chính``: the headline tables in the statistical yearbook's own shape (indicators
  as rows, years as columns): labour productivity by sector at current and at constant prices,
  its growth and the TFP contribution, for each province Decision 36 is assessed on; then the
  Decision 36 targets and the shift-share decomposition by plan period. Two printed pages.
- ``Biểu đồ NSLĐ``: labour productivity by sector over the years, a native line chart.
- one scorecard per key sector (``Thủy sản``, ``Dệt may``), from the target's base year on;
- ``Quyết định 36``: every Decision 36 target with its band under the TFP assumptions, and
  native column charts of achievement against target;
- ``Kết quả nghiên cứu`` and ``Tác động chuyển giao``: the research programme and its impact;
- ``Ghi chú``: every flag, marker and rule the other sheets use, and where each table comes from.

Names and units are Vietnamese, read from the dimensions and reference tables where they have a
home there; a code stands only in a ``Mã`` column of its own. Every row has one unit, every
figure its flags (a number followed by ``(P)``, a marker in place of a withheld number), every
sheet its geography, price basis and base year, and a banner when its data are synthetic.
Column widths are computed from the text they hold, headers wrap, panes are frozen, and every
sheet prints A4 landscape, one page wide, with its titles repeated on each page.

Written to a temporary file and moved into place, so a reader never opens half a workbook.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.ingest.contracts import parameter

if TYPE_CHECKING:
    import duckdb

# Labels of the marts' own code lists, which have no Vietnamese home in the reference data.
STATUS_VI = {
    "met": "Đạt",
    "on_track": "Đúng tiến độ",
    "off_track": "Chậm tiến độ",
    "baseline": "Năm gốc (chưa đánh giá)",
    "suppressed": "Không công bố (bảo mật thống kê)",
    "no_base": "Thiếu số liệu năm gốc",
}
TREND_VI = {"improving": "Cải thiện", "worsening": "Xấu đi", "stable": "Không đổi"}
DIRECTION_VI = {"higher": "Càng cao càng tốt", "lower": "Càng thấp càng tốt"}
MET_UNDER_VI = {
    "every_assumption": "Đạt theo mọi giả định",
    "central_not_every": "Đạt theo giả định trung tâm, không đạt theo mọi giả định",
    "some_not_central": "Chỉ đạt theo một số giả định (không đạt theo giả định trung tâm)",
    "none": "Không đạt theo giả định nào",
}
MEASURE_VI = {
    "labour_productivity_growth": "Tốc độ tăng năng suất lao động bình quân",
    "tfp_share_of_growth": "Tỷ lệ đóng góp của TFP vào tăng trưởng",
}
DATA_SOURCE_VI = {
    "enterprise_survey": "Điều tra doanh nghiệp",
    "statistics_office": "Niên giám thống kê",
}
ORIGIN_VI = {"synthetic": "mô phỏng", "real": "thật"}
# The key sectors of the scorecard mart (`key_sector`), which groups the dim_sector groups
# `aquaculture_farming` and `aquaculture_processing` into one sector that has no row there.
SECTOR_SHEETS = {"aquaculture": "Thủy sản", "textiles": "Dệt may"}
SECTOR_TITLES = {
    "aquaculture": "THẺ ĐIỂM NĂNG SUẤT NGÀNH HÀNG CHỦ LỰC THỦY SẢN "
    "(nuôi trồng, chế biến, thức ăn thủy sản)",
    "textiles": "THẺ ĐIỂM NĂNG SUẤT NGÀNH HÀNG CHỦ LỰC DỆT MAY",
}
IMPACT_ALL_VI = "Tất cả doanh nghiệp tiếp nhận"
# Units as the marts state them (English), in Vietnamese. The price basis is stated in a column
# of its own, so "at constant 2010 prices" is not repeated in the unit.
UNIT_VI = {
    "million VND at constant 2010 prices per worker": "triệu đồng/lao động",
    "million VND per worker": "triệu đồng/lao động",
    "% of enterprises": "% số doanh nghiệp",
    "% per year": "%/năm",
    "% a year": "%/năm",
    "% of value added": "% giá trị tăng thêm",
    "% of revenue": "% doanh thu",
    "% of output growth": "% tốc độ tăng trưởng",
    "VND per VND of fixed assets": "đồng/đồng tài sản cố định",
    "tonnes per hectare": "tấn/ha",
    "GJ per million VND at constant 2010 prices": "GJ/triệu đồng",
    "million VND at constant 2010 prices per GJ": "triệu đồng/GJ",
}
# How each observation flag shows in this workbook (the flags' names come from
# reference.sdmx_obs_status and reference.sdmx_conf_status).
FLAG_SHOWN_VI = {
    "A": "Không ghi ký hiệu.",
    "B": "Số kèm (B): năm đầu tiên theo định nghĩa mới, không so sánh được với năm trước; "
    "'– (B)' ở ô tốc độ tăng hoặc phân tích: không tính vì thời kỳ vượt qua điểm gián đoạn.",
    "E": "Số kèm (E): giá trị ước tính theo giả định.",
    "P": "Số kèm (P): số liệu sơ bộ, có thể được điều chỉnh ở lần công bố sau.",
    "Q": "'x (…)' thay cho số: giá trị bị ẩn do bảo mật thống kê, chữ trong ngoặc là cờ bảo mật; "
    "'.. (Q)': không tính được.",
}
SUPPRESSED = "x"  # the statistics office's mark of a confidential cell
MISSING = ".."  # the office's mark of a figure that is not available
WITHHELD = "–"  # not computed: the period spans a series break

VIETNAM_TIME = timedelta(hours=7)  # Vietnam keeps UTC+7 all year
LINE = 15.0  # points per line of 11-point text: Excel's default row height
PADDING = 1.6  # column units around a cell's text: cell margins and borders
HEADER_MIN = 10.0  # a header wraps within its column's content, but not narrower than this
WRAP_CAP = 44.0  # widest a wrapping text column grows before it wraps

TITLE = {"bold": True, "font_size": 13, "text_wrap": True, "valign": "top"}
INFO = {"font_color": "#404040", "text_wrap": True, "valign": "top"}
BANNER = {
    "bold": True,
    "font_color": "#9C0006",
    "bg_color": "#FFC7CE",
    "text_wrap": True,
    "valign": "top",
}
HEADER = {
    "bold": True,
    "bg_color": "#DDEBF7",
    "border": 1,
    "text_wrap": True,
    "align": "center",
    "valign": "vcenter",
}
BLOCK = {"bold": True, "bg_color": "#F2F2F2", "border": 1, "valign": "top", "text_wrap": True}
SECTION = {"bold": True, "border": 1, "valign": "top", "text_wrap": True}
CELL = {"border": 1, "border_color": "#A6A6A6", "valign": "top"}
TEXT = {**CELL, "text_wrap": True}
CENTRE = {**CELL, "align": "center"}
NUMBER = {**CELL, "align": "right"}
SUB_ITEM = {**TEXT, "align": "left", "indent": 1}  # a part under its total, as in the yearbook
CODE = {**CELL, "align": "left", "indent": 1}  # set off from the number to its left
TABLE_TITLE = {"bold": True, "font_size": 12, "text_wrap": True, "valign": "top"}


# --- Text widths -----------------------------------------------------------------------------

# Widths in Excel's column unit, the width of the digit 0 of the default font. Excel measures
# with Calibri; LibreOffice, where Calibri is missing, with its substitute (DejaVu Sans), and
# scales the columns by that font's 0, so a width relative to 0 holds for both. Each letter
# takes the wider of the two fonts' advance widths (relative to their 0), plus 3 %, so text
# fits in either; letters not listed count as 1.3.
_WIDTHS = {
    **dict(zip("abcdefghijklmnopqrstuvwxyz", (
        0.96, 1.04, 0.87, 1.04, 0.98, 0.60, 1.00, 1.04, 0.45, 0.47, 0.91, 0.45, 1.58,
        1.04, 1.04, 1.04, 1.04, 0.69, 0.82, 0.66, 1.04, 0.93, 1.41, 0.93, 0.93, 0.82,
    ), strict=True)),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
        1.14, 1.08, 1.10, 1.24, 0.99, 0.91, 1.24, 1.23, 0.50, 0.62, 1.03, 0.87, 1.69,
        1.29, 1.31, 1.02, 1.32, 1.09, 1.00, 0.96, 1.29, 1.16, 1.76, 1.07, 0.96, 1.07,
    ), strict=True)),
    **dict.fromkeys("0123456789", 1.0),
    " ": 0.5, ".": 0.5, ",": 0.5, ":": 0.53, ";": 0.53, "(": 0.61, ")": 0.61, "/": 0.76,
    "-": 0.6, "–": 0.98, "_": 0.98, "%": 1.49, "'": 0.43, "+": 1.32, "=": 1.32, "…": 1.57,
}  # fmt: skip
_MARKS = {"đ": "d", "Đ": "D"}  # the stroke is not a combining mark: NFD leaves these whole


def _char_width(char: str) -> float:
    base = _MARKS.get(char) or unicodedata.normalize("NFD", char)[0]  # the letter under its marks
    return _WIDTHS.get(base, 1.3) * 1.03


def text_width(text: str, bold: bool = False, size: float = 11) -> float:
    """Estimated width of one line of ``text``, in column units (an estimate: see above)."""
    return sum(_char_width(c) for c in text) * (1.12 if bold else 1.0) * size / 11


def _longest_word(text: str, bold: bool, size: float) -> float:
    return max((text_width(w, bold, size) for w in text.split()), default=0.0)


def wrapped_lines(text: str, width: float, bold: bool = False, size: float = 11) -> int:
    """Lines ``text`` takes when wrapped at spaces into ``width`` column units."""
    lines = 0
    space = text_width(" ", bold, size)
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            w = text_width(word, bold, size)
            if used and used + space + w > width + 1e-6:
                lines += 1
                used = 0.0
            if w > width + 1e-6:  # a word wider than the column breaks inside the word
                lines += math.ceil(w / width) - 1
                used = w % width
            else:
                used += (space if used else 0.0) + w
    return max(lines, 1)


# --- Cells and sheets ------------------------------------------------------------------------


@dataclass
class _Cell:
    row: int
    first_col: int
    last_col: int
    text: str  # what the reader sees, for widths and heights
    bold: bool
    size: float
    wrap: bool
    role: str  # data, header or title (titles span the table and never widen a column)


@dataclass(frozen=True)
class Figure:
    """One statistic with its SDMX flags."""

    value: float | None
    obs_status: str | None = None
    conf_status: str | None = None


class _Book:
    def __init__(self, path: Path) -> None:
        import xlsxwriter

        self.workbook = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
        self._formats: dict[tuple[tuple[str, Any], ...], Any] = {}
        self.flags: set[str] = set()
        self.conf: set[str] = set()
        self.markers: set[str] = set()
        self.origins: set[str] = set()
        self.flag_names: dict[str, str] = {}  # reference.sdmx_obs_status: code -> name_vi
        self.conf_names: dict[str, str] = {}  # reference.sdmx_conf_status: code -> name_vi

    def format(self, style: dict[str, Any]) -> Any:
        key = tuple(sorted(style.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(dict(style))
        return self._formats[key]

    def number_format(self, decimals: int | None) -> str:
        if decimals is None:
            return "0"  # a year
        return "#,##0." + "0" * decimals if decimals else "#,##0"


class _Sheet:
    def __init__(self, book: _Book, name: str, columns: int) -> None:
        self.book = book
        self.name = name
        self.columns = columns
        self.ws = book.workbook.add_worksheet(name)
        self.cells: list[_Cell] = []
        self.caps: dict[int, float] = {}
        self.uniform: list[range] = []  # columns of one kind (years) get one width
        self.flags: set[str] = set()
        self.conf: set[str] = set()
        self.markers: set[str] = set()
        self.origins: set[str] = set()

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        style: dict[str, Any],
        *,
        role: str = "data",
        last_col: int | None = None,
        shown: str | None = None,
    ) -> None:
        """Write one cell (or a merged range up to ``last_col``) and remember its text."""
        fmt = self.book.format(style)
        if last_col is not None and last_col > col:
            self.ws.merge_range(row, col, row, last_col, "" if value is None else value, fmt)
        elif value is None:
            self.ws.write_blank(row, col, None, fmt)
        elif isinstance(value, str):
            self.ws.write_string(row, col, value, fmt)
        else:
            self.ws.write_number(row, col, value, fmt)
        text = shown if shown is not None else ("" if value is None else str(value))
        text = "   " * int(style.get("indent", 0)) + text  # an indent level: about 3 spaces
        self.cells.append(
            _Cell(
                row,
                col,
                col if last_col is None else last_col,
                text,
                bool(style.get("bold")),
                float(style.get("font_size", 11)),
                bool(style.get("text_wrap")),
                role,
            )
        )

    def number(
        self,
        row: int,
        col: int,
        value: float | int | None,
        decimals: int | None,
        style: dict[str, Any] = NUMBER,
    ) -> None:
        """A number without flags (a count, a year, a target)."""
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            self.marker(row, col, MISSING)
            return
        fmt = self.book.number_format(decimals)
        self.put(row, col, value, {**style, "num_format": fmt}, shown=_shown(value, decimals))

    def figure(self, row: int, col: int, figure: Figure | None, decimals: int | None) -> None:
        """A statistic: its number with its observation flag, or the marker that replaces it.

        A withheld figure never shows a number, whatever the value column holds."""
        if figure is None:
            self.marker(row, col, MISSING)
            return
        obs, conf = figure.obs_status, figure.conf_status
        value = figure.value
        if value is not None and not math.isfinite(value):
            value = None
        if conf not in {None, "F"}:
            self.conf.add(str(conf))
            self.flags.add("Q")
            self.marker(row, col, f"{SUPPRESSED} ({conf})", SUPPRESSED)
        elif value is None:
            if obs == "B":
                self.flags.add("B")
                self.marker(row, col, f"{WITHHELD} (B)", WITHHELD)
            elif obs not in {None, "A"}:
                self.flags.add(str(obs))
                self.marker(row, col, f"{MISSING} ({obs})")
            else:
                self.marker(row, col, MISSING)
        else:
            suffix = f" ({obs})" if obs not in {None, "A"} else ""
            if suffix:
                self.flags.add(str(obs))
            fmt = self.book.number_format(decimals) + (f'" ({obs})"' if suffix else "")
            self.put(
                row,
                col,
                value,
                {**NUMBER, "num_format": fmt},
                shown=_shown(value, decimals) + suffix,
            )

    def marker(self, row: int, col: int, text: str, kind: str = MISSING) -> None:
        self.markers.add(kind)
        self.put(row, col, text, NUMBER)

    def title_rows(self, title: str, info: str) -> int:
        """The sheet's title, what it covers, and two rows kept for the synthetic-data banner
        and the legend of the flags used (filled in by ``finish``). Returns the next row."""
        last = self.columns - 1
        self.put(0, 0, title, TITLE, role="title", last_col=last)
        self.put(1, 0, info, INFO, role="title", last_col=last)
        return 4

    def header(self, row: int, labels: Sequence[Any], first_col: int = 0) -> None:
        for col, label in enumerate(labels, start=first_col):
            if label is None:
                continue
            if isinstance(label, tuple):  # (text, last column): a header over merged columns
                self.put(row, col, label[0], HEADER, role="header", last_col=label[1])
            elif isinstance(label, int):
                self.put(
                    row, col, label, {**HEADER, "num_format": "0"}, role="header", shown=str(label)
                )
            else:
                self.put(row, col, label, HEADER, role="header")

    def finish(self, freeze: tuple[int, int], repeat: tuple[int, int]) -> None:
        """Banner and legend, column widths from the text, row heights from the wrapping, and
        the page setup: A4 landscape, one page wide, titles repeated on every page."""
        last = self.columns - 1
        book = self.book
        banner = _origin_banner(self.origins)
        if banner:
            self.put(2, 0, banner, BANNER, role="title", last_col=last)
        legend = _legend(self.flags, self.conf, self.markers, book)
        if legend:
            self.put(3, 0, legend, INFO, role="title", last_col=last)
        book.flags |= self.flags
        book.conf |= self.conf
        book.markers |= self.markers
        book.origins |= self.origins

        needs: dict[int, float] = defaultdict(float)
        for cell in self.cells:
            if cell.role == "data" and cell.first_col == cell.last_col:
                full = text_width(cell.text, cell.bold, cell.size)
                if cell.wrap:
                    cap = self.caps.get(cell.first_col, WRAP_CAP)
                    full = max(_longest_word(cell.text, cell.bold, cell.size), min(full, cap))
                needs[cell.first_col] = max(needs[cell.first_col], full)
        for cell in self.cells:
            if cell.role == "header" and cell.first_col == cell.last_col:
                col = cell.first_col
                content = max(needs.get(col, 0.0), HEADER_MIN)
                full = text_width(cell.text, cell.bold, cell.size)
                word = _longest_word(cell.text, cell.bold, cell.size)
                needs[col] = max(needs[col], word, min(full, content))
        widths = {col: needs.get(col, HEADER_MIN) + PADDING for col in range(self.columns)}
        for group in self.uniform:
            widest = max(widths[c] for c in group)
            for c in group:
                widths[c] = widest
        for cell in self.cells:  # a merged header or data cell: its longest word must fit
            if cell.role != "title" and cell.last_col > cell.first_col:
                span = range(cell.first_col, cell.last_col + 1)
                short = _longest_word(cell.text, cell.bold, cell.size) + PADDING
                short -= sum(widths[c] for c in span)
                if short > 0:
                    widths[cell.last_col] += short
        for col, width in widths.items():
            self.ws.set_column(col, col, round(width, 2))
        self.widths = widths

        heights: dict[int, float] = {}
        for cell in self.cells:
            if not cell.wrap:
                continue
            span = range(cell.first_col, cell.last_col + 1)
            room = sum(widths[c] for c in span) - PADDING
            lines = wrapped_lines(cell.text, room, cell.bold, cell.size)
            height = lines * LINE * cell.size / 11 + 3
            heights[cell.row] = max(heights.get(cell.row, 0.0), height)
        for row, height in heights.items():
            if height > LINE + 3:
                self.ws.set_row(row, height)

        ws = self.ws
        ws.freeze_panes(*freeze)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # one page wide, as many pages down as it takes
        ws.repeat_rows(*repeat)
        ws.set_margins(left=0.4, right=0.4, top=0.55, bottom=0.55)
        ws.set_footer("&L&8Báo cáo năng suất tỉnh An Giang – &A&R&8Trang &P/&N", {"margin": 0.25})
        ws.hide_gridlines(2)  # borders draw the tables; gridlines would print over the titles


def _shown(value: float | int, decimals: int | None) -> str:
    if decimals is None:
        return str(int(value))
    return f"{value:,.{decimals}f}"


def _origin_banner(origins: set[str]) -> str | None:
    if "synthetic" not in origins:
        return None
    if origins == {"synthetic"}:
        return (
            "DỮ LIỆU MÔ PHỎNG (synthetic): mọi số liệu trong sheet này được tạo từ bộ dữ liệu "
            "mẫu mô phỏng, không phải số liệu thống kê chính thức."
        )
    return (
        "CÓ DỮ LIỆU MÔ PHỎNG (synthetic): một phần số liệu trong sheet này được tạo từ dữ liệu "
        "mô phỏng, không phải số liệu chính thức (xem cột Nguồn số liệu)."
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _legend(flags: set[str], conf: set[str], markers: set[str], book: _Book) -> str | None:
    """The symbols a sheet uses, named from the SDMX code lists, in one line under its title."""
    parts = [f"({f}) {_lower_first(book.flag_names.get(f, f))}" for f in sorted(flags) if f != "Q"]
    parts += [
        f"{SUPPRESSED} ({c}) bị ẩn, {_lower_first(book.conf_names.get(c, c))}" for c in sorted(conf)
    ]
    if WITHHELD in markers:
        parts.append(f"{WITHHELD} không tính (vượt qua điểm gián đoạn)")
    if MISSING in markers:
        parts.append(f"{MISSING} không có số liệu")
    if not parts:
        return None
    return "Ký hiệu: " + "; ".join(parts) + ". Giải thích đầy đủ: sheet Ghi chú."


# --- Reading the warehouse -------------------------------------------------------------------


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return connection.execute(sql, list(params)).fetchall()


def _price_vi(basis: str | None, base_year: int | None) -> str:
    if basis and basis.startswith("constant"):
        return f"Giá so sánh {base_year}"
    return {"current": "Giá hiện hành", "physical": "Hiện vật"}.get(basis or "", "Không áp dụng")


def _unit_vi(unit: str) -> str:
    if unit not in UNIT_VI:
        raise ValueError(
            f"no Vietnamese unit for {unit!r}: add it to UNIT_VI in "
            "pipelines/lib/officials_workbook.py"
        )
    return UNIT_VI[unit]


def _span(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return MISSING
    return str(first) if first == last else f"{first}–{last}"


@dataclass
class _Context:
    connection: duckdb.DuckDBPyConnection
    geographies: dict[str, str]  # geography code: Vietnamese name, with its end date if ended
    sectors: dict[str, str]  # three-sector and key-sector group codes: Vietnamese names
    base_year: int  # of the constant prices
    decimals: int
    updated: str


def _geography_names(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    names: dict[str, str] = {}
    # a code reused across the 2025 reform: the unit valid last names it
    for code, name, valid_to in _rows(
        connection,
        "SELECT geography_code, name_vi, valid_to FROM marts.dim_geography "
        "ORDER BY geography_code, valid_from",
    ):
        ended = f" (đến {valid_to:%d/%m/%Y})" if isinstance(valid_to, date) else ""
        names[code] = f"{name}{ended}"
    return names


# --- The headline sheet ----------------------------------------------------------------------

ROMAN = ("I", "II", "III", "IV", "V", "VI")


def _headline(book: _Book, ctx: _Context, counts: dict[str, int]) -> list[str]:
    """The first sheet; returns the geographies it shows, current ones first."""
    con = ctx.connection
    geographies = [
        code
        for code, _ in _rows(
            con,
            """
            SELECT p.geography_code, bool_or(g.valid_to IS NOT NULL) AS ended
            FROM marts.fct_decision36_progress p JOIN marts.dim_geography g USING (geography_code)
            GROUP BY ALL ORDER BY ended, p.geography_code
            """,
        )
    ]
    (first_plan_year,) = _rows(con, "SELECT min(first_year) FROM reference.analysis_periods")[0]
    lp = {
        (g, s, y): (cur, con_, growth, obs, conf, origin)
        for g, s, y, cur, con_, growth, obs, conf, origin in _rows(
            con,
            """
            SELECT geography_code, sector_code, year, labour_productivity_current_mvnd,
                   labour_productivity_constant_2010_mvnd, labour_productivity_real_growth_pct,
                   obs_status, conf_status, data_origin
            FROM marts.fct_labour_productivity WHERE list_contains(?, geography_code)
            """,
            geographies,
        )
    }
    tfp = {
        (g, s, y): (share, obs, conf, origin)
        for g, s, y, share, obs, conf, origin in _rows(
            con,
            """
            SELECT geography_code, sector_code, year, tfp_share_of_growth_pct, obs_status,
                   conf_status, data_origin
            FROM marts.fct_growth_accounting WHERE list_contains(?, geography_code)
            """,
            geographies,
        )
    }
    last_year = max(y for (_, _, y) in lp)
    # from the year before the first plan period: the level each plan period's growth runs from
    years = list(range(first_plan_year - 1, last_year + 1))
    sectors = [s for s in ctx.sectors if any(k[1] == s for k in lp)]
    total = sectors[0]
    first_year_col = 3
    code_col = first_year_col + len(years)
    sheet = _Sheet(book, "Chỉ tiêu chính", code_col + 1)
    sheet.caps = {0: 30.0, 1: 20.0}
    sheet.uniform = [range(first_year_col, code_col)]
    row = sheet.title_rows(
        "CÁC CHỈ TIÊU CHÍNH VỀ NĂNG SUẤT LAO ĐỘNG, NĂNG SUẤT CÁC NHÂN TỐ TỔNG HỢP (TFP) "
        "VÀ MỤC TIÊU QUYẾT ĐỊNH 36/QĐ-TTg",
        f"Mỗi mục A, B là một địa bàn; năm {years[0]}–{years[-1]}; giá hiện hành và giá so "
        f"sánh năm {ctx.base_year}. {ctx.updated}",
    )
    header_row = row
    sheet.header(row, ["Chỉ tiêu", "Đơn vị tính", "Loại giá", *years, "Mã"])
    row += 1
    base = ctx.base_year
    sections: list[tuple[str, str, str, list[str], Any]] = [
        (
            "Năng suất lao động theo giá hiện hành",
            "triệu đồng/lao động",
            "Giá hiện hành",
            sectors,
            lambda g, s, y: _lp(lp, g, s, y, 0),
        ),
        (
            f"Năng suất lao động theo giá so sánh {base}",
            "triệu đồng/lao động",
            f"Giá so sánh {base}",
            sectors,
            lambda g, s, y: _lp(lp, g, s, y, 1),
        ),
        (
            f"Tốc độ tăng năng suất lao động (theo giá so sánh {base})",
            "% so với năm trước",
            f"Giá so sánh {base}",
            sectors,
            lambda g, s, y: _lp(lp, g, s, y, 2),
        ),
        (
            "Tỷ lệ đóng góp của TFP vào tăng trưởng",
            "% tốc độ tăng trưởng",
            f"Giá so sánh {base}",
            [total],
            lambda g, s, y: _tfp(tfp, g, s, y),
        ),
    ]
    rows_written = 0
    for letter, geo in zip("ABCDEFGH", geographies, strict=False):
        origins = {v[5] for k, v in lp.items() if k[0] == geo}
        origins |= {v[3] for k, v in tfp.items() if k[0] == geo}
        sheet.origins |= origins
        note = " – số liệu mô phỏng" if "synthetic" in origins else ""
        sheet.put(row, 0, f"{letter}. {ctx.geographies[geo]}{note}", BLOCK, last_col=code_col - 1)
        sheet.put(row, code_col, geo, {**BLOCK, "text_wrap": False, "align": "left", "indent": 1})
        row += 1
        for number, (title, unit, price, section_sectors, get) in zip(
            ROMAN, sections, strict=False
        ):
            sheet.put(row, 0, f"{number}. {title}", SECTION, last_col=code_col - 1)
            sheet.put(row, code_col, None, SECTION)
            row += 1
            for sector in section_sectors:
                label = ctx.sectors[sector]
                style = TEXT if sector == total else SUB_ITEM
                sheet.put(row, 0, label, style)
                sheet.put(row, 1, unit, TEXT)
                sheet.put(row, 2, price, TEXT)
                for col, year in enumerate(years, start=first_year_col):
                    sheet.figure(row, col, get(geo, sector, year), ctx.decimals)
                sheet.put(row, code_col, sector, CODE)
                row += 1
                rows_written += 1

    # Table 2 (second page): the Decision 36 targets, as in the Decision 36 sheet
    row += 1
    sheet.ws.set_h_pagebreaks([row])
    sheet.put(
        row,
        0,
        "Tiến độ thực hiện mục tiêu Quyết định 36/QĐ-TTg (giá trị theo giả định trung tâm)",
        TABLE_TITLE,
        role="title",
        last_col=code_col,
    )
    row += 1
    c = first_year_col
    # the Decision 36 fields stand in the year columns (seven at least: the years run from
    # the year before the first plan period to 2021 or later), the last two merged for text
    sheet.header(row, ["Mục tiêu", "Đơn vị tính", "Loại giá"])
    sheet.header(
        row,
        [
            "Số liệu các năm",
            "Thực hiện",
            "Mục tiêu",
            "Chênh lệch (điểm %; dương = vượt mục tiêu)",
            ("Đánh giá", c + 5),
            None,
            ("Độ vững của đánh giá (theo các giả định tính TFP)", code_col - 1),
        ],
        c,
    )
    sheet.header(row, ["Mã"], code_col)
    row += 1
    d36 = _d36_rows(con)
    for letter, geo in zip("ABCDEFGH", geographies, strict=False):
        sheet.put(row, 0, f"{letter}. {ctx.geographies[geo]}", BLOCK, last_col=code_col - 1)
        sheet.put(row, code_col, geo, {**BLOCK, "text_wrap": False, "align": "left", "indent": 1})
        row += 1
        for r in (r for r in d36 if r["geography_code"] == geo):
            sheet.origins.add(r["data_origin"])
            label = f"{MEASURE_VI[r['measure']]}, giai đoạn {r['first_year']}–{r['target_year']}"
            sheet.put(row, 0, label, TEXT)
            sheet.put(row, 1, _unit_vi(r["unit"]), TEXT)
            sheet.put(row, 2, _price_vi(r["price_basis"], r["price_base_year"]), TEXT)
            sheet.put(row, c, _span(r["first_year"], r["last_year"]), CENTRE)
            sheet.figure(row, c + 1, Figure(r["value"], r["obs_status"]), ctx.decimals)
            sheet.number(row, c + 2, r["target_value"], ctx.decimals)
            sheet.number(row, c + 3, r["gap"], ctx.decimals)
            sheet.put(
                row, c + 4, STATUS_VI[r["status"]], {**TEXT, "align": "center"}, last_col=c + 5
            )
            sheet.put(row, c + 6, MET_UNDER_VI[r["met_under"]], TEXT, last_col=code_col - 1)
            sheet.put(row, code_col, r["target_code"], CODE)
            row += 1

    # Table 3: the shift-share decomposition by plan period
    row += 1
    periods = _rows(
        con, "SELECT period_code, first_year, last_year FROM reference.analysis_periods ORDER BY 2"
    )
    sheet.put(
        row,
        0,
        f"Phân tích tăng năng suất lao động theo thời kỳ kế hoạch (giá so sánh {base}): "
        "tăng trong nội bộ ngành và do chuyển dịch lao động giữa các ngành",
        TABLE_TITLE,
        role="title",
        last_col=code_col,
    )
    row += 1
    sheet.header(row, ["Chỉ tiêu", "Đơn vị tính", "Loại giá"])
    sheet.header(row, [f"{a}–{b}" for _, a, b in periods], first_year_col)
    row += 1
    # no code column here: the components are the mart's columns, named in the notes sheet
    last_period_col = first_year_col + len(periods) - 1
    shares = {
        (g, p): r
        for g, p, *r in _rows(
            con,
            """
            SELECT geography_code, period_code, total_growth_pct, average_annual_growth_pct,
                   within_effect_pp, static_shift_pp, dynamic_shift_pp, tax_effect_pp,
                   obs_status, conf_status, data_origin
            FROM marts.fct_shift_share WHERE period_code <> 'consecutive_years'
            """,
        )
    }
    components = [
        ("Tăng năng suất lao động cả thời kỳ", "%", False),
        ("Tăng bình quân năm", "%/năm", False),
        ("Do tăng năng suất trong nội bộ ngành", "điểm %", True),
        ("Do chuyển dịch lao động giữa các ngành (tĩnh)", "điểm %", True),
        ("Do chuyển dịch sang ngành có năng suất tăng (động)", "điểm %", True),
        ("Do thuế sản phẩm trừ trợ cấp sản phẩm", "điểm %", True),
    ]
    for letter, geo in zip("ABCDEFGH", geographies, strict=False):
        sheet.put(row, 0, f"{letter}. {ctx.geographies[geo]}", BLOCK, last_col=last_period_col)
        row += 1
        for i, (label, unit, indent) in enumerate(components):
            style = SUB_ITEM if indent else TEXT
            sheet.put(row, 0, label, style)
            sheet.put(row, 1, unit, TEXT)
            sheet.put(row, 2, f"Giá so sánh {base}", TEXT)
            for col, (period, _, _) in enumerate(periods, start=first_year_col):
                share = shares.get((geo, period))
                if share is None:
                    sheet.figure(row, col, None, ctx.decimals)
                    continue
                sheet.origins.add(share[8])
                sheet.figure(row, col, Figure(share[i], share[6], share[7]), ctx.decimals)
            row += 1
    sheet.finish(freeze=(header_row + 1, 1), repeat=(0, 3))
    counts[sheet.name] = rows_written
    return geographies


def _lp(lp: dict[tuple[str, str, int], tuple[Any, ...]], g: str, s: str, y: int, i: int) -> Any:
    r = lp.get((g, s, y))
    return None if r is None else Figure(r[i], r[3], r[4])


def _tfp(tfp: dict[tuple[str, str, int], tuple[Any, ...]], g: str, s: str, y: int) -> Any:
    r = tfp.get((g, s, y))
    return None if r is None else Figure(r[0], r[1], r[2])


def _d36_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cursor = con.execute(
        """
        SELECT * FROM marts.fct_decision36_progress
        ORDER BY measure, geography_code, target_year
        """
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


# --- Labour productivity chart -----------------------------------------------------------------

CHART_COLUMNS = 9  # empty columns the chart stands over, to the right of its data


def _lp_chart(book: _Book, ctx: _Context, geo: str, counts: dict[str, int]) -> None:
    """The line chart of labour productivity by sector, beside the figures it draws."""
    rows = _rows(
        ctx.connection,
        """
        SELECT year, sector_code, labour_productivity_constant_2010_mvnd, obs_status,
               conf_status, data_origin
        FROM marts.fct_labour_productivity WHERE geography_code = ?
        """,
        geo,
    )
    data = {(r[0], r[1]): r for r in rows}
    years = sorted({r[0] for r in rows})
    sectors = [s for s in ctx.sectors if any(r[1] == s for r in rows)]
    table_columns = 1 + len(sectors)
    sheet = _Sheet(book, "Biểu đồ NSLĐ", table_columns + 1 + CHART_COLUMNS)
    sheet.caps = {c: 16.0 for c in range(1, table_columns)}
    sheet.origins = {r[5] for r in rows}
    base = ctx.base_year
    row = sheet.title_rows(
        f"NĂNG SUẤT LAO ĐỘNG THEO NGÀNH KINH TẾ, GIÁ SO SÁNH {base}",
        f"{ctx.geographies[geo]}; năm {years[0]}–{years[-1]}; đơn vị tính: triệu đồng/lao động "
        f"(giá so sánh {base}). {ctx.updated}",
    )
    header_row = row
    sheet.header(row, ["Năm", *(ctx.sectors[s] for s in sectors)])
    for r, year in enumerate(years, start=row + 1):
        sheet.number(r, 0, year, None, CENTRE)
        for col, sector in enumerate(sectors, start=1):
            found = data.get((year, sector))
            if found is None or found[2] is None:
                # a gap in the line, where a marker text would be drawn as zero
                sheet.put(r, col, None, NUMBER)
            else:
                sheet.figure(r, col, Figure(found[2], found[3], found[4]), ctx.decimals)
    first, last = row + 1, row + len(years)
    chart = book.workbook.add_chart({"type": "line"})
    for col in range(1, len(sectors) + 1):
        chart.add_series(
            {
                "name": [sheet.name, header_row, col],
                "categories": [sheet.name, first, 0, last, 0],
                "values": [sheet.name, first, col, last, col],
                "marker": {"type": "circle", "size": 4},
                "line": {"width": 2.5 if col == 1 else 1.5},
            }
        )
    chart.set_title(
        {
            "name": f"Năng suất lao động theo ngành, giá so sánh {base}",
            "name_font": {"size": 12},
        }
    )
    chart.set_x_axis({"name": "Năm"})
    chart.set_y_axis(
        {"name": "triệu đồng/lao động", "num_format": "#,##0", "major_gridlines": {"visible": 1}}
    )
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 760, "height": max(420, 21 * (len(years) + 1))})
    sheet.ws.insert_chart(header_row, table_columns + 1, chart, {"x_offset": 4, "y_offset": 2})
    sheet.finish(freeze=(header_row + 1, 1), repeat=(0, header_row))
    counts[sheet.name] = len(years)


# --- Key-sector scorecards -----------------------------------------------------------------------


def _scorecard(book: _Book, ctx: _Context, key_sector: str, counts: dict[str, int]) -> None:
    """One row per indicator: its values from the target's base year, then where it stands."""
    cursor = ctx.connection.execute(
        """
        SELECT s.*, c.position
        FROM marts.fct_key_sector_scorecard s
        LEFT JOIN (
            SELECT indicator_code, row_number() OVER () AS position
            FROM reference.productivity_criteria
        ) c USING (indicator_code)
        WHERE s.key_sector = ?
        ORDER BY c.position, s.indicator_code, s.year
        """,
        [key_sector],
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    indicators: dict[str, dict[int, dict[str, Any]]] = {}
    for r in rows:
        indicators.setdefault(r["indicator_code"], {})[r["year"]] = r
    base_year = min(r["base_year"] for r in rows)
    last_year = max(r["year"] for r in rows)
    target_years = sorted({r["target_year"] for r in rows})
    years = list(range(base_year, last_year + 1))
    y = last_year
    first_year_col = 4
    assess = first_year_col + len(years)
    code_col = assess + 11
    sheet = _Sheet(book, SECTOR_SHEETS[key_sector], code_col + 1)
    sheet.caps = {0: 30.0, 1: 14.0, 2: 10.0, 3: 10.0, assess + 10: 22.0}
    geographies = sorted({ctx.geographies[r["geography_code"]] for r in rows})
    row = sheet.title_rows(
        SECTOR_TITLES[key_sector],
        f"{'; '.join(geographies)}; năm gốc {base_year}, mục tiêu đến năm "
        f"{', '.join(map(str, target_years))}; đánh giá năm {y}. Các năm trước năm gốc có "
        f"trong bảng marts.fct_key_sector_scorecard. {ctx.updated}",
    )
    header_row = row
    sheet.header(
        row,
        [
            "Chỉ tiêu",
            "Đơn vị tính",
            "Loại giá",
            "Chiều đánh giá",
            *years,
            "Mục tiêu mức (theo đơn vị tính)",
            "Mục tiêu tăng bình quân (%/năm)",
            "Năm mục tiêu",
            f"Tăng bình quân từ năm gốc đến năm {y} (%/năm)",
            f"Lộ trình đến mục tiêu, năm {y} (theo đơn vị tính)",
            f"Chênh lệch so với mục tiêu mức, năm {y} (theo đơn vị tính; dương = tốt hơn)",
            f"Chênh lệch so với mục tiêu tăng, năm {y} (điểm %; dương = tốt hơn)",
            f"Đánh giá năm {y}",
            "Xu hướng so với năm trước",
            f"Số doanh nghiệp năm {y}",
            "Nguồn số liệu",
            "Mã chỉ tiêu",
        ],
    )
    d = ctx.decimals
    for line, (code, by_year) in enumerate(indicators.items(), start=header_row + 1):
        row = line
        first = next(iter(by_year.values()))
        now = by_year.get(y)
        sheet.put(row, 0, first["indicator_name_vi"], TEXT)
        sheet.put(row, 1, _unit_vi(first["unit"]), TEXT)
        sheet.put(row, 2, _price_vi(first["price_basis"], first["price_base_year"]), TEXT)
        sheet.put(row, 3, DIRECTION_VI[first["direction"]], TEXT)
        for col, year in enumerate(years, start=first_year_col):
            found = by_year.get(year)
            figure = (
                None
                if found is None
                else Figure(found["value"], found["obs_status"], found["conf_status"])
            )
            sheet.figure(row, col, figure, d)
        level = first["target_type"] == "level"
        sheet.number(row, assess, first["target_value"] if level else None, d)
        sheet.number(row, assess + 1, None if level else first["target_value"], d)
        sheet.number(row, assess + 2, first["target_year"], None, CENTRE)
        if now is None:
            for col in range(assess + 3, assess + 10):
                sheet.marker(row, col, MISSING)
        else:
            sheet.origins.add(now["data_origin"])
            withheld = now["conf_status"] not in {None, "F"}
            # the mart's gap is value - target: turned so that positive is better whichever
            # way the indicator is read (for a lower-is-better one, below the target is good)
            gap = now["gap"]
            if gap is not None and first["direction"] == "lower":
                gap = -gap
            growth = Figure(now["average_growth_pct"], now["obs_status"], now["conf_status"])
            path = Figure(now["path_value"], now["obs_status"], now["conf_status"])
            gap_figure = Figure(gap, now["obs_status"], now["conf_status"])
            sheet.figure(row, assess + 3, None if level else growth, d)
            sheet.figure(row, assess + 4, path if level else None, d)
            sheet.figure(row, assess + 5, gap_figure if level else None, d)
            sheet.figure(row, assess + 6, None if level else gap_figure, d)
            sheet.put(row, assess + 7, STATUS_VI[now["status"]], {**TEXT, "align": "center"})
            if withheld:  # a trend would tell which way the withheld value moved
                sheet.marker(row, assess + 8, f"{SUPPRESSED} ({now['conf_status']})", SUPPRESSED)
            else:
                sheet.put(row, assess + 8, TREND_VI.get(now["trend"] or "", MISSING), TEXT)
            count = now["enterprise_count"]  # published even when the value is withheld
            if count is None:
                sheet.put(row, assess + 9, None, NUMBER)  # a figure of the statistics office
            else:
                sheet.number(row, assess + 9, count, 0)
            source = DATA_SOURCE_VI.get(now["data_source"], now["data_source"])
            origin = ORIGIN_VI.get(now["data_origin"], now["data_origin"])
            sheet.put(row, assess + 10, f"{source} ({origin})", TEXT)
        sheet.put(row, code_col, code, CODE)
    sheet.finish(freeze=(header_row + 1, 1), repeat=(0, header_row))
    counts[sheet.name] = len(indicators)


# --- Decision 36 -------------------------------------------------------------------------------


def _decision36(book: _Book, ctx: _Context, counts: dict[str, int]) -> None:
    """Every target with its band under the TFP assumptions, and charts of value vs target."""
    rows = _d36_rows(ctx.connection)
    sheet = _Sheet(book, "Quyết định 36", 17)
    sheet.caps = {0: 24.0, 1: 20.0, 3: 12.0, 4: 11.0, 14: 24.0}
    row = sheet.title_rows(
        "TIẾN ĐỘ THỰC HIỆN MỤC TIÊU QUYẾT ĐỊNH 36/QĐ-TTg VỀ NĂNG SUẤT LAO ĐỘNG VÀ ĐÓNG GÓP CỦA TFP",
        "Giá trị thực hiện theo giả định trung tâm, kèm giá trị thấp nhất và cao nhất theo các "
        f"giả định tính TFP (xem sheet Ghi chú). {ctx.updated}",
    )
    header_row = row
    sheet.header(
        row,
        [
            "Chỉ tiêu",
            "Địa bàn",
            "Giai đoạn mục tiêu",
            "Đơn vị tính",
            "Loại giá",
            "Số liệu các năm",
            "Thực hiện (giả định trung tâm)",
            "Thấp nhất theo các giả định",
            "Cao nhất theo các giả định",
            "Mục tiêu",
            "Chênh lệch so với mục tiêu (điểm %; dương = vượt mục tiêu)",
            "Ngưỡng đúng tiến độ (điểm % dưới mục tiêu)",
            "Đánh giá",
            "Số giả định đạt mục tiêu",
            "Độ vững của đánh giá",
            "Mã địa bàn",
            "Mã mục tiêu",
        ],
    )
    d = ctx.decimals
    first = row + 1
    for row, r in enumerate(rows, start=first):
        sheet.origins.add(r["data_origin"])
        flags = (r["obs_status"], r["conf_status"])
        sheet.put(row, 0, MEASURE_VI[r["measure"]], TEXT)
        sheet.put(row, 1, ctx.geographies[r["geography_code"]], TEXT)
        sheet.put(row, 2, _span(r["first_year"], r["target_year"]), CENTRE)
        sheet.put(row, 3, _unit_vi(r["unit"]), TEXT)
        sheet.put(row, 4, _price_vi(r["price_basis"], r["price_base_year"]), TEXT)
        sheet.put(row, 5, _span(r["first_year"], r["last_year"]), CENTRE)
        sheet.figure(row, 6, Figure(r["value"], *flags), d)
        sheet.figure(row, 7, Figure(r["band_low"], *flags), d)
        sheet.figure(row, 8, Figure(r["band_high"], *flags), d)
        sheet.number(row, 9, r["target_value"], d)
        sheet.figure(row, 10, Figure(r["gap"], *flags), d)
        sheet.number(row, 11, r["on_track_margin"], d)
        sheet.put(row, 12, STATUS_VI[r["status"]], {**TEXT, "align": "center"})
        sheet.put(row, 13, f"{r['assumptions_met']}/{r['assumptions_total']}", CENTRE)
        sheet.put(row, 14, MET_UNDER_VI[r["met_under"]], TEXT)
        sheet.put(row, 15, r["geography_code"], CODE)
        sheet.put(row, 16, r["target_code"], CODE)
    # one chart per measure: their units differ (% a year, % of growth)
    chart_row = first + len(rows) + 1
    x_offset = 0
    for measure in dict.fromkeys(r["measure"] for r in rows):
        index = [i for i, r in enumerate(rows) if r["measure"] == measure]
        top, bottom = first + index[0], first + index[-1]
        chosen = [rows[i] for i in index]
        chart = book.workbook.add_chart({"type": "column"})
        actual: dict[str, Any] = {
            "name": [sheet.name, header_row, 6],
            "categories": [sheet.name, top, 1, bottom, 2],
            "values": [sheet.name, top, 6, bottom, 6],
            "data_labels": {"value": True, "num_format": "0.00"},
            "fill": {"color": "#2F75B5"},
        }
        chart.add_series(actual)
        chart.add_series(
            {
                "name": [sheet.name, header_row, 9],
                "categories": [sheet.name, top, 1, bottom, 2],
                "values": [sheet.name, top, 9, bottom, 9],
                "data_labels": {"value": True, "num_format": "0.00"},
                "fill": {"color": "#BFBFBF"},
            }
        )
        unit = _unit_vi(chosen[0]["unit"])
        chart.set_title(
            {"name": f"{MEASURE_VI[measure]}: thực hiện và mục tiêu", "name_font": {"size": 11}}
        )
        # bars start at zero, or their lengths would not compare
        chart.set_y_axis(
            {"name": unit, "num_format": "0", "min": 0, "major_gridlines": {"visible": 1}}
        )
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 700, "height": 400})
        sheet.ws.insert_chart(chart_row, 0, chart, {"x_offset": x_offset, "y_offset": 8})
        x_offset += 720
    sheet.finish(freeze=(header_row + 1, 2), repeat=(0, header_row))
    counts[sheet.name] = len(rows)


# --- Research ----------------------------------------------------------------------------------


def _research(book: _Book, ctx: _Context, counts: dict[str, int]) -> None:
    rows = _rows(
        ctx.connection,
        """
        SELECT theme_vi, min(acceptance_year), max(acceptance_year), sum(task_count),
               sum(budget_mvnd), sum(transferred_count), sum(recipient_count),
               sum(enterprise_recipient_count), list_distinct(list(data_origin)),
               list_distinct(list(geography_code))
        FROM marts.fct_research_results_by_theme
        GROUP BY theme_vi ORDER BY sum(task_count) DESC, theme_vi
        """,
    )
    sheet = _Sheet(book, "Kết quả nghiên cứu", 8)
    sheet.caps = {0: 30.0}
    geographies = sorted({ctx.geographies[g] for r in rows for g in r[9]})
    first_year = min(r[1] for r in rows)
    last_year = max(r[2] for r in rows)
    row = sheet.title_rows(
        f"KẾT QUẢ NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH NGHIỆM THU {first_year}–{last_year}, "
        "THEO CHỦ ĐỀ",
        f"{'; '.join(geographies)}; kinh phí theo giá hiện hành của các năm chi. {ctx.updated}",
    )
    header_row = row
    sheet.header(
        row,
        [
            "Chủ đề",
            "Năm nghiệm thu",
            "Số nhiệm vụ",
            "Kinh phí (triệu đồng, giá hiện hành)",
            "Số nhiệm vụ đã chuyển giao kết quả",
            "Số lượt đơn vị tiếp nhận kết quả",
            "Trong đó: lượt doanh nghiệp tiếp nhận",
            "Loại giá của kinh phí",
        ],
    )
    totals = [0, 0.0, 0, 0, 0]
    for line, r in enumerate(rows, start=header_row + 1):
        row = line
        sheet.origins |= set(r[8])
        sheet.put(row, 0, r[0], TEXT)
        sheet.put(row, 1, _span(r[1], r[2]), CENTRE)
        for col, value in enumerate(r[3:8], start=2):
            sheet.number(row, col, value, 0)
            totals[col - 2] += value
        sheet.put(row, 7, "Giá hiện hành", TEXT)
    row += 1
    bold = {**NUMBER, "bold": True}
    sheet.put(row, 0, "Tổng số", {**TEXT, "bold": True})
    sheet.put(row, 1, _span(first_year, last_year), {**CENTRE, "bold": True})
    for col, value in enumerate(totals, start=2):
        sheet.number(row, col, value, 0, bold)
    sheet.put(row, 7, "Giá hiện hành", TEXT)
    sheet.finish(freeze=(header_row + 1, 1), repeat=(0, header_row))
    counts[sheet.name] = len(rows)


def _impact(book: _Book, ctx: _Context, counts: dict[str, int]) -> None:
    rows = _rows(
        ctx.connection,
        """
        SELECT group_code, treated_enterprises, control_enterprises, treated_with_few_controls,
               first_treatment_year, last_treatment_year, first_year_used, last_year_used,
               estimate_pct, ci95_low_pct, ci95_high_pct, obs_status, conf_status, data_origin,
               geography_code
        FROM marts.fct_research_transfer_impact
        ORDER BY group_code <> 'all', group_code
        """,
    )
    sheet = _Sheet(book, "Tác động chuyển giao", 10)
    sheet.caps = {0: 28.0}
    geographies = sorted({ctx.geographies[r[14]] for r in rows})
    row = sheet.title_rows(
        "TÁC ĐỘNG CỦA VIỆC TIẾP NHẬN KẾT QUẢ NGHIÊN CỨU ĐẾN NĂNG SUẤT LAO ĐỘNG CỦA DOANH NGHIỆP "
        "(PHƯƠNG PHÁP KHÁC BIỆT KÉP)",
        f"{'; '.join(geographies)}; năng suất lao động là giá trị tăng thêm trên một lao động "
        "bình quân theo giá hiện hành (mặt bằng giá chung triệt tiêu trong khác biệt kép); "
        f"tác động tính bằng % thay đổi năng suất lao động. {ctx.updated}",
    )
    header_row = row
    sheet.header(
        row,
        [
            "Nhóm doanh nghiệp",
            "Số doanh nghiệp tiếp nhận",
            "Số doanh nghiệp đối chứng",
            "Số doanh nghiệp tiếp nhận có dưới 3 doanh nghiệp đối chứng",
            "Năm tiếp nhận kết quả",
            "Năm điều tra được sử dụng",
            "Tác động ước tính đến năng suất lao động (%)",
            "Khoảng tin cậy 95 %: cận dưới (%)",
            "Khoảng tin cậy 95 %: cận trên (%)",
            "Mã nhóm",
        ],
    )
    for line, r in enumerate(rows, start=header_row + 1):
        row = line
        sheet.origins.add(r[13])
        name = IMPACT_ALL_VI if r[0] == "all" else ctx.sectors[r[0]]
        sheet.put(row, 0, name, TEXT)
        for col in (1, 2, 3):
            sheet.number(row, col, r[col], 0)
        sheet.put(row, 4, _span(r[4], r[5]), CENTRE)
        sheet.put(row, 5, _span(r[6], r[7]), CENTRE)
        for col, value in zip((6, 7, 8), r[8:11], strict=True):
            sheet.figure(row, col, Figure(value, r[11], r[12]), ctx.decimals)
        sheet.put(row, 9, r[0], CODE)
    sheet.finish(freeze=(header_row + 1, 1), repeat=(0, header_row))
    counts[sheet.name] = len(rows)


# --- Notes -------------------------------------------------------------------------------------


def _notes(book: _Book, ctx: _Context, counts: dict[str, int]) -> None:
    con = ctx.connection
    sheet = _Sheet(book, "Ghi chú", 2)
    sheet.caps = {0: 18.0, 1: 110.0}
    d = ctx.decimals
    minimum, dominance_n, dominance_k = (
        parameter(name)
        for name in (
            "disclosure_min_enterprises",
            "disclosure_dominance_n",
            "disclosure_dominance_k",
        )
    )
    margins = _rows(
        con,
        "SELECT measure, max(on_track_margin) FROM marts.fct_decision36_progress GROUP BY 1",
    )
    margin_text = "; ".join(f"{MEASURE_VI[m]}: {v:g} điểm %" for m, v in margins)
    row = sheet.title_rows("GHI CHÚ: KÝ HIỆU, QUY TẮC ĐÁNH GIÁ VÀ NGUỒN SỐ LIỆU", ctx.updated)
    header_row = row
    sheet.header(row, ["Ký hiệu, mục", "Giải thích"])
    row += 1

    def section(title: str) -> None:
        nonlocal row
        sheet.put(row, 0, title, SECTION, last_col=1)
        row += 1

    def line(term: str, text: str) -> None:
        nonlocal row
        sheet.put(row, 0, term, {**TEXT, "bold": True})
        sheet.put(row, 1, text, TEXT)
        row += 1

    origins = book.origins
    section("1. Ký hiệu trong các ô số liệu")
    for code, name in _rows(con, "SELECT code, name_vi FROM reference.sdmx_obs_status ORDER BY 1"):
        used = " Có trong sổ này." if code in book.flags else ""
        line(f"({code})", f"{name}. {FLAG_SHOWN_VI.get(code, '')}{used}".strip())
    for code, name in _rows(
        con, "SELECT code, name_vi FROM reference.sdmx_conf_status ORDER BY code <> 'F', code"
    ):
        if code == "F":
            line("Không ghi ký hiệu", f"Cờ bảo mật F – {name}: số liệu được công bố.")
        else:
            used = " Có trong sổ này." if code in book.conf else ""
            line(f"{SUPPRESSED} ({code})", f"Bị ẩn, cờ bảo mật {code}: {name}.{used}")
    line(MISSING, "Không có số liệu (chưa có, hoặc đơn vị hành chính không còn tồn tại).")
    line(WITHHELD + " (B)", "Không tính: tốc độ tăng hoặc phân tích vượt qua điểm gián đoạn.")
    line(
        "Mô phỏng",
        "Số liệu được tạo từ bộ dữ liệu mẫu MÔ PHỎNG (synthetic) kèm theo phần mềm, không phải "
        "số liệu thống kê chính thức; mỗi sheet có dòng cảnh báo màu đỏ khi có số liệu mô phỏng."
        + (" Sổ này có số liệu mô phỏng." if "synthetic" in origins else ""),
    )
    line(
        "Số thập phân",
        f"Số liệu hiển thị {d} chữ số thập phân; ô vẫn giữ giá trị đầy đủ. Trạng thái đánh giá "
        f"được quyết định trên giá trị đã làm tròn đến {d} chữ số thập phân, đúng như số hiển thị.",
    )

    section("2. Quy tắc đánh giá")
    line(
        "Mục tiêu mức",
        "Đạt khi giá trị đã đạt mục tiêu (≥ nếu càng cao càng tốt, ≤ nếu càng thấp càng tốt); "
        "Đúng tiến độ khi chưa đạt nhưng bằng hoặc vượt lộ trình tuyến tính từ giá trị năm gốc "
        "đến mục tiêu tại năm mục tiêu; còn lại Chậm tiến độ.",
    )
    line(
        "Mục tiêu tăng",
        "Đạt khi tốc độ tăng bình quân năm từ năm gốc đạt mục tiêu; Đúng tiến độ khi thấp hơn "
        "mục tiêu không quá 1 điểm %; còn lại Chậm tiến độ. Với chỉ tiêu càng thấp càng tốt, "
        "mục tiêu là mức giảm (tốc độ tăng âm).",
    )
    line(
        "Chênh lệch",
        "Chênh lệch luôn được trình bày sao cho số dương là tốt hơn mục tiêu và số âm là kém hơn, "
        "kể cả với chỉ tiêu càng thấp càng tốt (khi đó dấu ngược với hiệu giá trị trừ mục tiêu).",
    )
    line(
        "Quyết định 36",
        "Đánh giá theo giá trị của giả định trung tâm: Đạt khi đạt mục tiêu; Đúng tiến độ khi "
        f"thấp hơn mục tiêu không quá ngưỡng ({margin_text}) và chưa có số liệu năm mục tiêu; "
        "còn lại Chậm tiến độ. Độ vững "
        "cho biết mục tiêu có đạt theo mọi giả định tính TFP hay không.",
    )
    line("Xu hướng", "So sánh với năm trước theo chiều tốt lên của chỉ tiêu.")
    line(
        "Năm gốc",
        "Các năm đến hết năm gốc không được đánh giá; giá trị bị ẩn cũng không được đánh giá.",
    )

    section("3. Bảo mật thống kê")
    line(
        "Ngưỡng",
        f"Không công bố ô có dưới {minimum:.0f} doanh nghiệp, hoặc ô mà {dominance_n:.0f} "
        f"doanh nghiệp lớn nhất chiếm trên {dominance_k:.0%} giá trị; khi đó ô ghi "
        f"'{SUPPRESSED}' thay cho số.",
    )

    section("4. Gián đoạn chuỗi số liệu và định nghĩa lao động")
    for code, year, text in _rows(
        con, "SELECT break_code, first_year, description_vi FROM reference.series_breaks ORDER BY 2"
    ):
        line(f"Từ năm {year}", f"{text} (mã {code})")
    for code, first, last, text in _rows(
        con,
        "SELECT employment_definition, first_year, last_year, description_vi "
        "FROM reference.employment_definitions ORDER BY first_year",
    ):
        until = f"{first}–{last}" if last < 2100 else f"Từ {first}"  # 2100: open-ended
        line(until, f"{text} (mã {code})")

    section("5. Các giả định tính TFP")
    for factor, level, central, text in _rows(
        con,
        "SELECT factor, level_code, is_central, description_vi FROM reference.tfp_assumption_grid",
    ):
        mark = " – giả định trung tâm" if central else ""
        line(f"{factor}: {level}", f"{text}{mark}")

    section("6. Nguồn của các bảng (bảng dữ liệu đã công bố và cột)")
    for term, text in SOURCES_VI:
        line(term, text)
    sheet.finish(freeze=(header_row + 1, 0), repeat=(0, header_row))
    counts[sheet.name] = row - header_row - 1


SOURCES_VI = (
    (
        "Chỉ tiêu chính",
        "I–III: marts.fct_labour_productivity (labour_productivity_current_mvnd, "
        "labour_productivity_constant_2010_mvnd, labour_productivity_real_growth_pct); IV: "
        "marts.fct_growth_accounting (tfp_share_of_growth_pct, tổng số); Quyết định 36: "
        "marts.fct_decision36_progress; phân tích theo thời kỳ: marts.fct_shift_share.",
    ),
    ("Biểu đồ NSLĐ", "marts.fct_labour_productivity (labour_productivity_constant_2010_mvnd)."),
    ("Thủy sản, Dệt may", "marts.fct_key_sector_scorecard; bộ tiêu chí: productivity_criteria."),
    ("Quyết định 36", "marts.fct_decision36_progress; từng giả định: fct_decision36_assumptions."),
    ("Kết quả nghiên cứu", "marts.fct_research_results_by_theme (cộng theo chủ đề)."),
    ("Tác động chuyển giao", "marts.fct_research_transfer_impact."),
)


# --- The workbook ------------------------------------------------------------------------------


def write_officials_workbook(
    connection: duckdb.DuckDBPyConnection, path: Path, published_at: datetime, run_id: str
) -> dict[str, int]:
    """Write the workbook to ``path``; return {sheet name: data rows}."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    # The decimals statuses are decided on (published_decimals): what the official reads is what
    # was compared with the target.
    decimals = int(parameter("published_decimals"))
    book = _Book(partial)
    book.flag_names = dict(_rows(connection, "SELECT code, name_vi FROM reference.sdmx_obs_status"))
    book.conf_names = dict(
        _rows(connection, "SELECT code, name_vi FROM reference.sdmx_conf_status")
    )
    stamp = published_at if published_at.tzinfo else published_at.replace(tzinfo=UTC)
    local = stamp.astimezone(UTC).replace(tzinfo=None) + VIETNAM_TIME
    (base_year,) = _rows(
        connection, "SELECT DISTINCT constant_price_base_year FROM marts.dim_year"
    )[0]
    ctx = _Context(
        connection=connection,
        geographies=_geography_names(connection),
        sectors=dict(
            _rows(
                connection,
                """
                SELECT sector_code, name_vi FROM marts.dim_sector
                WHERE classification IN ('three_sector', 'key_sector')
                ORDER BY classification DESC, level, sector_code
                """,
            )
        ),
        base_year=int(base_year),
        decimals=decimals,
        updated=f"Cập nhật {local:%H:%M} ngày {local:%d/%m/%Y} (giờ Việt Nam); lượt chạy {run_id}.",
    )
    counts: dict[str, int] = {}
    geographies = _headline(book, ctx, counts)
    _lp_chart(book, ctx, geographies[0], counts)
    for (key_sector,) in _rows(
        connection, "SELECT DISTINCT key_sector FROM marts.fct_key_sector_scorecard ORDER BY 1"
    ):
        if key_sector not in SECTOR_SHEETS:
            raise ValueError(
                f"no sheet name for key sector {key_sector!r}: add it to SECTOR_SHEETS"
            )
        _scorecard(book, ctx, key_sector, counts)
    _decision36(book, ctx, counts)
    _research(book, ctx, counts)
    _impact(book, ctx, counts)
    _notes(book, ctx, counts)
    synthetic = "synthetic" in book.origins
    book.workbook.set_properties(
        {
            "title": "Báo cáo năng suất tỉnh An Giang",
            "comments": _origin_banner({"synthetic"}) if synthetic else "",
            "created": stamp.astimezone(UTC).replace(tzinfo=None),
        }
    )
    book.workbook.close()
    os.replace(partial, path)
    return counts
