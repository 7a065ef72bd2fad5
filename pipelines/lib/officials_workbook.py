"""The Excel workbook for provincial officials: scorecards, Decision 36 progress, research.

One sheet per key sector, Vietnamese headers, the unit of every figure stated, and a notes
sheet with the rules behind the statuses. Written to a temporary file and moved into place,
so a reader never opens half a workbook.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.ingest.contracts import parameter

if TYPE_CHECKING:
    import duckdb

STATUS_VI = {
    "met": "Đạt",
    "on_track": "Đúng tiến độ",
    "off_track": "Chậm tiến độ",
    "baseline": "Năm gốc",
    "suppressed": "Không công bố (bảo mật thống kê)",
    "no_base": "Thiếu số liệu năm gốc",
}
TREND_VI = {"improving": "Cải thiện", "worsening": "Xấu đi", "stable": "Không đổi"}
PRICE_BASIS_VI = {
    "constant_2010": "Giá so sánh 2010",
    "current": "Giá hiện hành",
    "physical": "Hiện vật",
    "not_applicable": "Không áp dụng",
}
MET_UNDER_VI = {
    "every_assumption": "Đạt theo mọi giả định",
    "central_not_every": "Đạt theo giả định trung tâm, không đạt theo mọi giả định",
    "some_not_central": "Chỉ đạt theo một số giả định (không phải giả định trung tâm)",
    "none": "Không đạt theo giả định nào",
}
SECTOR_SHEETS = {"aquaculture": "Thủy sản", "textiles": "Dệt may"}
SECTOR_TITLES = {
    "aquaculture": "Thẻ điểm năng suất ngành thủy sản (nuôi trồng, chế biến, thức ăn thủy sản)",
    "textiles": "Thẻ điểm năng suất ngành dệt may",
}
SYNTHETIC_NOTE = "Dữ liệu mẫu là dữ liệu MÔ PHỎNG (synthetic), không phải số liệu chính thức."


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return connection.execute(sql, list(params)).fetchall()


def write_officials_workbook(
    connection: duckdb.DuckDBPyConnection, path: Path, published_at: datetime, run_id: str
) -> dict[str, int]:
    """Write the workbook to ``path``; return {sheet name: data rows}."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    workbook = xlsxwriter.Workbook(str(partial), {"remove_timezone": True})
    workbook.set_properties(
        {"title": "Báo cáo năng suất tỉnh An Giang", "comments": SYNTHETIC_NOTE}
    )
    bold = workbook.add_format({"bold": True})
    title = workbook.add_format({"bold": True, "font_size": 13})
    header = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
    )
    # The decimals statuses are decided on (published_decimals): what the official reads is what
    # was compared with the target.
    decimals = int(parameter("published_decimals"))
    number = workbook.add_format({"num_format": "#,##0." + "0" * decimals if decimals else "#,##0"})
    counts: dict[str, int] = {}

    def table(
        sheet_name: str, heading: str, columns: Sequence[str], rows: list[Sequence[Any]]
    ) -> None:
        sheet = workbook.add_worksheet(sheet_name)
        sheet.write(0, 0, heading, title)
        sheet.write(1, 0, SYNTHETIC_NOTE)
        sheet.write(
            2, 0, f"Cập nhật: {published_at:%d/%m/%Y %H:%M} UTC; lượt chạy Dagster {run_id}"
        )
        for col, name in enumerate(columns):
            sheet.write(4, col, name, header)
            sheet.set_column(col, col, 14 if col else 16)
        for r, row in enumerate(rows, start=5):
            for col, value in enumerate(row):
                if isinstance(value, float):
                    sheet.write_number(r, col, value, number)
                elif value is None:
                    sheet.write_blank(r, col, None)
                else:
                    sheet.write(r, col, value)
        sheet.freeze_panes(5, 0)
        counts[sheet_name] = len(rows)

    for sector, sheet_name in SECTOR_SHEETS.items():
        rows = _rows(
            connection,
            """
            SELECT indicator_code, indicator_name_vi, unit, price_basis, year, value, target_value,
                   CASE WHEN target_type = 'level' THEN 'mức' ELSE '% tăng bình quân/năm' END,
                   target_year, average_growth_pct, gap, status, trend, enterprise_count
            FROM marts.fct_key_sector_scorecard WHERE key_sector = ? ORDER BY indicator_code, year
            """,
            sector,
        )
        table(
            sheet_name,
            SECTOR_TITLES[sector],
            [
                "Mã chỉ tiêu",
                "Chỉ tiêu",
                "Đơn vị tính",
                "Loại giá",
                "Năm",
                "Giá trị",
                "Mục tiêu",
                "Loại mục tiêu",
                "Năm mục tiêu",
                "Tăng bình quân từ năm gốc (%/năm)",
                "Chênh lệch so với mục tiêu",
                "Đánh giá",
                "Xu hướng",
                "Số doanh nghiệp",
            ],
            [
                (
                    *r[:3],
                    PRICE_BASIS_VI.get(r[3], r[3]),
                    *r[4:11],
                    STATUS_VI.get(r[11], r[11]),
                    TREND_VI.get(r[12], r[12]),
                    r[13],
                )
                for r in rows
            ],
        )

    d36 = _rows(
        connection,
        """
        SELECT geography_code, target_code, first_year, last_year, value, band_low, band_high,
               target_value, target_year, gap, status, met_under, target_source
        FROM marts.fct_decision36_progress ORDER BY geography_code, target_code
        """,
    )
    table(
        "Quyết định 36",
        "Tiến độ thực hiện mục tiêu Quyết định 36/QĐ-TTg (năng suất lao động, đóng góp của TFP)",
        [
            "Địa bàn",
            "Mục tiêu",
            "Từ năm",
            "Đến năm",
            "Giá trị, giả định trung tâm (%)",
            "Thấp nhất theo các giả định (%)",
            "Cao nhất theo các giả định (%)",
            "Mục tiêu (%)",
            "Năm mục tiêu",
            "Chênh lệch (điểm %)",
            "Đánh giá",
            "Độ vững của đánh giá",
            "Căn cứ",
        ],
        [
            (*r[:10], STATUS_VI.get(r[10], r[10]), MET_UNDER_VI.get(r[11], r[11]), r[12])
            for r in d36
        ],
    )

    research = _rows(
        connection,
        """
        SELECT theme_vi, count(*) AS tasks, sum(budget_mvnd) AS budget,
               count(*) FILTER (WHERE transfer_status = 'transferred') AS transferred,
               sum(recipient_count) AS recipients, sum(enterprise_recipient_count) AS enterprises
        FROM marts.fct_research_results GROUP BY theme_vi ORDER BY theme_vi
        """,
    )
    table(
        "Kết quả nghiên cứu",
        "Kết quả nhiệm vụ KH&CN cấp tỉnh 2016-2020 theo chủ đề",
        [
            "Chủ đề",
            "Số nhiệm vụ",
            "Kinh phí (triệu đồng)",
            "Đã chuyển giao",
            "Số đơn vị tiếp nhận",
            "Số doanh nghiệp tiếp nhận",
        ],
        [(r[0], int(r[1]), float(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in research],
    )

    impact = _rows(
        connection,
        """
        SELECT group_code, treated_enterprises, control_enterprises, first_year_used,
               last_year_used, estimate_pct, ci95_low_pct, ci95_high_pct, is_suppressed
        FROM marts.fct_research_transfer_impact ORDER BY group_code
        """,
    )
    table(
        "Tác động chuyển giao",
        "Tác động của chuyển giao kết quả nghiên cứu đến năng suất lao động doanh nghiệp "
        "(khác biệt kép)",
        [
            "Nhóm",
            "Số DN tiếp nhận",
            "Số DN đối chứng",
            "Từ năm",
            "Đến năm",
            "Tác động (%)",
            "KTC 95% thấp (%)",
            "KTC 95% cao (%)",
            "Không công bố",
        ],
        [(*r[:8], "Có" if r[8] else "Không") for r in impact],
    )

    notes = workbook.add_worksheet("Ghi chú")
    minimum, dominance_n, dominance_k = (
        parameter(name)
        for name in (
            "disclosure_min_enterprises",
            "disclosure_dominance_n",
            "disclosure_dominance_k",
        )
    )
    lines = [
        SYNTHETIC_NOTE,
        "Đánh giá mục tiêu mức: Đạt khi giá trị đạt mục tiêu; Đúng tiến độ khi vượt lộ trình "
        "tuyến tính từ năm gốc đến năm mục tiêu; còn lại Chậm tiến độ.",
        "Đánh giá mục tiêu tăng trưởng: Đạt khi tăng bình quân từ năm gốc đạt mục tiêu; Đúng tiến "
        "độ khi thấp hơn không quá 1 điểm %; còn lại Chậm tiến độ.",
        f"Ô có dưới {minimum:.0f} doanh nghiệp, hoặc {dominance_n:.0f} doanh nghiệp lớn nhất chiếm "
        f"trên {dominance_k:.0%} giá trị tăng thêm, không được công bố.",
        "Tiền tệ: triệu đồng; giá so sánh năm 2010 khi ghi rõ.",
    ]
    notes.set_column(0, 0, 120)
    for row, line in enumerate(lines):
        notes.write(row, 0, line, bold if row == 0 else None)
    workbook.close()
    os.replace(partial, path)
    return counts
